import XCTest
import UppfoljCore

final class CatalogueRatingValidationTests: XCTestCase {
    private typealias T = CatalogueTestSupport
    private let saraRisk = [JudgementValue(judgement: "risk", value: "hog")]
    private let saraSVJudgements = [JudgementValue(judgement: "akut", value: "lag"),
                                    JudgementValue(judgement: "langsiktig", value: "medel"),
                                    JudgementValue(judgement: "allvarligt", value: "hog")]

    // MARK: Valid assessments

    func testCompleteValidAssessmentsHaveNoProblems() {
        var sara = T.all(T.sara, 1)
        sara[6] = ItemRating(item: "R7", value: 2, critical: true)
        XCTAssertEqual(T.sara.validate(ratings: sara, judgements: saraRisk), [])
        XCTAssertEqual(T.saraSV.validate(ratings: T.all(T.saraSV, 2, earlier: 0), judgements: saraSVJudgements), [])
        XCTAssertEqual(T.patriark.validate(ratings: T.all(T.patriark, 1, earlier: 2), judgements: [
            JudgementValue(judgement: "allvarligt", value: "medel"), JudgementValue(judgement: "akut", value: "lag"),
        ]), [])
        XCTAssertEqual(T.fredaKort.validate(ratings: T.all(T.fredaKort, 0), judgements: []), [])
        XCTAssertEqual(T.fredaBeskrivning.validate(ratings: T.all(T.fredaBeskrivning, 3), judgements: []), [])
        XCTAssertEqual(T.fredaFarlighet.validate(ratings: T.all(T.fredaFarlighet, 1),
                                                 judgements: [JudgementValue(judgement: "risk", value: "medel")]), [])
        XCTAssertEqual(T.utanMetod.validate(ratings: [], judgements: [JudgementValue(judgement: "risk", value: "lag")]), [])
    }

    // MARK: Values on the scale

    func testValueOutsideTheScale() {
        let ratings = T.replacing(T.all(T.sara, 0), "R7", with: ItemRating(item: "R7", value: 3))
        let problems = T.sara.validate(ratings: ratings, judgements: saraRisk)
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.code, "rating.outOfScale")
        XCTAssertEqual(problems.first?.field.rawValue, "ratings.R7")
        XCTAssertEqual(problems.first?.message.sv, "Värdet 3 ligger utanför skalan 0–2 för R7.")
        XCTAssertEqual(problems.first?.message.en, "The value 3 is outside the scale 0–2 for R7.")

