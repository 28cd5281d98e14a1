/// Why a bound could not be computed.
enum LinearProgramFailure: Error, Equatable {
    /// No `x >= 0` satisfies the equations: the published figures contradict each other.
    case infeasible
    /// An exact intermediate value did not fit in 64 bits.
    case arithmeticOverflow
}

/// The answer to "how small / how large can this variable be?".
enum VariableBound: Equatable {
    /// The bound is attained at `point` (a vertex of the feasible region).
    case attained(value: ExactFraction, point: [ExactFraction])
    /// The variable grows without limit: `point + t * ray` is feasible for every `t >= 0`
    /// and the variable's entry in `ray` is positive. Only a maximum can be unbounded here,
    /// since every variable is non-negative.
    case unbounded(point: [ExactFraction], ray: [ExactFraction])
    /// The maximisation stopped as soon as the variable reached the requested level; the true
    /// maximum is at least `value`.
    case reached(value: ExactFraction)
}

/// Exact bounds of single variables over the polyhedron `{ x >= 0 : A x = b }`.
/// After a thrown `.arithmeticOverflow` the solver must not be used again.
///
/// A dense two-phase primal simplex over `ExactFraction` (Dantzig's rule, falling back to Bland's
/// rule after a run of degenerate pivots, so it cannot cycle: arithmetic is exact). Phase 1 runs once; each bound is then a short phase 2 warm-started from the basis the
/// previous bound left behind (the feasible region never changes, only the objective), which
/// keeps the many small solves of an audit cheap. Redundant equations (tables have many: every
/// total is implied twice) are detected in phase 1 and dropped.
struct VariableBoundSolver {
    private let variableCount: Int
    private var rowCount: Int
    /// Row-major tableau, `rowCount x columnCount`.
    private var tableau: [ExactFraction]
    private var columnCount: Int
    private var rightHandSide: [ExactFraction]
    private var basicVariable: [Int]
    private var reducedCost: [ExactFraction]
    private var objectiveValue: ExactFraction = .zero

    /// - Parameters:
    ///   - coefficients: one row per equation, `variableCount` integers each.
    ///   - rightHandSide: one integer per equation.
    init(coefficients: [[Int]], rightHandSide: [Int], variableCount: Int) throws(LinearProgramFailure) {
        precondition(coefficients.count == rightHandSide.count)
        self.variableCount = variableCount
        let equationCount = coefficients.count
        rowCount = equationCount
        // Phase-1 layout: structural variables, then one artificial variable per row.
        columnCount = variableCount + equationCount
        tableau = Array(repeating: .zero, count: rowCount * columnCount)
        self.rightHandSide = []
        basicVariable = []
        reducedCost = Array(repeating: .zero, count: columnCount)
        for row in 0..<equationCount {
            precondition(coefficients[row].count == variableCount)
            if rightHandSide[row] == Int.min { throw .arithmeticOverflow }
            let flip = rightHandSide[row] < 0
            for column in 0..<variableCount where coefficients[row][column] != 0 {
                let value = flip ? -coefficients[row][column] : coefficients[row][column]
                tableau[row * columnCount + column] = ExactFraction(value)
            }
            tableau[row * columnCount + variableCount + row] = .one
            self.rightHandSide.append(ExactFraction(flip ? -rightHandSide[row] : rightHandSide[row]))
            basicVariable.append(variableCount + row)
        }
        do {
            try runPhaseOne()
        } catch is ArithmeticOverflow {
            throw .arithmeticOverflow
        } catch let failure as LinearProgramFailure {
            throw failure
        } catch {
            throw .arithmeticOverflow
        }
    }

    /// The smallest value `variable` takes over the feasible region.
    mutating func minimum(of variable: Int) throws(LinearProgramFailure) -> VariableBound {
        try optimize(variable: variable, sign: 1)
    }

    /// The largest value `variable` takes over the feasible region. With `stopAt`, the search
    /// ends as soon as a feasible point with `variable >= stopAt` is found (`.reached`).
    mutating func maximum(of variable: Int, stopAt level: ExactFraction? = nil) throws(LinearProgramFailure) -> VariableBound {
        try optimize(variable: variable, sign: -1, stopAt: level)
    }

