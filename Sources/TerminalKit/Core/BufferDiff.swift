/// A horizontal run of cells that changed, starting at `position`. `cells` is a slice of the
/// new buffer's storage (no copy). A run never starts on a continuation cell and never ends
/// between the two halves of a wide grapheme, so the backend can draw it as is, skipping
/// continuation cells.
public struct CellRun: Sendable, Equatable {
    public var position: Position
    public var cells: ArraySlice<Cell>

    public init(position: Position, cells: ArraySlice<Cell>) {
        self.position = position
        self.cells = cells
    }

    /// Columns covered by the run.
    public var columnCount: Int { cells.count }
}

extension Buffer {
    /// The cells that differ from `old`, as runs per row, left to right, top to bottom.
    /// A changed half of a wide grapheme brings its other half into the run. When the sizes
    /// differ, every row is one run (a full redraw).
    public func diff(from old: Buffer) -> [CellRun] {
        guard old.width == width && old.height == height else {
            return (0..<height).map { y in
                CellRun(position: Position(x: 0, y: y), cells: cells[(y * width)..<((y + 1) * width)])
            }
        }
        var runs: [CellRun] = []
        cells.withUnsafeBufferPointer { new in
            old.cells.withUnsafeBufferPointer { previous in
                for y in 0..<height {
                    let rowStart = y * width
                    let rowEnd = rowStart + width
                    var runStart = -1
                    var runEnd = rowStart // the run must cover at least up to here
                    var i = rowStart
                    while i < rowEnd {
                        let changed = new[i] != previous[i]
                        if changed {
                            if runStart < 0 {
                                runStart = (new[i].isContinuation && i > rowStart) ? i - 1 : i
                            }
                            runEnd = max(runEnd, new[i].width == 2 ? min(i + 2, rowEnd) : i + 1)
                        } else if runStart >= 0 && i >= runEnd {
                            runs.append(CellRun(position: Position(x: runStart - rowStart, y: y),
                                                cells: cells[runStart..<runEnd]))
                            runStart = -1
                        }
                        i += 1
                    }
                    if runStart >= 0 {
                        runs.append(CellRun(position: Position(x: runStart - rowStart, y: y),
                                            cells: cells[runStart..<runEnd]))
                    }
                }
            }
        }
        return runs
    }

    /// Copies the runs' cells into this buffer, as a terminal would draw them. Applying
    /// `new.diff(from: old)` to `old` yields `new` (cursor aside).
    public mutating func apply(_ runs: [CellRun]) {
        for run in runs {
            var i = run.position.y * width + run.position.x
            for cell in run.cells {
                cells[i] = cell
                i += 1
            }
        }
    }
}
