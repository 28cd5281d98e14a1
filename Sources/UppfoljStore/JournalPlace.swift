import Foundation
import UppfoljCore
import UppfoljJournal
import UppfoljPostgres

/// Where a unit's journal lives: a file (with `<journal>.key` and `<journal>.access` beside it), or
/// a PostgreSQL database (its tables `uppfolj_journal`, `uppfolj_access`, `uppfolj_key_file`; see
/// `PostgresSchema`). Chosen from what the user gave as the journal (`--journal`,
/// `UPPFOLJ_JOURNAL`, the positional argument): a `postgresql://` or `postgres://` URL is a
/// database, anything else a path.
public enum JournalPlace: Sendable, Equatable {
    case file(path: String)
    case database(url: String)

    public init(_ given: String) {
        let lower = given.lowercased()
        if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") {
            self = .database(url: given)
        } else {
            self = .file(path: given)
        }
    }

    public var isDatabase: Bool {
        if case .database = self { return true }
        return false
    }

    /// For messages: the path, or the URL without its password.
    public var display: String {
        switch self {
        case .file(let path): path
        case .database(let url): PostgresConnection.withoutPassword(url)
        }
    }

    /// Opens (verifying the chain) the journal's records; `create` makes an empty journal file
    /// (a database's tables are made by `uppfolj pg init`).
    func openJournal(writes: Bool, create: Bool = false) throws -> any JournalBackend {
        switch self {
        case .file(let path): try Journal.open(path: path, mode: writes ? .sharedWrite : .readOnly, create: create && writes)
        case .database(let url): try PostgresJournal.open(url: url, table: .journal, writes: writes)
        }
    }

    /// The access log's records (nil: a file journal without an access log file).
    func openAccessLog(writes: Bool, create: Bool = false) throws -> (any JournalBackend)? {
        switch self {
        case .file(let path):
            let log = AccessLog.path(forJournal: path)
            guard create || JournalCompanions.exists(log) else { return nil }
            return try Journal.open(path: log, mode: writes ? .sharedWrite : .readOnly, create: create && writes)
        case .database(let url):
            return try PostgresJournal.open(url: url, table: .accessLog, writes: writes)
        }
    }

    /// The key file's bytes (nil: none — a plain journal, or none written yet).
    func readKeyFile() throws -> [UInt8]? {
        switch self {
        case .file(let path): try KeyFile.readBytes(journalPath: path)
        case .database(let url): try PostgresKeyFile.read(url: url)
        }
    }

    func writeKeyFile(_ bytes: [UInt8]) throws {
        switch self {
        case .file(let path): try KeyFile.writeAtomically(bytes, journalPath: path)
        case .database(let url): try PostgresKeyFile.write(url: url, bytes: bytes)
        }
    }
}

/// `uppfolj copy FROM TO`: a journal moved between backends (file → database and back) record by
/// record — the sealed payloads as they are, the batches as they were — with its access log and
/// key file, so the copy has the same records and the same head hashes; verified after the copy by
/// opening the destination anew (which checks the whole chain) and comparing.
public enum JournalCopy {
    public struct Report: Sendable, Equatable {
        public let records: Int
        public let headHash: String
        public let accessEntries: Int
        public let accessHeadHash: String?
        public let keyFile: Bool
    }