    // MARK: Phases

    private mutating func runPhaseOne() throws {
        // Minimise the sum of artificial variables. Reduced cost of column j: -(sum of column j
        // over all rows) for structural columns, 0 for the (basic) artificial columns.
        for column in 0..<variableCount {
            var sum = ExactFraction.zero
            for row in 0..<rowCount {
                let entry = tableau[row * columnCount + column]
                if !entry.isZero { sum = try sum.adding(entry) }
            }
            reducedCost[column] = try sum.negated()
        }
        var total = ExactFraction.zero
        for value in rightHandSide { total = try total.adding(value) }
        objectiveValue = total
        if case .unbounded = try iterate() {
            // Cannot happen: the phase-1 objective is bounded below by zero.
            throw LinearProgramFailure.infeasible
        }
        if !objectiveValue.isZero { throw LinearProgramFailure.infeasible }
        try driveArtificialVariablesOut()
    }

    /// After phase 1 every artificial variable is zero; pivot the ones still basic out of the
    /// basis, and drop the rows where that is impossible (those equations were redundant).
    private mutating func driveArtificialVariablesOut() throws {
        var redundantRows: [Int] = []
        for row in 0..<rowCount where basicVariable[row] >= variableCount {
            if let column = (0..<variableCount).first(where: { !tableau[row * columnCount + $0].isZero }) {
                try pivot(row: row, column: column)
            } else {
                redundantRows.append(row)
            }
        }
        // Rebuild without artificial columns and redundant rows.
        var keptTableau: [ExactFraction] = []
        keptTableau.reserveCapacity((rowCount - redundantRows.count) * variableCount)
        var keptRightHandSide: [ExactFraction] = []
        var keptBasic: [Int] = []
        for row in 0..<rowCount where !redundantRows.contains(row) {
            let start = row * columnCount
            keptTableau.append(contentsOf: tableau[start..<(start + variableCount)])
            keptRightHandSide.append(rightHandSide[row])
            keptBasic.append(basicVariable[row])
        }
        tableau = keptTableau
        rightHandSide = keptRightHandSide
        basicVariable = keptBasic
        rowCount = keptBasic.count
        columnCount = variableCount
        reducedCost = Array(repeating: .zero, count: columnCount)
    }

    private mutating func optimize(variable: Int, sign: Int, stopAt level: ExactFraction? = nil) throws(LinearProgramFailure) -> VariableBound {
        precondition((0..<variableCount).contains(variable))
        do {
            // Objective: minimise sign * x[variable]. Price it out against the current basis.
            let cost = ExactFraction(sign)
            reducedCost = Array(repeating: .zero, count: columnCount)
            reducedCost[variable] = cost
            objectiveValue = .zero
            if let row = basicVariable.firstIndex(of: variable) {
                for column in 0..<columnCount {
                    let entry = tableau[row * columnCount + column]
                    if !entry.isZero { reducedCost[column] = try reducedCost[column].subtractingProduct(cost, entry) }
                }
                objectiveValue = try cost.multiplied(by: rightHandSide[row])
            }
            // Minimising -x, "x >= level" is "objective <= -level".
            var objectiveTarget: ExactFraction?
            if let level { objectiveTarget = try level.negated() }
            switch try iterate(stopWhenObjectiveAtMost: objectiveTarget) {
            case .stoppedEarly:
                return .reached(value: try objectiveValue.negated())
            case .optimal:
                let value = sign == 1 ? objectiveValue : try objectiveValue.negated()
                return .attained(value: value, point: currentPoint())
            case .unbounded(let enteringColumn):
                return .unbounded(point: currentPoint(), ray: try ray(enteringColumn: enteringColumn))
            }
        } catch is ArithmeticOverflow {
            throw .arithmeticOverflow
        } catch {
            throw .arithmeticOverflow
        }
    }

    // MARK: Simplex core

    private enum IterationOutcome { case optimal, unbounded(enteringColumn: Int), stoppedEarly }

