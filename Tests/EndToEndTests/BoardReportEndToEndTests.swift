import Foundation
import XCTest

/// `uppfolj report` through the real binary: it is a release like an export (same figures, same
/// grid and k policy, logged), and a real browser shows and prints it — headless Chromium (Debian's
/// `chromium`, installed by .ci/run) renders it to PNG and to an A4 PDF, and pdftotext (poppler-utils)
/// finds every figure of the page in the PDF, none beyond the printable area.
final class BoardReportEndToEndTests: XCTestCase {
    // Unchecked isolation: written once in `class setUp`, then only read by the tests, which XCTest
    // runs one after another.
    nonisolated(unsafe) static var folder: URL!
    nonisolated(unsafe) static var journal = ""
    nonisolated(unsafe) static var export: [String: Any] = [:]
    nonisolated(unsafe) static var html: [String: String] = [:]     // language → page

    override class func setUp() {
        super.setUp()
        do {
            folder = try Uppfolj.temporaryFolder()
            let sample = try Uppfolj.run(["sample", "--cases", "300", "--seed", "7", "--until", "2026-06-30",
                                          "--out", folder.appendingPathComponent("s").path])
            precondition(sample.status == 0, sample.stderr)
            journal = folder.appendingPathComponent("s/journal").path
            let json = folder.appendingPathComponent("year.json").path
            let exported = try Uppfolj.run(["export", journal, "--period", "2025", "--format", "json", "--unit", "Enhet Syd", "--out", json])
            precondition(exported.status == 0, exported.stderr)
            export = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
            for language in ["sv", "en"] {
                let out = folder.appendingPathComponent("rapport-\(language).html").path
                let result = try Uppfolj.run(["report", journal, "--period", "2025", "--unit", "Enhet Syd", "--out", out, "--lang", language])
                precondition(result.status == 0, result.stderr)
                html[language] = try String(contentsOfFile: out, encoding: .utf8)
            }
        } catch {
            fatalError("board report setup failed: \(error)")
        }
    }

