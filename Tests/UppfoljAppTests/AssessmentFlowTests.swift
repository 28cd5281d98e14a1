import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

final class AssessmentFlowTests: XCTestCase {
    /// The position of an instrument version in the form's list: the versions offered for new assessments.
    func index(of id: String, _ version: String? = nil) -> Int {
        Fixture.catalogue.offeredInstruments.firstIndex { $0.id == id && (version == nil || $0.version == version) }!
    }

    /// On a perpetrator's case a FREDA done with the partner during partner contact is recorded
    /// as the partner's, offered only there, and is not the case's own risk.
    func testAnAssessmentDoneWithThePartnerIsRecordedAsSuchAndIsNotTheCasesRisk() {
        let events = Fixture.journal() + [Fixture.intake("P-1", "2024-05-02", role: .perpetrator, birthYear: nil, id: 40)]
        var d = Driver(Fixture.projection(events))
        d.openCase("P-1")
        d.press(.char("b"))
        d.choose(.instrument, index(of: "freda-farlighet"))
        d.choose(.judgement("risk"), 2)
        XCTAssertTrue(text(d.frame(120, 40)).contains("Gjord med"), text(d.frame(120, 40)))
        d.choose(.respondent, 1)                       // client, partner, other source
        d.press(.function(2))
        guard case .assessment(let a)? = d.appended.first?.body else {
            return XCTFail("no assessment: \(String(describing: d.state.topForm?.messages))")
        }
        XCTAssertEqual(a.respondent, .partner)
        d.runnerAccepts()
        XCTAssertFalse(text(d.frame()).contains("HÖG RISK"), "the partner's assessment is not the perpetrator's own risk")
        XCTAssertTrue(text(d.frame(120, 40)).contains("gjord med partnern (partnerkontakt)"), text(d.frame(120, 40)))

        var victim = Driver()
        victim.openCase("T-4")
        victim.press(.char("b"))
        victim.choose(.instrument, index(of: "freda-farlighet"))
        let ctx = FormEngine.context(for: victim.state.topForm!, state: victim.state, env: victim.env)
        XCTAssertEqual(AssessmentForm.respondents(ctx), [.client, .otherSource], "no partner on a victim's case")
    }

    func testFredaDangerAssessmentWithJudgementAndClientEstimate() {
        var d = Driver()
        d.openCase("T-4")
        d.press(.char("b"))
        XCTAssertEqual(d.state.topForm?.kind, .assessment)
        d.choose(.instrument, index(of: "freda-farlighet"))
        d.focus(.rating("F1"))
        d.press(.char("1"), .tab, .char("1"), .tab, .char("0"))
        XCTAssertTrue(text(d.frame()).contains("Summa: 2 av högst 20 · utelämnade: 17 av 20"), text(d.frame()))
        d.choose(.judgement("risk"), 2)
        d.choose(.clientEstimate, 1)
        d.press(.function(2))

        guard case .assessment(let a)? = d.appended.first?.body else { return XCTFail("no assessment") }
        XCTAssertEqual(d.appended.first?.caseCode, "T-4")
        XCTAssertEqual(d.appended.first?.effectiveDate, Fixture.today)
        XCTAssertEqual(a, Assessment(instrument: InstrumentRef(id: "freda-farlighet", version: "2014-10"), timePoint: .intake,
                                     ratings: [ItemRating(item: "F1", value: 1), ItemRating(item: "F2", value: 1),
                                               ItemRating(item: "F3", value: 0)],
                                     judgements: [JudgementValue(judgement: "risk", value: "hog")], clientEstimate: .medium,
                                     respondent: .client))
        d.runnerAccepts()
        XCTAssertEqual(d.state.scope, .caseView)
        let screen = text(d.frame())
        XCTAssertTrue(screen.contains("! HÖG RISK"), screen)
        XCTAssertTrue(screen.contains("Sparat: Bedömning · T-4"), screen)
    }

