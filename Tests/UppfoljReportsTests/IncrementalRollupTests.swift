import Foundation
import UppfoljCore
import UppfoljSample
import XCTest
@testable import UppfoljReports

/// Refreshing only the cases an append touched gives the same facts, and the same report, as
/// rolling the whole projection up again — corrections included.
final class IncrementalRollupTests: XCTestCase {
    func testRefreshingTouchedCasesEqualsAFullRollup() throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-11-23")!
        let events = SampleGenerator(cases: 120, seed: 9, until: until, catalogue: catalogue).events()
        XCTAssertTrue(events.contains { $0.kind == .correction })
        let start = events.count / 2
        var projection = Projection(catalogue: catalogue, events: events[..<start])
        var rollup = IndicatorRollup(projection: projection)
        for (offset, event) in events[start...].enumerated() {
            projection.apply(event)
            rollup.refresh(event.caseCode, in: projection)
            if offset % 97 == 0 || offset == events.count - start - 1 {
                XCTAssertEqual(rollup.allFacts, IndicatorRollup(projection: projection).allFacts, "after event \(start + offset)")
            }
        }
        let context = ReportContext(unit: "Enhet A", journalHeadHash: "00", programVersion: "test", asOf: until)
        let control = try DisclosureControl(minimumCellSize: 5)
        let period = ReportPeriod("2025")!
        XCTAssertEqual(try rollup.report(period: period, control: control, context: context),
                       try IndicatorRollup(projection: projection).report(period: period, control: control, context: context))
    }
}
