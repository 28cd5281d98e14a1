import Foundation
import XCTest

/// Issue 16: a key per person and roles, through the real binary. `uppfolj sample` gives the
/// journal the demo people's key slots (docs/encryption.md): the unnamed admin `uppfolj-demo`,
/// the workers hl01 and hl02 and the manager chef01.
final class KeySlotEndToEndTests: XCTestCase {
    private var folder: URL!
    private var journal: String { folder.appendingPathComponent("s/journal").path }

    override func setUpWithError() throws {
        folder = try Uppfolj.temporaryFolder()
        let sample = try Uppfolj.run(["sample", "--cases", "12", "--seed", "4", "--until", "2026-06-30",
                                      "--out", folder.appendingPathComponent("s").path])
        XCTAssertEqual(sample.status, 0, sample.stderr)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A 0600 file holding `passphrase`.
    func passphraseFile(_ passphrase: String) -> String {
        let path = folder.appendingPathComponent("pass-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data((passphrase + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    func run(_ arguments: [String], as passphrase: String, new: String? = nil) throws -> CommandResult {
        var environment = ["UPPFOLJ_PASSPHRASE_FILE": passphraseFile(passphrase)]
        if let new { environment["UPPFOLJ_NEW_PASSPHRASE_FILE"] = passphraseFile(new) }
        return try Uppfolj.run(arguments, environment: environment, withoutTerminal: true)
    }

    func testKeyListAddPasswdRemove() throws {
        var list = try run(["key", "list", journal, "--json"], as: "uppfolj-demo")
        XCTAssertEqual(list.status, 0, list.stderr)
        var rows = try list.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(rows.map { $0["worker"] as? String }, [nil, "hl01", "hl02", "chef01"])
        XCTAssertEqual(rows.map { $0["role"] as? String }, ["admin", "worker", "worker", "manager"])
        XCTAssertFalse(list.stdout.contains("uppfolj-demo"), "no secret listed")

        // Only an admin lists or adds keys.
        let refused = try run(["key", "list", journal], as: "uppfolj-demo-hl01")
        XCTAssertEqual(refused.status, 3)
        XCTAssertTrue(refused.stderr.contains("hl01 har rollen handläggare och får inte använda nyckelhantering"), refused.stderr)

        let added = try run(["key", "add", journal, "--worker", "hl09", "--role", "worker"], as: "uppfolj-demo", new: "hl09s egen fras")
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertTrue(added.stdout.contains("Nyckel 5 lades till för hl09"), added.stdout)
        XCTAssertEqual(try run(["log", journal], as: "hl09s egen fras").status, 0)

        // passwd: hl09 changes their own; the old passphrase stops working.
        let passwd = try run(["key", "passwd", journal], as: "hl09s egen fras", new: "hl09s nya fras")
        XCTAssertEqual(passwd.status, 0, passwd.stderr)
        XCTAssertTrue(passwd.stdout.contains("nyckel 5 (hl09)"), passwd.stdout)
        XCTAssertEqual(try run(["log", journal], as: "hl09s egen fras").status, 3)
        XCTAssertEqual(try run(["log", journal], as: "hl09s nya fras").status, 0)

        // Created and last used (the passwd was a use; a plain `log` reads only and writes nothing).
        list = try run(["key", "list", journal, "--json"], as: "uppfolj-demo")
        rows = try list.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        XCTAssertEqual(rows.last?["worker"] as? String, "hl09")
        XCTAssertGreaterThan(rows.last?["created"] as? Int ?? 0, 0)
        XCTAssertGreaterThan(rows.last?["lastUsed"] as? Int ?? 0, 0)
        XCTAssertEqual(rows[1]["lastUsed"] as? Int, 0, "hl01 never unlocked a writer")
        let table = try run(["key", "list", journal], as: "uppfolj-demo")
        XCTAssertTrue(table.stdout.contains("(namnlös)") && table.stdout.contains("chef01") && table.stdout.contains("chef "), table.stdout)

        // remove: the removed slot's passphrase is refused.
        let removed = try run(["key", "remove", "5", journal], as: "uppfolj-demo")
        XCTAssertEqual(removed.status, 0, removed.stderr)
        let after = try run(["log", journal], as: "hl09s nya fras")
        XCTAssertEqual(after.status, 3)
        XCTAssertTrue(after.stderr.contains("Fel lösenfras"), after.stderr)
        var info = stat()
        XCTAssertEqual(stat(journal + ".key", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
    }

    /// Release 0.4.0's journal (a version-1 single-passphrase key file) through the binary: it opens
    /// as it did, `key list` says a migration is pending, `key add` migrates it (the old passphrase is
    /// slot 1, admin), and `log --json` prints exactly the golden events before and after.
    func testAnOldJournalMigratesThroughTheKeyCommands() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GoldenFixtureTests/Fixtures/v1")
        let old = folder.appendingPathComponent("old").path
        try FileManager.default.createDirectory(atPath: old, withIntermediateDirectories: true)
        for name in ["journal", "journal.key"] {
            try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent(name).path, toPath: old + "/" + name)
            chmod(old + "/" + name, 0o600)
        }
        let golden = try String(contentsOf: fixtures.appendingPathComponent("expected-log.jsonl"), encoding: .utf8)
        let journal = old + "/journal"
        XCTAssertEqual(try run(["log", journal, "--json"], as: "uppfolj-demo").stdout, golden)
        let pending = try run(["key", "list", journal], as: "uppfolj-demo")
        XCTAssertEqual(pending.status, 0, pending.stderr)
        XCTAssertTrue(pending.stdout.contains("äldre sorten") && pending.stdout.contains("(namnlös)"), pending.stdout)
        let added = try run(["key", "add", journal, "--worker", "hl03", "--role", "worker"], as: "uppfolj-demo", new: "hl03s egen fras")
        XCTAssertEqual(added.status, 0, added.stderr)
        let listed = try run(["key", "list", journal, "--json"], as: "uppfolj-demo")
        XCTAssertEqual(listed.stdout.split(separator: "\n").count, 2, listed.stdout)
        XCTAssertTrue(listed.stdout.contains("\"role\":\"admin\"") && listed.stdout.contains("\"worker\":\"hl03\""), listed.stdout)
        XCTAssertEqual(try run(["log", journal, "--json"], as: "uppfolj-demo").stdout, golden, "the old passphrase, same events")
        XCTAssertEqual(try run(["log", journal, "--json"], as: "hl03s egen fras").stdout, golden)
        let verify = try run(["verify", journal], as: "uppfolj-demo")
        XCTAssertEqual(verify.status, 0, verify.stderr)

        // key rename: the migrated, unnamed admin key gets its holder's name (once; by its own passphrase).
        let rename = try run(["key", "rename", journal, "--worker", "adm01"], as: "uppfolj-demo")
        XCTAssertEqual(rename.status, 0, rename.stderr)
        XCTAssertTrue(rename.stdout.contains("Nyckel 1 (administratör) heter nu adm01"), rename.stdout)
        let named = try run(["key", "list", journal, "--json"], as: "uppfolj-demo")
        XCTAssertTrue(named.stdout.contains("\"worker\":\"adm01\"") && !named.stdout.contains("null"), named.stdout)
        let again = try run(["key", "rename", journal, "--worker", "adm02"], as: "uppfolj-demo")
        XCTAssertEqual(again.status, 3)
        XCTAssertTrue(again.stderr.contains("heter redan adm01"), again.stderr)
        XCTAssertEqual(try run(["key", "rename", journal, "--worker", "hl07"], as: "hl03s egen fras").status, 3, "hl03's key has a name")
        XCTAssertEqual(try run(["log", journal, "--json"], as: "uppfolj-demo").stdout, golden, "no record rewritten")
    }

    func testRolesAreEnforcedAndTheSlotsWorkerIsStamped() throws {
        let all = try run(["log", journal, "--json"], as: "uppfolj-demo")
        let first = try JSONSerialization.jsonObject(with: Data(all.stdout.split(separator: "\n")[0].utf8)) as! [String: Any]
        let code = try XCTUnwrap(first["case"] as? String)
        // A manager: figures and the access log, never a case's content.
        for command in [["log", journal], ["status", journal], ["case", code, journal, "--out", "-"]] {
            let refused = try run(command, as: "uppfolj-demo-chef")
            XCTAssertEqual(refused.status, 3, "\(command[0]): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("chef01 har rollen chef och får inte använda"), refused.stderr)
            XCTAssertTrue(refused.stdout.isEmpty, "nothing of a case shown: \(refused.stdout)")
        }
        let export = try run(["export", journal, "--period", "2025", "--format", "json", "--out", "-"], as: "uppfolj-demo-chef")
        XCTAssertEqual(export.status, 0, export.stderr)
        // --override-policy is an admin's.
        let override = try run(["export", journal, "--period", "2025", "--format", "json", "--out", "-", "--min-cell", "6",
                                "--override-policy"], as: "uppfolj-demo-chef")
        XCTAssertEqual(override.status, 3)
        XCTAssertTrue(override.stderr.contains("export --override-policy"), override.stderr)
        XCTAssertEqual(try run(["export", journal, "--period", "2025", "--format", "json", "--out", "-", "--min-cell", "6",
                                "--override-policy"], as: "uppfolj-demo").status, 0)
        // A worker: no export, no audit, no repair, no unit settings.
        for command in [["export", journal, "--period", "2025", "--format", "json", "--out", "-"], ["audit", journal],
                        ["repair", journal, "--yes"], ["settings", "--journal", journal, "--min-cell", "6"]] {
            let refused = try run(command, as: "uppfolj-demo-hl02")
            XCTAssertEqual(refused.status, 3, "\(command[0]): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("hl02 har rollen handläggare och får inte använda"), refused.stderr)
        }
        // The worker's case summary: the access log names the slot's worker, whatever the OS user;
        // a --worker that is not the slot's is refused.
        let summary = try run(["case", code, journal, "--out", "-"], as: "uppfolj-demo-hl02")
        XCTAssertEqual(summary.status, 0, summary.stderr)
        let mismatch = try run(["case", code, journal, "--out", "-", "--worker", "hl01"], as: "uppfolj-demo-hl02")
        XCTAssertEqual(mismatch.status, 1)
        XCTAssertTrue(mismatch.stderr.contains("stämmer inte med nyckeln"), mismatch.stderr)
        // A settings change by the manager is stamped with the manager's id.
        XCTAssertEqual(try run(["settings", "--journal", journal, "--t3-months", "7"], as: "uppfolj-demo-chef").status, 0)
        let log = try run(["log", journal, "--json"], as: "uppfolj-demo-hl01")
        let settings = try XCTUnwrap(log.stdout.split(separator: "\n").last { $0.contains("\"unitSettings\"") })
        XCTAssertTrue(settings.contains("\"worker\":\"chef01\""), String(settings))

        let audit = try run(["audit", journal], as: "uppfolj-demo-chef")
        XCTAssertEqual(audit.status, 0, audit.stderr)
        XCTAssertTrue(audit.stdout.contains("chef01  exporterade 2025 json k=5"), audit.stdout)
        XCTAssertTrue(audit.stdout.contains("hl02  "), audit.stdout)
    }
}

/// Issue 16 acceptance: two workbenches on one journal, each unlocked by its own person's
/// passphrase (hl01 and hl02 of the sample's demo keys), in two tmux servers.
final class TwoWorkbenchesEndToEndTests: XCTestCase {
    private var a: TmuxSession!
    private var b: TmuxSession!
    private var folder: URL!
    private var journal: String { folder.appendingPathComponent("s/journal").path }

    override func setUpWithError() throws {
        guard let tmux = TmuxSession.locateTmux() else { throw XCTSkip("tmux is not installed") }
        a = try TmuxSession(tmux: tmux)
        b = try TmuxSession(tmux: tmux)
        folder = try Uppfolj.temporaryFolder()
        let sample = try Uppfolj.run(["sample", "--cases", "6", "--seed", "4", "--until", "2026-06-30",
                                      "--out", folder.appendingPathComponent("s").path])
        XCTAssertEqual(sample.status, 0, sample.stderr)
    }

    override func tearDownWithError() throws {
        a = nil
        b = nil
        try? FileManager.default.removeItem(at: folder)
    }

    func passphraseFile(_ passphrase: String) -> String {
        let path = folder.appendingPathComponent("pass-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data((passphrase + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    /// The workbench on the shared journal, unlocked with `passphrase` (no --worker: the key says who).
    func launch(_ session: TmuxSession, passphrase: String, expect: String = "Ärenden") throws {
        let command = """
            ulimit -c 0; env LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no UPPFOLJ_PASSPHRASE_FILE=\(shellQuoted(passphraseFile(passphrase))) \
            \(shellQuoted(Uppfolj.binary.path)) \(shellQuoted(journal)); \
            echo $? > \(shellQuoted(session.path("status"))); exec sleep 600
            """
        try session.start(command, width: 110, height: 30)
        session.waitForText(expect, timeout: 15)
    }

    func screen(_ session: TmuxSession) -> String { session.capture().joined(separator: "\n") }

    static func isoDay(daysAgo: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(-Double(daysAgo) * 86_400))
    }

    func testTwoWorkersOnOneJournal() throws {
        try launch(a, passphrase: "uppfolj-demo-hl01")
        try launch(b, passphrase: "uppfolj-demo-hl02")
        b.waitForText("Mina ärenden", timeout: 5)   // a worker's own key: "mina ärenden" first

        // A takes in a new case; B's case list shows it without a key.
        try a.sendKeys("n")
        a.waitForText("Ärendekod", timeout: 15)
        try a.type("DUO-1")
        try a.sendKeys("Tab")
        try a.type(Self.isoDay(daysAgo: 60))
        try a.sendKeys("Tab", "Tab", "Right", "F2")
        a.waitForText("DUO-1 · Våldsutsatt", timeout: 15)
        // B's list follows without a key; A's case is in "alla" (m), not in B's "mina ärenden".
        try b.sendKeys("m")
        b.waitForText("DUO-1", timeout: 5)
        try b.sendKeys("/")
        try b.type("DUO-1")
        try b.sendKeys("Enter")   // keeps the search
        try b.sendKeys("Enter")   // opens the case
        b.waitForText("DUO-1 · Våldsutsatt", timeout: 15)

        // A saves a T1; B's timeline of the case shows it within 2 s, without a key.
        try a.sendKeys("t")
        a.waitForText("Uppföljning under insats (T1) · DUO-1", timeout: 15)
        try a.sendKeys("F2")
        a.waitForText("Sparat", timeout: 15)
        let saved = Date()
        b.waitForScreen("A's T1 on B's timeline", timeout: 5) { lines in
            lines.contains { $0.contains("T1") && $0.contains("av hl01") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(saved), 2.0, "shown within 2 s")

        // B begins a closure (typing its date); A closes the case meanwhile.
        let typed = Self.isoDay(daysAgo: 3)
        try b.sendKeys("a")
        b.waitForText("Avslut (T2) · DUO-1", timeout: 15)
        try b.type(typed)
        try b.sendKeys("Tab", "Right", "Tab", "Right")
        try a.sendKeys("a")
        a.waitForText("Avslut (T2) · DUO-1", timeout: 15)
        try a.sendKeys("Tab", "Right", "Tab", "Right", "F2")
        a.waitForText("Sparat", timeout: 15)
        // B waits a moment (its workbench folds A's closure in), then saves: the conflict names A,
        // and the form keeps what B typed.
        usleep(1_500_000)
        try b.sendKeys("F2")
        let conflict = b.waitForText("ändrades medan du arbetade", timeout: 15).joined(separator: "\n")
        XCTAssertTrue(conflict.contains("hl01"), "the conflict names A: \(conflict)")
        XCTAssertTrue(conflict.contains("Avslut (T2) · DUO-1") && conflict.contains(typed), "the form and B's typing kept: \(conflict)")

        // In the journal: A's events are stamped hl01 (A's key, not an OS user), one closure only.
        let log = try Uppfolj.run(["log", journal, "--json"])
        let duo = log.stdout.split(separator: "\n").filter { $0.contains("\"DUO-1\"") }
        XCTAssertEqual(duo.count, 3, log.stdout)
        XCTAssertTrue(duo.allSatisfy { $0.contains("\"worker\":\"hl01\"") }, duo.joined(separator: "\n"))
    }

    // A manager's passphrase opens the dashboard, and is refused at the workbench.
    func testAManagerIsRefusedAtTheWorkbenchAndOpensTheDashboard() throws {
        try launch(a, passphrase: "uppfolj-demo-chef", expect: "får inte använda arbetsbänken")
        XCTAssertEqual(a.waitForFile("status", timeout: 15)?.trimmingCharacters(in: .whitespacesAndNewlines), "3")
        XCTAssertFalse(screen(a).contains("U20"), "no case shown")
        let command = """
            env LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no UPPFOLJ_PASSPHRASE_FILE=\(shellQuoted(passphraseFile("uppfolj-demo-chef"))) \
            \(shellQuoted(Uppfolj.binary.path)) dashboard \(shellQuoted(journal)) --period 2025; \
            echo $? > \(shellQuoted(b.path("status"))); exec sleep 600
            """
        try b.start(command, width: 100, height: 30)
        b.waitForText("◂ 2025 ▸", timeout: 15)
        try b.sendKeys("q")
        XCTAssertEqual(b.waitForFile("status", timeout: 15)?.trimmingCharacters(in: .whitespacesAndNewlines), "0")
    }
}
