/// The range a reader can derive for one linear expression of the unknowns.
public struct DerivedRange: Hashable, Sendable, CustomStringConvertible {
    /// The LP minimum and maximum over x ≥ 0 and every equation and inequality; nil = unbounded.
    public let minimum: Rational?
    public let maximum: Rational?

    public init(minimum: Rational?, maximum: Rational?) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The integer range, rounded inwards: L = ⌈min⌉, U = ⌊max⌋ (nil = unbounded).
    public var lower: Int128? { minimum?.ceiling }
    public var upper: Int128? { maximum?.floor }

    /// U − L, nil when unbounded.
    public var width: Int128? {
        guard let lower, let upper else { return nil }
        return upper - lower
    }

    public var isExact: Bool { width == 0 }

    /// The leak test: the reader's range is narrower than k.
    public func isNarrower(than k: Int) -> Bool {
        guard let width else { return false }
        return width < Int128(k)
    }

    public var description: String {
        "[\(lower.map { "\($0)" } ?? "-∞"), \(upper.map { "\($0)" } ?? "∞")]"
    }
}

public enum SolverError: Error, CustomStringConvertible {
    case infeasible(String)
    public var description: String {
        switch self { case .infeasible(let why): return "the released figures contradict each other: \(why)" }
    }
}

/// Exact ranges of linear expressions over { x ≥ 0 : equations, inequalities }.
///
/// 1. Presolve: substitute known values; an equation with one unknown fixes it; an equation whose
///    unknowns all have the same sign and whose right side is 0 fixes them all at 0 (a published
///    zero). Repeat until nothing changes. This alone finds most exact disclosures.
/// 2. The unknowns left fall into connected parts (sharing an equation); each part is one LP.
/// 3. Per part, a two-phase primal simplex over a sparse tableau of exact rationals (`Simplex`):
///    steepest-edge pricing (approximate norms, exact values), with Bland's rule (lowest index
///    enters, lowest basic index leaves on ties) after a run of degenerate pivots, so it cannot
///    cycle. Phase 1 runs once per part; every objective after it starts from the previous
///    optimal basis.
/// An expression touching several parts is the sum of independent parts, so its minimum is the sum
/// of their minima.
public final class RangeSolver {
    private var equations: [(terms: [(Int, Rational)], rhs: Rational)] = []
    private var fixed: [Int: Rational] = [:]
    private var componentOf: [Int: Int] = [:]
    private var componentEquations: [[Int]] = []
    private var simplexes: [Int: Simplex] = [:]
    public private(set) var variableCount = 0
    public private(set) var presolveFixed = 0

    /// - Parameter objectives: the expressions whose ranges will be asked for; presolve keeps
    ///   their unknowns (it may drop others that cannot affect any range).
    public init(_ system: LinearSystem, objectives: [LinearForm] = []) throws {
        var count = system.variableCount
        for form in system.equations {
            equations.append((form.sortedTerms.map { ($0.index, $0.coefficient) }, -form.constant))
        }
        for form in system.inequalities {
            // form ≤ 0  ⇔  form + s = 0 with a slack s ≥ 0.
            var terms = form.sortedTerms.map { ($0.index, $0.coefficient) }
            terms.append((count, .one))
            count += 1
            equations.append((terms, -form.constant))
        }
        variableCount = count
        try presolve()
        for form in objectives { for v in form.terms.keys { protected.insert(v) } }
        dropRedundant(protectAll: objectives.isEmpty)
        buildComponents()
    }

    /// The value of a variable if presolve fixed it.
    public func fixedValue(of variable: Int) -> Rational? { fixed[variable] }

