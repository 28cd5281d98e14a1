/// A count table as disclosure control sees it: a list of cells (interior cells and margin
/// cells alike), each with a non-negative count and a flag saying whether the caller intends to
/// publish it, plus additive constraints "total cell = sum of these part cells".
///
/// Grid builders (`oneDimensional`, `twoDimensional`, `threeDimensional`, `grid`) cover the
/// usual breakdowns; the general initializer takes any cells and constraints (for example a
/// hierarchical breakdown). A cell the caller does not publish still takes part in the
/// constraints: a reader does not know its value but knows it exists and is non-negative.
public struct DisclosureTable: Sendable, Hashable {
    /// One count in the table.
    public struct Cell: Sendable, Hashable {
        /// Grid position; `nil` in a position means "total over that dimension".
        /// Empty for cells of custom tables that have no grid.
        public let coordinates: [Int?]
        public let value: Int
        /// Whether the caller means to show this cell. Unpublished cells are unknowns to a reader.
        public let isPublished: Bool
        /// A figure readers also see in another table (a population total or margin shared by
        /// several linked tables). Hidden only when it is itself small; never chosen as a
        /// complement, since hiding it here would not hide it there. Suppression of the other
        /// cells is audited with it known.
        public let isAnchor: Bool
        /// An unpublished cell that is hidden in another table a reader also holds (a population
        /// total or margin that was suppressed there): whatever its size, its range here must stay
        /// at least k wide too, or this table would give back what the other hid.
        public let isHiddenElsewhere: Bool
        /// A figure a reader already holds with this very value, from an earlier release (the
        /// release register): shown here whatever its size, never hidden, and known in the audit.
        /// Hiding it now would protect nothing (the reader has it) and would make the audit
        /// count on an unknown that is not one. Implies `isAnchor`.
        public let isKnown: Bool
        /// A headline: the figure a reader looks for first (an indicator's total, a share's
        /// numerator, a population's total in each period). Chosen as a complement only when no
        /// other shown cell will do, and the first to be published again when complements are
        /// withdrawn (issue 14 item 5: "never a headline when smaller cells protect"). Small
        /// headlines are hidden like any small count: the flag changes which complements are
        /// chosen, never what the rule asks.
        public let isHeadline: Bool

        public init(coordinates: [Int?] = [], value: Int, isPublished: Bool = true, isAnchor: Bool = false,
                    isHiddenElsewhere: Bool = false, isKnown: Bool = false, isHeadline: Bool = false) {
            self.coordinates = coordinates
            self.value = value
            self.isPublished = isPublished || isKnown
            self.isAnchor = (isAnchor || isKnown) && self.isPublished
            self.isHiddenElsewhere = isHiddenElsewhere && !self.isPublished
            self.isKnown = isKnown
            self.isHeadline = isHeadline
        }

        /// True for margin cells of a grid (totals over at least one dimension).
        public var isMargin: Bool { coordinates.contains(where: { $0 == nil }) }
    }

    /// `cells[total].value == sum of cells[parts].value`.
    public struct AdditiveConstraint: Sendable, Hashable {
        public let total: Int
        public let parts: [Int]
        /// The total followed by the parts: every cell on this "line" of the table.
        public let cells: [Int]

        public init(total: Int, parts: [Int]) {
            self.total = total
            self.parts = parts
            self.cells = [total] + parts
        }
    }

    public let cells: [Cell]
    public let constraints: [AdditiveConstraint]
    /// Category counts per dimension for grid-built tables; empty for custom tables.
    public let dimensionSizes: [Int]
    private let indexByCoordinates: [[Int?]: Int]

    /// A custom table. Validates that counts are non-negative, that constraints are well formed
    /// and satisfied, and that grid coordinates (when given) are unique.
    public init(cells: [Cell], constraints: [AdditiveConstraint]) throws(DisclosureError) {
        try self.init(cells: cells, constraints: constraints, dimensionSizes: [])
    }

