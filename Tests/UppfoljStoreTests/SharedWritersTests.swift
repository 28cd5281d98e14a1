import Foundation
import XCTest
import UppfoljCore
import UppfoljJournal
import UppfoljSample
@testable import UppfoljStore
import ChildProcessSupport

/// Issue 16, item 1: several writer processes on one journal at once (`store-kill-probe shared`,
/// a shared-writer store that takes the lock per save). 8 writers each append 500 of their own
/// events and race to retract assessments of a common pool (only the first may: the others must be
/// told, by `StoreConflict` or a refusal). Then the same with SIGKILLs at random moments.
final class SharedWritersTests: XCTestCase {
    static let (cases, seed, until) = (540, UInt64(16), "2026-06-30")
    static let writers = 8, perWriter = 500

    struct Setup {
        let folder: URL
        let path: String
        let targets: Set<EventID>
    }

    /// A new encrypted journal holding the pool cases (case number % 9 == 0).
    func makeJournal() throws -> Setup {
        let catalogue = try InstrumentCatalogue.builtIn()
        let events = SampleGenerator(cases: Self.cases, seed: Self.seed, until: Day(iso: Self.until)!, catalogue: catalogue).events()
        let pool = events.filter { (Int($0.caseCode.split(separator: "-").last ?? "") ?? 1) % 9 == 0 }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-shared-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = folder.appendingPathComponent("journal").path
        let store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, create: true,
                                       passphrase: { _ in Passphrase.demo })
        XCTAssertEqual(try store.importEvents(pool, today: Day(iso: Self.until)!), .imported(pool.count))
        var corrected = Set<EventID>()
        for event in pool { if case .correction(let c) = event.body { corrected.insert(c.target) } }
        let targets = Set(pool.filter { $0.kind == .assessment && !corrected.contains($0.id) }.map(\.id))
        XCTAssertGreaterThan(targets.count, 20)
        return Setup(folder: folder, path: path, targets: targets)
    }

    /// Starts writer `worker`; its output goes to a file of its own (read after it ends).
    func start(_ worker: Int, _ setup: Setup, run: Int, go: URL? = nil, mode: String = "shared") throws -> (Process, URL) {
        let out = setup.folder.appendingPathComponent("out-\(worker)-\(run)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try StoreKillTests.probePath())
        child.arguments = [mode, setup.path, "\(worker)", "\(Self.perWriter)", "\(Self.cases)", "\(Self.seed)", Self.until]
            + (go.map { [$0.path] } ?? [])
        child.standardOutput = try FileHandle(forWritingTo: out)
        child.standardError = try FileHandle(forWritingTo: out)
        try child.run()
        return (child, out)
    }

    struct Outcomes {
        /// Waits for every writer process, reads what each said, and checks that each ended well,
        /// that every writer finished, that no valid append was refused and that nothing else was said.
        static func collect(_ children: [(Process, URL)], writers: Int, perWriter: Int,
                            file: StaticString = #filePath, line: UInt = #line) throws -> Outcomes {
            var outcomes = Outcomes()
            for (worker, (child, out)) in children.enumerated() {
                child.waitUntilExit()
                XCTAssertEqual(child.terminationStatus, 0, "writer \(worker) ended well: \((try? String(contentsOf: out, encoding: .utf8))?.suffix(300) ?? "")",
                               file: file, line: line)
                try outcomes.read(out, worker: worker)
            }
            XCTAssertEqual(outcomes.done, writers, file: file, line: line)
            XCTAssertEqual(outcomes.acked.count, writers * perWriter, "no valid append was refused", file: file, line: line)
            XCTAssertEqual(outcomes.other, [], file: file, line: line)
            return outcomes
        }

        var acked: [EventID] = []
        var won: [EventID] = []
        var conflicts: [(EventID, String)] = []
        var refused: [EventID] = []
        var done = 0
        var other: [String] = []
        /// The forced race (`go` given), per writer: "won", "refused" or "conflict <the worker it named>".
        var forced: [(target: EventID, outcome: String)] = []

        mutating func read(_ url: URL, worker: Int) throws {
            let text = try String(contentsOf: url, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ").map(String.init)
                switch parts.first {
                case "ack": acked.append(EventID(hex: parts[1])!)
                case "won": won.append(EventID(hex: parts[1])!)
                case "conflict":
                    conflicts.append((EventID(hex: parts[1])!, parts[2]))
                    XCTAssertNotEqual(parts[2], "w\(worker)", "a conflict names the other writer")
                case "refused": refused.append(EventID(hex: parts[1])!)
                case "done": done += 1
                case "ready": break
                case "forced":
                    forced.append((EventID(hex: parts[2])!, parts[1] == "conflict" ? "conflict \(parts[3])" : parts[1]))
                    if parts[1] == "conflict" { XCTAssertNotEqual(parts[3], "w\(worker)", "a conflict names the other writer") }
                default: other.append(String(line))
                }
            }
        }
    }

    /// The journal after the run: every acknowledged event exactly once, the chain whole, and each
    /// pool assessment retracted at most once — by the writer told it won.
    func check(_ setup: Setup, _ outcomes: Outcomes) throws -> [Event] {
        let catalogue = try InstrumentCatalogue.builtIn()
        let store = try CaseStore.open(path: setup.path, catalogue: catalogue, readOnly: true, passphrase: { _ in Passphrase.demo })
        let events = try store.allEvents()
        var count: [EventID: Int] = [:]
        for event in events { count[event.id, default: 0] += 1 }
        XCTAssertEqual(count.count, events.count, "no event is in the journal twice")
        let missing = outcomes.acked.filter { count[$0] == nil }
        XCTAssertEqual(missing.count, 0, "acknowledged events lost")
        XCTAssertEqual(Set(outcomes.acked).count, outcomes.acked.count, "no event acknowledged twice")
        var retractions: [EventID: [EventID]] = [:]
        for event in events {
            if case .correction(let c) = event.body, case .retract = c.action, setup.targets.contains(c.target) {
                retractions[c.target, default: []].append(event.id)
            }
        }
        XCTAssertTrue(retractions.values.allSatisfy { $0.count == 1 }, "a pool assessment retracted twice")
        for target in outcomes.won { XCTAssertNotNil(retractions[target], "a won retraction is in the journal") }
        XCTAssertEqual(Set(outcomes.won).count, outcomes.won.count, "two writers were told they won one retraction")
        guard case .success(let verified) = CaseStore.verify(path: setup.path, passphrase: { _ in Passphrase.demo }) else {
            XCTFail("verify failed")
            return events
        }
        XCTAssertNil(verified.fault, "the chain (and the access log) verify")
        return events
    }

    /// In one process, two workers' stores on one journal: a retraction made void meanwhile and a
    /// case code taken meanwhile are refused as conflicts naming the other worker and time; what
    /// the other appended is folded in, and a still-valid save goes through.
    func testAConflictNamesTheOtherWorkerAndWritesNothing() throws {
        let setup = try makeJournal()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: Self.until)!
        func open() throws -> CaseStore {
            try CaseStore.open(path: setup.path, catalogue: catalogue, readOnly: false, passphrase: { _ in Passphrase.demo },
                               sharedWriter: true)
        }
        let a = try open(), b = try open()
        let target = try a.allEvents().first { setup.targets.contains($0.id) }!
        func retraction(by worker: String) -> Event {
            Event(caseCode: target.caseCode, effectiveDate: until, worker: worker,
                  body: .correction(Correction(target: target.id, action: .retract, reason: .duplicate)))
        }
        XCTAssertEqual(try a.record(retraction(by: "hl01"), today: until), [])
        let recordsBefore = b.recordCount
        XCTAssertThrowsError(try b.record(retraction(by: "hl02"), today: until)) { error in
            guard let conflict = error as? StoreConflict else { return XCTFail("expected a conflict, got \(error)") }
            XCTAssertEqual(conflict.others.map(\.worker), ["hl01"])
            XCTAssertTrue(conflict.message.sv.contains("hl01") && conflict.message.en.contains("hl01"))
            XCTAssertEqual(conflict.problems.map(\.code), ["correction.retracted"])
        }
        XCTAssertEqual(b.recordCount, recordsBefore + 1, "B caught up with A's retraction and wrote nothing")
        // Seen now, the same save is an ordinary refusal, not a conflict.
        XCTAssertEqual(try b.record(retraction(by: "hl02"), today: until).map(\.code), ["correction.retracted"])

        // A case code taken meanwhile.
        let intake = SampleGenerator(cases: Self.cases, seed: Self.seed, until: until, catalogue: catalogue).events()
            .first { $0.kind == .intake && (Int($0.caseCode.split(separator: "-").last ?? "") ?? 0) % 9 == 1 }!
        var mine = intake
        mine.worker = "hl01"
        var theirs = intake
        theirs.id = .random()
        theirs.worker = "hl02"
        XCTAssertEqual(try b.record(theirs, today: until), [])
        XCTAssertThrowsError(try a.record(mine, today: until)) { error in
            XCTAssertEqual((error as? StoreConflict)?.others.map(\.worker), ["hl02"])
        }
        XCTAssertEqual(a.projection.eventCount, b.projection.eventCount, "both stores hold the same events")
    }

    /// Every writer first races for one retraction with a view from before anyone wrote (the probe's
    /// "forced" race: all start it once all have opened the journal), so exactly one wins and the
    /// other seven must be told by a `StoreConflict` naming a writer — whatever the timing. The
    /// random retractions that follow race too, but whether they collide depends on the timing.
    func testEightWritersAppendAtOnceAndEveryConflictIsReported() throws {
        let setup = try makeJournal()
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let clock = ContinuousClock.now
        let go = setup.folder.appendingPathComponent("go")
        let children = try (0..<Self.writers).map { try start($0, setup, run: 0, go: go) }
        // Every writer has opened its store (its view: the journal before any of them wrote).
        let readyBy = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < readyBy {
            let ready = children.filter { (_, out) in
                ((try? String(contentsOf: out, encoding: .utf8)) ?? "").split(separator: "\n").contains("ready")
            }
            if ready.count == Self.writers || children.contains(where: { !$0.0.isRunning }) { break }
            usleep(5_000)
        }
        FileManager.default.createFile(atPath: go.path, contents: nil)
        let outcomes = try Outcomes.collect(children, writers: Self.writers, perWriter: Self.perWriter)
        let seconds = (ContinuousClock.now - clock) / .seconds(1)
        let events = try check(setup, outcomes)
        let attempts = outcomes.won.count + outcomes.conflicts.count + outcomes.refused.count
        let retracted = Set(events.compactMap { e -> EventID? in
            if case .correction(let c) = e.body, setup.targets.contains(c.target) { return c.target }
            return nil
        })
        // Every attempt got an answer; exactly the winners' retractions are in the journal.
        // The forced race: one target, eight attempts, one winner, seven conflicts.
        XCTAssertEqual(outcomes.forced.count, Self.writers, "every writer made the forced retraction")
        XCTAssertEqual(Set(outcomes.forced.map(\.target)).count, 1)
        XCTAssertEqual(outcomes.forced.filter { $0.outcome == "won" }.count, 1, "exactly one writer won the forced race")
        XCTAssertEqual(outcomes.forced.filter { $0.outcome.hasPrefix("conflict w") }.count, Self.writers - 1,
                       "every other writer was told of the conflict, naming a writer")
        if let target = outcomes.forced.first?.target {
            XCTAssertTrue(setup.targets.contains(target))
            XCTAssertEqual(events.filter { if case .correction(let c) = $0.body { c.target == target } else { false } }.count, 1,
                           "the forced target was retracted once")
        }
        XCTAssertEqual(outcomes.won.count + 1, retracted.count, "the random winners' and the forced winner's retractions are in the journal")
        print("shared writers: \(Self.writers)×\(Self.perWriter) events in \(seconds) s; \(attempts) retraction attempts: "
              + "\(outcomes.won.count) won, \(outcomes.conflicts.count) conflicts, \(outcomes.refused.count) refused as already seen; "
              + "forced race: 1 won, \(outcomes.forced.count - 1) conflicts")
    }

    func testEightWritersKilledAtRandomLoseNothing() throws {
        try killAtRandom(mode: "shared")
    }

    /// The same with the workbench's whole save (`record(_:today:access:)`: the event — with the
    /// anchor of the writer's previous entry in the same write — then its access entry under the
    /// log's lock, handed over from the journal's): every acknowledged event is there and has its
    /// entry, each entry names the journal record of its event (count and chain hash), and the
    /// journal and the log still vouch for each other (`verify`).
    func testEightWritersSavingWithAccessEntriesKilledAtRandomLoseNothing() throws {
        let (setup, outcomes, events) = try killAtRandom(mode: "shared-access")
        defer { try? FileManager.default.removeItem(at: setup.folder) }
        let catalogue = try InstrumentCatalogue.builtIn()
        let store = try CaseStore.open(path: setup.path, catalogue: catalogue, readOnly: true, passphrase: { _ in Passphrase.demo })
        let entries = try AccessLog.read(journalPath: setup.path, cipher: store.accessLogCipher).filter { $0.action == .save }
        // The journal's records: which event each data record holds, and every record's chain hash.
        var recordEvent: [Int: Event] = [:], hashes: [ChainHash] = [], anchors = 0
        var remaining = events[...]
        let journal = try Journal.open(path: setup.path, mode: .readOnly)
        try journal.forEachRecord { record in
            hashes.append(record.chainHash)
            if record.kind == .data { recordEvent[record.index] = remaining.popFirst() }
            if record.kind == .meta, JournalAnchors.parse(record.payload) != nil { anchors += 1 }
        }
        journal.close()
        XCTAssertTrue(remaining.isEmpty)
        var saved = Set<EventID>()
        for entry in entries {
            guard let records = entry.journalRecords, let head = entry.journalHead, records >= 1, records <= hashes.count else {
                XCTFail("a save entry without the journal's head: \(entry)")
                continue
            }
            XCTAssertEqual(hashes[records - 1].hex, head, "the entry names the journal's record")
            let event = recordEvent[records - 1]
            XCTAssertEqual(event?.caseCode, entry.caseCode, "the entry's record is its event")
            // Writer k saves the cases whose number % 9 is k + 1, and writes its entries as "wk".
            let number = Int(entry.caseCode?.split(separator: "-").last ?? "") ?? 0
            XCTAssertEqual(entry.worker, "w\(number % 9 - 1)", "the entry is its writer's")
            if let event { XCTAssertTrue(saved.insert(event.id).inserted, "one entry per save") }
        }
        let withoutEntry = outcomes.acked.filter { !saved.contains($0) }
        XCTAssertEqual(withoutEntry.count, 0, "acknowledged saves without their access entry")
        XCTAssertGreaterThan(anchors, Self.writers, "the entries were anchored in the journal")
        print("shared writers with access entries: \(entries.count) save entries, \(anchors) anchors, "
              + "\(outcomes.acked.count) acknowledged saves, each with its entry")
    }

    @discardableResult
    func killAtRandom(mode: String) throws -> (Setup, Outcomes, [Event]) {
        let kills = 200
        let setup = try makeJournal()
        defer { if mode == "shared" { try? FileManager.default.removeItem(at: setup.folder) } }
        var random = SystemRandomNumberGenerator()
        let clock = ContinuousClock.now
        var runs = Array(repeating: 0, count: Self.writers)
        var live = try (0..<Self.writers).map { try start($0, setup, run: 0, mode: mode) }
        var finished = Array(repeating: false, count: Self.writers)
        var outputs: [(Int, URL)] = []
        var killed = 0
        while killed < kills && finished.contains(false) {
            usleep(UInt32.random(in: 0...20_000, using: &random))
            let worker = (0..<Self.writers).filter { !finished[$0] }.randomElement(using: &random)!
            let (child, out) = live[worker]
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            outputs.append((worker, out))
            if child.terminationReason == .uncaughtSignal {
                killed += 1
            } else {
                XCTAssertEqual(child.terminationStatus, 0, "writer \(worker) ended well")
                finished[worker] = true
                continue
            }
            runs[worker] += 1
            live[worker] = try start(worker, setup, run: runs[worker], mode: mode)
        }
        for worker in 0..<Self.writers where !finished[worker] {
            live[worker].0.waitUntilExit()
            XCTAssertEqual(live[worker].0.terminationStatus, 0, "writer \(worker) ended well")
            outputs.append((worker, live[worker].1))
        }
        var outcomes = Outcomes()
        for (worker, out) in outputs { try outcomes.read(out, worker: worker) }
        XCTAssertGreaterThanOrEqual(killed, kills, "the writers were killed \(kills) times before they finished")
        XCTAssertGreaterThanOrEqual(outcomes.done, Self.writers, "every writer finished (a writer killed after done says it again)")
        XCTAssertEqual(outcomes.other, [], "no writer failed")
        let events = try check(setup, outcomes)
        let own = events.filter { (Int($0.caseCode.split(separator: "-").last ?? "") ?? 0) % 9 != 0 }
        XCTAssertEqual(own.count, Self.writers * Self.perWriter, "every writer's events are there once")
        print("shared writers killed (\(mode)): \(killed) kills in \((ContinuousClock.now - clock) / .seconds(1)) s, "
              + "\(outcomes.acked.count) acknowledged, 0 lost (checked), \(outcomes.won.count) retractions won")
        return (setup, outcomes, events)
    }
}
