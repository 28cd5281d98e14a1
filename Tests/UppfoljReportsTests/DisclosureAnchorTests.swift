import XCTest
@testable import UppfoljReports

/// Anchors: figures readers also see in another table are never chosen as complements.
final class DisclosureAnchorTests: XCTestCase {
    private let control = try! DisclosureControl()

    /// Two lines sharing their total: T = a + b = c + d, with a = 3 and c = 2 small. Hiding T is
    /// the cheapest protection for both at once, and the engine takes it — unless T is an anchor
    /// (shown in another table anyway): then it hides b and d, and the audit with T known passes.
    func testAnAnchoredTotalIsNeverAComplementAndTheResultIsStillSafe() throws {
        // cells: 0 = T (20), 1 = a (3), 2 = b (17), 3 = c (2), 4 = d (18)
        func table(anchored: Bool) throws -> DisclosureTable {
            try DisclosureTable(
                cells: [DisclosureTable.Cell(value: 20, isAnchor: anchored), DisclosureTable.Cell(value: 3),
                        DisclosureTable.Cell(value: 17), DisclosureTable.Cell(value: 2), DisclosureTable.Cell(value: 18)],
                constraints: [.init(total: 0, parts: [1, 2]), .init(total: 0, parts: [3, 4])])
        }
        let free = control.suppress(try table(anchored: false))
        XCTAssertEqual(free.statuses[0], .suppressedSecondary, "without the anchor the shared total is the complement")
        XCTAssertEqual(try DisclosureAudit.violations(in: free), [])

        let anchored = control.suppress(try table(anchored: true))
        XCTAssertEqual(anchored.statuses, [.published(20), .suppressedPrimary, .suppressedSecondary,
                                           .suppressedPrimary, .suppressedSecondary])
        XCTAssertEqual(try DisclosureAudit.violations(in: anchored), [])
    }

    /// A small anchor is still hidden (primary): anchoring never publishes a small count.
    func testASmallAnchorIsStillPrimarySuppressed() throws {
        let table = try DisclosureTable(cells: [DisclosureTable.Cell(value: 4, isAnchor: true), DisclosureTable.Cell(value: 4),
                                                DisclosureTable.Cell(value: 0)],
                                        constraints: [.init(total: 0, parts: [1, 2])])
        let result = control.suppress(table)
        XCTAssertEqual(result.statuses[0], .suppressedPrimary)
        XCTAssertEqual(result.statuses[1], .suppressedPrimary)
    }
}

/// Known figures (issue 14, the release register): a figure an earlier release showed is in
/// readers' hands. It is shown again whatever its size, never hidden, and the audit counts on it.
final class DisclosureKnownFigureTests: XCTestCase {
    private let control = try! DisclosureControl()

    /// T = a + b + c with T = 10, a = 3, b = 2, c = 5, k = 5. Left alone the engine hides a and b
    /// (both small), and their sum 5 protects both. If an earlier release (a k = 3 override) showed
    /// a = 3, a reader subtracts: b = 10 − 3 − 5 = 2. Marked known, a stays shown and the engine
    /// hides a complement so that b keeps a range at least k wide with a known.
    func testAKnownSmallFigureIsShownAndTheAuditCountsOnIt() throws {
        func table(known: Bool) throws -> DisclosureTable {
            try DisclosureTable(cells: [DisclosureTable.Cell(value: 10), DisclosureTable.Cell(value: 3, isKnown: known),
                                        DisclosureTable.Cell(value: 2), DisclosureTable.Cell(value: 5)],
                                constraints: [.init(total: 0, parts: [1, 2, 3])])
        }
        let alone = control.suppress(try table(known: false))
        XCTAssertEqual(alone.statuses[1], .suppressedPrimary)
        XCTAssertEqual(alone.statuses[3], .published(5), "left alone, a and b protect each other")

        let known = control.suppress(try table(known: true))
        XCTAssertEqual(known.statuses[1], .published(3), "a known figure is shown again, not hidden")
        XCTAssertEqual(known.statuses[2], .suppressedPrimary)
        XCTAssertTrue(known.statuses[0] == .suppressedSecondary || known.statuses[3] == .suppressedSecondary,
                      "b needs a complement now that a is known: \(known.statuses)")
        XCTAssertEqual(try DisclosureAudit.violations(in: known), [], "audited with a known")
    }

