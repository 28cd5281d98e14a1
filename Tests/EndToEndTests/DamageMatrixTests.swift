import Foundation
import XCTest

/// The damage matrix, through the real binary: a journal written as one big import (`sample`) and
/// one written by single appends (an `import` per event), each damaged in every way below, then
/// every command run on it. The rule checked for every cell and command: no silent loss — either
/// nothing is lost (the command's output equals the intact journal's), or the command refuses
/// (non-zero) with a message naming the damaged file; and whatever a cut or a repair removes is
/// kept in a file beside the journal (`.torn-…`, `.backup-…`) byte for byte.
final class DamageMatrixTests: XCTestCase {
    enum Written: String, CaseIterable { case bigImport, singleAppends }

    enum Damage: String, CaseIterable {
        case cutOneByte, cutLastRecord, cutTenRecords, zeroFromRecordBoundary
        /// The import's own last byte lost (the journal ends in the batch; its anchor cut first).
        case loseLastByteOfTheLastImport
        case deleteJournal, emptyJournal, symlinkJournal
        case deleteAccessLog, cutAccessLogByOneByte, cutAccessLogEntries
        case flipKeyFileByte

        /// The file the damage is in (the message must name it).
        func damaged(_ journal: String) -> String {
            switch self {
            case .deleteAccessLog, .cutAccessLogByOneByte, .cutAccessLogEntries: journal + ".access"
            case .flipKeyFileByte: journal + ".key"
            default: journal
            }
        }
    }

    /// An intact journal of each kind, built once, and what the commands say about it.
    struct Base {
        let folder: URL
        var journal: String { folder.appendingPathComponent("journal").path }
        let events: String      // log --json
        let status: String
        let audit: String
    }

