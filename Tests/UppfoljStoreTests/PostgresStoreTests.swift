import Foundation
import PostgresTestSupport
import UppfoljCore
import UppfoljJournal
import UppfoljPostgres
import UppfoljSample
@testable import UppfoljStore
import XCTest

/// The store on a PostgreSQL journal (issue 19): several workers' stores on one database, others'
/// appends learnt through LISTEN/NOTIFY, and 8 writer processes through the server at once.
final class PostgresStoreTests: XCTestCase {
    typealias Shared = SharedWritersTests

    /// A database with the schema, holding the encrypted pool of `SharedWritersTests`.
    func makeDatabaseJournal() throws -> Shared.Setup {
        let url = try PostgresTestServer.freshDatabase()
        let connection = try PostgresConnection(url)
        _ = try PostgresSchema.install(on: connection)
        connection.close()
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: Shared.until)!
        let events = SampleGenerator(cases: Shared.cases, seed: Shared.seed, until: until, catalogue: catalogue).events()
        let pool = events.filter { (Int($0.caseCode.split(separator: "-").last ?? "") ?? 1) % 9 == 0 }
        let store = try CaseStore.open(path: url, catalogue: catalogue, readOnly: false, create: true, passphrase: { _ in Passphrase.demo })
        XCTAssertTrue(store.isEncrypted)
        XCTAssertEqual(try store.importEvents(pool, today: until), .imported(pool.count))
        var corrected = Set<EventID>()
        for event in pool { if case .correction(let c) = event.body { corrected.insert(c.target) } }
        let targets = Set(pool.filter { $0.kind == .assessment && !corrected.contains($0.id) }.map(\.id))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-pg-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return Shared.Setup(folder: folder, path: url, targets: targets)
    }

    func testWorkersOnOneDatabaseSeeEachOthersSavesAndConflictsNameTheOther() throws {
        let setup = try makeDatabaseJournal()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: Shared.until)!
        func open(readOnly: Bool = false) throws -> CaseStore {
            try CaseStore.open(path: setup.path, catalogue: catalogue, readOnly: readOnly, passphrase: { _ in Passphrase.demo },
                               sharedWriter: true)
        }
        let a = try open(), b = try open(), watcher = try open(readOnly: true)
        XCTAssertTrue(watcher.isReadOnly)
        let target = try a.allEvents().first { setup.targets.contains($0.id) }!
        func retraction(by worker: String) -> Event {
            Event(caseCode: target.caseCode, effectiveDate: until, worker: worker,
                  body: .correction(Correction(target: target.id, action: .retract, reason: .duplicate)))
        }
        XCTAssertEqual(try watcher.catchUp(), [], "nothing new, nothing read")
        XCTAssertEqual(try a.record(retraction(by: "hl01"), today: until), [])
        // The watcher learns of it from the server's notification (it may take a moment to arrive).
        var touched: [String] = []
        let deadline = Date().addingTimeInterval(10)
        while touched.isEmpty && Date() < deadline {
            touched = try watcher.catchUp()
            if touched.isEmpty { usleep(20_000) }
        }
        XCTAssertEqual(touched, [target.caseCode])

        let recordsBefore = b.recordCount
        XCTAssertThrowsError(try b.record(retraction(by: "hl02"), today: until)) { error in
            guard let conflict = error as? StoreConflict else { return XCTFail("expected a conflict, got \(error)") }
            XCTAssertEqual(conflict.others.map(\.worker), ["hl01"])
        }
        XCTAssertEqual(b.recordCount, recordsBefore + 1, "B caught up with A's retraction and wrote nothing")
        // A read-only store saves nothing (a valid save is refused as read-only), though its
        // database handle could append.
        let other = try a.allEvents().first { setup.targets.contains($0.id) && $0.id != target.id }!
        let valid = Event(caseCode: other.caseCode, effectiveDate: until, worker: "hl03",
                          body: .correction(Correction(target: other.id, action: .retract, reason: .duplicate)))
        let count = watcher.recordCount
        XCTAssertThrowsError(try watcher.record(valid, today: until)) { error in
            XCTAssertTrue("\(error)".contains("read-only"), "\(error)")
        }
        XCTAssertEqual(try PostgresJournal.open(url: setup.path, writes: false).recordCount, count)
        XCTAssertEqual(a.projection.eventCount, b.projection.eventCount)
    }

    /// Opening a store on a database journal reads its rows once: the replay is the chain check
    /// (it used to be a check when the table was opened, then the replay: every row twice).
    func testOpeningAStoreReadsEachRowOnce() throws {
        let setup = try makeDatabaseJournal()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let rows = try XCTUnwrap(Int(try PostgresTestServer.scalar(setup.path, "SELECT count(*) FROM uppfolj_journal")))
        XCTAssertGreaterThan(rows, 500)
        let catalogue = try InstrumentCatalogue.builtIn()
        for readOnly in [true, false] {
            let before = PostgresJournal.journalRowsFetched.load(ordering: .relaxed)
            let store = try CaseStore.open(path: setup.path, catalogue: catalogue, readOnly: readOnly, passphrase: { _ in Passphrase.demo },
                                           sharedWriter: true)
            let fetched = PostgresJournal.journalRowsFetched.load(ordering: .relaxed) - before
            XCTAssertEqual(store.recordCount, rows)
            // The rows once, plus the last row (the open) and the first page the encryption header
            // is read from (64 rows) — not twice the rows.
            XCTAssertLessThanOrEqual(fetched, rows + 1 + 64, "read-only \(readOnly): \(fetched) rows fetched for \(rows)")
            XCTAssertGreaterThanOrEqual(fetched, rows)
        }
    }

    /// 8 writer processes (`store-kill-probe shared`, the same as for a file) through PostgreSQL:
    /// every acknowledged event once, the chain intact, every retraction race answered, and a
    /// watching process (`store-kill-probe watch`, a ninth process LISTENing as a workbench does)
    /// notified of every record appended.
    func testEightWriterProcessesThroughPostgres() throws {
        let setup = try makeDatabaseJournal()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        guard case .database = JournalPlace(setup.path) else { return XCTFail() }
        let probe = try StoreKillTests.probePath()

        // The watching process, started (and listening) before any writer.
        let watchOut = setup.folder.appendingPathComponent("watcher")
        let stop = setup.folder.appendingPathComponent("watcher-stop")
        FileManager.default.createFile(atPath: watchOut.path, contents: nil)
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: probe)
        watcher.arguments = ["watch", setup.path, stop.path]
        watcher.standardOutput = try FileHandle(forWritingTo: watchOut)
        watcher.standardError = try FileHandle(forWritingTo: watchOut)
        try watcher.run()
        defer { if watcher.isRunning { watcher.terminate() } }
        func watcherLines() -> [Substring] {
            ((try? String(contentsOf: watchOut, encoding: .utf8)) ?? "").split(separator: "\n")
        }
        var ready: Int?
        let readyBy = Date().addingTimeInterval(20)
        while ready == nil, watcher.isRunning, Date() < readyBy {
            ready = watcherLines().first { $0.hasPrefix("ready ") }.flatMap { Int($0.dropFirst("ready ".count)) }
            if ready == nil { usleep(10_000) }
        }
        let start = try XCTUnwrap(ready, "the watcher did not start: \(watcherLines())")

        let clock = ContinuousClock.now
        let children = try (0..<Shared.writers).map { worker -> (Process, URL) in
            let out = setup.folder.appendingPathComponent("out-\(worker)")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: probe)
            child.arguments = ["shared", setup.path, "\(worker)", "\(Shared.perWriter)", "\(Shared.cases)", "\(Shared.seed)", Shared.until]
            child.standardOutput = try FileHandle(forWritingTo: out)
            child.standardError = try FileHandle(forWritingTo: out)
            try child.run()
            return (child, out)
        }
        let outcomes = try Shared.Outcomes.collect(children, writers: Shared.writers, perWriter: Shared.perWriter)
        let seconds = (ContinuousClock.now - clock) / .seconds(1)

        let catalogue = try InstrumentCatalogue.builtIn()
        let store = try CaseStore.open(path: setup.path, catalogue: catalogue, readOnly: true, passphrase: { _ in Passphrase.demo })
        let events = try store.allEvents()
        var count: [EventID: Int] = [:]
        for event in events { count[event.id, default: 0] += 1 }
        XCTAssertEqual(count.count, events.count, "no event is in the journal twice")
        XCTAssertEqual(outcomes.acked.filter { count[$0] == nil }.count, 0, "acknowledged events lost")
        var retractions: [EventID: Int] = [:]
        for event in events {
            if case .correction(let c) = event.body, case .retract = c.action, setup.targets.contains(c.target) { retractions[c.target, default: 0] += 1 }
        }
        XCTAssertTrue(retractions.values.allSatisfy { $0 == 1 }, "a pool assessment retracted twice")
        XCTAssertEqual(outcomes.won.count, retractions.count)
        XCTAssertGreaterThan(outcomes.conflicts.count, 0, "some retractions raced and were reported as conflicts")
        let chains = try JournalPlace(setup.path).verifyChains()
        XCTAssertNil(chains.fault)
        XCTAssertEqual(chains.records, store.recordCount)

        // The watching process was notified of every record the writers appended (it waits up to
        // 10 s for the last notifications once told how many records there are).
        try Data("\(store.recordCount)\n".utf8).write(to: stop, options: .atomic)
        watcher.waitUntilExit()
        XCTAssertEqual(watcher.terminationStatus, 0, "\(watcherLines().suffix(5))")
        var notified = IndexSet()
        var notifications = 0
        for line in watcherLines() where line.hasPrefix("notified ") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let first = Int(parts[1]), let last = Int(parts[2]), first <= last else { XCTFail("\(line)"); continue }
            XCTAssertFalse(notified.intersects(integersIn: first..<(last + 1)), "records \(first)-\(last) notified twice")
            notified.insert(integersIn: first..<(last + 1))
            notifications += 1
        }
        XCTAssertEqual(notified, IndexSet(integersIn: start..<store.recordCount), "the records notified to the watching process")
        XCTAssertEqual(watcherLines().last, "done \(store.recordCount)", "the watcher then read and verified them")
        // Every writer's acknowledged save is in a notified record: each record of the journal
        // from `start` on was notified, and every acknowledged event is among them (checked above).
        XCTAssertGreaterThanOrEqual(store.recordCount - start, outcomes.acked.count)
        print("postgres writers: \(Shared.writers)×\(Shared.perWriter) events in \(seconds) s; \(outcomes.won.count) won, "
              + "\(outcomes.conflicts.count) conflicts, \(outcomes.refused.count) refused; \(notified.count) records notified "
              + "to the watching process in \(notifications) notifications")
    }

    /// Faults (issue 19): while one worker's store appends (single saves and batches), the server is
    /// stopped with `pg_ctl stop -m immediate` at random moments and restarted, and the writer's
    /// connections are terminated (`pg_terminate_backend`) mid-work. The writer reports each failure
    /// and carries on when the server is back (retrying the same save: a save whose COMMIT went
    /// through but whose answer was lost is then refused as already there, and counted as saved).
    /// Afterwards: no acknowledged event lost, none twice, no part of a batch without the rest, the
    /// chain whole. 51 faults in the normal suite (34 crashes, 17 terminations), 201 with
    /// UPPFOLJ_LONG_TESTS=1.
    func testServerCrashesAndTerminatedConnectionsLoseNoAcknowledgedEvent() throws {
        let long = ProcessInfo.processInfo.environment["UPPFOLJ_LONG_TESTS"] == "1"
        let faults = long ? 201 : 51
        let cluster = try PrivatePostgresCluster()
        let url = try cluster.journalDatabase()
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-06-30")!
        let events = SampleGenerator(cases: long ? 6_000 : 2_000, seed: 19, until: until, catalogue: catalogue).events()
        let batches: [[Event]] = {
            var out: [[Event]] = []
            var next = 0
            while next < events.count {
                let size = min(events.count - next, [1, 1, 2, 3, 4][out.count % 5])
                out.append(Array(events[next..<next + size]))
                next += size
            }
            return out
        }()

        final class Progress: @unchecked Sendable {
            let lock = NSLock()
            var acked = 0            // batches acknowledged, in order
            var failures: [String] = []
            var problems: [String] = []
            var ready = false, stop = false, finished = false
            func with<T>(_ body: (Progress) -> T) -> T { lock.lock(); defer { lock.unlock() }; return body(self) }
        }
        let progress = Progress()
        let writer = Thread {
            defer { progress.with { $0.finished = true } }
            let store: CaseStore
            do {
                store = try CaseStore.open(path: url, catalogue: catalogue, readOnly: false, create: true,
                                           passphrase: { _ in Passphrase.demo }, sharedWriter: true)
            } catch {
                progress.with { $0.problems.append("open: \(error)") }
                return
            }
            progress.with { $0.ready = true }
            func alreadyThere(_ problems: [Problem]) -> Bool { problems.contains { $0.code == "event.duplicateId" } }
            var index = 0
            while index < batches.count, !progress.with({ $0.stop }) {
                let batch = batches[index]
                do {
                    if batch.count == 1 {
                        let problems = try store.record(batch[0], today: until)
                        guard problems.isEmpty || alreadyThere(problems) else {
                            progress.with { $0.problems.append("batch \(index) refused: \(problems.map(\.code))") }
                            return
                        }
                    } else {
                        switch try store.importEvents(batch, today: until) {
                        case .imported: break
                        case .rejected(let rejected):
                            // Saved before the answer was lost: then every event of it is there.
                            guard rejected.count == batch.count, rejected.allSatisfy({ alreadyThere($0.1) }) else {
                                progress.with { $0.problems.append("batch \(index) partly there or refused: \(rejected.map { ($0.0, $0.1.map(\.code)) })") }
                                return
                            }
                        }
                    }
                    index += 1
                    progress.with { $0.acked = index }
                } catch let conflict as StoreConflict where alreadyThere(conflict.problems) {
                    index += 1
                    progress.with { $0.acked = index }
                } catch {
                    progress.with { $0.failures.append("\(error)") }
                    usleep(20_000)
                }
            }
        }
        writer.start()
        while !progress.with({ $0.ready || $0.finished }) { usleep(10_000) }
        var random = SystemRandomNumberGenerator()
        let admin = PostgresTestServer.url(cluster.url, database: "postgres")
        var crashes = 0, terminations = 0
        let faultClock = ContinuousClock.now
        for fault in 0..<faults {
            usleep(UInt32.random(in: 20_000...250_000, using: &random))
            if fault % 3 == 2 {
                // The writer's connections cut mid-transaction (or wherever they are).
                try PostgresTestServer.superuser(admin, """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname <> 'postgres' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                    """)
                terminations += 1
            } else {
                try cluster.crash()
                usleep(UInt32.random(in: 0...150_000, using: &random))
                try cluster.start()
                crashes += 1
            }
        }
        let faultSeconds = (ContinuousClock.now - faultClock) / .seconds(1)
        // After the last fault the writer carries on: wait for more acknowledgements, then stop it.
        let afterFaults = progress.with { $0.acked }
        XCTAssertLessThan(afterFaults, batches.count, "the writer was still appending when the last fault came")
        let deadline = Date().addingTimeInterval(30)
        while progress.with({ $0.acked < min(afterFaults + 20, batches.count) && !$0.finished }) && Date() < deadline { usleep(10_000) }
        progress.with { $0.stop = true }
        while !progress.with({ $0.finished }) { usleep(10_000) }

        let (acked, failures, problems) = progress.with { ($0.acked, $0.failures, $0.problems) }
        XCTAssertEqual(problems, [])
        XCTAssertGreaterThan(acked, afterFaults, "the writer carried on after the server was back")
        XCTAssertGreaterThan(failures.count, 0, "the faults were reported to the writer")

        let store = try CaseStore.open(path: url, catalogue: catalogue, readOnly: true, passphrase: { _ in Passphrase.demo })
        var count: [EventID: Int] = [:]
        for event in try store.allEvents() { count[event.id, default: 0] += 1 }
        XCTAssertTrue(count.values.allSatisfy { $0 == 1 }, "no event twice")
        for (i, batch) in batches.enumerated() {
            let there = batch.filter { count[$0.id] != nil }.count
            if i < acked { XCTAssertEqual(there, batch.count, "acknowledged batch \(i) lost events") }
            XCTAssertTrue(there == 0 || there == batch.count, "batch \(i) is there in part (\(there) of \(batch.count))")
        }
        let chains = try JournalPlace(url).verifyChains()
        XCTAssertNil(chains.fault)
        print("postgres faults: \(crashes) crashes (pg_ctl stop -m immediate), \(terminations) terminated connections "
              + "in \(faultSeconds) s (\(faultSeconds / Double(faults)) s a fault); "
              + "\(acked) batches acknowledged, \(failures.count) failures reported; e.g. \(failures.first.map { String($0.prefix(160)) } ?? "-")")
    }
}
