import XCTest
import UppfoljCore

final class CatalogueLoadingTests: XCTestCase {
    private typealias T = CatalogueTestSupport

    /// Asserts the error's code and location, and that both messages name the file and the location.
    private func assertError(_ error: CatalogueError?, code: String, path: String, at needle: String? = nil, in text: String? = nil,
                             mentions words: [String] = [], file: StaticString = #filePath, line: UInt = #line) {
        guard let error else { return XCTFail("no error", file: file, line: line) }
        XCTAssertEqual(error.code, code, error.enMessage, file: file, line: line)
        XCTAssertEqual(error.path, path, error.enMessage, file: file, line: line)
        if let needle, let text {
            let position = T.position(of: needle, in: text)
            XCTAssertEqual(error.line, position.line, "line of \(needle): \(error.enMessage)", file: file, line: line)
            XCTAssertEqual(error.column, position.column, "column of \(needle): \(error.enMessage)", file: file, line: line)
        }
        for message in [error.svMessage, error.enMessage] {
            XCTAssertTrue(message.hasPrefix(error.source), message, file: file, line: line)
            if !path.isEmpty { XCTAssertTrue(message.contains(path), message, file: file, line: line) }
            if let l = error.line { XCTAssertTrue(message.contains(":\(l):"), message, file: file, line: line) }
        }
        // The words asked for are checked in the English message (ids and keys appear in both).
        for word in words {
            XCTAssertTrue(error.enMessage.contains(word), "\(error.enMessage) should mention \(word)", file: file, line: line)
        }
        XCTAssertEqual(error.description, error.enMessage, file: file, line: line)
    }

    func testTheMinimalFixtureIsValid() throws {
        let catalogue = try InstrumentCatalogue.load(data: Array(T.minimalCatalogue.utf8), source: "unit.json")
        XCTAssertEqual(catalogue.instruments.map(\.id), ["test"])
        XCTAssertEqual(catalogue.catalogueVersion, "t1")
    }

    // MARK: JSON syntax

    func testSyntaxErrorGivesLineAndColumn() {
        let text = T.minimal(replacing: "\"version\": \"1\",", with: "\"version\": \"1\"")
        let error = T.loadError(text)
        assertError(error, code: "catalogue.syntax", path: "", at: "\"name\": {\"sv\": \"Test\"", in: text, mentions: ["JSON"])
        XCTAssertTrue(error?.svMessage.hasPrefix("unit.json:\(error!.line!):\(error!.column!): JSON-fel: kommatecken saknas") ?? false,
                      error?.svMessage ?? "")
        XCTAssertEqual(error?.location, "\(error!.line!):\(error!.column!)")
    }

    func testTrailingCommaAndUnclosedStringAndEmptyFile() {
        let trailing = T.minimal(replacing: "\"scale\": \"jn\"}\n", with: "\"scale\": \"jn\"},\n")
        assertError(T.loadError(trailing), code: "catalogue.syntax", path: "", mentions: ["trailing comma"])
        let unclosed = "{\n  \"format\": 1,\n  \"catalogueVersion\": \"t1\n}"
        let error = T.loadError(unclosed)
        assertError(error, code: "catalogue.syntax", path: "")
        XCTAssertEqual(error?.line, 3)
        assertError(T.loadError(""), code: "catalogue.syntax", path: "", mentions: ["empty"])
        assertError(T.loadError("{\"format\": 1} x"), code: "catalogue.syntax", path: "")
        assertError(T.loadError("[1, 2"), code: "catalogue.syntax", path: "")
        assertError(T.loadError("{'format': 1}"), code: "catalogue.syntax", path: "", mentions: ["double quotes"])
        assertError(T.loadError("{\"format\": 1 \"x\": 2}"), code: "catalogue.syntax", path: "", mentions: ["comma missing"])
        // Columns count characters, not bytes.
        let wide = "{\"å\": ä}"
        XCTAssertEqual(T.loadError(wide)?.column, 7)
    }

    // MARK: Keys

