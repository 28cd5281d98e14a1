import Foundation
import PostgresTestSupport
import XCTest

/// The real `uppfolj` on a PostgreSQL journal (issue 19): `pg init`, `copy` to the database and
/// back, `verify` of the database, a superuser's change found at its record.
final class PostgresEndToEndTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pg-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A fresh database with the schema made by `uppfolj pg init`, and a sample journal file.
    private func initialisedDatabaseAndSample() throws -> (url: String, journal: String) {
        let url = try PostgresTestServer.freshDatabase()
        let initialised = try Uppfolj.run(["pg", "init", url, "--lang", "en"])
        XCTAssertEqual(initialised.status, 0, initialised.stderr)
        for line in ["created table uppfolj_journal", "created table uppfolj_access", "created table uppfolj_releases",
                     "created table uppfolj_key_file",
                     "UPDATE, DELETE and TRUNCATE refused",
                     "privileges of uppfolj_app: SELECT, INSERT on uppfolj_journal, uppfolj_access, uppfolj_releases; SELECT, INSERT, DELETE on uppfolj_key_file; no others"] {
            XCTAssertTrue(initialised.stdout.contains(line), "pg init does not say \(line):\n\(initialised.stdout)")
        }
        let sample = try Uppfolj.run(["sample", "--cases", "25", "--seed", "3", "--until", "2026-06-30", "--out", folder.appendingPathComponent("s").path])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        return (url, folder.appendingPathComponent("s/journal").path)
    }

    private func headHash(_ output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("Head hash: ") }.map { String($0.dropFirst("Head hash: ".count)) }
    }

    func testAJournalCopiedToPostgresAndBackKeepsItsRecordsAndHeadHash() throws {
        let (url, journal) = try initialisedDatabaseAndSample()
        let original = try Uppfolj.run(["verify", journal, "--lang", "en"])
        XCTAssertEqual(original.status, 0, original.stdout + original.stderr)
        let head = try XCTUnwrap(headHash(original.stdout))

        let there = try Uppfolj.run(["copy", journal, url, "--lang", "en"])
        XCTAssertEqual(there.status, 0, there.stdout + there.stderr)
        XCTAssertEqual(headHash(there.stdout), head)
        XCTAssertTrue(there.stdout.contains("OK: the copy is verified"), there.stdout)

        let verified = try Uppfolj.run(["verify", url, "--lang", "en"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        XCTAssertEqual(headHash(verified.stdout), head)
        XCTAssertTrue(verified.stdout.contains("OK: the chain is intact."), verified.stdout)

        // A second copy into the same (now not empty) database is refused, nothing written.
        let again = try Uppfolj.run(["copy", journal, url, "--lang", "en"])
        XCTAssertEqual(again.status, 3, again.stdout + again.stderr)
        XCTAssertTrue(again.stderr.contains("not empty"), again.stderr)

        let back = folder.appendingPathComponent("back/journal").path
        let home = try Uppfolj.run(["copy", url, back, "--lang", "en"])
        XCTAssertEqual(home.status, 0, home.stdout + home.stderr)
        // The copy back opens with the passphrase: every event decoded, the access log's anchor holds.
        let full = try Uppfolj.run(["verify", back, "--lang", "en"])
        XCTAssertEqual(full.status, 0, full.stdout + full.stderr)
        XCTAssertEqual(headHash(full.stdout), head)
        XCTAssertTrue(full.stdout.contains("Cases: 25"), full.stdout)
        let before = try Uppfolj.run(["log", journal, "--json"])
        let after = try Uppfolj.run(["log", back, "--json"])
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertEqual(after.stdout, before.stdout)
        XCTAssertFalse(after.stdout.isEmpty)
    }

    func testASuperusersChangeToARecordIsFoundByVerifyAtThatRecord() throws {
        let (url, journal) = try initialisedDatabaseAndSample()
        let copied = try Uppfolj.run(["copy", journal, url, "--lang", "en"])
        XCTAssertEqual(copied.status, 0, copied.stdout + copied.stderr)
        // The triggers refuse even the owner; a superuser can switch them off — and the chain tells.
        XCTAssertThrowsError(try PostgresTestServer.superuser(url, "UPDATE uppfolj_journal SET payload = '\\x00' WHERE seq = 11"))
        try PostgresTestServer.superuser(url, """
            ALTER TABLE uppfolj_journal DISABLE TRIGGER USER;
            UPDATE uppfolj_journal SET payload = set_byte(payload, 20, get_byte(payload, 20) # 1) WHERE seq = 11;
            ALTER TABLE uppfolj_journal ENABLE TRIGGER USER;
            """)
        let verified = try Uppfolj.run(["verify", url, "--lang", "en"])
        XCTAssertEqual(verified.status, 1, verified.stdout + verified.stderr)
        XCTAssertTrue(verified.stdout.contains("FAULT: the journal: ") && verified.stdout.contains("record 11 (0-based)"), verified.stdout)
        XCTAssertTrue(verified.stdout.contains("the chain hash does not match"), verified.stdout)
    }

    func testImportStatusLogExportAuditAndKeysOnAPostgresJournal() throws {
        let (url, journal) = try initialisedDatabaseAndSample()
        let lines = try Uppfolj.run(["log", journal, "--json"])
        XCTAssertEqual(lines.status, 0, lines.stderr)
        let input = folder.appendingPathComponent("events.jsonl")
        try Data(lines.stdout.utf8).write(to: input)
        let count = lines.stdout.split(separator: "\n").count

        let imported = try Uppfolj.run(["import", input.path, "--journal", url, "--lang", "en"])
        XCTAssertEqual(imported.status, 0, imported.stdout + imported.stderr)
        XCTAssertTrue(imported.stdout.contains("Imported \(count) events"), imported.stdout)

        let log = try Uppfolj.run(["log", url, "--json"])
        XCTAssertEqual(log.status, 0, log.stderr)
        XCTAssertEqual(log.stdout, lines.stdout)

        let status = try Uppfolj.run(["status", url, "--lang", "en"])
        XCTAssertEqual(status.status, 0, status.stderr)
        let fileStatus = try Uppfolj.run(["status", journal, "--lang", "en"])
        // The same cases and due list as from the file (the first line names the journal).
        XCTAssertEqual(status.stdout.split(separator: "\n").dropFirst(), fileStatus.stdout.split(separator: "\n").dropFirst())
        XCTAssertTrue(status.stdout.contains("Cases: 25"), status.stdout)

        let csv = folder.appendingPathComponent("figures.csv").path
        let exported = try Uppfolj.run(["export", url, "--period", "2025", "--format", "csv", "--out", csv, "--lang", "en"])
        XCTAssertEqual(exported.status, 0, exported.stdout + exported.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: csv))
        // The release is in the database's release register (uppfolj_releases), not in a file.
        let releases = try Uppfolj.run(["releases", url, "--lang", "en"])
        XCTAssertEqual(releases.status, 0, releases.stdout + releases.stderr)
        XCTAssertEqual(releases.stdout.split(separator: "\n").filter { $0.first?.isNumber == true && $0.contains("2025") && $0.contains("csv") }.count, 1,
                       releases.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: url + ".releases"))

        let audit = try Uppfolj.run(["audit", url, "--lang", "en"])
        XCTAssertEqual(audit.status, 0, audit.stdout + audit.stderr)
        XCTAssertTrue(audit.stdout.contains("imported \(count) events"), audit.stdout)
        XCTAssertTrue(audit.stdout.contains("exported 2025 csv"), audit.stdout)

        let keys = try Uppfolj.run(["key", "list", url, "--lang", "en"])
        XCTAssertEqual(keys.status, 0, keys.stdout + keys.stderr)
        XCTAssertTrue(keys.stdout.contains("admin"), keys.stdout)

        // The database holds ciphertext only: no case code (U2024-…, U2025-…) appears in any row.
        XCTAssertTrue(lines.stdout.contains("\"U2025-"), "the sample has cases of 2025")
        for table in ["uppfolj_journal", "uppfolj_access"] {
            XCTAssertEqual(try PostgresTestServer.scalar(url, """
                SELECT count(*) FROM \(table) WHERE position(convert_to('U2025-', 'UTF8') in payload) > 0
                   OR position(convert_to('U2024-', 'UTF8') in payload) > 0
                """), "0", table)
        }
        XCTAssertNotEqual(try PostgresTestServer.scalar(url, "SELECT count(*) FROM uppfolj_journal"), "0")
        let verified = try Uppfolj.run(["verify", url, "--lang", "en"])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        XCTAssertTrue(verified.stdout.contains("Access log: 2 entries"), verified.stdout)
    }

    /// The workbench on a PostgreSQL journal: it opens the copied sample, and another worker's
    /// import appears on its screen without a key press (the server's notification, read by the
    /// loop that looks for others' appends).
    func testTheWorkbenchOpensAPostgresJournalAndShowsAnotherWorkersAppend() throws {
        guard let tmux = TmuxSession.locateTmux() else { throw XCTSkip("tmux is not installed") }
        let (url, journal) = try initialisedDatabaseAndSample()
        let copied = try Uppfolj.run(["copy", journal, url])
        XCTAssertEqual(copied.status, 0, copied.stdout + copied.stderr)
        let session = try TmuxSession(tmux: tmux)
        let command = """
            ulimit -c 0; env LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no UPPFOLJ_JOURNAL=\(shellQuoted(url)) \
            \(shellQuoted(Uppfolj.binary.path)) --worker hl01; \
            echo $? > \(shellQuoted(session.path("status"))); exec sleep 600
            """
        try session.start(command, width: 110, height: 45)
        _ = session.waitForText("Ärenden", timeout: 20)
        _ = session.waitForText("U2026-0020", timeout: 20)
        XCTAssertFalse(session.capture().joined().contains("U2026-0999"))

        // Another worker imports a new case into the same database.
        let log = try Uppfolj.run(["log", journal, "--json"])
        let intake = try XCTUnwrap(log.stdout.split(separator: "\n").first { $0.contains("\"type\":\"intake\"") })
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(intake.utf8)) as? [String: Any])
        object["case"] = "U2026-0999"
        object["id"] = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        object["worker"] = "hl02"
        let line = folder.appendingPathComponent("new.jsonl")
        try JSONSerialization.data(withJSONObject: object).write(to: line)
        let imported = try Uppfolj.run(["import", line.path, "--journal", url, "--lang", "en"])
        XCTAssertEqual(imported.status, 0, imported.stdout + imported.stderr)

        let screen = session.waitForText("U2026-0999", timeout: 10).joined(separator: "\n")
        XCTAssertFalse(screen.contains("kunde inte"), screen)
        try session.sendKeys(["q"])
        XCTAssertEqual(session.waitForFile("status", timeout: 15)?.trimmingCharacters(in: .whitespacesAndNewlines), "0")
    }

    func testADatabaseWithoutTheSchemaSaysToRunPgInit() throws {
        let url = try PostgresTestServer.freshDatabase()
        for arguments in [["status", url], ["log", url], ["verify", url]] {
            let result = try Uppfolj.run(arguments + ["--lang", "en"])
            XCTAssertEqual(result.status, 3, "\(arguments[0]): \(result.stdout) \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("uppfolj pg init"), "\(arguments[0]): \(result.stderr)")
        }
    }

    /// Key slots on a PostgreSQL journal (the key file's bytes in `uppfolj_key_file`): add, passwd,
    /// remove, roles; a removed person's passphrase is refused, and no older version of the key
    /// file (with the removed wrap) stays in the table.
    func testKeySlotsOnAPostgresJournal() throws {
        let (url, journal) = try initialisedDatabaseAndSample()
        let copied = try Uppfolj.run(["copy", journal, url])
        XCTAssertEqual(copied.status, 0, copied.stdout + copied.stderr)
        func passphraseFile(_ text: String) -> String {
            let path = folder.appendingPathComponent("pass-\(UUID().uuidString)").path
            FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
            return path
        }
        func run(_ arguments: [String], as passphrase: String, new: String? = nil) throws -> CommandResult {
            var environment = ["UPPFOLJ_PASSPHRASE_FILE": passphraseFile(passphrase)]
            if let new { environment["UPPFOLJ_NEW_PASSPHRASE_FILE"] = passphraseFile(new) }
            return try Uppfolj.run(arguments, environment: environment, withoutTerminal: true)
        }
        let refused = try run(["key", "list", url], as: "uppfolj-demo-hl01")
        XCTAssertEqual(refused.status, 3, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("hl01 har rollen handläggare"), refused.stderr)

        let added = try run(["key", "add", url, "--worker", "hl09", "--role", "worker"], as: "uppfolj-demo", new: "hl09s egen fras")
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertTrue(added.stdout.contains("lades till för hl09"), added.stdout)
        XCTAssertEqual(try run(["log", url], as: "hl09s egen fras").status, 0)
        let passwd = try run(["key", "passwd", url], as: "hl09s egen fras", new: "hl09s nya fras")
        XCTAssertEqual(passwd.status, 0, passwd.stderr)
        XCTAssertEqual(try run(["log", url], as: "hl09s egen fras").status, 3)
        XCTAssertEqual(try run(["log", url], as: "hl09s nya fras").status, 0)

        let list = try run(["key", "list", url, "--json"], as: "uppfolj-demo")
        let slot = try XCTUnwrap(list.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.first { $0["worker"] as? String == "hl09" }?["id"] as? Int)
        let removed = try run(["key", "remove", "\(slot)", url], as: "uppfolj-demo")
        XCTAssertEqual(removed.status, 0, removed.stderr)
        let after = try run(["log", url], as: "hl09s nya fras")
        XCTAssertEqual(after.status, 3)
        XCTAssertTrue(after.stderr.contains("Fel lösenfras"), after.stderr)
        XCTAssertEqual(try PostgresTestServer.scalar(url, "SELECT count(*) FROM uppfolj_key_file"), "1", "older key file versions removed")
    }
}
