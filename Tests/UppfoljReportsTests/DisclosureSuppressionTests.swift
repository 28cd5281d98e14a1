import XCTest
@testable import UppfoljReports

/// Hand-made tables with the pattern worked out on paper.
final class DisclosureSuppressionTests: XCTestCase {
    private let control = try! DisclosureControl()

    private func secondaryCoordinates(_ result: SuppressionResult) -> [[Int?]] {
        result.coordinates { $0 == .suppressedSecondary }
    }

    private func primaryCoordinates(_ result: SuppressionResult) -> [[Int?]] {
        result.coordinates { $0 == .suppressedPrimary }
    }

    private func assertSafe(_ result: SuppressionResult, file: StaticString = #filePath, line: UInt = #line) throws {
        let violations = try DisclosureAudit.violations(in: result)
        XCTAssertEqual(violations, [], result.rendering, file: file, line: line)
    }

    // MARK: 1-D

    func testOneDimensionalSingleSmallCellTakesSmallestNonZeroComplement() throws {
        // 12, 3, 7, 0, 20 | 42: the 3 is primary; the line needs one complement; the zero is
        // skipped (a poor complement) and 7 is the smallest non-zero.
        let result = control.suppress(try .oneDimensional([12, 3, 7, 0, 20]))
        XCTAssertEqual(primaryCoordinates(result), [[1]])
        XCTAssertEqual(secondaryCoordinates(result), [[2]])
        XCTAssertEqual(result.displayText(at: [3]), "0")
        XCTAssertEqual(result.displayText(at: [nil]), "42")
        let range = try XCTUnwrap(DisclosureAudit.feasibleRanges(of: result.publishedView)[1])
        XCTAssertEqual(range.description, "[0, 10]")
        try assertSafe(result)
    }

    func testOneDimensionalTwoSmallCellsNeedAThirdForTheInterval() throws {
        // 1 and 2 hide each other, but both would lie in [0, 3]: narrower than k = 5.
        let result = control.suppress(try .oneDimensional([1, 2, 30, 40]))
        XCTAssertEqual(primaryCoordinates(result), [[0], [1]])
        XCTAssertEqual(secondaryCoordinates(result), [[2]])
        try assertSafe(result)
    }

    func testOneDimensionalWithoutSmallCountsSuppressesNothing() throws {
        let result = control.suppress(try .oneDimensional([0, 0, 10, 5]))
        XCTAssertEqual(result.suppressedCells, [])
        XCTAssertEqual(result.patternCode, ".....")
    }

    func testSmallTotalIsPrimaryAndZerosStayPublished() throws {
        // 2, 0, 0 | 2: cell and total are both primary; the zeros reveal nothing because the
        // reader only learns cell = total, and both are hidden with an open range.
        let result = control.suppress(try .oneDimensional([2, 0, 0]))
        XCTAssertEqual(result.patternCode, "P..P")
        let ranges = try DisclosureAudit.feasibleRanges(of: result.publishedView)
        XCTAssertNil(ranges[0]?.upper)
        try assertSafe(result)
    }

    func testUnpublishedTotalMeansNoComplementIsNeeded() throws {
        let result = control.suppress(try .oneDimensional([3, 10, 12], publishTotal: false))
        XCTAssertEqual(result.patternCode, "P..-")
        XCTAssertEqual(result.displayText(at: [nil]), nil)
        try assertSafe(result)
    }

    // MARK: 2-D

    func testTextbookTwoDimensionalRectangle() throws {
        //        c0  c1  c2 | total
        //   r0    2  10  12 |  24
        //   r1    8  15  20 |  43
        //   r2    9  11  30 |  50
        //        19  36  62 | 117
        // The 2 needs a complement in its row (10), in its column (8), and the fourth corner (15)
        // closes the rectangle so that neither complement can be recovered.
        let result = control.suppress(try .twoDimensional([[2, 10, 12], [8, 15, 20], [9, 11, 30]]))
        XCTAssertEqual(primaryCoordinates(result), [[0, 0]])
        XCTAssertEqual(secondaryCoordinates(result), [[0, 1], [2, 0], [2, 1]])
        XCTAssertEqual(result.displayText(at: [0, 0]), "..")
        XCTAssertEqual(result.displayText(at: [nil, nil]), "117")
        let ranges = try DisclosureAudit.feasibleRanges(of: result.publishedView)
        XCTAssertEqual(ranges[result.table.index(of: [0, 0])!]?.description, "[0, 11]")
        try assertSafe(result)
    }

