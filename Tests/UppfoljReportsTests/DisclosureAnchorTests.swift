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