    func testMissingKey() {
        let text = T.minimal(replacing: "      \"name\": {\"sv\": \"Test\", \"en\": \"Test\"},\n", with: "")
        assertError(T.loadError(text), code: "catalogue.missingKey", path: "instruments[0]", mentions: ["\"name\""])
        let noFormat = T.minimal(replacing: "  \"format\": 1,\n", with: "")
        assertError(T.loadError(noFormat), code: "catalogue.missingKey", path: "", mentions: ["\"format\""])
    }

    func testUnknownKeyIsRejectedWithASuggestion() {
        let text = T.minimal(replacing: "\"name\": {", with: "\"nmae\": {")
        let error = T.loadError(text)
        assertError(error, code: "catalogue.unknownKey", path: "instruments[0].nmae", at: "\"nmae\"", in: text,
                    mentions: ["\"nmae\"", "did you mean \"name\""])
        XCTAssertTrue(error?.svMessage.contains("menade du \"name\"") ?? false)

        let inItem = T.minimal(replacing: "\"scale\": \"jn\"}\n", with: "\"scale\": \"jn\", \"text\": {\"sv\": \"x\", \"en\": \"x\"}}\n")
        assertError(T.loadError(inItem), code: "catalogue.unknownKey", path: "instruments[0].items[1].text")
        let inLabel = T.minimal(replacing: "{\"sv\": \"Fråga 1\", \"en\": \"Question 1\"}",
                                with: "{\"sv\": \"Fråga 1\", \"en\": \"Question 1\", \"de\": \"Frage 1\"}")
        assertError(T.loadError(inLabel), code: "catalogue.unknownKey", path: "instruments[0].items[0].label.de")
    }

    func testKeyThatDoesNotBelongToTheTotalRule() {
        let text = T.minimal(replacing: "\"requireComplete\": false}", with: "\"requireComplete\": false, \"positive\": {\"sv\": \"x\", \"en\": \"x\"}}")
        assertError(T.loadError(text), code: "catalogue.unknownKey", path: "instruments[0].total.positive", mentions: ["countYes"])
        let unknownRule = T.minimal(replacing: "\"rule\": \"countYes\"", with: "\"rule\": \"average\"")
        assertError(T.loadError(unknownRule), code: "catalogue.invalidValue", path: "instruments[0].total.rule", mentions: ["average"])
    }

    func testDuplicateKeyInOneObject() {
        let text = T.minimal(replacing: "\"version\": \"1\",", with: "\"version\": \"1\", \"version\": \"2\",")
        assertError(T.loadError(text), code: "catalogue.duplicateKey", path: "instruments[0].version",
                    at: "\"version\": \"2\"", in: text)
    }

    func testWrongTypes() {
        let text = T.minimal(replacing: "\"standardised\": true", with: "\"standardised\": \"ja\"")
        assertError(T.loadError(text), code: "catalogue.wrongType", path: "instruments[0].standardised",
                    at: "\"ja\"", in: text, mentions: ["true or false"])
        let fraction = T.minimal(replacing: "{\"value\": 1,", with: "{\"value\": 1.5,")
        assertError(T.loadError(fraction), code: "catalogue.wrongType", path: "instruments[0].scales[0].options[1].value",
                    mentions: ["1.5"])
        let notArray = T.minimal(replacing: "\"judgements\": [\n", with: "\"judgements\": {\"x\": [\n")
            .replacingOccurrences(of: "]}\n      ],\n      \"summaryJudgement\"", with: "]}\n      ]},\n      \"summaryJudgement\"")
        assertError(T.loadError(notArray), code: "catalogue.wrongType", path: "instruments[0].judgements")
    }