    public static func copy(from source: JournalPlace, to destination: JournalPlace) throws -> Report {
        do {
            return try copyChecked(from: source, to: destination)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
    }

    private static func copyChecked(from source: JournalPlace, to destination: JournalPlace) throws -> Report {
        let journal = try source.openJournal(writes: false)
        defer { journal.close() }
        let access = try source.openAccessLog(writes: false)
        defer { access?.close() }
        let key = try source.readKeyFile()

        try refuseNonEmpty(destination)
        // The key file first, as when a journal is created: a journal never stands without its key.
        if let key { try destination.writeKeyFile(key) }
        let target = try destination.openJournal(writes: true, create: true)
        defer { target.close() }
        try copyRecords(journal, to: target)
        var accessHead: String?
        var accessEntries = 0
        if let access {
            let targetLog = try destination.openAccessLog(writes: true, create: true)!
            defer { targetLog.close() }
            try copyRecords(access, to: targetLog)
            accessHead = access.headHashHex
            accessEntries = access.recordCount
        }

        // Verified after the copy: fresh handles check every record's chain.
        let check = try destination.openJournal(writes: false)
        defer { check.close() }
        guard check.recordCount == journal.recordCount, check.headHash == journal.headHash else {
            throw copyMismatch(destination, "journal", check.recordCount, check.headHashHex, journal.recordCount, journal.headHashHex)
        }
        if let access {
            let checkLog = try destination.openAccessLog(writes: false)
            defer { checkLog?.close() }
            guard let checkLog, checkLog.recordCount == access.recordCount, checkLog.headHash == access.headHash else {
                throw copyMismatch(destination, "access log", 0, "", access.recordCount, access.headHashHex)
            }
        }
        guard try destination.readKeyFile() == key else {
            throw StoreError(Localized(sv: "Kopian i \(destination.display) har inte samma nyckelfil som originalet.",
                                       en: "The copy in \(destination.display) does not have the same key file as the original."))
        }
        return Report(records: journal.recordCount, headHash: journal.headHashHex, accessEntries: accessEntries,
                      accessHeadHash: accessHead, keyFile: key != nil)
    }

    /// Appends the records in their original batches (the batch flag is part of the chain hash).
    private static func copyRecords(_ source: any JournalBackend, to target: any JournalBackend) throws {
        var batch: [(RecordKind, [UInt8])] = []
        try target.withWriteLock(keeping: 0) { _ in
            guard target.recordCount == 0 else { throw refusedNonEmpty(target.location) }
            try source.forEachRecord { record in
                batch.append((record.kind, Array(record.payload)))
                if !record.batchContinues {
                    try target.appendBatch(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            // (A verified journal ends with a whole batch; kept for safety.)
            if !batch.isEmpty { try target.appendBatch(batch) }
        }
    }

    private static func refuseNonEmpty(_ destination: JournalPlace) throws {
        switch destination {
        case .file(let path):
            for existing in [path, KeyFile.path(forJournal: path), AccessLog.path(forJournal: path)] where JournalCompanions.exists(existing) {
                throw refusedNonEmpty(existing)
            }
        case .database:
            let journal = try destination.openJournal(writes: false)
            defer { journal.close() }
            let log = try destination.openAccessLog(writes: false)
            defer { log?.close() }
            let key = try destination.readKeyFile()
            if journal.recordCount > 0 || (log?.recordCount ?? 0) > 0 || key != nil {
                throw refusedNonEmpty(destination.display)
            }
        }
    }

    static func refusedNonEmpty(_ place: String) -> StoreError {
        StoreError(Localized(
            sv: "Kopian skrivs inte: \(place) finns redan eller är inte tom. En kopia görs bara till en ny fil eller en tom databas (uppfolj pg init).",
            en: "Nothing copied: \(place) already exists or is not empty. A copy goes only to a new file or an empty database (uppfolj pg init)."))
    }

    static func copyMismatch(_ place: JournalPlace, _ what: String, _ records: Int, _ head: String, _ expected: Int, _ expectedHead: String) -> StoreError {
        StoreError(Localized(
            sv: "Kopian i \(place.display) stämmer inte (\(what)): \(records) poster, huvudhash \(head); väntat \(expected), \(expectedHead).",
            en: "The copy in \(place.display) does not match (\(what)): \(records) records, head hash \(head); expected \(expected), \(expectedHead)."))
    }
}

extension JournalPlace {
    /// What `verifyChains` found: records and head hash of the journal and of its access log, and
    /// the first fault (nil when both chains are whole).
    public struct ChainReport: Sendable {
        public var records = 0
        public var headHash = JournalChain.genesis.hex
        public var accessEntries: Int?
        public var accessHeadHash: String?
        public var fault: Localized?
    }

    /// Checks every record's chain of the journal and of its access log, without the passphrase
    /// (`uppfolj verify` of a database). A changed, removed or inserted record is a fault naming it;
    /// a journal that cannot be reached at all throws.
    public func verifyChains() throws -> ChainReport {
        var report = ChainReport()
        func fault(_ error: any Error, _ what: (sv: String, en: String)) throws -> Localized {
            guard let error = error as? JournalError, case .corrupt = error else { throw StoreError.journal(error) }
            return Localized(sv: "\(what.sv): \(error.svMessage)", en: "\(what.en): \(error.enMessage)")
        }
        do {
            let journal = try openJournal(writes: false)
            report.records = journal.recordCount
            report.headHash = journal.headHashHex
            journal.close()
        } catch {
            report.fault = try fault(error, ("journalen", "the journal"))
            return report
        }
        do {
            if let log = try openAccessLog(writes: false) {
                report.accessEntries = log.recordCount
                report.accessHeadHash = log.headHashHex
                log.close()
            }
        } catch {
            report.fault = try fault(error, ("åtkomstloggen", "the access log"))
        }
        return report
    }
}

// MARK: the companions of a journal given as a string (a path, or a database URL)

extension JournalPlace {
    /// Whether the journal has a key file (`<journal>.key`, or a row of `uppfolj_key_file`).
    static func keyFileExists(journalPath: String) throws -> Bool {
        switch JournalPlace(journalPath) {
        case .file(let path): JournalCompanions.exists(KeyFile.path(forJournal: path))
        case .database: try KeyFile.readBytes(journalPath: journalPath) != nil
        }
    }

    /// Whether the journal has an access log (`<journal>.access`, or rows in `uppfolj_access`).
    static func accessLogExists(journalPath: String) throws -> Bool {
        switch JournalPlace(journalPath) {
        case .file(let path): return JournalCompanions.exists(AccessLog.path(forJournal: path))
        case .database:
            guard let log = try openDatabaseLog(journalPath) else { return false }
            defer { log.close() }
            return log.recordCount > 0
        }
    }

    /// The access log of a database journal (its chain verified); nil when it has no entries and
    /// only reading was asked for.
    static func openDatabaseLog(_ journalPath: String, writes: Bool = false) throws -> (any JournalBackend)? {
        guard case .database(let url) = JournalPlace(journalPath) else { return nil }
        let log: PostgresJournal
        do { log = try PostgresJournal.open(url: url, table: .accessLog, writes: writes) } catch { throw StoreError.journal(error) }
        if !writes && log.recordCount == 0 {
            log.close()
            return nil
        }
        return log
    }
}

extension AccessLog {
    /// `append` for a database journal: under the access log's own lock (taken inside the
    /// journal's, so the anchors follow the log's order), checked against the journal's anchor.
    static func appendToDatabase(_ payload: [UInt8], url: String, cipher: RecordCipher?, anchored: LogHead?) throws -> LogHead {
        let name = JournalPlace.database(url: url).display + " (\(PostgresJournal.Table.accessLog.rawValue))"
        return try SealedLog.appendToDatabase(payload, url: url, table: .accessLog, cipher: cipher) { log in
            guard let anchored else { return nil }
            if anchored.records > 0 && log.recordCount == 0 { return JournalAnchors.accessLogMissing(name, anchored: anchored) }
            return try JournalAnchors.compare(log, with: anchored, path: name)
        }
    }
}