    private func presolve() throws {
        var active = Array(equations.indices)
        var changed = true
        while changed {
            changed = false
            var stillActive: [Int] = []
            for e in active {
                var rhs = equations[e].rhs
                var terms: [(Int, Rational)] = []
                for (v, a) in equations[e].terms {
                    if let value = fixed[v] { rhs = rhs - a * value } else { terms.append((v, a)) }
                }
                equations[e] = (terms, rhs)
                if terms.isEmpty {
                    if !rhs.isZero { throw SolverError.infeasible("an equation reduces to 0 = \(rhs)") }
                    continue
                }
                if terms.count == 1 {
                    let value = rhs / terms[0].1
                    if value.sign < 0 { throw SolverError.infeasible("an unknown would be \(value)") }
                    fixed[terms[0].0] = value
                    changed = true
                    continue
                }
                let positive = terms.allSatisfy { $0.1.sign > 0 }, negative = terms.allSatisfy { $0.1.sign < 0 }
                if positive || negative {
                    let s = rhs.sign * (positive ? 1 : -1)
                    if s < 0 { throw SolverError.infeasible("non-negative unknowns with a negative sum") }
                    if s == 0 {
                        for (v, _) in terms { fixed[v] = .zero }
                        changed = true
                        continue
                    }
                }
                stillActive.append(e)
            }
            active = stillActive
        }
        equations = active.map { equations[$0] }
        presolveFixed = fixed.count
    }

    private var protected = Set<Int>()
    public private(set) var droppedEquations = 0

    /// Removes equations that can never bind, and exact duplicates. An equation a·x + Σ c·y = b
    /// whose x appears in no other equation and in no objective only says x = (b − Σ c·y)/a ≥ 0;
    /// when sign(a)·b ≥ 0 and every sign(a)·c ≤ 0 that holds for all y ≥ 0, so the equation
    /// and x go (typically a margin that no figure names). Repeated until nothing changes. Without
    /// objectives (a caller asking for any expression) only duplicates go.
    private func dropRedundant(protectAll: Bool) {
        var seen = Set<String>()
        var unique: [(terms: [(Int, Rational)], rhs: Rational)] = []
        for equation in equations {
            // Scale so the first coefficient is 1: the same equation written twice has one spelling.
            let first = equation.terms[0].1
            let signature = equation.terms.map { "\($0.0):\($0.1 / first)" }.joined(separator: ",") + "=\(equation.rhs / first)"
            if seen.insert(signature).inserted { unique.append(equation) }
        }
        droppedEquations = equations.count - unique.count
        equations = unique
        if protectAll { return }
        var alive = [Bool](repeating: true, count: equations.count)
        var occurrences: [Int: Int] = [:]
        for equation in equations { for (v, _) in equation.terms { occurrences[v, default: 0] += 1 } }
        var changed = true
        while changed {
            changed = false
            for e in equations.indices where alive[e] {
                let equation = equations[e]
                let free = equation.terms.first { occurrences[$0.0] == 1 && !protected.contains($0.0) }
                guard let (x, a) = free else { continue }
                let sign = a.sign
                guard sign * equation.rhs.sign >= 0,
                      equation.terms.allSatisfy({ $0.0 == x || sign * $0.1.sign <= 0 }) else { continue }
                alive[e] = false
                droppedEquations += 1
                for (v, _) in equation.terms { occurrences[v]! -= 1 }
                changed = true
            }
        }
        equations = equations.indices.filter { alive[$0] }.map { equations[$0] }
    }

