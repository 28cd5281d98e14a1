import XCTest
import UppfoljCore

/// Pins every shipped instrument version against docs/domain.md §5 (issue 13 item 5): item counts,
/// scale words, judgements, edition tags, and which older catalogue entries the corrected
/// versions replace. The older entries must keep their meaning (GoldenV1JournalTests reads a
/// journal recorded with them); new assessments are offered only the corrected versions.
final class CatalogueEditionTests: XCTestCase {
    private typealias T = CatalogueTestSupport

    private func offered(_ id: String) -> [Instrument] { T.builtIn().offeredInstruments.filter { $0.id == id } }
    private func words(_ scale: RatingScale) -> [String] { scale.options.map(\.word.sv) }
    private func levels(_ judgement: Judgement?) -> [RiskLevel?] { judgement?.options.map(\.risk) ?? [] }

    // MARK: - Editions and what replaces what

    func testEveryVersionHasThePublishersEditionOrSaysItIsUnknownNeverAnInventedOne() {
        let catalogue = T.builtIn()
        let editions = catalogue.instruments.map { "\($0.id)@\($0.version)=\($0.edition ?? "-")" }
        XCTAssertEqual(editions, [
            "freda-kort@2014=-", "freda-kort@2014-10=2014-10",
            "freda-beskrivning@2014=-", "freda-beskrivning@2014-10=2014-10",
            "freda-farlighet@2014=-", "freda-farlighet@2014-10=2014-10",
            "sara@1999-sv=1999-sv", "sara@V3=V3", "sara@1999-sv.2=1999-sv",
            "sara-sv@1=-", "sara-sv@utgava-okand=-",
            "patriark@1=-", "patriark@2013=2013",
            "utan-metod@1=-",
        ])
        for instrument in catalogue.instruments {
            XCTAssertNotEqual(instrument.edition, "1", instrument.ref.description)
            XCTAssertFalse(instrument.displayName.sv.hasSuffix(" 1"), instrument.displayName.sv)
        }
        XCTAssertEqual(T.instrument("sara-sv", "1").displayName, Localized(sv: "SARA:SV (utgåva okänd)", en: "SARA:SV (B-SAFER) (edition unknown)"))
        XCTAssertEqual(T.instrument("patriark", "2013").displayName.sv, "PATRIARK 2013")
        XCTAssertEqual(T.instrument("freda-kort", "2014-10").displayName.sv, "FREDA-kortfrågor 2014-10")
        XCTAssertEqual(T.instrument("freda-kort", "2014").displayName.sv, "FREDA-kortfrågor (utgåva okänd)")
        // Assessment without a method has no publisher and so no edition to show.
        XCTAssertEqual(T.utanMetod.displayName.sv, "Bedömning utan metod")
        XCTAssertNil(T.utanMetod.editionText)
    }

    func testOlderEntriesAreSupersededAndNewAssessmentsAreOfferedOnlyTheCorrectedVersions() {
        let catalogue = T.builtIn()
        let superseded = catalogue.instruments.filter { !$0.isOffered }.map { "\($0.id)@\($0.version)→\($0.supersededBy!)" }
        XCTAssertEqual(superseded, ["freda-kort@2014→2014-10", "freda-beskrivning@2014→2014-10", "freda-farlighet@2014→2014-10",
                                    "sara@1999-sv→1999-sv.2", "sara-sv@1→utgava-okand", "patriark@1→2013"])
        XCTAssertEqual(catalogue.offeredInstruments.map(\.ref.description), [
            "freda-kort@2014-10", "freda-beskrivning@2014-10", "freda-farlighet@2014-10",
            "sara@V3", "sara@1999-sv.2", "sara-sv@utgava-okand", "patriark@2013", "utan-metod@1",
        ])
        // The default per instrument is the last offered version; SARA offers both editions.
        XCTAssertEqual(catalogue.current("sara")?.version, "1999-sv.2")
        XCTAssertEqual(offered("sara").map(\.version), ["V3", "1999-sv.2"])
        XCTAssertEqual(catalogue.current("freda-kort")?.version, "2014-10")
        XCTAssertEqual(catalogue.current("sara-sv")?.version, "utgava-okand")
        XCTAssertEqual(catalogue.current("patriark")?.version, "2013")
        // The instruments (ids) are the same seven: indicators group by id, so figures keep their categories.
        XCTAssertEqual(catalogue.instrumentIds,
                       ["freda-kort", "freda-beskrivning", "freda-farlighet", "sara", "sara-sv", "patriark", "utan-metod"])
    }

