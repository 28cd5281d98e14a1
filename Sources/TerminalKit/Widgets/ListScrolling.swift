/// Scroll arithmetic shared by lists, tables, timelines and forms.
public enum ListScrolling {
    /// The first visible item after scrolling as little as possible so that `selected` is visible,
    /// for `count` items of which `visible` fit. The result never leaves blank space at the
    /// bottom that earlier items could fill.
    public static func offset(current: Int, selected: Int?, visible: Int, count: Int) -> Int {
        guard visible > 0, count > 0 else { return 0 }
        var offset = min(max(0, current), max(0, count - visible))
        if let selected {
            let s = min(max(0, selected), count - 1)
            if s < offset { offset = s }
            if s >= offset + visible { offset = s - visible + 1 }
        }
        return offset
    }

    /// Same for items of different heights: `heights[i]` lines each, `visibleLines` fit.
    /// Returns the index of the first visible item. An item taller than the view is shown from
    /// its top.
    public static func offset(current: Int, selected: Int?, heights: [Int], visibleLines: Int) -> Int {
        guard visibleLines > 0, !heights.isEmpty else { return 0 }
        var offset = min(max(0, current), heights.count - 1)
        // Pull back so no blank space is left at the bottom.
        var tailLines = heights[offset...].reduce(0, +)
        while offset > 0 && tailLines + heights[offset - 1] <= visibleLines {
            offset -= 1
            tailLines += heights[offset]
        }
        guard let selected else { return offset }
        let s = min(max(0, selected), heights.count - 1)
        if s < offset { return s }
        var used = heights[offset...s].reduce(0, +)
        while used > visibleLines && offset < s {
            used -= heights[offset]
            offset += 1
        }
        return offset
    }

    /// Moves a selection by `delta` within `count` items, clamped (nil when there are none).
    public static func move(_ selected: Int?, by delta: Int, count: Int) -> Int? {
        guard count > 0 else { return nil }
        guard let selected else { return delta >= 0 ? 0 : count - 1 }
        return min(max(0, selected + delta), count - 1)
    }
}

/// Selection and scroll position of a table or list. The app's State owns it.
public struct TableState: Sendable, Hashable {
    public var selected: Int?
    /// Index of the first visible row.
    public var offset: Int

    public init(selected: Int? = nil, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    public mutating func selectNext(rowCount: Int) { selected = ListScrolling.move(selected, by: 1, count: rowCount) }
    public mutating func selectPrevious(rowCount: Int) { selected = ListScrolling.move(selected, by: -1, count: rowCount) }
    public mutating func selectFirst(rowCount: Int) { selected = rowCount > 0 ? 0 : nil }
    public mutating func selectLast(rowCount: Int) { selected = rowCount > 0 ? rowCount - 1 : nil }
    public mutating func pageDown(rowCount: Int, pageSize: Int) {
        selected = ListScrolling.move(selected, by: max(1, pageSize), count: rowCount)
    }
    public mutating func pageUp(rowCount: Int, pageSize: Int) {
        selected = ListScrolling.move(selected, by: -max(1, pageSize), count: rowCount)
    }

    /// Adjusts `offset` so the selection is visible when `visibleRows` rows fit.
    public mutating func scrollToSelection(visibleRows: Int, rowCount: Int) {
        offset = ListScrolling.offset(current: offset, selected: selected, visible: visibleRows, count: rowCount)
    }
}
