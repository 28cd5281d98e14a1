import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

final class IntakeFlowTests: XCTestCase {
    /// Fills every T0 field of a victim case and checks the one event emitted holds exactly them.
    func testVictimIntakeWithAllFieldsAppendsExactlyThoseValues() {
        var d = Driver()
        d.press(.char("n"))
        XCTAssertEqual(d.state.scope, .form)
        XCTAssertEqual(d.state.topForm?.focusedId, .caseCode)
        d.type("T-9")
        d.fill(.date, "2024-05-30")
        d.choose(.role, Role.victim)
        d.choose(.referral, ReferralSource.police)
        d.fill(.knownDate, "2024-05-28")
        d.check(.goals, [0, 3], optionCount: GoalArea.allCases.count)
        d.choose(.sex, Sex.female)
        d.fill(.birthYear, "1990")
        d.choose(.occupation, Occupation.working)
        d.choose(.housing, Housing.shelter)
        d.answer(.substanceUse, .no)
        d.answer(.functionalImpairment, .unknown)
        d.answer(.interpreterNeeded, .yes)
        d.choose(.relation, Relation.formerPartner)
        d.choose(.otherPartySex, Sex.male)
        d.choose(.livingSituation, LivingSituation.separated)
        d.choose(.severity, Severity.serious)
        d.choose(.violenceDuration, ViolenceDuration.oneToFiveYears)
        d.choose(.lastViolence, LastViolence.lastMonth)
        d.answer(.multiplePerpetrators, .no)
        d.check(.violenceTypes, [0, 2, 7], optionCount: 9)
        d.answer(.honourContext, .yes)
        d.answer(.policeReport, .yes)
        d.check(.protectiveMeasures, [0, 2, 4], optionCount: 6)
        d.fill(.childrenInHousehold, "2")
        d.answer(.childrenWitnessed, .yes)
        d.answer(.childrenExposed, .no)
        d.answer(.reportOfConcern, .yes)
        XCTAssertTrue(d.state.hasUnsavedChanges)
        XCTAssertEqual(d.appended, [])

        d.press(.function(2))

        XCTAssertEqual(d.appended.count, 1)
        let event = d.appended[0]
        var expected = Intake(role: .victim)
        expected.sex = .female
        expected.birthYear = 1990
        expected.referral = .police
        expected.relation = .formerPartner
        expected.multiplePerpetrators = .no
        expected.violenceTypes = [.physical, .sexual, .digital]
        expected.honourContext = .yes
        expected.childrenInHousehold = 2
        expected.childrenWitnessed = .yes
        expected.childrenExposed = .no
        expected.policeReport = .yes
        expected.protectiveMeasures = [.contactBan, .safetyAlarm, .policeAlarmPackage]
        expected.housing = .shelter
        expected.occupation = .working
        expected.substanceUse = .no
        expected.functionalImpairment = .unknown
        expected.interpreterNeeded = .yes
        expected.reportOfConcern = .yes
        expected.knownDate = Fixture.day("2024-05-28")
        expected.goals = [.safety, .housing]
        expected.otherPartySex = .male
        expected.livingSituation = .separated
        expected.severity = .serious
        expected.violenceDuration = .oneToFiveYears
        expected.lastViolence = .lastMonth
        XCTAssertEqual(event.body, .intake(expected))
        XCTAssertEqual(event.caseCode, "T-9")
        XCTAssertEqual(event.effectiveDate, Fixture.day("2024-05-30"))
        XCTAssertEqual(event.worker, "hl01")
        XCTAssertEqual(event.schemaVersion, Event.currentSchemaVersion)

        // "Sparar…" until the runner says it is durable; then "Sparat" and the new case opens.
        XCTAssertTrue(text(d.frame()).contains("Sparar…"))
        XCTAssertFalse(text(d.frame()).contains("Sparat"))
        d.runnerAccepts()
        XCTAssertTrue(text(d.frame()).contains("Sparat: Nytt ärende (inskrivning T0) · T-9"))
        XCTAssertEqual(d.state.scope, .caseView)
        XCTAssertEqual(d.state.currentCaseCode, "T-9")
        XCTAssertTrue(text(d.frame()).contains("T-9 · Våldsutsatt · Öppet · inskrivet 2024-05-30 · ålder 26–40"))
        XCTAssertFalse(text(d.frame()).contains("1990"), "no screen shows a birth year")
    }