    /// The versions old journals name resolve to exactly what they meant when recorded.
    func testTheOlderEntriesKeepTheirItemsScalesAndJudgements() {
        XCTAssertEqual(T.fredaKort.items.map(\.id), ["K1", "K2", "K3", "K4"])
        XCTAssertTrue(T.fredaKort.items.allSatisfy(\.inTotal))
        XCTAssertEqual(T.fredaBeskrivning.items.count, 25)
        XCTAssertEqual(T.fredaFarlighet.items.count, 20)
        XCTAssertEqual(T.sara.judgements.map(\.id), ["risk"])
        XCTAssertEqual(T.sara.summaryJudgementId, "risk")
        XCTAssertEqual(T.saraSV.judgements.map(\.id), ["akut", "langsiktig", "allvarligt"])
        XCTAssertEqual(T.saraSV.items[0].scale.options.map(\.label.sv), ["Nej", "Delvis", "Ja"])
        XCTAssertEqual(T.saraSV.secondRating, .earlier)
        XCTAssertEqual(T.patriark.judgement("troliga-offer")?.options.map(\.id), ["partner", "barn", "familj", "annan", "okant"])
        XCTAssertEqual(T.utanMetod.judgements.map(\.id), ["risk"])
    }

    // MARK: - FREDA 2014-10

    func testFredaKortfragorRecordsTheChildQuestionsApartFromViolenceIdentified() {
        let kort = T.instrument("freda-kort", "2014-10")
        XCTAssertEqual(kort.kind, .screening)
        XCTAssertEqual(kort.items.map(\.id), ["K1", "K2", "K3", "K4", "B1", "B2"])
        XCTAssertEqual(kort.items.filter { !$0.inTotal }.map(\.id), ["B1", "B2"])
        XCTAssertEqual(kort.items.filter { !$0.inTotal }.map(\.domain), ["barn", "barn"])
        XCTAssertTrue(kort.items.allSatisfy { $0.scale.isYesNo && self.words($0.scale) == ["Nej", "Ja"] })
        guard case .anyYes(let positive, let negative) = kort.total else { return XCTFail("kortfrågor give violence identified") }
        XCTAssertEqual(positive.sv, "Våld identifierat")
        XCTAssertEqual(negative.sv, "Inget våld identifierat")

        let noViolence = ["K1", "K2", "K3", "K4"].map { ItemRating(item: $0, value: 0) }
        // A yes on a child question alone does not identify violence …
        let childYes = noViolence + [ItemRating(item: "B1", value: 1), ItemRating(item: "B2", value: 1)]
        XCTAssertEqual(kort.derivedTotal(childYes).total, 0)
        XCTAssertEqual(kort.derivedTotal(childYes).note?.sv, "Inget våld identifierat")
        XCTAssertEqual(kort.derivedTotal(childYes).maximum, 1)
        // … a yes on a violence question does.
        let violence = T.replacing(noViolence, "K3", with: ItemRating(item: "K3", value: 1))
        XCTAssertEqual(kort.derivedTotal(violence).note?.sv, "Våld identifierat")
        // The child questions may be left unanswered (no children); the violence questions may not.
        XCTAssertEqual(kort.validate(ratings: noViolence, judgements: []), [])
        XCTAssertEqual(kort.derivedTotal(noViolence).omitted, 0)
        XCTAssertEqual(T.codes(kort.validate(ratings: Array(noViolence.dropLast()), judgements: [])), ["rating.missing"])
    }

    func testFredaBeskrivningHasTheThreeChildItemsOf2014_10InTheirOwnDomain() {
        let beskrivning = T.instrument("freda-beskrivning", "2014-10")
        XCTAssertEqual(beskrivning.kind, .description)
        XCTAssertEqual(beskrivning.domains.map(\.id), ["psykiskt", "fysiskt", "sexuellt", "barn"])
        XCTAssertEqual(beskrivning.domains.map { d in beskrivning.items.filter { $0.domain == d.id }.count }, [10, 10, 5, 3])
        XCTAssertEqual(beskrivning.items.filter { !$0.inTotal }.map(\.id), ["B1", "B2", "B3"])
        XCTAssertEqual(words(beskrivning.item("P1")!.scale), ["Aldrig", "Någon gång", "Flera gånger", "Ofta"])
        XCTAssertEqual(words(beskrivning.item("B2")!.scale), ["Nej", "Ja"])
        XCTAssertEqual(beskrivning.total, TotalRule.none)
        // Which violence occurred is summarised apart from the child items.
        let summaries = beskrivning.domainSummaries([ItemRating(item: "F2", value: 3), ItemRating(item: "B2", value: 1)])
        XCTAssertEqual(summaries.map(\.present), [0, 1, 0, 1])
    }

