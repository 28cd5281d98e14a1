import XCTest
@testable import UppfoljReports

/// The exact arithmetic and the LP audit on small systems solved by hand.
final class DisclosureAuditTests: XCTestCase {
    // MARK: ExactFraction

    func testFractionsAreReducedAndCompareExactly() throws {
        let twoThirds = try ExactFraction(reducing: 4, over: 6)
        XCTAssertEqual(twoThirds.numerator, 2)
        XCTAssertEqual(twoThirds.denominator, 3)
        XCTAssertEqual(try ExactFraction(reducing: 3, over: -6), try ExactFraction(reducing: -1, over: 2))
        XCTAssertLessThan(twoThirds, ExactFraction(1))
        XCTAssertLessThan(try ExactFraction(reducing: -1, over: 2), .zero)
        XCTAssertEqual(try twoThirds.adding(try ExactFraction(reducing: 1, over: 3)), .one)
        XCTAssertEqual(try twoThirds.multiplied(by: ExactFraction(3)), ExactFraction(2))
        XCTAssertEqual(try twoThirds.divided(by: twoThirds), .one)
        XCTAssertEqual(try ExactFraction(5).subtractingProduct(ExactFraction(2), ExactFraction(3)), ExactFraction(-1))
    }

    func testFloorAndCeilingRoundTowardsTheRightIntegers() throws {
        let sevenHalves = try ExactFraction(reducing: 7, over: 2)
        XCTAssertEqual(sevenHalves.floor, 3)
        XCTAssertEqual(sevenHalves.ceiling, 4)
        let minusSevenHalves = try ExactFraction(reducing: -7, over: 2)
        XCTAssertEqual(minusSevenHalves.floor, -4)
        XCTAssertEqual(minusSevenHalves.ceiling, -3)
        XCTAssertEqual(ExactFraction(5).floor, 5)
        XCTAssertEqual(ExactFraction(5).ceiling, 5)
    }

    func testOverflowThrowsInsteadOfWrapping() {
        let huge = ExactFraction(Int.max)
        XCTAssertThrowsError(try huge.adding(.one))
        XCTAssertThrowsError(try huge.multiplied(by: ExactFraction(2)))
        XCTAssertThrowsError(try ExactFraction(Int.min).negated())
        // Comparison never overflows.
        XCTAssertLessThan(try ExactFraction(reducing: Int.max - 1, over: Int.max), .one)
    }

    // MARK: Solver

    func testSolverFindsFractionalBoundsOfAGeneralSystem() throws {
        // 2x + y = 3, x - z = 0, all >= 0: x in [0, 3/2].
        var solver = try VariableBoundSolver(coefficients: [[2, 1, 0], [1, 0, -1]], rightHandSide: [3, 0], variableCount: 3)
        guard case let .attained(lower, _) = try solver.minimum(of: 0),
              case let .attained(upper, point) = try solver.maximum(of: 0)
        else { return XCTFail("expected attained bounds") }
        XCTAssertEqual(lower, .zero)
        XCTAssertEqual(upper, try ExactFraction(reducing: 3, over: 2))
        XCTAssertEqual(point, [try ExactFraction(reducing: 3, over: 2), .zero, try ExactFraction(reducing: 3, over: 2)])
    }

    func testSolverDropsRedundantEquationsAndDetectsInfeasibility() throws {
        // The same equation three times (as a grid's totals repeat information).
        var solver = try VariableBoundSolver(coefficients: [[1, 1], [1, 1], [2, 2]], rightHandSide: [4, 4, 8], variableCount: 2)
        guard case let .attained(upper, _) = try solver.maximum(of: 1) else { return XCTFail() }
        XCTAssertEqual(upper, ExactFraction(4))
        XCTAssertThrowsError(try VariableBoundSolver(coefficients: [[1, 1]], rightHandSide: [-1], variableCount: 2)) { error in
            XCTAssertEqual(error as? LinearProgramFailure, .infeasible)
        }
        XCTAssertThrowsError(try VariableBoundSolver(coefficients: [[1, 1], [1, 1]], rightHandSide: [4, 5], variableCount: 2))
    }

    func testSolverReportsAnUnboundedDirection() throws {
        // x - y = 2: x can grow without limit along (1, 1).
        var solver = try VariableBoundSolver(coefficients: [[1, -1]], rightHandSide: [2], variableCount: 2)
        guard case let .unbounded(point, ray) = try solver.maximum(of: 0) else { return XCTFail() }
        XCTAssertEqual(try point[0].subtracting(point[1]), ExactFraction(2))
        XCTAssertEqual(ray, [.one, .one])
        guard case let .reached(value) = try solver.maximum(of: 1, stopAt: ExactFraction(0)) else {
            return XCTFail("a level already met stops at once")
        }
        XCTAssertGreaterThanOrEqual(value, .zero)
    }

