import TerminalKit
import XCTest

final class LayoutTests: XCTestCase {
    let screen = Rect(x: 0, y: 0, width: 100, height: 30)

    func testVerticalSplitWithFixedAndFill() {
        let rows = screen.splitVertically([.length(1), .fill(), .length(1)])
        XCTAssertEqual(rows, [
            Rect(x: 0, y: 0, width: 100, height: 1),
            Rect(x: 0, y: 1, width: 100, height: 28),
            Rect(x: 0, y: 29, width: 100, height: 1),
        ])
    }

    func testHorizontalPercentagesAndWeights() {
        XCTAssertEqual(screen.splitHorizontally([.percentage(30), .fill()]).map(\.width), [30, 70])
        XCTAssertEqual(screen.splitHorizontally([.percentage(30), .fill()]).map(\.x), [0, 30])
        XCTAssertEqual(Layout.resolve([.fill(weight: 1), .fill(weight: 2)], total: 10), [4, 6])
        XCTAssertEqual(Layout.resolve([.fill(), .fill(), .fill()], total: 10), [4, 3, 3])
    }

    func testMinAndMax() {
        XCTAssertEqual(Layout.resolve([.min(10), .length(5)], total: 40), [35, 5])
        XCTAssertEqual(Layout.resolve([.min(10), .fill()], total: 40), [10, 30])
        XCTAssertEqual(Layout.resolve([.max(8), .fill()], total: 40), [8, 32])
        XCTAssertEqual(Layout.resolve([.max(8), .fill()], total: 5), [5, 0])
        XCTAssertEqual(Layout.resolve([.length(3), .max(8)], total: 40), [3, 8]) // rest unused
    }

    func testOverflowShrinksFromTheEnd() {
        XCTAssertEqual(Layout.resolve([.length(10), .length(10), .length(10)], total: 25), [10, 10, 5])
        XCTAssertEqual(Layout.resolve([.length(10), .min(10)], total: 8), [8, 0])
        XCTAssertEqual(Layout.resolve([.fill()], total: 0), [0])
        XCTAssertEqual(Layout.resolve([], total: 10), [])
    }

    func testSpacingAndMargin() {
        let layout = Layout.horizontal([.length(10), .fill(), .length(10)], margin: Margin(horizontal: 2, vertical: 1), spacing: 1)
        let parts = layout.split(Rect(x: 0, y: 0, width: 40, height: 10))
        XCTAssertEqual(parts.map(\.x), [2, 13, 28])
        XCTAssertEqual(parts.map(\.width), [10, 14, 10])
        XCTAssertTrue(parts.allSatisfy { $0.y == 1 && $0.height == 8 })
    }

    func testSegmentsTileTheAreaWithoutOverlap() {
        for total in 0...60 {
            let lengths = Layout.resolve([.length(7), .percentage(25), .min(3), .fill(weight: 2), .max(5), .fill()], total: total)
            XCTAssertEqual(lengths.reduce(0, +), total, "total \(total)")
            XCTAssertTrue(lengths.allSatisfy { $0 >= 0 })
        }
    }

    func testRectHelpers() {
        XCTAssertEqual(screen.centered(width: 40, height: 10), Rect(x: 30, y: 10, width: 40, height: 10))
        XCTAssertEqual(screen.centered(width: 400, height: 10).width, 100)
        XCTAssertEqual(screen.centered(percentWidth: 50, percentHeight: 50), Rect(x: 25, y: 7, width: 50, height: 15))
        XCTAssertEqual(screen.inset(by: 1), Rect(x: 1, y: 1, width: 98, height: 28))
        XCTAssertTrue(Rect(x: 0, y: 0, width: 2, height: 2).inset(by: 3).isEmpty)
        XCTAssertEqual(Rect(x: 0, y: 0, width: 5, height: 5).intersection(Rect(x: 3, y: 3, width: 5, height: 5)),
                       Rect(x: 3, y: 3, width: 2, height: 2))
        XCTAssertTrue(Rect(x: 0, y: 0, width: 2, height: 2).intersection(Rect(x: 5, y: 5, width: 1, height: 1)).isEmpty)
    }
}
