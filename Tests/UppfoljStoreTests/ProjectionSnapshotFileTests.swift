import Foundation
import XCTest
@testable import UppfoljCore
import UppfoljJournal
import UppfoljSample
@testable import UppfoljStore

/// The sealed projection snapshot beside an encrypted journal (issue 20 item 2): an open starts from
/// it only when the journal's verified chain passes through where it was made, folds what came
/// after, and gives exactly the projection a replay of the whole journal gives; anything damaged,
/// cut, from another journal or from a state the journal is not in is noticed, ignored and
/// written anew.
final class ProjectionSnapshotFileTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let until = Day(iso: "2026-06-30")!
    let light = KeyDerivation(log2N: 10, blockSize: 8, parallelism: 1)
    var folder: URL!
    var journalPath: String { folder.appendingPathComponent("journal").path }
    var snapshotPath: String { ProjectionSnapshotFile.path(forJournal: journalPath) }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        minimumRecords = ProjectionSnapshotFile.minimumRecords
        ProjectionSnapshotFile.minimumRecords = 0
    }

    private var minimumRecords = 0

    override func tearDownWithError() throws {
        ProjectionSnapshotFile.minimumRecords = minimumRecords
        CaseStore.usesSnapshots = true
        try? FileManager.default.removeItem(at: folder)
    }

    func passphrase(_ text: String = "correct horse battery") -> PassphraseSource { { _ in Passphrase(text) } }

    func sample(_ cases: Int, seed: UInt64 = 7) -> [Event] {
        SampleGenerator(cases: cases, seed: seed, until: until, catalogue: catalogue).events()
    }

    /// The events of the first `cases` cases (and any event of no case), and the rest.
    func split(_ events: [Event], cases: Int) -> (first: [Event], later: [Event]) {
        var seen: [String] = []
        for event in events where !event.caseCode.isEmpty && !seen.contains(event.caseCode) { seen.append(event.caseCode) }
        let first = Set(seen.prefix(cases)).union([""])
        return (events.filter { first.contains($0.caseCode) }, events.filter { !first.contains($0.caseCode) })
    }

    func makeJournal(_ events: [Event], at path: String? = nil, passphrase text: String = "correct horse battery") throws {
        let store = try CaseStore.open(path: path ?? journalPath, catalogue: catalogue, readOnly: false, create: true,
                                       passphrase: passphrase(text), derivation: light)
        XCTAssertEqual(try store.importEvents(events, today: until), .imported(events.count))
    }

    func open(readOnly: Bool = true, path: String? = nil, passphrase text: String = "correct horse battery") throws -> CaseStore {
        try CaseStore.open(path: path ?? journalPath, catalogue: catalogue, readOnly: readOnly, passphrase: passphrase(text),
                           sharedWriter: !readOnly)
    }

    /// The journal replayed whole, without any snapshot: what every open must agree with.
    func replayed(path: String? = nil) throws -> CaseStore {
        CaseStore.usesSnapshots = false
        defer { CaseStore.usesSnapshots = true }
        return try open(path: path)
    }

    func assertSameAsReplay(_ store: CaseStore, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let reference = try replayed()
        XCTAssertTrue(store.projection == reference.projection, "projection differs: \(message)", file: file, line: line)
        XCTAssertEqual(store.eventsHead, reference.eventsHead, message, file: file, line: line)
        XCTAssertEqual(store.accessAnchor, reference.accessAnchor, message, file: file, line: line)
        XCTAssertEqual(store.headHash, reference.headHash, message, file: file, line: line)
    }

    func testAnOpenStartsFromTheSnapshotAndHoldsWhatAReplayHolds() throws {
        try makeJournal(sample(150))
        _ = try open()   // makes the snapshot of the whole journal
        let store = try open()
        XCTAssertEqual(store.snapshotUse, .loaded(records: store.recordCount))
        try assertSameAsReplay(store, "second open")
        XCTAssertGreaterThan(store.projection.cases.count, 100)

        // A writer opened from it refuses an id the journal already holds (ids come from the projection).
        let writer = try open(readOnly: false)
        XCTAssertTrue(writer.snapshotUse.loadedFromSnapshot)
        let existing = try XCTUnwrap(writer.projection.activeCases.first?.events.first)
        guard case .rejected(let problems) = try writer.importEvents([existing], today: until) else {
            return XCTFail("an event with a taken id was imported")
        }
        XCTAssertTrue(problems.flatMap(\.1).contains { $0.code == "event.duplicateId" })

        // An event another writer appended, caught up with before the ids are asked for, is known too.
        let other = try open(readOnly: false)
        XCTAssertTrue(other.snapshotUse.loadedFromSnapshot)
        other.gatherEventIdsInBackground()
        var newer = try XCTUnwrap(other.projection.activeCases.last)
        let extra = Event(id: EventID.random(), caseCode: newer.code, recordedAt: Timestamp(secondsSinceEpoch: 1_780_000_000),
                          effectiveDate: until, worker: "hl01", body: .duringFollowUp(DuringFollowUp()))
        XCTAssertEqual(try writer.importEvents([extra], today: until), .imported(1))
        XCTAssertEqual(try other.catchUp(), [newer.code])
        newer = try XCTUnwrap(other.projection[newer.code])
        guard case .rejected(let again) = try other.importEvents([extra], today: until) else {
            return XCTFail("an event caught up with was imported again")
        }
        XCTAssertTrue(again.flatMap(\.1).contains { $0.code == "event.duplicateId" })
    }

    /// An open from the snapshot keeps the cases' events in the file until one is read (issue 20:
    /// memory that does not scale with history): a reader (`status`, `export`) never reads one, a
    /// writer gathers every event id a chunk at a time without keeping them. What it shows is what
    /// a replay shows, events included.
    func testAReaderKeepsTheEventsInTheSnapshotUntilOneIsRead() throws {
        try makeJournal(sample(150))
        _ = try open()
        let reader = try open()
        XCTAssertEqual(reader.snapshotUse, .loaded(records: reader.recordCount))
        XCTAssertGreaterThan(reader.projection.arena.bytesUsed, 0)
        XCTAssertEqual(reader.projection.arena.bytesInMemory, 0)
        XCTAssertFalse(DueList.items(in: reader.projection, today: until).isEmpty)
        XCTAssertEqual(reader.projection.arena.bytesInMemory, 0, "the due list needs no event")
        let code = try XCTUnwrap(reader.projection.caseCodes.first)
        XCTAssertEqual(reader.projection[code]?.events, try replayed().projection[code]?.events)
        XCTAssertGreaterThan(reader.projection.arena.bytesInMemory, 0)
        try assertSameAsReplay(reader, "a reader's events read back")

        let writer = try open(readOnly: false)
        XCTAssertTrue(writer.snapshotUse.loadedFromSnapshot)
        XCTAssertEqual(writer.projection.arena.bytesInMemory, 0)
        writer.gatherEventIdsInBackground()
        // A taken id is refused (the ids gathered from the events in the file), and the events stay there.
        let reference = try replayed().projection
        let taken = try XCTUnwrap(reference[code]?.events.last)
        let again = Event(id: taken.id, caseCode: "NY-1", recordedAt: Timestamp(secondsSinceEpoch: 1_780_000_000),
                          effectiveDate: until, worker: "hl01", body: reference[code]!.events.first!.body)
        guard case .rejected(let problems) = try writer.importEvents([again], today: until) else {
            return XCTFail("an event with a taken id was imported")
        }
        XCTAssertTrue(problems.flatMap(\.1).contains { $0.code == "event.duplicateId" })
        XCTAssertEqual(writer.projection.arena.bytesInMemory, 0, "the ids were gathered without keeping the events")
    }

    func testOnlyTheRecordsAfterTheSnapshotAreFolded() throws {
        let events = sample(200)
        let (first, later) = split(events, cases: 190)
        try makeJournal(first)
        _ = try open()
        let made = try open().recordCount
        let writer = try open(readOnly: false)
        XCTAssertEqual(try writer.importEvents(later, today: until), .imported(later.count))
        let store = try open()
        XCTAssertEqual(store.snapshotUse, .loaded(records: made), "the tail is small: no new snapshot")
        XCTAssertGreaterThan(store.recordCount, made)
        try assertSameAsReplay(store, "after appends")
        // The records after it grow past a quarter of the journal: the open writes a new one.
        ProjectionSnapshotFile.minimumRecords = 1
        let many = sample(400, seed: 9).map { event -> Event in
            var renamed = event
            renamed.caseCode = "N" + event.caseCode
            return renamed
        }
        XCTAssertEqual(try open(readOnly: false).importEvents(many, today: until), .imported(many.count))
        let grown = try open()
        guard case .written(.loaded) = grown.snapshotUse else { return XCTFail("\(grown.snapshotUse)") }
        XCTAssertEqual(try open().snapshotUse, .loaded(records: grown.recordCount))
    }

    /// Damage of every kind: the open notices, replays the journal, gives the same projection and
    /// writes a good snapshot in its place.
    func testADamagedSnapshotIsNoticedAndRebuilt() throws {
        try makeJournal(sample(120))
        _ = try open()
        let good = try Data(contentsOf: URL(fileURLWithPath: snapshotPath))
        XCTAssertGreaterThan(good.count, 1_000)
        var damages: [(String, Data)] = []
        for position in [0, 9, 20, 60, 120, 160, 178, good.count / 2, good.count - 17, good.count - 1] {
            var flipped = good
            flipped[position] ^= 0x01
            damages.append(("byte \(position) flipped", flipped))
        }
        for length in [0, 7, 170, 178, good.count / 2, good.count - 1] {
            damages.append(("cut to \(length) bytes", good.prefix(length)))
        }
        damages.append(("a byte added", good + Data([0])))
        let partsStart = 8 + ProjectionSnapshotFile.headerLength
        let firstPart = 4 + (partsStart..<partsStart + 4).reversed().reduce(0) { $0 << 8 | Int(good[$1]) }
        damages.append(("the first part again at the end", good + good.subdata(in: partsStart..<partsStart + firstPart)))

        // Another journal's snapshot, under another key.
        let otherPath = folder.appendingPathComponent("other").path
        try makeJournal(sample(120, seed: 8), at: otherPath, passphrase: "another passphrase here")
        _ = try open(path: otherPath, passphrase: "another passphrase here")
        damages.append(("another journal's", try Data(contentsOf: URL(fileURLWithPath: ProjectionSnapshotFile.path(forJournal: otherPath)))))

        for (what, bytes) in damages {
            try bytes.write(to: URL(fileURLWithPath: snapshotPath))
            let headerReadable = ProjectionSnapshotFile.readHeader(journalPath: journalPath) != nil
            let store = try open()
            guard case .written(let before) = store.snapshotUse else {
                XCTFail("\(what): \(store.snapshotUse)")
                continue
            }
            XCTAssertFalse(before.loadedFromSnapshot, what)
            if headerReadable {
                guard case .ignored = before else { XCTFail("\(what): \(before)"); continue }
            } else {
                XCTAssertEqual(before, .none, what)
            }
            try assertSameAsReplay(store, what)
            XCTAssertEqual(try open().snapshotUse, .loaded(records: store.recordCount), "\(what): rebuilt")
        }
    }

    /// An open as of a day (`export --as-of`) starts from the snapshot when it holds nothing
    /// recorded after that day, and replays the journal otherwise; either way it holds exactly the
    /// events recorded by then, and names the head after the last of them.
    func testAnOpenAsOfADayUsesTheSnapshotOnlyWhenItHoldsNothingLater() throws {
        let events = sample(150)
        try makeJournal(events)
        _ = try open()
        let latest = try XCTUnwrap(events.map(\.recordedAt).max())
        func asOf(_ day: Day, snapshots: Bool = true) throws -> CaseStore {
            CaseStore.usesSnapshots = snapshots
            defer { CaseStore.usesSnapshots = true }
            return try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: passphrase(),
                                      recordedThrough: day)
        }
        let after = latest.localDay.adding(days: 3)
        let late = try asOf(after)
        XCTAssertTrue(late.snapshotUse.loadedFromSnapshot, "\(late.snapshotUse)")
        let lateReference = try asOf(after, snapshots: false)
        XCTAssertTrue(late.projection == lateReference.projection)
        XCTAssertEqual(late.eventsHead, lateReference.eventsHead)

        let earlier = events.sorted { $0.recordedAt < $1.recordedAt }[events.count / 2].recordedAt.localDay
        let early = try asOf(earlier)
        guard case .ignored = early.snapshotUse else { return XCTFail("\(early.snapshotUse)") }
        let earlyReference = try asOf(earlier, snapshots: false)
        XCTAssertTrue(early.projection == earlyReference.projection)
        XCTAssertEqual(early.eventsHead, earlyReference.eventsHead)
        XCTAssertLessThan(early.projection.eventCount, late.projection.eventCount)
        // The snapshot as of the earlier day was not written over the whole journal's.
        XCTAssertTrue(try open().snapshotUse.loadedFromSnapshot)
        XCTAssertEqual(try open().projection.eventCount, late.projection.eventCount)
    }

    /// A snapshot made at a state the journal is not in — the journal put back from an earlier
    /// copy, so the snapshot is ahead of it — is not used.
    func testASnapshotAheadOfTheJournalIsNotUsed() throws {
        let (first, later) = split(sample(150), cases: 100)
        try makeJournal(first)
        let earlier = try Data(contentsOf: URL(fileURLWithPath: journalPath))
        XCTAssertEqual(try open(readOnly: false).importEvents(later, today: until), .imported(later.count))
        _ = try open()
        XCTAssertTrue(try open().snapshotUse.loadedFromSnapshot)
        try earlier.write(to: URL(fileURLWithPath: journalPath))
        let store = try open()
        guard case .written(.ignored) = store.snapshotUse else { return XCTFail("\(store.snapshotUse)") }
        try assertSameAsReplay(store, "journal put back")
    }

    /// A temporary file a killed writer left (its process gone) is removed when the next snapshot
    /// is written; one of a writer still running is left to it.
    func testAnAbandonedTemporaryFileIsRemoved() throws {
        try makeJournal(sample(60))
        var gone: Int32 = 4_000_000
        while kill(gone, 0) == 0 || errno != ESRCH { gone -= 1 }
        let abandoned = snapshotPath + ".new-\(gone)-0a1b"
        let running = snapshotPath + ".new-\(getpid())-0a1b"
        for path in [abandoned, running] { XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3]))) }
        try FileManager.default.removeItem(atPath: snapshotPath)
        guard case .written = try open().snapshotUse else { return XCTFail("no snapshot written") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: abandoned))
        XCTAssertTrue(FileManager.default.fileExists(atPath: running))
    }

    /// The snapshot is the owner's alone and holds nothing readable: no case code, no worker id.
    func testTheSnapshotIsSealedAndPrivate() throws {
        let events = sample(80)
        try makeJournal(events)
        _ = try open()
        var info = stat()
        XCTAssertEqual(lstat(snapshotPath, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: snapshotPath))
        for needle in Array(Set(events.map(\.caseCode))).prefix(20) + Array(Set(events.map(\.worker))) {
            XCTAssertNil(bytes.range(of: Data(needle.utf8)), "\(needle) in the snapshot")
        }
    }

    /// A journal written by release 0.4.0 (event schema 1): the mapping of its events into today's
    /// model survives the snapshot.
    func testASchemaOneJournalComesBackFromItsSnapshotAsReplayed() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../GoldenFixtureTests/Fixtures/v1").standardized
        for name in ["journal", "journal.key"] {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: target)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        }
        func openFixture() throws -> CaseStore {
            try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: { _ in Passphrase.demo })
        }
        XCTAssertEqual(try openFixture().snapshotUse, .written(after: .none))
        let store = try openFixture()
        XCTAssertEqual(store.snapshotUse, .loaded(records: store.recordCount))
        CaseStore.usesSnapshots = false
        let reference = try openFixture()
        CaseStore.usesSnapshots = true
        XCTAssertTrue(store.projection == reference.projection)
        XCTAssertEqual(try store.allEvents().count, 3_246)
    }
}
