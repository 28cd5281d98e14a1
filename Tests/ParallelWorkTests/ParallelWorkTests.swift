import Foundation
import XCTest
import ParallelWork

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

final class ParallelTests: XCTestCase {
    /// Results come back in input order however the work is scheduled: items that take longer
    /// (the early ones here) finish last.
    func testMapKeepsInputOrderWhateverFinishesFirst() {
        let inputs = Array(0..<64)
        let out = Parallel.map(inputs) { value -> Int in
            usleep(UInt32(64 - value) * 200)
            return value * value
        }
        XCTAssertEqual(out, inputs.map { $0 * $0 })
        XCTAssertEqual(Parallel.map([Int]()) { $0 }, [])
        XCTAssertEqual(Parallel.map([7]) { $0 + 1 }, [8])
    }

    /// Chunks are contiguous and concatenated in order: every index exactly once.
    func testChunkedCoversEveryIndexOnceInOrder() {
        for count in [0, 1, 255, 256, 10_000, 76_801] {
            let out = Parallel.chunked(count: count, minimumPerPart: 256) { range in Array(range) }
            XCTAssertEqual(out, Array(0..<count), "\(count)")
        }
    }

    /// Many threads writing their own slots at once (the ThreadSanitizer job runs this).
    func testManySmallItemsFromAllCores() {
        let out = Parallel.map(Array(0..<20_000)) { String($0) }
        XCTAssertEqual(out.count, 20_000)
        XCTAssertEqual(out[19_999], "19999")
        XCTAssertEqual(out.map { Int($0)! }, Array(0..<20_000))
    }
}
