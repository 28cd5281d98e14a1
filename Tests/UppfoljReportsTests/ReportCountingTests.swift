import Foundation
import UppfoljCore
import UppfoljSample
import XCTest
@testable import UppfoljReports

/// The report counts cases by category masks and keeps the counts up to date as facts change;
/// these check both against the plain definitions: masks against `FactField.values`, counting by
/// masks against counting by names (`referenceIndicators`), and a rollup kept up to date through
/// appends and corrections against one rolled up from scratch.
final class ReportCountingTests: XCTestCase {
    static let catalogue = try! InstrumentCatalogue.builtIn()

    func testMasksAgreeWithTheFieldValues() throws {
        let until = Day(iso: "2026-06-30")!
        let events = SampleGenerator(cases: 400, seed: 77, until: until, catalogue: Self.catalogue).events()
        let facts = IndicatorRollup(projection: Projection(catalogue: Self.catalogue, events: events)).allFacts
        XCTAssertGreaterThan(facts.count, 300)
        for asOf in [until, Day(iso: "2025-03-01")!, Day(iso: "2030-01-01")!] {
            let coder = FieldCoder(instruments: Self.catalogue, asOf: asOf, policy: .standard)
            for field in FactField.allCases {
                let categories = field.categories(instruments: Self.catalogue)
                for (index, case_) in facts.enumerated() {
                    let values = field.values(of: case_, asOf: asOf, policy: .standard)
                    var expected = FieldMask.empty
                    for value in values {
                        if let position = categories.firstIndex(where: { $0.id == value }) {
                            expected.bits |= 1 << UInt64(position)
                        } else {
                            expected.outside = true
                        }
                    }
                    XCTAssertEqual(coder.mask(field, of: case_), expected, "\(field) of case \(index): \(values)")
                }
            }
        }
    }

    func testCountingByMasksEqualsCountingByNames() throws {
        let until = Day(iso: "2026-06-30")!
        let periods = ["2025Q2", "2025", "2024Q3..2025Q2", "2025-01..2025-02", "2026Q1", "2024-11", "2023..2025"]
        var generator = SplitMix64(seed: 31)
        for round in 0..<14 {
            let cases = 20 + Int(generator.next() % 200)
            let events = SampleGenerator(cases: cases, seed: generator.next(), until: until, catalogue: Self.catalogue).events()
            let facts = IndicatorRollup(projection: Projection(catalogue: Self.catalogue, events: events)).allFacts
            let k = round % 2 == 0 ? 3 : 5
            let builder = ReportBuilder(instruments: Self.catalogue, control: try DisclosureControl(minimumCellSize: k))
            let period = ReportPeriod(periods[round % periods.count])!
            var byMasks: [(String, SuppressionResult)] = [], byNames: [(String, SuppressionResult)] = []
            let fast = try builder.indicators(facts: facts, period: period, asOf: until) { byMasks.append(($0, $1)) }
            let reference = try builder.referenceIndicators(facts: facts, period: period, asOf: until) { byNames.append(($0, $1)) }
            XCTAssertEqual(fast, reference, "round \(round) \(period)")
            XCTAssertEqual(byMasks.map(\.0), byNames.map(\.0), "round \(round)")
            XCTAssertEqual(byMasks.map(\.1), byNames.map(\.1), "round \(round): the same tables went through disclosure control")
        }
    }

    /// Random points in a journal's history: the rollup that followed every append (facts
    /// refreshed, counts updated, suppression patterns reused) reports exactly what a rollup of
    /// the projection from scratch does — for the period it keeps, for others, and for another k.
    func testAnIncrementallyKeptReportEqualsOneFromScratch() throws {
        let until = Day(iso: "2026-11-23")!
        var generator = SplitMix64(seed: 4242)
        let context = ReportContext(unit: "Enhet A", journalHeadHash: "00", programVersion: "test", asOf: until)
        for round in 0..<2 {
            let events = SampleGenerator(cases: 100 + 60 * round, seed: generator.next(), until: until, catalogue: Self.catalogue).events()
            XCTAssertTrue(events.contains { $0.kind == .correction })
            let start = Int(generator.next() % UInt64(events.count / 3))
            var projection = Projection(catalogue: Self.catalogue, events: events[..<start])
            var rollup = IndicatorRollup(projection: projection)
            let periods = [ReportPeriod("2025")!, ReportPeriod("2025Q3")!, ReportPeriod("2026-01..2026-02")!]
            let controls = [try DisclosureControl(minimumCellSize: 5), try DisclosureControl(minimumCellSize: 3)]
            // Counts kept for these periods from the start.
            for period in periods { _ = try rollup.report(period: period, control: controls[0], context: context) }
            var checks = 0
            for (offset, event) in events[start...].enumerated() {
                projection.apply(event)
                let before = rollup
                rollup.refresh(event.caseCode, in: projection)
                guard generator.next() % 90 == 0 || offset == events.count - start - 1 else { continue }
                let period = periods[Int(generator.next() % UInt64(periods.count))]
                let control = controls[Int(generator.next() % 2)]
                let fresh = IndicatorRollup(projection: projection)
                XCTAssertEqual(rollup.allFacts, fresh.allFacts)
                XCTAssertEqual(try rollup.report(period: period, control: control, context: context),
                               try fresh.report(period: period, control: control, context: context),
                               "round \(round), after event \(start + offset), \(period), k=\(control.minimumCellSize)")
                checks += 1
                guard checks % 3 == 1 else { continue }
                // A copy taken before the refresh still reports its own (older) figures.
                let older = IndicatorRollup(projection: Projection(catalogue: Self.catalogue, events: events[..<(start + offset)]))
                XCTAssertEqual(try before.report(period: period, control: control, context: context),
                               try older.report(period: period, control: control, context: context))
            }
            XCTAssertGreaterThan(checks, 3)
        }
    }
}
