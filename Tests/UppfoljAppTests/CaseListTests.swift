import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

final class CaseListTests: XCTestCase {
    func testFiltersCycle() {
        var d = Driver()
        XCTAssertEqual(d.state.caseList.codes, ["T-1", "T-2", "T-3", "T-4", "T-10"], "natural order by code")
        d.press(.char("r"))
        XCTAssertEqual(d.state.caseList.codes, ["T-1", "T-3", "T-4"])
        d.press(.char("r"))
        XCTAssertEqual(d.state.caseList.codes, ["T-2", "T-10"])
        d.press(.char("r"), .char("s"))
        XCTAssertEqual(d.state.caseList.codes, ["T-1", "T-2", "T-4"])
        d.press(.char("s"))
        XCTAssertEqual(d.state.caseList.codes, ["T-3", "T-10"])
        d.press(.char("s"))
        XCTAssertEqual(d.state.caseList.codes, [], "voided (makulerade) cases: none in this journal")
        XCTAssertTrue(text(d.frame()).contains("Status: makulerade"))
        d.press(.char("s"), .char("a"))
        XCTAssertEqual(d.state.caseList.codes, ["T-1", "T-3", "T-4", "T-10"], "only cases with something to do")
        XCTAssertTrue(text(d.frame()).contains("Roll: alla · Status: alla · endast att göra · Sortering: Kod ↑"))
    }

    func testSearchIsIncrementalAndEscClears() {
        var d = Driver()
        d.press(.char("/"))
        XCTAssertEqual(d.state.scope, .search)
        d.type("t-1")
        XCTAssertEqual(d.state.caseList.codes, ["T-1", "T-10"])
        d.type("0")
        XCTAssertEqual(d.state.caseList.codes, ["T-10"])
        d.press(.backspace)
        d.press(.down)                          // arrows still move in the list while searching
        XCTAssertEqual(d.state.caseList.selectedCode, "T-10")
        d.press(.escape)
        XCTAssertEqual(d.state.scope, .caseList)
        XCTAssertEqual(d.state.caseList.codes.count, 5)
        d.press(.char("/"))
        d.type("T-3")
        d.press(.enter)                         // keeps the search
        XCTAssertEqual(d.state.scope, .caseList)
        XCTAssertEqual(d.state.caseList.codes, ["T-3"])
        d.press(.escape)                        // Esc on the list clears a kept search
        XCTAssertEqual(d.state.caseList.codes.count, 5)
    }

    func testSortCyclesColumnsAndReverses() {
        var d = Driver()
        d.press(.char("o"))                     // role
        XCTAssertEqual(d.state.caseList.codes, ["T-1", "T-3", "T-4", "T-2", "T-10"])
        d.press(.char("o"), .char("o"))         // risk: high first
        XCTAssertEqual(d.state.caseList.codes.first, "T-1")
        XCTAssertEqual(d.state.caseList.codes.last, "T-4")
        d.press(.char("o"))                     // opened
        XCTAssertEqual(d.state.caseList.codes, ["T-3", "T-10", "T-1", "T-2", "T-4"])
        d.press(.char("O"))
        XCTAssertEqual(d.state.caseList.codes, ["T-4", "T-2", "T-1", "T-10", "T-3"])
        XCTAssertTrue(text(d.frame()).contains("Sortering: Aktualiserad ↓"))
        d.press(.char("o"), .char("o"))         // next to do: overdue T3 first
        XCTAssertEqual(d.state.caseList.codes, ["T-2", "T-1", "T-4", "T-10", "T-3"], "reversed: nothing to do first, overdue last")
    }

    func testMovingAndOpening() {
        var d = Driver()
        d.press(.char("j"), .char("j"), .char("k"))
        XCTAssertEqual(d.state.caseList.selectedCode, "T-2")
        d.press(.char("G"))
        XCTAssertEqual(d.state.caseList.selectedCode, "T-10")
        d.press(.char("g"), .pageDown)
        XCTAssertEqual(d.state.caseList.selectedCode, "T-10")
        d.press(.enter)
        XCTAssertEqual(d.state.currentCaseCode, "T-10")
        d.press(.escape)
        XCTAssertEqual(d.state.scope, .caseList)
    }

    func testDueListEnterOpensTheCaseAndURefusesNonFollowUpRows() {
        var d = Driver()
        d.press(.tab)
        XCTAssertEqual(d.state.dueList.items.map(\.caseCode), ["T-3", "T-10", "T-4", "T-1"])
        d.press(.down, .down, .char("u"))
        XCTAssertEqual(d.state.scope, .dueList)
        XCTAssertTrue(text(d.frame()).contains("Markerad rad är ingen T3-uppföljning"))
        d.press(.enter)
        XCTAssertEqual(d.state.currentCaseCode, "T-4")
        d.press(.escape, .backTab)
        XCTAssertEqual(d.state.scope, .caseList)
    }

    func testManyCasesOnlyFormatTheVisibleRows() {
        var events: [Event] = []
        for n in 0..<20_000 { events.append(Fixture.intake("K-\(n)", "2024-01-01", id: UInt64(1000 + n))) }
        var d = Driver(Fixture.projection(events))
        let start = ContinuousClock.now
        d.press(.char("G"))
        let frame = d.frame(200, 60)
        let elapsed = ContinuousClock.now - start
        XCTAssertTrue(text(frame).contains("K-19999"))
        XCTAssertLessThan(elapsed, .seconds(2))
    }
}
