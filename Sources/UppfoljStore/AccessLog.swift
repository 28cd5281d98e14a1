import Foundation
import UppfoljCore
import UppfoljJournal

/// One entry of the access log: who did what, when. No case content, only the case code.
public struct AccessRecord: Codable, Equatable, Sendable {
    public enum Action: String, Codable, Sendable {
        /// A worker opened a case in the workbench.
        case openCase
        /// Group-level figures were exported.
        case export
        /// The manager view was opened on the journal.
        case dashboard
        /// A worker saved an event in the workbench (case code only).
        case save
        /// Events were imported (`uppfolj import`, `uppfolj sample`); `count` says how many.
        case importEvents
        /// `uppfolj repair` cut the journal (kept a backup); `journalRecords` is what was kept.
        case repair
        /// A case's summary was written out (`uppfolj case CODE --out FILE`; `format` says how).
        case caseSummary
    }

    /// Seconds since 1970 (UTC).
    public var time: Int64
    public var worker: String
    public var action: Action
    public var caseCode: String?
    public var period: String?
    public var format: String?
    public var minimumCellSize: Int?
    /// An export whose k is not the unit's policy (`--override-policy`); absent otherwise.
    public var policyOverride: Bool?
    /// Events imported (`importEvents`).
    public var count: Int?
    /// The journal's head when the entry was written: its record count and head hash (hex). The
    /// journal can then not lose records at its end unnoticed (see `JournalAnchors`). Absent in
    /// entries written by older versions.
    public var journalRecords: Int?
    public var journalHead: String?
    /// A release's entry: the release register's head after the release was registered (its
    /// record count and head hash, hex), so that a register that is lost, cut or replaced is
    /// noticed at the next release (see `ReleaseRegister`). Absent otherwise.
    public var releaseRecords: Int?
    public var releaseHead: String?

    public init(time: Int64, worker: String, action: Action, caseCode: String? = nil, period: String? = nil,
                format: String? = nil, minimumCellSize: Int? = nil, count: Int? = nil) {
        self.time = time
        self.worker = worker
        self.action = action
        self.caseCode = caseCode
        self.period = period
        self.format = format
        self.minimumCellSize = minimumCellSize
        self.count = count
    }
}

/// A log's head: how many records it has and the chain hash of the last (h_0 when none).
public struct LogHead: Sendable, Equatable {
    public let records: Int
    public let hash: ChainHash

    public init(records: Int, hash: ChainHash) {
        self.records = records
        self.hash = hash
    }
}

/// The access log: a companion file next to the journal (`<journal>.access`) in the journal's own
/// hash-chained, append-only format, so it is as tamper-evident as the journal and `verify`-able.
///
/// A companion file rather than records in the journal, because (1) read-only users must be logged
/// too — the manager's view and `export` open the case journal read-only, and must not take its
/// single-writer lock away from a worker who is saving; (2) the case journal's replay, `log --json`
/// and import round trip stay exactly the case events; (3) the log can be kept and shown to a
/// manager (`uppfolj audit`) without the case journal. Each entry is appended with its own short
/// open–append–close, so several processes take turns.
///
/// The log of an encrypted journal is sealed too (case codes and worker ids are personal data):
/// AES-256-GCM under a key derived from the journal key, each entry bound to its place in the log.
public enum AccessLog {
    public static func path(forJournal journalPath: String) -> String { journalPath + ".access" }

    /// The journal whose access log `path` is (nil when `path` does not name an access log).
    public static func journalPath(forLog path: String) -> String? {
        guard path.hasSuffix(".access"), path.count > ".access".count else { return nil }
        return String(path.dropLast(".access".count))
    }

    /// Appends one entry durably; waits briefly if another process is appending at the same moment.
    /// `anchored` is the log's head as the journal last anchored it: a log that no longer has that
    /// prefix (deleted, cut, replaced) is refused, not continued (which would hide the loss).
    /// Returns the log's new head (for the next anchor).
    @discardableResult
    public static func append(_ record: AccessRecord, journalPath: String, cipher: RecordCipher?,
                              anchored: LogHead? = nil) throws -> LogHead {
        try refuseUnsealed(journalPath: journalPath, cipher: cipher)
        let payload = try encode(record)
        if case .database(let url) = JournalPlace(journalPath) {
            return try appendToDatabase(payload, url: url, cipher: cipher, anchored: anchored)
        }
        let path = path(forJournal: journalPath)
        // Anchored entries are never cut as a torn tail: a log that lost them is refused.
        return try SealedLog.appendToFile(payload, path: path, cipher: cipher, keeping: anchored?.records ?? 0,
                                          check: { log in try anchored.flatMap { try JournalAnchors.compare(log, with: $0, path: path) } },
                                          missing: { JournalAnchors.accessLogMissing(path, anchored: anchored!) })
    }