    func testTwoSmallCellsOnADiagonalShareOneRectangle() throws {
        //   3  20 | 23
        //  20   4 | 24
        //  23  24 | 47    both small cells are primary, the other two corners are complements.
        let result = control.suppress(try .twoDimensional([[3, 20], [20, 4]]))
        XCTAssertEqual(primaryCoordinates(result), [[0, 0], [1, 1]])
        XCTAssertEqual(secondaryCoordinates(result), [[0, 1], [1, 0]])
        try assertSafe(result)
    }

    func testZeroIsAPoorComplement() throws {
        //  3  0  12 | 15
        //  9  6   8 | 23
        // 12  6  20 | 38
        // Hiding the 0 next to the 3 would leave the 3 in [0, 3]; the engine takes 12 in the
        // row instead (range [0, 15] before the rest of the pattern).
        let result = control.suppress(try .twoDimensional([[3, 0, 12], [9, 6, 8]]))
        XCTAssertEqual(result.displayText(at: [0, 1]), "0")
        XCTAssertEqual(primaryCoordinates(result), [[0, 0]])
        XCTAssertEqual(secondaryCoordinates(result), [[0, 2], [1, 0], [1, 2]])
        try assertSafe(result)
    }

    func testSmallRowTotalIsProtectedLikeAnyCell() throws {
        //  1  2  0 |  3   whole row small: cells 1, 2 and the row total 3 are primary.
        //  9  6  8 | 23
        //  7  5  9 | 21
        let result = control.suppress(try .twoDimensional([[1, 2, 0], [9, 6, 8], [7, 5, 9]]))
        XCTAssertEqual(primaryCoordinates(result), [[0, 0], [0, 1], [0, nil]])
        XCTAssertEqual(result.displayText(at: [0, 2]), "0")
        try assertSafe(result)
    }

    func testInteriorOnlyTableNeedsNoComplements() throws {
        let result = control.suppress(try .twoDimensional([[2, 10], [8, 15]], publishedMargins: .none))
        XCTAssertEqual(primaryCoordinates(result), [[0, 0]])
        XCTAssertEqual(secondaryCoordinates(result), [])
        XCTAssertEqual(result.displayText(at: [nil, nil]), nil)
    }

    func testOnlyRowTotalsPublished() throws {
        // With column totals hidden, each row is a separate 1-D problem.
        let result = control.suppress(try .twoDimensional([[2, 10, 12], [8, 15, 20]],
                                                          publishedMargins: .only([.rowTotals])))
        XCTAssertEqual(primaryCoordinates(result), [[0, 0]])
        XCTAssertEqual(secondaryCoordinates(result), [[0, 1]])
        try assertSafe(result)
    }

    func testUnpublishedSmallMarginIsNotLeftDerivable() throws {
        // Row totals are not published, but column totals and the grand total are. Row 0 sums to
        // 3, a small group; it must not be recoverable as grand total minus row 1.
        let result = control.suppress(try .twoDimensional([[3, 0], [10, 12]],
                                                          publishedMargins: .only([.columnTotals, .grandTotal])))
        let ranges = try DisclosureAudit.feasibleRanges(of: result.publishedView)
        let rowTotal = try XCTUnwrap(result.table.index(of: [0, nil]))
        XCTAssertTrue(try XCTUnwrap(ranges[rowTotal]).isAtLeast(width: 5), result.rendering)
        try assertSafe(result)
    }

    // MARK: 3-D

