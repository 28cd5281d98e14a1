/// What a reader of a published table knows: the value of every shown cell, that every hidden
/// cell (suppressed, or a margin the caller chose not to publish) is a non-negative count, and
/// the additive structure of the table. Nothing else; in particular no hidden value.
public struct PublishedTableView: Sendable, Hashable {
    /// `knownValues[cell]` is the shown count, or `nil` when the reader does not see the cell.
    public let knownValues: [Int?]
    public let constraints: [DisclosureTable.AdditiveConstraint]

    public init(knownValues: [Int?], constraints: [DisclosureTable.AdditiveConstraint]) {
        self.knownValues = knownValues
        self.constraints = constraints
    }

    public var hiddenCells: [Int] { knownValues.indices.filter { knownValues[$0] == nil } }
}

/// The values a hidden cell can take given everything published, as computed by linear
/// programming over the non-negative reals, with witnesses a reader of the audit can check.
public struct FeasibleRange: Sendable, Hashable, CustomStringConvertible {
    /// The exact real minimum.
    public let lower: ExactFraction
    /// The exact real maximum, or `nil` when the cell can be arbitrarily large.
    public let upper: ExactFraction?
    /// Values of the hidden cells of this cell's connected part of the table at which the minimum
    /// is attained (keyed by cell index; together with the published values they satisfy every
    /// constraint that mentions any of these cells).
    public let lowerWitness: [Int: ExactFraction]
    /// Values at which the maximum is attained; when `upper` is `nil`, a feasible starting point
    /// of the ray below.
    public let upperWitness: [Int: ExactFraction]
    /// When `upper` is `nil`: a non-negative direction that keeps every constraint satisfied and
    /// increases this cell, so `upperWitness + t * upperRay` is feasible for all `t >= 0`.
    public let upperRay: [Int: ExactFraction]?

    /// Every integer value the cell can take lies in `lowerInteger...upperInteger`.
    public var lowerInteger: Int { lower.ceiling }
    /// `nil` means unbounded.
    public var upperInteger: Int? { upper?.floor }

    /// True when a reader can pin the count to a single integer from the published figures
    /// (the integer-rounded LP bounds coincide).
    public var isExact: Bool { upperInteger == lowerInteger }

    /// `upperInteger - lowerInteger`, or `nil` when unbounded.
    public var integerWidth: Int? { upperInteger.map { $0 - lowerInteger } }

    /// True when the integer-rounded range is at least `width` wide.
    public func isAtLeast(width: Int) -> Bool {
        guard let integerWidth else { return true }
        return integerWidth >= width
    }

    public var description: String { "[\(lower), \(upper.map { "\($0)" } ?? "∞")]" }
}

/// The LP audit: for every hidden cell, the smallest and largest value consistent with the
/// published figures (exact rational simplex, see `VariableBoundSolver`). This is the attack a
/// careful reader can mount with a spreadsheet solver, so a pattern is safe only when it holds
/// up against it.
public enum DisclosureAudit {
    /// Feasible ranges of every hidden cell of `view`, using only what `view` publishes.
    /// Throws `.inconsistentPublishedFigures` if no non-negative values fit the view.
    public static func feasibleRanges(of view: PublishedTableView) throws(DisclosureError) -> [Int: FeasibleRange] {
        try feasibleRanges(of: view, for: view.hiddenCells)
    }

    /// Feasible ranges of the given hidden cells only (cells that are shown are ignored).
    public static func feasibleRanges(of view: PublishedTableView, for targets: [Int]) throws(DisclosureError) -> [Int: FeasibleRange] {
        // Constraints among shown cells only never reach the LP; check them here.
        for (index, constraint) in view.constraints.enumerated() {
            guard !constraint.parts.isEmpty, constraint.cells.allSatisfy(view.knownValues.indices.contains) else {
                throw .malformedConstraint(index: index)
            }
            guard let total = view.knownValues[constraint.total] else { continue }
            var sum = 0
            var allKnown = true
            for part in constraint.parts {
                guard let value = view.knownValues[part] else {
                    allKnown = false
                    break
                }
                sum += value
            }
            if allKnown && sum != total { throw .inconsistentPublishedFigures }
        }
        do {
            return try computeRanges(view: view, targets: targets)
        } catch .infeasible {
            throw .inconsistentPublishedFigures
        } catch {
            throw .arithmeticOverflow
        }
    }

