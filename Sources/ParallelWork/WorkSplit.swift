import Foundation

/// How work over `count` items is split for the machine's cores: contiguous ranges in order, none
/// empty, together exactly `0..<count`, of nearly equal size.
public enum WorkSplit {
    /// At most `parts` ranges (fewer when there are fewer items).
    public static func ranges(count: Int, parts: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let parts = max(1, min(parts, count))
        return (0..<parts).map { count * $0 / parts ..< count * ($0 + 1) / parts }
    }

    /// One range per core, but none smaller than `minimumPerPart` items (splitting small work costs
    /// more than it saves); a single range when there are fewer.
    public static func ranges(count: Int, minimumPerPart: Int) -> [Range<Int>] {
        ranges(count: count, parts: min(ProcessInfo.processInfo.activeProcessorCount, count / max(1, minimumPerPart)))
    }
}
