import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 17 item 4: several T3 attempts shown as such — in Att göra a T3 that did not reach the
/// client is offered again ("ej nådd, 1 försök – försök igen"), `u` on that row records the next
/// attempt, and the timeline numbers the attempts.
final class T3AttemptsFlowTests: XCTestCase {
    func testANotReachedT3IsOfferedAgainAndTheAttemptsAreNumbered() throws {
        var d = Driver()
        // T-10 (closed 2023-12-01; its T3 was due 2024-06-01, today): the first attempt, not reached.
        d.openCase("T-10")
        d.press(.char("u"))
        d.choose(.reached, FormValues.no)
        d.choose(.notReachedReason, NotReachedReason.noAnswer)
        d.press(.function(2))
        d.runnerAccepts()
        d.press(.char("q"), .tab)
        let row = try XCTUnwrap(d.state.dueList.items.first { $0.caseCode == "T-10" })
        XCTAssertEqual(row.kind, .followUpRetry(months: 6, attempts: 1))
        assertSnapshot(d.frame(), "dueListT3Retry-80x24")
        d.state.dueList.table.selected = d.state.dueList.items.firstIndex(of: row)
        d.press(.char("u"))
        XCTAssertEqual(d.state.topForm?.caseCode, "T-10")
        d.choose(.reached, FormValues.yes)
        d.press(.function(2))
        d.runnerAccepts()
        XCTAssertFalse(d.state.dueList.items.contains { $0.caseCode == "T-10" }, "reached: done")
        d.openCase("T-10")
        let screen = d.frame(120, 40).lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("6 mån efter avslut, försök 1, ej nådd (Inget svar)"), screen)
        XCTAssertTrue(screen.contains("6 mån efter avslut, försök 2, nådd"), screen)
    }
}
