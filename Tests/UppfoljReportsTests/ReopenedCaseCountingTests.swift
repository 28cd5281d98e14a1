import Foundation
import XCTest
import UppfoljCore
@testable import UppfoljReports

/// Issue 17 item 2: a reopened case (återaktualiserat) counts once per episode — an episode opened
/// in a period is an opened case of that period, with its own closure, interventions and risk —
/// in a rollup built from the journal and in one kept up to date event by event.
final class ReopenedCaseCountingTests: XCTestCase {
    typealias T = IndicatorDefinitionTests

    let builder = ReportBuilder(instruments: T.catalogue, control: try! DisclosureControl(minimumCellSize: 3))

    func reopening(_ date: String, number: UInt64) -> Event {
        let body = T.intake(.victim, .female, born: 1990, honour: .no, children: 0, exposed: .no, violence: [.psychological])
        guard case .intake(let intake) = body else { preconditionFailure() }
        return T.event("E-1", date, .reopening(Reopening(reason: .newViolence, intake: intake)), number: number)
    }

    func journal() -> [Event] {
        [
            T.event("E-1", "2024-11-05", T.intake(.victim, .female, born: 1990, honour: .no, children: 0, exposed: .no,
                                                  violence: [.physical]), number: 1),
            T.event("E-1", "2024-11-10", .interventionStarted(InterventionStart(interventionId: "I1", type: .supportiveTalks)), number: 2),
            T.event("E-1", "2024-12-01", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed)), number: 3),
            T.event("E-1", "2024-12-15", T.closure(.planned, .stopped, survey: nil), number: 4),
        ]
    }

    func testEachEpisodeIsACaseOfItsOwnPeriod() throws {
        var events = journal()
        events.append(reopening("2025-02-03", number: 5))
        let projection = Projection(catalogue: T.catalogue, events: events)
        let facts = IndicatorRollup(projection: projection).allFacts
        XCTAssertEqual(facts.map(\.intakeDate), [Day(iso: "2024-11-05")!, Day(iso: "2025-02-03")!])
        XCTAssertEqual(facts.map(\.closureDate), [Day(iso: "2024-12-15")!, nil])
        // The first episode had the intervention; the second has none yet; each its own intake's violence.
        XCTAssertEqual(facts.map(\.interventionCount), [1, 0])
        XCTAssertEqual(facts.map(\.violenceTypes), [[.physical], [.psychological]])

        // Opened: the first episode in 2024Q4, the reopening in 2025Q1; closed in 2024Q4 only.
        XCTAssertEqual(builder.rawCells("opened", facts: facts, period: ReportPeriod("2024Q4")!, asOf: T.asOf)["total"], 1)
        XCTAssertEqual(builder.rawCells("opened", facts: facts, period: ReportPeriod("2025Q1")!, asOf: T.asOf)["total"], 1)
        XCTAssertEqual(builder.rawCells("opened", facts: facts, period: ReportPeriod("2024Q4..2025Q1")!, asOf: T.asOf)["total"], 2)
        XCTAssertEqual(builder.rawCells("kolada-k1-opened", facts: facts, period: ReportPeriod("2025Q1")!, asOf: T.asOf)["total"], 1)
    }

    func testAnIncrementalRollupCountsTheReopeningAndItsRetraction() {
        var projection = Projection(catalogue: T.catalogue, events: journal())
        var live = IndicatorRollup(projection: projection)
        XCTAssertEqual(live.caseCount, 1)
        let reopen = reopening("2025-02-03", number: 5)
        projection.apply(reopen)
        live.refresh("E-1", in: projection)
        XCTAssertEqual(live.caseCount, 2)
        XCTAssertEqual(live.allFacts, IndicatorRollup(projection: projection).allFacts)
        let retract = T.event("E-1", "2025-02-04", .correction(Correction(target: reopen.id, action: .retract, reason: .wrongCase)),
                              number: 6)
        projection.apply(retract)
        live.refresh("E-1", in: projection)
        XCTAssertEqual(live.caseCount, 1)
        XCTAssertEqual(live.allFacts, IndicatorRollup(projection: projection).allFacts)
        XCTAssertEqual(live.allFacts.first?.closureDate, Day(iso: "2024-12-15"))
    }
}

/// Issue 17 item 4: with several T3 attempts at one point, the figures take the first that reached
/// the client, else the last attempt (whose reason stands).
final class T3AttemptCountingTests: XCTestCase {
    typealias T = IndicatorDefinitionTests

    func t3(_ date: String, reached: Bool, reason: NotReachedReason?, number: UInt64) -> Event {
        var f = FollowUpAfterClosure(reached: reached)
        f.notReachedReason = reason
        if reached { f.newViolence = .yes }
        return T.event("A-1", date, .followUp(f), number: number)
    }

    func facts(_ attempts: [Event]) throws -> CaseFacts {
        var closure = Closure(reason: .planned, goalAttainment: .full)
        closure.followUpConsent = .yes
        let events = [T.event("A-1", "2024-11-05", T.intake(.victim, .female, born: 1990, honour: .no, children: 0, exposed: .no,
                                                            violence: [.physical]), number: 1),
                      T.event("A-1", "2024-12-15", .closure(closure), number: 2)] + attempts
        return try XCTUnwrap(IndicatorRollup(projection: Projection(catalogue: T.catalogue, events: events)).allFacts.first)
    }

    func testTheReachedAttemptCountsElseTheLast() throws {
        let reached = try facts([t3("2025-06-16", reached: false, reason: .noAnswer, number: 3),
                                 t3("2025-06-20", reached: true, reason: nil, number: 4)])
        XCTAssertEqual(reached.t3Reached, true)
        XCTAssertEqual(reached.t3Date, Day(iso: "2025-06-20"))
        XCTAssertEqual(reached.t3NewViolence, .yes)
        let notReached = try facts([t3("2025-06-16", reached: false, reason: .noAnswer, number: 3),
                                    t3("2025-06-20", reached: false, reason: .declined, number: 4)])
        XCTAssertEqual(notReached.t3Reached, false)
        XCTAssertEqual(notReached.t3NotReachedReason, .declined)
        XCTAssertEqual(notReached.t3Date, Day(iso: "2025-06-20"))
    }
}
