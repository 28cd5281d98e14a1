import Foundation
import UppfoljCore
import UppfoljJournal
import UppfoljSample
import UppfoljStore

// Latency of a worker's save while several writer processes append to one journal (issue 16):
//
//   swift run -c release uppfolj-bench --contention 8 [--saves 500] [--lock block|poll|both]
//                                       [--rounds R] [--access-log]
//
// The parent makes an encrypted journal (demo passphrase) in a temporary folder and starts 8
// children (`--contention-writer PATH W SAVES LOCK ACCESS`), each a shared-writer store saving its own cases'
// sample events one by one. A save is timed around `CaseStore.record`: validate, take the lock,
// catch up with the others' appends (verify, decrypt, fold), validate again, seal, durable append,
// unlock; with `--access-log` also the access-log entry the workbench writes after each save
// (`CaseStore.logAccess`: the lock again, the entry, its anchor in the journal). Each child prints its
// latencies and how much of each was spent waiting for the lock (seconds, JSON); the parent
// reports p50/p99/max over all, with the load average.
//
// `--lock both` alternates the lock wait of before issue 16's latency work (poll: try, sleep
// 0.1 → 2 ms, try again) and today's (block: the waiter sleeps in flock until the lock is free)
// for `--rounds` rounds, each on a journal of its own, so both see the same machine load.

enum Contention {
    static let (cases, seed, until) = (540, UInt64(16), Day(iso: "2026-06-30")!)

    static func run(writers: Int, saves: Int, locks: [String], rounds: Int, accessLog: Bool) throws {
        for round in 1...rounds {
            for lock in locks {
                try runOnce(writers: writers, saves: saves, lock: lock, accessLog: accessLog, round: round)
            }
        }
    }

    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func runOnce(writers: Int, saves: Int, lock: String, accessLog: Bool, round: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-contention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal").path
        let catalogue = try InstrumentCatalogue.builtIn()
        _ = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, create: true, passphrase: { _ in Passphrase.demo })
        let loadBefore = loadAverage()
        let start = now()
        let children = try (0..<writers).map { worker -> (Process, Pipe) in
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            child.arguments = ["--contention-writer", path, String(worker), String(saves), lock, accessLog ? "access" : "-"]
            let pipe = Pipe()
            child.standardOutput = pipe
            try child.run()
            return (child, pipe)
        }
        var samples: [Double] = [], waits: [Double] = []
        for (child, pipe) in children {
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            guard child.terminationStatus == 0, let some = try? JSONDecoder().decode([[Double]].self, from: output), some.count == 2 else {
                FileHandle.standardError.write(Data("a writer failed (status \(child.terminationStatus))\n".utf8))
                exit(1)
            }
            samples += some[0]
            waits += some[1]
        }
        let wall = now() - start
        let latency = Latency(samples), wait = Latency(waits)
        let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores"
        print(String(format: "round %d, lock %@%@: %d writers × %d saves in %.2f s (%.0f saves/s); save %@, max %.2f ms; "
                     + "of which waiting for the lock p50 %.2f ms, p99 %.2f ms, max %.2f ms; load %@ → %@ (%@)",
                     round, lock, accessLog ? " + access log" : "", writers, saves, wall, Double(samples.count) / wall, latency.text,
                     (samples.max() ?? 0) * 1000, wait.p50, wait.p99, (waits.max() ?? 0) * 1000, loadBefore, loadAverage(), machine))
    }

    /// One writer: saves its own cases' events (case number % 9 == worker + 1), timing each.
    static func writer(path: String, worker: Int, saves: Int, lock: String, accessLog: Bool) throws {
        Journal.lockWait = lock == "poll" ? .polling : .blocking
        let catalogue = try InstrumentCatalogue.builtIn()
        let events = SampleGenerator(cases: cases, seed: seed, until: until, catalogue: catalogue).events()
            .filter { (Int($0.caseCode.split(separator: "-").last ?? "") ?? 0) % 9 == worker + 1 }.prefix(saves)
        let store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, passphrase: { _ in Passphrase.demo },
                                       sharedWriter: true)
        var samples: [Double] = [], waits: [Double] = []
        for event in events {
            let waitedBefore = store.lockWaitSeconds
            let start = now()
            let problems = try store.record(event, today: until)
            if accessLog && problems.isEmpty {
                try store.logAccess(AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: "w\(worker)", action: .save,
                                                 caseCode: event.caseCode))
            }
            samples.append(now() - start)
            waits.append(store.lockWaitSeconds - waitedBefore)
            guard problems.isEmpty else { throw StoreError(Localized(sv: "\(problems)", en: "\(problems)")) }
        }
        FileHandle.standardOutput.write(try JSONEncoder().encode([samples, waits]))
    }
}
