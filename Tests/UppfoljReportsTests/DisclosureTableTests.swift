import XCTest
@testable import UppfoljReports

/// Building tables: cells, margins, constraints and validation.
final class DisclosureTableTests: XCTestCase {
    func testOneDimensionalTableHasItsTotal() throws {
        let table = try DisclosureTable.oneDimensional([4, 0, 9])
        XCTAssertEqual(table.cells.map(\.value), [4, 0, 9, 13])
        XCTAssertEqual(table.constraints, [.init(total: 3, parts: [0, 1, 2])])
        XCTAssertTrue(table.cells[3].isMargin)
        XCTAssertEqual(table.label(of: 3), "(total)")
    }

    func testTwoDimensionalTableHasAllMarginsAndBothGrandTotalIdentities() throws {
        let table = try DisclosureTable.twoDimensional([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(table.cells.count, 6 + 2 + 3 + 1)
        XCTAssertEqual(table.cells[table.index(of: [1, nil])!].value, 15)
        XCTAssertEqual(table.cells[table.index(of: [nil, 2])!].value, 9)
        XCTAssertEqual(table.cells[table.index(of: [nil, nil])!].value, 21)
        // 2 row totals + 3 column totals + grand total twice (over rows, over columns).
        XCTAssertEqual(table.constraints.count, 2 + 3 + 2)
        XCTAssertEqual(table.dimensionSizes, [2, 3])
        // Interior first, in row-major order.
        XCTAssertEqual(table.cells.prefix(6).map(\.coordinates), [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
    }

    func testThreeDimensionalTableHasEveryMargin() throws {
        let counts = [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]]
        let table = try DisclosureTable.threeDimensional(counts)
        XCTAssertEqual(table.cells.count, 4 * 3 * 3)
        XCTAssertEqual(table.cells[table.index(of: [2, nil, 1])!].value, 10 + 12)
        XCTAssertEqual(table.cells[table.index(of: [nil, 1, nil])!].value, 3 + 4 + 7 + 8 + 11 + 12)
        XCTAssertEqual(table.cells[table.index(of: [nil, nil, nil])!].value, 78)
        // Every constraint holds (checked again by the initializer, but make it visible).
        for constraint in table.constraints {
            XCTAssertEqual(table.cells[constraint.total].value,
                           constraint.parts.map { table.cells[$0].value }.reduce(0, +))
        }
    }

    func testPublishedMarginsSelection() throws {
        let counts = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
        let roleBySex = TableMargin(keeping: [0, 1])
        let table = try DisclosureTable.threeDimensional(counts, publishedMargins: .only([roleBySex, .grandTotal]))
        for cell in table.cells {
            let kept = cell.coordinates.indices.filter { cell.coordinates[$0] != nil }
            let expected = kept.count == 3 || kept == [0, 1] || kept.isEmpty
            XCTAssertEqual(cell.isPublished, expected, "\(cell.coordinates)")
        }
        XCTAssertEqual(TableMargin(keeping: [1, 0, 1]), roleBySex)
        XCTAssertTrue(try DisclosureTable.twoDimensional([[1]], publishedMargins: .none).cells.filter(\.isMargin)
            .allSatisfy { !$0.isPublished })
    }

    func testDimensionOfSizeOneIsAllowed() throws {
        let table = try DisclosureTable.twoDimensional([[3], [12]])
        let result = try DisclosureControl().suppress(table)
        XCTAssertEqual(result.status(at: [0, 0]), .suppressedPrimary)
        XCTAssertEqual(result.status(at: [0, nil]), .suppressedPrimary)
        XCTAssertEqual(try DisclosureAudit.violations(in: result), [])
    }

    func testValidation() {
        XCTAssertThrowsError(try DisclosureTable.oneDimensional([1, -2])) { error in
            XCTAssertEqual(error as? DisclosureError, .negativeCount(cell: 1, value: -2))
        }
        XCTAssertThrowsError(try DisclosureTable.twoDimensional([[1, 2], [3]])) { error in
            XCTAssertEqual(error as? DisclosureError, .notRectangular)
        }
        XCTAssertThrowsError(try DisclosureTable.twoDimensional([]))
        XCTAssertThrowsError(try DisclosureTable.oneDimensional([]))
        XCTAssertThrowsError(try DisclosureTable.grid(dimensionSizes: [2, 2], counts: [1, 2, 3]))
        let cells = [DisclosureTable.Cell(value: 2), .init(value: 3), .init(value: 6)]
        XCTAssertThrowsError(try DisclosureTable(cells: cells, constraints: [.init(total: 2, parts: [0, 1])])) { error in
            XCTAssertEqual(error as? DisclosureError, .constraintNotSatisfied(index: 0, total: 6, sumOfParts: 5))
        }
        XCTAssertThrowsError(try DisclosureTable(cells: cells, constraints: [.init(total: 2, parts: [2, 1])]))
        XCTAssertThrowsError(try DisclosureTable(cells: cells, constraints: [.init(total: 2, parts: [])]))
        XCTAssertThrowsError(try DisclosureTable(cells: cells, constraints: [.init(total: 7, parts: [0])]))
        XCTAssertThrowsError(try DisclosureTable(cells: [.init(coordinates: [0], value: 1), .init(coordinates: [0], value: 1)],
                                                 constraints: []))
    }

    func testCustomHierarchicalTable() throws {
        // Interventions: total = support (a1 + a2 + a3) + treatment (b1 + b2).
        //   a1 = 9, a2 = 2, a3 = 14 -> support 25; b1 = 30, b2 = 11 -> treatment 41; total 66.
        let values = [9, 2, 14, 30, 11, 25, 41, 66]
        let cells = values.map { DisclosureTable.Cell(value: $0) }
        let constraints: [DisclosureTable.AdditiveConstraint] = [
            .init(total: 5, parts: [0, 1, 2]),
            .init(total: 6, parts: [3, 4]),
            .init(total: 7, parts: [5, 6]),
        ]
        let table = try DisclosureTable(cells: cells, constraints: constraints)
        let result = try DisclosureControl().suppress(table)
        XCTAssertEqual(result.primaryCells, [1])
        // The 2 is hidden together with the smallest non-zero cell of its group.
        XCTAssertEqual(result.secondaryCells, [0])
        XCTAssertEqual(try DisclosureAudit.violations(in: result), [])
        XCTAssertEqual(table.label(of: 1), "cell 1")
    }
}
