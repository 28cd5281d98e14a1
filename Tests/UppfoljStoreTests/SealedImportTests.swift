import Foundation
import XCTest
import UppfoljCore
import UppfoljSample
@testable import UppfoljStore

/// An import into a new journal is sealed and framed while it is validated (`NewJournalCheck` with
/// a `NewJournalKey`): what it writes, and that a refused import still writes nothing.
final class SealedImportTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let until = Day(iso: "2026-06-30")!
    var folder: URL!
    var journalPath: String { folder.appendingPathComponent("journal").path }
    let demo: PassphraseSource = { _ in Passphrase.demo }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-sealed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func sample(_ cases: Int) -> [Event] {
        SampleGenerator(cases: cases, seed: 3, until: until, catalogue: catalogue).events()
    }

    /// The events checked in parts, as `uppfolj import` hands over its blocks.
    func check(_ events: [Event], parts: Int = 3, key: NewJournalKey?) -> CaseStore.CheckedImport {
        var check = CaseStore.NewJournalCheck(catalogue: catalogue, today: until, key: key)
        let size = (events.count + parts - 1) / parts
        for start in stride(from: 0, to: events.count, by: size) {
            check.add(Array(events[start ..< min(start + size, events.count)]))
        }
        return check.finish()
    }

    func filesInFolder() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    func testAnImportSealedWhileCheckedIsTheNewJournalsContent() throws {
        let events = sample(150)
        XCTAssertGreaterThan(events.count, 1_000)
        let key = NewJournalKey()
        let checked = check(events, key: key)
        XCTAssertTrue(checked.rejected.isEmpty)
        XCTAssertEqual(checked.batch?.count, events.count)
        XCTAssertEqual(try filesInFolder(), [], "checking creates nothing")

        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true, passphrase: demo,
                                       newJournalKey: key)
        XCTAssertEqual(try store.importEvents(checked), .imported(events.count))
        XCTAssertEqual(store.projection.eventCount, events.count)
        let head = store.headHash
        // A later import into the same store knows the imported ids (read from the projection).
        guard case .rejected(let again) = try store.importEvents([events[events.count / 2]], today: until) else {
            return XCTFail("an imported id was taken again")
        }
        XCTAssertTrue(again[0].1.contains { $0.code == "event.duplicateId" })

        let reopened = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: demo)
        XCTAssertEqual(try reopened.allEvents(), events)
        XCTAssertEqual(reopened.headHash, head)
        guard case .success(let verified) = CaseStore.verify(path: journalPath, passphrase: demo) else { return XCTFail("verify") }
        XCTAssertNil(verified.fault)
        XCTAssertEqual(verified.events, events.count)
        XCTAssertTrue(verified.encrypted && verified.contentChecked)
    }

    /// Records sealed for one key are not written into a journal with another (or none): the events
    /// are opened from them and validated again, and the journal holds them under its own key.
    func testAStoreThatIsNotTheOnePreparedForValidatesAgain() throws {
        let events = sample(40)
        let checked = check(events, key: NewJournalKey())
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true, passphrase: demo)
        XCTAssertEqual(try store.importEvents(checked), .imported(events.count))
        XCTAssertEqual(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: demo).allEvents(), events)

        let plainPath = folder.appendingPathComponent("plain").path
        let plain = try CaseStore.open(path: plainPath, catalogue: catalogue, readOnly: false, create: true)
        XCTAssertEqual(try plain.importEvents(checked), .imported(events.count))
        XCTAssertEqual(try CaseStore.open(path: plainPath, catalogue: catalogue, readOnly: true).allEvents(), events)
    }

    /// A refused event in the last part: the import is refused with the same problems as an import
    /// checked in one piece, and nothing sealed is kept.
    func testAnEventRefusedNearTheEndLeavesNothingToWrite() throws {
        var events = sample(150)
        let bad = events.count - 2
        events[bad].caseCode = "811218-9876"  // deliberately invalid: the guard must refuse it
        let checked = check(events, parts: 4, key: NewJournalKey())
        let whole = CaseStore.check(events, against: Projection(catalogue: catalogue), today: until).1
        XCTAssertEqual(checked.rejected.map(\.0), whole.map(\.0))
        XCTAssertEqual(checked.rejected.map(\.1), whole.map(\.1))
        XCTAssertTrue(checked.rejected.contains { $0.0 == bad && $0.1.contains { $0.code == "personnummer" } })
        XCTAssertNil(checked.batch)
        XCTAssertEqual(try filesInFolder(), [])

        // Refused in the first part: the later parts are checked (every problem is reported) but not sealed.
        var early = sample(150)
        early[3].caseCode = "811218-9876"
        let refused = check(early, parts: 4, key: NewJournalKey())
        XCTAssertTrue(refused.rejected.contains { $0.0 == 3 })
        XCTAssertNil(refused.batch)
    }

    /// `stopPreparing` (a line could not be read): nothing more is sealed, nothing is kept.
    func testStoppedPreparationKeepsNothing() throws {
        let events = sample(40)
        var check = CaseStore.NewJournalCheck(catalogue: catalogue, today: until, key: NewJournalKey())
        check.add(Array(events[..<200]))
        check.stopPreparing()
        check.add(Array(events[200...]))
        let checked = check.finish()
        XCTAssertTrue(checked.rejected.isEmpty)
        XCTAssertNil(checked.batch)
    }
}
