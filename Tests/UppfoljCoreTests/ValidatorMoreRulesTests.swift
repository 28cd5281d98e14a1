import XCTest
@testable import UppfoljCore

/// The remaining validation rules, each with a failing and (where it differs) a passing input.
final class ValidatorMoreRulesTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let today = Day(iso: "2025-06-30")!
    var validator: Validator { Validator(catalogue: catalogue, today: today) }

    func build(_ events: [Event]) -> Projection {
        var p = Projection(catalogue: catalogue)
        for e in events {
            XCTAssertEqual(validator.validate(e, in: p), [], "fixture \(e.kind)")
            p.apply(e)
        }
        return p
    }
    func codes(_ e: Event, _ p: Projection) -> [String] { validator.validate(e, in: p).map(\.code) }

    func testIntakeRanges() {
        let empty = Projection(catalogue: catalogue)
        var intake = Intake(role: .victim)
        intake.birthYear = 1890
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-10", .intake(intake)), empty), ["birthYear.range"])
        intake.birthYear = 2026
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-10", .intake(intake)), empty), ["birthYear.range"])
        intake.birthYear = 1990
        intake.childrenInHousehold = 21
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-10", .intake(intake)), empty), ["children.range"])
        intake.childrenInHousehold = 2
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-10", .intake(intake)), empty), [])
    }

    func testSurveyAndFollowUpMonths() {
        let p = build([Fixture.intake("A-1", "2024-01-10"), Fixture.event("A-1", "2024-03-01", .closure(Closure(reason: .planned, goalAttainment: .full)))])
        var t3 = FollowUpAfterClosure(reached: true)
        t3.survey = ClientSurvey(situationImproved: 6)
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-09-01", .followUp(t3)), p), ["survey.range"])
        t3.survey = ClientSurvey(situationImproved: 5)
        t3.monthsAfterClosure = 0
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-09-01", .followUp(t3)), p), ["followUp.months"])
        var closure = Closure(reason: .planned, goalAttainment: .full)
        closure.survey = ClientSurvey(supportImportance: 0)
        let open = build([Fixture.intake("B-1", "2024-01-10")])
        XCTAssertEqual(codes(Fixture.event("B-1", "2024-03-01", .closure(closure)), open), ["survey.range"])
    }

    func testViolenceTypesNeedViolence() {
        let p = build([Fixture.intake("A-1", "2024-01-10", role: .perpetrator)])
        var t1 = DuringFollowUp()
        t1.violenceSinceLast = .no
        t1.violenceTypes = [.physical]
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-02-01", .duringFollowUp(t1)), p), ["violenceTypes.withoutViolence"])
        t1.violenceSinceLast = .yes
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-02-01", .duringFollowUp(t1)), p), [])
        var talk = PartnerConversation()
        talk.newViolenceTypes = [.sexual]
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-02-01", .partnerContact(.conversation(talk))), p), ["violenceTypes.withoutViolence"])
    }

    func testClientEstimateOnlyWhereTheInstrumentAsks() {
        let p = build([Fixture.intake("A-1", "2024-01-10")])
        let instrument = catalogue.versions(of: "utan-metod").last!
        XCTAssertFalse(instrument.asksClientEstimate)
        let j = instrument.judgements[0]
        let a = Assessment(instrument: instrument.ref, timePoint: .intake,
                           judgements: [JudgementValue(judgement: j.id, value: j.options[0].id)], clientEstimate: .high)
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-01-11", .assessment(a)), p), ["clientEstimate.notAsked"])
    }

    func testInterventionEndedTwiceAndIdLength() {
        let p = build([Fixture.intake("A-1", "2024-01-10"),
                       Fixture.event("A-1", "2024-01-11", .interventionStarted(InterventionStart(interventionId: "I1", type: .other))),
                       Fixture.event("A-1", "2024-01-12", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed)))])
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-01-13", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .other))), p),
                       ["intervention.ended"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-01-13", .interventionStarted(InterventionStart(interventionId: "", type: .other))), p),
                       ["identifier.length"])
    }

    func testCorrectionOrderingRules() {
        let closure = Fixture.event("A-1", "2024-03-01", .closure(Closure(reason: .planned, goalAttainment: .full)))
        let t3 = Fixture.event("A-1", "2024-09-01", .followUp(FollowUpAfterClosure(reached: true)))
        let p = build([Fixture.intake("A-1", "2024-01-10"), closure, t3])
        func correct(_ target: Event, _ action: Correction.Action, comment: String? = nil) -> Event {
            Fixture.event("A-1", "2024-10-01", .correction(Correction(target: target.id, action: action, reason: .wrongDate, comment: comment)))
        }
        XCTAssertEqual(codes(correct(closure, .retract), p), ["correction.closureWithFollowUp"])
        XCTAssertEqual(codes(correct(closure, .amend(body: closure.body, effectiveDate: Day(iso: "2024-09-15"))), p), ["closure.afterFollowUp"])
        XCTAssertEqual(codes(correct(closure, .amend(body: closure.body, effectiveDate: Day(iso: "2024-03-05"))), p), [])
        XCTAssertEqual(codes(correct(closure, .retract, comment: String(repeating: "x", count: 501)), p),
                       ["comment.long", "correction.closureWithFollowUp"])

        let start = Fixture.event("B-1", "2024-01-11", .interventionStarted(InterventionStart(interventionId: "I1", type: .groupTreatment)))
        let end = Fixture.event("B-1", "2024-02-11", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed)))
        let intake = Fixture.intake("B-1", "2024-01-10", role: .perpetrator)
        let q = build([intake, start, end, Fixture.event("B-1", "2024-01-20", .partnerContact(.asked(consent: .yes)))])
        XCTAssertEqual(codes(Fixture.event("B-1", "2024-03-01", .correction(Correction(target: start.id, action: .retract, reason: .duplicate))), q),
                       ["correction.interventionWithEnd"])
        guard case .intake(var changed) = intake.body else { return XCTFail() }
        changed.role = .victim
        XCTAssertEqual(codes(Fixture.event("B-1", "2024-03-01", .correction(Correction(target: intake.id,
            action: .amend(body: .intake(changed), effectiveDate: nil), reason: .wrongValue))), q), ["correction.roleWithPartnerContact"])
    }

    func testRetractedCaseAndSchemaVersion() {
        let intake = Fixture.intake("A-1", "2024-01-10")
        var p = build([intake])
        p.apply(Fixture.event("A-1", "2024-01-11", .correction(Correction(target: intake.id, action: .retract, reason: .wrongCase))))
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-01-12", .duringFollowUp(DuringFollowUp())), p), ["case.retracted"])
        var future = Fixture.intake("C-1", "2024-01-10")
        future.schemaVersion = Event.currentSchemaVersion + 1
        XCTAssertEqual(codes(future, Projection(catalogue: catalogue)), ["schema.unsupported"])
    }
}
