import TerminalKit
import TerminalKitTestSupport
import UppfoljCore
import UppfoljReports
import UppfoljSample
import XCTest
@testable import UppfoljApp

/// The manager view: snapshots at 80×24 and 120×40 (overview, a share with suppressed cells, a
/// bar chart, the funnel), period changes and the export mode.
final class DashboardTests: XCTestCase {
    static let until = Day(iso: "2026-11-23")!
    static let rollup: IndicatorRollup = {
        let catalogue = try! InstrumentCatalogue.builtIn()
        let events = SampleGenerator(cases: 300, seed: 1, until: until, catalogue: catalogue).events()
        return IndicatorRollup(projection: Projection(catalogue: catalogue, events: events))
    }()
    static func report(_ period: String) -> Report {
        let context = ReportContext(unit: "Enhet Syd", journalHeadHash: String(repeating: "ab", count: 32),
                                    programVersion: "test", asOf: until)
        return try! rollup.report(period: ReportPeriod(period)!, control: try! DisclosureControl(minimumCellSize: 5), context: context)
    }
    static let year = report("2025")
    let env = AppEnvironment(catalogue: try! InstrumentCatalogue.builtIn(), today: until, worker: "")

    func frame(_ state: DashboardState, _ width: Int, _ height: Int) -> Buffer {
        dashboardView(state, size: Size(width: width, height: height), env: env)
    }

    func open(_ id: String, _ size: Size) -> DashboardState {
        var state = DashboardState(report: Self.year, source: .journal, size: size)
        let index = Self.year.indicators.firstIndex { $0.id == id }!
        for _ in 0..<index { _ = dashboardUpdate(&state, .key(.down), env) }
        _ = dashboardUpdate(&state, .key(.enter), env)
        return state
    }

    func testSnapshotsAt80x24And120x40() {
        for (width, height) in [(80, 24), (120, 40)] {
            let size = Size(width: width, height: height)
            assertSnapshot(frame(DashboardState(report: Self.year, source: .journal, size: size), width, height),
                           "dashboardOverview-\(width)x\(height)")
            for id in ["goal-reached", "intake-risk", "partner-funnel"] {
                assertSnapshot(frame(open(id, size), width, height), "dashboard-\(id)-\(width)x\(height)")
            }
        }
    }

    func testSuppressedFiguresShowAsDotsWithTheFootnoteAndNeverAsEmptyBars() {
        var state = open("goal-reached", Size(width: 120, height: 40))
        _ = dashboardUpdate(&state, .key(.end), env)   // the categories chart is below the breakdowns
        let lines = frame(state, 120, 40).lines()
        XCTAssertTrue(lines.contains { $0.contains(".. = färre än 5 ärenden") })
        let goal = Self.year.indicator("goal-reached")!
        let categories = goal.table("categories")!
        XCTAssertTrue(categories.rows.contains { $0.count?.isSuppressed == true }, "the fixture hides a closure reason")
        for row in categories.rows where row.count?.isSuppressed == true {
            let name = categories.dimensions[0].categories.first { $0.id == row.key[0] }!.name.sv
            let line = lines.first { $0.hasPrefix(name) }
            XCTAssertNotNil(line, name)
            XCTAssertTrue(line?.hasSuffix("..") ?? false, line ?? "")
            XCTAssertFalse(line?.contains("█") ?? true, "no bar for a hidden figure: \(line ?? "")")
        }
    }

    func testNoCaseCodeEverReachesTheManagerView() {
        let catalogue = try! InstrumentCatalogue.builtIn()
        let projectionCodes = Projection(catalogue: catalogue,
                                         events: SampleGenerator(cases: 300, seed: 1, until: Self.until, catalogue: catalogue).events()).caseCodes
        XCTAssertGreaterThan(projectionCodes.count, 100)
        for id in Self.year.indicators.map(\.id) {
            let text = frame(open(id, Size(width: 120, height: 40)), 120, 40).lines().joined(separator: "\n")
            for code in projectionCodes where text.contains(code) { XCTFail("\(id) shows \(code)") }
        }
    }

    func testPeriodKeysAskForTheNeighbouringPeriodsAndTheLoadedReportReplacesTheOld() {
        var state = DashboardState(report: Self.year, source: .journal, size: Size(width: 80, height: 24))
        XCTAssertEqual(dashboardUpdate(&state, .key(.left), env), [.loadReport(ReportPeriod("2024")!)])
        XCTAssertTrue(frame(state, 80, 24).lines()[1].contains("◂ 2024 ▸"), "the period asked for shows at once")
        XCTAssertTrue(frame(state, 80, 24).lines()[1].contains("Räknar"))
        _ = dashboardUpdate(&state, .reportLoaded(Self.report("2024")), env)
        XCTAssertEqual(state.report.metadata.period, ReportPeriod("2024")!)
        XCTAssertFalse(frame(state, 80, 24).lines()[1].contains("Räknar"))
        XCTAssertEqual(dashboardUpdate(&state, .key(.right), env), [.loadReport(ReportPeriod("2025")!)])
        XCTAssertEqual(dashboardUpdate(&state, .key(.char("p")), env), [.loadReport(ReportPeriod("2025-12")!)], "year → month")
        XCTAssertEqual(dashboardUpdate(&state, .key(.char("p")), env), [.loadReport(ReportPeriod("2025Q4")!)], "month → quarter")
        XCTAssertEqual(dashboardUpdate(&state, .key(.char("p")), env), [.loadReport(ReportPeriod("2025")!)], "quarter → year")
        XCTAssertEqual(dashboardUpdate(&state, .key(.char("q")), env), [.quit])
    }

    func testAnExportHasAFixedPeriod() {
        var state = DashboardState(report: Self.year, source: .export, size: Size(width: 80, height: 24))
        XCTAssertEqual(dashboardUpdate(&state, .key(.left), env), [])
        XCTAssertTrue(frame(state, 80, 24).lines()[23].contains("fast period"), frame(state, 80, 24).lines()[23])
        XCTAssertTrue(frame(state, 80, 24).lines()[1].contains("perioden är fast"))
    }

    func testTooSmallAndEnglish() {
        let state = DashboardState(report: Self.year, source: .journal, size: Size(width: 59, height: 16))
        XCTAssertTrue(frame(state, 59, 16).lines().contains { $0.contains("för litet") })
        let english = AppEnvironment(catalogue: env.catalogue, today: Self.until, language: .en, worker: "")
        let lines = dashboardView(DashboardState(report: Self.year, source: .journal, size: Size(width: 80, height: 24)),
                                  size: Size(width: 80, height: 24), env: english).lines()
        assertSnapshot(Buffer(lines: lines, width: 80), "dashboardOverview-en-80x24")
    }

    func testHelpListsTheManagerKeysFromTheKeymap() {
        var state = DashboardState(report: Self.year, source: .journal, size: Size(width: 100, height: 30))
        _ = dashboardUpdate(&state, .key(.char("?")), env)
        let text = frame(state, 100, 30).lines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Föregående period (lika lång)"), text)
        XCTAssertTrue(text.contains("Byt periodlängd"))
        _ = dashboardUpdate(&state, .key(.escape), env)
        XCTAssertNil(state.helpOffset)
    }
}
