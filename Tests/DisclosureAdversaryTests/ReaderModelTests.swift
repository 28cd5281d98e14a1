import DisclosureAdversary
import Foundation
import XCTest

/// The system builder on hand-made exports whose answers are worked out by hand.
final class ReaderModelTests: XCTestCase {
    /// A two-indicator catalogue: cases opened (count) and opened cases with an intervention
    /// (share), both by intake date, so their totals are the same cases.
    private let catalogue = try! PublishedCatalogue.read(Data("""
    {"version": "t1", "indicators": [
      {"id": "opened", "kind": "count", "period": "intakeDate", "breakdowns": ["role"]},
      {"id": "with-intervention", "kind": "share", "period": "intakeDate", "field": "hadIntervention", "numerator": ["yes"], "breakdowns": ["role"]},
      {"id": "violence-types", "kind": "distribution", "period": "intakeDate", "field": "violenceTypes"}
    ]}
    """.utf8))

    private typealias Cell = Int?     // nil = `..`

    private func figure(_ value: Cell) -> [String: Any] {
        value.map { ["value": $0, "suppressed": false] } ?? ["value": NSNull(), "suppressed": true]
    }

    private func export(period: String, previous: String = "2023Q4", hashes: [String] = [String(repeating: "a", count: 64)],
                        k: Int = 5, indicators: [[String: Any]]) throws -> ExportFile {
        let json: [String: Any] = [
            "metadata": ["period": period, "previousPeriod": previous, "units": hashes.indices.map { "U\($0)" }, "minimumCellSize": k,
                         "journalHeadHashes": hashes, "catalogueVersion": "t1", "computedIn": "2026-12",
                         "format": "uppfolj-indicators", "formatVersion": 1],
            "indicators": indicators,
        ]
        return try ExportFile.read(JSONSerialization.data(withJSONObject: json))
    }

    /// `opened` with its headline, a by-role table and optionally a trend over `trend` periods.
    private func opened(total: Cell, victim: Cell, perpetrator: Cell, trend: [(String, Cell)] = []) -> [String: Any] {
        var tables: [[String: Any]] = [[
            "id": "byRole", "dimensions": [["id": "role", "categories": [["id": "victim"], ["id": "perpetrator"]]]],
            "rows": [["key": ["victim"], "count": figure(victim)], ["key": ["perpetrator"], "count": figure(perpetrator)],
                     ["key": ["total"], "count": figure(total)]],
        ]]
        if !trend.isEmpty {
            tables.append(["id": "trend", "dimensions": [["id": "period", "categories": trend.map { ["id": $0.0] }]],
                           "rows": trend.map { ["key": [$0.0], "count": figure($0.1)] } + [["key": ["total"], "count": figure(total)]]])
        }
        return ["id": "opened", "number": "1", "kind": "count", "headline": ["key": [], "count": figure(total)], "tables": tables]
    }

    private func withIntervention(denominator: Cell, numerator: Cell) -> [String: Any] {
        ["id": "with-intervention", "number": "2", "kind": "share",
         "headline": ["key": [], "numerator": figure(numerator), "denominator": figure(denominator)], "tables": []]
    }

    private func attack(_ exports: [ExportFile]) throws -> Adversary.Result {
        try Adversary.attack(exports, catalogues: [catalogue], k: 5)
    }

    /// The first leak in miniature: the opened total is hidden in indicator 1 but shown
    /// as indicator 2's denominator, so the hidden victims are 13 − 7 = 6.
    func testASameFigureInAnotherIndicatorGivesAHiddenTotalBack() throws {
        let e = try export(period: "2024Q1", indicators: [opened(total: nil, victim: nil, perpetrator: 7),
                                                          withIntervention(denominator: 13, numerator: 10)])
        let result = try attack([e])
        XCTAssertEqual(result.finding(export: 0, indicator: "opened", table: "headline", key: [], figure: "count")?.range.description, "[13, 13]")
        XCTAssertEqual(result.finding(export: 0, indicator: "opened", table: "byRole", key: ["victim"], figure: "count")?.range.description, "[6, 6]")
        XCTAssertEqual(result.distinctExact, 2)
    }

