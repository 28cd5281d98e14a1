import DisclosureAdversary
import XCTest

/// The sparse `RangeSolver` against the dense reference it replaced (`DenseRangeSolver`): on
/// seeded random systems shaped like the reader's (tables with margins, shown and hidden cells,
/// published zeros, several-per-case inequalities, sums over periods, the odd coefficient 2 for
/// fractions), every range must be identical — the LP optimum is unique, so any difference is a
/// bug in one of them.
final class SparseAgainstDenseTests: XCTestCase {
    private struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// A random feasible system: true values first, every equation states what they give.
    private func randomSystem(_ random: inout Random) -> (LinearSystem, [LinearForm]) {
        var s = LinearSystem()
        var truth: [Int] = []
        func variable(_ value: Int) -> Int { truth.append(value); return s.addVariable("v\(truth.count)") }
        func value(of form: LinearForm) -> Rational {
            form.terms.reduce(form.constant) { $0 + $1.value * Rational(truth[$1.key]) }
        }
        var objectives: [LinearForm] = []
        // One to three tables (rows × cols cells, both margins), some linked by a shared margin.
        var previousRowTotals: [Int] = []
        for _ in 0..<(1 + random.next(3)) {
            let linked = !previousRowTotals.isEmpty && random.next(2) == 0
            let rows = linked ? previousRowTotals.count : 2 + random.next(3), cols = 2 + random.next(4)
            var values = (0..<(rows * cols)).map { _ in random.next(5) == 0 ? 0 : random.next(12) }
            if linked {
                // The same row totals as the previous table (one figure in two places), split anew.
                values = [Int](repeating: 0, count: rows * cols)
                for r in 0..<rows { for _ in 0..<truth[previousRowTotals[r]] { values[r * cols + random.next(cols)] += 1 } }
            }
            let cells = values.map { variable($0) }
            let rowTotals = (0..<rows).map { r in variable((0..<cols).map { truth[cells[r * cols + $0]] }.reduce(0, +)) }
            let colTotals = (0..<cols).map { c in variable((0..<rows).map { truth[cells[$0 * cols + c]] }.reduce(0, +)) }
            for r in 0..<rows { s.equate(.variable(rowTotals[r]), .sum((0..<cols).map { cells[r * cols + $0] })) }
            for c in 0..<cols { s.equate(.variable(colTotals[c]), .sum((0..<rows).map { cells[$0 * cols + c] })) }
            if linked { for r in 0..<rows { s.equate(.variable(rowTotals[r]), .variable(previousRowTotals[r])) } }
            previousRowTotals = rowTotals
            for v in cells + rowTotals + colTotals {
                switch random.next(10) {
                case 0..<4: s.equate(.variable(v), LinearForm(constant: Rational(truth[v])))     // shown
                case 4..<9: objectives.append(.variable(v))                                    // hidden
                default: break                                                                  // named by nothing
                }
            }
            // Several per case: each type ≤ the total, the total ≤ the sum of the types.
            if random.next(3) == 0, let total = rowTotals.first {
                let types = (0..<(2 + random.next(3))).map { _ in variable(random.next(truth[total] + 1)) }
                for t in types { s.bound(.variable(t), atMost: .variable(total)); objectives.append(.variable(t)) }
                if types.map({ truth[$0] }).reduce(0, +) >= truth[total] { s.bound(.variable(total), atMost: .sum(types)) }
            }
        }
        // A few random relations with small coefficients (fractions come from the 2s).
        let count = truth.count
        for _ in 0..<random.next(3) {
            var form = LinearForm()
            for _ in 0..<(2 + random.next(3)) { form.add(Rational(random.next(4) == 0 ? 2 : (random.next(2) == 0 ? 1 : -1)), random.next(count)) }
            if form.terms.isEmpty { continue }
            s.equate(form, LinearForm(constant: value(of: form)))
        }
        // Sums of hidden cells (a figure over several periods or categories).
        for _ in 0..<random.next(4) where objectives.count >= 2 {
            objectives.append(objectives[random.next(objectives.count)] + objectives[random.next(objectives.count)])
        }
        return (s, objectives)
    }

    func testRandomSystemsGiveTheDenseSolversRanges() throws {
        var random = Random(state: 0x5A_0E5E)
        var compared = 0, narrow = 0, fractional = 0
        for round in 0..<300 {
            let (s, objectives) = randomSystem(&random)
            // With objectives (presolve may drop what no objective names) and without.
            let withObjectives = round % 2 == 0
            let fast = try RangeSolver(s, objectives: withObjectives ? objectives : [])
            let dense = try DenseRangeSolver(s, objectives: withObjectives ? objectives : [])
            for form in objectives {
                let a = try fast.range(of: form), b = try dense.range(of: form)
                XCTAssertEqual(a, b, "round \(round): \(form.sortedTerms.map(\.index))")
                compared += 1
                if a.isNarrower(than: 5) { narrow += 1 }
                if a.minimum?.isInteger == false || a.maximum?.isInteger == false { fractional += 1 }
            }
        }
        // The systems must exercise the interesting cases, or the comparison proves little.
        XCTAssertGreaterThan(compared, 3000)
        XCTAssertGreaterThan(narrow, 100)
        XCTAssertGreaterThan(fractional, 10)
        print("sparse = dense on \(compared) ranges (\(narrow) narrower than 5, \(fractional) with a fractional bound)")
    }

    /// Contradictory figures are refused by both (here only phase 1 can tell).
    func testInfeasibleRandomSystemsAreRefusedByBoth() throws {
        var random = Random(state: 0xBAD)
        for round in 0..<100 {
            var (s, _) = randomSystem(&random)
            // x + y = c and x + y ≥ c + 1: left for phase 1, since no single equation shows it.
            let x = random.next(s.variableCount), y = (x + 1 + random.next(s.variableCount - 1)) % s.variableCount
            let c = 1 + random.next(20)
            s.equate(.sum([x, y]), LinearForm(constant: Rational(c)))
            s.bound(LinearForm(constant: Rational(c + 1)), atMost: .sum([x, y]))
            // A part's simplex is built when a range in it is first asked for.
            XCTAssertThrowsError(try RangeSolver(s).range(of: .sum([x, y])), "round \(round)")
            XCTAssertThrowsError(try DenseRangeSolver(s).range(of: .sum([x, y])), "round \(round)")
        }
    }
}
