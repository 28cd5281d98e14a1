import FigureTestJournals
import Foundation
import UppfoljCore
import XCTest

/// Issue 15 item 1 through the real `uppfolj`: the hand-worked journal of `KoladaJournal` (its
/// table has the cases; `Tests/UppfoljReportsTests/KoladaFigureTests.swift` works every figure out)
/// imported, the unit's k and population set with `uppfolj settings`, and exported for 2025.
///
/// By hand (period 2025; population 18+ = 12,345, year 2024; k = 3):
/// - K1: adult victims' cases opened in 2025: V1–V8 = **8** (not V0, opened 2024; not U1, U2, under
///   18; not X1, age unknown; not P1–P4, perpetrators). Rate 8 × 10,000 / 12,345 = 6.480… → **6.5**.
/// - K2: of those, with at least one intervention: V1–V5 = **5** (3 without). 5 × 10,000 / 12,345 =
///   4.050… → **4.1**.
/// - K3: adult victims' cases closed in 2025 (V0–V7 = 8) because the goal was reached fully (V1, V3,
///   V4) or partly (V0, V2): **5** → **4.1** per 10,000. U1 and X1 (goal fully reached) and P1
///   (partly) are not counted: under 18, age unknown, a perpetrator.
final class KoladaEndToEndTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try Uppfolj.temporaryFolder()
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func journal(population: Bool) throws -> String {
        let lines = try KoladaJournal.events.map { try EventJSON.line($0) + "\n" }.joined()
        let input = folder.appendingPathComponent("events.jsonl")
        try Data(lines.utf8).write(to: input)
        let path = folder.appendingPathComponent(population ? "with/journal" : "without/journal").path
        let imported = try Uppfolj.run(["import", input.path, "--journal", path])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        var settings = ["settings", "--journal", path, "--min-cell", "3"]
        if population { settings += ["--population-18plus", "12345", "--population-year", "2024"] }
        let set = try Uppfolj.run(settings)
        XCTAssertEqual(set.status, 0, set.stderr)
        return path
    }

    private func export(_ journal: String, _ extra: [String] = []) throws -> (json: [String: Any], csv: String) {
        let json = folder.appendingPathComponent("k-\(UUID().uuidString).json").path
        let result = try Uppfolj.run(["export", journal, "--period", "2025", "--format", "json", "--out", json])
        XCTAssertEqual(result.status, 0, result.stderr)
        let csv = folder.appendingPathComponent("k-\(UUID().uuidString).csv").path
        let csvResult = try Uppfolj.run(["export", journal, "--period", "2025", "--format", "csv", "--dialect", "sv", "--out", csv] + extra)
        XCTAssertEqual(csvResult.status, 0, csvResult.stderr)
        return (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any],
                try String(contentsOfFile: csv, encoding: .utf8))
    }

    private func headline(_ json: [String: Any], _ id: String) throws -> [String: Any] {
        let indicators = json["indicators"] as! [[String: Any]]
        return try XCTUnwrap(indicators.first { $0["id"] as? String == id }?["headline"] as? [String: Any], id)
    }

    private func value(_ row: [String: Any], _ name: String) -> Double? {
        ((row[name] as? [String: Any])?["value"] as? NSNumber)?.doubleValue
    }

    func testKoladasKeyFiguresAndRatesThroughExport() throws {
        let (json, csv) = try export(journal(population: true))
        let metadata = json["metadata"] as! [String: Any]
        XCTAssertEqual(metadata["minimumCellSize"] as? Int, 3)
        XCTAssertEqual(metadata["formatVersion"] as? Int, 3) // 2 added the population, 3 the as-of day
        let population = try XCTUnwrap(metadata["population"] as? [String: Any])
        XCTAssertEqual(population["inhabitants18Plus"] as? Int, 12_345)
        XCTAssertEqual(population["year"] as? Int, 2024)

        let k1 = try headline(json, "kolada-k1-opened")
        XCTAssertEqual(value(k1, "count"), 8)
        XCTAssertEqual(value(k1, "rate"), 6.5)
        XCTAssertEqual((k1["rate"] as? [String: Any])?["per"] as? Int, 10_000)
        let k2 = try headline(json, "kolada-k2-intervention")
        XCTAssertEqual(value(k2, "numerator"), 5)
        XCTAssertEqual(value(k2, "denominator"), 8)
        XCTAssertEqual(value(k2, "rate"), 4.1)
        let k3 = try headline(json, "kolada-k3-goal")
        XCTAssertEqual(value(k3, "numerator"), 5)
        XCTAssertEqual(value(k3, "denominator"), 8)
        XCTAssertEqual(value(k3, "rate"), 4.1)
        // The whole unit's indicator 1 counts all 15 opened cases (under-18s, unknown age, perpetrators).
        XCTAssertEqual(value(try headline(json, "opened"), "count"), 15)

        // The Swedish CSV: the population in the header block, the rate with a decimal comma in the
        // "Per 10 000" column (C) of the indicator's headline row (ids: indicator J, table K).
        XCTAssertTrue(csv.contains("\r\nInvånare 18+: 12345 (2024)\r\n"), String(csv.prefix(1500)))
        let rows = csv.components(separatedBy: "\r\n").map { $0.components(separatedBy: ";") }
        func rate(_ id: String) -> String? {
            rows.first { $0.count == 20 && $0[9] == id && $0[10] == "headline" }.flatMap { $0[2].isEmpty ? nil : $0[2] }
        }
        XCTAssertEqual(rate("kolada-k1-opened"), "6,5")
        XCTAssertEqual(rate("kolada-k2-intervention"), "4,1")
        XCTAssertEqual(rate("kolada-k3-goal"), "4,1")
        XCTAssertNil(rate("opened"), "only Kolada's figures have a rate")
    }

    /// The same figures through the board report (`uppfolj report`): each K figure's section shows
    /// its count or share and the rate per 10,000 inhabitants 18+ worked out above, and the
    /// provenance names the population used.
    func testKoladasKeyFiguresAndRatesThroughTheBoardReport() throws {
        let path = try journal(population: true)
        let out = folder.appendingPathComponent("rapport.html").path
        let result = try Uppfolj.run(["report", path, "--period", "2025", "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        func section(_ id: String) throws -> String {
            let start = try XCTUnwrap(html.range(of: "<section class=\"indicator\" id=\"\(id)\">"), id)
            let end = try XCTUnwrap(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
            return String(html[start.upperBound..<end.lowerBound])
        }
        let k1 = try section("kolada-k1-opened")
        XCTAssertTrue(k1.contains("6,5 per 10 000 invånare 18+"), k1)
        XCTAssertTrue(k1.contains("2025: 8</b>"), k1)
        for id in ["kolada-k2-intervention", "kolada-k3-goal"] {
            let text = try section(id)
            XCTAssertTrue(text.contains("(5 av 8"), "\(id): \(text)")
            XCTAssertTrue(text.contains("4,1 per 10 000 invånare 18+"), "\(id): \(text)")
        }
        XCTAssertTrue(html.contains("12345 (2024)"), "the population used is in the provenance")
    }

    func testWithoutAPopulationTheExportSaysSoAndGivesNoRate() throws {
        let (json, csv) = try export(journal(population: false))
        let metadata = json["metadata"] as! [String: Any]
        XCTAssertNil(metadata["population"])
        let indicators = json["indicators"] as! [[String: Any]]
        let k1 = try XCTUnwrap(indicators.first { $0["id"] as? String == "kolada-k1-opened" })
        XCTAssertNil((k1["headline"] as! [String: Any])["rate"])
        XCTAssertEqual(((k1["headline"] as! [String: Any])["count"] as? [String: Any])?["value"] as? Int, 8)
        let notes = (k1["notes"] as! [[String: String]]).map { $0["sv"]! }
        XCTAssertTrue(notes.contains { $0.contains("Ingen befolkningssiffra är angiven") }, "\(notes)")
        XCTAssertTrue(csv.contains("\r\nInvånare 18+: ej angivet (inga kvoter)\r\n"))
        let rows = csv.components(separatedBy: "\r\n").map { $0.components(separatedBy: ";") }.filter { $0.count == 20 }
        XCTAssertGreaterThan(rows.count, 100)
        XCTAssertTrue(rows.dropFirst().allSatisfy { $0[2].isEmpty }, "no rate without a population")
    }
}