        let negative = T.sara.validate(ratings: [ItemRating(item: "R1", value: -1)], judgements: saraRisk)
        XCTAssertEqual(T.codes(negative), ["rating.outOfScale"])
        let yesNo = T.fredaFarlighet.validate(ratings: [ItemRating(item: "F1", value: 2)],
                                              judgements: [JudgementValue(judgement: "risk", value: "lag")])
        XCTAssertEqual(yesNo.first?.message.sv, "Värdet 2 ligger utanför skalan 0–1 för F1.")
        // Every value on the scale is accepted.
        for value in 0...2 {
            XCTAssertEqual(T.sara.validate(ratings: [ItemRating(item: "R1", value: value)], judgements: saraRisk), [])
        }
    }

    func testOmittedIsAllowedAndIsNotZero() {
        // Omitted (nil or absent) is allowed on SARA, and it is not the same as 0.
        let omitted = T.replacing(T.all(T.sara, 0), "R7", with: ItemRating(item: "R7", value: nil))
        XCTAssertEqual(T.sara.validate(ratings: omitted, judgements: saraRisk), [])
        XCTAssertEqual(T.sara.validate(ratings: [], judgements: saraRisk), [])
        XCTAssertNil(T.sara.derivedTotal(omitted).total)
        XCTAssertEqual(T.sara.derivedTotal(omitted).omitted, 1)
        XCTAssertEqual(T.sara.derivedTotal(T.all(T.sara, 0)).total, 0)
        XCTAssertEqual(T.sara.derivedTotal(T.all(T.sara, 0)).omitted, 0)
    }

    func testItemsRequiredWhereTheInstrumentSaysSo() {
        // FREDA-kortfrågor: every yes/no question must be answered.
        let missingOne = Array(T.all(T.fredaKort, 0).dropLast())
        let problems = T.fredaKort.validate(ratings: missingOne, judgements: [])
        XCTAssertEqual(T.codes(problems), ["rating.missing"])
        XCTAssertEqual(problems.first?.field.rawValue, "ratings.K4")
        XCTAssertEqual(problems.first?.message.sv, "K4 saknar svar; i FREDA-kortfrågor (utgåva okänd) ska alla besvaras.")
        let nilValue = T.replacing(T.all(T.fredaKort, 1), "K2", with: ItemRating(item: "K2", value: nil))
        XCTAssertEqual(T.fredaKort.validate(ratings: nilValue, judgements: []).map(\.field.rawValue), ["ratings.K2"])
        XCTAssertEqual(T.codes(T.fredaKort.validate(ratings: [], judgements: [])), Array(repeating: "rating.missing", count: 4))
    }

    // MARK: Earlier period

    func testEarlierValueOnInstrumentsRatedNowAndEarlier() {
        let judgements = saraSVJudgements
        XCTAssertEqual(T.saraSV.validate(ratings: [ItemRating(item: "R1", value: 0, earlier: 2)], judgements: judgements), [])
        XCTAssertEqual(T.saraSV.validate(ratings: [ItemRating(item: "R1", value: nil, earlier: 1)], judgements: judgements), [])
        XCTAssertEqual(T.saraSV.validate(ratings: [ItemRating(item: "R1", value: 1, earlier: nil)], judgements: judgements), [])

        let problems = T.saraSV.validate(ratings: [ItemRating(item: "R1", value: 1, earlier: 3)], judgements: judgements)
        XCTAssertEqual(T.codes(problems), ["rating.earlierOutOfScale"])
        XCTAssertEqual(problems.first?.field.rawValue, "ratings.R1.earlier")
        XCTAssertEqual(problems.first?.message.sv, "Värdet 3 för tidigare period ligger utanför skalan 0–2 för R1.")

        let patriark = T.patriark.validate(ratings: [ItemRating(item: "T1", value: 5, earlier: -1)], judgements: [
            JudgementValue(judgement: "allvarligt", value: "lag"), JudgementValue(judgement: "akut", value: "lag"),
        ])
        XCTAssertEqual(T.codes(patriark), ["rating.outOfScale", "rating.earlierOutOfScale"])
    }

    func testEarlierValueWhereTheInstrumentHasNoEarlierPeriod() {
        let problems = T.sara.validate(ratings: [ItemRating(item: "R2", value: 1, earlier: 1)], judgements: saraRisk)
        XCTAssertEqual(T.codes(problems), ["rating.earlierNotRated"])
        XCTAssertEqual(problems.first?.field.rawValue, "ratings.R2.earlier")
        XCTAssertTrue(problems.first?.message.sv.contains("tidigare period") ?? false)
    }

    // MARK: Critical flag

    func testCriticalFlagOnlyWhereTheInstrumentHasOne() {
        XCTAssertEqual(T.sara.validate(ratings: [ItemRating(item: "R3", value: 2, critical: true)], judgements: saraRisk), [])
        let problems = T.saraSV.validate(ratings: [ItemRating(item: "R3", value: 2, critical: true)], judgements: saraSVJudgements)
        XCTAssertEqual(T.codes(problems), ["rating.criticalNotAllowed"])
        XCTAssertEqual(problems.first?.field.rawValue, "ratings.R3.critical")
        XCTAssertEqual(T.codes(T.fredaKort.validate(ratings: T.all(T.fredaKort, 0).map {
            ItemRating(item: $0.item, value: $0.value, critical: $0.item == "K1")
        }, judgements: [])), ["rating.criticalNotAllowed"])
    }

    // MARK: Unknown and duplicate items

    func testUnknownItem() {
        let problems = T.sara.validate(ratings: [ItemRating(item: "R21", value: 1)], judgements: saraRisk)
        XCTAssertEqual(T.codes(problems), ["rating.unknownItem"])
        XCTAssertEqual(problems.first?.field.rawValue, "ratings.R21")
        XCTAssertEqual(problems.first?.message.sv, "R21 finns inte i SARA 1999-sv.")
        XCTAssertEqual(T.codes(T.utanMetod.validate(ratings: [ItemRating(item: "R1", value: 0)],
                                                    judgements: [JudgementValue(judgement: "risk", value: "lag")])),
                       ["rating.unknownItem"])
        XCTAssertEqual(T.codes(T.sara.validate(ratings: [ItemRating(item: "", value: 0)], judgements: saraRisk)),
                       ["rating.unknownItem"])
    }

    func testDuplicateItem() {
        let problems = T.sara.validate(ratings: [ItemRating(item: "R1", value: 1), ItemRating(item: "R1", value: 2)],
                                       judgements: saraRisk)
        XCTAssertEqual(T.codes(problems), ["rating.duplicate"])
        XCTAssertEqual(problems.first?.field.rawValue, "ratings.R1")
        XCTAssertNil(T.sara.derivedTotal(T.all(T.sara, 1) + [ItemRating(item: "R1", value: 2)]).total)
    }

    // MARK: Judgements

    func testUnknownJudgement() {
        let problems = T.sara.validate(ratings: [], judgements: saraRisk + [JudgementValue(judgement: "akut", value: "hog")])
        XCTAssertEqual(T.codes(problems), ["judgement.unknown"])
        XCTAssertEqual(problems.first?.field.rawValue, "judgements.akut")
        XCTAssertEqual(problems.first?.message.sv, "SARA 1999-sv har ingen bedömning \"akut\".")
        let noJudgements = T.fredaBeskrivning.validate(ratings: [], judgements: [JudgementValue(judgement: "risk", value: "hog")])
        XCTAssertEqual(T.codes(noJudgements), ["judgement.unknown"])
    }

    func testUnknownOption() {
        let problems = T.sara.validate(ratings: [], judgements: [JudgementValue(judgement: "risk", value: "mycket-hog")])
        // An invalid value for a required judgement is reported once, not also as missing.
        XCTAssertEqual(T.codes(problems), ["judgement.unknownOption"])
        XCTAssertEqual(problems.first?.field.rawValue, "judgements.risk")
        XCTAssertEqual(problems.first?.message.sv,
                       "\"mycket-hog\" är inget alternativ för Sammanfattande risk; välj Låg, Medel eller Hög.")
        XCTAssertEqual(problems.first?.message.en,
                       "\"mycket-hog\" is not an option of Summary risk; choose Low, Medium or High.")
        XCTAssertEqual(T.codes(T.sara.validate(ratings: [], judgements: [JudgementValue(judgement: "risk", value: "hög")])),
                       ["judgement.unknownOption"], "option ids are ASCII; the label is not an id")
    }

    func testRequiredJudgementsMustBeGiven() {
        let sara = T.sara.validate(ratings: T.all(T.sara, 0), judgements: [])
        XCTAssertEqual(T.codes(sara), ["judgement.missing"])
        XCTAssertEqual(sara.first?.field.rawValue, "judgements.risk")
        XCTAssertEqual(sara.first?.message.sv, "Bedömningen Sammanfattande risk saknas; den ska alltid anges i SARA 1999-sv.")

        let saraSV = T.saraSV.validate(ratings: [], judgements: [JudgementValue(judgement: "akut", value: "lag")])
        XCTAssertEqual(saraSV.map(\.field.rawValue), ["judgements.langsiktig", "judgements.allvarligt"])
        XCTAssertEqual(T.codes(T.utanMetod.validate(ratings: [], judgements: [])), ["judgement.missing"])
        XCTAssertEqual(T.codes(T.fredaFarlighet.validate(ratings: [], judgements: [])), ["judgement.missing"])
        // Instruments without judgements need none; PATRIARK's likely victims are optional.
        XCTAssertEqual(T.fredaBeskrivning.validate(ratings: [], judgements: []), [])
        XCTAssertEqual(T.patriark.validate(ratings: [], judgements: [
            JudgementValue(judgement: "allvarligt", value: "hog"), JudgementValue(judgement: "akut", value: "hog"),
        ]), [])
    }

    func testSingleJudgementGivenTwice() {
        let problems = T.sara.validate(ratings: [], judgements: [JudgementValue(judgement: "risk", value: "lag"),
                                                                 JudgementValue(judgement: "risk", value: "hog")])
        XCTAssertEqual(T.codes(problems), ["judgement.duplicate"])
        XCTAssertEqual(problems.first?.field.rawValue, "judgements.risk")
    }

    func testMultipleJudgementTakesSeveralDistinctOptions() {
        let base = [JudgementValue(judgement: "allvarligt", value: "hog"), JudgementValue(judgement: "akut", value: "medel")]
        let victims = [JudgementValue(judgement: "troliga-offer", value: "partner"),
                       JudgementValue(judgement: "troliga-offer", value: "barn")]
        XCTAssertEqual(T.patriark.validate(ratings: [], judgements: base + victims), [])
        let twice = T.patriark.validate(ratings: [], judgements: base + victims + [victims[0]])
        XCTAssertEqual(T.codes(twice), ["judgement.duplicateOption"])
        XCTAssertEqual(twice.first?.field.rawValue, "judgements.troliga-offer")
        let unknown = T.patriark.validate(ratings: [], judgements: base + [JudgementValue(judgement: "troliga-offer", value: "granne")])
        XCTAssertEqual(T.codes(unknown), ["judgement.unknownOption"])
    }

    func testEveryProblemIsReportedNotJustTheFirst() {
        let problems = T.sara.validate(ratings: [
            ItemRating(item: "R1", value: 5),
            ItemRating(item: "R99", value: 1),
            ItemRating(item: "R2", value: 1, earlier: 0),
        ], judgements: [JudgementValue(judgement: "akut", value: "hog")])
        XCTAssertEqual(T.codes(problems),
                       ["rating.outOfScale", "rating.unknownItem", "rating.earlierNotRated", "judgement.unknown", "judgement.missing"])
    }
}
