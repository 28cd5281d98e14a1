import Foundation
import UppfoljCore
import UppfoljSample
import XCTest
@testable import UppfoljReports

/// Whole reports over many small random journals (small units are where disclosure bites):
/// every table the builder suppressed passes the exact audit from its published view, no
/// published count is in 1…k−1, and figures shared by indicators are shown alike.
final class ReportPropertyTests: XCTestCase {
    func testEveryTableOfManyRandomReportsPassesTheAudit() throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-06-30")!
        let periods = ["2025Q2", "2025", "2024Q3..2025Q2", "2025-01..2025-02", "2026Q1"]
        var generator = SplitMix64(seed: 2026)
        var tablesAudited = 0, hidden = 0
        for round in 0..<24 {
            let cases = 20 + Int(generator.next() % 60)
            let seed = generator.next()
            let k = round % 3 == 0 ? 3 : 5
            let period = ReportPeriod(periods[round % periods.count])!
            let events = SampleGenerator(cases: cases, seed: seed, until: until, catalogue: catalogue).events()
            let facts = IndicatorRollup(projection: Projection(catalogue: catalogue, events: events)).allFacts
            let builder = ReportBuilder(instruments: catalogue, control: try DisclosureControl(minimumCellSize: k))
            var results: [(String, SuppressionResult)] = []
            let report = try builder.indicators(facts: facts, period: period, asOf: until) { results.append(($0, $1)) }
            for (name, result) in results {
                XCTAssertEqual(try DisclosureAudit.violations(in: result), [], "round \(round) \(name) k=\(k)")
                tablesAudited += 1
                hidden += result.suppressedCells.count
            }
            for indicator in report {
                for row in [indicator.headline] + indicator.tables.flatMap(\.rows) {
                    for value in [row.count, row.numerator, row.denominator].compactMap({ $0?.value }) {
                        XCTAssertFalse((1..<k).contains(value), "round \(round) \(indicator.id) \(row.key) = \(value)")
                    }
                }
            }
            // Cases opened in the period: the same population in all these; its total is shown alike.
            let opened = ["opened", "with-intervention", "risk-assessed", "intake-risk", "honour", "children-household", "children-exposed"]
            let totals = opened.map { id -> Int?? in
                let headline = report.first { $0.id == id }!.headline
                return .some((headline.count ?? headline.denominator)?.value)
            }
            XCTAssertEqual(Set(totals.map { $0! }).count, 1, "round \(round): \(zip(opened, totals).map { "\($0)=\(String(describing: $1))" })")
        }
        XCTAssertGreaterThan(tablesAudited, 24 * 20)
        XCTAssertGreaterThan(hidden, 200, "small units: plenty was hidden, so the audit had work to do")
    }
}
