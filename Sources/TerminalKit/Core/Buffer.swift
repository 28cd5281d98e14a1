/// A frame: `width × height` cells in one flat row-major array.
///
/// Writes go through `put`, `fill` and `setStyle`, which keep double-width pairs whole: breaking
/// one half of a wide grapheme turns the other half into a space. All writes are clipped to the
/// current clip rectangle (the whole buffer unless inside `withClip`).
public struct Buffer: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major cells; index = y * width + x.
    public internal(set) var cells: [Cell]
    /// Where the backend should place the visible terminal cursor (nil hides it). Set by a
    /// focused text field.
    public var cursor: Position?
    /// Writes outside this rectangle are dropped. Always inside `area`.
    public private(set) var clipRect: Rect

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
        cursor = nil
        clipRect = Rect(x: 0, y: 0, width: self.width, height: self.height)
    }

    public init(size: Size) {
        self.init(width: size.width, height: size.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }
    public var size: Size { Size(width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "cell (\(x), \(y)) outside \(width)×\(height)")
        return cells[y * width + x]
    }

    /// Runs `body` with writes clipped to `rect` (intersected with the current clip).
    public mutating func withClip(_ rect: Rect, _ body: (inout Buffer) -> Void) {
        let saved = clipRect
        clipRect = clipRect.intersection(rect)
        body(&self)
        clipRect = saved
    }

    // MARK: Writing

    /// Writes `string` from `position` on one row, grapheme by grapheme, in `style`.
    /// Stops at `maxWidth` columns (if given) and at the clip edge. A double-width grapheme that
    /// would straddle the edge is replaced by a space. Zero-width clusters (controls, stray
    /// combining marks) are dropped. Returns the column after the last one written.
    @discardableResult
    public mutating func put(string: String, at position: Position, style: Style = .normal, maxWidth: Int? = nil) -> Int {
        var x = position.x
        let y = position.y
        guard y >= clipRect.minY && y < clipRect.maxY else { return x }
        var limit = clipRect.maxX
        if let maxWidth { limit = min(limit, x + max(0, maxWidth)) }
        let left = clipRect.minX
        for character in string {
            if x >= limit { break }
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if x + w > limit {
                if x >= left { writeNarrow(.blank(style), x: x, y: y) }
                x += 1
                break
            }
            if x < left {
                // Scrolled out on the left; a wide grapheme cut by the edge leaves a space.
                if x + w > left { writeNarrow(.blank(style), x: left, y: y) }
                x += w
                continue
            }
            if w == 1 {
                writeNarrow(Cell(symbol: String(character), width: 1, style: style), x: x, y: y)
            } else {
                writeWide(Cell(symbol: String(character), width: 2, style: style), x: x, y: y)
            }
            x += w
        }
        return x
    }

    /// Fills `rect` (clipped) with a narrow symbol in `style`.
    public mutating func fill(_ rect: Rect, symbol: Character = " ", style: Style = .normal) {
        let area = rect.intersection(clipRect)
        guard !area.isEmpty else { return }
        let cell = Cell(symbol: DisplayWidth.of(symbol) == 1 ? String(symbol) : " ", width: 1, style: style)
        for y in area.minY..<area.maxY {
            for x in area.minX..<area.maxX {
                writeNarrow(cell, x: x, y: y)
            }
        }
    }

    /// Clears the whole clip area to blank normal cells.
    public mutating func clear() {
        fill(clipRect)
    }

    /// Changes the style of the cells in `rect` (clipped) but keeps their symbols. A wide
    /// grapheme cut by the rectangle's edge gets the new style on both halves.
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let area = rect.intersection(clipRect)
        guard !area.isEmpty else { return }
        for y in area.minY..<area.maxY {
            let row = y * width
            var start = area.minX
            var end = area.maxX
            if cells[row + start].isContinuation && start > 0 { start -= 1 }
            if end < width && cells[row + end].isContinuation { end += 1 }
            for i in (row + start)..<(row + end) {
                cells[i].style = style
            }
        }
    }

    /// Places one narrow cell, splitting any wide grapheme it overlaps.
    private mutating func writeNarrow(_ cell: Cell, x: Int, y: Int) {
        let i = y * width + x
        breakPair(at: i, x: x)
        cells[i] = cell
    }

    /// Places a wide cell and its continuation at x and x+1 (caller checked x+1 fits).
    private mutating func writeWide(_ cell: Cell, x: Int, y: Int) {
        let i = y * width + x
        breakPair(at: i, x: x)
        if cells[i + 1].width == 2 && x + 2 < width {
            cells[i + 2] = .blank(cells[i + 2].style)
        }
        cells[i] = cell
        cells[i + 1] = .continuation(cell.style)
    }

    /// Before overwriting cell `i`, turns the other half of a wide pair it belongs to into a space.
    private mutating func breakPair(at i: Int, x: Int) {
        let old = cells[i]
        if old.width == 0 && x > 0 {
            cells[i - 1] = .blank(cells[i - 1].style)
        } else if old.width == 2 && x + 1 < width {
            cells[i + 1] = .blank(old.style)
        }
    }

    // MARK: Snapshots

    /// The text of each row; a wide grapheme appears once. Trailing spaces are always trimmed.
    public func lines() -> [String] {
        (0..<height).map { line($0) }
    }

    /// The text of row `y`, trailing spaces trimmed.
    public func line(_ y: Int) -> String {
        var text = ""
        var keep = text.endIndex
        for x in 0..<width {
            let cell = cells[y * width + x]
            if cell.isContinuation { continue }
            text += cell.symbol
            if cell.symbol != " " { keep = text.endIndex }
        }
        return String(text[..<keep])
    }

    /// One letter per column giving the cell's role (`StyleRole.dumpLetter`; both halves of a
    /// wide grapheme get the letter). Trailing normal cells ("." ) are trimmed, like `lines()`.
    public func styleLines() -> [String] {
        (0..<height).map { y in
            var letters = (0..<width).map { cells[y * width + $0].style.role.dumpLetter }
            while letters.last == StyleRole.normal.dumpLetter { letters.removeLast() }
            return String(letters)
        }
    }
}

extension Buffer: Equatable {
    public static func == (lhs: Buffer, rhs: Buffer) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cursor == rhs.cursor && lhs.cells == rhs.cells
    }
}
