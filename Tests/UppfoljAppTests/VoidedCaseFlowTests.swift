import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 12, item 3: voiding a case in the workbench asks first, keeps the case findable as
/// makulerat (who, when, why), and retracting the voiding restores it.
final class VoidedCaseFlowTests: XCTestCase {
    func select(_ id: EventID, _ d: inout Driver, file: StaticString = #filePath, line: UInt = #line) {
        let timeline = d.state.projection[d.state.currentCaseCode!]!.timeline()
        guard let index = timeline.firstIndex(where: { $0.original.id == id }) else {
            return XCTFail("no event \(id)", file: file, line: line)
        }
        d.press(.home)
        for _ in 0..<index { d.press(.down) }
    }

    /// Opens T-4 (an intake only) and asks to retract its intake.
    func askToVoid(_ d: inout Driver) {
        d.openCase("T-4")
        select(EventID(high: 0xAB, low: 30), &d)
        d.press(.char("r"), .right, .enter)                 // "Makulera" on the intake
    }

    func testRetractingAnIntakeAsksForConfirmationFirstAndCancelIsTheDefault() {
        var d = Driver()
        askToVoid(&d)
        XCTAssertNil(d.state.topForm, "no retraction form before the voiding is confirmed")
        XCTAssertEqual(d.state.scope, .dialog)
        let screen = text(d.frame(100, 30))
        XCTAssertTrue(screen.contains("Makulera ärendet?"), screen)
        XCTAssertTrue(screen.contains("Makulera") && screen.contains("Avbryt"), screen)
        d.press(.enter)                                     // "Avbryt" is preselected
        XCTAssertNil(d.state.overlay)
        XCTAssertNil(d.state.topForm)
        XCTAssertTrue(d.appended.isEmpty)
        askToVoid(&d)
        d.press(.char("j"))                                 // yes: Makulera
        XCTAssertEqual(d.state.topForm?.kind, .retract(target: EventID(high: 0xAB, low: 30)))
    }

    func testAVoidedCaseStaysFindableAndRetractingTheVoidingRestoresIt() {
        var d = Driver()
        askToVoid(&d)
        d.press(.char("j"))
        d.choose(FormEngine.correctionReasonId, CorrectionReason.wrongCase)
        d.fill(.comment, "fel klient")
        d.press(.function(2))
        guard let voiding = d.appended.last else { return XCTFail("nothing saved") }
        d.runnerAccepts()
        XCTAssertTrue(d.state.projection["T-4"]!.isVoided)

        // The case screen still shows the case: status, who, when, why, and its timeline.
        var screen = text(d.frame(120, 30))
        XCTAssertFalse(screen.contains("finns inte"), screen)
        XCTAssertTrue(screen.contains("T-4 · Makulerat"), screen)
        XCTAssertTrue(screen.contains("2024-06-01 av hl01: fel ärende – \"fel klient\""), screen)
        XCTAssertTrue(screen.contains("[makulerad: fel ärende]"), screen)
        // No new events on a voided case.
        d.press(.char("b"))
        XCTAssertNil(d.state.topForm)

        // The case list shows it as makulerat.
        d.press(.escape)
        XCTAssertNil(d.state.currentCaseCode)
        XCTAssertTrue(d.state.caseList.codes.contains("T-4"))
        screen = text(d.frame(120, 30))
        XCTAssertTrue(screen.split(separator: "\n").contains { $0.contains("T-4") && $0.contains("Makulerat") }, screen)

        // Restore: open it from the list, select the voiding in the timeline, r, confirm, reason, save.
        d.state.caseList.table.selected = d.state.caseList.codes.firstIndex(of: "T-4")
        d.press(.enter)
        XCTAssertEqual(d.state.currentCaseCode, "T-4")
        select(voiding.id, &d)
        d.press(.char("r"))
        XCTAssertTrue(text(d.frame(100, 30)).contains("Återställ ärendet?"))
        d.press(.enter)                                     // "Återställ" is preselected
        XCTAssertEqual(d.state.topForm?.kind, .retract(target: voiding.id))
        XCTAssertTrue(text(d.frame(100, 30)).contains("Återställ makulerat ärende"))
        d.choose(FormEngine.correctionReasonId, CorrectionReason.wrongValue)
        d.press(.function(2))
        guard case .correction(let undo)? = d.appended.last?.body else { return XCTFail("no correction") }
        XCTAssertEqual(undo.target, voiding.id)
        XCTAssertEqual(undo.action, .retract)
        d.runnerAccepts()
        XCTAssertEqual(d.state.projection["T-4"]?.status, .open)
        XCTAssertTrue(text(d.frame(120, 30)).contains("T-4 · Våldsutsatt · Öppet"))
    }

    func testOnAVoidedCaseOnlyTheVoidingCanBeCorrected() {
        var d = Driver()
        askToVoid(&d)
        d.press(.char("j"))
        d.choose(FormEngine.correctionReasonId, CorrectionReason.wrongCase)
        d.press(.function(2))
        d.runnerAccepts()
        select(EventID(high: 0xAB, low: 30), &d)
        d.press(.char("r"))
        XCTAssertNil(d.state.overlay)
        XCTAssertTrue(text(d.frame(120, 30)).contains("bara makuleringen hävas"))
    }
}