    /// Primal simplex (minimisation) from the current feasible basis. Dantzig's rule (most
    /// negative reduced cost) usually needs fewer pivots; after a run of degenerate pivots the
    /// solve switches to Bland's rule for good, which rules out cycling.
    private mutating func iterate(stopWhenObjectiveAtMost target: ExactFraction? = nil) throws -> IterationOutcome {
        var useBlandsRule = false
        var degenerateRun = 0
        while true {
            if let target, objectiveValue <= target { return .stoppedEarly }
            var entering = -1
            var mostNegative = ExactFraction.zero
            var column = 0
            while column < columnCount {
                let cost = reducedCost[column]
                if cost.isNegative && (entering < 0 || cost < mostNegative) {
                    entering = column
                    mostNegative = cost
                    if useBlandsRule { break }
                }
                column += 1
            }
            if entering < 0 { return .optimal }

            var leavingRow = -1
            var bestRatio = ExactFraction.zero
            var row = 0
            while row < rowCount {
                let entry = tableau[row * columnCount + entering]
                if entry.isPositive {
                    let ratio = try rightHandSide[row].divided(by: entry)
                    if leavingRow < 0 || ratio < bestRatio
                        || (ratio == bestRatio && basicVariable[row] < basicVariable[leavingRow]) {
                        leavingRow = row
                        bestRatio = ratio
                    }
                }
                row += 1
            }
            if leavingRow < 0 { return .unbounded(enteringColumn: entering) }
            if bestRatio.isZero {
                degenerateRun += 1
                if degenerateRun >= Self.degenerateRunBeforeBland { useBlandsRule = true }
            } else {
                degenerateRun = 0
            }
            try pivot(row: leavingRow, column: entering)
        }
    }

    private static let degenerateRunBeforeBland = 20

    private mutating func pivot(row pivotRow: Int, column pivotColumn: Int) throws {
        let width = columnCount
        let pivotStart = pivotRow * width
        let pivotValue = tableau[pivotStart + pivotColumn]
        var nonZeroColumns: [Int] = []
        nonZeroColumns.reserveCapacity(width)
        try tableau.withUnsafeMutableBufferPointer { entries in
            var column = 0
            while column < width {
                let entry = entries[pivotStart + column]
                if !entry.isZero {
                    nonZeroColumns.append(column)
                    if pivotValue != .one { entries[pivotStart + column] = try entry.divided(by: pivotValue) }
                }
                column += 1
            }
        }
        if pivotValue != .one { rightHandSide[pivotRow] = try rightHandSide[pivotRow].divided(by: pivotValue) }
        let pivotRightHandSide = rightHandSide[pivotRow]

        try tableau.withUnsafeMutableBufferPointer { entries in
            var row = 0
            while row < rowCount {
                let rowStart = row * width
                let factor = entries[rowStart + pivotColumn]
                if row != pivotRow && !factor.isZero {
                    for column in nonZeroColumns {
                        entries[rowStart + column] = try entries[rowStart + column]
                            .subtractingProduct(factor, entries[pivotStart + column])
                    }
                    rightHandSide[row] = try rightHandSide[row].subtractingProduct(factor, pivotRightHandSide)
                }
                row += 1
            }
        }
        let costFactor = reducedCost[pivotColumn]
        if !costFactor.isZero {
            for column in nonZeroColumns {
                reducedCost[column] = try reducedCost[column].subtractingProduct(costFactor, tableau[pivotStart + column])
            }
            objectiveValue = try objectiveValue.adding(costFactor.multiplied(by: pivotRightHandSide))
        }
        basicVariable[pivotRow] = pivotColumn
    }

    private func currentPoint() -> [ExactFraction] {
        var point = Array(repeating: ExactFraction.zero, count: variableCount)
        for row in 0..<rowCount where basicVariable[row] < variableCount {
            point[basicVariable[row]] = rightHandSide[row]
        }
        return point
    }

    /// The direction of unboundedness when `enteringColumn` has no positive entry.
    private func ray(enteringColumn: Int) throws -> [ExactFraction] {
        var direction = Array(repeating: ExactFraction.zero, count: variableCount)
        direction[enteringColumn] = .one
        for row in 0..<rowCount {
            let entry = tableau[row * columnCount + enteringColumn]
            if !entry.isZero { direction[basicVariable[row]] = try entry.negated() }
        }
        return direction
    }
}