    private init(cells: [Cell], constraints: [AdditiveConstraint], dimensionSizes: [Int]) throws(DisclosureError) {
        var indexByCoordinates: [[Int?]: Int] = [:]
        for (index, cell) in cells.enumerated() {
            if cell.value < 0 { throw .negativeCount(cell: index, value: cell.value) }
            if cell.coordinates.isEmpty { continue }
            if indexByCoordinates[cell.coordinates] != nil { throw .duplicateCoordinates(cell.coordinates) }
            indexByCoordinates[cell.coordinates] = index
        }
        for (index, constraint) in constraints.enumerated() {
            let members = constraint.cells
            guard !constraint.parts.isEmpty,
                  members.allSatisfy({ cells.indices.contains($0) }),
                  Set(members).count == members.count
            else { throw .malformedConstraint(index: index) }
            var sum = 0
            for part in constraint.parts {
                let (partial, overflow) = sum.addingReportingOverflow(cells[part].value)
                if overflow { throw .arithmeticOverflow }
                sum = partial
            }
            if sum != cells[constraint.total].value {
                throw .constraintNotSatisfied(index: index, total: cells[constraint.total].value, sumOfParts: sum)
            }
        }
        self.cells = cells
        self.constraints = constraints
        self.dimensionSizes = dimensionSizes
        self.indexByCoordinates = indexByCoordinates
    }

    /// The index of the cell at `coordinates` (`nil` = total over that dimension).
    public func index(of coordinates: [Int?]) -> Int? {
        indexByCoordinates[coordinates]
    }

    /// A readable name for a cell, e.g. "(2, total)".
    public func label(of cell: Int) -> String {
        cells[cell].coordinates.isEmpty ? "cell \(cell)" : CellCoordinates.text(cells[cell].coordinates)
    }
}

// MARK: - Margins

/// A family of margin cells of a grid, named by the dimensions it keeps; every other dimension
/// is summed over. In a role × sex × age table, `TableMargin(keeping: [0, 1])` is the role × sex
/// margin, `TableMargin(keeping: [0])` the role totals and `.grandTotal` the overall total.
public struct TableMargin: Sendable, Hashable, CustomStringConvertible {
    public let keptDimensions: [Int]

    public init(keeping dimensions: [Int]) {
        keptDimensions = Array(Set(dimensions)).sorted()
    }

    public static let grandTotal = TableMargin(keeping: [])
    /// Row totals of a two-dimensional table (rows kept, columns summed).
    public static let rowTotals = TableMargin(keeping: [0])
    /// Column totals of a two-dimensional table (columns kept, rows summed).
    public static let columnTotals = TableMargin(keeping: [1])

    public var description: String { "margin keeping \(keptDimensions)" }
}

/// Which margins of a grid the caller publishes. Interior cells are always published.
public enum PublishedMargins: Sendable, Hashable {
    case all
    case none
    case only(Set<TableMargin>)

    public func publishes(_ margin: TableMargin) -> Bool {
        switch self {
        case .all: return true
        case .none: return false
        case .only(let margins): return margins.contains(margin)
        }
    }
}

// MARK: - Grid builders

extension DisclosureTable {
    /// A breakdown and (optionally published) total: `counts[i]` plus the cell `[nil]`.
    public static func oneDimensional(_ counts: [Int], publishTotal: Bool = true) throws(DisclosureError) -> DisclosureTable {
        try grid(dimensionSizes: [counts.count], counts: counts,
                 publishedMargins: publishTotal ? .all : .none)
    }

    /// Rows × columns with row totals, column totals and grand total. `counts[row][column]`.
    public static func twoDimensional(_ counts: [[Int]], publishedMargins: PublishedMargins = .all) throws(DisclosureError) -> DisclosureTable {
        guard let columnCount = counts.first?.count, counts.allSatisfy({ $0.count == columnCount })
        else { throw .notRectangular }
        return try grid(dimensionSizes: [counts.count, columnCount], counts: counts.flatMap { $0 },
                        publishedMargins: publishedMargins)
    }

    /// A three-way table (e.g. role × sex × age band) with all two-way and one-way margins and the
    /// grand total. `counts[first][second][third]`.
    public static func threeDimensional(_ counts: [[[Int]]], publishedMargins: PublishedMargins = .all) throws(DisclosureError) -> DisclosureTable {
        guard let secondCount = counts.first?.count, let thirdCount = counts.first?.first?.count,
              counts.allSatisfy({ $0.count == secondCount && $0.allSatisfy { $0.count == thirdCount } })
        else { throw .notRectangular }
        return try grid(dimensionSizes: [counts.count, secondCount, thirdCount],
                        counts: counts.flatMap { $0.flatMap { $0 } }, publishedMargins: publishedMargins)
    }

