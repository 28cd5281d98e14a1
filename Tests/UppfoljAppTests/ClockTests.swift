import Foundation
import TerminalKit
import XCTest
import AppTestSupport
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 12, item 12: the workbench takes the time from one injected clock per message, so the
/// day moves on at midnight while it runs; new events get their ids from one injected source.
final class ClockTests: XCTestCase {
    /// A moment in the machine's local time (the app's days are local days).
    func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Timestamp {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        parts.tm_isdst = -1
        return Timestamp(secondsSinceEpoch: Int64(mktime(&parts)))
    }

    func testTheDayMovesOnAtMidnightWhileTheWorkbenchRuns() {
        let clock = ManualClock(local(2024, 6, 1, 23, 59, 50))
        let ids = CountingIDs()
        let env = AppEnvironment(catalogue: Fixture.catalogue, clock: clock, ids: ids, worker: "hl01")
        var d = Driver(env: env)
        XCTAssertTrue(text(d.frame()).contains("2024-06-01"))
        d.openCase("T-1")

        let afterMidnight = local(2024, 6, 2, 0, 0, 10)
        clock.set(afterMidnight)
        d.press(.home, .down, .down)                        // the intervention start (id 3)
        XCTAssertTrue(text(d.frame()).contains("2024-06-02"), "the status line shows the new day")

        // A correction is dated the day it is made: today, after midnight, is not "in the future".
        d.press(.char("r"), .right, .enter)
        XCTAssertEqual(d.state.topForm?.kind, .retract(target: EventID(high: 0xAB, low: 3)))
        d.choose(FormEngine.correctionReasonId, CorrectionReason.duplicate)
        d.press(.function(2))
        guard let event = d.appended.last else {
            return XCTFail("not saved: \(text(d.frame()))")
        }
        XCTAssertEqual(event.effectiveDate, Day(iso: "2024-06-02"))
        XCTAssertEqual(event.recordedAt, afterMidnight)
        XCTAssertEqual(event.id, EventID(high: 0xC1, low: 1), "the id comes from the injected source")
        d.runnerAccepts()

        // A new form after midnight defaults to the new day.
        d.press(.char("t"))
        XCTAssertEqual(d.state.topForm?.values.text(.date), "2024-06-02")
    }

    func testTheDueListIsRecomputedWhenTheDayChanges() {
        // T-4 (intake 2024-05-20, no assessment) has its first risk assessment due some days on;
        // moving the clock a year on makes everything overdue without any change to the journal.
        let clock = ManualClock(local(2024, 6, 1, 12, 0, 0))
        let env = AppEnvironment(catalogue: Fixture.catalogue, clock: clock, ids: CountingIDs(), worker: "hl01")
        var d = Driver(env: env)
        let before = d.state.index.dueItems.map(\.kind)
        clock.set(local(2025, 6, 1, 12, 0, 0))
        d.press(.down)
        XCTAssertNotEqual(d.state.index.dueItems.map(\.kind), before)
        XCTAssertEqual(d.state.today, Day(iso: "2025-06-01"))
    }
}
