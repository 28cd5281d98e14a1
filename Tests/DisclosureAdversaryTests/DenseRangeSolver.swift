import DisclosureAdversary

// The adversary's first solver, kept verbatim as the reference for the differential test
// (DenseRangeSolverDifferentialTests): presolve, parts, and a two-phase primal simplex over a
// dense tableau of exact rationals (one artificial column per row). Slow on real systems (the
// sample's 2024Q1 alone took 24 s), but simple enough to trust; the sparse `RangeSolver` must
// give every range identically.

/// Exact ranges of linear expressions over { x ≥ 0 : equations, inequalities }.
///
/// 1. Presolve: substitute known values; an equation with one unknown fixes it; an equation whose
///    unknowns all have the same sign and whose right side is 0 fixes them all at 0 (a published
///    zero). Repeat until nothing changes. This alone finds most exact disclosures.
/// 2. The unknowns left fall into connected parts (sharing an equation); each part is one LP.
/// 3. Per part, a two-phase primal simplex over exact rationals: Dantzig's pricing, with Bland's
///    rule (lowest index enters, lowest basic index leaves on ties) after a run of degenerate
///    pivots, so it cannot cycle. Phase 1 runs once per part;
///    every objective after it starts from the previous optimal basis.
/// An expression touching several parts is the sum of independent parts, so its minimum is the sum
/// of their minima.
final class DenseRangeSolver {
    private var equations: [(terms: [(Int, Rational)], rhs: Rational)] = []
    private var fixed: [Int: Rational] = [:]
    private var componentOf: [Int: Int] = [:]
    private var componentEquations: [[Int]] = []
    private var simplexes: [Int: DenseSimplex] = [:]
    private(set) var variableCount = 0
    private(set) var presolveFixed = 0

    /// - Parameter objectives: the expressions whose ranges will be asked for; presolve keeps
    ///   their unknowns (it may drop others that cannot affect any range).
    init(_ system: LinearSystem, objectives: [LinearForm] = []) throws {
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
    func fixedValue(of variable: Int) -> Rational? { fixed[variable] }

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
    private(set) var droppedEquations = 0

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

    var partSizes: [Int] { componentEquations.map(\.count) }

    /// The derivable range of `form`.
    func range(of form: LinearForm) throws -> DerivedRange {
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

    private func simplex(_ component: Int) throws -> DenseSimplex {
        if let existing = simplexes[component] { return existing }
        let rows = componentEquations[component].map { equations[$0] }
        let made = try DenseSimplex(rows)
        simplexes[component] = made
        return made
    }
}

/// A dense exact simplex tableau over one part's equations (A x = b, x ≥ 0).
final class DenseSimplex {
    private var columns: [Int] = []              // local column → global variable
    private var local: [Int: Int] = [:]          // global variable → local column
    private var tableau: [[Rational]] = []       // m rows × (n + 1): last entry is the right side
    private var basis: [Int] = []
    private var width = 0                        // n (structural columns after phase 1)

    init(_ equations: [(terms: [(Int, Rational)], rhs: Rational)]) throws {
        for equation in equations {
            for (v, _) in equation.terms where local[v] == nil {
                local[v] = columns.count
                columns.append(v)
            }
        }
        let n = columns.count, m = equations.count
        // Phase 1: one artificial per row, minimise their sum.
        let total = n + m
        tableau = equations.enumerated().map { i, equation in
            var row = [Rational](repeating: .zero, count: total + 1)
            let flip = equation.rhs.sign < 0
            for (v, a) in equation.terms { row[local[v]!] = flip ? -a : a }
            row[n + i] = .one
            row[total] = flip ? -equation.rhs : equation.rhs
            return row
        }
        basis = Array(n..<(n + m))
        var objective = [Rational](repeating: .zero, count: total + 1)
        for row in tableau {
            for j in 0..<n where !row[j].isZero { objective[j] = objective[j] - row[j] }
            objective[total] = objective[total] - row[total]
        }
        width = total
        run(&objective, enteringLimit: n)   // artificials never re-enter
        if !objective[total].isZero {
            throw SolverError.infeasible("phase 1 ends at \(-objective[total])")
        }
        // Drive artificials out of the basis; a row with no structural entry is redundant.
        var keep: [Int] = []
        for i in 0..<tableau.count {
            if basis[i] < n { keep.append(i); continue }
            if let j = (0..<n).first(where: { !tableau[i][$0].isZero }) {
                pivot(row: i, column: j, objective: &objective)
                keep.append(i)
            }
        }
        tableau = keep.map { i in Array(tableau[i][0..<n]) + [tableau[i][total]] }
        basis = keep.map { basis[$0] }
        width = n
    }

    /// min Σ cost·x from the current basis; nil when unbounded below. The basis stays where the
    /// optimum was found, to warm-start the next objective.
    func minimize(_ cost: [Int: Rational]) -> Rational? {
        let n = width
        var objective = [Rational](repeating: .zero, count: n + 1)
        for (v, a) in cost { objective[local[v]!] = a }
        for (i, b) in basis.enumerated() {
            guard let c = cost[columns[b]], !c.isZero else { continue }
            let row = tableau[i]
            for j in 0...n where !row[j].isZero { objective[j] = objective[j] - c * row[j] }
        }
        guard run(&objective, enteringLimit: n) else { return nil }
        return -objective[n]
    }

    /// Pivots until optimal (true) or unbounded (false). Entering column: the most negative
    /// reduced cost (Dantzig); after 30 degenerate pivots in a row, Bland's rule (lowest index
    /// enters, lowest basic index leaves on ties) until a pivot makes progress, so it cannot cycle.
    @discardableResult
    private func run(_ objective: inout [Rational], enteringLimit: Int) -> Bool {
        let rhs = width
        var degenerate = 0
        while true {
            var entering = -1
            if degenerate >= 30 {
                entering = (0..<enteringLimit).first(where: { objective[$0].sign < 0 }) ?? -1
            } else {
                var most = Rational.zero
                for j in 0..<enteringLimit where objective[j] < most { most = objective[j]; entering = j }
            }
            if entering < 0 { return true }
            var leaving = -1
            var best = Rational.zero
            for i in 0..<tableau.count {
                let a = tableau[i][entering]
                guard a.sign > 0 else { continue }
                let ratio = tableau[i][rhs] / a
                if leaving < 0 || ratio < best || (ratio == best && basis[i] < basis[leaving]) {
                    leaving = i
                    best = ratio
                }
            }
            if leaving < 0 { return false }
            degenerate = best.isZero ? degenerate + 1 : 0
            pivot(row: leaving, column: entering, objective: &objective)
        }
    }

    private func pivot(row r: Int, column e: Int, objective: inout [Rational]) {
        let count = tableau[r].count
        let p = tableau[r][e]
        var nonZero: [Int] = []
        for j in 0..<count where !tableau[r][j].isZero {
            tableau[r][j] = tableau[r][j] / p
            nonZero.append(j)
        }
        let pivotRow = tableau[r]
        for i in 0..<tableau.count where i != r {
            let f = tableau[i][e]
            if f.isZero { continue }
            for j in nonZero { tableau[i][j] = tableau[i][j] - f * pivotRow[j] }
        }
        let f = objective[e]
        if !f.isZero {
            for j in nonZero { objective[j] = objective[j] - f * pivotRow[j] }
        }
        basis[r] = e
    }
}
