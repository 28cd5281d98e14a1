import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 17 item 6: when a saved T1, partner conversation or T3 reports new violence, the
/// workbench offers a new risk assessment — and only then (a plain T1 costs no extra key).
final class RiskPromptTests: XCTestCase {
    var dialog: DialogState.Kind? {
        guard case .dialog(let d)? = driver.state.overlay else { return nil }
        return d.kind
    }
    var driver = Driver()

    func saveT1(_ violence: Answer?) {
        driver = Driver()
        driver.openCase("T-1")
        driver.press(.char("t"))
        if let violence { driver.answer(.violenceSinceLast, violence) }
        driver.press(.function(2))
        driver.runnerAccepts()
    }

    func testAT1WithViolenceOffersAnAssessmentAndEnterOpensIt() {
        saveT1(.yes)
        XCTAssertEqual(dialog, .offerRiskAssessment(code: "T-1", reopen: false))
        assertSnapshot(driver.frame(), "riskPromptDialog-80x24")
        driver.press(.enter)
        XCTAssertNil(driver.state.overlay)
        XCTAssertEqual(driver.state.topForm?.kind, .assessment)
        XCTAssertEqual(driver.state.topForm?.caseCode, "T-1")
    }

    func testEscDeclinesAndLeavesTheCaseScreen() {
        saveT1(.yes)
        driver.press(.escape)
        XCTAssertNil(driver.state.overlay)
        XCTAssertNil(driver.state.topForm)
        XCTAssertEqual(driver.state.currentCaseCode, "T-1")
        XCTAssertEqual(driver.appended.count, 1, "declining records nothing")
    }

    func testNoPromptWithoutViolence() {
        for answer in [nil, Answer.no, .unknown] {
            saveT1(answer)
            XCTAssertNil(driver.state.overlay, "T1 with violence \(String(describing: answer))")
            XCTAssertNil(driver.state.topForm)
        }
        // Nor for events that do not report violence.
        XCTAssertFalse(RiskPrompt.reportsNewViolence(.closure(Closure(reason: .planned, goalAttainment: .full))))
        XCTAssertFalse(RiskPrompt.reportsNewViolence(.partnerContact(.asked(consent: .yes))))
    }

    func testAPartnerConversationWithNewViolenceOffersAnAssessment() {
        driver.openCase("T-2")
        driver.press(.char("p"))
        driver.choose(.step, 3)
        driver.answer(.newViolence, .yes)
        driver.press(.function(2))
        driver.runnerAccepts()
        XCTAssertEqual(dialog, .offerRiskAssessment(code: "T-2", reopen: false))
        assertSnapshot(driver.frame(120, 40), "riskPromptDialog-120x40")
    }

    /// A T3 is on a closed case, which takes no assessment: the prompt offers the reopening (its
    /// reason preset to new violence), in which the new risk is assessed.
    func testAT3WithNewViolenceOffersToReopen() {
        driver = Driver(env: Fixture.env(.en))
        driver.openCase("T-10")
        driver.press(.char("u"))
        driver.choose(.reached, FormValues.yes)
        driver.answer(.newViolence, .yes)
        driver.press(.function(2))
        driver.runnerAccepts()
        XCTAssertEqual(dialog, .offerRiskAssessment(code: "T-10", reopen: true))
        assertSnapshot(driver.frame(), "riskPromptReopenDialog-en-80x24")
        driver.press(.enter)
        XCTAssertEqual(driver.state.topForm?.kind, .reopening)
        XCTAssertEqual(driver.state.topForm?.values.choice(.reason), ReopeningReason.newViolence.wireIndex)
    }

    func testRiskPromptRules() {
        var t1 = DuringFollowUp()
        t1.violenceSinceLast = .yes
        XCTAssertTrue(RiskPrompt.reportsNewViolence(.duringFollowUp(t1)))
        var t3 = FollowUpAfterClosure(reached: true)
        t3.newViolence = .yes
        XCTAssertTrue(RiskPrompt.reportsNewViolence(.followUp(t3)))
        t3.newViolence = .no
        XCTAssertFalse(RiskPrompt.reportsNewViolence(.followUp(t3)))
        var talk = PartnerConversation()
        talk.newViolence = .yes
        XCTAssertTrue(RiskPrompt.reportsNewViolence(.partnerContact(.conversation(talk))))
        talk.newViolence = .unknown
        XCTAssertFalse(RiskPrompt.reportsNewViolence(.partnerContact(.conversation(talk))))
    }
}
