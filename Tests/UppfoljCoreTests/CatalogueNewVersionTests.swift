import XCTest
import UppfoljCore

/// A unit adds an instrument version purely by data (docs/instruments.md).
final class CatalogueNewVersionTests: XCTestCase {
    private typealias T = CatalogueTestSupport

    /// A unit's own catalogue file holding "sara" version "2": one more factor, same scale and judgement.
    private func saraVersion2(version: String = "2") -> String {
        let items = (1...21).map { n in
            "        {\"id\": \"R\(n)\", \"label\": {\"sv\": \"Faktor \(n)\", \"en\": \"Factor \(n)\"}, \"scale\": \"0-2\"}"
        }.joined(separator: ",\n")
        return """
        {
          "format": 1,
          "catalogueVersion": "enhet-2026-1",
          "instruments": [
            {
              "id": "sara",
              "version": "\(version)",
              "name": {"sv": "SARA", "en": "SARA"},
              "family": "sara",
              "kind": "riskAssessment",
              "standardised": true,
              "allowsCritical": true,
              "scales": [
                {"id": "0-2", "options": [
                  {"value": 0, "label": {"sv": "Förekommer inte", "en": "Absent"}},
                  {"value": 1, "label": {"sv": "Förekommer delvis", "en": "Partly present"}},
                  {"value": 2, "label": {"sv": "Förekommer", "en": "Present"}}
                ]}
              ],
              "items": [
        \(items)
              ],
              "judgements": [
                {"id": "risk", "name": {"sv": "Sammanfattande risk", "en": "Summary risk"}, "required": true, "options": [
                  {"id": "lag", "label": {"sv": "Låg", "en": "Low"}, "risk": "lag"},
                  {"id": "medel", "label": {"sv": "Medel", "en": "Medium"}, "risk": "medel"},
                  {"id": "hog", "label": {"sv": "Hög", "en": "High"}, "risk": "hog"}
                ]}
              ],
              "summaryJudgement": "risk",
              "total": {"rule": "sum", "requireComplete": true}
            }
          ]
        }
        """
    }

    func testAUnitFileAddsSARAVersion2OnTopOfTheBuiltInCatalogue() throws {
        let catalogue = try T.builtIn().merging(data: Array(saraVersion2().utf8), source: "enhetens-instrument.json")
        XCTAssertEqual(catalogue.versions(of: "sara").map(\.version), ["1999-sv", "V3", "1999-sv.2", "2"])
        XCTAssertEqual(catalogue.current("sara")?.version, "2", "the version added last is the default for new assessments")
        XCTAssertEqual(catalogue.instruments.count, 15)
        XCTAssertEqual(catalogue.currentInstruments.count, 7)

        let v2 = try XCTUnwrap(catalogue.instrument(InstrumentRef(id: "sara", version: "2")))
        let old = try XCTUnwrap(catalogue.instrument(InstrumentRef(id: "sara", version: "1999-sv")))
        let ratings = T.all(v2, 2)
        let judgements = [JudgementValue(judgement: "risk", value: "medel")]
        XCTAssertEqual(v2.validate(ratings: ratings, judgements: judgements), [])
        XCTAssertEqual(v2.derivedTotal(ratings), DerivedTotal(total: 42, omitted: 0, maximum: 42, note: nil))
        XCTAssertEqual(v2.riskLevel(judgements), .medium)
        // Assessments recorded with the old version keep their meaning.
        XCTAssertEqual(T.codes(old.validate(ratings: ratings, judgements: judgements)), ["rating.unknownItem"])
        XCTAssertEqual(old.derivedTotal(T.all(old, 2)).total, 40)
    }

    func testAUnitCanAlsoShipAWholeCatalogueFile() throws {
        let path = NSTemporaryDirectory() + "enhet-\(UUID().uuidString).json"
        try Data(saraVersion2().utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let own = try InstrumentCatalogue.load(path: path)
        XCTAssertEqual(own.instruments.map(\.ref), [InstrumentRef(id: "sara", version: "2")])
        let merged = try T.builtIn().merging(path: path)
        XCTAssertEqual(merged.current("sara")?.version, "2")
        XCTAssertEqual(try T.builtIn().merged(with: own).instruments, merged.instruments)
    }

    func testAUnitFileCannotRedefineAShippedVersion() {
        let text = saraVersion2(version: "1999-sv")
        XCTAssertThrowsError(try T.builtIn().merging(data: Array(text.utf8), source: "enhet.json")) { error in
            guard let error = error as? CatalogueError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, "catalogue.duplicateInstrument")
            XCTAssertEqual(error.source, "enhet.json")
            XCTAssertEqual(error.path, "instruments[0].version")
            XCTAssertEqual(error.line, T.position(of: "\"1999-sv\"", in: text).line)
            XCTAssertTrue(error.svMessage.contains("sara version 1999-sv finns redan"), error.svMessage)
        }
        XCTAssertThrowsError(try T.builtIn().merged(with: T.builtIn()))
    }

    func testAUnitFileCanSupersedeAShippedVersionAndNameItsEdition() throws {
        let text = saraVersion2().replacingOccurrences(of: "\"version\": \"2\",", with: "\"version\": \"2\", \"edition\": \"1999-sv\", \"supersededBy\": \"1999-sv.2\",")
        let catalogue = try T.builtIn().merging(data: Array(text.utf8), source: "enhet.json")
        let v2 = try XCTUnwrap(catalogue.instrument(InstrumentRef(id: "sara", version: "2")))
        XCTAssertEqual(v2.edition, "1999-sv")
        XCTAssertFalse(v2.isOffered)
        XCTAssertEqual(catalogue.current("sara")?.version, "1999-sv.2", "a superseded version is never the default")
        XCTAssertFalse(catalogue.offeredInstruments.contains(v2))
        // The replacement must exist.
        let wrong = text.replacingOccurrences(of: "\"supersededBy\": \"1999-sv.2\"", with: "\"supersededBy\": \"9\"")
        XCTAssertThrowsError(try T.builtIn().merging(data: Array(wrong.utf8), source: "enhet.json")) { error in
            let error = error as? CatalogueError
            XCTAssertEqual(error?.code, "catalogue.unknownVersion")
            XCTAssertEqual(error?.path, "instruments[0].supersededBy")
            XCTAssertEqual(error?.line, T.position(of: "\"9\"", in: wrong).line)
            XCTAssertTrue(error?.svMessage.contains("sara har ingen version \"9\"") ?? false, error?.svMessage ?? "")
        }
    }

    func testAnInvalidUnitFileIsRejectedWithItsLocation() {
        let text = saraVersion2().replacingOccurrences(of: "\"scale\": \"0-2\"}\n", with: "\"scale\": \"0-3\"}\n")
        XCTAssertThrowsError(try T.builtIn().merging(data: Array(text.utf8), source: "enhet.json")) { error in
            let error = error as? CatalogueError
            XCTAssertEqual(error?.code, "catalogue.unknownScale")
            XCTAssertEqual(error?.path, "instruments[0].items[20].scale")
            XCTAssertTrue(error?.svMessage.hasPrefix("enhet.json:") ?? false)
        }
    }
}