    func testInvalidIdentifiersAndValues() {
        let upper = T.minimal(replacing: "\"id\": \"test\"", with: "\"id\": \"Test\"")
        assertError(T.loadError(upper), code: "catalogue.invalidValue", path: "instruments[0].id")
        let swedish = T.minimal(replacing: "\"id\": \"A2\"", with: "\"id\": \"Å2\"")
        assertError(T.loadError(swedish), code: "catalogue.invalidValue", path: "instruments[0].items[1].id")
        let dotted = T.minimal(replacing: "\"id\": \"risk\"", with: "\"id\": \"risk.x\"")
        assertError(T.loadError(dotted), code: "catalogue.invalidValue", path: "instruments[0].judgements[0].id")
        let risk = T.minimal(replacing: "\"risk\": \"hog\"", with: "\"risk\": \"hög\"")
        assertError(T.loadError(risk), code: "catalogue.invalidValue", path: "instruments[0].judgements[0].options[1].risk")
        let kind = T.minimal(replacing: "\"kind\": \"riskAssessment\"", with: "\"kind\": \"risk\"")
        assertError(T.loadError(kind), code: "catalogue.invalidValue", path: "instruments[0].kind")
        let emptyLabel = T.minimal(replacing: "{\"sv\": \"Fråga 2\"", with: "{\"sv\": \" \"")
        assertError(T.loadError(emptyLabel), code: "catalogue.invalidValue", path: "instruments[0].items[1].label.sv")
    }

    func testUnsupportedFormatAndEmptyCatalogue() {
        let text = T.minimal(replacing: "\"format\": 1", with: "\"format\": 2")
        assertError(T.loadError(text), code: "catalogue.unsupportedFormat", path: "format", at: "2,", in: text)
        assertError(T.loadError("{\"format\": 1, \"catalogueVersion\": \"x\", \"instruments\": []}"),
                    code: "catalogue.empty", path: "instruments")
    }

    // MARK: Catalogue rules

    func testDuplicateInstrumentIdAndVersion() throws {
        let object = T.minimalCatalogue
        let start = object.range(of: "    {\n      \"id\": \"test\"")!.lowerBound
        let end = object.range(of: "\n  ]\n}")!.lowerBound
        let instrument = String(object[start..<end])
        let twice = object.replacingOccurrences(of: instrument, with: instrument + ",\n" + instrument)
        let error = T.loadError(twice)
        assertError(error, code: "catalogue.duplicateInstrument", path: "instruments[1].version", mentions: ["instruments[0]"])
        XCTAssertEqual(error?.line, T.position(of: "\"version\": \"1\"", in: twice, occurrence: 2).line)
        // Another version of the same instrument is fine.
        let secondVersion = object.replacingOccurrences(
            of: instrument, with: instrument + ",\n" + instrument.replacingOccurrences(of: "\"version\": \"1\"", with: "\"version\": \"2\""))
        let catalogue = try InstrumentCatalogue.load(data: Array(secondVersion.utf8), source: "unit.json")
        XCTAssertEqual(catalogue.versions(of: "test").map(\.version), ["1", "2"])
        XCTAssertEqual(catalogue.current("test")?.version, "2")
    }

    func testDuplicateItemIds() {
        let text = T.minimal(replacing: "\"id\": \"A2\"", with: "\"id\": \"A1\"")
        assertError(T.loadError(text), code: "catalogue.duplicateItem", path: "instruments[0].items[1].id",
                    mentions: ["A1", "items[0]"])
    }

    func testItemReferringToAnUnknownScale() {
        let text = T.minimal(replacing: "\"label\": {\"sv\": \"Fråga 2\", \"en\": \"Question 2\"}, \"scale\": \"jn\"",
                             with: "\"label\": {\"sv\": \"Fråga 2\", \"en\": \"Question 2\"}, \"scale\": \"ja-nej\"")
        let error = T.loadError(text)
        assertError(error, code: "catalogue.unknownScale", path: "instruments[0].items[1].scale", at: "\"ja-nej\"", in: text,
                    mentions: ["\"ja-nej\"", "jn"])
        XCTAssertEqual(error?.location, "instruments[0].items[1].scale (\(error!.line!):\(error!.column!))")
        let domain = T.minimal(replacing: "\"scale\": \"jn\"}\n", with: "\"domain\": \"x\", \"scale\": \"jn\"}\n")
        assertError(T.loadError(domain), code: "catalogue.unknownDomain", path: "instruments[0].items[1].domain")
    }

