import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Every screen as text (and style roles where meaning rides on them) at 80×24 and 120×40.
final class SnapshotTests: XCTestCase {
    typealias Setup = @Sendable (inout Driver) -> Void

    /// The position of an instrument version in the assessment form's list (the versions offered for new assessments).
    static func index(of instrument: String, _ version: String? = nil) -> Int {
        Fixture.catalogue.offeredInstruments.firstIndex { $0.id == instrument && (version == nil || $0.version == version) }!
    }

    /// The screens, each reached by keys from the start.
    static let screens: [(name: String, setup: Setup)] = [
        ("caseList", { _ in }),
        ("dueList", { d in d.press(.tab) }),
        ("caseView", { d in d.openCase("T-1") }),
        ("caseViewCorrected", { d in d.openCase("T-3") }),
        ("intakeForm", { d in d.press(.char("n")) }),
        ("assessmentForm", { d in
            d.openCase("T-4")
            d.press(.char("b"))
            d.choose(.instrument, index(of: "freda-farlighet"))
            d.focus(.rating("F1"))
            d.press(.char("1"), .tab, .char("0"), .tab, .char("-"), .tab)
        }),
        ("saraForm", { d in
            d.openCase("T-2")
            d.press(.char("b"))
            d.choose(.instrument, index(of: "sara", "1999-sv.2"))
            d.focus(.rating("R1"))
            d.press(.char("2"), .tab, .char(" "), .tab, .char("1"), .tab)
        }),
        ("interventionStartForm", { d in d.openCase("T-2"); d.press(.char("i")) }),
        ("interventionEndForm", { d in d.openCase("T-1"); d.press(.char("e")) }),
        ("partnerContactForm", { d in
            d.openCase("T-2")
            d.press(.char("p"))
            d.choose(.step, 3)
            d.answer(.newViolence, .yes)
        }),
        ("duringFollowUpForm", { d in d.openCase("T-1"); d.press(.char("t")) }),
        ("closureForm", { d in d.openCase("T-1"); d.press(.char("a")) }),
        ("followUpForm", { d in d.press(.tab, .char("u")); d.choose(.reached, FormValues.yes) }),
        // Schema 2: the role-specific forms (SUV-våldsutsatthet / SUV-våldsutövare), scrolled to
        // the fields of one role, with the labels that name the other party.
        ("intakeFormVictim", { d in d.press(.char("n")); d.choose(.role, Role.victim); d.focus(.policeReport) }),
        ("intakeFormPerpetrator", { d in d.press(.char("n")); d.choose(.role, Role.perpetrator); d.focus(.mandate) }),
        ("closureFormVictim", { d in d.openCase("T-1"); d.press(.char("a")); d.focus(.safeContact) }),
        ("closureFormPerpetrator", { d in d.openCase("T-2"); d.press(.char("a")); d.focus(.safeContact) }),
        ("followUpFormVictimNotReached", { d in d.press(.tab, .char("u")); d.choose(.reached, FormValues.no) }),
        ("followUpFormPerpetrator", { d in
            d.openCase("T-10"); d.press(.char("u")); d.choose(.reached, FormValues.yes); d.focus(.livingSituation)
        }),
        ("retractForm", { d in d.openCase("T-1"); d.press(.char("r"), .right, .enter) }),
        ("amendForm", { d in d.openCase("T-1"); d.press(.char("r"), .enter) }),
        ("formWithProblems", { d in
            d.openCase("T-1")
            d.press(.char("a"))
            d.fill(.date, "2023-12-31")
            d.choose(.reason, ClosureReason.moved)
            d.focus(.surveySituationImproved)
            d.press(.char("7"))
            d.press(.function(2))
        }),
        ("saving", { d in d.openCase("T-1"); d.press(.char("t"), .function(2)) }),
        ("help", { d in d.press(.char("?")) }),
        ("formHelp", { d in d.openCase("T-1"); d.press(.char("t"), .tab, .char("?")) }),
        ("discardDialog", { d in d.openCase("T-1"); d.press(.char("t"), .tab, .char(" "), .escape) }),
        ("correctionDialog", { d in d.openCase("T-1"); d.press(.char("r")) }),
        ("voidDialog", { d in d.openCase("T-4"); d.press(.char("r"), .right, .enter) }),
        ("voidedCaseView", { d in
            d.openCase("T-4")
            d.press(.char("r"), .right, .enter, .char("j"))
            d.choose(FormEngine.correctionReasonId, CorrectionReason.wrongCase)
            d.fill(FormEngine.commentId, "fel klient")
            d.press(.function(2))
            d.runnerAccepts()
        }),
    ]

