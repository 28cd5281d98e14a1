import Foundation
import UppfoljCore
import UppfoljSample
import XCTest
@testable import UppfoljReports

/// The JSON export against docs/export-schema.json, its reader, and the CSV dialects.
final class ExportFormatTests: XCTestCase {
    static let report: Report = {
        let catalogue = try! InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-11-23")!
        let projection = Projection(catalogue: catalogue, events: SampleGenerator(cases: 200, seed: 3, until: until, catalogue: catalogue).events())
        let context = ReportContext(unit: "Enhet \"Norr\"; test", journalHeadHash: String(repeating: "0f", count: 32),
                                    programVersion: "test", asOf: until)
        return try! IndicatorRollup(projection: projection).report(period: ReportPeriod("2025Q1..2025Q4")!,
                                                                   control: try! DisclosureControl(minimumCellSize: 5), context: context)
    }()

    static var schema: [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/export-schema.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    func testJSONExportFollowsTheSchema() throws {
        let data = try ReportJSON.encode(Self.report)
        let json = try JSONSerialization.jsonObject(with: data)
        var problems: [String] = []
        SchemaCheck(root: Self.schema).check(json, against: Self.schema, at: "$", problems: &problems)
        XCTAssertEqual(problems, [])
        XCTAssertTrue(Self.report.indicators.contains { $0.headline.share?.isSuppressed == true || $0.tables.contains { $0.rows.contains { $0.count?.isSuppressed == true } } },
                      "the fixture has suppressed figures, so their form is checked too")
    }

    func testTheSchemaCheckNoticesAnUnknownKeyAndAWrongType() throws {
        var json = try JSONSerialization.jsonObject(with: ReportJSON.encode(Self.report)) as! [String: Any]
        var metadata = json["metadata"] as! [String: Any]
        metadata["caseCode"] = "X-1"
        metadata["minimumCellSize"] = "5"
        json["metadata"] = metadata
        var problems: [String] = []
        SchemaCheck(root: Self.schema).check(json, against: Self.schema, at: "$", problems: &problems)
        XCTAssertEqual(problems.count, 2, "\(problems)")
    }

    func testJSONRoundTripsAndIsStable() throws {
        let data = try ReportJSON.encode(Self.report)
        XCTAssertEqual(try ReportJSON.decode(data), Self.report)
        XCTAssertEqual(try ReportJSON.encode(ReportJSON.decode(data)), data)
    }

    func testReaderRefusesOtherFilesAndNewerVersions() throws {
        XCTAssertThrowsError(try ReportJSON.decode(Data("{\"a\": 1}".utf8))) { error in
            XCTAssertTrue((error as! ReportJSON.ReadError).message.sv.contains("inte en indikatorexport"))
        }
        var json = try JSONSerialization.jsonObject(with: ReportJSON.encode(Self.report)) as! [String: Any]
        var metadata = json["metadata"] as! [String: Any]
        metadata["formatVersion"] = ReportMetadata.currentFormatVersion + 1
        json["metadata"] = metadata
        XCTAssertThrowsError(try ReportJSON.decode(JSONSerialization.data(withJSONObject: json))) { error in
            XCTAssertTrue((error as! ReportJSON.ReadError).message.en.contains("format version \(ReportMetadata.currentFormatVersion + 1)"))
        }
    }

    func testCSVDialects() throws {
        let rfc = ReportCSV.render(Self.report, dialect: .rfc4180, language: .sv)
        let sv = ReportCSV.render(Self.report, dialect: .swedish, language: .sv)
        XCTAssertTrue(sv.hasPrefix("\u{FEFF}indicator;number;"))
        XCTAssertTrue(rfc.hasPrefix("indicator,number,indicator_name,table,period,role,sex,age_band,honour,intervention_type,legal_basis,category,stage,measure,value\r\n"))
        XCTAssertFalse(rfc.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF only")
        // The unit name has a quote and a semicolon: quoted where needed, quotes doubled.
        XCTAssertTrue(sv.contains("#meta;;;units;;;;;;;;;;;\"Enhet \"\"Norr\"\"; test\""), sv.prefix(800).description)
        XCTAssertTrue(rfc.contains("#meta,,,units,,,,,,,,,,,\"Enhet \"\"Norr\"\"; test\""))
        // Shares: decimal comma in the Swedish dialect, point in RFC 4180.
        let shareSV = try XCTUnwrap(sv.split(separator: "\r\n").first { $0.contains(";share_percent;") && !$0.hasSuffix(";..") })
        let shareRFC = try XCTUnwrap(rfc.split(separator: "\r\n").first { $0.contains(",share_percent,") && !$0.hasSuffix(",..") })
        XCTAssertTrue(shareSV.split(separator: ";").last!.contains(","), String(shareSV))
        XCTAssertTrue(shareRFC.split(separator: ",").last!.contains("."), String(shareRFC))
        XCTAssertTrue(sv.contains(";count;..\r\n") || sv.contains(";numerator;..\r\n"), "suppressed figures are ..")
        // A hidden share is `..` in every dialect, never the decimal separator swapped into it (`,,`).
        for (text, separator) in [(sv, ";"), (rfc, ",")] {
            let hiddenShares = text.split(separator: "\r\n").filter { $0.contains("\(separator)share_percent\(separator)") }
                .map { $0.split(separator: Character(separator), omittingEmptySubsequences: false).last! }
                .filter { Double($0.replacingOccurrences(of: ",", with: ".")) == nil }
            XCTAssertFalse(hiddenShares.isEmpty, "the test report hides some shares")
            XCTAssertEqual(Set(hiddenShares), [".."], "hidden shares in the \(separator) dialect")
        }
        let columns = ReportCSV.columns.count
        for line in rfc.split(separator: "\r\n") where !line.contains("\"") {
            XCTAssertEqual(line.split(separator: ",", omittingEmptySubsequences: false).count, columns, String(line))
        }
    }
}

extension ExportFormatTests {
    /// Text from outside (a unit's name, a merged file, a unit's own catalogue) that a spreadsheet
    /// would run as a formula is written as text; numbers, negative ones too, are left alone.
    func testCSVDefusesFormulas() {
        for dialect in CSVDialect.allCases {
            XCTAssertEqual(ReportCSV.field("=HYPERLINK(\"http://x\")", dialect), "\"'=HYPERLINK(\"\"http://x\"\")\"")
            XCTAssertEqual(ReportCSV.field("+46 Enhet", dialect), "'+46 Enhet")
            XCTAssertEqual(ReportCSV.field("-2+3", dialect), "'-2+3")
            XCTAssertEqual(ReportCSV.field("@SUM(A1)", dialect), "'@SUM(A1)")
            XCTAssertEqual(ReportCSV.field("\tx", dialect), "'\tx")
            XCTAssertEqual(ReportCSV.field("Enhet Norr", dialect), "Enhet Norr")
            XCTAssertEqual(ReportCSV.field("..", dialect), "..")
            XCTAssertEqual(ReportCSV.field("-3", dialect), "-3")
        }
        XCTAssertEqual(ReportCSV.field("-2,5", .swedish), "-2,5")
        XCTAssertEqual(ReportCSV.field("-2.5", .rfc4180), "-2.5")

        // Through a whole export: a unit named like a formula arrives as text, the figures unchanged.
        var report = Self.report
        report.metadata.units = ["=HYPERLINK(\"http://x\";\"klicka\")"]
        let csv = ReportCSV.render(report, dialect: .swedish, language: .sv)
        XCTAssertTrue(csv.contains("#meta;;;units;;;;;;;;;;;\"'=HYPERLINK(\"\"http://x\"\";\"\"klicka\"\")\"\r\n"), csv.prefix(900).description)
        let figures = { (text: String) in text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("#meta") } }
        XCTAssertEqual(figures(csv), figures(ReportCSV.render(Self.report, dialect: .swedish, language: .sv)))
    }
}

/// Just enough of JSON Schema 2020-12 for docs/export-schema.json: type, const, enum, pattern,
/// minimum, maximum, minItems, required, properties, additionalProperties: false, items, $ref.
struct SchemaCheck {
    let root: [String: Any]