    func testEmptyScale() {
        let text = T.minimal(
            replacing: "\"options\": [{\"value\": 0, \"label\": {\"sv\": \"Nej\", \"en\": \"No\"}}, {\"value\": 1, \"label\": {\"sv\": \"Ja\", \"en\": \"Yes\"}}]",
            with: "\"options\": []")
        assertError(T.loadError(text), code: "catalogue.emptyScale", path: "instruments[0].scales[0].options", mentions: ["jn"])
    }

    func testDuplicateScaleValues() {
        let text = T.minimal(replacing: "{\"value\": 1,", with: "{\"value\": 0,")
        assertError(T.loadError(text), code: "catalogue.duplicateScaleValue", path: "instruments[0].scales[0].options[1].value",
                    at: "0, \"label\": {\"sv\": \"Ja\"", in: text)
        let duplicateScale = T.minimal(replacing: "\"scales\": [\n", with: "\"scales\": [\n        {\"id\": \"jn\", \"options\": [{\"value\": 0, \"label\": {\"sv\": \"x\", \"en\": \"x\"}}]},\n")
        assertError(T.loadError(duplicateScale), code: "catalogue.duplicateScale", path: "instruments[0].scales[1].id")
    }

    func testTotalRuleThatDoesNotFitTheScales() {
        let text = T.minimal(replacing: "{\"value\": 1, \"label\": {\"sv\": \"Ja\", \"en\": \"Yes\"}}",
                             with: "{\"value\": 1, \"label\": {\"sv\": \"Ja\", \"en\": \"Yes\"}}, {\"value\": 2, \"label\": {\"sv\": \"Ofta\", \"en\": \"Often\"}}")
        assertError(T.loadError(text), code: "catalogue.totalRuleMismatch", path: "instruments[0].total.rule",
                    at: "\"countYes\"", in: text, mentions: ["A1", "0–2"])
        let noItems = T.minimal(replacing: "\"rule\": \"countYes\", \"requireComplete\": false", with: "\"rule\": \"sum\", \"requireComplete\": true")
            .replacingOccurrences(of: "\"items\": [\n        {\"id\": \"A1\", \"label\": {\"sv\": \"Fråga 1\", \"en\": \"Question 1\"}, \"scale\": \"jn\"},\n        {\"id\": \"A2\", \"label\": {\"sv\": \"Fråga 2\", \"en\": \"Question 2\"}, \"scale\": \"jn\"}\n      ]", with: "\"items\": []")
        assertError(T.loadError(noItems), code: "catalogue.totalRuleMismatch", path: "instruments[0].total.rule", mentions: ["none"])
    }

    func testJudgementWithNoOptions() {
        let text = T.minimal(replacing: "\"required\": true, \"options\": [{\"id\": \"lag\", \"label\": {\"sv\": \"Låg\", \"en\": \"Low\"}, \"risk\": \"lag\"}, {\"id\": \"hog\", \"label\": {\"sv\": \"Hög\", \"en\": \"High\"}, \"risk\": \"hog\"}]",
                             with: "\"required\": true, \"options\": []")
        assertError(T.loadError(text), code: "catalogue.emptyJudgement", path: "instruments[0].judgements[0].options", mentions: ["risk"])
        let duplicate = T.minimal(replacing: "{\"id\": \"hog\"", with: "{\"id\": \"lag\"")
        assertError(T.loadError(duplicate), code: "catalogue.duplicateOption", path: "instruments[0].judgements[0].options[1].id")
    }

