import XCTest
@testable import UppfoljCore

final class ProjectionTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()

    func utanMetod(_ level: String) -> EventBody {
        let instrument = catalogue.versions(of: "utan-metod").last!
        let judgement = instrument.judgements[0]
        return .assessment(Assessment(instrument: InstrumentRef(id: instrument.id, version: instrument.version), timePoint: .intake,
                                      judgements: [JudgementValue(judgement: judgement.id,
                                                                  value: judgement.options.first { $0.risk?.rawValue == level }!.id)]))
    }

    func testHighRiskFlagFollowsTheLatestJudgementByDate() {
        var p = Projection(catalogue: catalogue)
        p.apply(Fixture.intake("A-1", "2025-01-10"))
        XCTAssertFalse(p["A-1"]!.isHighRisk)
        p.apply(Fixture.event("A-1", "2025-01-12", utanMetod("hog")))
        XCTAssertTrue(p["A-1"]!.isHighRisk)
        // Recorded later but dated earlier: does not lower the flag.
        p.apply(Fixture.event("A-1", "2025-01-11", utanMetod("lag")))
        XCTAssertTrue(p["A-1"]!.isHighRisk)
        p.apply(Fixture.event("A-1", "2025-02-01", utanMetod("medel")))
        XCTAssertFalse(p["A-1"]!.isHighRisk)
    }

    /// An assessment with the latest version of `instrumentId` whose first risk judgement says `level`.
    func judged(_ instrumentId: String, _ level: RiskLevel) -> EventBody {
        let instrument = catalogue.versions(of: instrumentId).last!
        let judgement = instrument.judgements.first { $0.options.contains { $0.risk == level } }!
        return .assessment(Assessment(instrument: InstrumentRef(id: instrument.id, version: instrument.version), timePoint: .intake,
                                      judgements: [JudgementValue(judgement: judgement.id,
                                                                  value: judgement.options.first { $0.risk == level }!.id)]))
    }

    func testRiskIsTheHighestCurrentJudgementPerInstrumentFamily() {
        var p = Projection(catalogue: catalogue)
        p.apply(Fixture.intake("A-1", "2025-01-10"))
        p.apply(Fixture.event("A-1", "2025-01-12", judged("sara", .medium)))
        // A later PATRIARK "low" does not hide the SARA "medium": different families.
        p.apply(Fixture.event("A-1", "2025-01-20", judged("patriark", .low)))
        XCTAssertEqual(p["A-1"]!.latestRiskAssessment?.riskLevel, .low, "the latest of any instrument (what the list used to show)")
        XCTAssertEqual(p["A-1"]!.highestCurrentRisk?.riskLevel, .medium)
        XCTAssertEqual(p["A-1"]!.highestCurrentRisk?.family, "sara")
        XCTAssertEqual(p["A-1"]!.currentRiskAssessments.map(\.family), ["patriark", "sara"])
        // Within a family the later judgement replaces the earlier one.
        p.apply(Fixture.event("A-1", "2025-02-01", judged("sara", .high)))
        XCTAssertEqual(p["A-1"]!.highestCurrentRisk?.riskLevel, .high)
        XCTAssertTrue(p["A-1"]!.isHighRisk)
        p.apply(Fixture.event("A-1", "2025-03-01", judged("sara", .low)))
        XCTAssertEqual(p["A-1"]!.highestCurrentRisk?.riskLevel, .low)
        XCTAssertFalse(p["A-1"]!.isHighRisk)
    }

    func testClosedCasesAreNotFlaggedHighRisk() {
        var p = Projection(catalogue: catalogue)
        p.apply(Fixture.intake("A-1", "2025-01-10"))
        p.apply(Fixture.event("A-1", "2025-01-12", judged("sara", .high)))
        XCTAssertTrue(p["A-1"]!.isHighRisk)
        p.apply(Fixture.event("A-1", "2025-03-01", .closure(Closure(reason: .planned, goalAttainment: .full))))
        XCTAssertEqual(p["A-1"]!.highestCurrentRisk?.riskLevel, .high, "the judgement stays in the case's history")
        XCTAssertFalse(p["A-1"]!.isHighRisk, "only open cases carry the ! flag")
    }

    func testCorrectionsAmendAndRetractAndTheTimelineShowsBoth() {
        var p = Projection(catalogue: catalogue)
        p.apply(Fixture.intake("A-1", "2025-01-10"))
        let high = Fixture.event("A-1", "2025-01-12", utanMetod("hog"))
        p.apply(high)
        let closure = Fixture.event("A-1", "2025-03-01", .closure(Closure(reason: .planned, goalAttainment: .full)))
        p.apply(closure)
        XCTAssertEqual(p["A-1"]!.status, .closed)

        var corrected = Closure(reason: .planned, goalAttainment: .notMet)
        corrected.violence = .ongoing
        let amend = Fixture.event("A-1", "2025-03-05", .correction(Correction(target: closure.id,
            action: .amend(body: .closure(corrected), effectiveDate: Day(iso: "2025-03-02")), reason: .wrongValue)))
        p.apply(amend)
        XCTAssertEqual(p["A-1"]!.closure?.value.goalAttainment, .notMet)
        XCTAssertEqual(p["A-1"]!.closure?.date, Day(iso: "2025-03-02"))

        let retract = Fixture.event("A-1", "2025-03-06", .correction(Correction(target: high.id, action: .retract, reason: .duplicate)))
        p.apply(retract)
        XCTAssertFalse(p["A-1"]!.isHighRisk)
        XCTAssertTrue(p["A-1"]!.assessments.isEmpty)

        let timeline = p["A-1"]!.timeline()
        XCTAssertEqual(timeline.count, 5)
        XCTAssertEqual(timeline.first { $0.original.id == closure.id }?.standing, .amended(by: amend.id, reason: .wrongValue))
        XCTAssertEqual(timeline.first { $0.original.id == high.id }?.standing, .retracted(by: retract.id, reason: .duplicate))
        if case .closure(let original) = timeline.first(where: { $0.original.id == closure.id })!.original.body {
            XCTAssertEqual(original.goalAttainment, .full, "the journal keeps the original")
        } else { XCTFail() }
    }

    func testRetractingTheIntakeVoidsTheCase() {
        var p = Projection(catalogue: catalogue)
        let intake = Fixture.intake("A-1", "2025-01-10")
        p.apply(intake)
        p.apply(Fixture.event("A-1", "2025-01-11", .correction(Correction(target: intake.id, action: .retract, reason: .wrongCase))))
        XCTAssertEqual(p["A-1"]!.status, .retracted)
        XCTAssertTrue(p.activeCases.isEmpty)
    }

    /// The fold's risk level (read from the packed judgements without unpacking them) is the
    /// instrument's `riskLevel` of the judgements, for every instrument and any mix of known,
    /// unknown and repeated judgements and options.
    func testTheFoldsRiskLevelIsTheInstrumentsRiskLevel() {
        var generator = SystemRandomNumberGenerator()
        for instrument in catalogue.instruments {
            let ref = InstrumentRef(id: instrument.id, version: instrument.version)
            for _ in 0..<60 {
                var given: [JudgementValue] = []
                for _ in 0..<Int.random(in: 0...4, using: &generator) {
                    let judgement = instrument.judgements.randomElement(using: &generator)
                    let id = Int.random(in: 0..<6, using: &generator) == 0 ? "okänd" : judgement?.id ?? "x"
                    let value = Int.random(in: 0..<6, using: &generator) == 0 ? "ingen"
                        : judgement?.options.randomElement(using: &generator)?.id ?? "y"
                    given.append(JudgementValue(judgement: id, value: value))
                }
                let assessment = Assessment(instrument: ref, timePoint: .intake, ratings: [ItemRating(item: "i1", value: 1)],
                                            judgements: given)
                let known = catalogue.riskLevelAndFamily(of: assessment)
                XCTAssertEqual(known?.level, instrument.riskLevel(given), "\(ref) \(given)")
                XCTAssertEqual(known?.family, instrument.family)
            }
        }
        XCTAssertNil(catalogue.riskLevelAndFamily(of: Assessment(instrument: InstrumentRef(id: "okänd", version: "1"), timePoint: .intake)))
    }

    /// Judgement and option ids are compared as Strings are (canonical equivalence), not only byte for byte.
    func testPackedTextIsComparedAsStrings() {
        let pairs = [("hog", "hog"), ("hog", "hög"), ("h\u{F6}g", "ho\u{308}g"), ("K", "\u{212A}"), ("Kalle", "\u{212A}alle"),
                     ("", ""), ("a", ""), ("abc", "abd"), ("\u{C5}", "A\u{30A}"), ("å", "Å")]
        for (a, b) in pairs + pairs.map({ ($1, $0) }) {
            let utf8 = Array(b.utf8)
            XCTAssertEqual(utf8.withUnsafeBytes { InstrumentCatalogue.text(a, is: $0) }, a == b, "\(a) / \(b)")
        }
    }

    func testInterventionsOpenAndEnd() {
        var p = Projection(catalogue: catalogue)
        p.apply(Fixture.intake("A-1", "2025-01-10"))
        p.apply(Fixture.event("A-1", "2025-01-11", .interventionStarted(InterventionStart(interventionId: "I1", type: .supportiveTalks))))
        p.apply(Fixture.event("A-1", "2025-01-12", .interventionStarted(InterventionStart(interventionId: "I2", type: .shelter))))
        p.apply(Fixture.event("A-1", "2025-02-12", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed))))
        XCTAssertEqual(p["A-1"]!.openInterventions.map(\.interventionId), ["I2"])
        XCTAssertEqual(p["A-1"]!.interventions[0].end, Day(iso: "2025-02-12"))
    }
}

