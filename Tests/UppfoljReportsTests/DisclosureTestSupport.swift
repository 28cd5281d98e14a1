import XCTest
@testable import UppfoljReports

/// Independent checks of an audit's claims, written against the published view only and using
/// plain integer arithmetic (no simplex, no shared code with the suppression engine).
enum WitnessCheck {
    /// Verifies that `range` is backed by feasible points: the lower witness attains `lower`, the
    /// upper witness attains `upper` (or, when unbounded, the ray is a valid direction that
    /// increases the cell). Returns a description of the first problem, or nil.
    static func problem(cell: Int, range: FeasibleRange, view: PublishedTableView) -> String? {
        if let problem = pointProblem(range.lowerWitness, view: view) { return "lower witness: \(problem)" }
        if range.lowerWitness[cell] != range.lower { return "lower witness does not attain lower bound" }
        if let problem = pointProblem(range.upperWitness, view: view) { return "upper witness: \(problem)" }
        if let upper = range.upper {
            if range.upperWitness[cell] != upper { return "upper witness does not attain upper bound" }
        } else {
            guard let ray = range.upperRay else { return "unbounded without ray" }
            if let problem = rayProblem(ray, view: view) { return "ray: \(problem)" }
            guard let step = ray[cell], step.numerator > 0 else { return "ray does not increase the cell" }
        }
        return nil
    }

    /// Every value non-negative, every constraint that mentions a witnessed cell satisfied exactly.
    static func pointProblem(_ point: [Int: ExactFraction], view: PublishedTableView) -> String? {
        let denominator = commonDenominator(point.values)
        for (_, value) in point where value.numerator < 0 { return "negative value" }
        return constraintProblem(view: view, cells: point) { cell in
            if let known = view.knownValues[cell] { return known * denominator }
            guard let value = point[cell] else { return nil }
            return value.numerator * (denominator / value.denominator)
        }
    }

    /// Every entry non-negative and A d = 0 on every constraint that mentions a ray cell.
    static func rayProblem(_ ray: [Int: ExactFraction], view: PublishedTableView) -> String? {
        let denominator = commonDenominator(ray.values)
        for (_, value) in ray where value.numerator < 0 { return "negative direction" }
        return constraintProblem(view: view, cells: ray) { cell in
            if view.knownValues[cell] != nil { return 0 }
            guard let value = ray[cell] else { return nil }
            return value.numerator * (denominator / value.denominator)
        }
    }

    private static func constraintProblem(view: PublishedTableView, cells: [Int: ExactFraction],
                                          scaledValue: (Int) -> Int?) -> String? {
        for (index, constraint) in view.constraints.enumerated()
        where constraint.cells.contains(where: { cells[$0] != nil }) {
            guard let total = scaledValue(constraint.total) else { return "constraint \(index) has an unvalued cell" }
            var sum = 0
            for part in constraint.parts {
                guard let value = scaledValue(part) else { return "constraint \(index) has an unvalued cell" }
                sum += value
            }
            if sum != total { return "constraint \(index) violated: \(total) != \(sum)" }
        }
        return nil
    }

    private static func commonDenominator(_ values: Dictionary<Int, ExactFraction>.Values) -> Int {
        values.reduce(1) { lcm($0, $1.denominator) }
    }

    private static func lcm(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return a / x * b
    }
}

extension SuppressionResult {
    /// Compact picture of a pattern for assertions: one character per cell in table order,
    /// "P" primary, "S" secondary, "." published, "-" not published.
    var patternCode: String {
        String(statuses.map { status -> Character in
            switch status {
            case .published: return "."
            case .suppressedPrimary: return "P"
            case .suppressedSecondary: return "S"
            case .notPublished: return "-"
            }
        })
    }

    /// The grid coordinates of the cells with the given status kind, for readable assertions.
    func coordinates(where predicate: (CellStatus) -> Bool) -> [[Int?]] {
        statuses.indices.filter { predicate(statuses[$0]) }.map { table.cells[$0].coordinates }
    }

    /// The table as text, rows of the last dimension, for failure messages.
    var rendering: String {
        statuses.indices.map { "\(table.label(of: $0))=\(table.cells[$0].value):\(displayText(at: $0) ?? "-")" }
            .joined(separator: " ")
    }
}

/// Integer bounds of a hidden cell by a small branch and bound over the LP, for the rare cells
/// whose LP bounds are fractional (3-D tables only; 2-D constraint matrices are totally
/// unimodular). Shows that rounding the LP bounds inwards does not overstate the protection.
enum IntegerBounds {
    /// `(minimum, maximum)` over the integers, `nil` maximum meaning unbounded.
    static func of(cell: Int, in view: PublishedTableView) throws -> (Int, Int?) {
        let part = DisclosureAudit.connectedParts(of: view).first { $0.contains(cell) }!
        var variableOf: [Int: Int] = [:]
        for (index, member) in part.enumerated() { variableOf[member] = index }
        var rows: [[Int]] = []
        var rightHandSide: [Int] = []
        for constraint in view.constraints where constraint.cells.contains(where: { variableOf[$0] != nil }) {
            var row = Array(repeating: 0, count: part.count)
            var constant = 0
            for (position, member) in constraint.cells.enumerated() {
                let sign = position == 0 ? 1 : -1
                if let variable = variableOf[member] { row[variable] += sign } else { constant -= sign * view.knownValues[member]! }
            }
            rows.append(row)
            rightHandSide.append(constant)
        }
        let variable = variableOf[cell]!
        let minimum = try bound(rows, rightHandSide, variable, maximize: false)!
        let maximum = try bound(rows, rightHandSide, variable, maximize: true)
        return (minimum, maximum == Int.max ? nil : maximum)
    }

    /// Branches on the first fractional variable of the optimal vertex: x_j <= floor or x_j >= ceil,
    /// each added as an equation with a fresh slack variable. `nil` when infeasible.
    private static func bound(_ rows: [[Int]], _ rightHandSide: [Int], _ variable: Int, maximize: Bool) throws -> Int? {
        let count = rows.first?.count ?? 0
        guard var solver = try? VariableBoundSolver(coefficients: rows, rightHandSide: rightHandSide, variableCount: count)
        else { return nil }
        let result = maximize ? try solver.maximum(of: variable) : try solver.minimum(of: variable)
        guard case let .attained(value, point) = result else { return Int.max }
        guard let branch = point.indices.first(where: { !point[$0].isInteger }) else {
            return maximize ? value.floor : value.ceiling
        }
        var found: [Int] = []
        for (slackSign, level) in [(1, point[branch].floor), (-1, point[branch].ceiling)] {
            var extended = rows.map { $0 + [0] }
            var row = Array(repeating: 0, count: count + 1)
            row[branch] = 1
            row[count] = slackSign
            extended.append(row)
            if let bound = try bound(extended, rightHandSide + [level], variable, maximize: maximize) { found.append(bound) }
        }
        return maximize ? found.max() : found.min()
    }
}
