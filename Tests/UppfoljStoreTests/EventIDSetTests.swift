import XCTest
import UppfoljCore
import UppfoljSample
@testable import UppfoljStore

/// The writer's event ids in one sorted array (issue 20, memory): it answers as a set of the same
/// ids would, whatever their order, with ids added one by one (saves) or in bulk (an import that
/// merges them into the array), runs already in order, and equal high halves (ids made in tests).
final class EventIDSetTests: XCTestCase {
    func testItAnswersAsASetOfTheSameIdsWould() {
        var rng = SplitMix64(seed: 31)
        func random() -> EventID { EventID(high: rng.next(), low: rng.next()) }
        let shapes: [[EventID]] = [
            [],
            (0..<5_000).map { _ in random() },
            (0..<3_000).map { EventID(high: 0, low: UInt64($0)) },                  // in order
            (0..<3_000).reversed().map { EventID(high: 7, low: UInt64($0)) },       // in reverse
            (0..<4_000).map { EventID(high: UInt64($0 % 3), low: UInt64($0 % 50)) }, // many equal
        ]
        for (shape, ids) in shapes.enumerated() {
            var set = EventIDSet(sorting: ids)
            var reference = Set(ids)
            // Saves one by one, then an import large enough to be merged into the array.
            let added = (0..<20).map { _ in random() } + ids.prefix(10) + (0..<9_000).map { _ in random() }
            for id in added {
                set.insert(id)
                reference.insert(id)
            }
            XCTAssertEqual(set.count, reference.count, "shape \(shape)")
            for id in reference { XCTAssertTrue(set.contains(id), "shape \(shape)") }
            for _ in 0..<2_000 {
                let other = random()
                XCTAssertEqual(set.contains(other), reference.contains(other), "shape \(shape)")
            }
            XCTAssertFalse(set.contains(EventID(high: 99, low: 99)), "shape \(shape)")
        }
    }
}