    func testSummaryJudgementRules() {
        let unknown = T.minimal(replacing: "\"summaryJudgement\": \"risk\"", with: "\"summaryJudgement\": \"akut\"")
        assertError(T.loadError(unknown), code: "catalogue.unknownJudgement", path: "instruments[0].summaryJudgement", mentions: ["akut"])
        let notRequired = T.minimal(replacing: "\"required\": true", with: "\"required\": false")
        assertError(T.loadError(notRequired), code: "catalogue.invalidSummary", path: "instruments[0].judgements[0].required")
        let unmapped = T.minimal(replacing: ", \"risk\": \"hog\"}", with: "}")
        assertError(T.loadError(unmapped), code: "catalogue.invalidSummary", path: "instruments[0].judgements[0].options[1]",
                    mentions: ["hog"])
        let missing = T.minimal(replacing: "      \"summaryJudgement\": \"risk\",\n", with: "")
        assertError(T.loadError(missing), code: "catalogue.missingKey", path: "instruments[0]", mentions: ["summaryJudgement"])
        // A screening instrument needs no summary judgement.
        let screening = missing.replacingOccurrences(of: "\"kind\": \"riskAssessment\"", with: "\"kind\": \"screening\"")
        XCTAssertNoThrow(try InstrumentCatalogue.load(data: Array(screening.utf8), source: "unit.json"))
    }

    // MARK: Files

    func testLoadPathNamesTheFileInTheMessage() throws {
        let path = NSTemporaryDirectory() + "catalogue-bad-\(UUID().uuidString).json"
        let text = T.minimal(replacing: "\"scale\": \"jn\"}\n", with: "\"scale\": \"nj\"}\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try InstrumentCatalogue.load(path: path)
            XCTFail("expected an error")
        } catch let error as CatalogueError {
            XCTAssertEqual(error.source, path)
            let position = T.position(of: "\"nj\"", in: text)
            XCTAssertTrue(error.svMessage.hasPrefix("\(path):\(position.line):\(position.column): instruments[0].items[1].scale: skalan \"nj\" finns inte"),
                          error.svMessage)
        }
        let missing = NSTemporaryDirectory() + "no-such-catalogue-\(UUID().uuidString).json"
        XCTAssertThrowsError(try InstrumentCatalogue.load(path: missing)) { error in
            let error = error as? CatalogueError
            XCTAssertEqual(error?.code, "catalogue.unreadable")
            XCTAssertTrue(error?.svMessage.hasPrefix(missing) ?? false)
            XCTAssertTrue(error?.svMessage.contains("finns inte") ?? false)
        }
        XCTAssertThrowsError(try InstrumentCatalogue.load(path: NSTemporaryDirectory())) { error in
            XCTAssertEqual((error as? CatalogueError)?.code, "catalogue.unreadable")
        }
        XCTAssertThrowsError(try T.builtIn().merging(path: missing)) { error in
            XCTAssertEqual((error as? CatalogueError)?.code, "catalogue.unreadable")
        }
    }