    func testSaraSVJudgementsAndEarlierRatings() {
        var d = Driver()
        d.openCase("T-2")
        d.press(.char("b"))
        d.choose(.instrument, index(of: "sara-sv"))
        d.focus(.rating("R1"))
        d.press(.char("2"), .tab, .char("1"))          // now 2 (ja), earlier 1 (delvis)
        d.focus(.earlierRating("R2"))
        d.press(.char("-"))                            // explicitly omitted
        d.choose(.judgement("aktuell"), 2)
        d.choose(.judgement("framtida"), 1)
        d.choose(.judgement("allvarlighet"), 0)
        XCTAssertTrue(text(d.frame(120, 40)).contains("Summa: – · utelämnade: 14 av 15"), text(d.frame(120, 40)))
        d.press(.ctrl("g"))
        guard case .assessment(let a)? = d.appended.first?.body else { return XCTFail("no assessment") }
        XCTAssertEqual(a.instrument, InstrumentRef(id: "sara-sv", version: "utgava-okand"))
        XCTAssertEqual(a.timePoint, .during, "the case already has an assessment")
        // R2's earlier rating was picked as "–": the item is recorded as omitted, not left out.
        XCTAssertEqual(a.ratings, [ItemRating(item: "R1", value: 2, earlier: 1), ItemRating(item: "R2", value: nil, earlier: nil)])
        XCTAssertEqual(a.respondent, .client, "done with the client unless the worker says otherwise")
        XCTAssertEqual(a.judgements, [JudgementValue(judgement: "aktuell", value: "hog"),
                                      JudgementValue(judgement: "framtida", value: "medel"),
                                      JudgementValue(judgement: "allvarlighet", value: "lag")])
        XCTAssertNil(a.clientEstimate)
        d.runnerAccepts()
        // The high judgement flags the case in the case list.
        d.press(.escape)
        let row = d.frame().lines().first { $0.contains("T-2 ") && $0.contains("Våldsutövare") }!
        XCTAssertTrue(row.hasPrefix(" !T-2") || row.hasPrefix(">!T-2"), row)
    }

    func testRatingOutsideTheScaleIsShownAndNothingIsEmitted() {
        var d = Driver()
        d.openCase("T-4")
        d.press(.char("b"))
        d.choose(.instrument, index(of: "freda-farlighet"))
        d.focus(.rating("F1"))
        d.press(.char("3"))
        XCTAssertEqual(d.state.topForm?.values.choice(.rating("F1")), nil)
        XCTAssertEqual(d.state.topForm?.messages[.rating("F1")]?.sv, "Värdet 3 ligger utanför skalan 0–1 (- = utelämnad).")
        XCTAssertTrue(text(d.frame(120, 40)).contains("! Värdet 3 ligger utanför skalan 0–1"))
        XCTAssertEqual(d.effects, [])
        // A value on the scale clears the message.
        d.press(.char("1"))
        XCTAssertNil(d.state.topForm?.messages[.rating("F1")])
    }

    func testMissingJudgementIsShownUnderTheJudgement() {
        var d = Driver()
        d.openCase("T-4")
        d.press(.char("b"))
        d.press(.function(2))
        XCTAssertEqual(d.state.topForm?.messages[.instrument]?.sv, "Välj instrument och version.")
        d.choose(.instrument, index(of: "sara", "1999-sv.2"))
        d.press(.function(2))
        XCTAssertEqual(d.effects, [])
        XCTAssertEqual(d.state.topForm?.focusedId, .judgement("partner"))
        XCTAssertTrue(d.state.topForm?.messages[.judgement("partner")]?.sv.hasPrefix("Bedömningen Risk mot partnern saknas") ?? false)
    }

