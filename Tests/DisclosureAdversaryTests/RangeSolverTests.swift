import DisclosureAdversary
import XCTest

/// The solver on systems solved by hand. Each range is also checked against the dense
/// reference solver (`DenseRangeSolver`).
final class RangeSolverTests: XCTestCase {
    /// The sparse solver and the dense reference on one system; `range(of:)` answers the sparse
    /// one's range and fails the test if the dense one differs.
    private struct Both {
        let sparse: RangeSolver, dense: DenseRangeSolver
        init(_ s: LinearSystem, objectives: [LinearForm] = []) throws {
            sparse = try RangeSolver(s, objectives: objectives)
            dense = try DenseRangeSolver(s, objectives: objectives)
        }
        func range(of form: LinearForm, file: StaticString = #filePath, line: UInt = #line) throws -> DerivedRange {
            let range = try sparse.range(of: form)
            XCTAssertEqual(range, try dense.range(of: form), "the sparse solver differs from the dense reference", file: file, line: line)
            return range
        }
    }

    private func system(_ count: Int) -> (LinearSystem, [Int]) {
        var system = LinearSystem()
        let xs = (0..<count).map { system.addVariable("x\($0)") }
        return (system, xs)
    }

    private func value(_ v: Int) -> LinearForm { LinearForm(constant: Rational(v)) }

    func testRationalArithmeticIsExactAndReduced() {
        let a = Rational(1, 3), b = Rational(1, 6)
        XCTAssertEqual(a + b, Rational(1, 2))
        XCTAssertEqual(a - b, Rational(1, 6))
        XCTAssertEqual(a * b, Rational(1, 18))
        XCTAssertEqual(a / b, Rational(2))
        XCTAssertEqual(Rational(-3, 2).floor, -2)
        XCTAssertEqual(Rational(-3, 2).ceiling, -1)
        XCTAssertEqual(Rational(7, 2).floor, 3)
        XCTAssertEqual(Rational(7, 2).ceiling, 4)
        XCTAssertEqual(Rational(4, -6), Rational(-2, 3))
        XCTAssertTrue(Rational(1, 3) < Rational(1, 2))
    }

    /// The 64-bit fast paths hand over to 128 bits where a value or a product does not fit.
    func testRationalArithmeticAcrossThe64BitBoundary() {
        let big = Int128(1) << 70
        XCTAssertEqual(Rational(big, Int128(1) << 65), Rational(32), "a gcd of two numbers beyond 64 bits")
        XCTAssertEqual(Rational(big + 1, big), Rational(big + 1, big), "already reduced")
        let third = Rational(Int128(1) << 62, 3)                 // fits; the sum's numerator does not
        XCTAssertEqual(third + third + third, Rational(Int128(1) << 62, 1))
        XCTAssertEqual(third * Rational(6), Rational(Int128(1) << 63, 1))
        XCTAssertEqual(Rational(Int128(Int64.max), 7) * Rational(14, Int128(Int64.max)), Rational(2))
        XCTAssertEqual(Rational(big, 3) - Rational(big, 3), .zero)
        XCTAssertTrue(Rational(big, 3) < Rational(big, 2))
        XCTAssertTrue(Rational(-big, 2) < Rational(-big, 3))
        XCTAssertFalse(Rational(big, 2) < Rational(big, 2))
        XCTAssertTrue(Rational(Int128.max / 2, 3) < Rational(Int128.max / 2, 2), "a comparison whose cross products need 256 bits")
    }

    /// 2×2 table with every margin shown and one interior cell hidden: it is the row total minus
    /// the shown cell, exactly.
    func testOneHiddenCellOfAFullyMarginedTableIsExact() throws {
        var (s, x) = system(4)          // a b / c d
        s.equate(.sum([x[0], x[1]]), value(10))
        s.equate(.sum([x[2], x[3]]), value(8))
        s.equate(.sum([x[0], x[2]]), value(7))
        s.equate(.variable(x[1]), value(6))
        s.equate(.variable(x[3]), value(5))
        let range = try Both(s).range(of: .variable(x[0]))
        XCTAssertEqual(range.lower, 4)
        XCTAssertEqual(range.upper, 4)
        XCTAssertTrue(range.isExact)
        XCTAssertTrue(range.isNarrower(than: 3))
    }

