import Foundation

/// `--releases N [--events E]`: what a unit waits for at a release as its release register grows.
/// The real program (`uppfolj` beside this benchmark, release build) makes a sample journal of about
/// E events (`uppfolj sample`, encrypted with the demo passphrase), then exports one period after
/// another — years and quarters of two years, as a unit would over time — until the register holds
/// N releases. At 0 and at checkpoints up to N earlier releases, the export of a year is timed
/// (launch to exit: unlock with the standard KDF, open and verify the journal, replay, the register
/// read and opened, the joint decision with every earlier release, the file written and registered).
enum ReleasesBench {
    static func run(releases: Int, events: Int) throws {
        let program = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("uppfolj")
        guard FileManager.default.isExecutableFile(atPath: program.path) else {
            FileHandle.standardError.write(Data("uppfolj is not built beside the benchmark: swift build -c release --product uppfolj\n".utf8))
            exit(1)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-releases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let passphrase = folder.appendingPathComponent("passphrase")
        try Data("uppfolj-demo\n".utf8).write(to: passphrase)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passphrase.path)

        func uppfolj(_ arguments: [String]) throws -> Double {
            let process = Process()
            process.executableURL = program
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["UPPFOLJ_PASSPHRASE_FILE"] = passphrase.path
            environment["LANG"] = "C.UTF-8"
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            let start = now()
            try process.run()
            let said = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let seconds = now() - start
            guard process.terminationStatus == 0 else {
                FileHandle.standardError.write(Data("uppfolj \(arguments.joined(separator: " ")) failed:\n".utf8) + said)
                exit(1)
            }
            return seconds
        }

        let cases = max(10, Int((Double(events) / 10.8).rounded()))
        let sample = folder.appendingPathComponent("unit")
        print("uppfolj-bench --releases \(releases) --events \(events): \(cases) cases; \(ProcessInfo.processInfo.activeProcessorCount) cores; load \(loadAverage())")
        let made = try uppfolj(["sample", "--cases", String(cases), "--seed", "1", "--until", "2025-12-31", "--out", sample.path])
        let journal = sample.appendingPathComponent("journal").path
        let journalBytes = (try? FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int) ?? 0
        print(String(format: "sample made in %.1f s; journal %.1f MB", made, Double(journalBytes) / 1e6))

        // The periods a unit releases over two years, in turn; the timed export is always the year 2025.
        let periods = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]
        let checkpoints = Set([0, 1, 10, 25, 50, 100].filter { $0 <= releases } + [releases])
        print("earlier releases | export of 2025 (launch → exit) | register")
        var timings: [(Int, Double)] = []
        for earlier in 0...releases {
            guard checkpoints.contains(earlier) else {
                _ = try uppfolj(["export", journal, "--period", periods[earlier % periods.count], "--format", "json", "--out", "-"])
                continue
            }
            let seconds = try uppfolj(["export", journal, "--period", "2025", "--format", "json", "--out", "-"])
            let bytes = (try? FileManager.default.attributesOfItem(atPath: journal + ".releases")[.size] as? Int) ?? 0
            print(String(format: "%16d | %29.2f s | %.1f MB after it", earlier, seconds, Double(bytes) / 1e6))
            timings.append((earlier, seconds))
        }
        if let first = timings.first, let last = timings.last, last.0 > first.0 {
            print(String(format: "growth: %.1f ms per earlier release (from %d to %d releases)",
                         (last.1 - first.1) * 1000 / Double(last.0 - first.0), first.0, last.0))
        }
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(1).joined() ?? "?"
    }
}