    // MARK: Audit on published views

    /// The textbook rectangle, as a reader sees it: four hidden cells in a 3 x 3 table.
    private func rectangleView() throws -> (PublishedTableView, DisclosureTable) {
        let table = try DisclosureTable.twoDimensional([[2, 10, 12], [8, 15, 20], [9, 11, 30]])
        let hidden: Set<[Int?]> = [[0, 0], [0, 1], [1, 0], [1, 1]]
        let known = table.cells.map { hidden.contains($0.coordinates) ? nil : Optional($0.value) }
        return (PublishedTableView(knownValues: known, constraints: table.constraints), table)
    }

    func testAuditOfARectangle() throws {
        let (view, table) = try rectangleView()
        let ranges = try DisclosureAudit.feasibleRanges(of: view)
        // x00 = 2 + t, x01 = 10 - t, x10 = 8 - t, x11 = 15 + t, t in [-2, 8].
        XCTAssertEqual(ranges[table.index(of: [0, 0])!]?.description, "[0, 10]")
        XCTAssertEqual(ranges[table.index(of: [0, 1])!]?.description, "[2, 12]")
        XCTAssertEqual(ranges[table.index(of: [1, 0])!]?.description, "[0, 10]")
        XCTAssertEqual(ranges[table.index(of: [1, 1])!]?.description, "[13, 23]")
        for (cell, range) in ranges {
            XCTAssertNil(WitnessCheck.problem(cell: cell, range: range, view: view))
        }
    }

    func testAuditSeesThroughALineWithASingleHiddenCell() throws {
        let table = try DisclosureTable.oneDimensional([12, 3, 7])
        let view = PublishedTableView(knownValues: [12, nil, 7, 22], constraints: table.constraints)
        let range = try XCTUnwrap(DisclosureAudit.feasibleRanges(of: view)[1])
        XCTAssertTrue(range.isExact)
        XCTAssertEqual(range.lowerInteger, 3)
    }

    func testAuditOfAnUnpublishedTotalIsUnbounded() throws {
        let table = try DisclosureTable.oneDimensional([3, 10], publishTotal: false)
        let view = PublishedTableView(knownValues: [nil, 10, nil], constraints: table.constraints)
        let ranges = try DisclosureAudit.feasibleRanges(of: view)
        XCTAssertEqual(ranges[0]?.description, "[0, ∞]")
        XCTAssertEqual(ranges[2]?.description, "[10, ∞]")
        XCTAssertNil(WitnessCheck.problem(cell: 0, range: ranges[0]!, view: view))
    }

    func testAuditRejectsContradictoryFigures() throws {
        let table = try DisclosureTable.oneDimensional([3, 10])
        XCTAssertThrowsError(try DisclosureAudit.feasibleRanges(
            of: PublishedTableView(knownValues: [nil, 10, 8], constraints: table.constraints))) { error in
            XCTAssertEqual(error as? DisclosureError, .inconsistentPublishedFigures)
        }
        XCTAssertThrowsError(try DisclosureAudit.feasibleRanges(
            of: PublishedTableView(knownValues: [3, 10, 14], constraints: table.constraints)))
    }

    func testIntegerRoundingMakesAHalfOpenRangeExact() throws {
        // A hand-made range [2, 5/2]: over the integers only 2 is possible.
        let range = FeasibleRange(lower: ExactFraction(2), upper: try ExactFraction(reducing: 5, over: 2),
                                  lowerWitness: [:], upperWitness: [:], upperRay: nil)
        XCTAssertTrue(range.isExact)
        XCTAssertEqual(range.integerWidth, 0)
    }

    func testViolationsFlagAnUnsafeHandMadePattern() throws {
        // Hide only the small cell of a 1-D table: the total gives it away.
        let table = try DisclosureTable.oneDimensional([12, 3, 7])
        let result = SuppressionResult(table: table, control: try DisclosureControl(),
                                       statuses: [.published(12), .suppressedPrimary, .published(7), .published(22)])
        let violations = try DisclosureAudit.violations(in: result)
        XCTAssertEqual(violations.map(\.cell), [1])
        // Hiding its neighbour too gives [0, 10]: safe.
        let safe = SuppressionResult(table: table, control: try DisclosureControl(),
                                     statuses: [.published(12), .suppressedPrimary, .suppressedSecondary, .published(22)])
        XCTAssertEqual(try DisclosureAudit.violations(in: safe), [])
        // Showing a small count is always a violation.
        let shown = SuppressionResult(table: table, control: try DisclosureControl(),
                                      statuses: [.published(12), .published(3), .published(7), .published(22)])
        XCTAssertEqual(try DisclosureAudit.violations(in: shown).map(\.kind), [.sensitiveCountPublished])
    }
}
