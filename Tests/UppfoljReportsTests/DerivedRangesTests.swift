import XCTest
@testable import UppfoljReports

/// Ranges carried from one table of an export to the next (`DerivedRanges`): a hidden figure
/// that one table bounds from below and another from above must not end up narrower than k
/// when a reader holds both.
final class DerivedRangesTests: XCTestCase {
    private let victims = SharedFigure.population(PopulationCells.Cell(dimension: "role", category: 0))

    /// Table A shows 5 of the victims as a numerator (victims = 5 + hidden rest): a reader
    /// knows victims ≥ 5. Table B shows the total 13 and 6 of the perpetrators: victims ≤ 7.
    /// Each alone leaves the victims (6) a range wider than k = 5; together [5, 7].
    func testBoundsFromTwoTablesAreAuditedTogether() throws {
        let control = try DisclosureControl(minimumCellSize: 5)
        var derived = DerivedRanges()

        // A: victims (hidden elsewhere) = with (5) + without (1).
        var cellsA = [DisclosureTable.Cell(value: 6, isPublished: false, isHiddenElsewhere: true),
                      DisclosureTable.Cell(value: 5), DisclosureTable.Cell(value: 1)]
        var constraintsA = [DisclosureTable.AdditiveConstraint(total: 0, parts: [1, 2])]
        derived.state(victims, of: 0, value: 6, cells: &cellsA, constraints: &constraintsA)
        let a = control.suppress(try DisclosureTable(cells: cellsA, constraints: constraintsA))
        try derived.narrow([(0, victims)], in: a)
        let afterA = try XCTUnwrap(derived.ranges[victims])
        XCTAssertGreaterThanOrEqual(afterA.lower, 0)
        XCTAssertTrue(afterA.upper.map { $0 - afterA.lower >= 5 } ?? true, "\(afterA)")

        // B: total 13 = victims + perpetrators (both hidden elsewhere); perpetrators = treated 6 + rest 1.
        var cellsB = [DisclosureTable.Cell(value: 13), DisclosureTable.Cell(value: 6, isPublished: false, isHiddenElsewhere: true),
                      DisclosureTable.Cell(value: 7, isPublished: false, isHiddenElsewhere: true),
                      DisclosureTable.Cell(value: 6), DisclosureTable.Cell(value: 1)]
        var constraintsB = [DisclosureTable.AdditiveConstraint(total: 0, parts: [1, 2]),
                            DisclosureTable.AdditiveConstraint(total: 2, parts: [3, 4])]
        derived.state(victims, of: 1, value: 6, cells: &cellsB, constraints: &constraintsB)
        let b = control.suppress(try DisclosureTable(cells: cellsB, constraints: constraintsB))
        try derived.narrow([(1, victims)], in: b)

        // The reader of A and B together: one system, A's cells then B's, victims the same unknown.
        let known = a.statuses.prefix(3).map(\.publishedValue) + b.statuses.prefix(5).map(\.publishedValue)
        let joint = PublishedTableView(knownValues: known, constraints: [
            .init(total: 0, parts: [1, 2]), .init(total: 3, parts: [4, 5]), .init(total: 5, parts: [6, 7]), .init(total: 0, parts: [4]),
        ])
        let range = try XCTUnwrap(DisclosureAudit.feasibleRanges(of: joint, for: [0])[0])
        XCTAssertTrue(range.isAtLeast(width: 5), "victims in A and B together: \(range)")
        // What the ranges say agrees with the joint reader here (interval reasoning is exact for one figure).
        let carried = try XCTUnwrap(derived.ranges[victims])
        XCTAssertEqual(carried.lower, range.lowerInteger)
        XCTAssertEqual(carried.upper, range.upperInteger)
    }

    func testStatedBoundsAreWhatTheAuditSees() throws {
        var derived = DerivedRanges()
        var cells = [DisclosureTable.Cell(value: 9), DisclosureTable.Cell(value: 6, isPublished: false, isHiddenElsewhere: true),
                     DisclosureTable.Cell(value: 3, isPublished: false)]
        var constraints = [DisclosureTable.AdditiveConstraint(total: 0, parts: [1, 2])]
        let seed = control5.suppress(try DisclosureTable(cells: cells, constraints: constraints))
        try derived.narrow([(1, victims)], in: seed)
        XCTAssertEqual(derived.ranges[victims]?.lower, 0)
        XCTAssertEqual(derived.ranges[victims]?.upper, 9)
        cells = [DisclosureTable.Cell(value: 6, isPublished: false, isHiddenElsewhere: true)]
        constraints = []
        derived.state(victims, of: 0, value: 6, cells: &cells, constraints: &constraints)
        // No lower bound above 0 to state; the upper bound 9 as a known cell and a slack.
        XCTAssertEqual(cells.count, 3)
        XCTAssertTrue(cells[1].isKnown)
        XCTAssertEqual(cells[1].value, 9)
        let view = PublishedTableView(knownValues: cells.map { $0.isPublished ? $0.value : nil }, constraints: constraints)
        XCTAssertEqual(try DisclosureAudit.feasibleRanges(of: view, for: [0])[0]?.upperInteger, 9)
    }

    private var control5: DisclosureControl { try! DisclosureControl(minimumCellSize: 5) }
}
