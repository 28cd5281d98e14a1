import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

final class SaveFlowTests: XCTestCase {
    /// A T1 form on T-1 with one answer, saved; returns the driver waiting for the runner.
    func savedT1() -> Driver {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("t"))
        d.answer(.violenceSinceLast, .yes)
        d.check(.violenceTypes, [0], optionCount: 8)
        d.press(.function(2))
        XCTAssertEqual(d.appended.count, 1)
        return d
    }

    func testSavingSaysSparatOnlyAfterTheRunnerConfirms() {
        var d = savedT1()
        XCTAssertEqual(d.state.scope, .form)
        XCTAssertTrue(d.state.topForm!.isSaving)
        XCTAssertTrue(text(d.frame()).contains("Sparar…"))
        XCTAssertFalse(text(d.frame()).contains("Sparat"))
        // Keys are ignored while saving: no second append, no edits.
        d.press(.function(2), .char(" "), .escape)
        XCTAssertEqual(d.appended.count, 1)
        XCTAssertEqual(d.state.scope, .form)
        // A confirmation for some other event changes nothing.
        d.send(.saved(EventID(high: 1, low: 1)))
        XCTAssertEqual(d.state.scope, .form)
        d.runnerAccepts()
        // The T1 reported violence: the form is gone and a new risk assessment is offered (issue 17
        // item 6, RiskPromptTests); the status line says "Sparat" under the dialog.
        XCTAssertNil(d.state.topForm)
        XCTAssertEqual(d.state.scope, .dialog)
        XCTAssertTrue(text(d.frame()).contains("Sparat: Uppföljning under insats (T1) · T-1"))
        XCTAssertEqual(d.state.status?.role, .success)
        d.press(.escape)
        XCTAssertEqual(d.state.scope, .caseView)
    }

    func testRefusedKeepsTheFormAndShowsEachProblemUnderItsField() {
        var d = savedT1()
        d.send(.refused([
            Problem(code: "x", field: .violenceTypes, message: Localized(sv: "Fel i våldsformer.", en: "Wrong types.")),
            Problem(code: "y", field: .caseCode, message: Localized(sv: "Journalen är låst.", en: "The journal is locked.")),
        ]))
        let form = d.state.topForm!
        XCTAssertFalse(form.isSaving)
        XCTAssertEqual(form.values.tri(.violenceSinceLast), .yes, "content kept")
        XCTAssertEqual(form.values.checked(.violenceTypes), [0])
        XCTAssertEqual(form.messages[.violenceTypes]?.sv, "Fel i våldsformer.")
        XCTAssertEqual(form.focusedId, .violenceTypes)
        let screen = text(d.frame())
        XCTAssertTrue(screen.contains("! Fel i våldsformer."), screen)
        XCTAssertTrue(screen.contains("! Journalen är låst."), "a problem no field shows goes to the status line")
        // Fixing and saving again works.
        d.press(.function(2))
        XCTAssertEqual(d.appended.count, 2)
    }

    func testSaveFailedKeepsTheFormAndShowsTheError() {
        var d = savedT1()
        d.send(.saveFailed(Localized(sv: "Disken är full.", en: "The disk is full.")))
        XCTAssertFalse(d.state.topForm!.isSaving)
        XCTAssertEqual(d.state.topForm?.values.tri(.violenceSinceLast), .yes)
        XCTAssertTrue(text(d.frame()).contains("! Kunde inte spara: Disken är full. Formuläret finns kvar."))
        XCTAssertEqual(d.state.status?.role, .error)
    }

    func testEnglishMessages() {
        var d = Driver(env: Fixture.env(.en))
        d.openCase("T-1")
        d.press(.char("t"))
        d.fill(.date, "2024-13-01")
        d.press(.function(2))
        XCTAssertEqual(d.effects, [])
        let screen = text(d.frame(120, 40))
        XCTAssertTrue(screen.contains("! \"2024-13-01\" is not a date; write YYYY-MM-DD, e.g. 2024-03-01."), screen)
        XCTAssertTrue(screen.contains("Not saved: fix the marked field."), screen)
    }

    func testEscOnADirtyFormAsksAndNejKeepsTheForm() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("t"))
        d.answer(.violenceSinceLast, .no)
        d.press(.escape)
        XCTAssertEqual(d.state.scope, .dialog)
        let screen = text(d.frame())
        XCTAssertTrue(screen.contains("Kasta ändringar?"))
        XCTAssertTrue(screen.contains("[ Ja ]  < Nej >"), "Nej is preselected")
        d.press(.enter)
        XCTAssertEqual(d.state.scope, .form)
        XCTAssertEqual(d.state.topForm?.values.tri(.violenceSinceLast), .no)
        d.press(.escape, .char("j"))
        XCTAssertEqual(d.state.scope, .caseView)
        XCTAssertEqual(d.effects, [])
    }

    func testEscOnACleanFormLeavesAtOnce() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("t"))
        d.press(.tab, .tab)          // moving around does not make it dirty
        d.press(.escape)
        XCTAssertEqual(d.state.scope, .caseView)
    }

    func testDialogKeysMoveBetweenButtons() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("t"))
        d.answer(.violenceSinceLast, .no)
        d.press(.escape, .left)
        XCTAssertTrue(text(d.frame()).contains("< Ja >  [ Nej ]"))
        d.press(.escape)            // Esc in the dialog = Nej
        XCTAssertEqual(d.state.scope, .form)
    }

    func testQuitFromListsAndBackFromCase() {
        var d = Driver()
        d.press(.enter)
        XCTAssertEqual(d.state.scope, .caseView)
        d.press(.char("q"))
        XCTAssertEqual(d.state.scope, .caseList)
        d.press(.char("q"))
        XCTAssertEqual(d.effects, [.quit])
        var due = Driver()
        due.press(.tab, .char("q"))
        XCTAssertEqual(due.effects, [.quit])
    }

    func testKeysDoNothingBelowTheMinimumSize() {
        var d = Driver(size: Size(width: 59, height: 16))
        d.press(.char("q"), .char("n"))
        XCTAssertEqual(d.effects, [])
        XCTAssertEqual(d.state.scope, .caseList)
        d.send(.resize(width: 60, height: 16))
        d.press(.char("q"))
        XCTAssertEqual(d.effects, [.quit])
    }

    func testProjectionChangesKeepTheSelectedCase() {
        var d = Driver()
        d.press(.down, .down)
        XCTAssertEqual(d.state.caseList.selectedCode, "T-3")
        var projection = d.state.projection
        projection.apply(Fixture.intake("T-0", "2024-05-01", id: 99))
        d.send(.projectionChanged(projection))
        XCTAssertEqual(d.state.caseList.selectedCode, "T-3")
        XCTAssertEqual(d.state.caseList.codes.first, "T-0")
    }
}
