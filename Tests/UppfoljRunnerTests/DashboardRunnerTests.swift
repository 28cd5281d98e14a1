import Foundation
import TerminalKit
import TerminalKitTestSupport
import XCTest
import UppfoljApp
import UppfoljCore
import UppfoljReports
import UppfoljRunner
import UppfoljSample
import UppfoljStore

/// The manager view through the real loop (`Runner` with `DashboardScreen`) on an in-memory
/// terminal: from a journal it follows what writers append on the tick; from an export it only
/// waits for keys; a period change shows "Räknar …" before the new figures; a resize redraws.
final class DashboardRunnerTests: JournalFolderTestCase {
    static let until = Day(iso: "2026-06-30")!
    let env = AppEnvironment(catalogue: catalogue, today: until, worker: "")

    /// A writer with the first `split` of a sample journal's events, and the rest to append later.
    func writer(cases: Int = 30) throws -> (CaseStore, [Event]) {
        let events = SampleGenerator(cases: cases, seed: 7, until: Self.until, catalogue: Self.catalogue).events()
        let split = events.count / 2
        let store = try CaseStore.open(path: path, catalogue: Self.catalogue, readOnly: false, create: true, sharedWriter: true)
        _ = try store.importEvents(Array(events[..<split]), today: Self.until)
        return (store, Array(events[split...]))
    }

    func testFromAJournalItFollowsAnotherWritersAppendsOnTheTick() throws {
        let (writer, rest) = try writer()
        let figures = JournalFigures(try CaseStore.open(path: path, catalogue: Self.catalogue, readOnly: true))
        let period = ReportPeriod("2026")!
        let terminal = MemoryTerminal()
        var screen = DashboardScreen(report: try figures.report(period), source: .journal, figures: figures, env: env, size: terminal.size)
        let firstHead = screen.state.report.metadata.journalHeadHashes
        terminal.append([.pause])
        try Runner.run(&screen, on: terminal)
        XCTAssertEqual(screen.state.report.metadata.journalHeadHashes, firstHead, "nothing new: the same figures")
        _ = try writer.importEvents(rest, today: Self.until)
        terminal.append([.key(.down)])   // a key is not the tick
        try Runner.run(&screen, on: terminal)
        XCTAssertEqual(screen.state.report.metadata.journalHeadHashes, firstHead)
        terminal.append([.pause])
        try Runner.run(&screen, on: terminal)
        XCTAssertEqual(screen.state.report.metadata.journalHeadHashes, [writer.headHash], "the figures of the journal as the writer left it")
        XCTAssertEqual(screen.state.report.metadata.period, period, "the same period")
        XCTAssertEqual(terminal.timeouts.first, DashboardScreen.followMs)
    }

    func testAPeriodChangeShowsRaknarThenTheNewPeriod() throws {
        _ = try writer()
        let figures = JournalFigures(try CaseStore.open(path: path, catalogue: Self.catalogue, readOnly: true))
        let terminal = MemoryTerminal(script: [.key(.char("["))])
        var screen = DashboardScreen(report: try figures.report(ReportPeriod("2026")!), source: .journal, figures: figures,
                                     env: env, size: terminal.size)
        try Runner.run(&screen, on: terminal)
        XCTAssertEqual(screen.state.report.metadata.period, ReportPeriod("2025")!)
        let screens = terminal.frames.map { $0.lines().joined(separator: "\n") }
        guard screens.count == 3 else { return XCTFail("the first frame, \"Räknar …\" while computing, the new period: \(screens.count) frames") }
        XCTAssertTrue(screens[1].contains("Räknar …"), screens[1])
        XCTAssertFalse(screens[2].contains("Räknar …"), screens[2])
    }

    func testFromAnExportItWaitsForKeysOnlyAndQuits() throws {
        _ = try writer()
        let report = try JournalFigures(try CaseStore.open(path: path, catalogue: Self.catalogue, readOnly: true))
            .report(ReportPeriod("2026")!)
        let terminal = MemoryTerminal(script: [.pause, .resize(Size(width: 120, height: 40)), .key(.char("q")), .key(.down)])
        var screen = DashboardScreen(report: report, source: .export, figures: nil, env: env, size: terminal.size)
        try Runner.run(&screen, on: terminal)
        XCTAssertTrue(terminal.timeouts.allSatisfy { $0 == nil || $0 == 0 }, "no tick without a journal: \(terminal.timeouts)")
        XCTAssertEqual(terminal.forcedRedraws, 1)
        XCTAssertEqual(screen.state.size, Size(width: 120, height: 40))
        XCTAssertEqual(terminal.lastFrame.size, Size(width: 120, height: 40))
        XCTAssertFalse(terminal.isInputClosed, "the loop ended on q")
    }
}

/// The figures of a read-only store, as the program's FigureSource gives them (a test copy: that
/// type lives in the executable).
struct JournalFigures: DashboardFigures {
    let store: CaseStore
    var rollup: IndicatorRollup

    init(_ store: CaseStore) {
        self.store = store
        rollup = IndicatorRollup(projection: store.projection)
    }

    func report(_ period: ReportPeriod) throws -> Report {
        try rollup.report(period: period, control: try DisclosureControl(minimumCellSize: 5),
                          context: ReportContext(unit: "Enhet", journalHeadHash: store.headHash, programVersion: "test",
                                                 asOf: DashboardRunnerTests.until))
    }

    mutating func catchUp() throws -> Bool {
        let touched = try store.catchUp()
        for code in touched { rollup.refresh(code, in: store.projection) }
        return !touched.isEmpty
    }
}
