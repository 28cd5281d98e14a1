import XCTest
import UppfoljCore

final class CatalogueDerivedTests: XCTestCase {
    private typealias T = CatalogueTestSupport

    // MARK: FREDA-farlighetsbedömning: number of yes

    func testFREDAFarlighetTotalIsTheNumberOfYes() {
        let farlighet = T.fredaFarlighet
        let ratings = farlighet.items.enumerated().map { ItemRating(item: $1.id, value: $0 < 7 ? 1 : 0) }
        let total = farlighet.derivedTotal(ratings)
        XCTAssertEqual(total, DerivedTotal(total: 7, omitted: 0, maximum: farlighet.items.count, note: nil))
        XCTAssertEqual(farlighet.derivedTotal(T.all(farlighet, 0)).total, 0)
        XCTAssertEqual(farlighet.derivedTotal(T.all(farlighet, 1)).total, farlighet.items.count)
    }

    func testFREDAFarlighetWithUnansweredQuestionsCountsTheAnsweredYes() {
        let farlighet = T.fredaFarlighet
        var ratings = T.all(farlighet, 1)
        ratings[0].value = nil
        ratings.removeLast()
        let total = farlighet.derivedTotal(ratings)
        XCTAssertEqual(total.total, farlighet.items.count - 2)
        XCTAssertEqual(total.omitted, 2)
        XCTAssertEqual(total.note?.sv, "Summan räknar bara de besvarade; 2 av \(farlighet.items.count) är obesvarade.")
    }

    // MARK: SARA: sum only when complete

    func testSARATotalWhenNoItemIsOmitted() {
        let sara = T.sara
        XCTAssertEqual(sara.derivedTotal(T.all(sara, 2)), DerivedTotal(total: 40, omitted: 0, maximum: 40, note: nil))
        var ratings = T.all(sara, 0)
        ratings[0].value = 2
        ratings[5].value = 1
        XCTAssertEqual(sara.derivedTotal(ratings).total, 3)
    }

    func testSARAHasNoTotalWhenAnItemIsOmitted() {
        let sara = T.sara
        var ratings = T.all(sara, 2)
        ratings[3].value = nil
        let total = sara.derivedTotal(ratings)
        XCTAssertNil(total.total)
        XCTAssertEqual(total.omitted, 1)
        XCTAssertEqual(total.maximum, 40)
        XCTAssertEqual(total.note?.sv, "Ingen summa: 1 av 20 är utelämnad, och det som utelämnas räknas inte som 0.")
        // Absent from the list counts as omitted too.
        let absent = sara.derivedTotal(Array(T.all(sara, 1).prefix(18)))
        XCTAssertNil(absent.total)
        XCTAssertEqual(absent.omitted, 2)
        XCTAssertEqual(sara.derivedTotal([]).omitted, 20)
    }

    func testNoTotalFromInvalidRatings() {
        let total = T.sara.derivedTotal(T.replacing(T.all(T.sara, 1), "R7", with: ItemRating(item: "R7", value: 4)))
        XCTAssertNil(total.total)
        XCTAssertTrue(total.note?.sv.contains("R7") ?? false)
        XCTAssertNil(T.sara.derivedTotal(T.all(T.sara, 1) + [ItemRating(item: "R21", value: 1)]).total)
    }

    // MARK: Other rules

    func testFREDAKortfragorIdentifiesViolenceOnAnyYes() {
        let kort = T.fredaKort
        let oneYes = T.replacing(T.all(kort, 0), "K3", with: ItemRating(item: "K3", value: 1))
        XCTAssertEqual(kort.derivedTotal(oneYes).total, 1)
        XCTAssertEqual(kort.derivedTotal(oneYes).note?.sv, "Våld identifierat")
        XCTAssertEqual(kort.derivedTotal(T.all(kort, 0)), DerivedTotal(
            total: 0, omitted: 0, maximum: 1, note: Localized(sv: "Inget våld identifierat", en: "No violence identified")))
        // A yes decides even with unanswered questions; all "no" with one unanswered decides nothing.
        XCTAssertEqual(kort.derivedTotal(Array(oneYes.dropFirst())).total, 1)
        let undecided = kort.derivedTotal(Array(T.all(kort, 0).dropLast()))
        XCTAssertNil(undecided.total)
        XCTAssertEqual(undecided.omitted, 1)
    }

    func testInstrumentsWithoutScoreGiveNoTotal() {
        for instrument in [T.saraSV, T.patriark, T.fredaBeskrivning, T.utanMetod] {
            let total = instrument.derivedTotal(T.all(instrument, 1))
            XCTAssertNil(total.total, instrument.id)
            XCTAssertNil(total.maximum, instrument.id)
            XCTAssertEqual(total.note?.sv, "\(instrument.name.sv) ger ingen summa.")
        }
    }

    func testDomainSummariesDescribeWhichViolenceAndHowOften() {
        let beskrivning = T.fredaBeskrivning
        let ratings = beskrivning.items.map { item -> ItemRating in
            switch item.id {
            case "P1": return ItemRating(item: "P1", value: 3)
            case "P2": return ItemRating(item: "P2", value: 1)
            case "F1": return ItemRating(item: "F1", value: nil)
            default: return ItemRating(item: item.id, value: 0)
            }
        }
        let summaries = beskrivning.domainSummaries(ratings)
        XCTAssertEqual(summaries.map(\.domain.id), ["psykiskt", "fysiskt", "sexuellt"])
        XCTAssertEqual(summaries[0].present, 2)
        XCTAssertEqual(summaries[0].highest, 3)
        XCTAssertEqual(summaries[1].rated, summaries[1].items - 1)
        XCTAssertEqual(summaries[1].present, 0)
        XCTAssertEqual(summaries[2].highest, 0)
        XCTAssertEqual(T.utanMetod.domainSummaries([]), [])
    }

    // MARK: Risk level

    func testRiskLevelIsTheHighestMappedJudgement() {
        XCTAssertEqual(T.sara.riskLevel([JudgementValue(judgement: "risk", value: "hog")]), .high)
        XCTAssertEqual(T.utanMetod.riskLevel([JudgementValue(judgement: "risk", value: "medel")]), .medium)
        let saraSV = [JudgementValue(judgement: "akut", value: "lag"), JudgementValue(judgement: "langsiktig", value: "hog"),
                      JudgementValue(judgement: "allvarligt", value: "medel")]
        XCTAssertEqual(T.saraSV.riskLevel(saraSV), .high)
        XCTAssertEqual(T.saraSV.summaryRiskLevel(saraSV), .low, "the summary is acute risk")
        XCTAssertEqual(T.fredaFarlighet.riskLevel([JudgementValue(judgement: "risk", value: "lag")]), .low)
    }

    func testRiskLevelIsNilWhenNothingMapsToALevel() {
        XCTAssertNil(T.sara.riskLevel([]))
        XCTAssertNil(T.fredaKort.riskLevel([]))
        XCTAssertNil(T.patriark.riskLevel([JudgementValue(judgement: "troliga-offer", value: "barn")]))
        XCTAssertNil(T.sara.riskLevel([JudgementValue(judgement: "risk", value: "extrem")]))
        XCTAssertNil(T.sara.riskLevel([JudgementValue(judgement: "okand", value: "hog")]))
        XCTAssertNil(T.sara.summaryRiskLevel([]))
    }
}
