import Foundation
import UppfoljCore
import XCTest
@testable import UppfoljReports

/// Issue 12, item 9 for the files UppfoljReports reads: the unit's indicator catalogue and exports
/// read back go through the one strict JSON reader, and an export's suppressed flags must agree
/// with their values.
final class StrictReadingTests: XCTestCase {
    static let catalogueText: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/UppfoljReports/Resources/indicators.json")
        return try! String(contentsOf: url, encoding: .utf8)
    }()

    func load(_ text: String) -> IndicatorCatalogueError? {
        do { _ = try IndicatorCatalogue.load(Data(text.utf8)); return nil } catch { return error }
    }

    func testTheBuiltInCatalogueReadsStrictly() {
        XCTAssertNil(load(Self.catalogueText))
    }

    /// A misspelt key used to drop a table silently; a key twice was first-wins.
    func testCatalogueRefusesMisspeltAndDuplicateKeys() throws {
        let misspelt = Self.catalogueText.replacingOccurrences(of: "\"breakdowns\"", with: "\"breakdown\"")
        let error = try XCTUnwrap(load(misspelt))
        XCTAssertTrue(error.message.sv.contains("okänd nyckel \"breakdown\" (menade du \"breakdowns\"?)"), error.message.sv)
        XCTAssertNotNil(error.message.sv.range(of: #"\d+:\d+: indicators\[\d+\]\.breakdown"#, options: .regularExpression), error.message.sv)

        let range = try XCTUnwrap(Self.catalogueText.range(of: "\"kind\""))
        let duplicate = Self.catalogueText.replacingCharacters(in: range, with: "\"kind\": \"count\", \"kind\"")
        let second = try XCTUnwrap(load(duplicate))
        XCTAssertTrue(second.message.en.contains("the key \"kind\" appears twice"), second.message.en)
    }

    static var exportText: String { String(decoding: try! ReportJSON.encode(ExportFormatTests.report), as: UTF8.self) }

    func read(_ text: String) -> ReportJSON.ReadError? {
        do { _ = try ReportJSON.decode(Data(text.utf8)); return nil } catch { return error }
    }

    func replacingFirst(_ pattern: String, in text: String, with replacement: String) throws -> String {
        let range = try XCTUnwrap(text.range(of: pattern, options: .regularExpression), "no \(pattern)")
        let found = String(text[range])
        let changed = found.replacingOccurrences(of: #"(null|\d+)$"#, with: replacement, options: .regularExpression)
        return text.replacingCharacters(in: range, with: changed)
    }

    func testExportReaderCrossChecksTheSuppressedFlag() throws {
        let text = Self.exportText
        XCTAssertNil(read(text))
        // A hidden count given a value: the reader would have shown it.
        let revealed = try replacingFirst(#""suppressed" : true,\s*"value" : null"#, in: text, with: "3")
        XCTAssertTrue(try XCTUnwrap(read(revealed)).message.en.contains("a suppressed figure carries a value"))
        // A published count without its value.
        let hidden = try replacingFirst(#""suppressed" : false,\s*"value" : \d+"#, in: text, with: "null")
        XCTAssertTrue(try XCTUnwrap(read(hidden)).message.en.contains("a published figure has no value"))
        // A published share whose percent does not match its parts.
        let percent = try XCTUnwrap(text.range(of: #""percent" : [0-9.]+"#, options: .regularExpression))
        let share = text.replacingCharacters(in: percent, with: "\"percent\" : 100.5")
        XCTAssertTrue(try XCTUnwrap(read(share)).message.en.contains("the percent does not match"))
    }

    func testExportReaderRefusesDuplicateAndUnknownKeysWithTheirPlace() throws {
        let text = Self.exportText
        let duplicate = text.replacingOccurrences(of: "\"indicators\" : [", with: "\"indicators\" : [], \"indicators\" : [")
        let error = try XCTUnwrap(read(duplicate))
        XCTAssertTrue(error.message.en.contains("2:22: indicators: the key \"indicators\" appears twice"), error.message.en)
        let unknown = text.replacingOccurrences(of: "\"headline\" :", with: "\"headlines\" :")
        XCTAssertTrue(try XCTUnwrap(read(unknown)).message.en.contains("did you mean \"headline\"?"))
    }
}