    func testEveryScreenAt80x24And120x40() {
        for (name, setup) in Self.screens {
            for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
                var d = Driver(size: size)
                setup(&d)
                assertSnapshot(d.frame(size.width, size.height), "\(name)-\(size.width)x\(size.height)")
            }
        }
    }

    func testStyleRolesCarryMeaningWithMarkers() {
        // High risk: "!" in the gutter AND the warning role; selection; header; title; muted.
        var list = Driver()
        assertSnapshot(list.frame(), "caseList-80x24", styles: true)
        list.openCase("T-1")
        assertSnapshot(list.frame(), "caseView-80x24", styles: true)
        var form = Driver()
        for (name, setup) in Self.screens where name == "formWithProblems" { setup(&form) }
        assertSnapshot(form.frame(), "formWithProblems-80x24", styles: true)
    }

    /// What a terminal without colours (or with NO_COLOR) shows: each cell's monochrome attributes
    /// as a hex digit of bold 1, reverse 2, underline 4, dim 8 ("." for none). The high-risk row,
    /// the selection and the error messages stay distinct without any colour.
    func testMonochromeAttributes() {
        var d = Driver()
        d.press(.down)   // a high-risk row, not selected, and the selection on another row
        check(monochrome(d.frame()), "caseList-80x24.monochrome")
        var form = Driver()
        for (name, setup) in Self.screens where name == "formWithProblems" { setup(&form) }
        check(monochrome(form.frame()), "formWithProblems-80x24.monochrome")
    }

    private func monochrome(_ buffer: Buffer) -> [String] {
        (0..<buffer.height).map { y in
            var digits = (0..<buffer.width).map { x -> Character in
                let bits = MonochromeStyle.combinedAttributes(for: buffer[x, y].style).rawValue
                return bits == 0 ? "." : Character(String(bits, radix: 16))
            }
            while digits.last == "." { digits.removeLast() }
            return String(digits)
        }
    }

    private func check(_ lines: [String], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        assertSnapshotLines(lines, name, file: file, line: line)
    }

    func testMinimumSizeAndBelow() {
        var d = Driver(size: Size(width: 60, height: 16))
        assertSnapshot(d.frame(60, 16), "caseList-60x16")
        d.openCase("T-1")
        assertSnapshot(d.frame(60, 16), "caseView-60x16")
        d.press(.char("b"))
        assertSnapshot(d.frame(60, 16), "assessmentForm-60x16")
        assertSnapshot(d.frame(59, 16), "tooSmall-59x16", styles: true)
        assertSnapshot(d.frame(60, 15), "tooSmall-60x15")
    }

    func testEnglish() {
        var d = Driver(env: Fixture.env(.en))
        assertSnapshot(d.frame(), "caseList-en-80x24")
        d.openCase("T-1")
        assertSnapshot(d.frame(), "caseView-en-80x24")
        d.press(.char("a"))
        assertSnapshot(d.frame(), "closureForm-en-80x24")
        XCTAssertEqual(view(d.state, size: Size(width: 40, height: 10), env: d.env).line(4), " The window is too small (needs 60×16)")
    }

    func testDemoIndicator() {
        let d = Driver(env: Fixture.env(demo: true))
        XCTAssertEqual(d.frame().line(23), "hl01 · DEMO – syntetiska data                                         2024-06-01")
    }

    /// åäö and a double-width character keep the columns aligned in a table cell and in a field.
    func testUnicodeAlignment() {
        let events = Fixture.journal() + [Fixture.intake("Å-漢1", "2024-03-03", id: 50), Fixture.intake("Ö-ä2", "2024-03-04", id: 51)]
        var d = Driver(Fixture.projection(events))
        let frame = d.frame()
        assertSnapshot(frame, "unicodeCaseList-80x24")
        let row = frame.lines().firstIndex { $0.contains("漢") }!
        // "Roll" starts in the same column on every row, whatever the code's width.
        let rollColumn = (0..<80).first { frame[$0, 2].symbol == "R" }!
        XCTAssertEqual(frame[rollColumn, row].symbol, "V")
        XCTAssertEqual(frame[rollColumn, row + 1].symbol, "V")
        d.press(.char("n"))
        d.type("Å-漢2")
        let form = d.frame()
        assertSnapshot(form, "unicodeField-80x24")
        let line = form.lines().firstIndex { $0.contains("Ärendekod") }!
        let valueX = (0..<80).first { form[$0, line].symbol == "Å" }!
        XCTAssertEqual(form[valueX + 2, line].symbol, "漢")
        XCTAssertEqual(form[valueX + 4, line].symbol, "2", "the wide character takes two columns")
        XCTAssertEqual(form.cursor, Position(x: valueX + "Å-漢2".displayWidth, y: line))
        let dateX = (0..<80).first { form[$0, line + 1].symbol == "2" }!
        XCTAssertEqual(dateX, valueX, "values line up under a wide character")
    }
}
