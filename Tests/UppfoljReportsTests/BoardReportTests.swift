import Foundation
import UppfoljCore
import XCTest
@testable import UppfoljReports

/// The board report (`ReportHTML`): its text against a snapshot, the headline block, hidden
/// figures, and what a self-contained page may not contain. Chromium's rendering of a real report
/// is in Tests/EndToEndTests/BoardReportEndToEndTests.swift.
final class BoardReportTests: XCTestCase {
    // MARK: - A small report worked out by hand

    static func category(_ id: String, _ sv: String, _ en: String) -> ReportCategory {
        ReportCategory(id: id, name: Localized(sv: sv, en: en))
    }
    static let roles = ReportDimension(id: "role", name: Localized(sv: "Roll", en: "Role"),
                                       categories: [category("victim", "Våldsutsatt", "Victim"), category("perpetrator", "Våldsutövare", "Perpetrator")])
    static let ageBands = ReportDimension(id: "ageBand", name: Localized(sv: "Åldersgrupp", en: "Age band"),
                                          categories: [category("18-25", "18–25", "18–25"), category("65+", "65+", "65+")])
    static let quarters = ReportDimension(id: "period", name: Localized(sv: "Period", en: "Period"),
                                          categories: ["2025Q1", "2025Q2", "2025Q3", "2025Q4"].map { category($0, $0, $0) })

    static func count(_ key: [String], _ value: Int?) -> ReportRow { ReportRow(key: key, count: Figure(value)) }
    static func share(_ key: [String], _ numerator: Int?, _ denominator: Int?, shown: Bool = true) -> ReportRow {
        ReportRow(key: key, numerator: Figure(numerator), denominator: Figure(denominator),
                  share: shown ? ShareFigure(numerator: numerator, denominator: denominator) : .suppressed)
    }

    /// Three indicators for 2025 at k = 5: 40 opened cases (23 victims, 17 perpetrators; the
    /// 65+ count is 3, so it and its complement are hidden), a share with a hidden numerator in one
    /// age band, and a median; the previous year beside each.
    static func report(ids: [String] = ["opened", "with-intervention", "days-to-intervention"], unit: String = "Enhet Syd") -> Report {
        let total = ReportRow.total
        let opened = IndicatorReport(
            id: ids[0], number: "1", name: Localized(sv: "Aktualiserade ärenden", en: "Cases opened"),
            definition: Localized(sv: "Ärenden vars inskrivning ligger i perioden.", en: "Cases whose intake lies in the period."),
            kind: .count, headline: count([], 40), previousHeadline: count([], 31),
            tables: [
                ReportTable(kind: .breakdown(.role), title: Localized(sv: "Efter roll", en: "By role"), dimensions: [roles],
                            rows: [count(["victim"], 23), count(["perpetrator"], 17), count([total], 40)]),
                ReportTable(kind: .crossing([.role, .ageBand]), title: Localized(sv: "Roll × Åldersgrupp", en: "Role × Age band"), dimensions: [roles, ageBands],
                            rows: [count(["victim", "18-25"], 20), count(["victim", "65+"], nil), count(["victim", total], 23),
                                   count(["perpetrator", "18-25"], 14), count(["perpetrator", "65+"], nil), count(["perpetrator", total], 17),
                                   count([total, "18-25"], 34), count([total, "65+"], 6), count([total, total], 40)]),
                ReportTable(kind: .trend, title: Localized(sv: "Trend", en: "Trend"), dimensions: [quarters],
                            rows: [count(["2025Q1"], 9), count(["2025Q2"], 12), count(["2025Q3"], 11), count(["2025Q4"], 8), count([total], 40)]),
            ])
        let intervention = IndicatorReport(
            id: ids[1], number: "2", name: Localized(sv: "Ärenden som fått insats", en: "Cases with an intervention"),
            definition: Localized(sv: "Andel av de aktualiserade ärendena med minst en insats.", en: "Share of the opened cases with at least one intervention."),
            kind: .share, headline: share([], 30, 40), previousHeadline: share([], 20, 31),
            tables: [
                ReportTable(kind: .breakdown(.ageBand), title: Localized(sv: "Efter åldersgrupp", en: "By age band"), dimensions: [ageBands],
                            rows: [share(["18-25"], 28, 34, shown: true), share(["65+"], nil, 6, shown: false), share([total], 30, 40)]),
            ])
        let days = IndicatorReport(
            id: ids[2], number: "11", name: Localized(sv: "Dagar till första insats", en: "Days to the first intervention"),
            definition: Localized(sv: "Median av dagarna från inskrivning till första insats.", en: "Median of the days from intake to the first intervention."),
            kind: .median, headline: ReportRow(key: [], denominator: Figure(30), median: Figure(12)),
            previousHeadline: ReportRow(key: [], denominator: Figure(20), median: Figure(15)), tables: [],
            notes: [Localized(sv: "Medianer kan inte slås samman.", en: "Medians cannot be merged.")])
        let metadata = ReportMetadata(
            period: .year(2025), previousPeriod: .year(2024), units: [unit], minimumCellSize: 5,
            suppressionMethod: Localized(sv: "Primär: antal 1–4 visas som .. (k = 5). Metod v1.", en: "Primary: counts 1–4 are shown as .. (k = 5). Method v1."),
            programVersion: "0.4.0", journalHeadHashes: [String(repeating: "ab", count: 32)],
            computedIn: ReportMonth(year: 2026, month: 2), catalogueVersion: "2026.1")
        return Report(metadata: metadata, indicators: [opened, intervention, days])
    }

