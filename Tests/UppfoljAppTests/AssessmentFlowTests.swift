import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

final class AssessmentFlowTests: XCTestCase {
    func index(of id: String) -> Int { Fixture.catalogue.instruments.firstIndex { $0.id == id }! }

    func testFredaDangerAssessmentWithJudgementAndClientEstimate() {
        var d = Driver()
        d.openCase("T-4")
        d.press(.char("b"))
        XCTAssertEqual(d.state.topForm?.kind, .assessment)
        d.choose("instrument", index(of: "freda-farlighet"))
        d.focus("ratings.F1")
        d.press(.char("1"), .tab, .char("1"), .tab, .char("0"))
        XCTAssertTrue(text(d.frame()).contains("Summa: 2 av högst 20 · utelämnade: 17 av 20"), text(d.frame()))
        d.choose("judgements.risk", 2)
        d.choose("clientEstimate", 1)
        d.press(.function(2))

        guard case .assessment(let a)? = d.appended.first?.body else { return XCTFail("no assessment") }
        XCTAssertEqual(d.appended.first?.caseCode, "T-4")
        XCTAssertEqual(d.appended.first?.effectiveDate, Fixture.today)
        XCTAssertEqual(a, Assessment(instrument: InstrumentRef(id: "freda-farlighet", version: "2014"), timePoint: .intake,
                                     ratings: [ItemRating(item: "F1", value: 1), ItemRating(item: "F2", value: 1),
                                               ItemRating(item: "F3", value: 0)],
                                     judgements: [JudgementValue(judgement: "risk", value: "hog")], clientEstimate: .medium))
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
        d.choose("instrument", index(of: "sara-sv"))
        d.focus("ratings.R1")
        d.press(.char("2"), .tab, .char("1"))          // now 2 (ja), earlier 1 (delvis)
        d.focus("ratings.R2.earlier")
        d.press(.char("-"))                            // explicitly omitted
        d.choose("judgements.akut", 2)
        d.choose("judgements.langsiktig", 1)
        d.choose("judgements.allvarligt", 0)
        XCTAssertTrue(text(d.frame(120, 40)).contains("Summa: – · utelämnade: 14 av 15"), text(d.frame(120, 40)))
        d.press(.ctrl("g"))
        guard case .assessment(let a)? = d.appended.first?.body else { return XCTFail("no assessment") }
        XCTAssertEqual(a.instrument, InstrumentRef(id: "sara-sv", version: "1"))
        XCTAssertEqual(a.timePoint, .during, "the case already has an assessment")
        XCTAssertEqual(a.ratings, [ItemRating(item: "R1", value: 2, earlier: 1)])
        XCTAssertEqual(a.judgements, [JudgementValue(judgement: "akut", value: "hog"),
                                      JudgementValue(judgement: "langsiktig", value: "medel"),
                                      JudgementValue(judgement: "allvarligt", value: "lag")])
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
        d.choose("instrument", index(of: "freda-farlighet"))
        d.focus("ratings.F1")
        d.press(.char("3"))
        XCTAssertEqual(d.state.topForm?.values.choice("ratings.F1"), nil)
        XCTAssertEqual(d.state.topForm?.messages["ratings.F1"]?.sv, "Värdet 3 ligger utanför skalan 0–1 (- = utelämnad).")
        XCTAssertTrue(text(d.frame(120, 40)).contains("! Värdet 3 ligger utanför skalan 0–1"))
        XCTAssertEqual(d.effects, [])
        // A value on the scale clears the message.
        d.press(.char("1"))
        XCTAssertNil(d.state.topForm?.messages["ratings.F1"])
    }

    func testMissingJudgementIsShownUnderTheJudgement() {
        var d = Driver()
        d.openCase("T-4")
        d.press(.char("b"))
        d.press(.function(2))
        XCTAssertEqual(d.state.topForm?.messages["instrument"]?.sv, "Välj instrument och version.")
        d.choose("instrument", index(of: "sara"))
        d.press(.function(2))
        XCTAssertEqual(d.effects, [])
        XCTAssertEqual(d.state.topForm?.focusedId, "judgements.risk")
        XCTAssertTrue(d.state.topForm?.messages["judgements.risk"]?.sv.hasPrefix("Bedömningen Sammanfattande risk saknas") ?? false)
    }

    func testChangingInstrumentClearsItsRatings() {
        var d = Driver()
        d.openCase("T-2")
        d.press(.char("b"))
        d.choose("instrument", index(of: "sara"))
        d.focus("ratings.R1")
        d.press(.char("2"))
        d.choose("instrument", index(of: "sara-sv"))
        XCTAssertNil(d.state.topForm?.values.choice("ratings.R1"))
    }

    func testPatriarkLikelyVictimsIsAMultipleChoice() {
        var d = Driver()
        d.openCase("T-2")
        d.press(.char("b"))
        d.choose("instrument", index(of: "patriark"))
        d.choose("judgements.allvarligt", 1)
        d.choose("judgements.akut", 0)
        d.check("judgements.troliga-offer", [0, 1], optionCount: 5)
        d.press(.function(2))
        guard case .assessment(let a)? = d.appended.first?.body else { return XCTFail("no assessment") }
        XCTAssertEqual(a.judgements, [JudgementValue(judgement: "allvarligt", value: "medel"),
                                      JudgementValue(judgement: "akut", value: "lag"),
                                      JudgementValue(judgement: "troliga-offer", value: "partner"),
                                      JudgementValue(judgement: "troliga-offer", value: "barn")])
    }
}
