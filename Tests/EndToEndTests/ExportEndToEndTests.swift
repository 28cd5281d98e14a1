import Foundation
import XCTest

/// `uppfolj export` on the sample journal, through the real binary: nothing that identifies a
/// case leaves, and the Swedish spreadsheet CSV says what the JSON says.
final class ExportEndToEndTests: XCTestCase {
    // Unchecked isolation: written once in `class setUp`, before any test of the class runs, then
    // only read by the tests, which XCTest runs one after another.
    nonisolated(unsafe) static var folder: URL!
    nonisolated(unsafe) static var exports: [String: String] = [:]   // name → file text
    nonisolated(unsafe) static var journalEvents: [[String: Any]] = []

    override class func setUp() {
        super.setUp()
        do {
            folder = try Uppfolj.temporaryFolder()
            let sample = try Uppfolj.run(["sample", "--cases", "300", "--seed", "7", "--until", "2026-06-30",
                                          "--out", folder.appendingPathComponent("s").path])
            precondition(sample.status == 0, sample.stderr)
            let journal = folder.appendingPathComponent("s/journal").path
            let log = try Uppfolj.run(["log", journal, "--json"])
            journalEvents = log.stdout.split(separator: "\n").map {
                try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
            // In the order a unit releases them: a period before the periods after it (a later
            // release shows the period before it as its previous period, and that can leave an
            // earlier quarter released afterwards nothing it may hide: it is then refused).
            let variants: [(String, [String])] = [
                ("month.json", ["--format", "json", "--period", "2025-01..2025-03"]),
                ("quarters.json", ["--format", "json", "--period", "2025Q2"]),
                ("year.json", ["--format", "json", "--period", "2025"]),
                ("year-rfc.csv", ["--format", "csv", "--dialect", "rfc", "--period", "2025"]),
                ("year-default.csv", ["--format", "csv", "--period", "2025"]),
                ("year-sv.csv", ["--format", "csv", "--dialect", "sv", "--period", "2025"]),
                ("quarters-sv.csv", ["--format", "csv", "--dialect", "sv", "--period", "2025Q2", "--lang", "en"]),
                ("k3.json", ["--format", "json", "--period", "2025", "--min-cell", "3", "--override-policy"]),
            ]
            // One after the other: each release is decided with the earlier ones in view.
            let folder = folder!
            for (name, arguments) in variants {
                let out = folder.appendingPathComponent(name).path
                let result = try! Uppfolj.run(["export", journal, "--unit", "Enhet Syd", "--out", out] + arguments)
                precondition(result.status == 0, "\(name): \(result.stderr)")
            }
            for (name, _) in variants {
                exports[name] = try String(contentsOfFile: folder.appendingPathComponent(name).path, encoding: .utf8)
            }
        } catch {
            fatalError("export setup failed: \(error)")
        }
    }

    override class func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    func testNoExportContainsAnythingThatIdentifiesACase() throws {
        XCTAssertGreaterThan(Self.journalEvents.count, 1000)
        var codes = Set<String>(), workers = Set<String>(), birthYears = Set<String>(), texts = Set<String>()
        for event in Self.journalEvents {
            codes.insert(event["case"] as! String)
            workers.insert(event["worker"] as! String)
            let data = event["data"] as? [String: Any] ?? [:]
            if let year = data["birthYear"] as? Int { birthYears.insert(String(year)) }
            for key in ["comment", "note", "text"] { if let text = data[key] as? String, !text.isEmpty { texts.insert(text) } }
        }
        XCTAssertFalse(birthYears.isEmpty)
        let anyDay = try NSRegularExpression(pattern: #"\d{4}-\d{2}-\d{2}"#)
        // The one whole date an export states is the day it is as of (format 3: the release's own
        // day, "the journal as it stood then", not any case's): in the JSON metadata and the CSV header.
        let asOfDay = try NSRegularExpression(pattern: #"("asOf" ?: ?"|Uppgifter per |As of )\d{4}-\d{2}-\d{2}"#)
        for (name, full) in Self.exports {
            let text = asOfDay.stringByReplacingMatches(in: full, range: NSRange(full.startIndex..., in: full), withTemplate: "$1")
            XCTAssertNotEqual(text, full, "\(name) states its as-of day")
            XCTAssertTrue(text.contains("Enhet Syd"), "\(name) names its unit")
            // Every word of the export (letters, digits and dashes), once.
            let tokens = Set(text.split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init))
            for code in codes where tokens.contains(code) { XCTFail("\(name) contains the case code \(code)") }
            for worker in workers where tokens.contains(worker) { XCTFail("\(name) contains the worker id \(worker)") }
            let days = anyDay.matches(in: text, range: NSRange(text.startIndex..., in: text))
            XCTAssertTrue(days.isEmpty, "\(name) has a date finer than a month: \(days.prefix(3).map { (text as NSString).substring(with: $0.range) })")
            for year in birthYears where tokens.contains(year) { XCTFail("\(name) contains the birth year \(year)") }
            for free in texts where text.contains(free) { XCTFail("\(name) contains free text \(free)") }
        }
    }

    func testNoPublishedCountIsBelowK() throws {
        for (name, k) in [("year.json", 5), ("quarters.json", 5), ("k3.json", 3)] {
            let report = try JSONSerialization.jsonObject(with: Data(Self.exports[name]!.utf8)) as! [String: Any]
            XCTAssertEqual((report["metadata"] as? [String: Any])?["minimumCellSize"] as? Int, k)
            var checked = 0
            func walk(_ value: Any, _ path: String) {
                if let object = value as? [String: Any] {
                    for (key, child) in object {
                        if ["count", "numerator", "denominator"].contains(key), let figure = child as? [String: Any] {
                            if let n = figure["value"] as? Int {
                                checked += 1
                                XCTAssertFalse((1..<k).contains(n), "\(name) \(path).\(key) = \(n)")
                            }
                        } else {
                            walk(child, path + "." + key)
                        }
                    }
                } else if let array = value as? [Any] {
                    for (i, child) in array.enumerated() { walk(child, path + "[\(i)]") }
                }
            }
            walk(report, "")
            XCTAssertGreaterThan(checked, 100, name)
        }
    }

    /// Python's csv module reads the Swedish dialect (`;`, decimal comma, BOM) to the same numbers
    /// as the JSON export of the same period.
    func testSwedishCSVReadByPythonMatchesTheJSON() throws {
        // Under --lang sv (LANG=C.UTF-8 in the tests) the Swedish dialect is the default.
        // (The header blocks may differ in the journal's head: each export adds to the access log.)
        let table = { (name: String) in Self.exports[name]!.components(separatedBy: "\r\n\r\n")[1] }
        XCTAssertEqual(table("year-default.csv"), table("year-sv.csv"))
        XCTAssertTrue(Self.exports["year-rfc.csv"]!.contains("Indikator och grupp,Antal,Per 10 000,Andel %"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { throw XCTSkip("python3 is missing") }
        let csvPath = Self.folder.appendingPathComponent("year-sv.csv").path
        // The table starts after the header block's empty row; its figures are in the label columns
        // (Antal, Andel %, Täljare, Nämnare, Median), text that looks like a number is `="…"`.
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
                lines = list(csv.reader(f, delimiter=';'))
            table = lines[lines.index([]) + 1:]
            header = table[0]
            def text(v):
                return v[2:-1] if v.startswith('="') and v.endswith('"') else v
            out = {}
            measures = {'Antal': 'count', 'Andel %': 'share_percent', 'Täljare': 'numerator', 'Nämnare': 'denominator', 'Median': 'median'}
            for values in table[1:]:
                r = {h: text(v) for h, v in zip(header, values)}
                if r['indicator'] == '':
                    continue   # a heading row: the indicator's name only
                key = '|'.join([r['indicator'], r['table'], r['period'], r['role'], r['sex'], r['age_band'], r['honour'],
                                r['intervention_type'], r['legal_basis'], r['category'], r['stage']])
                for column, measure in measures.items():
                    if r[column] != '':
                        out[key + '|' + measure] = r[column]
            print(json.dumps(out))
            """
        let scriptPath = Self.folder.appendingPathComponent("read.py").path
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = [scriptPath, csvPath]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0)
        let fromCSV = try JSONSerialization.jsonObject(with: output) as! [String: String]

        let report = try JSONSerialization.jsonObject(with: Data(Self.exports["year.json"]!.utf8)) as! [String: Any]
        let period = (report["metadata"] as! [String: Any])["period"] as! String
        var compared = 0
        for indicator in report["indicators"] as! [[String: Any]] {
            let id = indicator["id"] as! String
            for table in indicator["tables"] as! [[String: Any]] {
                let dims = (table["dimensions"] as! [[String: Any]]).map { $0["id"] as! String }
                for row in table["rows"] as! [[String: Any]] {
                    let key = row["key"] as! [String]
                    var columns = ["period": period, "role": "", "sex": "", "ageBand": "", "honour": "", "interventionType": "",
                                   "legalBasis": "", "category": "", "stage": ""]
                    for (d, value) in zip(dims, key) where value != "total" { columns[d] = value }
                    let prefix = [id, table["id"] as! String, columns["period"]!, columns["role"]!, columns["sex"]!,
                                  columns["ageBand"]!, columns["honour"]!, columns["interventionType"]!,
                                  columns["legalBasis"]!, columns["category"]!, columns["stage"]!].joined(separator: "|")
                    for measure in ["count", "numerator", "denominator", "median"] {
                        guard let figure = row[measure] as? [String: Any] else { continue }
                        let expected = (figure["value"] as? Int).map(String.init) ?? ".."
                        XCTAssertEqual(fromCSV[prefix + "|" + measure], expected, "\(prefix) \(measure)")
                        compared += 1
                    }
                    if let share = row["share"] as? [String: Any], let n = share["numerator"] as? Int, let d = share["denominator"] as? Int, d > 0 {
                        let csvShare = fromCSV[prefix + "|share_percent"]?.replacingOccurrences(of: ",", with: ".")
                        XCTAssertEqual(Double(csvShare ?? "x") ?? -1, (1000.0 * Double(n) / Double(d)).rounded() / 10, accuracy: 0.051,
                                       "\(prefix) share")
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 200)
    }
}