final class DueListTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()

    func closedCase(_ code: String, closed: String) -> [Event] {
        [Fixture.intake(code, "2024-01-10"),
         Fixture.event(code, "2024-01-11", .assessment(Assessment(instrument: InstrumentRef(id: "utan-metod",
            version: catalogue.versions(of: "utan-metod").last!.version), timePoint: .intake,
            judgements: [JudgementValue(judgement: catalogue.versions(of: "utan-metod").last!.judgements[0].id,
                                        value: catalogue.versions(of: "utan-metod").last!.judgements[0].options[0].id)]))),
         Fixture.event(code, closed, .closure(Closure(reason: .planned, goalAttainment: .full)))]
    }

    func testFollowUpBecomesDueThenOverdueAfterThirtyDays() {
        let p = Projection(catalogue: catalogue, events: closedCase("A-1", closed: "2024-03-15"))
        let state = p["A-1"]!
        XCTAssertEqual(DueList.items(for: state, today: Day(iso: "2024-08-01")!), [])
        XCTAssertEqual(DueList.items(for: state, today: Day(iso: "2024-09-05")!).map(\.kind), [.followUpUpcoming(months: 6)])
        XCTAssertEqual(DueList.items(for: state, today: Day(iso: "2024-09-15")!).map(\.kind), [.followUpDue(months: 6)])
        XCTAssertEqual(DueList.items(for: state, today: Day(iso: "2024-10-14")!).map(\.kind), [.followUpDue(months: 6)])
        XCTAssertEqual(DueList.items(for: state, today: Day(iso: "2024-10-15")!).map(\.kind), [.followUpOverdue(months: 6)])
        XCTAssertEqual(DueList.items(for: state, today: Day(iso: "2024-10-15")!).first?.date, Day(iso: "2024-09-15"))
    }

    func testDoneFollowUpLeavesTheListAndTwelveMonthsIsConfigurable() {
        var events = closedCase("A-1", closed: "2024-03-15")
        events.append(Fixture.event("A-1", "2024-09-20", .followUp(FollowUpAfterClosure(reached: true))))
        let p = Projection(catalogue: catalogue, events: events)
        XCTAssertEqual(DueList.items(for: p["A-1"]!, today: Day(iso: "2025-06-01")!), [])
        let policy = FollowUpPolicy(monthsAfterClosure: [6, 12])
        XCTAssertEqual(DueList.items(for: p["A-1"]!, today: Day(iso: "2025-06-01")!, policy: policy).map(\.kind), [.followUpOverdue(months: 12)])
    }

    func testOpenInterventionsAndMissingRiskAssessment() {
        var p = Projection(catalogue: catalogue)
        p.apply(Fixture.intake("A-1", "2025-01-10"))
        p.apply(Fixture.event("A-1", "2025-01-11", .interventionStarted(InterventionStart(interventionId: "I1", type: .supportiveTalks))))
        let kinds = DueList.items(in: p, today: Day(iso: "2025-02-01")!).map(\.kind)
        XCTAssertEqual(kinds, [.noRiskAssessment, .openIntervention(id: "I1", type: .supportiveTalks)])
    }
}