    override class func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    /// The report goes through the export's release path: in the access log with its period,
    /// format and k; months refused like an export; another k only with --override-policy.
    func testTheReportIsAReleaseLikeAnExport() throws {
        let audit = try Uppfolj.run(["audit", Self.journal, "--json"])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        let entries = audit.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let reports = entries.filter { ($0["format"] as? String)?.hasPrefix("html-") == true }
        // The two of the class's setUp first (other tests of the class may add more).
        XCTAssertEqual(reports.prefix(2).map { $0["format"] as? String }, ["html-sv", "html-en"])
        for entry in reports {
            XCTAssertEqual(entry["action"] as? String, "export")
            XCTAssertEqual(entry["period"] as? String, "2025")
            XCTAssertEqual(entry["minimumCellSize"] as? Int, 5)
        }
        let out = Self.folder.appendingPathComponent("month.html").path
        let month = try Uppfolj.run(["report", Self.journal, "--period", "2025-03", "--out", out])
        XCTAssertEqual(month.status, 1)
        XCTAssertTrue(month.stderr.contains("ligger inte i exportens rutnät"), month.stderr)
        let k3 = try Uppfolj.run(["report", Self.journal, "--period", "2025", "--min-cell", "3", "--out", out])
        XCTAssertEqual(k3.status, 1)
        XCTAssertTrue(k3.stderr.contains("--override-policy"), k3.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written when refused")
        let after = try Uppfolj.run(["audit", Self.journal, "--json"])
        XCTAssertEqual(after.stdout.split(separator: "\n").count, audit.stdout.split(separator: "\n").count, "a refused report is not logged")
    }

    /// Every indicator's figure for the period, in the page, is the export's; so is every count of
    /// the one-way count tables, `..` where the export hides it.
    func testTheReportShowsTheExportsFigures() throws {
        let html = try XCTUnwrap(Self.html["sv"])
        var compared = 0
        for indicator in Self.export["indicators"] as! [[String: Any]] {
            let id = indicator["id"] as! String
            let start = try XCTUnwrap(html.range(of: "<section class=\"indicator\" id=\"\(id)\">"), id)
            let end = try XCTUnwrap(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
            let section = String(html[start.upperBound..<end.lowerBound])
            let figureLine = try XCTUnwrap(section.components(separatedBy: "\n").first { $0.hasPrefix("<p class=\"figure\">") })
            let headline = indicator["headline"] as! [String: Any]
            let hidden = "<span class=\"hidden\">..</span>"
            if let share = headline["share"] as? [String: Any] {
                let expected = (share["percent"] as? Double).map { String(format: "%.1f", $0).replacingOccurrences(of: ".", with: ",") + "&nbsp;%" } ?? hidden
                XCTAssertTrue(figureLine.contains("2025: " + expected), "\(id): \(figureLine)")
            } else if let median = headline["median"] as? [String: Any] {
                let expected = (median["value"] as? Int).map { "\($0)</b> (median" } ?? hidden
                XCTAssertTrue(figureLine.contains("2025: " + expected), "\(id): \(figureLine)")
            } else if let count = headline["count"] as? [String: Any] {
                // A hidden figure carries its footnote mark after the `..`.
                let expected = (count["value"] as? Int).map { String($0) + "</b>" } ?? hidden
                XCTAssertTrue(figureLine.contains("2025: " + expected), "\(id): \(figureLine)")
            }
            compared += 1
            for table in indicator["tables"] as! [[String: Any]] where (table["dimensions"] as! [Any]).count == 1 {
                let rows = table["rows"] as! [[String: Any]]
                guard rows.allSatisfy({ $0["count"] != nil }) else { continue }
                let dimension = (table["dimensions"] as! [[String: Any]])[0]
                var names = ["total": "Totalt"]
                for category in dimension["categories"] as! [[String: Any]] {
                    names[category["id"] as! String] = (category["name"] as! [String: String])["sv"]!
                }
                for row in rows {
                    let key = (row["key"] as! [String])[0]
                    let value = ((row["count"] as! [String: Any])["value"] as? Int).map(String.init) ?? hidden + "<span class=\"fn\">*</span>"
                    XCTAssertTrue(section.contains("<th scope=\"row\">\(names[key]!)</th><td class=\"n\">\(value)</td>"),
                                  "\(id) \(table["id"]!) \(key) = \(value)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 30)
    }

    /// Nothing that identifies a case is in the page: no case code, worker id, birth year, free text
    /// or day other than the as-of day (as the export test checks every export).
    func testTheReportHoldsNothingThatIdentifiesACase() throws {
        let log = try Uppfolj.run(["log", Self.journal, "--json"])
        XCTAssertEqual(log.status, 0, log.stderr)
        var codes = Set<String>(), workers = Set<String>(), birthYears = Set<String>()
        for line in log.stdout.split(separator: "\n") {
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            codes.insert(event["case"] as! String)
            workers.insert(event["worker"] as! String)
            if let year = (event["data"] as? [String: Any])?["birthYear"] as? Int { birthYears.insert(String(year)) }
        }
        XCTAssertGreaterThan(codes.count, 100)
        for (language, html) in Self.html {
            let tokens = Set(html.split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init))
            for code in codes where tokens.contains(code) { XCTFail("\(language): the case code \(code)") }
            for worker in workers where tokens.contains(worker) { XCTFail("\(language): the worker id \(worker)") }
            for year in birthYears where tokens.contains(year) { XCTFail("\(language): the birth year \(year)") }
            let days = try NSRegularExpression(pattern: #"\d{4}-\d{2}-\d{2}"#)
            let found = Set(days.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { (html as NSString).substring(with: $0.range) })
            XCTAssertEqual(found.count, 1, "\(language): only the as-of day: \(found)")
        }
    }

    /// The built-in catalogue's `kolada-` and `suk-` indicators head the report, each group in
    /// catalogue order; the core figures give way.
    func testKoladaAndSUKvinnofridIndicatorsHeadTheReport() throws {
        let html = try XCTUnwrap(Self.html["sv"])
        let headlines = String(html[html.range(of: "<section class=\"headlines\">")!.lowerBound..<html.range(of: "id=\"indikatorer\"")!.lowerBound])
        let order = ["<h2>Koladas nyckeltal</h2>", ">K1<", ">K2<", ">K3<", "<h2>SU-Kvinnofrid</h2>", ">S1<", ">S2<", ">S9<"]
        let positions = order.map { headlines.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), "\(order) in \(headlines)")
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted())
        XCTAssertFalse(headlines.contains("<h2>Nyckeltal</h2>"))
        XCTAssertFalse(headlines.contains("Standardiserad riskbedömning"), "the core figures give way")
    }

    // MARK: - In a real browser

    static func tool(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Chromium, pdftotext and pdfinfo, or a skip that says what to install.
    func browserTools() throws -> (chromium: String, pdftotext: String, pdfinfo: String) {
        guard let chromium = Self.tool("chromium") ?? Self.tool("chromium-browser") else {
            throw XCTSkip("Chromium is not installed, so the board report cannot be rendered: apt-get install chromium poppler-utils (.ci/run does)")
        }
        guard let pdftotext = Self.tool("pdftotext"), let pdfinfo = Self.tool("pdfinfo") else {
            throw XCTSkip("pdftotext is not installed: apt-get install poppler-utils (.ci/run does)")
        }
        return (chromium, pdftotext, pdfinfo)
    }

    func chromium(_ path: String, _ arguments: [String]) throws {
        let profile = Self.folder.appendingPathComponent("chromium-\(UUID().uuidString)").path
        let result = try Self.run(path, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                         "--user-data-dir=\(profile)", "--no-first-run"] + arguments)
        XCTAssertEqual(result.status, 0, "chromium \(arguments)")
    }

    /// The page's text as a reader sees it (what a browser shows, less the style sheet).
    static func visibleText(_ html: String) -> String {
        var text = html
        for element in ["style", "title"] {
            if let start = text.range(of: "<\(element)>"), let end = text.range(of: "</\(element)>") { text.removeSubrange(start.lowerBound..<end.upperBound) }
        }
        for tag in ["</p>", "</h1>", "</h2>", "</h3>", "</tr>", "<br>", "</caption>", "</figcaption>", "</dt>", "</dd>", "</text>", "</div>", "</th>", "</td>"] {
            text = text.replacingOccurrences(of: tag, with: tag + "\n")
        }
        text = text.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression)
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// Every run of digits (with a decimal comma or point), counted.
    static func numbers(_ text: String) -> [String: Int] {
        let pattern = try! NSRegularExpression(pattern: #"\d+(?:[,.]\d+)?"#)
        var counts: [String: Int] = [:]
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            counts[(text as NSString).substring(with: match.range), default: 0] += 1
        }
        return counts
    }

    func testChromiumPrintsTheReportOnA4WithNoFigureCutOff() throws {
        let tools = try browserTools()
        for language in ["sv", "en"] {
            let page = Self.folder.appendingPathComponent("rapport-\(language).html")
            let pdf = Self.folder.appendingPathComponent("rapport-\(language).pdf").path
            try chromium(tools.chromium, ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", page.absoluteString])
            let info = try Self.run(tools.pdfinfo, [pdf]).output
            XCTAssertTrue(info.contains("Page size:       594.96 x 841.92 pts (A4)") || info.contains("(A4)"), info)
            let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
            XCTAssertTrue((3...40).contains(pages), "\(language): \(pages) pages")

            // Every word inside the printable area (A4 less the 14 mm side margins, 1 pt slack).
            let boxes = try Self.run(tools.pdftotext, ["-bbox", pdf, "-"]).output
            let word = try NSRegularExpression(pattern: #"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#)
            let margin = 14 / 25.4 * 72
            var words = 0
            for match in word.matches(in: boxes, range: NSRange(boxes.startIndex..., in: boxes)) {
                let value = { (i: Int) in Double((boxes as NSString).substring(with: match.range(at: i)))! }
                let text = (boxes as NSString).substring(with: match.range(at: 5))
                XCTAssertGreaterThanOrEqual(value(1), margin - 1, "\(language): \(text) starts in the left margin")
                XCTAssertLessThanOrEqual(value(3), 594.96 - margin + 1, "\(language): \(text) runs past the right margin")
                XCTAssertLessThanOrEqual(value(4), 841.92, "\(language): \(text) runs off the page")
                words += 1
            }
            XCTAssertGreaterThan(words, 1000)

            // Every figure of the page is in the PDF, as often as on the page (a figure cut off or
            // clipped away would be missing); the head hash whole.
            let html = try XCTUnwrap(Self.html[language])
            let hashRange = try XCTUnwrap(html.range(of: #"[0-9a-f]{64}"#, options: .regularExpression))
            let hash = String(html[hashRange])
            let printed = try Self.run(tools.pdftotext, [pdf, "-"]).output
            XCTAssertTrue(printed.contains(hash), "\(language): the head hash printed whole")
            let onPage = Self.numbers(Self.visibleText(html).components(separatedBy: hash).joined())
            let inPDF = Self.numbers(printed.components(separatedBy: hash).joined())
            for (number, count) in onPage.sorted(by: { $0.key < $1.key }) {
                XCTAssertGreaterThanOrEqual(inPDF[number] ?? 0, count, "\(language): \(number) is on the page \(count) times, in the PDF \(inPDF[number] ?? 0)")
            }
            let dots = { (text: String) in text.components(separatedBy: "..").count - 1 }
            XCTAssertGreaterThanOrEqual(dots(printed), dots(Self.visibleText(html)), "every .. printed")
            XCTAssertGreaterThan(onPage.values.reduce(0, +), 500)
        }
    }

    func testChromiumShowsTheReportAsAnImage() throws {
        let tools = try browserTools()
        let page = Self.folder.appendingPathComponent("rapport-sv.html")
        let png = Self.folder.appendingPathComponent("rapport-sv.png")
        try chromium(tools.chromium, ["--window-size=1000,2400", "--screenshot=\(png.path)", page.absoluteString])
        let data = try Data(contentsOf: png)
        // A PNG of the window's size (IHDR: width and height, big-endian, at bytes 16–23), and not
        // one plain colour (a blank page compresses to a few hundred bytes).
        XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let be = { (at: Int) in data[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(be(16), 1000)
        XCTAssertEqual(be(20), 2400)
        XCTAssertGreaterThan(data.count, 50_000, "the screenshot has content")
        if let keep = ProcessInfo.processInfo.environment["UPPFOLJ_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: png, to: URL(fileURLWithPath: keep))
        }
    }
}
