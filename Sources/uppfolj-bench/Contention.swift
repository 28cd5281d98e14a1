import Foundation
import UppfoljCore
import UppfoljSample
import UppfoljStore

// Latency of a worker's save while several writer processes append to one journal (issue 16):
//
//   swift run -c release uppfolj-bench --contention 8 [--saves 500]
//
// The parent makes an encrypted journal (demo passphrase) in a temporary folder and starts 8
// children (`--contention-writer PATH W SAVES`), each a shared-writer store saving its own cases'
// sample events one by one. A save is timed around `CaseStore.record`: validate, take the lock,
// catch up with the others' appends (verify, decrypt, fold), validate again, seal, durable append,
// unlock. Each child prints its latencies (seconds, JSON); the parent reports p50/p99/max over all.

enum Contention {
    static let (cases, seed, until) = (540, UInt64(16), Day(iso: "2026-06-30")!)

    static func run(writers: Int, saves: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-contention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal").path
        let catalogue = try InstrumentCatalogue.builtIn()
        _ = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, create: true, passphrase: { _ in Passphrase.demo })
        let start = now()
        let children = try (0..<writers).map { worker -> (Process, Pipe) in
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            child.arguments = ["--contention-writer", path, String(worker), String(saves)]
            let pipe = Pipe()
            child.standardOutput = pipe
            try child.run()
            return (child, pipe)
        }
        var samples: [Double] = []
        for (child, pipe) in children {
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            guard child.terminationStatus == 0, let some = try? JSONDecoder().decode([Double].self, from: output) else {
                FileHandle.standardError.write(Data("a writer failed (status \(child.terminationStatus))\n".utf8))
                exit(1)
            }
            samples += some
        }
        let wall = now() - start
        let latency = Latency(samples)
        let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores"
        print(String(format: "contention on %@: %d writers × %d saves in %.2f s (%.0f saves/s); save %@, max %.2f ms",
                     machine, writers, saves, wall, Double(samples.count) / wall, latency.text, (samples.max() ?? 0) * 1000))
    }

    /// One writer: saves its own cases' events (case number % 9 == worker + 1), timing each.
    static func writer(path: String, worker: Int, saves: Int) throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let events = SampleGenerator(cases: cases, seed: seed, until: until, catalogue: catalogue).events()
            .filter { (Int($0.caseCode.split(separator: "-").last ?? "") ?? 0) % 9 == worker + 1 }.prefix(saves)
        let store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, passphrase: { _ in Passphrase.demo },
                                       sharedWriter: true)
        var samples: [Double] = []
        for event in events {
            let start = now()
            let problems = try store.record(event, today: until)
            samples.append(now() - start)
            guard problems.isEmpty else { throw StoreError(Localized(sv: "\(problems)", en: "\(problems)")) }
        }
        FileHandle.standardOutput.write(try JSONEncoder().encode(samples))
    }
}
