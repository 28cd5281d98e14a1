import Foundation
import XCTest
import UppfoljCore
import UppfoljJournal
@testable import UppfoljStore

/// Issue 12, item 2: event ids are unique across the whole journal, for single saves and imports
/// alike, so that a correction of one event can never hit another (the probe: a T1 carrying the
/// intake's id, retracted, took the case with it).
final class EventIdUniquenessTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let today = Day(iso: "2026-06-30")!
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-ids-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    var journalPath: String { folder.appendingPathComponent("journal").path }

    func event(_ code: String, _ date: String, _ body: EventBody, id: EventID = .random()) -> Event {
        Event(id: id, caseCode: code, recordedAt: Timestamp(secondsSinceEpoch: 1_780_000_000), effectiveDate: Day(iso: date)!,
              worker: "hl01", body: body)
    }

    func intake(_ code: String, id: EventID = .random()) -> Event {
        var value = Intake(role: .victim)
        value.sex = .female
        return event(code, "2026-01-10", .intake(value), id: id)
    }

    func testAnImportedEventWithTheIdOfASavedOneIsRefusedAndNothingIsWritten() throws {
        let first = intake("T-1")
        let t1 = event("T-1", "2026-02-01", .duringFollowUp(DuringFollowUp()), id: first.id)
        do {
            let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true)
            XCTAssertEqual(try store.record(first, today: today), [])
            let records = store.recordCount
            let other = intake("T-2")
            let outcome = try store.importEvents([other, t1], today: today)
            guard case .rejected(let rejected) = outcome else { return XCTFail("imported: \(outcome)") }
            XCTAssertEqual(rejected.map(\.0), [1], "the line with the taken id is named")
            XCTAssertEqual(rejected.first?.1.map(\.code), ["event.duplicateId"])
            XCTAssertTrue(rejected.first?.1.first?.message.sv.contains(first.id.hex) ?? false)
            XCTAssertEqual(store.recordCount, records, "nothing written")
        }
        // Reopened (the id set is rebuilt from the journal): still refused.
        let reopened = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false)
        guard case .rejected(let again) = try reopened.importEvents([t1], today: today) else { return XCTFail("imported") }
        XCTAssertEqual(again.first?.1.map(\.code), ["event.duplicateId"])
        XCTAssertEqual(reopened.projection["T-1"]?.status, .open)
    }

    func testASavedEventWithATakenIdIsRefusedAcrossCasesAndAfterReopening() throws {
        let first = intake("T-1")
        do {
            let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true)
            XCTAssertEqual(try store.record(first, today: today), [])
            XCTAssertEqual(try store.record(intake("T-2", id: first.id), today: today).map(\.code), ["event.duplicateId"])
            let imported = intake("T-3")
            XCTAssertEqual(try store.importEvents([imported], today: today), .imported(1))
            XCTAssertEqual(try store.record(event("T-1", "2026-02-01", .duringFollowUp(DuringFollowUp()), id: imported.id), today: today)
                .map(\.code), ["event.duplicateId"], "ids from an import are known to later saves")
        }
        let reopened = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false)
        XCTAssertEqual(try reopened.record(event("T-1", "2026-02-01", .duringFollowUp(DuringFollowUp()), id: first.id), today: today)
            .map(\.code), ["event.duplicateId"])
        XCTAssertEqual(try reopened.record(event("T-1", "2026-02-01", .duringFollowUp(DuringFollowUp())), today: today), [])
        XCTAssertEqual(reopened.recordCount, 3)
    }

    func testAnImportIntoANewJournalRefusesAnIdUsedTwiceInTheFile() {
        let first = intake("T-1")
        let checked = CaseStore.checkNewJournal([first, event("T-1", "2026-02-01", .duringFollowUp(DuringFollowUp()), id: first.id)],
                                                catalogue: catalogue, today: today)
        XCTAssertEqual(checked.rejected.map(\.0), [1])
        XCTAssertEqual(checked.rejected.first?.1.map(\.code), ["event.duplicateId"])
    }

    /// A journal written before ids were checked may hold two events with one id: the store opens
    /// it, and a correction of that id is refused (it would name two events), so the case stays.
    func testACorrectionOfAnIdTwoSavedEventsShareIsRefused() throws {
        let shared = EventID.random()
        do {
            let journal = try Journal.open(path: journalPath, mode: .readWrite, create: true)
            for e in [intake("T-1", id: shared), event("T-1", "2026-02-01", .duringFollowUp(DuringFollowUp()), id: shared)] {
                try journal.append(kind: .data, payload: EventBinaryCodec.encode(e))
            }
        }
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false)
        let retract = event("T-1", "2026-03-01", .correction(Correction(target: shared, action: .retract, reason: .wrongValue)))
        XCTAssertEqual(try store.record(retract, today: today).map(\.code), ["correction.ambiguousTarget"])
        XCTAssertEqual(store.projection["T-1"]?.status, .open)
    }
}
