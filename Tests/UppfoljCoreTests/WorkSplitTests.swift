import XCTest
@testable import UppfoljCore

final class WorkSplitTests: XCTestCase {
    /// Every split covers exactly 0..<count with non-empty ranges in order, never more than asked,
    /// also with more parts than items (where a naive ceil-sized split starts past the end).
    func testRangesCoverTheItemsExactly() {
        for count in [0, 1, 2, 7, 255, 256, 1_000, 76_801] {
            for parts in [1, 2, 3, 8, 257, 300, 2_000] {
                let ranges = WorkSplit.ranges(count: count, parts: parts)
                XCTAssertLessThanOrEqual(ranges.count, parts)
                XCTAssertEqual(ranges.count, min(count, parts), "\(count) in \(parts)")
                XCTAssertTrue(ranges.allSatisfy { !$0.isEmpty })
                XCTAssertEqual(ranges.flatMap { Array($0) }, Array(0..<count), "\(count) in \(parts)")
                if let sizes = Optional(ranges.map(\.count)), let low = sizes.min(), let high = sizes.max() {
                    XCTAssertLessThanOrEqual(high - low, 1)
                }
            }
        }
        XCTAssertEqual(WorkSplit.ranges(count: 100, minimumPerPart: 256), [0..<100])
    }
}
