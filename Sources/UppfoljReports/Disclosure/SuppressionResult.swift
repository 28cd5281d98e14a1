/// What happens to one cell of a table on screen and in every export.
public enum CellStatus: Sendable, Hashable, Codable {
    /// Shown with its count.
    case published(Int)
    /// Hidden because the count is in 1...(k-1).
    case suppressedPrimary
    /// Hidden so that no primary-suppressed count can be derived from the rest of the table.
    case suppressedSecondary
    /// A margin the caller chose not to publish; not part of the output at all.
    case notPublished

    /// The Kolada/SCB marker for a suppressed figure.
    public static let suppressedMarker = ".."

    public var isSuppressed: Bool {
        self == .suppressedPrimary || self == .suppressedSecondary
    }

    /// The count, or `nil` when the cell is suppressed or not published.
    public var publishedValue: Int? {
        if case .published(let value) = self { return value }
        return nil
    }

    /// The text to show: the count, `..` for a suppressed cell, `nil` for a cell not published.
    /// Screens, CSV and JSON all render through this so they show the same pattern.
    public var displayText: String? {
        switch self {
        case .published(let value): return String(value)
        case .suppressedPrimary, .suppressedSecondary: return Self.suppressedMarker
        case .notPublished: return nil
        }
    }
}

/// A table after disclosure control: the status of every cell, in the table's cell order.
public struct SuppressionResult: Sendable, Hashable {
    public let table: DisclosureTable
    public let minimumCellSize: Int
    public let statuses: [CellStatus]
    /// For export headers, e.g. "primär k=5 (antal 1–4 visas som ..); sekundär: ...".
    public let methodDescription: String

    init(table: DisclosureTable, control: DisclosureControl, statuses: [CellStatus]) {
        self.table = table
        self.minimumCellSize = control.minimumCellSize
        self.statuses = statuses
        self.methodDescription = control.methodDescription
    }

    public func status(at coordinates: [Int?]) -> CellStatus? {
        table.index(of: coordinates).map { statuses[$0] }
    }

    /// The count, `..`, or `nil` for a cell not published.
    public func displayText(at cell: Int) -> String? {
        statuses[cell].displayText
    }

    public func displayText(at coordinates: [Int?]) -> String? {
        status(at: coordinates)?.displayText
    }

    public var primaryCells: [Int] { statuses.indices.filter { statuses[$0] == .suppressedPrimary } }
    public var secondaryCells: [Int] { statuses.indices.filter { statuses[$0] == .suppressedSecondary } }
    public var suppressedCells: [Int] { statuses.indices.filter { statuses[$0].isSuppressed } }

    /// Exactly what a reader of the output sees: shown counts and the table's structure.
    /// This is what the audit (and any intruder) works from.
    public var publishedView: PublishedTableView {
        PublishedTableView(knownValues: statuses.map(\.publishedValue), constraints: table.constraints)
    }

    /// The share `numerator / denominator` between two cells of this table, applying the share
    /// rule with the cells' suppression status (a share of a suppressed count is suppressed, and a
    /// share over a suppressed or unpublished denominator would let a reader recover it).
    public func share(numerator: Int, denominator: Int) throws(DisclosureError) -> ShareDecision {
        let control = try DisclosureControl(minimumCellSize: minimumCellSize)
        return try control.share(
            numerator: table.cells[numerator].value,
            denominator: table.cells[denominator].value,
            numeratorIsHidden: statuses[numerator].publishedValue == nil,
            denominatorIsHidden: statuses[denominator].publishedValue == nil)
    }
}
