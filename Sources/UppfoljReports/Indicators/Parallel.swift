import Foundation
import UppfoljCore

/// Runs independent, pure pieces of work on the machine's cores. The results come back in input
/// order, so output never depends on scheduling.
enum Parallel {
    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        let results = ResultSlots<Output>(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            results.set(index, transform(inputs[index]))
        }
        return results.values
    }

    /// `transform` over `count` items in contiguous chunks, one chunk per core; results in order.
    static func chunked<Output: Sendable>(count: Int, _ transform: @Sendable (Range<Int>) -> [Output]) -> [Output] {
        map(WorkSplit.ranges(count: count, minimumPerPart: 2_000), transform).flatMap { $0 }
    }
}

/// Slots written once each from concurrent work, read after it has finished.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