    func check(_ value: Any, against schema: [String: Any], at path: String, problems: inout [String]) {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.dropFirst("#/$defs/".count))
            let definitions = root["$defs"] as! [String: Any]
            return check(value, against: definitions[name] as! [String: Any], at: path, problems: &problems)
        }
        if let constant = schema["const"] as? String, (value as? String) != constant { problems.append("\(path): not \(constant)") }
        if let allowed = schema["enum"] as? [String], !(value is String && allowed.contains(value as! String)) {
            problems.append("\(path): \(value) not in enum")
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as! String]
            if !types.contains(where: { Self.matches(value, $0) }) { problems.append("\(path): \(value) is not \(types)"); return }
        }
        if let pattern = schema["pattern"] as? String, let text = value as? String,
           text.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path): \(text) does not match \(pattern)")
        }
        if let number = value as? NSNumber, !Self.isBoolean(value) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { problems.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { problems.append("\(path): above \(maximum)") }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path): missing \(key)") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, child) in object {
                if let property = properties[key] as? [String: Any] {
                    check(child, against: property, at: "\(path).\(key)", problems: &problems)
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(path): unexpected key \(key)")
                }
            }
        }
        if let array = value as? [Any] {
            if let minItems = schema["minItems"] as? Int, array.count < minItems { problems.append("\(path): fewer than \(minItems) items") }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { check(item, against: items, at: "\(path)[\(index)]", problems: &problems) }
            }
        }
    }

    /// JSONSerialization gives booleans as a distinct NSNumber subclass.
    static func isBoolean(_ value: Any) -> Bool { String(describing: type(of: value)).contains("Boolean") }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return isBoolean(value)
        case "integer": return !isBoolean(value) && (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return !isBoolean(value) && value is NSNumber
        default: return false
        }
    }
}
