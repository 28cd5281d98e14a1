import Foundation
import PostgresTestSupport
import XCTest

/// `report`, `case`, `settings` and `dashboard` of the real `uppfolj` on a PostgreSQL journal
/// (issue 19): each does on the database what it does on a file — the same output from the same
/// records, its entries in the database's access log and release register, nothing beside the URL
/// in the file system.
final class PostgresCommandsEndToEndTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try Uppfolj.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A fresh database (schema by `uppfolj pg init`) holding a copy of a sample journal file.
    private func sampleOnBothBackends(cases: Int = 30, seed: Int = 7) throws -> (file: String, url: String) {
        let url = try PostgresTestServer.freshDatabase()
        let initialised = try Uppfolj.run(["pg", "init", url])
        XCTAssertEqual(initialised.status, 0, initialised.stderr)
        let sample = try Uppfolj.run(["sample", "--cases", "\(cases)", "--seed", "\(seed)", "--until", "2026-06-30", "--out", path("s")])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        let file = path("s/journal")
        let copied = try Uppfolj.run(["copy", file, url])
        XCTAssertEqual(copied.status, 0, copied.stdout + copied.stderr)
        return (file, url)
    }

    private func auditEntries(_ journal: String) throws -> [[String: Any]] {
        let audit = try Uppfolj.run(["audit", journal, "--json"])
        XCTAssertEqual(audit.status, 0, audit.stdout + audit.stderr)
        return audit.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// `uppfolj report` (the board report): the same page from the database as from the file
    /// (the same figures, the same journal head hash in its provenance), and on the database's
    /// release register and access log.
    func testTheBoardReportFromADatabaseIsTheFilesAndIsLoggedThere() throws {
        let (file, url) = try sampleOnBothBackends()
        let fromFile = try Uppfolj.run(["report", file, "--period", "2025", "--unit", "Enhet Test", "--out", path("file.html")])
        XCTAssertEqual(fromFile.status, 0, fromFile.stdout + fromFile.stderr)
        let fromDatabase = try Uppfolj.run(["report", url, "--period", "2025", "--unit", "Enhet Test", "--out", path("db.html")])
        XCTAssertEqual(fromDatabase.status, 0, fromDatabase.stdout + fromDatabase.stderr)
        let html = try String(contentsOfFile: path("db.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<html") && html.contains("Enhet Test"), String(html.prefix(300)))
        XCTAssertEqual(html, try String(contentsOfFile: path("file.html"), encoding: .utf8), "the same page from the same records")

        let releases = try Uppfolj.run(["releases", url, "--lang", "en"])
        XCTAssertEqual(releases.status, 0, releases.stdout + releases.stderr)
        XCTAssertEqual(releases.stdout.split(separator: "\n").filter { $0.first?.isNumber == true && $0.contains("2025") && $0.contains("html-sv") }.count,
                       1, releases.stdout)
        let entry = try XCTUnwrap(try auditEntries(url).last)
        XCTAssertEqual(entry["action"] as? String, "export")
        XCTAssertEqual(entry["format"] as? String, "html-sv")
        XCTAssertEqual(entry["period"] as? String, "2025")
        for name in [".releases", ".access", ".key"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: url + name), "no file \(name) beside the URL")
        }
    }

    /// `uppfolj case CODE URL --out FILE` and `--out -`: the summary the file journal gives, that
    /// case only, and the database's access log has the entry.
    func testTheCaseSummaryFromADatabaseIsTheFilesAndIsLoggedThere() throws {
        let (file, url) = try sampleOnBothBackends()
        let log = try Uppfolj.run(["log", url, "--json"])
        XCTAssertEqual(log.status, 0, log.stderr)
        let events = try log.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let counts = Dictionary(grouping: events.compactMap { $0["case"] as? String }.filter { !$0.isEmpty }, by: { $0 }).mapValues(\.count)
        let code = try XCTUnwrap(counts.max { $0.value < $1.value }?.key)
        let others = counts.keys.filter { $0 != code }
        XCTAssertFalse(others.isEmpty)

        let written = try Uppfolj.run(["case", code, url, "--out", path("db.md"), "--worker", "hl07"])
        XCTAssertEqual(written.status, 0, written.stdout + written.stderr)
        let text = try String(contentsOfFile: path("db.md"), encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# Sammanfattning av ärende \(code)"), text)
        for other in others { XCTAssertFalse(CaseSummaryEndToEndTests.mentions(text, other), "the summary of \(code) names \(other)") }
        let fromFile = try Uppfolj.run(["case", code, file, "--out", "-", "--worker", "hl07"])
        XCTAssertEqual(fromFile.status, 0, fromFile.stderr)
        XCTAssertEqual(text, fromFile.stdout, "the same summary from the same records")
        let toStdout = try Uppfolj.run(["case", code, url, "--out", "-", "--worker", "hl07", "--lang", "en"])
        XCTAssertEqual(toStdout.status, 0, toStdout.stderr)
        XCTAssertTrue(toStdout.stdout.hasPrefix("# Summary of case \(code)"), String(toStdout.stdout.prefix(200)))

        let entries = try auditEntries(url).filter { $0["action"] as? String == "caseSummary" }
        XCTAssertEqual(entries.count, 2, "both summaries are in the database's access log")
        for entry in entries {
            XCTAssertEqual(entry["caseCode"] as? String, code)
            XCTAssertEqual(entry["worker"] as? String, "hl07")
            XCTAssertEqual(entry["format"] as? String, "markdown")
        }
        let missing = try Uppfolj.run(["case", "FINNS-INTE", url, "--out", path("none.md")])
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("none.md")))
    }

    /// `uppfolj settings --journal URL`: shows the settings, records a change as an event in the
    /// database (the same output as on the file), and the policy then governs the figures.
    func testSettingsAreShownAndChangedOnADatabase() throws {
        let (file, url) = try sampleOnBothBackends()
        let shown = try Uppfolj.run(["settings", "--journal", url, "--lang", "en"])
        XCTAssertEqual(shown.status, 0, shown.stdout + shown.stderr)
        XCTAssertEqual(shown.stdout, try Uppfolj.run(["settings", "--journal", file, "--lang", "en"]).stdout)
        XCTAssertTrue(shown.stdout.contains("Minimum cell size: default"), shown.stdout)
        let records = try PostgresTestServer.scalar(url, "SELECT count(*) FROM uppfolj_journal")

        let changed = try Uppfolj.run(["settings", "--journal", url, "--min-cell", "7", "--population-18plus", "41000",
                                       "--population-year", "2025", "--worker", "ch01", "--lang", "en"])
        XCTAssertEqual(changed.status, 0, changed.stdout + changed.stderr)
        let fileChanged = try Uppfolj.run(["settings", "--journal", file, "--min-cell", "7", "--population-18plus", "41000",
                                           "--population-year", "2025", "--worker", "ch01", "--lang", "en"])
        XCTAssertEqual(changed.stdout, fileChanged.stdout)
        XCTAssertTrue(changed.stdout.contains("Minimum cell size: 7") && changed.stdout.contains("Population 18+: 41000 (2025)"), changed.stdout)
        XCTAssertNotEqual(try PostgresTestServer.scalar(url, "SELECT count(*) FROM uppfolj_journal"), records, "the change is in the database")
        let again = try Uppfolj.run(["settings", "--journal", url, "--lang", "en"])
        XCTAssertEqual(again.stdout, changed.stdout, "read back from the database")
        let log = try Uppfolj.run(["log", url, "--json"])
        XCTAssertEqual(log.stdout.split(separator: "\n").filter { $0.contains("\"unitSettings\"") && $0.contains("ch01") }.count, 1, log.stdout.suffix(500).description)

        // The policy read from the database: a release with another k is refused, the policy's k is used.
        let refused = try Uppfolj.run(["export", url, "--period", "2025", "--format", "json", "--min-cell", "5", "--out", path("k5.json")])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("k = 7"), refused.stderr)
        let export = try Uppfolj.run(["export", url, "--period", "2025", "--format", "json", "--out", "-"])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stdout.contains("\"minimumCellSize\":7") || export.stdout.contains("\"minimumCellSize\" : 7"),
                      String(export.stdout.prefix(600)))
    }

    /// `uppfolj dashboard URL` under tmux: the first frame shows the period's figures from the
    /// database (the export's count), and after another process imports into the database the
    /// figure on screen changes without a key (the server's notification).
    func testTheDashboardShowsADatabasesFiguresAndFollowsItsAppends() throws {
        guard let tmux = TmuxSession.locateTmux() else { throw XCTSkip("tmux is not installed") }
        let url = try PostgresTestServer.freshDatabase()
        XCTAssertEqual(try Uppfolj.run(["pg", "init", url]).status, 0)
        let sample = try Uppfolj.run(["sample", "--cases", "120", "--seed", "4", "--until", "2026-06-30", "--out", path("s")])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        // First the cases opened before 2025 (into the new database journal), the rest later.
        try Uppfolj.splitByIntake(journal: path("s/journal"), before: "2025-01-01", first: path("first.jsonl"), rest: path("rest.jsonl"))
        let started = try Uppfolj.run(["import", path("first.jsonl"), "--journal", url])
        XCTAssertEqual(started.status, 0, started.stdout + started.stderr)

        let session = try TmuxSession(tmux: tmux)
        let command = """
            ulimit -c 0; env LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no UPPFOLJ_PASSPHRASE_FILE=\(shellQuoted(TestPassphrase.file)) \
            \(shellQuoted(Uppfolj.binary.path)) dashboard \(shellQuoted(url)) --period 2025 --unit 'Enhet Test'; \
            echo $? > \(shellQuoted(session.path("status"))); exec sleep 600
            """
        try session.start(command, width: 100, height: 50)
        var screen = session.waitForText("◂ 2025 ▸", timeout: 30).joined(separator: "\n")
        let before = try XCTUnwrap(screen.split(separator: "\n").first { $0.contains("Aktualiserade ärenden") }, screen)
        XCTAssertTrue(before.hasSuffix(" 0") || before.contains(" 0 "), "no case opened in 2025 yet: \(before)")

        let imported = try Uppfolj.run(["import", path("rest.jsonl"), "--journal", url])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let export = try Uppfolj.run(["export", url, "--period", "2025", "--format", "json", "--out", "-"])
        XCTAssertEqual(export.status, 0, export.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let opened = try XCTUnwrap((report["indicators"] as? [[String: Any]])?.first { $0["id"] as? String == "opened" })
        let count = try XCTUnwrap(((opened["headline"] as? [String: Any])?["count"] as? [String: Any])?["value"] as? Int)
        XCTAssertGreaterThan(count, 0)
        screen = session.waitForScreen("the 2025 figure after the import", timeout: 15) { lines in
            lines.contains { $0.contains("Aktualiserade ärenden") && $0.split(separator: " ").dropLast().last == Substring(String(count)) }
        }.joined(separator: "\n")
        XCTAssertFalse(screen.contains("kunde inte"), screen)
        try session.sendKeys(["q"])
        XCTAssertEqual(session.waitForFile("status", timeout: 15)?.trimmingCharacters(in: .whitespacesAndNewlines), "0")
        // The manager view is in the database's access log.
        let actions = try auditEntries(url).map { $0["action"] as? String ?? "" }
        XCTAssertTrue(actions.contains("dashboard"), "\(actions)")
    }
}
