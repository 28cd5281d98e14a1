import XCTest
@testable import UppfoljReports

/// The share (andel) rule.
final class DisclosureShareTests: XCTestCase {
    private let control = try! DisclosureControl()

    func testPublishedShare() throws {
        let share = try control.share(numerator: 12, denominator: 18)
        XCTAssertEqual(share, .published(numerator: 12, denominator: 18))
        XCTAssertEqual(share.displayText(), "67")
        XCTAssertEqual(share.displayText(decimals: 1), "66,7")
        XCTAssertEqual(try XCTUnwrap(share.fraction), 2.0 / 3.0, accuracy: 1e-12)
    }

    func testDenominatorBelowMinimum() throws {
        XCTAssertEqual(try control.share(numerator: 0, denominator: 4), .suppressed(.denominatorBelowMinimum))
        XCTAssertEqual(try control.share(numerator: 0, denominator: 0), .suppressed(.denominatorBelowMinimum))
        XCTAssertEqual(try control.share(numerator: 4, denominator: 4).displayText(), "..")
    }

    func testSmallOrHiddenNumerator() throws {
        XCTAssertEqual(try control.share(numerator: 3, denominator: 40), .suppressed(.numeratorSuppressed))
        XCTAssertEqual(try control.share(numerator: 12, denominator: 40, numeratorIsHidden: true),
                       .suppressed(.numeratorSuppressed))
        XCTAssertEqual(try control.share(numerator: 12, denominator: 40, denominatorIsHidden: true),
                       .suppressed(.denominatorSuppressed))
    }

    func testSmallComplement() throws {
        // 18 of 20: the share reveals the 2 who are not in the numerator.
        XCTAssertEqual(try control.share(numerator: 18, denominator: 20), .suppressed(.complementBelowMinimum))
        XCTAssertEqual(try control.share(numerator: 15, denominator: 20), .published(numerator: 15, denominator: 20))
    }

    func testZeroAndHundredPercentFollowTheZeroPolicy() throws {
        XCTAssertEqual(try control.share(numerator: 0, denominator: 20).displayText(), "0")
        XCTAssertEqual(try control.share(numerator: 20, denominator: 20).displayText(decimals: 1), "100,0")
    }

    func testInvalidShares() {
        XCTAssertThrowsError(try control.share(numerator: 5, denominator: 4)) { error in
            XCTAssertEqual(error as? DisclosureError, .numeratorExceedsDenominator(numerator: 5, denominator: 4))
        }
        XCTAssertThrowsError(try control.share(numerator: -1, denominator: 4))
    }

    func testRoundingIsHalfUp() throws {
        XCTAssertEqual(try control.share(numerator: 25, denominator: 40).displayText(decimals: 1), "62,5")
        XCTAssertEqual(try control.share(numerator: 25, denominator: 40).displayText(), "63")
        XCTAssertEqual(try control.share(numerator: 7, denominator: 400).displayText(decimals: 2), "1,75")
    }

    func testShareBetweenCellsOfASuppressedTable() throws {
        // Closed cases by outcome (goal reached fully, partly, not, other) and the total closed.
        let result = control.suppress(try .oneDimensional([14, 3, 9, 6]))
        let total = try XCTUnwrap(result.table.index(of: [nil]))
        XCTAssertEqual(try result.share(numerator: 0, denominator: total), .published(numerator: 14, denominator: 32))
        XCTAssertEqual(try result.share(numerator: 1, denominator: total), .suppressed(.numeratorSuppressed))
        // The complement of the 3 (cell 3, value 6) is hidden too: its share would reveal it.
        XCTAssertEqual(result.secondaryCells, [3])
        XCTAssertEqual(try result.share(numerator: 3, denominator: total), .suppressed(.numeratorSuppressed))
    }
}
