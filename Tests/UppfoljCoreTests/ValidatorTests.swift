import XCTest
@testable import UppfoljCore

/// One test (at least) per validation rule, each with a passing and a failing input.
final class ValidatorTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let today = Day(iso: "2025-06-30")!
    var validator: Validator { Validator(catalogue: catalogue, today: today) }

    func projection(_ events: Event...) -> Projection {
        var p = Projection(catalogue: catalogue)
        for e in events {
            XCTAssertEqual(validator.validate(e, in: p), [], "fixture event must be valid: \(e.kind)")
            p.apply(e)
        }
        return p
    }

    func codes(_ event: Event, _ p: Projection) -> [String] { validator.validate(event, in: p).map(\.code) }

    func assessment(_ id: String, level: String = "hog", ratingValue: Int? = nil, item: Int = 0) -> Assessment {
        let instrument = catalogue.versions(of: id).last!
        var ratings: [ItemRating] = []
        for (index, it) in instrument.items.enumerated() {
            ratings.append(ItemRating(item: it.id, value: index == item ? (ratingValue ?? it.scale.minimum) : it.scale.minimum,
                                      earlier: instrument.ratesEarlier ? it.scale.minimum : nil))
        }
        let judgements = instrument.judgements.filter(\.required).map { j in
            JudgementValue(judgement: j.id, value: (j.options.first { $0.risk?.rawValue == level } ?? j.options[0]).id)
        }
        return Assessment(instrument: InstrumentRef(id: instrument.id, version: instrument.version), timePoint: .intake,
                          ratings: ratings, judgements: judgements)
    }

    func testValidIntakeAndCaseCodeRules() {
        let empty = Projection(catalogue: catalogue)
        XCTAssertEqual(codes(Fixture.intake("A-1", "2025-01-10"), empty), [])
        XCTAssertEqual(codes(Fixture.intake("", "2025-01-10"), empty), ["caseCode.empty"])
        XCTAssertEqual(codes(Fixture.intake(String(repeating: "x", count: 41), "2025-01-10"), empty), ["caseCode.long"])
        XCTAssertEqual(codes(Fixture.intake("A 1", "2025-01-10"), empty), ["caseCode.characters"])
        XCTAssertEqual(codes(Fixture.intake("Åar-ärende-1", "2025-01-10"), empty), [])
    }

    func testPersonnummerIsRefusedInEveryTextField() {
        let p = projection(Fixture.intake("A-1", "2025-01-10", role: .perpetrator))
        XCTAssertTrue(codes(Fixture.intake("811218-9876", "2025-01-10"), Projection(catalogue: catalogue)).contains("personnummer"))
        var withWorker = Fixture.intake("A-2", "2025-01-10")
        withWorker.worker = "198112189876"
        XCTAssertEqual(codes(withWorker, p), ["personnummer"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-12", .interventionStarted(InterventionStart(interventionId: "8112189876", type: .other))), p),
                       ["personnummer"])
        let comment = Fixture.event("A-1", "2025-01-12", .correction(Correction(target: p["A-1"]!.events[0].id, action: .retract,
                                                                                 reason: .other, comment: "gäller 811218-9876")))
        XCTAssertEqual(codes(comment, p), ["personnummer"])
        // A wrong check digit is not a personnummer and passes.
        XCTAssertEqual(codes(Fixture.intake("811218-9875", "2025-01-10"), Projection(catalogue: catalogue)), [])
    }

    func testFutureDate() {
        let empty = Projection(catalogue: catalogue)
        XCTAssertEqual(codes(Fixture.intake("A-1", "2025-07-01"), empty), ["date.future"])
        XCTAssertEqual(codes(Fixture.intake("A-1", "2025-06-30"), empty), [])
    }

    func testDuplicateCaseCode() {
        let p = projection(Fixture.intake("A-1", "2025-01-10"))
        XCTAssertEqual(codes(Fixture.intake("A-1", "2025-02-10"), p), ["case.duplicate"])
    }

    func testEventOnUnknownCase() {
        XCTAssertEqual(codes(Fixture.event("NOPE", "2025-01-10", .duringFollowUp(DuringFollowUp())), Projection(catalogue: catalogue)),
                       ["case.unknown"])
    }

    func testDateBeforeIntakeAndClosureBeforeIntake() {
        let p = projection(Fixture.intake("A-1", "2025-01-10"))
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-09", .duringFollowUp(DuringFollowUp())), p), ["date.beforeIntake"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-09", .closure(Closure(reason: .planned, goalAttainment: .full))), p), ["closure.beforeIntake"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-10", .closure(Closure(reason: .planned, goalAttainment: .full))), p), [])
    }

    func testFollowUpRules() {
        let p = projection(Fixture.intake("A-1", "2024-01-10"))
        let t3 = FollowUpAfterClosure(reached: true)
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-09-10", .followUp(t3)), p), ["followUp.notClosed"])
        let closed = projection(Fixture.intake("A-1", "2024-01-10"), Fixture.event("A-1", "2024-06-10", .closure(Closure(reason: .planned, goalAttainment: .partly))))
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-06-01", .followUp(t3)), closed), ["followUp.beforeClosure"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-12-10", .followUp(t3)), closed), [])
        var notReached = FollowUpAfterClosure(reached: false)
        notReached.newViolence = .yes
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-12-10", .followUp(notReached)), closed), ["followUp.notReached"])
        let done = projection(Fixture.intake("A-1", "2024-01-10"), Fixture.event("A-1", "2024-06-10", .closure(Closure(reason: .planned, goalAttainment: .partly))),
                              Fixture.event("A-1", "2024-12-10", .followUp(t3)))
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-12-11", .followUp(t3)), done), ["followUp.duplicate"])
    }

    func testEventsOnClosedCaseExceptFollowUpAndCorrection() {
        let closure = Fixture.event("A-1", "2024-06-10", .closure(Closure(reason: .planned, goalAttainment: .full)))
        let p = projection(Fixture.intake("A-1", "2024-01-10"), closure)
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-06-11", .duringFollowUp(DuringFollowUp())), p), ["case.closed"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-06-11", .assessment(assessment("utan-metod"))), p), ["case.closed"])
        var amended = Closure(reason: .planned, goalAttainment: .partly)
        amended.violence = .stopped
        XCTAssertEqual(codes(Fixture.event("A-1", "2024-06-12", .correction(Correction(target: closure.id,
            action: .amend(body: .closure(amended), effectiveDate: nil), reason: .wrongValue))), p), [])
    }

    func testPartnerContactOnlyOnPerpetratorCases() {
        let victim = projection(Fixture.intake("V-1", "2025-01-10", role: .victim))
        XCTAssertEqual(codes(Fixture.event("V-1", "2025-02-01", .partnerContact(.asked(consent: .yes))), victim), ["partnerContact.victimCase"])
        let perpetrator = projection(Fixture.intake("P-1", "2025-01-10", role: .perpetrator))
        XCTAssertEqual(codes(Fixture.event("P-1", "2025-02-01", .partnerContact(.asked(consent: .yes))), perpetrator), [])
    }

    func testRatingsOutsideScaleAndUnknownInstrument() {
        let p = projection(Fixture.intake("A-1", "2025-01-10", role: .perpetrator))
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-11", .assessment(assessment("sara"))), p), [])
        let outOfScale = codes(Fixture.event("A-1", "2025-01-11", .assessment(assessment("sara", ratingValue: 3))), p)
        XCTAssertFalse(outOfScale.isEmpty)
        XCTAssertTrue(outOfScale.allSatisfy { $0.hasPrefix("rating") }, "\(outOfScale)")
        var unknown = assessment("sara")
        unknown.instrument = InstrumentRef(id: "sara", version: "9")
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-11", .assessment(unknown)), p), ["instrument.unknownVersion"])
        unknown.instrument = InstrumentRef(id: "nope", version: "1")
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-11", .assessment(unknown)), p), ["instrument.unknown"])
    }

    func testInterventionRules() {
        let start = Fixture.event("A-1", "2025-02-01", .interventionStarted(InterventionStart(interventionId: "I1", type: .supportiveTalks)))
        let p = projection(Fixture.intake("A-1", "2025-01-10"), start)
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-02-02", .interventionStarted(InterventionStart(interventionId: "I1", type: .other))), p),
                       ["intervention.duplicate"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-02-02", .interventionEnded(InterventionEnd(interventionId: "I9", outcome: .completed))), p),
                       ["intervention.unknown"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-01-20", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed))), p),
                       ["intervention.endBeforeStart"])
        XCTAssertEqual(codes(Fixture.event("A-1", "2025-03-01", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed))), p), [])
    }

    func testCorrectionRules() {
        let intake = Fixture.intake("A-1", "2025-01-10")
        let t1 = Fixture.event("A-1", "2025-02-01", .duringFollowUp(DuringFollowUp()))
        let p = projection(intake, t1, Fixture.intake("B-1", "2025-01-10"))
        func correction(_ target: EventID, _ action: Correction.Action, code: String = "A-1") -> Event {
            Fixture.event(code, "2025-03-01", .correction(Correction(target: target, action: action, reason: .wrongValue)))
        }
        XCTAssertEqual(codes(correction(t1.id, .retract), p), [])
        XCTAssertEqual(codes(correction(t1.id, .retract, code: "B-1"), p), ["correction.unknownTarget"])
        XCTAssertEqual(codes(correction(EventID(high: 1, low: 2), .retract), p), ["correction.unknownTarget"])
        XCTAssertEqual(codes(correction(t1.id, .amend(body: .closure(Closure(reason: .other, goalAttainment: .notAssessed)), effectiveDate: nil)), p), ["correction.kindMismatch"])
        XCTAssertEqual(codes(correction(t1.id, .amend(body: .duringFollowUp(DuringFollowUp()), effectiveDate: Day(iso: "2025-01-01"))), p),
                       ["date.beforeIntake"])
        // Moving the intake after the case's first event is refused.
        XCTAssertEqual(codes(correction(intake.id, .amend(body: intake.body, effectiveDate: Day(iso: "2025-02-15"))), p),
                       ["date.afterLaterEvents"])
        let retraction = correction(t1.id, .retract)
        var q = p
        q.apply(retraction)
        XCTAssertEqual(codes(correction(t1.id, .retract), q), ["correction.retracted"])
        XCTAssertEqual(codes(correction(retraction.id, .retract), q), ["correction.nested"])
    }

    func testValidatorReturnsEveryProblemNotOnlyTheFirst() {
        var event = Fixture.intake("811218-9876 x", "2031-01-01")
        event.worker = ""
        let found = Set(codes(event, Projection(catalogue: catalogue)))
        XCTAssertTrue(found.isSuperset(of: ["personnummer", "date.future", "worker.invalid", "caseCode.characters"]), "\(found)")
        for problem in validator.validate(event, in: Projection(catalogue: catalogue)) {
            XCTAssertFalse(problem.message.sv.isEmpty)
            XCTAssertFalse(problem.message.en.isEmpty)
            XCTAssertNotEqual(problem.message.sv, problem.message.en)
        }
    }
}
