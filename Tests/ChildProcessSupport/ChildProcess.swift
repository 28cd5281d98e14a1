import Foundation

/// Helpers for the tests that run a writer in a real child process (the journal's lock and kill
/// tests, the store's kill harness): find the helper executable beside the test bundle, and run
/// it until it has acknowledged some appends, then SIGKILL it at a random moment.
public enum ChildProcess {
    public struct Missing: Error, CustomStringConvertible {
        public let name: String
        public let searched: [String]
        public var description: String { "\(name) is not built next to the tests (searched from \(searched))" }
    }

    /// The path of the executable product `name`, searched upwards from the running test binary.
    public static func executable(named name: String) throws -> String {
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0])]
        #if os(Linux)
        starts.insert(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(), at: 0)
        #endif
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        for start in starts {
            var folder = start.deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent(name).path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        throw Missing(name: name, searched: starts.map(\.path))
    }

    /// The number in the last line "ack N" of a child's output.
    public static func lastAck(in text: String) -> Int? {
        text.split(separator: "\n").last { $0.hasPrefix("ack ") }.flatMap { Int($0.dropFirst(4)) }
    }

    public struct KillRound {
        /// The last acknowledgement the child printed before it died.
        public let lastAck: Int
        /// Whether the child died of the signal (rather than finishing or failing first).
        public let killed: Bool
    }

    /// Starts `path arguments`, reads its "ack N" lines until it has acknowledged beyond
    /// `acknowledged + 1…maxMore` (or stops on its own), waits up to `maxDelay` microseconds — so the
    /// kill mostly lands in the middle of the next append — and SIGKILLs it.
    public static func killDuringAppends(_ path: String, _ arguments: [String], acknowledged: Int, maxMore: Int,
                                         maxDelay: UInt32, using random: inout some RandomNumberGenerator) throws -> KillRound {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: path)
        child.arguments = arguments
        let output = Pipe()
        child.standardOutput = output
        child.standardError = FileHandle.nullDevice
        try child.run()
        let target = acknowledged + Int.random(in: 1...maxMore, using: &random)
        var text = ""
        var lastAck = acknowledged
        while lastAck < target {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
            lastAck = Self.lastAck(in: text) ?? lastAck
        }
        usleep(UInt32.random(in: 0...maxDelay, using: &random))
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return KillRound(lastAck: Self.lastAck(in: text) ?? lastAck, killed: child.terminationReason == .uncaughtSignal)
    }
}
