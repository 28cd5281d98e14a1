/// A table column: header text, width constraint (as in `Layout`) and alignment.
public struct TableColumn: Sendable, Hashable {
    public var title: String
    public var width: Constraint
    public var alignment: Alignment

    public init(_ title: String, width: Constraint, alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// A table row: one string per column, an optional role (e.g. `.warning` for a high-risk case)
/// and an optional flag shown in the marker column so the meaning is not carried by colour.
public struct TableRow: Sendable, Hashable {
    public var cells: [String]
    public var role: StyleRole
    public var isFlagged: Bool

    public init(_ cells: [String], role: StyleRole = .normal, isFlagged: Bool = false) {
        self.cells = cells
        self.role = role
        self.isFlagged = isFlagged
    }

    /// A row in the warning role, flagged.
    public static func warning(_ cells: [String]) -> TableRow {
        TableRow(cells, role: .warning, isFlagged: true)
    }
}

/// A table with a header row, selection highlight and scrolling.
///
/// Each line starts with a two-column gutter: the pointer glyph on the selected row, the flag
/// glyph on flagged rows. Cells are cut with an ellipsis and padded to their column, so columns
/// line up for any mix of narrow and double-width text.
public struct Table: Widget, Sendable {
    public var columns: [TableColumn]
    public var rows: [TableRow]
    /// Shown (muted) under the header when there are no rows.
    public var emptyText: String
    public var showsHeader: Bool
    public var columnSpacing: Int
    public var glyphs: Glyphs

    public init(columns: [TableColumn], rows: [TableRow], emptyText: String, showsHeader: Bool = true,
                columnSpacing: Int = 1, glyphs: Glyphs = .unicode) {
        self.columns = columns
        self.rows = rows
        self.emptyText = emptyText
        self.showsHeader = showsHeader
        self.columnSpacing = columnSpacing
        self.glyphs = glyphs
    }

    static let gutterWidth = 2

    /// Body rows that fit in an area of the given height.
    public func visibleRowCount(height: Int) -> Int {
        max(0, height - (showsHeader ? 1 : 0))
    }

    /// Column widths for a table of the given total width.
    public func columnWidths(totalWidth: Int) -> [Int] {
        Layout.resolve(columns.map(\.width), total: totalWidth - Table.gutterWidth, spacing: columnSpacing)
    }

    /// Renders without a selection.
    public func render(into buffer: inout Buffer, area: Rect) {
        var state = TableState()
        render(into: &buffer, area: area, state: &state)
    }

    /// Renders and stores the scroll offset that keeps the selection visible back into `state`.
    public func render(into buffer: inout Buffer, area: Rect, state: inout TableState) {
        guard !area.isEmpty else { return }
        let widths = columnWidths(totalWidth: area.width)
        let visible = visibleRowCount(height: area.height)
        if let selected = state.selected {
            state.selected = rows.isEmpty ? nil : min(max(0, selected), rows.count - 1)
        }
        state.scrollToSelection(visibleRows: visible, rowCount: rows.count)
        let currentState = state

        buffer.withClip(area) { buffer in
            var y = area.y
            if showsHeader {
                buffer.fill(area.row(0), style: .header)
                put(columns.map(\.title), widths: widths, line: area.row(0), style: .header, into: &buffer)
                y += 1
            }
            if rows.isEmpty {
                let x = area.x + Table.gutterWidth
                buffer.put(string: emptyText.truncated(toWidth: area.width - Table.gutterWidth, ellipsis: glyphs.ellipsis),
                           at: Position(x: x, y: y), style: .muted)
                return
            }
            let end = min(rows.count, currentState.offset + visible)
            for index in currentState.offset..<end {
                let row = rows[index]
                let isSelected = index == currentState.selected
                let style = Style(isSelected ? .selection : row.role)
                let line = Rect(x: area.x, y: y, width: area.width, height: 1)
                buffer.fill(line, style: style)
                let pointer = isSelected ? glyphs.pointer : " "
                let flag = row.isFlagged ? glyphs.flag : " "
                buffer.put(string: pointer, at: line.origin, style: style, maxWidth: 1)
                buffer.put(string: flag, at: Position(x: line.x + 1, y: y), style: style, maxWidth: 1)
                put(row.cells, widths: widths, line: line, style: style, into: &buffer)
                y += 1
            }
        }
    }

    private func put(_ texts: [String], widths: [Int], line: Rect, style: Style, into buffer: inout Buffer) {
        var x = line.x + Table.gutterWidth
        for (i, width) in widths.enumerated() {
            // The line is already filled, so only the text is written (no padding strings).
            let text = (i < texts.count ? texts[i] : "").truncated(toWidth: width, ellipsis: glyphs.ellipsis)
            let slack = width - text.displayWidth
            let indent = switch columns[i].alignment {
            case .left: 0
            case .right: slack
            case .center: slack / 2
            }
            buffer.put(string: text, at: Position(x: x + indent, y: line.y), style: style, maxWidth: width - indent)
            x += width + columnSpacing
        }
    }
}
