import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

final class CorrectionTests: XCTestCase {
    /// Selects the timeline entry whose original event has this id.
    func select(_ id: UInt64, _ d: inout Driver) {
        let timeline = d.state.projection[d.state.currentCaseCode!]!.timeline()
        let index = timeline.firstIndex { $0.original.id == EventID(high: 0xAB, low: id) }!
        d.press(.home)
        for _ in 0..<index { d.press(.down) }
    }

    func testAmendAnAssessmentOpensItsFormPrefilledAndRecordsACorrection() {
        var d = Driver()
        d.openCase("T-1")
        select(2, &d)
        d.press(.char("r"))
        XCTAssertEqual(d.state.scope, .dialog)
        XCTAssertTrue(text(d.frame()).contains("Bedömning 2024-01-12: ändra uppgifterna eller makulera"))
        d.press(.enter)                                    // "Ändra" is preselected
        let form = d.state.topForm!
        XCTAssertEqual(form.kind, .assessment)
        XCTAssertEqual(form.amendTarget, EventID(high: 0xAB, low: 2))
        XCTAssertEqual(form.values.text(.date), "2024-01-12")
        XCTAssertEqual(form.values.choice(.rating("F1")), 1)
        XCTAssertEqual(form.values.choice(.judgement("risk")), 2)
        XCTAssertFalse(form.isDirty)

        d.press(.function(2))
        XCTAssertEqual(d.state.topForm?.messages[FormEngine.correctionReasonId]?.sv, "Välj ett alternativ.", "reason required")
        d.choose(FormEngine.correctionReasonId, CorrectionReason.wrongValue)
        d.choose(.judgement("risk"), 1)
        d.press(.function(2))
        guard case .correction(let correction)? = d.appended.first?.body else { return XCTFail("no correction") }
        XCTAssertEqual(correction.target, EventID(high: 0xAB, low: 2))
        XCTAssertEqual(correction.reason, .wrongValue)
        XCTAssertNil(correction.comment)
        let amended = Assessment(instrument: InstrumentRef(id: "freda-farlighet", version: "2014"), timePoint: .intake,
                                 ratings: [ItemRating(item: "F1", value: 1), ItemRating(item: "F2", value: 0)],
                                 judgements: [JudgementValue(judgement: "risk", value: "medel")])
        XCTAssertEqual(correction.action, .amend(body: .assessment(amended), effectiveDate: nil))
        XCTAssertEqual(d.appended.first?.effectiveDate, Fixture.today)
        d.runnerAccepts()
        XCTAssertTrue(text(d.frame()).contains("Sparat: Rättelse: Bedömning · T-1"))
        let screen = text(d.frame(160, 40))
        XCTAssertFalse(screen.contains("HÖG RISK"), "the corrected view lowers the risk")
        XCTAssertTrue(screen.contains("Handläggarens riskbedömning: Medel · summa 1/20 · av hl01 [rättad: fel uppgift]"), screen)
        XCTAssertTrue(screen.contains("Rättelse: ändrar Bedömning 2024-01-12 (Fel uppgift)"), screen)
    }

    func testAmendingTheDateSendsTheNewDate() {
        var d = Driver()
        d.openCase("T-1")
        select(3, &d)
        d.press(.char("r"), .char("j"))
        d.choose(FormEngine.correctionReasonId, CorrectionReason.wrongDate)
        d.fill(.date, "2024-01-16")
        d.press(.function(2))
        guard case .correction(let c)? = d.appended.first?.body else { return XCTFail("no correction") }
        var amended = InterventionStart(interventionId: "I1", type: .supportiveTalks)
        amended.legalBasis = .unknown
        amended.offeredAndDeclined = .unknown
        XCTAssertEqual(c.action, .amend(body: .interventionStarted(amended), effectiveDate: Fixture.day("2024-01-16")))
    }

    func testRetractWithReasonAndComment() {
        var d = Driver()
        d.openCase("T-1")
        select(3, &d)
        d.press(.char("r"), .right, .enter)                 // "Makulera"
        XCTAssertEqual(d.state.topForm?.kind, .retract(target: EventID(high: 0xAB, low: 3)))
        XCTAssertTrue(text(d.frame()).contains("Makulerar: Insats påbörjad 2024-01-15"))
        d.choose(FormEngine.correctionReasonId, CorrectionReason.duplicate)
        d.fill(.comment, "registrerad två gånger")
        d.press(.function(2))
        XCTAssertEqual(d.appended.first?.body, .correction(Correction(target: EventID(high: 0xAB, low: 3), action: .retract,
                                                                      reason: .duplicate, comment: "registrerad två gånger")))
        d.runnerAccepts()
        let screen = text(d.frame(120, 40))
        XCTAssertTrue(screen.contains("Insats påbörjad: I1 Stödsamtal · av hl01 [makulerad: dubbelregistrering]"), screen)
        // A retracted event cannot be corrected again; nor can a correction.
        select(3, &d)
        d.press(.char("r"))
        XCTAssertTrue(text(d.frame()).contains("Händelsen är redan makulerad."))
    }

    func testAmendedEventsShowTheCorrectedValuesAndTheReason() {
        var d = Driver()
        d.openCase("T-3")
        let screen = text(d.frame(120, 40))
        XCTAssertTrue(screen.contains("Avslut (T2): Planerat avslut · mål: delvis – våldet: upphört · av hl01 [rättad: fel uppgift]"), screen)
        select(13, &d)
        d.press(.char("r"))
        XCTAssertTrue(text(d.frame()).contains("En rättelse kan inte rättas"))
    }

    func testAmendingAnIntakeNeverShowsTheBirthYearAndKeepsIt() {
        var d = Driver()
        d.openCase("T-1")
        select(1, &d)
        d.press(.char("r"), .enter)
        XCTAssertEqual(d.state.topForm?.values.text(.birthYear), "")
        XCTAssertFalse(text(d.frame(120, 40)).contains("1985"))
        d.choose(FormEngine.correctionReasonId, CorrectionReason.missingInformation)
        d.choose(.housing, Housing.ownHome)
        d.press(.function(2))
        guard case .correction(let c)? = d.appended.first?.body, case .amend(.intake(let intake), nil) = c.action else {
            return XCTFail("no intake amendment")
        }
        XCTAssertEqual(intake.birthYear, 1985)
        XCTAssertEqual(intake.housing, .ownHome)
        XCTAssertEqual(intake.violenceTypes, [.physical, .psychological])
    }
}
