import Foundation
import XCTest

/// Event schema 2 at the command line: schema-1 JSON Lines still import and print as they were
/// written; `uppfolj settings` records the unit's settings as an event and shows the ones in force.
final class SchemaCommandLineTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Uppfolj.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testSchemaOneJSONLinesImportAndPrintUnchanged() throws {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GoldenFixtureTests/Fixtures/v1/expected-log.jsonl")
        let lines = try String(contentsOf: golden, encoding: .utf8)
        XCTAssertTrue(lines.contains(#""schema":1"#))
        let imported = try Uppfolj.run(["import", golden.path, "--journal", path("v1/journal")])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let log = try Uppfolj.run(["log", path("v1/journal"), "--json"])
        XCTAssertEqual(log.status, 0, log.stderr)
        XCTAssertEqual(log.stdout, lines, "schema-1 events print exactly as they were written")

        // A schema-1 line with a field of schema 2 is refused, naming the line; nothing is written.
        let first = try XCTUnwrap(lines.split(separator: "\n").first { $0.contains(#""type":"closure""#) })
        let bad = first.replacingOccurrences(of: #""reason":"#, with: #""followUpConsent":"yes","reason":"#)
        try Data((bad + "\n").utf8).write(to: URL(fileURLWithPath: path("bad.jsonl")))
        let refused = try Uppfolj.run(["import", path("bad.jsonl"), "--journal", path("v1/journal")])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("Rad 1"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("schema 1"), refused.stderr)
        XCTAssertEqual(try Uppfolj.run(["log", path("v1/journal"), "--json"]).stdout, lines)
    }

    func testSettingsAreRecordedAsAnEventAndTheLatestWins() throws {
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "5", "--seed", "2", "--until", "2026-06-30", "--out", path("s")]).status, 0)
        let journal = path("s/journal")
        let first = try Uppfolj.run(["settings", "--journal", journal, "--min-cell", "5",
                                     "--population-18plus", "81234", "--population-year", "2025", "--worker", "hl09"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("Minsta cellstorlek: 5"), first.stdout)
        let second = try Uppfolj.run(["settings", "--journal", journal, "--t4-months", "12"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let shown = try Uppfolj.run(["settings", "--journal", journal])
        XCTAssertTrue(shown.stdout.contains("Befolkning 18+: 81234 (2025)"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("T4: 12 månader efter avslut"), shown.stdout)

        let refused = try Uppfolj.run(["settings", "--journal", journal, "--population-18plus", "100"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("anges tillsammans"), refused.stderr)

        let log = try Uppfolj.run(["log", journal, "--json"])
        let settings = log.stdout.split(separator: "\n").filter { $0.contains(#""type":"unitSettings""#) }
        XCTAssertEqual(settings.count, 2, "one event per change; the refused one wrote nothing")
        XCTAssertTrue(settings[0].contains(#""case":"""#) && settings[0].contains(#""worker":"hl09""#), String(settings[0]))
        XCTAssertTrue(settings[0].contains(#""minimumCellSize":5"#), String(settings[0]))
        let status = try Uppfolj.run(["status", journal])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("Ärenden: 5"), status.stdout)
    }
}
