import Foundation

/// Runs independent, pure pieces of work on the machine's cores. The results come back in input
/// order, so output never depends on scheduling. This is the program's one parallel loop: every
/// module that spreads work over the cores goes through it (and `WorkSplit` for the ranges).
public enum Parallel {
    public static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        if inputs.count == 1 { return [transform(inputs[0])] }
        let results = ResultSlots<Output>(count: inputs.count)
        defer { results.free() }
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            results.set(index, transform(inputs[index]))
        }
        return results.values
    }

    /// `transform` over `count` items in contiguous chunks (`WorkSplit`), one chunk per core but
    /// none smaller than `minimumPerPart`; the chunks' results concatenated in order.
    public static func chunked<Output: Sendable>(count: Int, minimumPerPart: Int = 2_000,
                                                 _ transform: @Sendable (Range<Int>) -> [Output]) -> [Output] {
        let parts = WorkSplit.ranges(count: count, minimumPerPart: minimumPerPart)
        if parts.count == 1 { return transform(parts[0]) }
        return map(parts, transform).flatMap { $0 }
    }
}

/// Slots written once each from concurrent work, read after it has finished.
///
/// Why the unchecked Sendable is safe: the slots are fixed memory allocated before the work starts;
/// iteration `index` of `concurrentPerform` is the only writer of slot `index` (no two threads
/// touch the same slot, and no array is resized), and `values` is read only after
/// `concurrentPerform` has returned, which waits for every iteration (a happens-before edge).
private struct ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    func set(_ index: Int, _ value: Value) { slots[index] = value }

    var values: [Value] { slots.map { $0! } }

    func free() {
        slots.deinitialize()
        slots.deallocate()
    }
}