    func testByteOrderMarkIsAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(T.minimalCatalogue.utf8)
        XCTAssertEqual(try InstrumentCatalogue.load(data: bytes, source: "bom.json").instruments.count, 1)
        let broken: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\n  x".utf8)
        XCTAssertThrowsError(try InstrumentCatalogue.load(data: Data(broken), source: "bom.json")) { error in
            XCTAssertEqual((error as? CatalogueError)?.line, 2)
            XCTAssertEqual((error as? CatalogueError)?.column, 3)
        }
    }

    // MARK: - Keys for the corrected instruments (issue 13 item 5)

    func testSecondRatingWithItsOwnScaleAndTheFormsWords() throws {
        let text = T.minimal(replacing: "\"standardised\": true,", with: """
            "standardised": true, "edition": "V3",
                  "secondRating": {"firstName": {"sv": "Förekomst", "en": "Presence"}, "name": {"sv": "Relevans", "en": "Relevance"}, "scale": "lmh"},
            """).replacingOccurrences(of: "\"scales\": [", with: """
            "scales": [
                    {"id": "lmh", "omitted": {"sv": "--", "en": "--"}, "options": [{"value": 0, "label": {"sv": "Låg", "en": "Low"}, "short": "L"}, {"value": 1, "label": {"sv": "Hög", "en": "High"}, "short": "H"}]},
            """)
        let instrument = try XCTUnwrap(InstrumentCatalogue.load(data: Array(text.utf8), source: "unit.json").instruments.first)
        XCTAssertTrue(instrument.ratesEarlier)
        XCTAssertEqual(instrument.edition, "V3")
        XCTAssertEqual(instrument.secondRating?.name.sv, "Relevans")
        let item = try XCTUnwrap(instrument.item("A1"))
        XCTAssertEqual(instrument.secondScale(item).options.map(\.word.sv), ["L", "H"])
        XCTAssertEqual(instrument.secondScale(item).omittedWord.sv, "--")
        XCTAssertEqual(item.scale.options.map(\.word.sv), ["Nej", "Ja"], "without \"short\" the label is the word")
        XCTAssertEqual(item.scale.omittedWord.sv, "utelämnad")

        let unknownScale = text.replacingOccurrences(of: "\"scale\": \"lmh\"}", with: "\"scale\": \"xyz\"}")
        XCTAssertEqual(T.loadError(unknownScale)?.code, "catalogue.unknownScale")
        XCTAssertEqual(T.loadError(unknownScale)?.path, "instruments[0].secondRating.scale")
        let contradicting = text.replacingOccurrences(of: "\"edition\": \"V3\",", with: "\"edition\": \"V3\", \"ratesEarlier\": false,")
        XCTAssertEqual(T.loadError(contradicting)?.code, "catalogue.invalidValue")
        XCTAssertEqual(T.loadError(contradicting)?.path, "instruments[0].ratesEarlier")
        let longShort = text.replacingOccurrences(of: "\"short\": \"L\"", with: "\"short\": \"Lågt\"")
        XCTAssertEqual(T.loadError(longShort)?.path, "instruments[0].scales[0].options[0].short")
        let sameShort = text.replacingOccurrences(of: "\"short\": \"H\"", with: "\"short\": \"L\"")
        XCTAssertEqual(T.loadError(sameShort)?.code, "catalogue.duplicateScaleValue")
    }

    func testItemsRecordedApartAreLeftOutOfTheTotalAndItsRequirement() throws {
        let text = T.minimal(replacing: "{\"id\": \"A2\", \"label\": {\"sv\": \"Fråga 2\", \"en\": \"Question 2\"}, \"scale\": \"jn\"}",
                             with: "{\"id\": \"A2\", \"label\": {\"sv\": \"Fråga 2\", \"en\": \"Question 2\"}, \"scale\": \"jn\", \"inTotal\": false}")
        let instrument = try XCTUnwrap(InstrumentCatalogue.load(data: Array(text.utf8), source: "unit.json").instruments.first)
        XCTAssertEqual(instrument.totalItems.map(\.id), ["A1"])
        let derived = instrument.derivedTotal([ItemRating(item: "A1", value: 0), ItemRating(item: "A2", value: 1)])
        XCTAssertEqual(derived, DerivedTotal(total: 0, omitted: 0, maximum: 1, note: nil))
        // Every item apart: a counting rule has nothing to count.
        let allApart = text.replacingOccurrences(of: "\"scale\": \"jn\"},", with: "\"scale\": \"jn\", \"inTotal\": false},")
        XCTAssertEqual(T.loadError(allApart)?.code, "catalogue.totalRuleMismatch")
    }

    func testASupersededVersionMustNameAnotherVersionOfTheSameInstrument() {
        let itself = T.minimal(replacing: "\"version\": \"1\",", with: "\"version\": \"1\", \"supersededBy\": \"1\",")
        XCTAssertEqual(T.loadError(itself)?.code, "catalogue.invalidValue")
        let missing = T.minimal(replacing: "\"version\": \"1\",", with: "\"version\": \"1\", \"supersededBy\": \"2\",")
        XCTAssertEqual(T.loadError(missing)?.code, "catalogue.unknownVersion")
        XCTAssertEqual(T.loadError(missing)?.path, "instruments[0].supersededBy")
    }
}