    /// Cells of a result that break its protection rule (see `ProtectionRule`); empty when the
    /// pattern is safe. Intended as the last gate before anything is shown or exported.
    public static func violations(in result: SuppressionResult) throws(DisclosureError) -> [ProtectionViolation] {
        let rule = ProtectionRule(minimumCellSize: result.minimumCellSize)
        let view = result.publishedView
        let ranges = try feasibleRanges(of: view)
        var found: [ProtectionViolation] = []
        for (index, cell) in result.table.cells.enumerated() {
            if view.knownValues[index] != nil {
                if rule.isSensitive(cell.value) && !cell.isKnown {
                    found.append(ProtectionViolation(cell: index, kind: .sensitiveCountPublished))
                }
                continue
            }
            guard let range = ranges[index] else { continue }
            if rule.isSensitive(cell.value) || cell.isHiddenElsewhere {
                if !range.isAtLeast(width: rule.minimumCellSize) {
                    found.append(ProtectionViolation(cell: index, kind: .protectionIntervalTooNarrow(range)))
                }
            } else if result.statuses[index] == .suppressedSecondary {
                if range.isExact {
                    found.append(ProtectionViolation(cell: index, kind: .suppressedCellDerivable(range)))
                } else if !range.isAtLeast(width: rule.minimumCellSize) {
                    found.append(ProtectionViolation(cell: index, kind: .protectionIntervalTooNarrow(range)))
                }
            }
        }
        return found
    }

    // MARK: Internals shared with the suppression engine