    func testIntakeDateDefaultsToTodayAndUnknownsStayUnknown() {
        var d = Driver()
        d.press(.char("n"))
        d.type("T-20")
        d.choose(.role, Role.perpetrator)
        d.press(.ctrl("g"))
        guard case .intake(let intake)? = d.appended.first?.body else { return XCTFail("no intake") }
        XCTAssertEqual(d.appended.first?.effectiveDate, Fixture.today)
        var expected = Intake(role: .perpetrator)
        expected.violenceTypes = nil
        expected.protectiveMeasures = nil
        // The questions the form asks, left unanswered: okänt; the victim's questions are not asked.
        expected.otherPartySex = .unknown
        expected.livingSituation = .unknown
        expected.severity = .unknown
        expected.violenceDuration = .unknown
        expected.lastViolence = .unknown
        expected.goals = []
        expected.mandate = .unknown
        expected.underInvestigationOrConvicted = .unknown
        expected.treatmentOfferDeclined = .unknown
        XCTAssertEqual(intake, expected)
    }

    func testPersonnummerInCaseCodeIsRefusedInlineAndNothingIsEmitted() {
        var d = Driver()
        d.press(.char("n"))
        d.type("811228-9874")  // a deliberately invalid input: Luhn-valid, personnummer-shaped
        d.choose(.role, Role.victim)
        d.press(.function(2))
        XCTAssertEqual(d.effects, [])
        XCTAssertEqual(d.state.topForm?.focusedId, .caseCode)
        XCTAssertNotNil(d.state.topForm?.messages[.caseCode])
        let screen = text(d.frame())
        XCTAssertTrue(screen.contains("! Ser ut som ett personnummer."), screen)
        XCTAssertTrue(screen.contains("811228-9874"), "the form keeps what was typed")
    }

    func testPersonnummerInAnyTextFieldIsRefused() {
        var d = Driver(Fixture.projection())
        d.press(.enter, .char("r"))           // T-1, correct the selected (newest) event
        d.press(.char("j"))                   // amend
        d.choose(FormEngine.correctionReasonId, CorrectionReason.wrongValue)
        d.fill(.comment, "gäller 19811228-9874")
        d.press(.function(2))
        XCTAssertEqual(d.effects, [])
        XCTAssertNotNil(d.state.topForm?.messages[.comment])
    }

    func testBadDateAndNumberAreShownUnderTheirFields() {
        var d = Driver()
        d.press(.char("n"))
        d.type("T-21")
        d.fill(.date, "2024-02-30")
        d.choose(.role, Role.victim)
        d.fill(.childrenInHousehold, "-")
        d.press(.function(2))
        XCTAssertEqual(d.effects, [])
        let form = d.state.topForm!
        XCTAssertEqual(form.messages[.date]?.sv, "\"2024-02-30\" är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-03-01.")
        XCTAssertEqual(form.messages[.childrenInHousehold]?.sv, "\"-\" är inget heltal.")
        XCTAssertEqual(form.focusedId, .date, "focus goes to the first field with a problem")
        XCTAssertEqual(form.values.text(.caseCode), "T-21")
    }

    func testValidatorRulesAreCheckedBeforeEmitting() {
        var d = Driver()
        d.press(.char("n"))
        d.type("T-1")  // exists already
        d.choose(.role, Role.victim)
        d.fill(.birthYear, "1850")
        d.press(.function(2))
        XCTAssertEqual(d.effects, [])
        XCTAssertEqual(d.state.topForm?.messages[.caseCode]?.sv, "Det finns redan ett ärende med koden T-1.")
        XCTAssertEqual(d.state.topForm?.messages[.birthYear]?.sv, "Födelseåret 1850 är inte rimligt.")
    }
}
