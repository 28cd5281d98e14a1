import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

final class CaseFlowTests: XCTestCase {
    func testCloseACase() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("a"))
        XCTAssertEqual(d.state.topForm?.kind, .closure)
        d.fill(.date, "2024-05-31")
        d.choose(.reason, ClosureReason.current.firstIndex(of: .planned)!)
        d.choose(.goalAttainment, GoalAttainment.partly)
        d.choose(.violence, ViolenceStatus.stopped)
        d.choose(ClosureForm.typeId(.physical), ViolenceStatus.allCases.firstIndex(of: .stopped)!)
        d.choose(ClosureForm.typeId(.psychological), ViolenceStatus.allCases.firstIndex(of: .ongoing)!)
        d.focus(.surveySituationImproved)
        d.press(.char("4"))
        d.press(.function(2))
        var expected = Closure(reason: .planned, goalAttainment: .partly)
        expected.violence = .stopped
        expected.violenceByType = [.physical: .stopped, .psychological: .ongoing]
        expected.survey = ClientSurvey(situationImproved: 4, supportImportance: nil)
        // Asked on the form and left unanswered: okänt (not "ej registrerat").
        expected.violenceSource = .unknown
        expected.livingSituation = .unknown
        expected.followUpConsent = .unknown
        XCTAssertEqual(d.appended.first?.body, .closure(expected))
        XCTAssertEqual(d.appended.first?.effectiveDate, Fixture.day("2024-05-31"))
        d.runnerAccepts()
        XCTAssertTrue(text(d.frame()).contains("T-1 · Våldsutsatt · Avslutat"))
        // After closure only T3 and corrections: the other actions say why instead of opening a form.
        d.press(.char("b"))
        XCTAssertEqual(d.state.scope, .caseView)
        XCTAssertTrue(text(d.frame()).contains("! Ärendet är avslutat."))
    }

    func testClosureBeforeIntakeIsShownUnderTheDateAndNothingIsEmitted() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("a"))
        d.fill(.date, "2023-12-31")
        d.choose(.reason, ClosureReason.current.firstIndex(of: .moved)!)
        d.choose(.goalAttainment, GoalAttainment.notAssessed)
        d.press(.function(2))
        XCTAssertEqual(d.effects, [])
        XCTAssertEqual(d.state.topForm?.messages[.date]?.sv, "Avslutsdatum 2023-12-31 ligger före inskrivningen 2024-01-10.")
        XCTAssertTrue(text(d.frame(120, 40)).contains("! Avslutsdatum 2023-12-31 ligger före inskrivningen 2024-01-10."))
        XCTAssertEqual(d.state.topForm?.values.choice(.reason), ClosureReason.current.firstIndex(of: .moved))
    }

    func testFollowUpFromTheDueListDefaultsToTheDuePoint() {
        var d = Driver()
        d.press(.tab)
        XCTAssertEqual(d.state.scope, .dueList)
        XCTAssertEqual(d.state.dueList.selectedItem?.caseCode, "T-3", "overdue first")
        d.press(.char("u"))
        XCTAssertEqual(d.state.topForm?.kind, .followUp(months: 6))
        d.choose(.reached, FormValues.yes)
        d.answer(.newViolence, .yes)
        d.check(.newViolenceTypes, [1], optionCount: 8)
        d.answer(.newPoliceReport, .no)
        d.choose(.housing, Housing.ownHome)
        d.press(.function(2))
        var expected = FollowUpAfterClosure(reached: true)
        expected.monthsAfterClosure = 6
        expected.newViolence = .yes
        expected.newViolenceTypes = [.psychological]
        expected.newPoliceReport = .no
        expected.housing = .ownHome
        expected.source = .unknown
        expected.livingSituation = .unknown
        XCTAssertEqual(d.appended.first?.body, .followUp(expected))
        XCTAssertEqual(d.appended.first?.caseCode, "T-3")
        d.runnerAccepts()
        d.press(.escape)   // new violence reported: the offer to reopen for a new risk assessment, declined
        XCTAssertEqual(d.state.scope, .dueList, "saving returns to where the form was opened")
        XCTAssertFalse(d.state.dueList.items.contains { $0.caseCode == "T-3" })
    }

    func testFollowUpNotReachedHidesTheAnswers() {
        var d = Driver()
        d.openCase("T-10")
        d.press(.char("u"))
        d.choose(.reached, FormValues.no)
        XCTAssertNil(FormEngine.items(d.state.topForm!, FormEngine.context(for: d.state.topForm!, state: d.state, env: d.env))
            .compactMap(\.field).first { $0.id == .newViolence })
        d.press(.function(2))
        XCTAssertEqual(d.appended.first?.body, .followUp(FollowUpAfterClosure(reached: false)))
    }

    func testT3OnAnOpenCaseExplainsWhy() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("u"))
        XCTAssertEqual(d.state.scope, .caseView)
        XCTAssertTrue(text(d.frame()).contains("Uppföljning efter avslut (T3) kräver att ärendet är avslutat"))
    }

    func testPerpetratorCaseWithAnInterventionAndPartnerContacts() {
        var d = Driver()
        d.openCase("T-2")
        d.press(.char("i"))
        XCTAssertEqual(d.state.topForm?.values.text(.interventionId), "I1")
        d.choose(.type, InterventionType.groupTreatment)
        d.press(.function(2))
        var started = InterventionStart(interventionId: "I1", type: .groupTreatment)
        started.legalBasis = .unknown
        started.offeredAndDeclined = .unknown
        XCTAssertEqual(d.appended.last?.body, .interventionStarted(started))
        d.runnerAccepts()

        d.press(.char("p"))
        XCTAssertEqual(d.state.topForm?.values.choice(.step), 0, "the first contact asks for consent")
        d.answer(.consent, .yes)
        d.press(.function(2))
        XCTAssertEqual(d.appended.last?.body, .partnerContact(.asked(consent: .yes)))
        d.runnerAccepts()

        d.press(.char("p"))
        d.choose(.step, 1)
        d.choose(.channel, ContactChannel.phone)
        d.choose(.reached, FormValues.yes)
        d.press(.function(2))
        XCTAssertEqual(d.appended.last?.body, .partnerContact(.attempt(channel: .phone, reached: true)))
        d.runnerAccepts()

        d.press(.char("p"))
        d.choose(.step, 3)
        d.choose(.safetyPlanning, FormValues.yes)
        d.answer(.newViolence, .yes)
        d.check(.newViolenceTypes, [0], optionCount: 8)
        d.answer(.concernForChildren, .no)
        d.press(.function(2))
        var conversation = PartnerConversation()
        conversation.safetyPlanning = true
        conversation.newViolence = .yes
        conversation.newViolenceTypes = [.physical]
        conversation.concernForChildren = .no
        XCTAssertEqual(d.appended.last?.body, .partnerContact(.conversation(conversation)))
        d.runnerAccepts()
        d.press(.escape)   // new violence reported: the offer of a new risk assessment, declined

        d.press(.char("e"))
        d.choose(.outcome, InterventionOutcome.completed)
        d.press(.function(2))
        XCTAssertEqual(d.appended.last?.body, .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed)))
        d.runnerAccepts()
        XCTAssertEqual(d.appended.count, 5)
        let screen = text(d.frame(120, 40))
        XCTAssertTrue(screen.contains("Partnerkontakt: Kontaktförsök – Telefon, nådd"), screen)
        XCTAssertTrue(screen.contains("Partnerkontakt: Partnersamtal – nytt våld: ja, säkerhetsplanering"), screen)
        XCTAssertTrue(screen.contains("Insatser  inga pågående"), screen)
    }

    func testPartnerContactOnAVictimCaseShowsAMessageInstead() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("p"))
        XCTAssertEqual(d.state.scope, .caseView)
        XCTAssertTrue(text(d.frame()).contains("! Partnerkontakt registreras bara i ärenden för våldsutövare."))
        XCTAssertEqual(d.effects, [])
    }

    func testDuringFollowUpT1() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("t"))
        d.answer(.violenceSinceLast, .no)
        d.answer(.policeReport, .unknown)
        d.choose(.housing, Housing.temporary)
        d.press(.function(2))
        var expected = DuringFollowUp()
        expected.violenceSinceLast = .no
        expected.housing = .temporary
        XCTAssertEqual(d.appended.first?.body, .duringFollowUp(expected))
    }

    func testEndingAnInterventionWhenNoneIsOpenExplainsWhy() {
        var d = Driver()
        d.openCase("T-4")
        d.press(.char("e"))
        XCTAssertEqual(d.state.scope, .caseView)
        XCTAssertTrue(text(d.frame()).contains("Ärendet har ingen pågående insats att avsluta."))
    }
}

/// Opening a case asks the runner to record it in the access log — once per opening.
final class AccessEffectTests: XCTestCase {
    func testOpeningACaseIsLoggedOncePerOpening() {
        var d = Driver()
        let effects = update(&d.state, .key(.enter), d.env)
        guard case .caseView(let view)? = d.state.routes.last else { return XCTFail("a case screen opened") }
        XCTAssertEqual(effects, [.caseOpened(view.code)])
        XCTAssertEqual(update(&d.state, .key(.char("t")), d.env), [], "a form on the open case is not a new opening")
        XCTAssertEqual(update(&d.state, .key(.escape), d.env), [])
        XCTAssertEqual(update(&d.state, .key(.escape), d.env), [], "back to the list")
        XCTAssertEqual(update(&d.state, .key(.enter), d.env), [.caseOpened(view.code)], "opened again")
    }
}
