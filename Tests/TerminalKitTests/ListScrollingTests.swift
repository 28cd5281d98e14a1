import TerminalKit
import XCTest

final class ListScrollingTests: XCTestCase {
    func testUniformRows() {
        XCTAssertEqual(ListScrolling.offset(current: 0, selected: 5, visible: 3, count: 10), 3)
        XCTAssertEqual(ListScrolling.offset(current: 3, selected: 4, visible: 3, count: 10), 3)
        XCTAssertEqual(ListScrolling.offset(current: 3, selected: 1, visible: 3, count: 10), 1)
        XCTAssertEqual(ListScrolling.offset(current: 9, selected: nil, visible: 3, count: 10), 7)
        XCTAssertEqual(ListScrolling.offset(current: 4, selected: 0, visible: 0, count: 10), 0)
        XCTAssertEqual(ListScrolling.offset(current: 4, selected: 0, visible: 5, count: 0), 0)
    }

    func testVariableHeights() {
        let heights = [2, 1, 3, 1, 2]
        XCTAssertEqual(ListScrolling.offset(current: 0, selected: 2, heights: heights, visibleLines: 4), 1)
        XCTAssertEqual(ListScrolling.offset(current: 0, selected: 4, heights: heights, visibleLines: 4), 3)
        XCTAssertEqual(ListScrolling.offset(current: 4, selected: 1, heights: heights, visibleLines: 4), 1)
        // An item taller than the view is shown from its top.
        XCTAssertEqual(ListScrolling.offset(current: 0, selected: 2, heights: heights, visibleLines: 2), 2)
        // No blank space at the bottom when earlier items could fill it.
        XCTAssertEqual(ListScrolling.offset(current: 4, selected: nil, heights: heights, visibleLines: 6), 2)
    }

    func testMoveClamps() {
        XCTAssertEqual(ListScrolling.move(nil, by: 1, count: 3), 0)
        XCTAssertEqual(ListScrolling.move(nil, by: -1, count: 3), 2)
        XCTAssertEqual(ListScrolling.move(2, by: 5, count: 3), 2)
        XCTAssertEqual(ListScrolling.move(1, by: -5, count: 3), 0)
        XCTAssertNil(ListScrolling.move(1, by: 1, count: 0))
    }
}