    // Unchecked isolation: a cache filled and read only by this class's tests, which XCTest runs
    // one after another on one thread.
    nonisolated(unsafe) private static var bases: [Written: Base] = [:]
    private static let emptyImport: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-empty-\(getpid()).jsonl").path
        FileManager.default.createFile(atPath: path, contents: Data())
        return path
    }()

    private func base(_ kind: Written) throws -> Base {
        if let base = Self.bases[kind] { return base }
        let folder = try Uppfolj.temporaryFolder().appendingPathComponent(kind.rawValue)
        switch kind {
        case .bigImport:
            XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "12", "--out", folder.path]).status, 0)
        case .singleAppends:
            // The events of a sample, imported one by one: single appends (and an access entry each).
            let source = folder.deletingLastPathComponent().appendingPathComponent("source")
            XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "4", "--out", source.path]).status, 0)
            let lines = try Uppfolj.run(["log", "--json", source.appendingPathComponent("journal").path]).stdout
                .split(separator: "\n").prefix(25)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for line in lines {
                let one = folder.deletingLastPathComponent().appendingPathComponent("one.jsonl")
                try Data((line + "\n").utf8).write(to: one)
                let result = try Uppfolj.run(["import", one.path, "--journal", folder.appendingPathComponent("journal").path])
                XCTAssertEqual(result.status, 0, result.stderr)
            }
        }
        let journal = folder.appendingPathComponent("journal").path
        let base = Base(folder: folder, events: try Uppfolj.run(["log", "--json", journal]).stdout,
                        status: try Uppfolj.run(["status", journal]).stdout,
                        audit: try Uppfolj.run(["audit", journal]).stdout)
        XCTAssertFalse(base.events.isEmpty)
        Self.bases[kind] = base
        return base
    }

    func testBigImportJournal() throws { try runMatrix(.bigImport) }
    func testSingleAppendJournal() throws { try runMatrix(.singleAppends) }

    private func runMatrix(_ kind: Written) throws {
        let base = try base(kind)
        for damage in Damage.allCases {
            let folder = base.folder.deletingLastPathComponent().appendingPathComponent("\(kind.rawValue)-\(damage.rawValue)")
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.copyItem(at: base.folder, to: folder)
            let journal = folder.appendingPathComponent("journal").path
            try apply(damage, journal)
            try check(damage, kind, journal: journal, base: base)
        }
    }

    // MARK: damage

    private func apply(_ damage: Damage, _ journal: String) throws {
        let fm = FileManager.default
        var bytes = fm.contents(atPath: journal).map(Array.init) ?? []
        let frames = Self.frameOffsets(bytes)
        func write(_ new: [UInt8], _ path: String = journal) throws { try Data(new).write(to: URL(fileURLWithPath: path)) }
        switch damage {
        case .cutOneByte: try write(Array(bytes.dropLast()))
        case .cutLastRecord: try write(Array(bytes[..<frames.last!]))
        case .cutTenRecords: try write(Array(bytes[..<frames[frames.count - 10]]))
        case .zeroFromRecordBoundary:
            let from = frames[frames.count - 10]
            for i in from..<bytes.count { bytes[i] = 0 }
            try write(bytes)
        case .loseLastByteOfTheLastImport:
            // Every import is followed by its anchor record: drop it, then the import's last byte.
            try write(Array(bytes[..<(frames.last! - 1)]))
        case .deleteJournal: try fm.removeItem(atPath: journal)
        case .emptyJournal: try write([])
        case .symlinkJournal:
            let target = journal + "-target"
            fm.createFile(atPath: target, contents: Data(), attributes: [.posixPermissions: 0o600])
            try fm.removeItem(atPath: journal)
            try fm.createSymbolicLink(atPath: journal, withDestinationPath: target)
        case .deleteAccessLog: try fm.removeItem(atPath: journal + ".access")
        case .cutAccessLogByOneByte:
            let log = Array(fm.contents(atPath: journal + ".access")!)
            try write(Array(log.dropLast()), journal + ".access")
        case .cutAccessLogEntries:
            let log = Array(fm.contents(atPath: journal + ".access")!)
            let entries = Self.frameOffsets(log)
            try write(Array(log[..<entries[max(0, entries.count - 3)]]), journal + ".access")
        case .flipKeyFileByte:
            var key = Array(fm.contents(atPath: journal + ".key")!)
            key[70] ^= 0x01   // inside the wrapped journal key
            try write(key, journal + ".key")
        }
    }

    /// Frame offsets of a journal-format file (walks the length fields from byte 32).
    static func frameOffsets(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var o = 32
        while o + 9 <= bytes.count {
            let length = Int(bytes[o]) | Int(bytes[o + 1]) << 8 | Int(bytes[o + 2]) << 16 | Int(bytes[o + 3]) << 24
            offsets.append(o)
            o += 41 + length
        }
        return offsets
    }

    // MARK: the rule

    private func check(_ damage: Damage, _ kind: Written, journal: String, base: Base) throws {
        let cell = "\(kind.rawValue)/\(damage.rawValue)"
        let damagedFile = damage.damaged(journal)
        let damagedBytes = FileManager.default.contents(atPath: damagedFile)
        let targetBefore = FileManager.default.contents(atPath: journal + "-target")
        func refusedNamingTheDamage(_ result: CommandResult, _ command: String) {
            XCTAssertNotEqual(result.status, 0, "\(cell) \(command): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains(damagedFile), "\(cell) \(command) does not name \(damagedFile): \(result.stderr)")
        }

        // Read-only commands first: they must never change anything.
        let audit = try Uppfolj.run(["audit", journal])
        if audit.status == 0 {
            XCTAssertEqual(audit.stdout, base.audit, "\(cell) audit: exit 0 but entries differ")
        } else {
            refusedNamingTheDamage(audit, "audit")
        }
        let verify = try Uppfolj.run(["verify", journal])
        if verify.status == 0 {
            XCTAssertTrue(verify.stdout.contains("OK"), "\(cell) verify")
        } else if damage != .deleteJournal && damage != .emptyJournal && damage != .symlinkJournal {
            XCTAssertTrue(verify.stdout.contains("FEL") || verify.stderr.contains(damagedFile), "\(cell) verify: \(verify.stdout) \(verify.stderr)")
        }
        let status = try Uppfolj.run(["status", journal])
        if status.status == 0 {
            XCTAssertEqual(status.stdout.split(separator: "\n").dropFirst().first, base.status.split(separator: "\n").dropFirst().first,
                           "\(cell) status: exit 0 with other figures: \(status.stdout)")
            XCTAssertFalse(status.stdout.contains("Ärenden: 0"), "\(cell) status: 0 cases")
        } else {
            refusedNamingTheDamage(status, "status")
        }
        let log = try Uppfolj.run(["log", "--json", journal])
        if log.status == 0 {
            XCTAssertEqual(log.stdout, base.events, "\(cell) log: exit 0 but events differ")
        } else {
            refusedNamingTheDamage(log, "log")
        }
        let exportFile = journal + "-export.json"
        let export = try Uppfolj.run(["export", journal, "--period", "2025", "--out", exportFile])
        if export.status != 0 {
            refusedNamingTheDamage(export, "export")
            XCTAssertFalse(FileManager.default.fileExists(atPath: exportFile), "\(cell) export: refused but wrote \(exportFile)")
        } else {
            XCTAssertEqual(log.status, 0, "\(cell) export published what log refused")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: journal + "-target"), targetBefore, "\(cell): the link's target was written")

        // A read-write open: nothing lost, or refused, or what it cut is kept beside the journal.
        let before = FileManager.default.contents(atPath: journal)
        let imported = try Uppfolj.run(["import", Self.emptyImport, "--journal", journal])
        let torn = try FileManager.default.contentsOfDirectory(atPath: (journal as NSString).deletingLastPathComponent)
            .filter { $0.hasPrefix("journal.torn-") }
        if imported.status != 0 {
            refusedNamingTheDamage(imported, "import")
            if damage != .deleteJournal {
                XCTAssertEqual(FileManager.default.contents(atPath: journal), before, "\(cell) import: refused but changed the journal")
            } else {
                XCTAssertFalse(FileManager.default.fileExists(atPath: journal), "\(cell) import: a lost journal was re-created")
            }
        } else {
            let after = try Uppfolj.run(["log", "--json", journal])
            XCTAssertEqual(after.stdout, base.events, "\(cell) import: exit 0 but events were lost")
            if let before, let now = FileManager.default.contents(atPath: journal), now.count < before.count {
                // It cut a torn tail: the removed bytes are in a .torn- file, and it said so.
                XCTAssertEqual(torn.count, 1, "\(cell) import cut without keeping a copy")
                let saved = torn.first.flatMap { FileManager.default.contents(atPath: (journal as NSString).deletingLastPathComponent + "/" + $0) }
                XCTAssertEqual(saved, before.subdata(in: now.count..<before.count), "\(cell) the .torn- copy differs from what was cut")
                XCTAssertTrue(imported.stderr.contains(torn.first ?? "?"), "\(cell) import did not name the copy: \(imported.stderr)")
            }
        }

        // Where a repair applies, whatever it removes is in its backup.
        let repairable: Bool
        switch damage {
        case .deleteJournal, .symlinkJournal, .flipKeyFileByte, .cutLastRecord: repairable = false
        default: repairable = imported.status != 0 || audit.status != 0
        }
        guard repairable, let damagedBytes else { return }
        let current = FileManager.default.contents(atPath: damagedFile)
        let repair = try Uppfolj.run(["repair", "--yes", damagedFile])
        if current == nil {
            // A deleted access log: nothing to back up; repair starts a new one and says so.
            XCTAssertEqual(repair.status, 0, "\(cell) repair: \(repair.stderr)")
            XCTAssertTrue(try Uppfolj.run(["audit", journal]).stdout.contains("repar"), "\(cell) the repair is not on record")
            return
        }
        guard repair.status == 0 else {
            // Nothing it could cut (a chain that is whole but shorter than recorded): it says why.
            XCTAssertFalse(repair.stderr.isEmpty, "\(cell) repair: \(repair.stdout)")
            return
        }
        let backups = try FileManager.default.contentsOfDirectory(atPath: (journal as NSString).deletingLastPathComponent)
            .filter { $0.hasPrefix((damagedFile as NSString).lastPathComponent + ".backup-") }
        if backups.isEmpty, let current, let after = FileManager.default.contents(atPath: damagedFile), after.prefix(current.count) == current {
            // Nothing was cut (an access log whose chain is whole but lost entries): the repair only
            // appended its record of the loss, which audit now shows.
            XCTAssertTrue(try Uppfolj.run(["audit", journal]).stdout.contains("repar"), "\(cell) the repair is not on record")
            return
        }
        XCTAssertEqual(backups.count, 1, "\(cell) repair kept no backup: \(repair.stdout)")
        let backup = backups.first.flatMap { FileManager.default.contents(atPath: (journal as NSString).deletingLastPathComponent + "/" + $0) }
        XCTAssertEqual(backup, current ?? damagedBytes, "\(cell) the backup is not the file as it was")
        XCTAssertTrue(repair.stdout.contains(backups.first ?? "?"), "\(cell) repair did not name its backup: \(repair.stdout)")
    }
}