    func testFredaFarlighetsbedomningCountsYesWithoutCutOffBesideTheWorkersJudgement() {
        let farlighet = T.instrument("freda-farlighet", "2014-10")
        XCTAssertEqual(farlighet.items.count, 20)
        XCTAssertTrue(farlighet.items.allSatisfy { self.words($0.scale) == ["Nej", "Ja"] })
        XCTAssertEqual(farlighet.total, .countYes(requireComplete: false))
        XCTAssertTrue(farlighet.asksClientEstimate)
        XCTAssertEqual(farlighet.judgements.map(\.id), ["risk"])
        XCTAssertEqual(farlighet.judgement("risk")?.options.map(\.label.sv), ["Låg", "Medel", "Hög"])
    }

    // MARK: - SARA (2nd edition, Swedish) and SARA-V3

    func testSaraHasTheSummaryRiskTowardsThePartnerAndTowardsOthers() {
        let sara = T.instrument("sara", "1999-sv.2")
        XCTAssertEqual(sara.items.map(\.id), (1...20).map { "R\($0)" })
        XCTAssertEqual(sara.domains.map { d in sara.items.filter { $0.domain == d.id }.count }, [3, 7, 7, 3])
        XCTAssertTrue(sara.items.allSatisfy { self.words($0.scale) == ["Förekommer inte", "Förekommer delvis", "Förekommer"] })
        XCTAssertTrue(sara.allowsCritical)
        XCTAssertEqual(sara.total, .sum(requireComplete: true))
        XCTAssertEqual(sara.judgements.map(\.name.sv), ["Risk mot partnern", "Risk mot andra"])
        XCTAssertTrue(sara.judgements.allSatisfy(\.required))
        XCTAssertEqual(sara.summaryJudgementId, "partner")
        XCTAssertEqual(levels(sara.judgement("andra")), [.low, .medium, .high])
        // The summary (indicator 5) is the risk towards the partner; a high risk towards others still flags the case.
        let given = [JudgementValue(judgement: "partner", value: "lag"), JudgementValue(judgement: "andra", value: "hog")]
        XCTAssertEqual(sara.summaryRiskLevel(given), .low)
        XCTAssertEqual(sara.riskLevel(given), .high)
        XCTAssertEqual(T.codes(sara.validate(ratings: [], judgements: [given[0]])), ["judgement.missing"])
    }

    func testSaraV3Has24FactorsRatedForPresenceAndRelevance() {
        let v3 = T.instrument("sara", "V3")
        XCTAssertEqual(v3.family, "sara")
        XCTAssertEqual(v3.items.map(\.id), (1...8).map { "N\($0)" } + (1...10).map { "P\($0)" } + (1...6).map { "V\($0)" })
        XCTAssertEqual(v3.domains.map { d in v3.items.filter { $0.domain == d.id }.count }, [8, 10, 6])
        XCTAssertTrue(v3.ratesEarlier)
        XCTAssertEqual(v3.secondRating?.firstName?.sv, "Förekomst")
        XCTAssertEqual(v3.secondRating?.name.sv, "Relevans")
        let item = v3.item("P3")!
        XCTAssertEqual(words(item.scale), ["N", "D", "J"])
        XCTAssertEqual(item.scale.options.map(\.label.sv), ["Nej", "Delvis", "Ja"])
        XCTAssertEqual(words(v3.secondScale(item)), ["L", "M", "H"])
        XCTAssertEqual(v3.secondScale(item).options.map(\.label.sv), ["Låg", "Måttlig", "Hög"])
        XCTAssertEqual(v3.total, TotalRule.none)
        XCTAssertEqual(v3.summaryJudgementId, "prioritering")
        for judgement in v3.judgements {
            XCTAssertEqual(judgement.options.map(\.label.sv), ["Låg", "Måttlig", "Hög"], judgement.id)
            XCTAssertEqual(levels(judgement), [.low, .medium, .high], judgement.id)
        }
        // Presence and relevance are checked each against its own scale.
        XCTAssertEqual(v3.validate(ratings: [ItemRating(item: "N1", value: 2, earlier: 2)],
                                   judgements: [JudgementValue(judgement: "prioritering", value: "mattlig")]), [])
        let problems = v3.validate(ratings: [ItemRating(item: "N1", value: 1, earlier: 3)],
                                   judgements: [JudgementValue(judgement: "prioritering", value: "hog")])
        XCTAssertEqual(T.codes(problems), ["rating.earlierOutOfScale"])
        XCTAssertEqual(problems.first?.message.sv, "Värdet 3 för relevans ligger utanför skalan 0–2 för N1.")
        XCTAssertEqual(problems.first?.field.rawValue, "ratings.N1.earlier")
    }

