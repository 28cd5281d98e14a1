import Foundation
import XCTest

/// End-to-end tests of the command line: the real binary, real files.
final class CommandLineTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Uppfolj.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The same seed gives the same events (what `log --json` prints); the encrypted files differ,
    /// as every journal gets its own key and every record a fresh nonce.
    func testSampleGivesTheSameEventsForTheSameSeed() throws {
        var logs: [String] = []
        for (out, seed) in [("a", "1"), ("b", "1"), ("c", "2")] {
            let result = try Uppfolj.run(["sample", "--cases", "300", "--seed", seed, "--out", path(out)])
            XCTAssertEqual(result.status, 0, result.stderr)
            let log = try Uppfolj.run(["log", path(out + "/journal"), "--json"])
            XCTAssertEqual(log.status, 0, log.stderr)
            logs.append(log.stdout)
        }
        XCTAssertGreaterThan(logs[0].count, 100_000)
        XCTAssertEqual(logs[0], logs[1])
        XCTAssertNotEqual(logs[0], logs[2])
        let a = try Data(contentsOf: URL(fileURLWithPath: path("a/journal")))
        let b = try Data(contentsOf: URL(fileURLWithPath: path("b/journal")))
        XCTAssertEqual(a.count, b.count)
        XCTAssertNotEqual(a, b)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("a/instruments.json")))
    }

    /// `--version` prints the program's version (the one exports stamp into their metadata).
    func testVersionIsPrinted() throws {
        let result = try Uppfolj.run(["--version"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, result.stdout)
    }

    /// A journal named without a folder (`uppfolj import x.jsonl --journal J` in the current folder)
    /// used to crash the program: Foundation's path splitting traps on a bare name on Linux.
    func testAJournalNamedWithoutAFolderWorks() throws {
        let sample = try Uppfolj.run(["sample", "--cases", "5", "--seed", "2", "--until", "2026-06-30", "--out", path("s")])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        let log = try Uppfolj.run(["log", path("s/journal"), "--json"])
        try Data(log.stdout.utf8).write(to: folder.appendingPathComponent("events.jsonl"))
        let imported = try Uppfolj.run(["import", "events.jsonl", "--journal", "J"], directory: folder)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let status = try Uppfolj.run(["status", "J"], directory: folder)
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("5"), status.stdout)
        XCTAssertFalse(status.stderr.contains("crashed"), status.stderr)
    }

    func testVerifyReportsHeadHashAndLocatesAFlippedByte() throws {
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "20", "--seed", "3", "--until", "2026-06-30", "--out", path("s")]).status, 0)
        let ok = try Uppfolj.run(["verify", path("s/journal")])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("Huvudhash"), ok.stdout)
        XCTAssertTrue(ok.stdout.contains("Ärenden: 20"), ok.stdout)

        var bytes = try Data(contentsOf: URL(fileURLWithPath: path("s/journal")))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path("s/journal")))
        let bad = try Uppfolj.run(["verify", path("s/journal"), "--lang", "en"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue((bad.stdout + bad.stderr).lowercased().contains("record"), bad.stdout + bad.stderr)
        XCTAssertTrue((bad.stdout + bad.stderr).contains("offset") || (bad.stdout + bad.stderr).contains("byte"), bad.stdout + bad.stderr)
    }

    func testLogJSONRoundTripsThroughImport() throws {
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "60", "--seed", "4", "--until", "2026-06-30", "--out", path("s")]).status, 0)
        let log = try Uppfolj.run(["log", path("s/journal"), "--json"])
        XCTAssertEqual(log.status, 0, log.stderr)
        try Data(log.stdout.utf8).write(to: URL(fileURLWithPath: path("events.jsonl")))
        let imported = try Uppfolj.run(["import", path("events.jsonl"), "--journal", path("copy/journal")])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let again = try Uppfolj.run(["log", path("copy/journal"), "--json"])
        XCTAssertEqual(again.stdout, log.stdout)
        // Same events in the same order; the copy has its own key, so its bytes (and head hash)
        // differ. (For plain journals the heads are equal: CaseStoreTests.testJSONRoundTrip….)
        let verified = try Uppfolj.run(["verify", path("copy/journal")])
        XCTAssertEqual(verified.status, 0, verified.stderr)
        XCTAssertTrue(verified.stdout.contains("Händelser: \(log.stdout.split(separator: "\n").count)"), verified.stdout)
    }

    func testImportWithBadLinesWritesNothingAndNamesEveryLine() throws {
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "5", "--seed", "5", "--until", "2026-06-30", "--out", path("s")]).status, 0)
        let lines = try Uppfolj.run(["log", path("s/journal"), "--json"]).stdout.split(separator: "\n").map(String.init)
        var broken = lines
        broken[1] = "{not json"
        broken[3] = broken[3].replacingOccurrences(of: "\"worker\":\"hl", with: "\"worker\":\"811218-9876 hl")
        try Data(broken.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path("bad.jsonl")))

        let result = try Uppfolj.run(["import", path("bad.jsonl"), "--journal", path("new/journal")])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("Rad 2"), result.stderr)
        XCTAssertTrue(result.stderr.contains("inget skrevs"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("new/journal")))

        // Into an existing journal: byte-identical afterwards.
        let before = try Data(contentsOf: URL(fileURLWithPath: path("s/journal")))
        let again = try Uppfolj.run(["import", path("bad.jsonl"), "--journal", path("s/journal")])
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("s/journal"))), before)
    }

    /// Into a new journal the lines are sealed as they are checked (issue 20, item 5): a line refused
    /// at the end of the input, after everything before it was sealed, still leaves no journal, no
    /// key file and no folder behind, and the refusal reads as before.
    func testALineRefusedAtTheEndOfANewJournalsImportLeavesNothing() throws {
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "200", "--seed", "7", "--until", "2026-06-30", "--out", path("s")]).status, 0)
        let lines = try Uppfolj.run(["log", path("s/journal"), "--json"]).stdout.split(separator: "\n").map(String.init)
        XCTAssertGreaterThan(lines.count, 2_000)
        let last = lines.count
        for (name, bad, said) in [
            ("invalid", lines[last - 1].replacingOccurrences(of: "\"worker\":\"", with: "\"worker\":\"811218-9876 "),
             "Rad \(last): worker: "),
            ("unreadable", String(lines[last - 1].dropLast()), "Rad \(last): kan inte tolkas: "),
        ] {
            XCTAssertNotEqual(bad, lines[last - 1], name)
            try Data((lines.dropLast() + [bad]).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path("\(name).jsonl")))
            let result = try Uppfolj.run(["import", path("\(name).jsonl"), "--journal", path("\(name)/journal")])
            XCTAssertEqual(result.status, 1, result.stderr)
            let said_ = result.stderr.split(separator: "\n").map(String.init)
            XCTAssertEqual(said_.count, 2, result.stderr)
            XCTAssertTrue(said_.first?.hasPrefix(said) == true, result.stderr)
            XCTAssertEqual(said_.last, "1 rad är felaktig; inget skrevs.")
            XCTAssertFalse(FileManager.default.fileExists(atPath: path(name)), "\(name): a folder or journal was left: \(result.stderr)")
        }
    }

    /// Issue 12, item 2: an imported event whose id an event of the journal already has is refused
    /// (a T1 carrying the intake's id, later retracted, took the whole case with it).
    func testImportRefusesAnEventIdTheJournalAlreadyHolds() throws {
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "40", "--seed", "6", "--until", "2026-06-30", "--out", path("s")]).status, 0)
        let lines = try Uppfolj.run(["log", path("s/journal"), "--json"]).stdout.split(separator: "\n").map(String.init)
        func field(_ name: String, _ line: String) -> String? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return object[name] as? String
        }
        // A case with a T1: its intake goes in first, then the T1 under the intake's id.
        let t1 = try XCTUnwrap(lines.first { field("type", $0) == "duringFollowUp" })
        let code = try XCTUnwrap(field("case", t1))
        let intake = try XCTUnwrap(lines.first { field("type", $0) == "intake" && field("case", $0) == code })
        let intakeId = try XCTUnwrap(field("id", intake)), t1Id = try XCTUnwrap(field("id", t1))
        try Data(intake.utf8).write(to: URL(fileURLWithPath: path("intake.jsonl")))
        try Data(t1.replacingOccurrences(of: t1Id, with: intakeId).utf8).write(to: URL(fileURLWithPath: path("t1.jsonl")))
        XCTAssertEqual(try Uppfolj.run(["import", path("intake.jsonl"), "--journal", path("j/journal")]).status, 0)

        let before = try Data(contentsOf: URL(fileURLWithPath: path("j/journal")))
        let refused = try Uppfolj.run(["import", path("t1.jsonl"), "--journal", path("j/journal")])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("Rad 1"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(intakeId) finns redan i journalen"), refused.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("j/journal"))), before, "nothing written")

        // The same T1 under its own id is accepted: the id was the only problem.
        try Data(t1.utf8).write(to: URL(fileURLWithPath: path("t1.jsonl")))
        let accepted = try Uppfolj.run(["import", path("t1.jsonl"), "--journal", path("j/journal")])
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
    }

    func testDefaultJournalLocationAndPermissions() throws {
        let dataHome = path("xdg")
        let env = ["XDG_DATA_HOME": dataHome, "UPPFOLJ_JOURNAL": ""]
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "3", "--seed", "1", "--out", path("s")]).status, 0)
        let log = try Uppfolj.run(["log", path("s/journal"), "--json"]).stdout
        try Data(log.utf8).write(to: URL(fileURLWithPath: path("e.jsonl")))
        let result = try Uppfolj.run(["import", path("e.jsonl")], environment: env)
        XCTAssertEqual(result.status, 0, result.stderr)
        let journal = dataHome + "/uppfolj/journal"
        let fileMode = try FileManager.default.attributesOfItem(atPath: journal)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: dataHome + "/uppfolj")[.posixPermissions] as? Int
        XCTAssertEqual(fileMode, 0o600)
        XCTAssertEqual(folderMode, 0o700)
        let status = try Uppfolj.run(["verify"], environment: ["UPPFOLJ_JOURNAL": journal])
        XCTAssertEqual(status.status, 0, status.stderr)
    }

    func testEnglishAndHelp() throws {
        let help = try Uppfolj.run(["--help"])
        XCTAssertEqual(help.status, 0)
        for command in ["sample", "verify", "log", "import", "repair"] { XCTAssertTrue(help.stdout.contains(command)) }
        let missing = try Uppfolj.run(["verify", path("nothing-here"), "--lang", "en"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertFalse(missing.stderr.isEmpty)
    }
}
