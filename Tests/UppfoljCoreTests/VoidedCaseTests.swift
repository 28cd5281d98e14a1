import XCTest
@testable import UppfoljCore

/// Issue 12, item 3: voiding a case (retracting its intake) keeps the case findable, and retracting
/// that voiding restores it. Item 2: a correction names exactly one event.
final class VoidedCaseTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    var validator: Validator { Validator(catalogue: catalogue, today: Fixture.day("2025-12-31")) }

    func codes(_ event: Event, _ p: Projection) -> [String] { validator.validate(event, in: p).map(\.code) }

    func correction(_ target: EventID, _ action: Correction.Action = .retract, date: String = "2025-03-01",
                    reason: CorrectionReason = .wrongCase, comment: String? = nil, worker: String = "hl01") -> Event {
        Fixture.event("A-1", date, .correction(Correction(target: target, action: action, reason: reason, comment: comment)),
                      worker: worker)
    }

    /// Applies `event` after checking that the validator accepts it.
    func accept(_ event: Event, _ p: inout Projection, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(codes(event, p), [], file: file, line: line)
        p.apply(event)
    }

    func testVoidedCaseKeepsItsEventsAndSaysWhoVoidedItWhenAndWhy() {
        var p = Projection(catalogue: catalogue)
        let intake = Fixture.intake("A-1", "2025-01-10")
        accept(intake, &p)
        accept(Fixture.event("A-1", "2025-02-01", .duringFollowUp(DuringFollowUp())), &p)
        let voiding = correction(intake.id, comment: "fel ärende", worker: "hl07")
        accept(voiding, &p)
        let state = p["A-1"]!
        XCTAssertTrue(state.isVoided)
        XCTAssertEqual(state.status, .retracted)
        XCTAssertEqual(state.eventCount, 3)
        XCTAssertEqual(state.voidingCorrection?.id, voiding.id)
        XCTAssertEqual(state.voidingCorrection?.worker, "hl07")
        XCTAssertTrue(p.activeCases.isEmpty, "a voided case counts nowhere")
        // The code stays taken; nothing but the undoing of the voiding is accepted on the case.
        XCTAssertEqual(codes(Fixture.intake("A-1", "2025-03-01"), p), ["case.duplicate"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-03-01", .duringFollowUp(DuringFollowUp())), p), ["case.retracted"])
        XCTAssertEqual(codes(correction(intake.id, .amend(body: intake.body, effectiveDate: nil)), p), ["case.retracted"])
        XCTAssertEqual(codes(correction(voiding.id, .amend(body: intake.body, effectiveDate: nil)), p), ["case.retracted"])
    }

    func testRetractingTheVoidingRestoresTheCaseAsItWas() {
        var p = Projection(catalogue: catalogue)
        let intake = Fixture.intake("A-1", "2025-01-10")
        accept(intake, &p)
        var amended = Intake(role: .victim)
        amended.sex = .female
        amended.birthYear = 1990
        let amend = correction(intake.id, .amend(body: .intake(amended), effectiveDate: nil), reason: .wrongValue)
        accept(amend, &p)
        accept(Fixture.event("A-1", "2025-02-01", .duringFollowUp(DuringFollowUp())), &p)
        let voiding = correction(intake.id)
        accept(voiding, &p)
        XCTAssertTrue(p.activeCases.isEmpty)

        let restore = correction(voiding.id, reason: .wrongValue)
        accept(restore, &p)
        let state = p["A-1"]!
        XCTAssertFalse(state.isVoided)
        XCTAssertEqual(state.status, .open)
        XCTAssertEqual(state.intake?.birthYear, 1990, "the amendment made before the voiding holds again")
        XCTAssertEqual(state.duringFollowUps.count, 1)
        XCTAssertEqual(p.activeCases.map(\.code), ["A-1"])
        XCTAssertEqual(state.standings[voiding.id], .retracted(by: restore.id, reason: .wrongValue))
        XCTAssertEqual(state.standings[intake.id], .amended(by: amend.id, reason: .wrongValue))
        // The restored case takes events again, and can be voided (and restored) again.
        accept(Fixture.event("A-1", "2025-03-02", .duringFollowUp(DuringFollowUp())), &p)
        XCTAssertEqual(codes(correction(voiding.id), p), ["correction.nested"], "an undone voiding is not undone twice")
        let again = correction(intake.id, date: "2025-03-03")
        accept(again, &p)
        XCTAssertTrue(p["A-1"]!.isVoided)
        XCTAssertEqual(p["A-1"]!.voidingCorrection?.id, again.id)
        accept(correction(again.id, date: "2025-03-04"), &p)
        XCTAssertEqual(p["A-1"]!.duringFollowUps.count, 2)
        // Replaying the journal gives the same.
        let replayed = Projection(catalogue: catalogue, events: p["A-1"]!.events)
        XCTAssertEqual(replayed["A-1"]!.status, .open)
        XCTAssertEqual(replayed["A-1"]!.duringFollowUps.count, 2)
    }

    func testOnlyTheVoidingOfAnIntakeCanBeRetracted() {
        var p = Projection(catalogue: catalogue)
        let intake = Fixture.intake("A-1", "2025-01-10")
        accept(intake, &p)
        let t1 = Fixture.event("A-1", "2025-02-01", .duringFollowUp(DuringFollowUp()))
        accept(t1, &p)
        let retraction = correction(t1.id)
        accept(retraction, &p)
        XCTAssertEqual(codes(correction(retraction.id), p), ["correction.nested"])
    }

    /// An older journal may hold two events with one id (before ids were checked across the
    /// journal): a correction of that id is refused instead of hitting both, so the case stays.
    func testACorrectionOfAnIdTwoEventsShareIsRefused() {
        var p = Projection(catalogue: catalogue)
        let intake = Fixture.intake("A-1", "2025-01-10", id: 7)
        p.apply(intake)
        p.apply(Fixture.event("A-1", "2025-02-01", .duringFollowUp(DuringFollowUp()), id: 7))
        XCTAssertEqual(codes(correction(intake.id), p), ["correction.ambiguousTarget"])
    }
}
