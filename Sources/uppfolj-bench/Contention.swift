import Foundation
import UppfoljCore
import UppfoljJournal
import UppfoljSample
import UppfoljStore

// Latency of a worker's save while several writer processes append to one journal (issue 16):
//
//   swift run -c release uppfolj-bench --contention 8 [--saves 500] [--lock block|poll|both]
//                                       [--rounds R] [--access-log [old|new|both]] [--access-entries N]
//
// The parent makes an encrypted journal (demo passphrase) in a temporary folder and starts 8
// children (`--contention-writer PATH W SAVES LOCK ACCESS`), each a shared-writer store saving its own cases'
// sample events one by one. A save is timed around `CaseStore.record`: validate, take the lock,
// catch up with the others' appends (verify, decrypt, fold), validate again, seal, durable append,
// unlock. With `--access-log` it is the worker's whole save, event and access entry, as the
// workbench makes it:
// - `new` (the default): `CaseStore.record(_:today:access:)`, one turn at the journal's lock
//   (the event, with the anchor of this writer's previous entry in the same write), handed over
//   to the kept-open access log's lock for the entry: two syncs;
// - `old`: as before issue 16's last latency work, `record` and then `logAccess` with the access
//   log reopened (and read from its start) for every entry: two turns at the journal's lock, the
//   entry and its anchor, three syncs;
// - `both` alternates them, each round on a journal of its own, so both see the same load.
// `--access-entries N` first fills the access log with N entries (one batch), to show whether
// the save's cost grows with the log.
// Each child prints its latencies and how much of each was spent waiting for the locks (seconds,
// JSON); the parent reports p50/p99/max over all, with the load average.
//
// `--lock both` alternates the lock wait of before issue 16's latency work (poll: try, sleep
// 0.1 → 2 ms, try again) and today's (block: the waiter sleeps in flock until the lock is free)
// for `--rounds` rounds, each on a journal of its own, so both see the same machine load.

enum Contention {
    static let (cases, seed, until) = (540, UInt64(16), Day(iso: "2026-06-30")!)

    /// `accessLogs`: "-" (the store's save only), "old", "new".
    static func run(writers: Int, saves: Int, locks: [String], rounds: Int, accessLogs: [String], accessEntries: Int) throws {
        for round in 1...rounds {
            for lock in locks {
                for accessLog in accessLogs {
                    try runOnce(writers: writers, saves: saves, lock: lock, accessLog: accessLog, accessEntries: accessEntries, round: round)
                }
            }
        }
    }

    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func runOnce(writers: Int, saves: Int, lock: String, accessLog: String, accessEntries: Int, round: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-contention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal").path
        let catalogue = try InstrumentCatalogue.builtIn()
        // A session writer: released (with the journal's lock) when this function returns.
        func make() throws {
            let made = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, create: true, passphrase: { _ in Passphrase.demo })
            guard accessEntries > 0 else { return }
            let entries = (0..<accessEntries).map {
                AccessRecord(time: 1_800_000_000 + Int64($0), worker: "w\($0 % 8)", action: .openCase, caseCode: "U2026-\($0 % 540)")
            }
            try AccessLog.appendBatch(entries, journalPath: path, cipher: made.accessLogCipher)
        }
        try make()
        let loadBefore = loadAverage()
        let start = now()
        let children = try (0..<writers).map { worker -> (Process, Pipe) in
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            child.arguments = ["--contention-writer", path, String(worker), String(saves), lock, accessLog]
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
        let what = accessLog == "-" ? "" : " + access log (\(accessLog)\(accessEntries > 0 ? ", \(accessEntries) entries before" : ""))"
        print(String(format: "round %d, lock %@%@: %d writers × %d saves in %.2f s (%.0f saves/s); save %@, max %.2f ms; "
                     + "of which waiting for the lock p50 %.2f ms, p99 %.2f ms, max %.2f ms; load %@ → %@ (%@)",
                     round, lock, what, writers, saves, wall, Double(samples.count) / wall, latency.text,
                     (samples.max() ?? 0) * 1000, wait.p50, wait.p99, (waits.max() ?? 0) * 1000, loadBefore, loadAverage(), machine))
    }

    /// One writer: saves its own cases' events (case number % 9 == worker + 1), timing each.
    static func writer(path: String, worker: Int, saves: Int, lock: String, accessLog: String) throws {
        Journal.lockWait = lock == "poll" ? .polling : .blocking
        CaseStore.keepsAccessLogOpen = accessLog != "old"
        let catalogue = try InstrumentCatalogue.builtIn()
        let events = SampleGenerator(cases: cases, seed: seed, until: until, catalogue: catalogue).events()
            .filter { (Int($0.caseCode.split(separator: "-").last ?? "") ?? 0) % 9 == worker + 1 }.prefix(saves)
        let store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, passphrase: { _ in Passphrase.demo },
                                       sharedWriter: true)
        var samples: [Double] = [], waits: [Double] = []
        for event in events {
            let waitedBefore = store.lockWaitSeconds
            let start = now()
            let entry = AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: "w\(worker)", action: .save,
                                     caseCode: event.caseCode)
            let problems: [Problem]
            switch accessLog {
            case "new":
                problems = try store.record(event, today: until, access: entry)
            case "old":
                problems = try store.record(event, today: until)
                if problems.isEmpty { try store.logAccess(entry) }
            default:
                problems = try store.record(event, today: until)
            }
            samples.append(now() - start)
            waits.append(store.lockWaitSeconds - waitedBefore)
            guard problems.isEmpty else { throw StoreError(Localized(sv: "\(problems)", en: "\(problems)")) }
        }
        try store.anchorAccessLog()
        FileHandle.standardOutput.write(try JSONEncoder().encode([samples, waits]))
    }
}