    static let asOf = Day(iso: "2026-02-10")!

    // MARK: - Visible text

    /// The page's text as a reader sees it: no style sheet, one line per block, table cells
    /// separated by " | ", entities decoded.
    static func visibleText(_ html: String) -> String {
        var text = html
        for element in ["style", "title"] {
            if let start = text.range(of: "<\(element)>"), let end = text.range(of: "</\(element)>") {
                text.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        for tag in ["</p>", "</h1>", "</h2>", "</h3>", "</tr>", "<br>", "</caption>", "</figcaption>", "</dt>", "</dd>", "</text>", "</div>"] {
            text = text.replacingOccurrences(of: tag, with: tag + "\n")
        }
        text = text.replacingOccurrences(of: "</th>", with: " | ").replacingOccurrences(of: "</td>", with: " | ")
        text = text.replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression)
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            .filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    }

    static let snapshotFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")

    /// The text of the hand-made report in both languages against __Snapshots__/board-report-*.txt
    /// (`UPDATE_SNAPSHOTS=1 swift test --filter BoardReportTests` rewrites them; read the diff).
    func testTheReportsTextMatchesItsSnapshot() throws {
        for language in Language.allCases {
            let text = Self.visibleText(ReportHTML.render(Self.report(), asOf: Self.asOf, language: language))
            let url = Self.snapshotFolder.appendingPathComponent("board-report-\(language.rawValue).txt")
            if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
                try FileManager.default.createDirectory(at: Self.snapshotFolder, withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: url, encoding: .utf8)
            XCTAssertEqual(text, expected, "board-report-\(language.rawValue).txt is stale: UPDATE_SNAPSHOTS=1 and read the diff")
        }
    }

    func testHeadlinesComeFirstWithTheComparison() {
        let text = Self.visibleText(ReportHTML.render(Self.report(), asOf: Self.asOf, language: .sv))
        let lines = text.split(separator: "\n").map(String.init)
        let keyFigures = try! XCTUnwrap(lines.firstIndex(of: "Nyckeltal"))
        let indicators = try! XCTUnwrap(lines.firstIndex(of: "Indikatorerna"))
        XCTAssertLessThan(keyFigures, indicators)
        // 30 of 40 = 75 %, 20 of 31 = 64.516… %: +10.5 percentage points; 40 against 31 cases: +9.
        let headline = lines[keyFigures..<indicators].joined(separator: "\n")
        XCTAssertTrue(headline.contains("75,0 %"), headline)
        XCTAssertTrue(headline.contains("(30 av 40)"), headline)
        XCTAssertTrue(headline.contains("2024: 64,5 % · förändring +10,5 procentenheter"), headline)
        XCTAssertTrue(headline.contains("2024: 31 · förändring +9"), headline)
        XCTAssertFalse(headline.contains("Dagar till första insats"), "not a core figure")
        XCTAssertTrue(text.contains("2025: 12 (median, n = 30) · 2024: 15 · förändring −3"), text)
        // The period is over on the as-of day: no notice; before its end, the notice says up to when.
        XCTAssertFalse(text.contains("inte avslutad"))
        let early = Self.visibleText(ReportHTML.render(Self.report(), asOf: Day(iso: "2025-12-06")!, language: .sv))
        XCTAssertTrue(early.contains("Perioden är inte avslutad: siffrorna gäller till och med 6 december 2025."), early)
    }

    /// The catalogue's `kolada-` and `suk-` indicators take the headline block over, in catalogue
    /// order under their groups' titles; without them the core figures stand there.
    func testKoladaAndSUKvinnofridIndicatorsTakeOverTheHeadlines() {
        XCTAssertEqual(ReportHTML.headlines(Self.report()).map { $0.title.sv }, ["Nyckeltal"])
        XCTAssertEqual(ReportHTML.headlines(Self.report()).flatMap { $0.indicators.map(\.id) }, ["opened", "with-intervention"])
        let prefixed = Self.report(ids: ["suk-women", "kolada-k1-opened", "kolada-k2-intervention"])
        let groups = ReportHTML.headlines(prefixed)
        XCTAssertEqual(groups.map { $0.title.sv }, ["Koladas nyckeltal", "SU-Kvinnofrid"])
        XCTAssertEqual(groups.map { $0.indicators.map(\.id) }, [["kolada-k1-opened", "kolada-k2-intervention"], ["suk-women"]])
        let text = Self.visibleText(ReportHTML.render(prefixed, asOf: Self.asOf, language: .sv))
        let kolada = try! XCTUnwrap(text.range(of: "Koladas nyckeltal\n"))
        let suk = try! XCTUnwrap(text.range(of: "SU-Kvinnofrid\n"))
        XCTAssertLessThan(kolada.lowerBound, suk.lowerBound)
        XCTAssertFalse(text.contains("\nNyckeltal\n"))
    }

    /// A hidden figure is `..` with the footnote mark and the footnote, and never a bar.
    func testHiddenFiguresAreDotsWithAFootnoteAndNoBar() throws {
        let html = ReportHTML.render(Self.report(), asOf: Self.asOf, language: .sv)
        // Indicator 2's chart (by age band): 18–25 is shown (82.4 %), 65+ is hidden.
        let section = try XCTUnwrap(html.range(of: "<section class=\"indicator\" id=\"with-intervention\">"))
        let end = try XCTUnwrap(html.range(of: "</section>", range: section.upperBound..<html.endIndex))
        let part = String(html[section.upperBound..<end.lowerBound])
        let svg = try XCTUnwrap(part.range(of: "<svg")).lowerBound
        let svgEnd = try XCTUnwrap(part.range(of: "</svg>")).upperBound
        let chart = String(part[svg..<svgEnd])
        XCTAssertEqual(chart.components(separatedBy: "<rect").count - 1, 1, "one bar: the shown age band")
        XCTAssertTrue(chart.contains(">..*</text>"), chart)
        XCTAssertTrue(chart.contains("82,4 %"), chart)
        // The bar is on the 0–100 % scale: 300 px × 28/34.
        XCTAssertTrue(chart.contains("width=\"247.1\""), chart)
        XCTAssertTrue(part.contains("<span class=\"hidden\">..</span><span class=\"fn\">*</span>"))
        XCTAssertTrue(Self.visibleText(part).contains("* .. = dold siffra: färre än 5 ärenden"), Self.visibleText(part))
        // Every `..` of the page carries the mark (the explanation's own `..` aside).
        let text = Self.visibleText(html)
        for line in text.split(separator: "\n") where line.contains("..") && !line.contains("..*") {
            XCTAssertTrue(line.contains(".. =") || line.contains("som ..") || line.contains("as .."), "a .. without its mark: \(line)")
        }
    }

    /// No script, no external resource (no URL at all), every outside text escaped.
    func testThePageIsSelfContainedAndEscapesOutsideText() {
        let html = ReportHTML.render(Self.report(unit: "<script>alert(1)</script> & \"Norr\""), asOf: Self.asOf, language: .en)
        XCTAssertFalse(html.lowercased().contains("<script"))
        for forbidden in ["http:", "https:", "//", "src=", "href=", "url(", "@import", "<link", "<iframe", "<img", "<object"] {
            XCTAssertFalse(html.contains(forbidden), forbidden)
        }
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Norr&quot;"))
        XCTAssertTrue(html.contains("@page { size: A4"))
    }
}