    /// `3, 0, 12 | 15` (docs/disclosure-control.md §2): hiding the 0 beside the 3 leaves the 3 in
    /// [0, 3], a leak for k = 5; hiding the 12 instead gives [0, 15], not a leak.
    func testTheZeroComplementLeaksAndTheTwelveDoesNot() throws {
        var (s, x) = system(3)
        s.equate(.sum(x), value(15))
        s.equate(.variable(x[2]), value(12))
        let weak = try Both(s).range(of: .variable(x[0]))
        XCTAssertEqual(weak.description, "[0, 3]")
        XCTAssertTrue(weak.isNarrower(than: 5))

        var (t, y) = system(3)
        t.equate(.sum(y), value(15))
        t.equate(.variable(y[1]), value(0))
        let strong = try Both(t).range(of: .variable(y[0]))
        XCTAssertEqual(strong.description, "[0, 15]")
        XCTAssertFalse(strong.isNarrower(than: 5), "a range 15 wide is no leak for k = 5")
    }

    /// The textbook rectangle (docs/disclosure-control.md §7): the 2 lies in [0, 11], safe.
    func testTheWorkedExampleRectangleIsSafe() throws {
        var (s, x) = system(9)
        let grid = [[2, 10, 12], [8, 15, 20], [9, 11, 30]]
        for r in 0..<3 {
            s.equate(.sum((0..<3).map { x[r * 3 + $0] }), value(grid[r].reduce(0, +)))
            s.equate(.sum((0..<3).map { x[$0 * 3 + r] }), value((0..<3).map { grid[$0][r] }.reduce(0, +)))
        }
        let hidden: Set = [0, 1, 6, 7]     // (r0, c0), (r0, c1), (r2, c0), (r2, c1)
        for i in 0..<9 where !hidden.contains(i) { s.equate(.variable(x[i]), value(grid[i / 3][i % 3])) }
        let solver = try Both(s)
        XCTAssertEqual(try solver.range(of: .variable(x[0])).description, "[0, 11]")
        XCTAssertEqual(try solver.range(of: .variable(x[1])).description, "[1, 12]")
        XCTAssertEqual(try solver.range(of: .variable(x[6])).description, "[0, 11]")
        XCTAssertEqual(try solver.range(of: .variable(x[7])).description, "[9, 20]")
        XCTAssertFalse(try solver.range(of: .variable(x[0])).isNarrower(than: 5))
    }

    func testFractionalBoundsAreRoundedInwards() throws {
        var (s, x) = system(2)
        s.equate(LinearForm([x[0]: .one, x[1]: Rational(2)]), value(5))
        let solver = try Both(s)
        XCTAssertEqual(try solver.range(of: .variable(x[1])).maximum, Rational(5, 2))
        XCTAssertEqual(try solver.range(of: .variable(x[1])).description, "[0, 2]")
        XCTAssertEqual(try solver.range(of: .variable(x[0])).description, "[0, 5]")
    }

    func testUnboundedDirectionsAreReported() throws {
        var (s, x) = system(3)
        s.equate(.variable(x[0]) - .variable(x[1]), value(2))
        let solver = try Both(s)
        let range = try solver.range(of: .variable(x[0]))
        XCTAssertEqual(range.lower, 2)
        XCTAssertNil(range.upper)
        XCTAssertFalse(range.isNarrower(than: 5))
        XCTAssertNil(try solver.range(of: .variable(x[2])).upper, "a variable in no equation is only ≥ 0")
    }

    /// "Several per case": each type ≤ the total, the total ≤ the sum of the types. With the total
    /// 10 and one type 6 shown, the other type lies in [4, 10].
    func testSeveralPerCaseBoundsNarrowTheRange() throws {
        var (s, x) = system(3)            // total, a, b
        s.equate(.variable(x[0]), value(10))
        s.equate(.variable(x[1]), value(6))
        s.bound(.variable(x[1]), atMost: .variable(x[0]))
        s.bound(.variable(x[2]), atMost: .variable(x[0]))
        s.bound(.variable(x[0]), atMost: .sum([x[1], x[2]]))
        XCTAssertEqual(try Both(s).range(of: .variable(x[2])).description, "[4, 10]")
    }