    /// Two hidden cells of a shown total: each could be anything from 0 to 22. Not a leak.
    func testTwoHiddenCellsOfAShownTotalAreNotALeak() throws {
        let e = try export(period: "2024Q1", indicators: [opened(total: 22, victim: nil, perpetrator: nil)])
        let result = try attack([e])
        XCTAssertEqual(result.findings.count, 2)
        for finding in result.findings { XCTAssertEqual(finding.range.description, "[0, 22]") }
        XCTAssertTrue(result.leaks.isEmpty, "\(result.leaks)")
    }

    /// A year's trend hides Q2 and Q3 (together 10: each in [0, 10], safe); a Q1..Q2 range
    /// publishing 13 against Q1's 10 gives Q2 = 3 exactly.
    func testPeriodsAddUpAcrossExports() throws {
        let year = try export(period: "2024", previous: "2023",
                              indicators: [opened(total: 40, victim: 25, perpetrator: 15,
                                                  trend: [("2024Q1", 10), ("2024Q2", nil), ("2024Q3", nil), ("2024Q4", 20)])])
        let alone = try attack([year])
        XCTAssertEqual(alone.finding(export: 0, indicator: "opened", table: "trend", key: ["2024Q2"], figure: "count")?.range.description, "[0, 10]")
        XCTAssertTrue(alone.leaks.isEmpty)

        let range = try export(period: "2024Q1..2024Q2", previous: "2023Q3..2023Q4",
                               indicators: [opened(total: 13, victim: 8, perpetrator: 5, trend: [("2024Q1", 10), ("2024Q2", nil)])])
        let both = try attack([year, range])
        XCTAssertEqual(both.finding(export: 0, indicator: "opened", table: "trend", key: ["2024Q2"], figure: "count")?.range.description, "[3, 3]")
        XCTAssertEqual(both.finding(export: 0, indicator: "opened", table: "trend", key: ["2024Q3"], figure: "count")?.range.description, "[7, 7]")
    }

    /// A merge of the same journal (same head hash) twice doubles every figure; the reader
    /// knows it from the metadata and halves them.
    func testAMergeOfOneJournalTwiceIsHalved() throws {
        let hash = String(repeating: "b", count: 64)
        let merged = try export(period: "2024Q1", hashes: [hash, hash], indicators: [opened(total: 26, victim: nil, perpetrator: nil)])
        let unit = try export(period: "2024Q1", hashes: [hash], indicators: [opened(total: nil, victim: 9, perpetrator: nil)])
        let result = try attack([unit, merged])
        XCTAssertEqual(result.finding(export: 0, indicator: "opened", table: "byRole", key: ["perpetrator"], figure: "count")?.range.description, "[4, 4]")
    }

    /// "Several per case": with 10 cases and one type shown as 6, the other (hidden) type has at
    /// least 4 cases; with a third type hidden too, nothing narrower than k is left.
    func testSeveralPerCaseBoundsAreUsed() throws {
        func types(_ physical: Cell, _ psychological: Cell, _ sexual: Cell) -> [String: Any] {
            let all = ["physical", "psychological", "sexual", "economic", "material", "neglect", "latent", "digital"]
            let values: [String: Cell] = ["physical": physical, "psychological": psychological, "sexual": sexual]
            return ["id": "violence-types", "number": "14", "kind": "distribution", "headline": ["key": [], "count": figure(10)],
                    "tables": [["id": "categories", "dimensions": [["id": "category", "categories": all.map { ["id": $0] }]],
                                "rows": all.map { ["key": [$0], "count": figure(values[$0] ?? 0)] } + [["key": ["total"], "count": figure(10)]]]]]
        }
        let narrow = try attack([try export(period: "2024Q1", indicators: [types(6, nil, 0)])])
        XCTAssertEqual(narrow.finding(export: 0, indicator: "violence-types", table: "categories", key: ["psychological"], figure: "count")?.range.description, "[4, 10]")
        let wide = try attack([try export(period: "2024Q1", indicators: [types(6, nil, nil)])])
        XCTAssertEqual(wide.finding(export: 0, indicator: "violence-types", table: "categories", key: ["psychological"], figure: "count")?.range.description, "[0, 10]")
        XCTAssertTrue(wide.leaks.isEmpty)
    }
}
