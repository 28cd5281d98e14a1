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

    /// The table part of a CSV export: the rows after the header block's empty row, each field as
    /// written (quotes kept), split by an RFC 4180 reader.
    static func tableRows(_ csv: String, _ separator: Character) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", inQuotes = false
        for character in csv.replacingOccurrences(of: "\u{FEFF}", with: "") {
            if inQuotes {
                field.append(character)
                if character == "\"" { inQuotes = false }
            } else if character == "\"" {
                field.append(character)
                inQuotes = true
            } else if character == separator {
                row.append(field); field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(character)
            }
        }
        let blank = rows.firstIndex { $0 == [""] }!
        return Array(rows[(blank + 1)...])
    }

    func testCSVDialects() throws {
        let rfc = ReportCSV.render(Self.report, dialect: .rfc4180, language: .sv)
        let sv = ReportCSV.render(Self.report, dialect: .swedish, language: .sv)
        let en = ReportCSV.render(Self.report, dialect: .rfc4180, language: .en)
        XCTAssertTrue(sv.hasPrefix("\u{FEFF}Uppfölj: indikatorer för 2025 (jämfört med\r\n2024)\r\n"), String(sv.prefix(80)))
        XCTAssertTrue(en.hasPrefix("Uppfölj: indicators for 2025 (compared\r\nwith 2024)\r\n"))
        XCTAssertFalse(rfc.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF only")
        // Swedish headers for the labels and figures, the stable ids' headers in every language.
        XCTAssertTrue(sv.contains("\r\n\r\nIndikator och grupp;Antal;Per 10 000;Andel %;Täljare;Nämnare;Median;Period;Indikator;indicator;table;period;role;sex;age_band;honour;intervention_type;legal_basis;category;stage\r\n"))
        XCTAssertTrue(en.contains("\r\n\r\nIndicator and group,Count,\"Per 10,000\",Share %,Numerator,Denominator,Median,Period,Indicator,indicator,table,period,role,sex,age_band,honour,intervention_type,legal_basis,category,stage\r\n"))
        // The header block: one cell per line, short, so no figure column is widened by it. The unit
        // name has a quote and a semicolon: quoted where needed, quotes doubled.
        let header = sv.dropFirst().components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        XCTAssertTrue(header.contains("\"Enhet: Enhet \"\"Norr\"\"; test\""), "\(header)")
        XCTAssertTrue(rfc.contains("\r\n\"Enhet: Enhet \"\"Norr\"\"; test\"\r\n"))
        XCTAssertTrue(header.contains("0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"), "the head hash in two halves")
        XCTAssertTrue(header.contains { $0.hasPrefix("\"Metod: Primär: antal 1–4 visas som .. (k = 5)") || $0.hasPrefix("Metod: Primär") }, "\(header)")
        for line in header where !line.contains("Enhet:") {
            XCTAssertLessThanOrEqual(line.count, ReportCSV.headerWidth + 2, line)
        }
        for (text, separator) in [(sv, Character(";")), (rfc, Character(","))] {
            let rows = Self.tableRows(text, separator)
            let columns = ReportCSV.columns(.sv).count
            for row in rows { XCTAssertEqual(row.count, columns, row.joined(separator: "|")) }
            let body = rows.dropFirst()
            // The overview first: every indicator's period and previous period; then each indicator's
            // tables under a heading row that holds its name only.
            let overview = body.prefix { $0[10] == "headline" || $0[10] == "previous" }
            XCTAssertEqual(overview.filter { $0[10] == "headline" }.map { $0[9] }, Self.report.indicators.map(\.id))
            XCTAssertEqual(overview.filter { $0[10] == "previous" }.count, Self.report.indicators.count)
            let headings = body.filter { $0[9].isEmpty }
            XCTAssertEqual(headings.map { $0[0].hasPrefix("\"") ? String($0[0].dropFirst().dropLast()) : $0[0] }, Self.report.indicators.filter { !$0.tables.isEmpty }.map { ReportCSV.clipped($0.number + " " + $0.name.sv) })
            for heading in headings { XCTAssertTrue(heading.dropFirst().allSatisfy(\.isEmpty), "\(heading)") }
            // Shares: decimal comma in the Swedish dialect, point in RFC 4180; hidden ones `..`,
            // never the decimal separator swapped into it (`,,`).
            let shares = body.map { $0[3] }.filter { !$0.isEmpty }
            let shown = shares.filter { $0 != ".." }
            XCTAssertFalse(shown.isEmpty)
            XCTAssertTrue(shares.contains(".."), "the test report hides some shares")
            for share in shown {
                XCTAssertNotNil(Double(share.replacingOccurrences(of: ",", with: ".")), share)
                if share.contains(where: { $0 == "," || $0 == "." }) {
                    XCTAssertTrue(share.contains(separator == ";" ? "," : "."), share)
                }
            }
            // Counts, numerators, denominators and medians: whole numbers or `..`.
            for row in body {
                for figure in row[1...6] where figure != "" && figure != ".." && row[3] != figure && row[2] != figure {
                    XCTAssertNotNil(Int(figure), "\(figure) in \(row)")
                }
            }
            XCTAssertTrue(body.contains { $0[1] == ".." }, "suppressed counts are ..")
            // Periods and age bands are text: a text formula, which spreadsheets show as the text.
            XCTAssertTrue(body.contains { $0[7] == "\"=\"\"2025\"\"\"" && $0[11] == "\"=\"\"2025\"\"\"" })
            XCTAssertTrue(body.contains { $0[14] == "\"=\"\"65+\"\"\"" })
            XCTAssertTrue(body.contains { $0[7] == "2025Q3" && $0[10] == "trend" })
            // Labels beside the ids: the role's Swedish name and its id on the same row.
            XCTAssertTrue(body.contains { $0[0] == "  Våldsutsatt" && $0[12] == "victim" && $0[9] == "opened" && $0[10] == "byRole" })
            XCTAssertTrue(body.contains { $0[0] == "  Åldersgrupp: 65+" && $0[14] == "\"=\"\"65+\"\"\"" })
        }
    }

    /// A long indicator name is cut in column A (which a spreadsheet makes as wide as its longest
    /// cell) and stands whole in the "Indikator" column; every label of column A fits.
    func testLongLabelsAreCutAndTheWholeNameStandsBeside() throws {
        var report = Self.report
        let long = "Koladas nyckeltal: vuxna våldsutsattas ärenden avslutade med målet uppnått helt eller delvis"
        report.indicators[0].name = Localized(sv: long, en: long)
        let rows = Self.tableRows(ReportCSV.render(report, dialect: .swedish, language: .sv), ";")
        let headline = try XCTUnwrap(rows.first { $0[9] == report.indicators[0].id && $0[10] == "headline" })
        let number = report.indicators[0].number
        XCTAssertEqual(headline[0], String("\(number) \(long)".prefix(ReportCSV.labelWidth - 1)) + "…")
        XCTAssertEqual(headline[8], "\(number) \(long)")
        for row in rows { XCTAssertLessThanOrEqual(row[0].count, ReportCSV.labelWidth + 2, row[0]) }
    }

    /// What a spreadsheet would take for a number or a date is written as text; words are not.
    func testTextThatLooksLikeANumberIsWrittenAsText() {
        for text in ["2025", "65+", "18-25", "2026-12", "0.4.0", "1", "2026.1"] {
            XCTAssertTrue(ReportCSV.looksLikeANumber(text), text)
            XCTAssertEqual(ReportCSV.cell(.text(text), .swedish), "\"=\"\"\(text)\"\"\"")
        }
        for text in ["2025Q1", "Kvinna", "victim", "..", "", "65+ år", "unknown"] {
            XCTAssertFalse(ReportCSV.looksLikeANumber(text), text)
        }
        XCTAssertEqual(ReportCSV.cell(.figure("12"), .swedish), "12")
        XCTAssertEqual(ReportCSV.cell(.figure("45,2"), .swedish), "45,2")
        XCTAssertEqual(ReportCSV.cell(.figure("45,2"), .rfc4180), "\"45,2\"")
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
        // The name stands after "Enhet: ", so the cell never starts with `=`.
        XCTAssertTrue(csv.contains("\r\n\"Enhet: =HYPERLINK(\"\"http://x\"\";\"\"klicka\"\")\"\r\n"), csv.prefix(900).description)
        let figures = { (text: String) in text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("\"Enhet: ") } }
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