    func testThreeDimensionalSingleSmallCellNeedsTheWholeCube() throws {
        // 2 x 2 x 2 with every margin published: each interior cell lies on three lines whose
        // totals are shown, so a pattern needs a full cube of eight cells; the cheapest is the
        // eight interior cells (any cube through a margin costs more).
        let counts = [[[2, 9], [8, 12]], [[7, 10], [11, 6]]]
        let result = control.suppress(try .threeDimensional(counts))
        XCTAssertEqual(primaryCoordinates(result), [[0, 0, 0]])
        XCTAssertEqual(secondaryCoordinates(result).count, 7, result.rendering)
        XCTAssertTrue(secondaryCoordinates(result).allSatisfy { !$0.contains(where: { $0 == nil }) })
        XCTAssertTrue(result.statuses.indices.filter { result.table.cells[$0].isMargin }
            .allSatisfy { result.statuses[$0].publishedValue != nil })
        try assertSafe(result)
    }

    func testThreeDimensionalRoleSexAgeBand() throws {
        // role (2) × sex (2) × age band (3): one small group among women perpetrators aged 65+.
        let counts = [
            [[14, 30, 22], [6, 9, 7]],
            [[5, 8, 3], [20, 41, 18]],
        ]
        let result = control.suppress(try .threeDimensional(counts))
        XCTAssertEqual(primaryCoordinates(result), [[1, 0, 2]])
        XCTAssertFalse(secondaryCoordinates(result).isEmpty)
        try assertSafe(result)
        XCTAssertEqual(control.suppress(try .threeDimensional(counts)), result)
    }

    func testThreeDimensionalWithOnlyOneWayMargins() throws {
        let counts = [[[2, 9], [8, 12]], [[7, 10], [11, 6]]]
        let margins = PublishedMargins.only([TableMargin(keeping: [0]), TableMargin(keeping: [1]),
                                             TableMargin(keeping: [2]), .grandTotal])
        let result = control.suppress(try .threeDimensional(counts, publishedMargins: margins))
        XCTAssertEqual(primaryCoordinates(result), [[0, 0, 0]])
        try assertSafe(result)
    }

    // MARK: Policy

    func testMinimumCellSizeBelowThreeIsRejected() {
        XCTAssertThrowsError(try DisclosureControl(minimumCellSize: 2)) { error in
            XCTAssertEqual(error as? DisclosureError, .minimumCellSizeBelowFloor(requested: 2, lowestAllowed: 3))
        }
        XCTAssertThrowsError(try DisclosureControl(minimumCellSize: 0))
        XCTAssertThrowsError(try DisclosureControl(minimumCellSize: -5))
        XCTAssertEqual(try DisclosureControl(minimumCellSize: 3).minimumCellSize, 3)
        XCTAssertEqual(try DisclosureControl().minimumCellSize, 5)
    }

    func testLargerMinimumCellSize() throws {
        let strict = try DisclosureControl(minimumCellSize: 10)
        let result = strict.suppress(try .oneDimensional([9, 10, 25, 40]))
        XCTAssertEqual(result.primaryCells, [0])
        XCTAssertEqual(result.secondaryCells, [1])
        try assertSafe(result)
    }

    func testMinimumCellSizeThree() throws {
        let lenient = try DisclosureControl(minimumCellSize: 3)
        let result = lenient.suppress(try .oneDimensional([3, 4, 2, 9]))
        XCTAssertEqual(result.primaryCells, [2])
        XCTAssertEqual(result.secondaryCells, [0])
        try assertSafe(result)
    }

    func testMethodDescriptionNamesKAndVersion() throws {
        let result = control.suppress(try .oneDimensional([1, 9]))
        XCTAssertEqual(result.methodDescription,
                       "primär k=5 (1–4 visas som ..); sekundär: minsta komplement (hyperkub) + exakt LP-revision, intervall ≥ 5 för varje dolt antal; uppfolj-sdc v2")
        XCTAssertEqual(try DisclosureControl(minimumCellSize: 3).methodDescription.prefix(12), "primär k=3 (")
        XCTAssertTrue(control.methodDescriptionEnglish.hasPrefix("primary k=5"))
    }

    func testRenderingConvention() {
        XCTAssertEqual(CellStatus.published(7).displayText, "7")
        XCTAssertEqual(CellStatus.published(0).displayText, "0")
        XCTAssertEqual(CellStatus.suppressedPrimary.displayText, "..")
        XCTAssertEqual(CellStatus.suppressedSecondary.displayText, "..")
        XCTAssertNil(CellStatus.notPublished.displayText)
    }
}
