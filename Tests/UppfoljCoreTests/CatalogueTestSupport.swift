import XCTest
import UppfoljCore

/// Shared helpers for the catalogue tests (names prefixed so they cannot clash in the test module).
enum CatalogueTestSupport {
    static func builtIn(file: StaticString = #filePath, line: UInt = #line) -> InstrumentCatalogue {
        do {
            return try InstrumentCatalogue.builtIn()
        } catch {
            XCTFail("built-in catalogue failed to load: \(error)", file: file, line: line)
            fatalError("built-in catalogue failed to load: \(error)")
        }
    }

    static func instrument(_ id: String, _ version: String, file: StaticString = #filePath, line: UInt = #line) -> Instrument {
        guard let instrument = builtIn().instrument(InstrumentRef(id: id, version: version)) else {
            XCTFail("no \(id) \(version) in the built-in catalogue", file: file, line: line)
            fatalError("no \(id) \(version)")
        }
        return instrument
    }

    static var sara: Instrument { instrument("sara", "1999-sv") }
    static var saraSV: Instrument { instrument("sara-sv", "1") }
    static var patriark: Instrument { instrument("patriark", "1") }
    static var fredaKort: Instrument { instrument("freda-kort", "2014") }
    static var fredaBeskrivning: Instrument { instrument("freda-beskrivning", "2014") }
    static var fredaFarlighet: Instrument { instrument("freda-farlighet", "2014") }
    static var utanMetod: Instrument { instrument("utan-metod", "1") }

    /// Every item of `instrument` rated `value`.
    static func all(_ instrument: Instrument, _ value: Int?, earlier: Int? = nil) -> [ItemRating] {
        instrument.items.map { ItemRating(item: $0.id, value: value, earlier: earlier) }
    }

    /// `ratings` with the rating of `item` replaced.
    static func replacing(_ ratings: [ItemRating], _ item: String, with rating: ItemRating) -> [ItemRating] {
        ratings.map { $0.item == item ? rating : $0 }
    }

    static func codes(_ problems: [Problem]) -> [String] { problems.map(\.code) }

    /// A small valid catalogue file; tests break it one way at a time.
    static let minimalCatalogue = """
    {
      "format": 1,
      "catalogueVersion": "t1",
      "instruments": [
        {
          "id": "test",
          "version": "1",
          "name": {"sv": "Test", "en": "Test"},
          "kind": "riskAssessment",
          "standardised": true,
          "scales": [
            {"id": "jn", "options": [{"value": 0, "label": {"sv": "Nej", "en": "No"}}, {"value": 1, "label": {"sv": "Ja", "en": "Yes"}}]}
          ],
          "items": [
            {"id": "A1", "label": {"sv": "Fråga 1", "en": "Question 1"}, "scale": "jn"},
            {"id": "A2", "label": {"sv": "Fråga 2", "en": "Question 2"}, "scale": "jn"}
          ],
          "judgements": [
            {"id": "risk", "name": {"sv": "Risk", "en": "Risk"}, "required": true, "options": [{"id": "lag", "label": {"sv": "Låg", "en": "Low"}, "risk": "lag"}, {"id": "hog", "label": {"sv": "Hög", "en": "High"}, "risk": "hog"}]}
          ],
          "summaryJudgement": "risk",
          "total": {"rule": "countYes", "requireComplete": false}
        }
      ]
    }
    """

    /// Loads `text`, expecting it to fail; returns the error.
    static func loadError(_ text: String, source: String = "unit.json",
                          file: StaticString = #filePath, line: UInt = #line) -> CatalogueError? {
        do {
            _ = try InstrumentCatalogue.load(data: Array(text.utf8), source: source)
            XCTFail("expected the catalogue to be rejected", file: file, line: line)
            return nil
        } catch let error as CatalogueError {
            return error
        } catch {
            XCTFail("expected a CatalogueError, got \(error)", file: file, line: line)
            return nil
        }
    }

    /// `minimalCatalogue` with one exact piece of text replaced (which must occur).
    static func minimal(replacing old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        XCTAssertTrue(minimalCatalogue.contains(old), "fixture does not contain \(old)", file: file, line: line)
        return minimalCatalogue.replacingOccurrences(of: old, with: new)
    }

    /// 1-based line and column of the first occurrence of `needle` in `text`.
    static func position(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, column: Int) {
        var searchRange = text.startIndex..<text.endIndex
        var found: Range<String.Index>?
        for _ in 0..<occurrence {
            found = text.range(of: needle, range: searchRange)
            searchRange = found!.upperBound..<text.endIndex
        }
        let prefix = text[..<found!.lowerBound]
        let line = prefix.filter { $0 == "\n" }.count + 1
        let lastLine = prefix.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        return (line, lastLine.unicodeScalars.count + 1)
    }
}