    /// A grid of any dimension. `counts` holds the interior in row-major order (last dimension
    /// fastest). Every margin cell is computed from the interior. For each margin cell and each
    /// dimension it sums over, there is one constraint expressing it as the sum of the cells one
    /// level finer along that dimension, so a 2-D grand total appears both as the sum of the row
    /// totals and as the sum of the column totals.
    ///
    /// Cell order: interior cells first (row-major), then margins from the finest (keeping most
    /// dimensions) to the grand total; within a margin, row-major. Ties in suppression are broken
    /// by this order.
    public static func grid(dimensionSizes: [Int], counts: [Int], publishedMargins: PublishedMargins = .all) throws(DisclosureError) -> DisclosureTable {
        guard !dimensionSizes.isEmpty, dimensionSizes.allSatisfy({ $0 > 0 }),
              counts.count == dimensionSizes.reduce(1, *)
        else { throw .notRectangular }
        if let negative = counts.firstIndex(where: { $0 < 0 }) {
            throw .negativeCount(cell: negative, value: counts[negative])
        }
        let dimensionCount = dimensionSizes.count

        // Margin families ordered from finest to coarsest; the interior is "keeping everything".
        var families: [[Int]] = []
        for keptCount in stride(from: dimensionCount, through: 0, by: -1) {
            families.append(contentsOf: combinations(of: Array(0..<dimensionCount), size: keptCount))
        }

        var coordinateList: [[Int?]] = []
        var publishedList: [Bool] = []
        for kept in families {
            let isInterior = kept.count == dimensionCount
            let published = isInterior || publishedMargins.publishes(TableMargin(keeping: kept))
            for position in positions(dimensionSizes: dimensionSizes, kept: kept) {
                coordinateList.append(position)
                publishedList.append(published)
            }
        }
        var indexByCoordinates: [[Int?]: Int] = [:]
        for (index, coordinates) in coordinateList.enumerated() { indexByCoordinates[coordinates] = index }

        var constraints: [AdditiveConstraint] = []
        for (totalIndex, coordinates) in coordinateList.enumerated() {
            for dimension in 0..<dimensionCount where coordinates[dimension] == nil {
                let parts = (0..<dimensionSizes[dimension]).map { category -> Int in
                    var finer = coordinates
                    finer[dimension] = category
                    return indexByCoordinates[finer]!
                }
                constraints.append(AdditiveConstraint(total: totalIndex, parts: parts))
            }
        }
        // Values: the interior as given; every margin is the sum of its first constraint's parts,
        // which come earlier in the cell order (finer margins first), so one pass suffices.
        var values = counts + Array(repeating: 0, count: coordinateList.count - counts.count)
        var valueDone = Array(repeating: true, count: counts.count) + Array(repeating: false, count: coordinateList.count - counts.count)
        for constraint in constraints where !valueDone[constraint.total] {
            var sum = 0
            for part in constraint.parts {
                precondition(valueDone[part], "grid margin computed before its parts")
                let (partial, overflow) = sum.addingReportingOverflow(values[part])
                if overflow { throw .arithmeticOverflow }
                sum = partial
            }
            values[constraint.total] = sum
            valueDone[constraint.total] = true
        }
        let cells = coordinateList.indices.map {
            Cell(coordinates: coordinateList[$0], value: values[$0], isPublished: publishedList[$0])
        }
        return try DisclosureTable(cells: cells, constraints: constraints, dimensionSizes: dimensionSizes)
    }

    private static func combinations(of elements: [Int], size: Int) -> [[Int]] {
        if size == 0 { return [[]] }
        if elements.count < size { return [] }
        let head = elements[0]
        let tail = Array(elements.dropFirst())
        return combinations(of: tail, size: size - 1).map { [head] + $0 } + combinations(of: tail, size: size)
    }

    /// All coordinates of one margin family, row-major, `nil` in summed dimensions.
    private static func positions(dimensionSizes: [Int], kept: [Int]) -> [[Int?]] {
        var result: [[Int?]] = [Array(repeating: nil, count: dimensionSizes.count)]
        for dimension in dimensionSizes.indices where kept.contains(dimension) {
            result = result.flatMap { prefix in
                (0..<dimensionSizes[dimension]).map { category -> [Int?] in
                    var extended = prefix
                    extended[dimension] = category
                    return extended
                }
            }
        }
        return result
    }
}
