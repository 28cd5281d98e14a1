import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 17 item 4: Att göra is searched by case code as you type, like the case list; the search
/// combines with the filters, Enter keeps it, Esc clears it, and a save keeps the list searched.
final class DueListSearchTests: XCTestCase {
    func codes(_ d: Driver) -> [String] { d.state.dueList.items.map(\.caseCode) }

    func testSearchIsIncrementalAndEscClears() {
        var d = Driver()
        d.press(.tab)
        let all = codes(d)
        XCTAssertEqual(Set(all), ["T-1", "T-3", "T-10", "T-4"])
        d.press(.char("/"))
        XCTAssertEqual(d.state.scope, .search)
        d.type("t-1")
        XCTAssertEqual(Set(codes(d)), ["T-1", "T-10"])
        d.type("0")
        XCTAssertEqual(codes(d), ["T-10"])
        assertSnapshot(d.frame(), "dueListSearch-80x24")
        d.press(.escape)                        // Esc on the search line clears it
        XCTAssertEqual(d.state.scope, .dueList)
        XCTAssertEqual(codes(d), all)
        d.press(.char("/"))
        d.type("T-3")
        d.press(.enter)                         // keeps the search
        XCTAssertEqual(d.state.scope, .dueList)
        XCTAssertEqual(codes(d), ["T-3"])
        d.press(.char("u"))                     // the T3 of the found row
        XCTAssertEqual(d.state.topForm?.caseCode, "T-3")
        d.press(.escape)
        d.press(.escape)                        // Esc on the list clears a kept search
        XCTAssertEqual(codes(d), all)
        // The case list's search is its own.
        XCTAssertTrue(d.state.caseList.query.isEmpty)
    }

    func testSearchCombinesWithTheKindFilter() {
        var d = Driver()
        d.press(.tab, .char("/"))
        d.type("T-1")
        d.press(.enter)
        let searched = d.state.dueList.items
        d.press(.char("f"))                      // T3 rows only
        XCTAssertEqual(d.state.dueList.items.map(\.caseCode), searched.filter {
            if case .openIntervention = $0.kind { return false }
            if case .noRiskAssessment = $0.kind { return false }
            return true
        }.map(\.caseCode))
        XCTAssertTrue(d.state.dueList.items.allSatisfy { $0.caseCode.hasPrefix("T-1") })
    }
}
