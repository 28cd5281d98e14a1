import XCTest
import UppfoljCore

final class CatalogueBuiltInTests: XCTestCase {
    private typealias T = CatalogueTestSupport

    func testBuiltInCatalogueLoadsWithAllSevenInstruments() throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        XCTAssertEqual(catalogue.instrumentIds,
                       ["freda-kort", "freda-beskrivning", "freda-farlighet", "sara", "sara-sv", "patriark", "utan-metod"])
        XCTAssertEqual(catalogue.instruments.count, 14)  // seven instruments; older entries kept beside their corrections
        XCTAssertFalse(catalogue.catalogueVersion.isEmpty)
        for instrument in catalogue.instruments {
            XCTAssertFalse(instrument.name.sv.isEmpty)
            XCTAssertFalse(instrument.name.en.isEmpty)
            XCTAssertEqual(catalogue.instrument(instrument.ref), instrument)
            XCTAssertTrue(catalogue.versions(of: instrument.id).contains(instrument))
            XCTAssertEqual(catalogue.current(instrument.id)?.isOffered, true)
        }
        XCTAssertEqual(catalogue.versions(of: "sara").map(\.version), ["1999-sv", "V3", "1999-sv.2"])
        XCTAssertNil(catalogue.instrument(InstrumentRef(id: "sara", version: "9")))
        XCTAssertEqual(catalogue.versions(of: "okänt"), [])
    }

    func testBuiltInDataIsTheShippedFileAndLoadsTheSame() throws {
        let data = try InstrumentCatalogue.builtInData()
        let fromData = try InstrumentCatalogue.load(data: data, source: "copy.json")
        XCTAssertEqual(fromData.instruments, try InstrumentCatalogue.builtIn().instruments)
        XCTAssertEqual(fromData.source, "copy.json")
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"catalogueVersion\""))
    }

    func testLoadFromPathReadsAFile() throws {
        let path = NSTemporaryDirectory() + "catalogue-\(UUID().uuidString).json"
        try InstrumentCatalogue.builtInData().write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let catalogue = try InstrumentCatalogue.load(path: path)
        XCTAssertEqual(catalogue.instruments.count, 14)
        XCTAssertEqual(catalogue.source, path)
    }

    func testSARAHasTwentyFactorsInFourDomainsAndACompleteTotalOfForty() {
        let sara = T.sara
        XCTAssertEqual(sara.items.map(\.id), (1...20).map { "R\($0)" })
        XCTAssertEqual(sara.domains.count, 4)
        XCTAssertEqual(sara.domains.map { d in sara.items.filter { $0.domain == d.id }.count }, [3, 7, 7, 3])
        XCTAssertTrue(sara.items.allSatisfy { $0.scale.values == [0, 1, 2] })
        XCTAssertEqual(sara.total, .sum(requireComplete: true))
        XCTAssertTrue(sara.allowsCritical)
        XCTAssertFalse(sara.ratesEarlier)
        XCTAssertEqual(sara.summaryJudgementId, "risk")
        XCTAssertEqual(sara.judgement("risk")?.options.map(\.risk), [.low, .medium, .high])
        XCTAssertEqual(sara.item("R1")?.label, Localized(sv: "Faktor 1 (kriminell historik)", en: "Factor 1 (criminal history)"))
    }

    func testSARASVAndPATRIARKAreRatedNowAndEarlierWithoutScore() {
        let saraSV = T.saraSV
        XCTAssertEqual(saraSV.items.count, 15)
        XCTAssertEqual(saraSV.domains.map { d in saraSV.items.filter { $0.domain == d.id }.count }, [5, 5, 5])
        XCTAssertTrue(saraSV.ratesEarlier)
        XCTAssertFalse(saraSV.allowsCritical)
        XCTAssertEqual(saraSV.total, TotalRule.none)
        XCTAssertEqual(saraSV.judgements.map(\.id), ["akut", "langsiktig", "allvarligt"])
        XCTAssertTrue(saraSV.judgements.allSatisfy(\.required))
        XCTAssertEqual(saraSV.summaryJudgementId, "akut")
        XCTAssertEqual(saraSV.items[0].scale.options.map(\.label.sv), ["Nej", "Delvis", "Ja"])

        let patriark = T.patriark
        XCTAssertEqual(patriark.items.map(\.id),
                       (1...5).map { "T\($0)" } + (1...5).map { "P\($0)" } + (1...5).map { "V\($0)" })
        XCTAssertTrue(patriark.ratesEarlier)
        XCTAssertEqual(patriark.total, TotalRule.none)
        XCTAssertEqual(patriark.summaryJudgementId, "allvarligt")
        let victims = patriark.judgement("troliga-offer")
        XCTAssertEqual(victims?.multiple, true)
        XCTAssertEqual(victims?.required, false)
        XCTAssertTrue(victims?.options.allSatisfy { $0.risk == nil } ?? false)
    }

    func testFREDAInstrumentsAndUtanMetod() {
        let kort = T.fredaKort
        XCTAssertEqual(kort.family, "freda")
        XCTAssertEqual(kort.kind, .screening)
        XCTAssertTrue(kort.allItemsRequired)
        XCTAssertTrue(kort.items.allSatisfy(\.scale.isYesNo))
        XCTAssertNil(kort.summaryJudgementId)

        let beskrivning = T.fredaBeskrivning
        XCTAssertEqual(beskrivning.kind, .description)
        XCTAssertEqual(beskrivning.domains.map(\.id), ["psykiskt", "fysiskt", "sexuellt"])
        XCTAssertEqual(beskrivning.items.first?.scale.values, [0, 1, 2, 3])
        XCTAssertNotNil(beskrivning.items.first?.scale.note, "the frequency scale is marked as a product assumption")

        let farlighet = T.fredaFarlighet
        XCTAssertEqual(farlighet.total, .countYes(requireComplete: false))
        XCTAssertTrue(farlighet.asksClientEstimate)
        XCTAssertEqual(farlighet.summaryJudgementId, "risk")

        let utan = T.utanMetod
        XCTAssertFalse(utan.standardised)
        XCTAssertEqual(utan.kind, .riskAssessment)
        XCTAssertTrue(utan.items.isEmpty)
        XCTAssertEqual(utan.summaryJudgementId, "risk")

        let catalogue = T.builtIn()
        XCTAssertEqual(catalogue.offeredInstruments.filter(\.asksClientEstimate).map(\.id), ["freda-farlighet"])
        XCTAssertEqual(catalogue.offeredInstruments.filter { $0.kind == .riskAssessment }.map(\.id),
                       ["freda-farlighet", "sara", "sara", "sara-sv", "patriark", "utan-metod"])
        for instrument in catalogue.instruments where instrument.kind == .riskAssessment {
            XCTAssertNotNil(instrument.summaryJudgement, instrument.id)
        }
        // FREDA item counts are unverified: the instruments say so in their notes.
        for instrument in catalogue.instruments where instrument.family == "freda" {
            XCTAssertTrue(instrument.note?.sv.contains("inte verifiera") ?? false, instrument.id)
        }
    }

    /// A guard against publisher question texts creeping into the catalogue: labels stay short.
    func testItemLabelsAreShortNeutralLabels() {
        for instrument in T.builtIn().instruments {
            for item in instrument.items {
                XCTAssertLessThanOrEqual(item.label.sv.count, 50, "\(instrument.id) \(item.id)")
                XCTAssertLessThanOrEqual(item.label.en.count, 50, "\(instrument.id) \(item.id)")
                XCTAssertFalse(item.label.sv.contains("?"), "\(instrument.id) \(item.id) looks like a question")
            }
        }
    }

    func testDisplayNameAndRiskLevels() {
        XCTAssertEqual(T.sara.displayName.sv, "SARA 1999-sv")
        XCTAssertEqual(T.sara.ref, InstrumentRef(id: "sara", version: "1999-sv"))
        XCTAssertLessThan(RiskLevel.low, RiskLevel.medium)
        XCTAssertLessThan(RiskLevel.medium, RiskLevel.high)
        XCTAssertEqual(RiskLevel.allCases.map(\.rawValue), ["lag", "medel", "hog"])
        XCTAssertEqual(RiskLevel.high.name.sv, "hög")
    }
}