    func testChangingInstrumentClearsItsRatings() {
        var d = Driver()
        d.openCase("T-2")
        d.press(.char("b"))
        d.choose(.instrument, index(of: "sara", "1999-sv.2"))
        d.focus(.rating("R1"))
        d.press(.char("2"))
        d.choose(.instrument, index(of: "sara-sv"))
        XCTAssertNil(d.state.topForm?.values.choice(.rating("R1")))
    }

    func testPatriarkLikelyVictimsIsAMultipleChoice() {
        var d = Driver()
        d.openCase("T-2")
        d.press(.char("b"))
        d.choose(.instrument, index(of: "patriark"))
        d.choose(.judgement("allvarligt"), 1)
        d.choose(.judgement("akut"), 0)
        d.check(.judgement("sannolika-offer"), [1, 2], optionCount: 7)
        d.choose(.judgement("andra-risker"), 2)
        d.press(.function(2))
        guard case .assessment(let a)? = d.appended.first?.body else { return XCTFail("no assessment") }
        XCTAssertEqual(a.instrument, InstrumentRef(id: "patriark", version: "2013"))
        XCTAssertEqual(a.judgements, [JudgementValue(judgement: "allvarligt", value: "medel"),
                                      JudgementValue(judgement: "akut", value: "lag"),
                                      JudgementValue(judgement: "sannolika-offer", value: "partner"),
                                      JudgementValue(judgement: "sannolika-offer", value: "barn"),
                                      JudgementValue(judgement: "andra-risker", value: "hog")])
    }

    /// New assessments are offered only the corrected versions, with the form's words on the scales.
    func testTheFormOffersTheCorrectedVersionsAndShowsTheFormsWords() {
        var d = Driver()
        d.openCase("T-2")
        d.press(.char("b"))
        d.choose(.instrument, index(of: "sara-sv"))
        let screen = text(d.frame(140, 50))
        XCTAssertTrue(screen.contains("SARA:SV (utgåva okänd)"), screen)
        XCTAssertTrue(screen.contains("( ) N  ( ) D  ( ) J  ( ) –"), screen)
        XCTAssertTrue(screen.contains("  bakgrund"), screen)
        XCTAssertFalse(screen.contains("( ) 0"), "scale values are shown as the form's words, not as numbers")
        d.focus(.rating("R1"))
        d.press(.char("1"))
        XCTAssertTrue(text(d.frame(140, 50)).contains("(•) D  ( ) J  ( ) –  Delvis"), text(d.frame(140, 50)))
        XCTAssertFalse(Fixture.catalogue.offeredInstruments.contains { $0.ref == InstrumentRef(id: "sara-sv", version: "1") })
    }

    /// FREDA-kortfrågor 2014-10: the child questions do not decide "våld identifierat".
    func testKortfragorShowTheResultInWordsAndTheChildQuestionsDoNotCount() {
        var d = Driver()
        d.openCase("T-4")
        d.press(.char("b"))
        d.choose(.instrument, index(of: "freda-kort"))
        d.focus(.rating("K1"))
        d.press(.char("0"), .tab, .char("0"), .tab, .char("0"), .tab, .char("0"))
        d.focus(.rating("B1"))
        d.press(.char("1"))
        XCTAssertTrue(text(d.frame(120, 40)).contains("Resultat: Inget våld identifierat · obesvarade: 0 av 4"), text(d.frame(120, 40)))
        d.focus(.rating("K2"))
        d.press(.char("1"))
        XCTAssertTrue(text(d.frame(120, 40)).contains("Resultat: Våld identifierat"), text(d.frame(120, 40)))
        d.press(.function(2))
        guard case .assessment(let a)? = d.appended.first?.body else { return XCTFail("no assessment") }
        XCTAssertEqual(a.instrument, InstrumentRef(id: "freda-kort", version: "2014-10"))
        d.runnerAccepts()
        XCTAssertTrue(text(d.frame(140, 40)).contains("FREDA-kortfrågor 2014-10 (T0) · Våld identifierat"), text(d.frame(140, 40)))
    }
}
