import Foundation
import XCTest

/// Runs the real `uppfolj` binary built next to the test bundle.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// The published demo passphrase in a 0600 file: what the tests' journals are locked with
/// (`uppfolj` gives such journals cheap KDF parameters; see docs/encryption.md).
enum TestPassphrase {
    static let text = "uppfolj-demo"
    static let file: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-test-passphrase-\(getpid())").path
        FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return path
    }()
}

enum Uppfolj {
    static var binary: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments.first { $0.contains(".xctest") } ?? CommandLine.arguments[0])
        var folder = testBinary.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("uppfolj")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        // Fall back to the default build folder of the package.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/uppfolj")
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
                    withoutTerminal: Bool = false, directory: URL? = nil) throws -> CommandResult {
        let process = Process()
        if let directory { process.currentDirectoryURL = directory }
        if withoutTerminal {
            // A new session has no controlling terminal: /dev/tty cannot be opened, as under CI.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--wait", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["UPPFOLJ_PASSPHRASE_FILE"] = TestPassphrase.file
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // stdout through a pipe, stderr into a file: neither can fill up and block the child.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let out = Pipe(), input = Pipe()
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let errData = try Data(contentsOf: errURL)
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs with no passphrase file: commands that need one must say so.
    static func runWithoutPassphrase(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        var env = environment
        env["UPPFOLJ_PASSPHRASE_FILE"] = ""
        return try run(arguments, environment: env, withoutTerminal: true)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// A sample journal (`uppfolj sample … --out FOLDER/s`) in a new temporary folder.
    static func sampleJournal(cases: Int, seed: Int, until: String) throws -> (folder: URL, journal: String) {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("s")
        let sample = try run(["sample", "--cases", String(cases), "--seed", String(seed), "--until", until, "--out", out.path])
        guard sample.status == 0 else { throw Failed(description: "uppfolj sample failed: \(sample.stderr)") }
        return (folder, out.appendingPathComponent("journal").path)
    }

    /// The events of `journal` (`log --json`) as two JSON Lines files: the cases whose intake is
    /// before `before` into `first`, the others into `rest`, each case's events in journal order
    /// (as `import` wants them), so that a test can import a journal in two steps.
    static func splitByIntake(journal: String, before: String, first: String, rest: String) throws {
        let log = try run(["log", journal, "--json"])
        guard log.status == 0 else { throw Failed(description: "uppfolj log failed: \(log.stderr)") }
        let events = try log.stdout.split(separator: "\n").map { line in
            (String(line), try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:])
        }
        let early = Set(events.filter { $0.1["type"] as? String == "intake" && ($0.1["date"] as? String ?? "") < before }
            .compactMap { $0.1["case"] as? String })
        let firstLines = events.filter { early.contains($0.1["case"] as? String ?? "") }.map(\.0)
        let restLines = events.filter { !early.contains($0.1["case"] as? String ?? "") }.map(\.0)
        guard !firstLines.isEmpty, !restLines.isEmpty else { throw Failed(description: "no cases on one side of \(before)") }
        try (firstLines.joined(separator: "\n") + "\n").write(toFile: first, atomically: true, encoding: .utf8)
        try (restLines.joined(separator: "\n") + "\n").write(toFile: rest, atomically: true, encoding: .utf8)
    }
}

/// A test case with a sample journal of its own for each test (60 cases, seed 5, until 2025-12-31)
/// in a temporary folder that is removed afterwards.
class SampleJournalTestCase: XCTestCase {
    var folder: URL!
    var journal: String!

    override func setUp() {
        super.setUp()
        do {
            (folder, journal) = try Uppfolj.sampleJournal(cases: 60, seed: 5, until: "2025-12-31")
        } catch {
            XCTFail("setup failed: \(error)")
        }
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }
}