    /// Appends many entries to a local journal's log with one durable write (no anchor, no journal
    /// head in them): a log of a given size for the benchmark and tests (`uppfolj-bench --contention
    /// --access-entries N`). The program writes its entries one by one (`append`).
    @discardableResult
    public static func appendBatch(_ records: [AccessRecord], journalPath: String, cipher: RecordCipher?) throws -> LogHead {
        try refuseUnsealed(journalPath: journalPath, cipher: cipher)
        do {
            let log = try Journal.open(path: path(forJournal: journalPath), mode: .readWrite, create: true)
            defer { log.close() }
            let first = log.recordCount
            try log.append(contentsOf: try records.enumerated().map { i, record in
                let payload = try encode(record)
                return (RecordKind.data, try cipher.map { try $0.seal(payload, index: first + i) } ?? payload)
            })
            return LogHead(records: log.recordCount, hash: log.headHash)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
    }

    /// An encrypted journal's log is sealed: an entry is never written in the clear.
    static func refuseUnsealed(journalPath: String, cipher: RecordCipher?) throws {
        if cipher == nil, try JournalPlace.keyFileExists(journalPath: journalPath) {
            throw StoreError(Localized(
                sv: "Åtkomstloggen skrivs inte utan journalens nyckel (journalen har en nyckelfil men öppnades inte med den).",
                en: "The access log is not written without the journal's key (the journal has a key file but was not opened with it)."))
        }
    }

    /// An entry as stored (before sealing): JSON.
    static func encode(_ record: AccessRecord) throws -> [UInt8] {
        [UInt8](try JSONEncoder().encode(record))
    }

    /// The log's entries and its head, read without writing. A log that ends incompletely while
    /// nobody writes to it is damage (entries would be missing from what `audit` shows): refused.
    public static func readChecked(journalPath: String, cipher: RecordCipher?) throws -> (entries: [AccessRecord], head: LogHead)? {
        if JournalPlace(journalPath).isDatabase {
            guard let log = try JournalPlace.openDatabaseLog(journalPath) else { return nil }
            defer { log.close() }
            return (try decode(log, cipher: cipher), LogHead(records: log.recordCount, hash: log.headHash))
        }
        let path = path(forJournal: journalPath)
        guard JournalCompanions.exists(path) else { return nil }
        let log: Journal
        do { log = try Journal.open(path: path, mode: .readOnly) } catch { throw StoreError.journal(error) }
        defer { log.close() }
        if let torn = log.tornTail, try torn.inHeader || !log.writerIsActive() {
            throw StoreError(Localized(
                sv: "Åtkomstloggen \(path) är skadad: den slutar ofullständigt (\(torn.svContents)). Poster kan saknas. Kör uppfolj repair --yes \(path) (den sparar först en säkerhetskopia).",
                en: "The access log \(path) is damaged: it ends incompletely (\(torn.enContents)). Entries may be missing. Run uppfolj repair --yes \(path) (it first keeps a backup)."))
        }
        return (try decode(log, cipher: cipher), LogHead(records: log.recordCount, hash: log.headHash))
    }

    /// Every entry, oldest first; the chain is verified on the way. Empty when there is no log yet.
    /// `cipher` is the journal's `accessLogCipher` (nil for a plain journal); every entry of an
    /// encrypted journal's log must open under it.
    public static func read(journalPath: String, cipher: RecordCipher?) throws -> [AccessRecord] {
        if JournalPlace(journalPath).isDatabase {
            guard let log = try JournalPlace.openDatabaseLog(journalPath) else { return [] }
            defer { log.close() }
            return try decode(log, cipher: cipher)
        }
        let path = path(forJournal: journalPath)
        guard JournalCompanions.exists(path) else { return [] }
        let log: Journal
        do { log = try Journal.open(path: path, mode: .readOnly) } catch { throw StoreError.journal(error) }
        defer { log.close() }
        return try decode(log, cipher: cipher)
    }

    /// Every entry of an open log, opened with `cipher` (nil: a plain journal's log).
    static func decode(_ log: any JournalBackend, cipher: RecordCipher?) throws -> [AccessRecord] {
        do {
            var records: [AccessRecord] = []
            try log.forEachRecord { record in
                records.append(try decode(entry: record, cipher: cipher))
            }
            return records
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
    }

    /// One entry of a log, opened with `cipher`.
    static func decode(entry record: JournalRecord, cipher: RecordCipher?) throws -> AccessRecord {
        try SealedLog.open(
            record, as: AccessRecord.self, cipher: cipher,
            unopenable: { error in StoreError(Localized(
                sv: "Åtkomstloggens post \(record.index) går inte att öppna med journalens nyckel: \(error)",
                en: "Entry \(record.index) of the access log does not open with the journal's key: \(error)")) },
            sealedWithoutKey: StoreError(Localized(
                sv: "Åtkomstloggens poster är krypterade, men journalens nyckel finns inte här (nyckelfilen saknas). Lägg tillbaka nyckelfilen från säkerhetskopian.",
                en: "The access log's entries are encrypted, but the journal's key is not here (its key file is missing). Restore the key file from the backup.")),
            invalid: StoreError(Localized(
                sv: "Åtkomstloggens post \(record.index) kan inte läsas (den är inte en giltig åtkomstpost).",
                en: "Entry \(record.index) of the access log cannot be read (it is not a valid access entry).")))
    }
}
