import XCTest
@testable import UppfoljReports

/// The table kind is the table's id in every export: its spelling must stay what earlier
/// releases wrote, and every id read back must name the same kind.
final class ReportTableKindTests: XCTestCase {
    func testRawValuesAreTheExportIds() {
        XCTAssertEqual(ReportTableKind.breakdown(.role).rawValue, "byRole")
        XCTAssertEqual(ReportTableKind.breakdown(.ageBand).rawValue, "byAgeBand")
        // The one plural field is written singular, as it always was.
        XCTAssertEqual(ReportTableKind.breakdown(.interventionTypes).rawValue, "byInterventionType")
        XCTAssertEqual(ReportTableKind.crossing([.role, .sex, .ageBand]).rawValue, "roleSexAgeBand")
        XCTAssertEqual(ReportTableKind.crossing([.role, .ageBand]).rawValue, "roleAgeBand")
        XCTAssertEqual(ReportTableKind.categories.rawValue, "categories")
        XCTAssertEqual(ReportTableKind.stages.rawValue, "stages")
        XCTAssertEqual(ReportTableKind.trend.rawValue, "trend")
    }

    func testEveryKindReadsBackFromItsId() {
        var kinds: [ReportTableKind] = [.categories, .stages, .trend]
        let fields = IndicatorCatalogue.breakdownFields
        kinds += fields.map { .breakdown($0) }
        for a in fields { for b in fields where b != a { kinds.append(.crossing([a, b])) } }
        kinds.append(.crossing([.role, .sex, .ageBand]))
        kinds.append(.crossing([.honour, .interventionTypes, .legalBasis]))
        for kind in kinds { XCTAssertEqual(ReportTableKind(rawValue: kind.rawValue), kind, kind.rawValue) }
    }

    func testIdsNoCatalogueCanGiveAreRefused() {
        for id in ["", "byInterventionTypes", "byCaseCode", "role", "roleAge", "Trend", "headline", "roleSexAgeBandX"] {
            XCTAssertNil(ReportTableKind(rawValue: id), id)
        }
    }
}
