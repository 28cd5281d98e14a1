import TerminalKit
import UppfoljReports
import UppfoljSample
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 17: the bugs a working day ran into, each with a test that fails without its fix.
final class WorkdayTests: XCTestCase {
    private func text(_ buffer: Buffer) -> String { buffer.lines().joined(separator: "\n") }

    // MARK: Line editing in forms

    func testTypingADateOverThePrefilledOneBackdatesAT1() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("t"))
        XCTAssertEqual(d.state.topForm?.focusedId, .date)
        XCTAssertEqual(d.state.topForm?.values.text(.date), "2024-06-01", "today is offered")
        d.type("2024-05-30")
        XCTAssertEqual(d.state.topForm?.values.text(.date), "2024-05-30", "typing replaced the offered date")
        d.press(.function(2))
        XCTAssertEqual(d.appended.last?.effectiveDate, Day(iso: "2024-05-30"))
    }

    func testThePrefilledValueShowsAsSelectedUntilTheFirstKey() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("t"))
        let before = d.frame().styleLines()
        XCTAssertTrue(before.contains { $0.contains("SSSSSSSSSS") }, "the offered date is drawn as a selection")
        d.press(.end)
        XCTAssertFalse(d.frame().styleLines().contains { $0.contains("SSSSSSSSSS") })
        d.press(.backspace, .char("9"))
        XCTAssertEqual(d.state.topForm?.values.text(.date), "2024-06-09", "after End the value is edited, not replaced")
    }

    func testCtrlUClearsAFieldInAForm() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("t"), .end, .ctrl("u"))
        XCTAssertEqual(d.state.topForm?.values.text(.date), "")
        d.type("2024-05-31")
        d.press(.ctrl("w"))
        XCTAssertEqual(d.state.topForm?.values.text(.date), "")
    }

    // MARK: Search

    func testSlashStartsANewSearch() {
        var d = Driver()
        d.press(.char("/"))
        d.type("T-1")
        d.press(.enter)
        XCTAssertEqual(d.state.caseList.query.text, "T-1")
        d.press(.char("/"))
        d.type("T-2")
        XCTAssertEqual(d.state.caseList.query.text, "T-2", "a new search, not T-1T-2")
        XCTAssertEqual(d.state.caseList.codes, ["T-2"])
        d.press(.enter, .char("/"), .end)
        d.type("0")
        XCTAssertEqual(d.state.caseList.query.text, "T-20", "End keeps the kept search for editing")
    }

    // MARK: Widths

    func testMediumFitsTheRiskColumnInEnglish() {
        for width in [80, 100, 120] {
            let d = Driver(env: Fixture.env(.en), size: Size(width: width, height: 40))
            let row = d.frame(width, 40).lines().first { $0.contains("T-2 ") }!
            XCTAssertTrue(row.contains("Medium"), "\(width): \(row)")
            XCTAssertFalse(row.contains("Medi…"), row)
        }
        let due = { var d = Driver(env: Fixture.env(.en), size: Size(width: 120, height: 40)); d.press(.tab); return d }()
        XCTAssertFalse(text(due.frame(120, 40)).contains("Medi…"))
    }

    func testTheRiskColumnNamesTheInstrumentFamilyWhenWide() {
        let d = Driver(size: Size(width: 120, height: 40))
        let row = d.frame(120, 40).lines().first { $0.contains("T-1 ") }!
        XCTAssertTrue(row.contains("Hög FREDA"), row)
    }

    /// At 60×16 the overview's figures ("100,0 % av 19") are shown whole.
    func testDashboardFiguresAreNotCutAtTheMinimumSize() {
        // Enough cases for three-digit denominators ("76,4 % av 123" is 13 columns).
        let until = DashboardTests.until
        let events = SampleGenerator(cases: 1500, seed: 3, until: until, catalogue: Fixture.catalogue).events()
        let context = ReportContext(unit: "Enhet Syd", journalHeadHash: String(repeating: "ab", count: 32),
                                    programVersion: "test", asOf: until)
        let report = try! IndicatorRollup(projection: Projection(catalogue: Fixture.catalogue, events: events))
            .report(period: ReportPeriod("2025")!, control: try! DisclosureControl(minimumCellSize: 5), context: context)
        let env = AppEnvironment(catalogue: Fixture.catalogue, today: until, worker: "")
        var state = DashboardState(report: report, source: .journal, size: Size(width: 60, height: 16))
        var widest = 0
        var checked = 0
        for (index, indicator) in report.indicators.enumerated() {
            let now = DashboardRenderer.headline(indicator, indicator.headline, Translator(.sv))
            widest = max(widest, now.displayWidth)
            let lines = dashboardView(state, size: Size(width: 60, height: 16), env: env).lines()
            let row = lines.first { $0.drop { $0 == ">" || $0 == " " }.hasPrefix(indicator.number + " ") }
            if let row {
                XCTAssertTrue(row.contains(now), "indicator \(index): \(now) in \(row)")
                checked += 1
            }
            _ = dashboardUpdate(&state, .key(.down), env)
        }
        XCTAssertGreaterThan(widest, 12, "the report has a figure wider than the old 12-column value column")
        XCTAssertGreaterThan(checked, 5)
    }

    // MARK: High risk

    /// A closed case keeps its judgement but loses the "!"; a PATRIARK "Låg" does not hide a SARA "Medel".
    func testHighRiskFlagOnlyForOpenCasesAndPerInstrumentFamily() throws {
        let sara = try XCTUnwrap(Fixture.catalogue.versions(of: "sara").last)
        let patriark = try XCTUnwrap(Fixture.catalogue.versions(of: "patriark").last)
        func judged(_ instrument: Instrument, _ level: RiskLevel) -> EventBody {
            let judgement = instrument.judgements.first { $0.options.contains { $0.risk == level } }!
            return .assessment(Assessment(instrument: InstrumentRef(id: instrument.id, version: instrument.version), timePoint: .intake,
                                          judgements: [JudgementValue(judgement: judgement.id,
                                                                      value: judgement.options.first { $0.risk == level }!.id)]))
        }
        let events = Fixture.journal() + [
            Fixture.intake("T-20", "2024-01-01", id: 60),
            Fixture.event("T-20", "2024-01-02", judged(sara, .high), id: 61),
            Fixture.closure("T-20", "2024-03-01", id: 62),
            Fixture.intake("T-21", "2024-01-01", role: .perpetrator, id: 63),
            Fixture.event("T-21", "2024-01-02", judged(sara, .medium), id: 64),
            Fixture.event("T-21", "2024-02-02", judged(patriark, .low), id: 65),
        ]
        let d = Driver(Fixture.projection(events), size: Size(width: 120, height: 40))
        let lines = d.frame(120, 40).lines()
        let closed = lines.first { $0.contains("T-20 ") }!
        XCTAssertFalse(closed.contains("!T-20"), closed)
        XCTAssertTrue(closed.contains("Hög SARA"), "the judgement still shows: \(closed)")
        let open = lines.first { $0.contains("T-1 ") }!
        XCTAssertTrue(open.contains("!T-1 "), open)
        let mixed = lines.first { $0.contains("T-21 ") }!
        XCTAssertTrue(mixed.contains("Medel SARA"), mixed)
    }

    // MARK: Validation

    func testEveryWrongFieldIsMarkedAtOnce() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("a"))
        d.fill(.date, "2023-12-31")       // before the intake (a rule of the journal's validator)
        d.focus(.surveySituationImproved)
        d.press(.char("7"))                 // not on the scale
        d.press(.function(2))               // and goal attainment is not chosen
        let form = d.state.topForm!
        XCTAssertNotNil(form.messages[.goalAttainment])
        XCTAssertNotNil(form.messages[.date], "the date's problem shows with the missing choice, not after it")
        XCTAssertNotNil(form.messages[.surveySituationImproved])
        XCTAssertEqual(form.focusedId, .date, "focus on the first wrong field")
        XCTAssertTrue(d.appended.isEmpty)
    }

    // MARK: Help

    func testTheDashboardsHelpListsNoFormKeys() {
        let dashboard = AppKeymap.helpRows(on: .dashboard, Translator(.sv)).map(\.description).joined(separator: "\n")
        XCTAssertFalse(dashboard.contains("Kasta ändringar"), dashboard)
        let form = AppKeymap.helpRows(on: .form, Translator(.sv)).map(\.description).joined(separator: "\n")
        XCTAssertTrue(form.contains("Kasta ändringar"), "the form's Esc still says it asks")
        XCTAssertEqual(AppKeymap.helpRows(on: .form, Translator(.sv)).filter { $0.keys == "Esc" }.count, 1, "Esc listed once")
    }

    // MARK: Event details (item 1)

    /// Enter on a timeline row opens the event read-only: its values, who recorded it and when,
    /// and the corrections that touch it. T-3's closure was amended.
    func testEventDetailSnapshots() {
        for language in [Language.sv, .en] {
            for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
                var d = Driver(env: Fixture.env(language), size: size)
                d.openCase("T-3")
                d.press(.up, .enter)   // the newest row is the correction; above it the closure
                XCTAssertEqual(d.state.baseScope, .eventDetail)
                let suffix = language == .sv ? "" : "-en"
                assertSnapshot(d.frame(size.width, size.height), "eventDetail\(suffix)-\(size.width)x\(size.height)")
            }
        }
    }

    func testEventDetailShowsValuesWhoWhenAndCorrections() {
        var d = Driver(size: Size(width: 120, height: 40))
        d.openCase("T-3")
        d.press(.up, .enter)
        let screen = text(d.frame(120, 40))
        XCTAssertTrue(screen.contains("Avslut (T2) · T-3"), screen)
        XCTAssertTrue(screen.contains("2023-10-20"), "the date")
        XCTAssertTrue(screen.contains("av hl01"), "who recorded it")
        XCTAssertTrue(screen.contains("Delvis"), "the amended value")
        XCTAssertTrue(screen.contains("(först registrerat: Helt)"), "and what was first recorded")
        XCTAssertTrue(screen.contains("Ändrad av hl01: fel uppgift"), screen)
        d.press(.char("q"))
        XCTAssertEqual(d.state.baseScope, .caseView)
        d = Driver()
        d.openCase("T-3")
        d.press(.home, .enter)   // the intake: many values, scrolled
        XCTAssertTrue(text(d.frame(80, 24)).contains("Inskrivning (T0) · T-3"))
        var intake = d
        for _ in 0..<60 { intake.press(.down) }
        XCTAssertTrue(text(intake.frame(80, 24)).contains("Inga rättelser."), "scrolled to the end")
        XCTAssertNotEqual(intake.frame(80, 24).lines(), d.frame(80, 24).lines())
        d.press(.escape)
        XCTAssertEqual(d.state.baseScope, .caseView)
    }

    // MARK: Case summary (item 3)

    func testCaseSummarySnapshots() {
        for language in [Language.sv, .en] {
            for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
                var d = Driver(env: Fixture.env(language), size: size)
                d.openCase("T-1")
                d.press(.char("s"))
                XCTAssertEqual(d.state.baseScope, .caseSummary)
                let suffix = language == .sv ? "" : "-en"
                assertSnapshot(d.frame(size.width, size.height), "caseSummary\(suffix)-\(size.width)x\(size.height)")
            }
        }
    }

    func testCaseSummaryDocumentHoldsTheCaseOnly() throws {
        let env = Fixture.env()
        let text = try XCTUnwrap(CaseSummaryDocument.markdown("T-1", projection: Fixture.projection(), env: env))
        XCTAssertTrue(text.hasPrefix("# Sammanfattning av ärende T-1\n"))
        XCTAssertTrue(text.contains("## Risk\n\n- FREDA-farlighetsbedömning"), text)
        XCTAssertTrue(text.contains("I1 Stödsamtal (från 2024-01-15) – pågår"), text)
        XCTAssertTrue(text.contains("2024-01-12  Bedömning"), text)
        for other in ["T-2", "T-3", "T-4", "T-10"] {
            XCTAssertNil(text.range(of: "\(other)(?![0-9])", options: .regularExpression), "names \(other)")
        }
        XCTAssertNil(CaseSummaryDocument.markdown("T-99", projection: Fixture.projection(), env: env))
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("s"), .char("G"))
        XCTAssertGreaterThan(d.state.routes.count, 1)
        d.press(.char("q"))
        XCTAssertEqual(d.state.baseScope, .caseView)
    }

    // MARK: Due list as a work list (item 4)

    func testDueListFiltersAndSorts() {
        var d = Driver(size: Size(width: 120, height: 40))
        d.press(.tab)
        let all = d.state.dueList.items
        XCTAssertEqual(all.count, 4)
        // Open interventions come after the follow-ups and the missing assessment.
        let kinds = all.map { item -> Bool in if case .openIntervention = item.kind { return true } else { return false } }
        XCTAssertEqual(kinds, kinds.sorted { !$0 && $1 }, "interventions last: \(all.map(\.kind))")
        d.press(.char("f"))   // T3 only
        XCTAssertTrue(d.state.dueList.items.allSatisfy { if case .followUpOverdue = $0.kind { return true }
            if case .followUpDue = $0.kind { return true }; return false })
        d.press(.char("f"))   // overdue T3 only
        XCTAssertEqual(d.state.dueList.items.map(\.caseCode), ["T-3"])
        XCTAssertTrue(text(d.frame(120, 40)).contains("Typ: endast försenade T3"))
        XCTAssertTrue(text(d.frame(120, 40)).contains("1 av 4 rader"))
        d.press(.char("f"), .char("f"))   // open interventions
        XCTAssertEqual(d.state.dueList.items.map(\.caseCode), ["T-1"])
        d.press(.char("f"))   // all again
        d.press(.char("r"), .char("r"))   // perpetrators
        XCTAssertEqual(d.state.dueList.items.map(\.caseCode), ["T-10"])
        d.press(.char("r"), .char("o"), .char("o"))   // all roles; by code
        XCTAssertEqual(d.state.dueList.items.filter { if case .openIntervention = $0.kind { return false }; return true }
            .map(\.caseCode), ["T-3", "T-4", "T-10"])
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            var f = Driver(size: size)
            f.press(.tab, .char("f"))
            assertSnapshot(f.frame(size.width, size.height), "dueListFiltered-\(size.width)x\(size.height)")
            var e = Driver(env: Fixture.env(.en), size: size)
            e.press(.tab, .char("r"))
            assertSnapshot(e.frame(size.width, size.height), "dueListFiltered-en-\(size.width)x\(size.height)")
        }
    }

    // MARK: Letter jump (item 5)

    func testALetterJumpsInAChoiceAndJKStillMoveWhenNoOptionMatches() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("a"))
        d.focus(.reason)
        let options = ClosureReason.current.map { Translator(.sv)($0.label) }
        let letter = Character(options[3].prefix(1).lowercased())
        d.press(.char(letter))
        let expected = LetterJump.index(of: letter, in: options, after: nil)
        XCTAssertNotNil(expected)
        XCTAssertEqual(d.state.topForm?.values.choice(.reason), expected)
        XCTAssertEqual(d.state.topForm?.focusedId, .reason)
        if !options.contains(where: { $0.lowercased().hasPrefix("j") }) {
            d.press(.char("j"))
            XCTAssertNotEqual(d.state.topForm?.focusedId, .reason, "j moves on when no option starts with j")
        }
    }

    // MARK: Survey words

    func testSurveyScalesShowTheirWords() {
        var d = Driver(size: Size(width: 120, height: 40))
        d.openCase("T-1")
        d.press(.char("a"))
        d.focus(.surveySituationImproved)
        XCTAssertTrue(text(d.frame(120, 40)).contains("1 = mycket sämre … 5 = mycket bättre"))
        d.press(.char("5"))
        XCTAssertTrue(text(d.frame(120, 40)).contains("5 mycket bättre"))
        d.focus(.surveySupportImportance)
        XCTAssertTrue(text(d.frame(120, 40)).contains("1 = ingen … 5 = mycket stor"))
    }
}