    /// A sum over several independent parts is the sum of the parts' ranges, and a published zero
    /// on a sum of unknowns fixes them all.
    func testIndependentPartsAndPublishedZeros() throws {
        var (s, x) = system(6)
        s.equate(.sum([x[0], x[1]]), value(7))
        s.equate(.sum([x[2], x[3]]), value(9))
        s.equate(.sum([x[4], x[5]]), value(0))
        let solver = try Both(s)
        XCTAssertEqual(try solver.range(of: .sum([x[0], x[2]])).description, "[0, 16]")
        XCTAssertEqual(try solver.range(of: .sum([x[0], x[4]])).description, "[0, 7]")
        XCTAssertTrue(try solver.range(of: .variable(x[5])).isExact)
    }

    func testDegenerateSystemsNeedBlandsRuleAndRedundantRowsAreDropped() throws {
        // A 3×3 table with all margins, the grand total stated twice, several zeros.
        var (s, x) = system(9)
        let grid = [[0, 0, 4], [0, 3, 0], [5, 0, 0]]
        for r in 0..<3 {
            s.equate(.sum((0..<3).map { x[r * 3 + $0] }), value(grid[r].reduce(0, +)))
            s.equate(.sum((0..<3).map { x[$0 * 3 + r] }), value((0..<3).map { grid[$0][r] }.reduce(0, +)))
        }
        s.equate(.sum(x), value(12))
        let solver = try Both(s)
        // Rows 4, 3, 5 and columns 5, 3, 4: a permutation-like table; the 3 can move.
        let middle = try solver.range(of: .variable(x[4]))
        XCTAssertEqual(middle.lower, 0)
        XCTAssertEqual(middle.upper, 3)
    }

    func testContradictoryFiguresAreRefused() {
        var (s, x) = system(2)
        s.equate(.sum(x), value(3))
        s.equate(.variable(x[0]), value(5))
        XCTAssertThrowsError(try RangeSolver(s))
        XCTAssertThrowsError(try DenseRangeSolver(s))
    }

    /// Dropping equations that cannot bind (an unknown no other equation or objective names)
    /// never changes a range: random margined tables, with and without the drop.
    func testDroppingUnboundEquationsKeepsEveryRange() throws {
        var state: UInt64 = 0x5EED
        func next(_ bound: UInt64) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % bound)
        }
        for _ in 0..<40 {
            // rows × cols interior cells, row totals, column totals; some shown, some hidden,
            // some totals named by nothing.
            let rows = 2 + next(3), cols = 2 + next(3)
            var s = LinearSystem()
            let cells = (0..<(rows * cols)).map { s.addVariable("c\($0)") }
            let values = cells.map { _ in next(4) == 0 ? 0 : next(9) }
            let rowTotals = (0..<rows).map { s.addVariable("r\($0)") }
            let colTotals = (0..<cols).map { s.addVariable("k\($0)") }
            for r in 0..<rows { s.equate(.variable(rowTotals[r]), .sum((0..<cols).map { cells[r * cols + $0] })) }
            for c in 0..<cols { s.equate(.variable(colTotals[c]), .sum((0..<rows).map { cells[$0 * cols + c] })) }
            var objectives: [LinearForm] = []
            for (i, cell) in cells.enumerated() {
                if next(2) == 0 { s.equate(.variable(cell), value(values[i])) } else { objectives.append(.variable(cell)) }
            }
            for r in 0..<rows where next(2) == 0 {
                s.equate(.variable(rowTotals[r]), value((0..<cols).map { values[r * cols + $0] }.reduce(0, +)))
            }
            let plain = try Both(s), pruned = try Both(s, objectives: objectives)
            for objective in objectives {
                XCTAssertEqual(try plain.range(of: objective), try pruned.range(of: objective))
            }
        }
    }
}
