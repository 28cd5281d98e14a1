import XCTest
@testable import UppfoljCore

/// Issue 17 item 4: several T3 attempts. A T3 that did not reach the client (no answer, contact
/// details out of date, other) leaves the point open for another attempt while its window is open;
/// the next attempt is a T3 of its own; once one reaches the client the point is done.
final class T3AttemptTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()

    func closure(_ date: String, id: UInt64) -> Event {
        var c = Closure(reason: .planned, goalAttainment: .full)
        c.followUpConsent = .yes
        return Fixture.event("A-1", date, .closure(c), id: id)
    }

    func attempt(_ date: String, reached: Bool, reason: NotReachedReason? = .noAnswer, attempts: Int? = nil, id: UInt64) -> Event {
        var t3 = FollowUpAfterClosure(reached: reached)
        t3.notReachedReason = reached ? nil : reason
        t3.attempts = attempts
        if reached { t3.newViolence = .no }
        return Fixture.event("A-1", date, .followUp(t3), id: id)
    }

    /// Closed 2024-03-01: T3 (6 months) due 2024-09-01, its window open until 2024-10-01.
    func base() -> [Event] { [Fixture.intake("A-1", "2024-01-10", id: 1), closure("2024-03-01", id: 2)] }

    func due(_ events: [Event], _ today: String) -> [DueItem.Kind] {
        DueList.items(for: Projection(catalogue: catalogue, events: events)["A-1"]!, today: Fixture.day(today)).map(\.kind)
    }

    func validate(_ event: Event, after events: [Event], today: String) -> [String] {
        Validator(catalogue: catalogue, today: Fixture.day(today), now: Timestamp(secondsSinceEpoch: 4_000_000_000))
            .validate(event, in: Projection(catalogue: catalogue, events: events)).map(\.code)
    }

    func testANotReachedT3IsOfferedAgainAndTheNextAttemptIsRecorded() throws {
        var events = base() + [attempt("2024-09-03", reached: false, id: 3)]
        XCTAssertEqual(due(events, "2024-09-10"), [.followUpRetry(months: 6, attempts: 1)])
        let item = try XCTUnwrap(DueList.items(for: Projection(catalogue: catalogue, events: events)["A-1"]!,
                                               today: Fixture.day("2024-09-10")).first)
        XCTAssertEqual(item.date, Fixture.day("2024-09-03"), "dated by the last attempt")
        XCTAssertEqual(item.label.sv, "T3 (6 mån) ej nådd, 1 försök – försök igen")

        let second = attempt("2024-09-12", reached: false, reason: .contactOutdated, attempts: 2, id: 4)
        XCTAssertEqual(validate(second, after: events, today: "2024-09-12"), [], "another attempt is not a duplicate")
        events.append(second)
        XCTAssertEqual(due(events, "2024-09-15"), [.followUpRetry(months: 6, attempts: 3)])

        let third = attempt("2024-09-20", reached: true, id: 5)
        XCTAssertEqual(validate(third, after: events, today: "2024-09-20"), [])
        events.append(third)
        XCTAssertEqual(due(events, "2024-09-21"), [], "reached: the point is done")
        XCTAssertEqual(validate(attempt("2024-09-25", reached: false, id: 6), after: events, today: "2024-09-25"),
                       ["followUp.duplicate"])
    }

    func testNoRetryWhenTheClientDeclinedOrIsNotSafeOrTheWindowEnded() {
        XCTAssertEqual(due(base() + [attempt("2024-09-03", reached: false, reason: .declined, id: 3)], "2024-09-10"), [])
        XCTAssertEqual(due(base() + [attempt("2024-09-03", reached: false, reason: .notSafe, id: 3)], "2024-09-10"), [])
        let noAnswer = base() + [attempt("2024-09-03", reached: false, id: 3)]
        XCTAssertEqual(due(noAnswer, "2024-09-30"), [.followUpRetry(months: 6, attempts: 1)])
        XCTAssertEqual(due(noAnswer, "2024-10-01"), [], "the window is over: not reached stands")
    }

    func testAReopeningEndsTheRetries() {
        var intake = Intake(role: .victim)
        intake.sex = .female
        let events = base() + [attempt("2024-09-03", reached: false, id: 3),
                               Fixture.event("A-1", "2024-09-05", .reopening(Reopening(reason: .clientSeeksSupport, intake: intake)), id: 4)]
        XCTAssertEqual(due(events, "2024-09-10"), [.noRiskAssessment])
    }
}
