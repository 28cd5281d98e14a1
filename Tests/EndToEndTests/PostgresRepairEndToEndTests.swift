import Foundation
import PostgresTestSupport
import XCTest

/// `uppfolj repair` of a PostgreSQL journal (issue 19): a record a superuser changed is reported
/// (nothing written without --yes), the application role may not cut, the tables' owner cuts after
/// the last whole batch before it with every row kept in a backup table, the repair is in the
/// access log, and the journal verifies and opens again; a journal that lost its last rows (a
/// standby promoted too early) has the loss put on record; a clean journal has nothing to repair.
final class PostgresRepairEndToEndTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pg-repair-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The sample journal copied to a fresh database whose schema `uppfolj pg init` made.
    private func sampleDatabase() throws -> (url: String, journal: String) {
        let url = try PostgresTestServer.freshDatabase()
        let initialised = try Uppfolj.run(["pg", "init", url, "--lang", "en"])
        XCTAssertEqual(initialised.status, 0, initialised.stderr)
        let sample = try Uppfolj.run(["sample", "--cases", "25", "--seed", "3", "--until", "2026-06-30", "--out", folder.appendingPathComponent("s").path])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        let journal = folder.appendingPathComponent("s/journal").path
        let copied = try Uppfolj.run(["copy", journal, url, "--lang", "en"])
        XCTAssertEqual(copied.status, 0, copied.stdout + copied.stderr)
        return (url, journal)
    }

    private func count(_ url: String, _ table: String = "uppfolj_journal") throws -> Int {
        Int(try PostgresTestServer.scalar(url, "SELECT count(*) FROM \(table)")) ?? -1
    }

    private func backupTables(_ url: String) throws -> [String] {
        let list = try PostgresTestServer.scalar(url, """
            SELECT coalesce(string_agg(relname::text, ',' ORDER BY relname), '') FROM pg_class
            WHERE relkind = 'r' AND relname LIKE 'uppfolj\\_journal\\_backup\\_%'
            """)
        return list.isEmpty ? [] : list.split(separator: ",").map(String.init)
    }

    func testARecordChangedByASuperuserIsReportedThenCutByTheOwnerWithABackup() throws {
        let (url, _) = try sampleDatabase()

        // A clean journal: nothing to repair, nothing written.
        let clean = try Uppfolj.run(["repair", url, "--lang", "en"])
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)
        XCTAssertTrue(clean.stdout.contains("is intact; nothing needs repair"), clean.stdout)
        let cleanYes = try Uppfolj.run(["repair", url, "--yes", "--lang", "en"])
        XCTAssertEqual(cleanYes.status, 3, cleanYes.stdout + cleanYes.stderr)
        XCTAssertTrue(cleanYes.stderr.contains("nothing needs repair"), cleanYes.stderr)
        XCTAssertEqual(try backupTables(url), [])

        // A record in the middle of a batch of several (the sample imports in batches), changed
        // by a superuser: the cut goes before its whole batch.
        let rows = try count(url)
        let target = try XCTUnwrap(Int(try PostgresTestServer.scalar(url, """
            SELECT min(seq) FROM uppfolj_journal WHERE seq > \(rows / 2) AND seq > 0
              AND (SELECT kind FROM uppfolj_journal p WHERE p.seq = uppfolj_journal.seq - 1) >= 128
            """)), "the sample has a batch of several records")
        let kept = try XCTUnwrap(Int(try PostgresTestServer.scalar(url,
            "SELECT max(seq) + 1 FROM uppfolj_journal WHERE seq < \(target) AND kind < 128")))
        XCTAssertLessThan(kept, target)
        try PostgresTestServer.superuser(url, """
            ALTER TABLE uppfolj_journal DISABLE TRIGGER USER;
            UPDATE uppfolj_journal SET payload = set_byte(payload, 20, get_byte(payload, 20) # 1) WHERE seq = \(target);
            ALTER TABLE uppfolj_journal ENABLE TRIGGER USER;
            """)
        let status = try Uppfolj.run(["status", url, "--lang", "en"])
        XCTAssertEqual(status.status, 3, "the damaged journal does not open: \(status.stdout)")

        // Without --yes: the report, nothing changed.
        let report = try Uppfolj.run(["repair", url, "--lang", "en"])
        XCTAssertEqual(report.status, 1, report.stdout + report.stderr)
        XCTAssertTrue(report.stdout.contains("needs repair: record \(target) (0-based)"), report.stdout)
        XCTAssertTrue(report.stdout.contains("The first \(kept) records match (whole batches)"), report.stdout)
        XCTAssertTrue(report.stdout.contains("removes \(rows - kept) records of \(rows)"), report.stdout)
        XCTAssertTrue(report.stderr.contains("Add --yes"), report.stderr)
        XCTAssertEqual(try count(url), rows)
        XCTAssertEqual(try backupTables(url), [])

        // The application role may not cut (the triggers refuse it, and it may not switch them off).
        let login = "repair_hl_\(UInt32.random(in: 0...UInt32.max))"
        try PostgresTestServer.superuser(url, "CREATE ROLE \(login) LOGIN; GRANT uppfolj_app TO \(login);")
        let database = try XCTUnwrap(url.split(separator: "?").first?.split(separator: "/").last.map(String.init))
        let appURL = PostgresTestServer.url(url, database: database, user: login)
        let refused = try Uppfolj.run(["repair", appURL, "--yes", "--lang", "en"])
        XCTAssertEqual(refused.status, 3, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("only the tables' owner"), refused.stderr)
        XCTAssertEqual(try count(url), rows)
        XCTAssertEqual(try backupTables(url), [])

        // The owner cuts: a backup table with every row as it was, the journal cut, the repair logged.
        let original = try PostgresTestServer.scalar(url, "SELECT md5(string_agg(seq || ':' || encode(payload, 'hex') || encode(hash, 'hex'), ',' ORDER BY seq)) FROM uppfolj_journal")
        let repaired = try Uppfolj.run(["repair", url, "--yes", "--lang", "en"])
        XCTAssertEqual(repaired.status, 0, repaired.stdout + repaired.stderr)
        XCTAssertTrue(repaired.stdout.contains("was cut after record \(kept) (\(kept) records kept); \(rows - kept) records were removed"), repaired.stdout)
        XCTAssertFalse(repaired.stdout.contains("Warning"), repaired.stdout)
        let backups = try backupTables(url)
        XCTAssertEqual(backups.count, 1)
        let backup = try XCTUnwrap(backups.first)
        XCTAssertTrue(repaired.stdout.contains("in the table \(backup)"), repaired.stdout)
        XCTAssertEqual(try PostgresTestServer.scalar(url, "SELECT md5(string_agg(seq || ':' || encode(payload, 'hex') || encode(hash, 'hex'), ',' ORDER BY seq)) FROM \(backup)"), original)
        // The records kept, plus the anchor of the repair entry.
        XCTAssertEqual(try count(url), kept + 1)

        let verified = try Uppfolj.run(["verify", url, "--lang", "en"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        XCTAssertTrue(verified.stdout.contains("Records: \(kept + 1)"), verified.stdout)
        XCTAssertTrue(verified.stdout.contains("OK: the chain is intact."), verified.stdout)
        let audit = try Uppfolj.run(["audit", url, "--lang", "en"])
        XCTAssertEqual(audit.status, 0, audit.stdout + audit.stderr)
        XCTAssertTrue(audit.stdout.contains("repaired the journal (\(kept) records kept)"), audit.stdout)
        let reopened = try Uppfolj.run(["status", url, "--lang", "en"])
        XCTAssertEqual(reopened.status, 0, reopened.stdout + reopened.stderr)
        // The refusal trigger is on again: the application role still cannot delete.
        XCTAssertThrowsError(try PostgresTestServer.superuser(appURL, "DELETE FROM uppfolj_journal WHERE seq = 0"))
        let again = try Uppfolj.run(["repair", url, "--lang", "en"])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("nothing needs repair"), again.stdout)
    }

    /// Rows lost at the end (a standby promoted before it had them, an older backup restored): the
    /// chain is whole, but the access log recorded more. The journal is refused until the loss is
    /// put on record with repair --yes (nothing can be cut or brought back).
    func testRowsLostAtTheEndArePutOnRecord() throws {
        let (url, journal) = try sampleDatabase()
        // Another worker's import: its events, the access entry claiming the new head, its anchor.
        let lines = try Uppfolj.run(["log", journal, "--json"])
        let intake = try XCTUnwrap(lines.stdout.split(separator: "\n").first { $0.contains("\"type\":\"intake\"") })
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(intake.utf8)) as? [String: Any])
        object["case"] = "U2026-0999"
        object["id"] = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let input = folder.appendingPathComponent("new.jsonl")
        try JSONSerialization.data(withJSONObject: object).write(to: input)
        let imported = try Uppfolj.run(["import", input.path, "--journal", url, "--lang", "en"])
        XCTAssertEqual(imported.status, 0, imported.stdout + imported.stderr)
        let rows = try count(url)
        // The last two records (the import's event and the anchor) gone, as after such a failover.
        try PostgresTestServer.superuser(url, """
            ALTER TABLE uppfolj_journal DISABLE TRIGGER USER;
            DELETE FROM uppfolj_journal WHERE seq >= \(rows - 2);
            ALTER TABLE uppfolj_journal ENABLE TRIGGER USER;
            """)
        let refused = try Uppfolj.run(["status", url, "--lang", "en"])
        XCTAssertEqual(refused.status, 3, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("saved records are missing at its end"), refused.stderr)

        let report = try Uppfolj.run(["repair", url, "--lang", "en"])
        XCTAssertEqual(report.status, 1, report.stdout + report.stderr)
        XCTAssertTrue(report.stdout.contains("The journal's chain is whole, but:") && report.stdout.contains("Nothing was changed."), report.stdout)
        XCTAssertEqual(try count(url), rows - 2)

        let accepted = try Uppfolj.run(["repair", url, "--yes", "--lang", "en"])
        XCTAssertEqual(accepted.status, 0, accepted.stdout + accepted.stderr)
        XCTAssertTrue(accepted.stdout.contains("The loss is now written to the access log"), accepted.stdout)
        XCTAssertEqual(try backupTables(url), [], "nothing was cut, so no backup table")
        let status = try Uppfolj.run(["status", url, "--lang", "en"])
        XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
        XCTAssertFalse(status.stdout.contains("U2026-0999"))
        let verified = try Uppfolj.run(["verify", url, "--lang", "en"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        let audit = try Uppfolj.run(["audit", url, "--lang", "en"])
        XCTAssertEqual(audit.status, 0, audit.stdout + audit.stderr)
        XCTAssertTrue(audit.stdout.contains("repaired the journal (\(rows - 2) records kept)"), audit.stdout)
    }
}