    private func buildComponents() {
        var parent: [Int: Int] = [:]
        func find(_ v: Int) -> Int {
            var root = v
            while let p = parent[root], p != root { root = p }
            var node = v
            while let p = parent[node], p != root { parent[node] = root; node = p }
            return root
        }
        for equation in equations {
            let first = equation.terms[0].0
            if parent[first] == nil { parent[first] = first }
            for (v, _) in equation.terms.dropFirst() {
                if parent[v] == nil { parent[v] = v }
                let a = find(first), b = find(v)
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var ids: [Int: Int] = [:]
        for v in parent.keys.sorted() {
            let root = find(v)
            if ids[root] == nil { ids[root] = ids.count; componentEquations.append([]) }
            componentOf[v] = ids[root]!
        }
        for (e, equation) in equations.enumerated() {
            componentEquations[componentOf[equation.terms[0].0]!].append(e)
        }
    }

    public var partSizes: [Int] { componentEquations.map(\.count) }

    /// The derivable range of `form`.
    public func range(of form: LinearForm) throws -> DerivedRange {
        var constant = form.constant
        var parts: [Int: [Int: Rational]] = [:]
        var unboundedAbove = false, unboundedBelow = false
        for (v, a) in form.sortedTerms {
            if let value = fixed[v] { constant = constant + a * value; continue }
            guard let c = componentOf[v] else {
                // In no equation: only x ≥ 0 holds.
                if a.sign > 0 { unboundedAbove = true } else { unboundedBelow = true }
                continue
            }
            parts[c, default: [:]][v] = a
        }
        var minimum: Rational? = unboundedBelow ? nil : constant
        var maximum: Rational? = unboundedAbove ? nil : constant
        for c in parts.keys.sorted() {
            let simplex = try self.simplex(c)
            let cost = parts[c]!
            if minimum != nil {
                if let low = simplex.minimize(cost) { minimum = minimum! + low } else { minimum = nil }
            }
            if maximum != nil {
                if let negHigh = simplex.minimize(cost.mapValues { -$0 }) { maximum = maximum! - negHigh } else { maximum = nil }
            }
        }
        return DerivedRange(minimum: minimum, maximum: maximum)
    }

    /// nil when the range of `form` is at least `k` wide, else its exact range — often without
    /// solving both linear programmes to the end: a feasible point at least k from the other side
    /// settles it. With `value` (a point the form takes, the true count), one programme run
    /// until it passes value ± k usually does.
    public func narrowRange(of form: LinearForm, k: Int, value: Int? = nil) throws -> DerivedRange? {
        var constant = form.constant
        var parts: [Int: [Int: Rational]] = [:]
        for (v, a) in form.sortedTerms {
            if let fixedValue = fixed[v] { constant = constant + a * fixedValue; continue }
            // An unknown in no equation is unbounded: the range is infinite.
            guard let c = componentOf[v] else { return nil }
            parts[c, default: [:]][v] = a
        }
        // Several parts: their sum's range is the sum of ranges; solve them in full.
        guard parts.count == 1, let (c, cost) = parts.first else {
            let range = try self.range(of: form)
            return range.isNarrower(than: k) ? range : nil
        }
        let simplex = try self.simplex(c)
        let negated = cost.mapValues { -$0 }
        let width = Rational(k)
        // The maximum, stopped as soon as it passes value + k (then the integer range
        // [⌈min⌉, ⌊max⌋], which holds value, is at least k wide); otherwise it is the maximum.
        let negHigh: Rational
        if let value {
            let target = Rational(value) + width - constant
            guard let reached = simplex.minimize(negated, stopAt: -target), reached > -target else { return nil }
            negHigh = reached
        } else {
            guard let reached = simplex.minimize(negated) else { return nil }
            negHigh = reached
        }
        let maximum = constant - negHigh
        // A feasible point at or below ⌊max⌋ − k settles it: ⌈min⌉ ≤ ⌊max⌋ − k.
        let stop = Rational(maximum.floor - Int128(k), 1) - constant
        guard let low = simplex.minimize(cost, stopAt: stop) else { return nil }
        if low <= stop { return nil }
        let range = DerivedRange(minimum: constant + low, maximum: maximum)
        return range.isNarrower(than: k) ? range : nil
    }

    private func simplex(_ component: Int) throws -> Simplex {
        if let existing = simplexes[component] { return existing }
        let rows = componentEquations[component].map { equations[$0] }
        let made = try Simplex(rows)
        simplexes[component] = made
        return made
    }
}

/// A sparse exact simplex tableau over one part's equations (A x = b, x ≥ 0).
///
/// Each row is a sorted sparse vector (column indices and exact values) with its right side
/// beside it; the systems are network-like (0/±1 coefficients, a few terms per equation) and
/// stay sparse under elimination, so a pivot costs the rows that meet the entering column times
/// the pivot row's length, not m × n.
///
/// Phase 1 starts from a unit column where a row has one (a slack, or an unknown in no other
/// row); a row with right side 0 takes any of its columns at once (a degenerate pivot: the
/// entering unknown stays 0, no right side moves); only the rows left get an artificial, and
/// artificials have no column at all (they never re-enter, so their columns — the basis
/// inverse — are never read). Without this start, phase 1 stalled for thousands of degenerate
/// pivots on the published zeros.
///
/// Pricing is steepest edge with each column's norm approximated by its number of non-zeros
/// (the entries are mostly ±1), kept up to date by the pivots; it cut the pivots of the sample's
/// exports 2–5 fold against Dantzig's rule. Only the choice of column uses the approximation, in
/// floating point; every value is exact. After 30 degenerate pivots in a row, Bland's rule
/// takes over until a pivot makes progress, so it cannot cycle. The optimum of a linear
/// programme is unique, so every range equals the dense tableau's (`DenseRangeSolver` in
/// Tests/DisclosureAdversaryTests checks this).
final class Simplex {
    private var columns: [Int] = []              // local column → global variable
    private var local: [Int: Int] = [:]          // global variable → local column
    private var rowColumns: [[Int32]] = []       // per row: sorted column indices of non-zeros
    private var rowValues: [[Rational]] = []     // per row: the values, aligned with rowColumns
    private var rhs: [Rational] = []
    private var basis: [Int] = []                // basic column of each row; -1 = an artificial
    private var columnCount: [Int32] = []        // non-zeros per column (pricing's norm)
    private var n = 0
    private(set) var pivots = 0

    init(_ equations: [(terms: [(Int, Rational)], rhs: Rational)]) throws {
        for equation in equations {
            for (v, _) in equation.terms where local[v] == nil {
                local[v] = columns.count
                columns.append(v)
            }
        }
        n = columns.count
        columnCount = [Int32](repeating: 0, count: n)
        for equation in equations {
            let flip = equation.rhs.sign < 0
            var entries = equation.terms.map { (Int32(local[$0.0]!), flip ? -$0.1 : $0.1) }
            entries.sort { $0.0 < $1.0 }
            rowColumns.append(entries.map(\.0))
            rowValues.append(entries.map(\.1))
            rhs.append(flip ? -equation.rhs : equation.rhs)
            for (j, _) in entries { columnCount[Int(j)] += 1 }
        }
        // Phase 1's start: a column in this row only, with a positive entry, is basic after
        // scaling the row; the other rows get an artificial (basis −1).
        basis = [Int](repeating: -1, count: rowColumns.count)
        for i in rowColumns.indices {
            guard let position = rowColumns[i].indices.first(where: {
                columnCount[Int(rowColumns[i][$0])] == 1 && rowValues[i][$0].sign > 0
            }) else { continue }
            let p = rowValues[i][position]
            if p != .one {
                for k in rowValues[i].indices { rowValues[i][k] = rowValues[i][k] / p }
                rhs[i] = rhs[i] / p
            }
            basis[i] = Int(rowColumns[i][position])
        }
        // An artificial at level 0 leaves for any column with a non-zero in its row (a basic
        // column has none there): prefer a ±1 entry (no fractions) in the column with the fewest
        // entries (least fill-in).
        var none = [Rational](repeating: .zero, count: n + 1)
        for i in rowColumns.indices where basis[i] < 0 && rhs[i].isZero {
            var best = -1, bestScore = Int.max
            for (k, j) in rowColumns[i].enumerated() {
                let value = rowValues[i][k]
                let score = Int(columnCount[Int(j)]) + (value.isInteger && value.numerator.magnitude == 1 ? 0 : 1 << 30)
                if score < bestScore { best = Int(j); bestScore = score }
            }
            if best >= 0 { pivot(row: i, column: best, objective: &none) }
        }
        // Phase 1: minimise the sum of the artificials, in terms of the non-basic columns.
        var objective = [Rational](repeating: .zero, count: n + 1)
        for i in rowColumns.indices where basis[i] < 0 {
            for (k, j) in rowColumns[i].enumerated() { objective[Int(j)] = objective[Int(j)] - rowValues[i][k] }
            objective[n] = objective[n] - rhs[i]
        }
        run(&objective)
        if !objective[n].isZero {
            throw SolverError.infeasible("phase 1 ends at \(-objective[n])")
        }
        // Drive artificials out of the basis (at level 0, so any non-zero entry will do); a row
        // with no entry left is redundant.
        var keep: [Int] = []
        for i in rowColumns.indices {
            if basis[i] >= 0 { keep.append(i); continue }
            if let j = rowColumns[i].first {
                pivot(row: i, column: Int(j), objective: &none)
                keep.append(i)
            }
        }
        if keep.count < rowColumns.count {
            rowColumns = keep.map { rowColumns[$0] }
            rowValues = keep.map { rowValues[$0] }
            rhs = keep.map { rhs[$0] }
            basis = keep.map { basis[$0] }
        }
    }

    /// min Σ cost·x from the current basis; nil when unbounded below. The basis stays where the
    /// optimum was found, to warm-start the next objective.
    /// With `stopAt`, it stops as soon as a basis reaches that value or less (the primal simplex
    /// only ever lowers the objective) and returns that value.
    func minimize(_ cost: [Int: Rational], stopAt: Rational? = nil) -> Rational? {
        var objective = [Rational](repeating: .zero, count: n + 1)
        for (v, a) in cost { objective[local[v]!] = a }
        for (i, b) in basis.enumerated() {
            guard let c = cost[columns[b]], !c.isZero else { continue }
            let values = rowValues[i]
            for (k, j) in rowColumns[i].enumerated() { objective[Int(j)] = objective[Int(j)] - c * values[k] }
            objective[n] = objective[n] - c * rhs[i]
        }
        guard run(&objective, stopAt: stopAt) else { return nil }
        return -objective[n]
    }

    /// The position of column `j` in row `i`, if the row has a non-zero there.
    @inline(__always) private func position(of j: Int32, inRow i: Int) -> Int? {
        rowColumns[i].withUnsafeBufferPointer { cols in
            var low = 0, high = cols.count
            while low < high {
                let mid = (low + high) >> 1
                if cols[mid] < j { low = mid + 1 } else { high = mid }
            }
            return low < cols.count && cols[low] == j ? low : nil
        }
    }

    /// Every row with a non-zero in column `e`, with the entry's position.
    private func rows(meeting e: Int, into list: inout [(row: Int, position: Int)]) {
        list.removeAll(keepingCapacity: true)
        let e32 = Int32(e)
        for i in rowColumns.indices {
            if let k = position(of: e32, inRow: i) { list.append((i, k)) }
        }
    }

    /// Pivots until optimal (true) or unbounded (false).
    @discardableResult
    private func run(_ objective: inout [Rational], stopAt: Rational? = nil) -> Bool {
        var degenerate = 0
        var column: [(row: Int, position: Int)] = []
        while true {
            if let stopAt, -objective[n] <= stopAt { return true }
            var entering = -1
            if degenerate >= 30 {
                entering = (0..<n).first(where: { objective[$0].sign < 0 }) ?? -1
            } else {
                // Steepest edge: the largest d_j² / ‖column j‖², ‖column j‖² ≈ 1 + non-zeros.
                var best = 0.0
                for j in 0..<n where objective[j].sign < 0 {
                    let d = objective[j].approximation
                    let score = d * d / Double(1 + columnCount[j])
                    if score > best { best = score; entering = j }
                }
            }
            if entering < 0 { return true }
            rows(meeting: entering, into: &column)
            // Ratio test; ties go to the lowest basic index (Bland's leaving rule).
            var leaving = -1
            var best = Rational.zero
            for (i, k) in column {
                let a = rowValues[i][k]
                guard a.sign > 0 else { continue }
                let ratio = rhs[i] / a
                if leaving < 0 || ratio < best || (ratio == best && basisOrder(i) < basisOrder(leaving)) {
                    leaving = i
                    best = ratio
                }
            }
            if leaving < 0 { return false }
            degenerate = best.isZero ? degenerate + 1 : 0
            pivot(row: leaving, column: entering, objective: &objective, rows: column)
        }
    }

    /// Bland's order of basic variables: the column's index; row i's artificial is column n + i.
    @inline(__always) private func basisOrder(_ i: Int) -> Int { basis[i] >= 0 ? basis[i] : n + i }

    private func pivot(row r: Int, column e: Int, objective: inout [Rational]) {
        var list: [(row: Int, position: Int)] = []
        rows(meeting: e, into: &list)
        pivot(row: r, column: e, objective: &objective, rows: list)
    }

    /// Pivots on (r, e); `rows` lists every row with a non-zero in column e and its position.
    private func pivot(row r: Int, column e: Int, objective: inout [Rational], rows: [(row: Int, position: Int)]) {
        pivots += 1
        let p = rowValues[r][position(of: Int32(e), inRow: r)!]
        if p != .one {
            for k in rowValues[r].indices { rowValues[r][k] = rowValues[r][k] / p }
            rhs[r] = rhs[r] / p
        }
        let pivotColumns = rowColumns[r], pivotValues = rowValues[r], pivotRhs = rhs[r]
        var mergedColumns: [Int32] = [], mergedValues: [Rational] = []
        for (i, k) in rows where i != r {
            let f = rowValues[i][k]
            // row_i −= f · row_r: a merge of two sorted sparse vectors; exact zeros drop out
            // (column e among them), and the column counts follow.
            let columnsI = rowColumns[i], valuesI = rowValues[i]
            mergedColumns.removeAll(keepingCapacity: true)
            mergedValues.removeAll(keepingCapacity: true)
            mergedColumns.reserveCapacity(columnsI.count + pivotColumns.count)
            mergedValues.reserveCapacity(columnsI.count + pivotColumns.count)
            var a = 0, b = 0
            while a < columnsI.count || b < pivotColumns.count {
                let ca = a < columnsI.count ? columnsI[a] : Int32.max
                let cb = b < pivotColumns.count ? pivotColumns[b] : Int32.max
                if ca < cb {
                    mergedColumns.append(ca); mergedValues.append(valuesI[a]); a += 1
                } else if cb < ca {
                    mergedColumns.append(cb); mergedValues.append(-(f * pivotValues[b])); b += 1
                    columnCount[Int(cb)] += 1
                } else {
                    let value = valuesI[a] - f * pivotValues[b]
                    if value.isZero { columnCount[Int(ca)] -= 1 } else { mergedColumns.append(ca); mergedValues.append(value) }
                    a += 1; b += 1
                }
            }
            // Swap the merged vectors in and keep the old storage as the next scratch space.
            swap(&rowColumns[i], &mergedColumns)
            swap(&rowValues[i], &mergedValues)
            rhs[i] = rhs[i] - f * pivotRhs
        }
        let f = objective[e]
        if !f.isZero {
            for (k, j) in pivotColumns.enumerated() { objective[Int(j)] = objective[Int(j)] - f * pivotValues[k] }
            objective[n] = objective[n] - f * pivotRhs
        }
        basis[r] = e
    }
}
