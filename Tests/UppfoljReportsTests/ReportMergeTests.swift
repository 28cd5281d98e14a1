import Foundation
import UppfoljCore
import UppfoljSample
import XCTest
@testable import UppfoljReports

final class ReportMergeTests: XCTestCase {
    static func report(seed: UInt64, unit: String, period: String = "2025", k: Int = 5) -> Report {
        let catalogue = try! InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-11-23")!
        let projection = Projection(catalogue: catalogue, events: SampleGenerator(cases: 150, seed: seed, until: until, catalogue: catalogue).events())
        let context = ReportContext(unit: unit, journalHeadHash: String(repeating: String(seed % 10), count: 64),
                                    programVersion: "test", asOf: until)
        return try! IndicatorRollup(projection: projection).report(period: ReportPeriod(period)!,
                                                                   control: try! DisclosureControl(minimumCellSize: k), context: context)
    }
    static let a = report(seed: 11, unit: "Enhet A")
    static let b = report(seed: 12, unit: "Enhet B")

    func testCountsAreSummedOnlyWhereEveryUnitPublished() throws {
        let merged = try ReportMerge.merge([Self.a, Self.b])
        XCTAssertEqual(merged.metadata.units, ["Enhet A", "Enhet B"])
        XCTAssertEqual(merged.metadata.journalHeadHashes.count, 2)
        var summed = 0, hidden = 0
        for (i, indicator) in merged.indicators.enumerated() {
            for (t, table) in indicator.tables.enumerated() {
                for (r, row) in table.rows.enumerated() {
                    let ra = Self.a.indicators[i].tables[t].rows[r], rb = Self.b.indicators[i].tables[t].rows[r]
                    for path in [\ReportRow.count, \ReportRow.numerator, \ReportRow.denominator] {
                        guard let figure = row[keyPath: path] else { continue }
                        if let x = ra[keyPath: path]?.value, let y = rb[keyPath: path]?.value {
                            XCTAssertEqual(figure.value, x + y)
                            summed += 1
                        } else {
                            XCTAssertNil(figure.value, "hidden in a unit stays hidden")
                            hidden += 1
                        }
                    }
                    if let share = row.share, let n = row.numerator?.value, let d = row.denominator?.value, d > 0 {
                        XCTAssertEqual(share, ShareFigure(numerator: n, denominator: d))
                    }
                    if row.median != nil { XCTAssertNil(row.median?.value) }
                }
            }
        }
        XCTAssertGreaterThan(summed, 100)
        XCTAssertGreaterThan(hidden, 10)
        let median = try XCTUnwrap(merged.indicator("days-to-intervention"))
        XCTAssertNil(median.headline.median?.value)
        XCTAssertTrue(median.notes.contains { $0.sv.contains("Medianer kan inte slås samman") })
        XCTAssertEqual(try ReportJSON.decode(ReportJSON.encode(merged)), merged)
    }

    func testMergedPublishedCountsAreNeverSmall() throws {
        let merged = try ReportMerge.merge([Self.a, Self.b])
        for indicator in merged.indicators {
            for row in [indicator.headline] + indicator.tables.flatMap(\.rows) {
                for value in [row.count, row.numerator, row.denominator].compactMap({ $0?.value }) {
                    XCTAssertFalse((1..<5).contains(value), "\(indicator.id) \(row.key)")
                }
            }
        }
    }

    func testDishonestMergesAreRefused() {
        let otherPeriod = Self.report(seed: 13, unit: "Enhet C", period: "2024")
        let otherK = Self.report(seed: 13, unit: "Enhet C", k: 3)
        for (inputs, word) in [([Self.a, otherPeriod], "perioder"), ([Self.a, otherK], "olika k"), ([Self.a, Self.a], "samma enhet"), ([], "Inga")] {
            XCTAssertThrowsError(try ReportMerge.merge(inputs)) { error in
                XCTAssertTrue((error as! ReportMerge.MergeError).message.sv.contains(word), "\(error)")
            }
        }
    }

    /// The same journal exported twice under two unit names would double every figure.
    func testTheSameJournalUnderTwoUnitNamesIsRefused() {
        var renamed = Self.a
        renamed.metadata.units = ["Enhet Z"]
        XCTAssertThrowsError(try ReportMerge.merge([Self.a, renamed])) { error in
            XCTAssertTrue((error as! ReportMerge.MergeError).message.sv.contains("samma journal"), "\(error)")
        }
        XCTAssertNoThrow(try ReportMerge.merge([Self.a, Self.b]))
    }
}
