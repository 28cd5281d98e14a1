import XCTest
@testable import UppfoljReports

/// "Several per case" (issue 14 item 3): in a dimension where a case may be in several
/// categories (violence types, intervention types), the categories do not add up to their
/// total, but none exceeds it. A reader knows that from the definitions, so the audit must
/// know it too: `LinkedTable.disclosureStructure` states each bound as `total = part + slack`.
final class SeveralPerCaseBoundTests: XCTestCase {
    private let role = LinkedTable.Dimension(id: "role", categories: [ReportCategory(id: "victim", name: L("v", "v")),
                                                                      ReportCategory(id: "perpetrator", name: L("p", "p"))],
                                             additive: true)
    private let types = LinkedTable.Dimension(id: "types", categories: [ReportCategory(id: "physical", name: L("f", "p")),
                                                                        ReportCategory(id: "psychological", name: L("ps", "ps")),
                                                                        ReportCategory(id: "economic", name: L("e", "e"))],
                                              additive: false)

    func testEveryCategoryOfANonAdditiveDimensionIsBoundedByItsTotal() throws {
        var table = LinkedTable(dimensions: [role, types], patterns: [[], [0], [1], [0, 1]])
        table.add([[0], [0, 1]])
        table.add([[0], []])
        table.add([[1], [2]])
        table.add([[1], [0, 1, 2]])
        let structure = table.disclosureStructure(firstSlack: table.keys.count)
        // Three types under the total, and three under each role; the role is additive (no bounds).
        XCTAssertEqual(structure.slacks.count, 9)
        XCTAssertEqual(table.upperBounds.count, 9)
        for bound in table.upperBounds {
            XCTAssertLessThanOrEqual(table.counts[bound.part], table.counts[bound.total])
            XCTAssertTrue(table.keys[bound.total].values[1] == LinkedTable.Key.total && table.keys[bound.part].values[1] != LinkedTable.Key.total)
        }
        XCTAssertTrue(structure.slacks.allSatisfy { !$0.isPublished && !$0.isHiddenElsewhere })
        // The table's values satisfy every stated relation (the initializer checks them).
        let cells = table.counts.map { DisclosureTable.Cell(value: $0) }
        XCTAssertNoThrow(try DisclosureTable(cells: cells + structure.slacks, constraints: structure.constraints))
        // A hidden type's range stops at its total (2 cases, 4 in all).
        let physical = try XCTUnwrap(table.index(of: .init(values: [LinkedTable.Key.total, 0])))
        var known: [Int?] = table.counts + structure.slacks.map { _ in nil }
        for key in [[LinkedTable.Key.total, 0], [0, 0], [1, 0]] { known[try XCTUnwrap(table.index(of: .init(values: key)))] = nil }
        XCTAssertEqual(table.counts[physical], 2)
        let range = try XCTUnwrap(DisclosureAudit.feasibleRanges(of: PublishedTableView(knownValues: known, constraints: structure.constraints),
                                                                  for: [physical])[physical])
        XCTAssertEqual(range.upperInteger, 4)
    }

    /// The sample's 2024Q1 case in small: the victims' total (6) is hidden for the population,
    /// their physical violence (6) is shown, the total (13) is shown and the perpetrators'
    /// physical violence (7) too. Without the bounds the audit sees victims in [0, 13]; a reader
    /// knows victims ≥ 6 and perpetrators ≥ 7, so victims = 6 exactly. The pattern chosen
    /// with the table's stated structure must hold against a reader who states the bounds
    /// (built here on its own, not from `disclosureStructure`).
    func testAHiddenTotalIsNotPinnedByItsCategories() throws {
        var table = LinkedTable(dimensions: [role, types], patterns: [[], [0], [1], [0, 1]])
        for _ in 0..<6 { table.add([[0], [0, 1]]) }
        for _ in 0..<5 { table.add([[1], [0, 1]]) }
        for _ in 0..<2 { table.add([[1], [0]]) }
        let victims = try XCTUnwrap(table.index(of: .init(values: [0, LinkedTable.Key.total])))
        let perpetrators = try XCTUnwrap(table.index(of: .init(values: [1, LinkedTable.Key.total])))
        let cells = table.counts.indices.map { index in
            // The roles are hidden for the population (as a pair): unknown here, and guarded.
            [victims, perpetrators].contains(index)
                ? DisclosureTable.Cell(value: table.counts[index], isPublished: false, isHiddenElsewhere: true)
                : DisclosureTable.Cell(value: table.counts[index])
        }
        let structure = table.disclosureStructure(firstSlack: cells.count)
        let result = try DisclosureControl(minimumCellSize: 5)
            .suppress(DisclosureTable(cells: cells + structure.slacks, constraints: structure.constraints))

        // The reader: every shown figure, the additive lines, and "a type ≤ its total" by hand.
        var known: [Int?] = table.keys.indices.map { result.statuses[$0].publishedValue }
        var constraints = table.constraints.map { DisclosureTable.AdditiveConstraint(total: $0.total, parts: $0.parts) }
        for total in table.keys.indices where table.keys[total].values[1] == LinkedTable.Key.total {
            for type in types.categories.indices {
                var key = table.keys[total]
                key.values[1] = type
                guard let part = table.index(of: key) else { continue }
                constraints.append(.init(total: total, parts: [part, known.count]))
                known.append(nil)
            }
        }
        let ranges = try DisclosureAudit.feasibleRanges(of: PublishedTableView(knownValues: known, constraints: constraints),
                                                        for: [victims, perpetrators])
        for cell in [victims, perpetrators] {
            let range = try XCTUnwrap(ranges[cell])
            XCTAssertTrue(range.isAtLeast(width: 5), "\(table.keys[cell].values): \(range)")
        }
    }
}
