/// One terminal cell: a grapheme cluster, its display width and its style.
///
/// A double-width grapheme occupies its own cell (width 2) plus the cell to its right, which
/// holds a *continuation* (empty symbol, width 0, same style). The backend skips continuations.
public struct Cell: Sendable {
    /// The grapheme cluster drawn here ("" for a continuation cell).
    public var symbol: String
    /// Display columns: 1, 2, or 0 for a continuation cell.
    public var width: UInt8
    public var style: Style

    public init(symbol: String, width: UInt8, style: Style) {
        self.symbol = symbol
        self.width = width
        self.style = style
    }

    public var isContinuation: Bool { width == 0 }

    public static let blank = Cell(symbol: " ", width: 1, style: .normal)

    public static func blank(_ style: Style) -> Cell {
        Cell(symbol: " ", width: 1, style: style)
    }

    static func continuation(_ style: Style) -> Cell {
        Cell(symbol: "", width: 0, style: style)
    }
}

extension Cell: Equatable {
    @inlinable
    public static func == (lhs: Cell, rhs: Cell) -> Bool {
        // Cheap fields first; most cells in a diff are equal and small strings compare fast.
        lhs.width == rhs.width && lhs.style == rhs.style && lhs.symbol == rhs.symbol
    }
}