    /// Groups hidden cells into independent parts: two hidden cells are connected when some
    /// constraint mentions both. A cell's range depends only on its own part.
    static func connectedParts(of view: PublishedTableView) -> [[Int]] {
        let known = view.knownValues
        var parent = Array(known.indices)
        func root(_ cell: Int) -> Int {
            var current = cell
            while parent[current] != current {
                parent[current] = parent[parent[current]]
                current = parent[current]
            }
            return current
        }
        for constraint in view.constraints {
            var firstHidden = -1
            for cell in constraint.cells where known[cell] == nil {
                if firstHidden < 0 {
                    firstHidden = cell
                    continue
                }
                let (a, b) = (root(firstHidden), root(cell))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var partOfRoot = Array(repeating: -1, count: known.count)
        var parts: [[Int]] = []
        for cell in known.indices where known[cell] == nil {
            let cellRoot = root(cell)
            if partOfRoot[cellRoot] >= 0 {
                parts[partOfRoot[cellRoot]].append(cell)
            } else {
                partOfRoot[cellRoot] = parts.count
                parts.append([cell])
            }
        }
        return parts
    }

    static func computeRanges(view: PublishedTableView, targets: [Int]) throws(LinearProgramFailure) -> [Int: FeasibleRange] {
        var ranges = RangeFinder(view: view)
        var result: [Int: FeasibleRange] = [:]
        for cell in targets where view.knownValues[cell] == nil {
            result[cell] = try ranges.range(of: cell, withWitnesses: true)
        }
        return result
    }
}

/// Feasible ranges of hidden cells of one published view, one LP per connected part, built
/// lazily and reused for every cell of the part (phase 1 once, then warm-started bounds).
struct RangeFinder {
    let view: PublishedTableView
    private let parts: [[Int]]
    /// Index into `parts` for hidden cells, -1 for shown cells.
    private let partOfCell: [Int]
    private var solvers: [Int: VariableBoundSolver] = [:]

    init(view: PublishedTableView) {
        self.view = view
        parts = DisclosureAudit.connectedParts(of: view)
        var partOfCell = Array(repeating: -1, count: view.knownValues.count)
        for (partIndex, part) in parts.enumerated() {
            for cell in part { partOfCell[cell] = partIndex }
        }
        self.partOfCell = partOfCell
    }

    /// The hidden cells that share constraints, directly or through other hidden cells, with `cell`.
    func part(containing cell: Int) -> [Int]? {
        partOfCell[cell] >= 0 ? parts[partOfCell[cell]] : nil
    }

    mutating func range(of cell: Int, withWitnesses: Bool = false) throws(LinearProgramFailure) -> FeasibleRange {
        let (part, variable) = try prepare(cell)
        guard case let .attained(lower, lowerPoint) = try solvers[partOfCell[cell]]!.minimum(of: variable) else {
            throw .infeasible  // Non-negative variables are always bounded below.
        }
        func byCell(_ vector: [ExactFraction]) -> [Int: ExactFraction] {
            guard withWitnesses else { return [:] }
            var result: [Int: ExactFraction] = [:]
            for (index, member) in part.enumerated() { result[member] = vector[index] }
            return result
        }
        switch try solvers[partOfCell[cell]]!.maximum(of: variable) {
        case let .attained(upper, upperPoint):
            return FeasibleRange(lower: lower, upper: upper, lowerWitness: byCell(lowerPoint),
                                 upperWitness: byCell(upperPoint), upperRay: nil)
        case let .unbounded(point, ray):
            return FeasibleRange(lower: lower, upper: nil, lowerWitness: byCell(lowerPoint),
                                 upperWitness: byCell(point), upperRay: withWitnesses ? byCell(ray) : nil)
        case .reached:
            throw .infeasible  // Not requested.
        }
    }

    /// Whether the integer-rounded range of `cell` is at least `width` wide, stopping the
    /// maximisation as soon as that is proven.
    mutating func hasRange(of cell: Int, atLeast width: Int) throws(LinearProgramFailure) -> Bool {
        let (_, variable) = try prepare(cell)
        let partIndex = partOfCell[cell]
        guard case let .attained(lower, _) = try solvers[partIndex]!.minimum(of: variable) else { throw .infeasible }
        let (level, overflow) = lower.ceiling.addingReportingOverflow(width)
        if overflow { throw .arithmeticOverflow }
        switch try solvers[partIndex]!.maximum(of: variable, stopAt: ExactFraction(level)) {
        case .unbounded, .reached: return true
        case let .attained(upper, _): return upper.floor >= level
        }
    }

    private mutating func prepare(_ cell: Int) throws(LinearProgramFailure) -> (part: [Int], variable: Int) {
        let partIndex = partOfCell[cell]
        precondition(partIndex >= 0, "range of a shown cell")
        let part = parts[partIndex]
        if solvers[partIndex] == nil { solvers[partIndex] = try Self.solver(for: part, in: view) }
        return (part, part.firstIndex(of: cell)!)
    }

    /// The equations `total - sum(parts) = 0` restricted to the hidden cells of `part`, with the
    /// published values moved to the right-hand side.
    private static func solver(for part: [Int], in view: PublishedTableView) throws(LinearProgramFailure) -> VariableBoundSolver {
        var variableOfCell = Array(repeating: -1, count: view.knownValues.count)
        for (variable, cell) in part.enumerated() { variableOfCell[cell] = variable }
        var rows: [[Int]] = []
        var rightHandSide: [Int] = []
        for constraint in view.constraints where variableOfCell[constraint.total] >= 0
            || constraint.parts.contains(where: { variableOfCell[$0] >= 0 }) {
            var row = Array(repeating: 0, count: part.count)
            var constant = 0
            for (position, cell) in constraint.cells.enumerated() {
                let sign = position == 0 ? 1 : -1
                let variable = variableOfCell[cell]
                if variable >= 0 {
                    row[variable] += sign
                } else if let known = view.knownValues[cell] {
                    // sign * known moves to the right-hand side.
                    let (moved, overflow) = constant.subtractingReportingOverflow(sign * known)
                    if overflow { throw .arithmeticOverflow }
                    constant = moved
                }
            }
            rows.append(row)
            rightHandSide.append(constant)
        }
        return try VariableBoundSolver(coefficients: rows, rightHandSide: rightHandSide, variableCount: part.count)
    }
}

/// A cell of a suppression result that does not meet the protection rule.
public struct ProtectionViolation: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case sensitiveCountPublished
        case protectionIntervalTooNarrow(FeasibleRange)
        case suppressedCellDerivable(FeasibleRange)
    }

    public let cell: Int
    public let kind: Kind
}
