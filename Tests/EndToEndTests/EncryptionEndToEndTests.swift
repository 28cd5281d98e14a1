import Foundation
import XCTest

/// Encryption at rest through the real binary: passphrase from a file, a prompt without echo, the
/// failures (wrong, missing, unreadable), verify without the key, rekey, and no core dumps.
final class EncryptionEndToEndTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Uppfolj.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// A passphrase file with mode 0600 (or `mode`).
    func passphraseFile(_ name: String, _ text: String, mode: Int = 0o600) -> String {
        let file = path(name)
        FileManager.default.createFile(atPath: file, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: mode])
        return file
    }

    func sample(_ out: String = "s", cases: Int = 20) throws -> String {
        let result = try Uppfolj.run(["sample", "--cases", "\(cases)", "--seed", "3", "--until", "2026-06-30", "--out", path(out)])
        XCTAssertEqual(result.status, 0, result.stderr)
        return path(out + "/journal")
    }

    /// A journal made by `import` under a chosen passphrase (the standard, costly KDF).
    func importedJournal(passphrase: String) throws -> (journal: String, log: String) {
        let log = try Uppfolj.run(["log", try sample(), "--json"]).stdout
        try Data(log.utf8).write(to: URL(fileURLWithPath: path("events.jsonl")))
        let journal = path("real/journal")
        let imported = try Uppfolj.run(["import", path("events.jsonl"), "--journal", journal],
                                       environment: ["UPPFOLJ_PASSPHRASE_FILE": passphraseFile("pass", passphrase)])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        return (journal, log)
    }

    func testTheJournalOnDiskHoldsNoCaseCodeAndVerifiesWithoutThePassphrase() throws {
        let (journal, log) = try importedJournal(passphrase: "en lång och hemlig fras")
        let codes = Set(log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["case"] as? String
        })
        XCTAssertEqual(codes.count, 20)
        let raw = try bytes(journal) + bytes(journal + ".key")
        XCTAssertEqual(codes.filter { raw.range(of: Data($0.utf8)) != nil }, [])

        let blind = try Uppfolj.runWithoutPassphrase(["verify", journal, "--lang", "en"])
        XCTAssertEqual(blind.status, 0, blind.stderr)
        XCTAssertTrue(blind.stdout.contains("Content: encrypted; not decoded"), blind.stdout)
        XCTAssertTrue(blind.stdout.contains("OK"), blind.stdout)
        let keyed = try Uppfolj.run(["verify", journal, "--lang", "en"],
                                    environment: ["UPPFOLJ_PASSPHRASE_FILE": path("pass")])
        XCTAssertTrue(keyed.stdout.contains("Cases: 20"), keyed.stdout + keyed.stderr)

        // One flipped byte in the ciphertext of the record 7: named by verify, without the key.
        var data = try bytes(journal)
        let offset = try recordOffset(7, in: journal)
        data[offset + 9 + 13 + 2] ^= 0x20
        try data.write(to: URL(fileURLWithPath: journal))
        let damaged = try Uppfolj.runWithoutPassphrase(["verify", journal, "--lang", "en"])
        XCTAssertEqual(damaged.status, 1, damaged.stdout + damaged.stderr)
        XCTAssertTrue(damaged.stdout.contains("record 7"), damaged.stdout)
    }

    func testWrongMissingAndUnreadablePassphrasesAreRefusedAndChangeNothing() throws {
        let (journal, _) = try importedJournal(passphrase: "en lång och hemlig fras")
        let before = try bytes(journal), keyBefore = try bytes(journal + ".key")
        let cases: [(String, [String: String], String)] = [
            ("wrong", ["UPPFOLJ_PASSPHRASE_FILE": passphraseFile("wrong", "inte den rätta frasen")], "Fel lösenfras"),
            ("missing file", ["UPPFOLJ_PASSPHRASE_FILE": path("no-such-file")], "finns inte"),
            ("a folder", ["UPPFOLJ_PASSPHRASE_FILE": folder.path], "kan inte läsas"),
            ("readable by others", ["UPPFOLJ_PASSPHRASE_FILE": passphraseFile("open", "en lång och hemlig fras", mode: 0o644)],
             "chmod 600"),
            ("empty", ["UPPFOLJ_PASSPHRASE_FILE": passphraseFile("empty", "")], "tom"),
        ]
        for (name, environment, message) in cases {
            for command in [["status", journal], ["import", path("events.jsonl"), "--journal", journal], ["audit", journal],
                            ["export", journal, "--period", "2025", "--out", path("e.json")]] {
                let result = try Uppfolj.run(command, environment: environment)
                XCTAssertEqual(result.status, 3, "\(name) \(command[0]): \(result.stderr)")
                XCTAssertTrue(result.stderr.contains(message), "\(name) \(command[0]): \(result.stderr)")
            }
        }
        // No passphrase and no terminal to ask at: the two ways are named.
        let none = try Uppfolj.runWithoutPassphrase(["status", journal])
        XCTAssertEqual(none.status, 3)
        XCTAssertTrue(none.stderr.contains("UPPFOLJ_PASSPHRASE_FILE"), none.stderr)
        XCTAssertEqual(try bytes(journal), before)
        XCTAssertEqual(try bytes(journal + ".key"), keyBefore)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("e.json")))
    }

    func testRekeyChangesThePassphraseAndNoRecord() throws {
        let (journal, log) = try importedJournal(passphrase: "en lång och hemlig fras")
        let before = try bytes(journal)
        let rekey = try Uppfolj.run(["rekey", journal], environment: [
            "UPPFOLJ_PASSPHRASE_FILE": path("pass"),
            "UPPFOLJ_NEW_PASSPHRASE_FILE": passphraseFile("new", "en ny och ännu längre fras"),
        ])
        XCTAssertEqual(rekey.status, 0, rekey.stderr)
        XCTAssertEqual(try bytes(journal), before, "no record rewritten")
        let old = try Uppfolj.run(["log", journal, "--json"], environment: ["UPPFOLJ_PASSPHRASE_FILE": path("pass")])
        XCTAssertEqual(old.status, 3)
        XCTAssertTrue(old.stderr.contains("Fel lösenfras"), old.stderr)
        let new = try Uppfolj.run(["log", journal, "--json"], environment: ["UPPFOLJ_PASSPHRASE_FILE": path("new")])
        XCTAssertEqual(new.stdout, log)
        // A too short new passphrase is refused, and the key stays.
        let keyNow = try bytes(journal + ".key")
        let short = try Uppfolj.run(["rekey", journal], environment: [
            "UPPFOLJ_PASSPHRASE_FILE": path("new"), "UPPFOLJ_NEW_PASSPHRASE_FILE": passphraseFile("short", "kort"),
        ])
        XCTAssertEqual(short.status, 3)
        XCTAssertTrue(short.stderr.contains("minst 8"), short.stderr)
        XCTAssertEqual(try bytes(journal + ".key"), keyNow)
    }

    // MARK: at the terminal

    /// A new journal in the workbench: the passphrase is asked twice without echo; a wrong one at the
    /// next start is refused with the terminal restored; the process cannot dump core.
    func testTheWorkbenchAsksForThePassphraseWithoutEcho() throws {
        guard let tmux = TmuxSession.locateTmux() else { throw XCTSkip("tmux is not installed") }
        let session = try TmuxSession(tmux: tmux)
        let journal = session.path("journal")
        func launch() throws {
            // Core files allowed by the shell: the program itself must turn them off.
            let command = """
                ulimit -c unlimited; env LANG=C.UTF-8 UPPFOLJ_PASSPHRASE_FILE= UPPFOLJ_JOURNAL=\(shellQuoted(journal)) \
                \(shellQuoted(Uppfolj.binary.path)) --worker hl01; \
                code=$?; stty -a > \(shellQuoted(session.path("stty"))) 2>&1; \
                echo $code > \(shellQuoted(session.path("status"))); exec sleep 600
                """
            try? FileManager.default.removeItem(atPath: session.path("status"))
            try session.start(command, width: 100, height: 30)
        }
        try launch()
        session.waitForText("Välj en lösenfras", timeout: 15)
        try session.type("hemlig-fras-123")
        try session.sendKeys(["Enter"])
        session.waitForText("Samma lösenfras igen", timeout: 15)
        try session.type("hemlig-fras-123")
        try session.sendKeys(["Enter"])
        session.waitForText("Ärenden", timeout: 30)
        XCTAssertFalse(session.capture().joined().contains("hemlig"), "the passphrase is not echoed")

        let limits = try XCTUnwrap(processLimits(named: "uppfolj", under: session))
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        XCTAssertEqual(core?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2).joined(separator: " "),
                       "0 0", "core dumps off: \(core ?? "")")
        try session.sendKeys(["q"])
        XCTAssertEqual(session.waitForFile("status", timeout: 15).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, "0")
        XCTAssertTrue(FileManager.default.fileExists(atPath: journal + ".key"))

        try session.stopServer()
        try launch()
        session.waitForText("Lösenfras för", timeout: 15)
        try session.type("fel-fras-456")
        try session.sendKeys(["Enter"])
        XCTAssertEqual(session.waitForFile("status", timeout: 30).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, "3")
        session.waitForText("Fel lösenfras", timeout: 15)
        let stty = try String(contentsOfFile: session.path("stty"), encoding: .utf8)
        XCTAssertTrue(stty.split(whereSeparator: \.isWhitespace).contains("echo"), "echo restored: \(stty)")
    }

    /// Ctrl-C (and SIGTERM) at the passphrase prompt: the process ends by the signal, the
    /// terminal's echo is back (restored by the C handler, `uppfolj_echo_guard_arm`), and no
    /// journal or key was made.
    func testInterruptAtThePassphrasePromptRestoresEchoAndWritesNothing() throws {
        guard let tmux = TmuxSession.locateTmux() else { throw XCTSkip("tmux is not installed") }
        for (signal, keys) in [("INT", ["C-c"]), ("TERM", [])] {
            let session = try TmuxSession(tmux: tmux)
            let journal = session.path("journal")
            // The shell goes on after the program dies of SIGINT (a trap; traps are reset in the child).
            let command = """
                trap true INT; env LANG=C.UTF-8 UPPFOLJ_PASSPHRASE_FILE= UPPFOLJ_JOURNAL=\(shellQuoted(journal)) \
                \(shellQuoted(Uppfolj.binary.path)) --worker hl01; \
                code=$?; stty -a > \(shellQuoted(session.path("stty"))) 2>&1; \
                echo $code > \(shellQuoted(session.path("status"))); exec sleep 600
                """
            try session.start(command, width: 100, height: 30)
            session.waitForText("Välj en lösenfras", timeout: 15)
            try session.type("halvvags")
            if keys.isEmpty {
                let pids = try XCTUnwrap(processIDs(named: "uppfolj", under: session))
                XCTAssertEqual(kill(pid_t(pids)!, SIGTERM), 0)
            } else {
                try session.sendKeys(keys)
            }
            let code = signal == "INT" ? 128 + Int(SIGINT) : 128 + Int(SIGTERM)
            XCTAssertEqual(session.waitForFile("status", timeout: 15).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) },
                           String(code), "ended by SIG\(signal)")
            let stty = try String(contentsOfFile: session.path("stty"), encoding: .utf8)
            XCTAssertTrue(stty.split(whereSeparator: \.isWhitespace).contains("echo"), "echo restored after SIG\(signal): \(stty)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: journal), "no journal after SIG\(signal)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: journal + ".key"), "no key after SIG\(signal)")
            try session.stopServer()
        }
    }

    // MARK: helpers

    /// The pid of the process called `name` started in the session's pane (searched through the
    /// pane shell's descendants).
    func processIDs(named name: String, under session: TmuxSession) throws -> String? {
        let shell = try session.run(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        var pending = [shell]
        while let pid = pending.popLast() {
            if (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.hasPrefix(name) == true { return pid }
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            pending += children.split(separator: " ").map(String.init)
        }
        return nil
    }

    /// The byte offset of record `index` in a journal file (frames: length, its complement, kind,
    /// payload, 32-byte hash after a 32-byte file header).
    func recordOffset(_ index: Int, in journal: String) throws -> Int {
        let data = try bytes(journal)
        var offset = 32
        for _ in 0..<index {
            let length = Int(data[offset]) | Int(data[offset + 1]) << 8 | Int(data[offset + 2]) << 16 | Int(data[offset + 3]) << 24
            offset += 9 + length + 32
        }
        return offset
    }

    /// /proc/<pid>/limits of the process called `name` started in the session's pane.
    func processLimits(named name: String, under session: TmuxSession) throws -> String? {
        try processIDs(named: name, under: session).map { try String(contentsOfFile: "/proc/\($0)/limits", encoding: .utf8) }
    }
}
