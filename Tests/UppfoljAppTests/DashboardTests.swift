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
        // The overview groups the indicators: move to the indicator's place there.
        let position = DashboardRenderer.overviewOrder(Self.year).firstIndex(of: index)!
        for _ in 0..<position { _ = dashboardUpdate(&state, .key(.down), env) }
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

    /// Issue 15 item 6: the figures a unit is asked for first (Kolada, SU-Kvinnofrid), then the
    /// unit's own by role, each group under its heading; Enter opens the indicator under the cursor.
    func testTheOverviewIsGroupedWithTheAskedForFiguresFirst() {
        let lines = frame(DashboardState(report: Self.year, source: .journal, size: Size(width: 120, height: 40)), 120, 40).lines()
        let kolada = lines.firstIndex { $0.contains("Koladas nyckeltal (vuxna våldsutsatta)") }
        XCTAssertEqual(kolada, 3, lines.joined(separator: "\n"))   // title, period line, table header
        XCTAssertTrue(lines[4].contains("K1 ") && lines[4].contains("aktualiserade ärenden"), lines[4])
        let su = lines.firstIndex { $0.contains("SU-Kvinnofrid (vuxna våldsutsatta)") }!
        XCTAssertEqual(su, 3 + 1 + 3, "the heading, three Kolada figures, then SU-Kvinnofrid")
        let order = DashboardRenderer.overviewOrder(Self.year)
        XCTAssertEqual(Set(order), Set(Self.year.indicators.indices), "every indicator once")
        let groups = DashboardRenderer.overviewGroups(Self.year).map { $0.title.sv }
        XCTAssertEqual(groups, ["Koladas nyckeltal (vuxna våldsutsatta)", "SU-Kvinnofrid (vuxna våldsutsatta)",
                                "Våldsutsatta", "Våldsutövare", "Alla ärenden"])
        let victims = DashboardRenderer.overviewGroups(Self.year)[2].indices.map { Self.year.indicators[$0].id }
        XCTAssertEqual(victims, ["violence-stopped"])
        // Down three times from K1: K2, K3, then S1 (the heading is skipped).
        var state = DashboardState(report: Self.year, source: .journal, size: Size(width: 120, height: 40))
        for _ in 0..<3 { _ = dashboardUpdate(&state, .key(.down), env) }
        _ = dashboardUpdate(&state, .key(.enter), env)
        XCTAssertEqual(state.screen, .indicator(Self.year.indicators.firstIndex { $0.id == "suk-women" }!))
    }

    /// A period not yet over says how far the figures go; k is said in words.
    func testAnIncompletePeriodSaysHowFarItGoesAndKIsSaidInWords() {
        let december = AppEnvironment(catalogue: env.catalogue, today: Day(iso: "2026-12-06")!, worker: "")
        let quarter = Self.report("2026Q4")
        let line = dashboardView(DashboardState(report: quarter, source: .journal, size: Size(width: 120, height: 40)),
                                 size: Size(width: 120, height: 40), env: december).lines()[1]
        XCTAssertTrue(line.contains("◂ 2026Q4 t.o.m. 6 december ▸"), line)
        XCTAssertTrue(line.contains("k = 5: färre än 5 ärenden visas som .."), line)
        let english = AppEnvironment(catalogue: env.catalogue, today: Day(iso: "2026-12-06")!, language: .en, worker: "")
        XCTAssertTrue(dashboardView(DashboardState(report: quarter, source: .journal, size: Size(width: 120, height: 40)),
                                    size: Size(width: 120, height: 40), env: english).lines()[1].contains("2026Q4 to 6 December"))
        // A whole period, or an export's fixed one, says nothing of the kind.
        let whole = dashboardView(DashboardState(report: Self.year, source: .journal, size: Size(width: 120, height: 40)),
                                  size: Size(width: 120, height: 40), env: december).lines()[1]
        XCTAssertFalse(whole.contains("t.o.m."), whole)
        let export = dashboardView(DashboardState(report: quarter, source: .export, size: Size(width: 120, height: 40)),
                                   size: Size(width: 120, height: 40), env: december).lines()[1]
        XCTAssertFalse(export.contains("t.o.m."), export)
    }

    /// Figures that change while the view is open (another worker's save) are marked; moving to
    /// another period starts afresh.
    func testAMarkWhenTheFiguresChangedSinceTheViewOpened() {
        var state = DashboardState(report: Self.year, source: .journal, size: Size(width: 120, height: 40))
        XCTAssertFalse(frame(state, 120, 40).lines().joined().contains("●"))
        var changed = Self.year
        let index = changed.indicators.firstIndex { $0.id == "opened" }!
        changed.indicators[index].headline.count = Figure((changed.indicators[index].headline.count?.value ?? 0) + 1)
        _ = dashboardUpdate(&state, .reportLoaded(changed), env)
        XCTAssertEqual(state.changed, ["opened"])
        let lines = frame(state, 120, 40).lines()
        XCTAssertEqual(lines.filter { $0.contains("●") && !$0.contains("= siffrorna") }.count, 1)
        XCTAssertTrue(lines.contains { $0.contains("● Aktualiserade ärenden") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("● = siffrorna har ändrats sedan vyn öppnades") })
        // The same figures again: still changed against the opening. Another period: a new start.
        _ = dashboardUpdate(&state, .reportLoaded(changed), env)
        XCTAssertEqual(state.changed, ["opened"])
        _ = dashboardUpdate(&state, .reportLoaded(Self.report("2024")), env)
        XCTAssertEqual(state.changed, [])
    }

    /// Share bars are drawn on 0–100 %: the longest bar of a share chart is as long as its share,
    /// not the full width as a count chart's longest bar is.
    func testShareBarsAreOnAFixedScale() throws {
        /// The longest bar among the trend's lines (labelled with the year's quarters).
        func longestTrendBar(_ id: String) -> Int {
            var state = open(id, Size(width: 120, height: 40))
            _ = dashboardUpdate(&state, .key(.end), env)   // the trend is last
            return frame(state, 120, 40).lines().filter { $0.hasPrefix("2025Q") }.map { $0.filter { $0 == "█" }.count }.max() ?? 0
        }
        func largestShare(_ id: String) -> Double? {
            let shares = Self.year.indicator(id)?.table(.trend)?.rows.filter { $0.key != [ReportRow.total] }.compactMap { $0.share?.fraction }
            return shares?.isEmpty == false ? shares!.max() : nil
        }
        // A share indicator whose quarters are all well under 100 % (and the largest at least 20 %).
        let id = try XCTUnwrap(Self.year.indicators.first { $0.kind == .share && (0.2..<0.6).contains(largestShare($0.id) ?? 1) }?.id)
        let full = longestTrendBar("opened")
        XCTAssertGreaterThan(full, 20, "a count chart's longest bar fills the bar width")
        let share = longestTrendBar(id)
        XCTAssertGreaterThan(share, 0, id)
        XCTAssertLessThanOrEqual(share, Int((Double(full) * largestShare(id)!).rounded(.up)) + 1, id)
    }

    func testSuppressedFiguresShowAsDotsWithTheFootnoteAndNeverAsEmptyBars() {
        var state = open("goal-reached", Size(width: 120, height: 40))
        _ = dashboardUpdate(&state, .key(.end), env)   // the categories chart is below the breakdowns
        let lines = frame(state, 120, 40).lines()
        XCTAssertTrue(lines.contains { $0.contains(".. = färre än 5 ärenden") })
        let goal = Self.year.indicator("goal-reached")!
        let categories = goal.table(.categories)!
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
