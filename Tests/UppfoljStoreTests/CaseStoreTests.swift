import Foundation
import XCTest
import UppfoljCore
import UppfoljSample
@testable import UppfoljStore

final class CaseStoreTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let until = Day(iso: "2026-06-30")!
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    var journalPath: String { folder.appendingPathComponent("journal").path }

    func sample(_ cases: Int, seed: UInt64 = 1) -> [Event] {
        SampleGenerator(cases: cases, seed: seed, until: until, catalogue: catalogue).events()
    }

    func testEverySampleEventPassesValidation() {
        let events = sample(300)
        XCTAssertGreaterThan(events.count, 3000)
        let (_, rejected) = CaseStore.check(events, against: Projection(catalogue: catalogue), today: until)
        XCTAssertTrue(rejected.isEmpty, "\(rejected.prefix(3).map { ($0.0, events[$0.0].kind, $0.1) })")
    }

    func testSampleCoversTheDomain() {
        let projection = Projection(catalogue: catalogue, events: sample(300))
        let cases = projection.activeCases
        XCTAssertEqual(Set(cases.compactMap(\.role)), [.victim, .perpetrator])
        let instruments = Set(cases.flatMap { $0.assessments.map(\.assessment.instrument.id) })
        XCTAssertEqual(instruments, Set(catalogue.instrumentIds))
        XCTAssertTrue(cases.contains { !$0.partnerContacts.isEmpty })
        XCTAssertTrue(cases.contains { $0.closure != nil })
        XCTAssertTrue(cases.contains { !$0.followUps.isEmpty })
        XCTAssertTrue(cases.contains { !$0.standings.isEmpty }, "some corrections")
        XCTAssertTrue(cases.contains(where: \.isHighRisk))
        let years = Set(cases.compactMap { $0.intakeDate?.year })
        XCTAssertGreaterThanOrEqual(years.count, 4)
        XCTAssertFalse(DueList.items(in: projection, today: until).filter {
            if case .followUpOverdue = $0.kind { return true } else { return false }
        }.isEmpty)
    }

    func testSampleIsDeterministic() {
        XCTAssertEqual(sample(50, seed: 9), sample(50, seed: 9))
        XCTAssertNotEqual(sample(50, seed: 9), sample(50, seed: 10))
    }

    func testRecordValidatesAppendsDurablyAndReopens() throws {
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true)
        var intake = Intake(role: .victim)
        intake.sex = .female
        let event = Event(caseCode: "T-1", effectiveDate: until, worker: "hl01", body: .intake(intake))
        XCTAssertEqual(try store.record(event, today: until), [])
        let size = try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as! Int

        // Refused: nothing written.
        let bad = Event(caseCode: "T-1", effectiveDate: until, worker: "hl01", body: .closure(Closure(reason: .planned, goalAttainment: .full)))
        let before = Event(caseCode: "T-1", effectiveDate: until.adding(days: -1), worker: "hl01", body: bad.body)
        XCTAssertEqual(try store.record(before, today: until).map(\.code), ["closure.beforeIntake"])
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as! Int, size)
        XCTAssertEqual(try store.record(bad, today: until), [])
        XCTAssertEqual(store.projection["T-1"]?.status, .closed)

        let reopened = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true)
        XCTAssertEqual(try reopened.allEvents(), try store.allEvents())
        XCTAssertEqual(reopened.projection["T-1"]?.status, .closed)
        XCTAssertEqual(reopened.headHash, store.headHash)
    }

    /// `uppfolj import` into a new journal validates once, before the journal exists, and the new
    /// store appends what was checked; a store that no longer is what was checked validates again.
    func testCheckedImportIntoANewJournal() throws {
        let events = sample(20)
        let checked = CaseStore.checkNewJournal(events, catalogue: catalogue, today: until)
        XCTAssertTrue(checked.rejected.isEmpty)
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true)
        XCTAssertEqual(try store.importEvents(checked), .imported(events.count))
        let reopened = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true)
        XCTAssertEqual(try reopened.allEvents(), events)
        XCTAssertEqual(store.projection.eventCount, events.count)
        XCTAssertEqual(store.projection.caseCodes, reopened.projection.caseCodes)
        XCTAssertEqual(store.projection.activeCases.map(\.status), reopened.projection.activeCases.map(\.status))
        XCTAssertEqual(store.projection.activeCases.map(\.events), reopened.projection.activeCases.map(\.events))

        // The same check once more: the store holds those events now, so they are validated again
        // (and refused: every case already has its intake) and nothing is written.
        let size = try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as! Int
        guard case .rejected(let problems) = try store.importEvents(checked) else { return XCTFail("appended twice") }
        XCTAssertFalse(problems.isEmpty)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as! Int, size)

        var bad = sample(5)
        bad[2].caseCode = "811218-9876"  // deliberately invalid: the guard must refuse it
        let refused = CaseStore.checkNewJournal(bad, catalogue: catalogue, today: until)
        XCTAssertTrue(refused.rejected.contains { $0.0 == 2 && $0.1.contains { $0.code == "personnummer" } })
        // Applied to a store that is not the empty journal it was checked against, a refused check
        // stays refused (its events were not kept: nothing of a refused import is sealed).
        guard case .rejected(let again) = try store.importEvents(refused) else { return XCTFail("appended") }
        XCTAssertTrue(again.contains { $0.0 == 2 && $0.1.contains { $0.code == "personnummer" } })
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as! Int, size)
    }

    func testImportIsAllOrNothing() throws {
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true)
        var events = sample(20)
        let size = try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as! Int
        events[5].caseCode = "811218-9876"  // deliberately invalid: the guard must refuse it
        guard case .rejected(let problems) = try store.importEvents(events, today: until) else { return XCTFail() }
        XCTAssertTrue(problems.contains { $0.0 == 5 && $0.1.contains { $0.code == "personnummer" } })
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as! Int, size)
        XCTAssertEqual(store.projection.eventCount, 0)

        let good = sample(20)
        XCTAssertEqual(try store.importEvents(good, today: until), .imported(good.count))
        XCTAssertEqual(try store.allEvents(), good)
    }

    func testJSONRoundTripGivesAnEqualProjection() throws {
        let events = sample(80)
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true)
        XCTAssertEqual(try store.importEvents(events, today: until), .imported(events.count))
        let lines = try store.allEvents().map(EventJSON.line)
        let decoded = try lines.map { try EventJSON.decodeStrict($0) }
        let copyPath = folder.appendingPathComponent("copy").path
        let copy = try CaseStore.open(path: copyPath, catalogue: catalogue, readOnly: false, create: true)
        XCTAssertEqual(try copy.importEvents(decoded, today: until), .imported(events.count))
        XCTAssertEqual(copy.projection.caseCodes, store.projection.caseCodes)
        for code in store.projection.caseCodes {
            let a = store.projection[code]!, b = copy.projection[code]!
            XCTAssertEqual(a.events, b.events)
            XCTAssertEqual(a.status, b.status)
            XCTAssertEqual(a.isHighRisk, b.isHighRisk)
            XCTAssertEqual(a.timeline(), b.timeline())
            XCTAssertEqual(DueList.items(for: a, today: until), DueList.items(for: b, today: until))
        }
        XCTAssertEqual(copy.headHash, store.headHash)
    }

    func testVerifyDecodesEveryEvent() throws {
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true)
        _ = try store.importEvents(sample(10), today: until)
        guard case .success(let result) = CaseStore.verify(path: journalPath) else { return XCTFail() }
        XCTAssertNil(result.fault)
        XCTAssertEqual(result.cases, 10)
        XCTAssertEqual(result.events, store.projection.eventCount)
    }
}
