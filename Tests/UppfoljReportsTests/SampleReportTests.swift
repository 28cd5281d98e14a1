import Foundation
import UppfoljCore
import UppfoljSample
import XCTest
@testable import UppfoljReports

/// The whole catalogue over the synthetic sample journal: every indicator computes, and no figure
/// in the report is a count in 1...k-1.
final class SampleReportTests: XCTestCase {
    static let until = Day(iso: "2026-11-23")!
    static let projection: Projection = {
        let catalogue = try! InstrumentCatalogue.builtIn()
        let events = SampleGenerator(cases: 300, seed: 1, until: until, catalogue: catalogue).events()
        return Projection(catalogue: catalogue, events: events)
    }()

    func report(_ period: String, k: Int = 5) throws -> Report {
        let rollup = IndicatorRollup(projection: Self.projection)
        let context = ReportContext(unit: "Enhet A", journalHeadHash: String(repeating: "ab", count: 32),
                                    programVersion: "test", asOf: Self.until)
        return try rollup.report(period: ReportPeriod(period)!, control: try DisclosureControl(minimumCellSize: k), context: context)
    }

    func testEveryIndicatorComputesAndNoSmallCountIsPublished() throws {
        let report = try report("2025Q1..2025Q4")
        XCTAssertEqual(report.indicators.map(\.id), IndicatorCatalogue.builtIn.indicators.map(\.id))
        if let path = ProcessInfo.processInfo.environment["DUMP_REPORT"] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: path))
        }
        for indicator in report.indicators {
            for row in [indicator.headline] + indicator.tables.flatMap(\.rows) {
                for figure in [row.count, row.numerator, row.denominator].compactMap({ $0 }) {
                    if let value = figure.value {
                        XCTAssertFalse((1...4).contains(value), "\(indicator.id) \(row.key): \(value)")
                    }
                }
            }
        }
        let opened = try XCTUnwrap(report.indicator("opened"))
        XCTAssertGreaterThan(opened.headline.count?.value ?? 0, 0)
    }
}

final class ReportPeriodTests: XCTestCase {
    func testParsingAndNames() {
        XCTAssertEqual(ReportPeriod("2025")?.description, "2025")
        XCTAssertEqual(ReportPeriod("2025q2")?.description, "2025Q2")
        XCTAssertEqual(ReportPeriod("2025-01..2025-03")?.description, "2025Q1")
        XCTAssertEqual(ReportPeriod("2024Q3..2025Q2")?.trendParts.map(\.description), ["2024Q3", "2024Q4", "2025Q1", "2025Q2"])
        XCTAssertEqual(ReportPeriod("2025-02..2025-04")?.trendParts.map(\.description), ["2025-02", "2025-03", "2025-04"])
        XCTAssertEqual(ReportPeriod("2025Q1")?.previous.description, "2024Q4")
        XCTAssertEqual(ReportPeriod("2025")?.lastDay.iso, "2025-12-31")
        XCTAssertEqual(ReportPeriod("2024-02")?.lastDay.iso, "2024-02-29")
        for bad in ["2025Q5", "2025-13", "25", "2025..2024", "9999", "0001", "2025-1", ""] {
            XCTAssertNil(ReportPeriod(bad), bad)
        }
    }
}