    // MARK: - SARA:SV and PATRIARK

    func testSaraSVRatesCurrentSituationAndBackgroundWithNDJAndDashDash() {
        let saraSV = T.instrument("sara-sv", "utgava-okand")
        XCTAssertEqual(saraSV.items.count, 15)
        XCTAssertEqual(saraSV.domains.map { d in saraSV.items.filter { $0.domain == d.id }.count }, [5, 5, 5])
        XCTAssertEqual(saraSV.secondRating?.firstName?.sv, "Aktuell situation")
        XCTAssertEqual(saraSV.secondRating?.name.sv, "Bakgrund")
        XCTAssertNil(saraSV.secondRating?.scale, "both aspects use the item's N/D/J scale")
        let scale = saraSV.items[0].scale
        XCTAssertEqual(words(scale), ["N", "D", "J"])
        XCTAssertEqual(scale.options.map(\.label.sv), ["Nej", "Delvis", "Ja"])
        XCTAssertEqual(scale.omittedWord.sv, "-- (otillräcklig information)")
        XCTAssertEqual(saraSV.total, TotalRule.none)
        XCTAssertEqual(saraSV.judgements.map(\.name.sv), ["Aktuell risk (närmaste veckorna)", "Risk för framtida partnervåld",
                                                          "Hur allvarligt våldet skulle bli", "Andra överväganden"])
        XCTAssertEqual(saraSV.judgements.map(\.required), [true, true, true, false])
        XCTAssertEqual(saraSV.summaryJudgementId, "aktuell")
        XCTAssertEqual(levels(saraSV.judgement("andra-overvaganden")), [nil, nil], "other considerations are not a risk level")
        // "--" is recorded as no value: it never counts as N.
        let given = [JudgementValue(judgement: "aktuell", value: "medel"), JudgementValue(judgement: "framtida", value: "hog"),
                     JudgementValue(judgement: "allvarlighet", value: "medel")]
        XCTAssertEqual(saraSV.validate(ratings: [ItemRating(item: "R1", value: nil, earlier: 2)], judgements: given), [])
        XCTAssertEqual(saraSV.domainSummaries([ItemRating(item: "R1", value: nil, earlier: 2)]).first?.rated, 0)
    }

    func testPatriark2013HasLikelyVictimsAndOtherRisksEachFactorNowAndEarlier() {
        let patriark = T.instrument("patriark", "2013")
        XCTAssertEqual(patriark.items.count, 15)
        XCTAssertEqual(patriark.domains.map { d in patriark.items.filter { $0.domain == d.id }.count }, [5, 5, 5])
        XCTAssertTrue(patriark.ratesEarlier)
        XCTAssertEqual(patriark.secondRating?.firstName?.sv, "Nu")
        XCTAssertEqual(patriark.secondRating?.name.sv, "Tidigare")
        XCTAssertTrue(patriark.items.allSatisfy { self.words($0.scale) == ["Nej", "Delvis", "Ja"] })
        XCTAssertEqual(patriark.judgements.map(\.name.sv), ["Risk för allvarligt våld", "Akut risk för hedersrelaterat våld",
                                                            "Sannolika offer", "Andra risker"])
        XCTAssertEqual(patriark.summaryJudgementId, "allvarligt")
        let victims = patriark.judgement("sannolika-offer")
        XCTAssertEqual(victims?.multiple, true)
        XCTAssertEqual(levels(victims).compactMap { $0 }, [])
        XCTAssertEqual(levels(patriark.judgement("andra-risker")), [.low, .medium, .high])
        XCTAssertEqual(patriark.total, TotalRule.none)
    }

    func testEveryOfferedLabelIsShortAndNeutral() {
        for instrument in T.builtIn().offeredInstruments {
            for item in instrument.items {
                XCTAssertLessThanOrEqual(item.label.sv.count, 50, "\(instrument.ref) \(item.id)")
                XCTAssertFalse(item.label.sv.contains("?"), "\(instrument.ref) \(item.id)")
            }
        }
    }
}
