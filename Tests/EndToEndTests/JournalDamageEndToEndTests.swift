import Foundation
import XCTest

/// One regression test per finding of issue 12's journal-damage part, through the real binary.
final class JournalDamageEndToEndTests: XCTestCase {
    private var folder: URL!
    private var journal: String { folder.appendingPathComponent("journal").path }
    private var emptyImport: String { folder.appendingPathComponent("empty.jsonl").path }

    override func setUpWithError() throws {
        folder = try Uppfolj.temporaryFolder()
        FileManager.default.createFile(atPath: emptyImport, contents: Data())
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func sample(cases: Int = 12) throws {
        let made = try Uppfolj.run(["sample", "--cases", "\(cases)", "--out", folder.path])
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    private func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map(Array.init) }

    private func files(prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(prefix) }.sorted()
    }

    // Item 1: one lost byte at the end of a big import is not "an interrupted write": nothing is cut
    // by itself, readers say the journal needs attention (never "0 cases"), repair keeps a backup.
    func testALostLastByteOfABigImportIsRefusedNotCut() throws {
        try sample()
        let events = try Uppfolj.run(["log", "--json", journal]).stdout
        var damaged = try XCTUnwrap(bytes(journal))
        // The import's anchor record follows it: cut that, then the import's own last byte.
        let last = try XCTUnwrap(DamageMatrixTests.frameOffsets(damaged).last)
        damaged = Array(damaged[..<(last - 1)])
        try Data(damaged).write(to: URL(fileURLWithPath: journal))

        let imported = try Uppfolj.run(["import", emptyImport, "--journal", journal])
        XCTAssertEqual(imported.status, 3, imported.stderr)
        XCTAssertTrue(imported.stderr.contains("uppfolj repair --yes \(journal)"), imported.stderr)
        XCTAssertTrue(imported.stderr.contains("händelser) i en oavslutad sats vars sista post finns men är skadad"), imported.stderr)
        XCTAssertEqual(bytes(journal), damaged, "nothing was cut")
        for command in [["status", journal], ["log", journal], ["audit", journal],
                        ["export", journal, "--period", "2025", "--out", folder.appendingPathComponent("e.json").path]] {
            let result = try Uppfolj.run(command)
            XCTAssertNotEqual(result.status, 0, "\(command[0]): \(result.stdout)")
            XCTAssertFalse(result.stdout.contains("Ärenden: 0"), "\(command[0]) reported 0 cases")
            XCTAssertTrue(result.stderr.contains("behöver åtgärdas"), "\(command[0]): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("e.json").path), "an export of zeros")

        let repair = try Uppfolj.run(["repair", "--yes", journal])
        XCTAssertEqual(repair.status, 0, repair.stderr)
        let backup = try XCTUnwrap(try files(prefix: "journal.backup-").first)
        XCTAssertEqual(bytes(folder.appendingPathComponent(backup).path), damaged, "the backup holds everything repair removed")
        XCTAssertTrue(repair.stdout.contains(backup), repair.stdout)
        XCTAssertEqual(try Uppfolj.run(["status", journal]).status, 0, "the journal opens again after repair")
        XCTAssertNotEqual(try Uppfolj.run(["log", "--json", journal]).stdout, events, "the unfinished import is gone from the journal")
    }

    // Records cut at a record boundary (whole records, the chain still whole): refused on open,
    // since the access log recorded them; repair cannot bring them back, so it puts the loss on
    // record, and the journal opens again with what it has.
    func testRecordsCutAtABoundaryAreRefusedUntilTheLossIsOnRecord() throws {
        // Three single imports: each is its event, its access entry and its anchor record.
        let source = folder.appendingPathComponent("source")
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "1", "--out", source.path]).status, 0)
        let lines = try Uppfolj.run(["log", "--json", source.appendingPathComponent("journal").path]).stdout.split(separator: "\n")
        for line in lines.prefix(3) {
            let one = folder.appendingPathComponent("one.jsonl").path
            try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: one))
            XCTAssertEqual(try Uppfolj.run(["import", one, "--journal", journal]).status, 0)
        }
        let original = try XCTUnwrap(bytes(journal))
        let frames = DamageMatrixTests.frameOffsets(original)
        // The last import's event and anchor: whole records, so the chain stays whole.
        try Data(original[..<frames[frames.count - 2]]).write(to: URL(fileURLWithPath: journal))
        XCTAssertEqual(try Uppfolj.run(["verify", journal]).status, 1, "verify (with the passphrase) sees the loss")
        let status = try Uppfolj.run(["status", journal])
        XCTAssertEqual(status.status, 3)
        XCTAssertTrue(status.stderr.contains("sparade poster saknas i slutet"), status.stderr)
        let repair = try Uppfolj.run(["repair", "--yes", journal])
        XCTAssertEqual(repair.status, 0, repair.stderr)
        XCTAssertTrue(repair.stdout.contains("Förlusten skrivs nu in i åtkomstloggen"), repair.stdout)
        XCTAssertEqual(try files(prefix: "journal.backup-"), [], "nothing was cut, so nothing needed a backup")
        XCTAssertEqual(try Uppfolj.run(["status", journal]).status, 0)
        let audit = try Uppfolj.run(["audit", journal])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        XCTAssertTrue(audit.stdout.contains("reparerade journalen"), audit.stdout)
    }

    // Item 1: an interrupted single save is still cut by itself, and kept beside the journal.
    func testAnUnfinishedLastRecordIsCutAndSavedBeside() throws {
        try sample()
        let original = try XCTUnwrap(bytes(journal))
        let torn = original + [0x20, 0, 0, 0, 0xDF, 0xFF, 0xFF, 0xFF, 0x00, 1, 2, 3]  // a frame begun, never finished
        try Data(torn).write(to: URL(fileURLWithPath: journal))
        let status = try Uppfolj.run(["status", journal])
        XCTAssertEqual(status.status, 3, "a reader does not skip a torn end nobody is writing: \(status.stdout)")
        let imported = try Uppfolj.run(["import", emptyImport, "--journal", journal])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(bytes(journal), original)
        let saved = try XCTUnwrap(try files(prefix: "journal.torn-").first)
        XCTAssertEqual(bytes(folder.appendingPathComponent(saved).path), Array(torn[original.count...]))
        XCTAssertTrue(imported.stderr.contains(saved), imported.stderr)
    }

    // Item 4: a deleted journal is not re-created where its key file and access log are; a 0-byte
    // journal is refused by export (no export of zeros); a symlink is never followed.
    func testAVanishedEmptiedOrSwappedJournalIsRefused() throws {
        try sample()
        let saved = try XCTUnwrap(bytes(journal))
        try FileManager.default.removeItem(atPath: journal)
        let recreated = try Uppfolj.run(["import", emptyImport, "--journal", journal])
        XCTAssertEqual(recreated.status, 3)
        XCTAssertTrue(recreated.stderr.contains("en journal har funnits här"), recreated.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: journal))
        let status = try Uppfolj.run(["status", journal])
        XCTAssertNotEqual(status.status, 0, status.stdout)

        FileManager.default.createFile(atPath: journal, contents: Data(), attributes: [.posixPermissions: 0o600])
        let out = folder.appendingPathComponent("e.json").path
        let export = try Uppfolj.run(["export", journal, "--period", "2025", "--out", out])
        XCTAssertEqual(export.status, 3)
        XCTAssertTrue(export.stderr.contains("filen är tom (0 byte)"), export.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertEqual(try Uppfolj.run(["import", emptyImport, "--journal", journal]).status, 3)
        XCTAssertEqual(bytes(journal), [], "no header written into an emptied journal")

        let target = folder.appendingPathComponent("elsewhere").path
        FileManager.default.createFile(atPath: target, contents: Data(), attributes: [.posixPermissions: 0o600])
        try FileManager.default.removeItem(atPath: journal)
        try FileManager.default.createSymbolicLink(atPath: journal, withDestinationPath: target)
        for command in [["import", emptyImport, "--journal", journal], ["status", journal]] {
            let result = try Uppfolj.run(command)
            XCTAssertEqual(result.status, 3, command[0])
            XCTAssertTrue(result.stderr.contains("symbolisk länk"), result.stderr)
        }
        XCTAssertEqual(bytes(target), [], "nothing written through the link")
        try FileManager.default.removeItem(atPath: journal)
        try Data(saved).write(to: URL(fileURLWithPath: journal))
        chmod(journal, 0o600)
        XCTAssertEqual(try Uppfolj.run(["status", journal]).status, 0, "the journal put back opens")
    }

    // Item 5: a refused creation leaves no stub; a header-only journal beside a key file is not
    // read as plain (no access entry in the clear); repair mends an access log.
    func testCreationLeavesNoStubAndNoPlainAccessEntry() throws {
        let line = try sampleLine()
        let input = folder.appendingPathComponent("one.jsonl").path
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let refused = try Uppfolj.runWithoutPassphrase(["import", input, "--journal", journal])
        XCTAssertEqual(refused.status, 3, refused.stderr)
        XCTAssertEqual(try files(prefix: "journal"), [], "a refused import left files behind")

        // A creation interrupted between the key file and the encryption header (older versions).
        try sample()
        let full = try XCTUnwrap(bytes(journal))
        try Data(full.prefix(32)).write(to: URL(fileURLWithPath: journal))
        try FileManager.default.removeItem(atPath: journal + ".access")
        let export = try Uppfolj.run(["export", journal, "--period", "2025", "--out", folder.appendingPathComponent("e.json").path])
        XCTAssertEqual(export.status, 3)
        XCTAssertTrue(export.stderr.contains("inte färdigskapad"), export.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: journal + ".access"), "an access entry was written without the key")
    }

    func testRepairMendsAnAccessLogWithAnEntryInTheClear() throws {
        try sample()
        // An entry in the clear appended to the sealed log (what the old creation race wrote).
        var log = try XCTUnwrap(bytes(journal + ".access"))
        let good = log
        log += try Self.plainFrame(after: log, payload: Array(#"{"action":"export","time":1,"worker":"x"}"#.utf8))
        try Data(log).write(to: URL(fileURLWithPath: journal + ".access"))
        let audit = try Uppfolj.run(["audit", journal])
        XCTAssertNotEqual(audit.status, 0)
        XCTAssertFalse(audit.stderr.contains("JSON") || audit.stderr.contains("decod"), audit.stderr)

        let repair = try Uppfolj.run(["repair", "--yes", journal + ".access"])
        XCTAssertEqual(repair.status, 0, repair.stderr)
        let backup = try XCTUnwrap(try files(prefix: "journal.access.backup-").first)
        XCTAssertEqual(bytes(folder.appendingPathComponent(backup).path), log)
        XCTAssertEqual(bytes(journal + ".access").map { Array($0.prefix(good.count)) }, good)
        let after = try Uppfolj.run(["audit", journal])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertTrue(after.stdout.contains("reparerade"), after.stdout)
    }

    // Item 6: an intact access log verifies as one; a cut or deleted one fails audit and verify.
    func testAccessLogVerifiesAndItsLossIsDetected() throws {
        try sample()
        let intact = try Uppfolj.run(["verify", journal + ".access"])
        XCTAssertEqual(intact.status, 0, intact.stdout + intact.stderr)
        XCTAssertTrue(intact.stdout.contains("Åtkomstlogg"), intact.stdout)
        XCTAssertEqual(try Uppfolj.run(["export", journal, "--period", "2025", "--out", folder.appendingPathComponent("e.json").path]).status, 0)
        XCTAssertEqual(try Uppfolj.run(["verify", journal]).status, 0)

        let log = try XCTUnwrap(bytes(journal + ".access"))
        let entries = DamageMatrixTests.frameOffsets(log)
        try Data(log[..<entries.last!]).write(to: URL(fileURLWithPath: journal + ".access"))  // one whole entry cut
        for command in [["audit", journal], ["verify", journal], ["verify", journal + ".access"]] {
            let result = try Uppfolj.run(command)
            XCTAssertEqual(result.status, 1, "\(command): \(result.stdout)")
            XCTAssertTrue((result.stdout + result.stderr).contains("har 1 poster, men journalen har förankrat att den hade 2"),
                          "\(command): \(result.stdout) \(result.stderr)")
        }
        try FileManager.default.removeItem(atPath: journal + ".access")
        let audit = try Uppfolj.run(["audit", journal])
        XCTAssertEqual(audit.status, 1)
        XCTAssertTrue(audit.stderr.contains("den har tagits bort"), audit.stderr)
        let export = try Uppfolj.run(["export", journal, "--period", "2025", "--out", folder.appendingPathComponent("f.json").path])
        XCTAssertEqual(export.status, 3, "no export while the log that must record it is gone")
        XCTAssertFalse(FileManager.default.fileExists(atPath: journal + ".access"), "a new log was started over the loss")
    }

    // Item 7: a killed rekey's journal.key.new is removed by the next read-write open; a journal
    // or key file readable by others is warned about.
    func testLeftoverNewKeyFileIsRemovedAndReadablePermissionsWarned() throws {
        try sample()
        try Data(bytes(journal + ".key")!).write(to: URL(fileURLWithPath: journal + ".key.new"))
        let imported = try Uppfolj.run(["import", emptyImport, "--journal", journal])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: journal + ".key.new"))
        chmod(journal, 0o644)
        chmod(journal + ".key", 0o640)
        let status = try Uppfolj.run(["status", journal])
        XCTAssertEqual(status.status, 0)
        XCTAssertTrue(status.stderr.contains("\(journal) kan läsas av andra än ägaren (rättigheter 644). Ändra med: chmod 600 \(journal)"), status.stderr)
        XCTAssertTrue(status.stderr.contains("\(journal).key kan läsas av andra"), status.stderr)
    }

    // Smaller findings: the key file's damage is named (not "wrong passphrase"); audit without the
    // key file says so (no JSON decoding error); verify of a damaged encrypted journal still says
    // it is encrypted; every stderr message ends its line.
    func testKeyFileDamageAndVerifyOfADamagedEncryptedJournal() throws {
        try sample()
        var key = try XCTUnwrap(bytes(journal + ".key"))
        let good = key
        key[80] ^= 0x04
        try Data(key).write(to: URL(fileURLWithPath: journal + ".key"))
        let status = try Uppfolj.run(["status", journal])
        XCTAssertEqual(status.status, 3)
        XCTAssertTrue(status.stderr.contains("Nyckelfilen \(journal).key är skadad"), status.stderr)
        XCTAssertFalse(status.stderr.contains("Fel lösenfras"), status.stderr)

        try FileManager.default.removeItem(atPath: journal + ".key")
        let audit = try Uppfolj.run(["audit", journal])
        XCTAssertNotEqual(audit.status, 0)
        XCTAssertTrue(audit.stderr.contains("nyckelfilen"), audit.stderr)
        XCTAssertFalse(audit.stderr.contains("JSON") || audit.stderr.contains("decod") || audit.stderr.contains("Decod"), audit.stderr)
        try Data(good).write(to: URL(fileURLWithPath: journal + ".key"))
        chmod(journal + ".key", 0o600)

        var damaged = try XCTUnwrap(bytes(journal))
        damaged[damaged.count / 2] ^= 0x10
        try Data(damaged).write(to: URL(fileURLWithPath: journal))
        let verify = try Uppfolj.run(["verify", journal])
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.stdout.contains("Kryptering: AES-256-GCM"), verify.stdout)
        XCTAssertTrue(verify.stdout.contains("FEL"), verify.stdout)
        let open = try Uppfolj.run(["status", journal])
        XCTAssertTrue(open.stderr.hasSuffix("\n"), "every message ends its line")
    }

    // Full disk (here: a file-size limit, EFBIG): the import says once, and first, that the journal
    // is unchanged, exits 3 (the journal could not be used), and the journal is byte for byte as before.
    func testAFullDiskLeavesTheJournalUnchangedAndSaysSoOnce() throws {
        try sample(cases: 2)
        let before = try XCTUnwrap(bytes(journal))
        let source = folder.appendingPathComponent("more")
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "60", "--seed", "7", "--out", source.path]).status, 0)
        let lines = try Uppfolj.run(["log", "--json", source.appendingPathComponent("journal").path]).stdout
        let input = folder.appendingPathComponent("more.jsonl").path
        try Data(lines.utf8).write(to: URL(fileURLWithPath: input))
        let limitKiB = before.count / 1024 + 4
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(limitKiB); exec \"$0\" import \"$1\" --journal \"$2\"",
                             Uppfolj.binary.path, input, journal]
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["UPPFOLJ_PASSPHRASE_FILE"] = TestPassphrase.file
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 3, stderr)
        XCTAssertTrue(stderr.contains("Journalen är oförändrad: det gick inte att skriva i den"), stderr)
        XCTAssertEqual(stderr.components(separatedBy: "spara").count, 1, "no doubled \"Kunde inte spara\": \(stderr)")
        XCTAssertEqual(bytes(journal), before, "the journal is byte for byte as before")
    }

    private func sampleLine() throws -> String {
        let source = folder.appendingPathComponent("source")
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "1", "--out", source.path]).status, 0)
        let lines = try Uppfolj.run(["log", "--json", source.appendingPathComponent("journal").path]).stdout
        try FileManager.default.removeItem(at: source)
        return String(try XCTUnwrap(lines.split(separator: "\n").first))
    }

    /// A correctly chained frame with `payload` after the last record of `log` (kind data).
    static func plainFrame(after log: [UInt8], payload: [UInt8]) throws -> [UInt8] {
        let previous = Array(log.suffix(32))
        let length = UInt32(payload.count)
        var hashed = previous + [0x00]
        withUnsafeBytes(of: length.littleEndian) { hashed += $0 }
        hashed += payload
        var frame: [UInt8] = []
        withUnsafeBytes(of: length.littleEndian) { frame += $0 }
        withUnsafeBytes(of: (~length).littleEndian) { frame += $0 }
        frame.append(0x00)
        frame += payload
        frame += try sha256(hashed)
        return frame
    }

    /// SHA-256 by coreutils' sha256sum (the test target does not link a crypto library).
    static func sha256(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let hex = Array(text.prefix(64).utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        return stride(from: 0, to: 64, by: 2).map { nibble(hex[$0]) << 4 | nibble(hex[$0 + 1]) }
    }
}