    /// A figure hidden before is hidden again (unpublished, guarded to k) even when it is large,
    /// and a table where it would follow from what is shown gets a complement.
    func testAFigureHiddenBeforeStaysHiddenAndProtected() throws {
        let table = try DisclosureTable(cells: [DisclosureTable.Cell(value: 30), DisclosureTable.Cell(value: 12, isPublished: false, isHiddenElsewhere: true),
                                                DisclosureTable.Cell(value: 18)],
                                        constraints: [.init(total: 0, parts: [1, 2])])
        let result = control.suppress(table)
        XCTAssertEqual(result.statuses[1], .notPublished)
        XCTAssertTrue(result.statuses[0] == .suppressedSecondary || result.statuses[2] == .suppressedSecondary, "\(result.statuses)")
        XCTAssertEqual(try DisclosureAudit.violations(in: result), [])
    }
}

/// Headlines (issue 14 item 5, "never a headline when smaller cells protect"): an indicator's
/// total or numerator, or a population's total, is chosen as a complement only when no other
/// shown cell will do.
final class DisclosureHeadlineTests: XCTestCase {
    private let control = try! DisclosureControl()

    /// T = a + b = c + d (20 = 3 + 17 = 2 + 18), as in the anchor test: the line heuristic takes T,
    /// the one cell that settles both lines. Marked a headline, T stays shown and the smaller
    /// cells b and d protect a and c instead; the audit from the published view passes.
    func testAHeadlineTotalIsNotTheComplementWhenSmallerCellsProtect() throws {
        func table(headline: Bool) throws -> DisclosureTable {
            try DisclosureTable(
                cells: [DisclosureTable.Cell(value: 20, isHeadline: headline), DisclosureTable.Cell(value: 3),
                        DisclosureTable.Cell(value: 17), DisclosureTable.Cell(value: 2), DisclosureTable.Cell(value: 18)],
                constraints: [.init(total: 0, parts: [1, 2]), .init(total: 0, parts: [3, 4])])
        }
        let plain = control.suppress(try table(headline: false))
        XCTAssertEqual(plain.statuses[0], .suppressedSecondary, "unmarked, the shared total is the cheapest complement")

        let marked = control.suppress(try table(headline: true))
        XCTAssertEqual(marked.statuses, [.published(20), .suppressedPrimary, .suppressedSecondary,
                                         .suppressedPrimary, .suppressedSecondary])
        XCTAssertEqual(try DisclosureAudit.violations(in: marked), [])
        let ranges = try DisclosureAudit.feasibleRanges(of: marked.publishedView)
        for cell in [1, 3] { XCTAssertTrue(try XCTUnwrap(ranges[cell]).isAtLeast(width: 5), "cell \(cell): \(String(describing: ranges[cell]))") }
    }

    /// A headline is still a complement when nothing else will do (here its line's other cell is
    /// an anchor), and a small headline is hidden like any small count.
    func testAHeadlineIsStillHiddenWhenNothingElseProtects() throws {
        let only = control.suppress(try DisclosureTable(
            cells: [DisclosureTable.Cell(value: 20, isHeadline: true), DisclosureTable.Cell(value: 3),
                    DisclosureTable.Cell(value: 17, isAnchor: true)],
            constraints: [.init(total: 0, parts: [1, 2])]))
        XCTAssertEqual(only.statuses, [.suppressedSecondary, .suppressedPrimary, .published(17)])
        XCTAssertEqual(try DisclosureAudit.violations(in: only), [])

        let small = control.suppress(try DisclosureTable(
            cells: [DisclosureTable.Cell(value: 4, isHeadline: true), DisclosureTable.Cell(value: 4), DisclosureTable.Cell(value: 0)],
            constraints: [.init(total: 0, parts: [1, 2])]))
        XCTAssertEqual(small.statuses[0], .suppressedPrimary)
    }
}
