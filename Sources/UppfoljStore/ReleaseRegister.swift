import Foundation
import UppfoljCore
import UppfoljJournal
import UppfoljPostgres

/// One release of group-level figures (an export or a board report) as the release register keeps it.
public struct ReleaseRecord: Codable, Equatable, Sendable {
    /// Seconds since 1970 (UTC).
    public var time: Int64
    public var worker: String
    /// The period asked for ("2025Q1").
    public var period: String
    /// "json", "csv-sv", "html-sv", …
    public var format: String
    public var minimumCellSize: Int
    /// The k was not the unit's policy (`--override-policy`).
    public var policyOverride: Bool
    public var catalogueVersion: String
    /// The day the figures were computed on (ISO date).
    public var asOf: String
    /// The journal's head the figures were computed from.
    public var journalRecords: Int
    public var journalHead: String
    /// Every figure the release showed or hid, with its count.
    public var figures: [ReleasedFigure]
    /// What a reader holds of this release (issue 14, the joint audit): the figures as the export
    /// document shows them (`..` for the hidden ones), in the reader's form (JSON), and the
    /// published indicator catalogue it was made with. Every later release is audited against
    /// these. nil in releases registered before the joint audit (they keep only their figures).
    public var readerView: Data?
    public var publishedCatalogue: Data?

    public init(time: Int64, worker: String, period: String, format: String, minimumCellSize: Int, policyOverride: Bool,
                catalogueVersion: String, asOf: String, journalRecords: Int, journalHead: String, figures: [ReleasedFigure],
                readerView: Data? = nil, publishedCatalogue: Data? = nil) {
        self.time = time
        self.worker = worker
        self.period = period
        self.format = format
        self.minimumCellSize = minimumCellSize
        self.policyOverride = policyOverride
        self.catalogueVersion = catalogueVersion
        self.asOf = asOf
        self.journalRecords = journalRecords
        self.journalHead = journalHead
        self.figures = figures
        self.readerView = readerView
        self.publishedCatalogue = publishedCatalogue
    }

    public var shownCount: Int { figures.filter(\.published).count }
    public var hiddenCount: Int { figures.count - shownCount }
}

/// The release register (issue 14 item 1): every release of group-level figures, with every figure
/// it showed or hid, in a companion file next to the journal (`<journal>.releases`), in the
/// journal's own hash-chained, append-only format and, for an encrypted journal, sealed under its
/// own key derived from the journal key (like the access log). A new release is decided with all
/// earlier ones in view (`ReleaseHistory`: what was shown stays shown, what was hidden stays hidden).
///
/// Losing the register would let a later release choose a pattern that contradicts an earlier one,
/// so its head is written into the access-log entry of every release (`AccessRecord.releaseRecords`,
/// `releaseHead`), and the access log is itself anchored in the journal: a register that is missing,
/// cut or replaced is refused, and no release is made until it is restored.
public enum ReleaseRegister {
    /// The register's head: how many releases it holds and the chain hash of the last (hex).
    public struct Head: Equatable, Sendable {
        public var records: Int
        public var hash: String

        public init(records: Int, hash: String) {
            self.records = records
            self.hash = hash
        }

        /// The head the latest release's access entry recorded (nil: no release registered yet).
        public init?(lastOf entries: [AccessRecord]) {
            guard let entry = entries.last(where: { $0.releaseRecords != nil }),
                  let records = entry.releaseRecords, let hash = entry.releaseHead else { return nil }
            self.init(records: records, hash: hash)
        }
    }

    public static func path(forJournal journalPath: String) -> String { journalPath + ".releases" }

    /// The register's entries, checked against `anchored` (its head as the last release's access
    /// entry recorded it). Empty when there is no register and none was anchored.
    public static func read(journalPath: String, cipher: RecordCipher?, anchored: Head?) throws -> [ReleaseRecord] {
        if case .database(let url) = JournalPlace(journalPath) {
            let name = JournalPlace(journalPath).display + " (\(PostgresJournal.Table.releaseRegister.rawValue))"
            do {
                let log = try PostgresJournal.open(url: url, table: .releaseRegister, writes: false)
                defer { log.close() }
                if let anchored, anchored.records > 0, log.recordCount == 0 { throw missing(name, anchored: anchored) }
                if let anchored, let problem = try check(log, against: anchored, path: name) { throw problem }
                return try decodeAll(log, cipher: cipher, path: name)
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.journal(error)
            }
        }
        let path = path(forJournal: journalPath)
        guard JournalCompanions.exists(path) else {
            if let anchored, anchored.records > 0 { throw missing(path, anchored: anchored) }
            return []
        }
        let log: Journal
        do { log = try Journal.open(path: path, mode: .readOnly) } catch { throw StoreError.journal(error) }
        defer { log.close() }
        if let torn = log.tornTail, try torn.inHeader || !log.writerIsActive() {
            throw StoreError(Localized(
                sv: "Utlämningsregistret \(path) är skadat: det slutar ofullständigt (\(torn.svContents)). Ingen ny utlämning görs förrän det är lagat: kör uppfolj repair --yes \(path) (den sparar först en säkerhetskopia) eller lägg tillbaka det från en säkerhetskopia.",
                en: "The release register \(path) is damaged: it ends incompletely (\(torn.enContents)). No new release is made until it is mended: run uppfolj repair --yes \(path) (it first keeps a backup) or restore it from a backup."))
        }
        if let anchored, let problem = try check(log, against: anchored, path: path) { throw problem }
        return try decodeAll(log, cipher: cipher, path: path)
    }

    static func decodeAll(_ log: any JournalBackend, cipher: RecordCipher?, path: String) throws -> [ReleaseRecord] {
        do {
            var records: [ReleaseRecord] = []
            try log.forEachRecord { record in records.append(try decode(record, cipher: cipher, path: path)) }
            return records
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
    }

    /// Appends one release durably after checking the register against `anchored`; returns the
    /// register's new head (for the access entry). `decidedWith`: the number of releases the
    /// register held when this one was decided; when it holds more by now (another release was
    /// registered meanwhile, decided without seeing this one and this one without it), nothing is
    /// appended and the release is refused — the check and the append are under the register's lock.
    public static func append(_ record: ReleaseRecord, journalPath: String, cipher: RecordCipher?,
                              anchored: Head?, decidedWith: Int? = nil) throws -> Head {
        if cipher == nil, try JournalPlace.keyFileExists(journalPath: journalPath) {
            throw StoreError(Localized(
                sv: "Utlämningsregistret skrivs inte utan journalens nyckel.",
                en: "The release register is not written without the journal's key."))
        }
        let payload = [UInt8](try JSONEncoder().encode(record))
        if case .database(let url) = JournalPlace(journalPath) {
            // Under the register's own lock in the database, checked like the file.
            let name = JournalPlace(journalPath).display + " (\(PostgresJournal.Table.releaseRegister.rawValue))"
            let head = try SealedLog.appendToDatabase(payload, url: url, table: .releaseRegister, cipher: cipher) { log in
                if let decidedWith, log.recordCount != decidedWith { return meanwhile(name, decidedWith: decidedWith, now: log.recordCount) }
                guard let anchored else { return nil }
                if anchored.records > 0 && log.recordCount == 0 { return missing(name, anchored: anchored) }
                return try check(log, against: anchored, path: name)
            }
            return Head(records: head.records, hash: head.hash.hex)
        }
        let path = path(forJournal: journalPath)
        let head = try SealedLog.appendToFile(payload, path: path, cipher: cipher, keeping: anchored?.records ?? 0,
                                              check: { log in
                                                  if let decidedWith, log.recordCount != decidedWith {
                                                      return meanwhile(path, decidedWith: decidedWith, now: log.recordCount)
                                                  }
                                                  return try anchored.flatMap { try check(log, against: $0, path: path) }
                                              },
                                              missing: { missing(path, anchored: anchored!) })
        return Head(records: head.records, hash: head.hash.hex)
    }

    static func meanwhile(_ path: String, decidedWith: Int, now: Int) -> StoreError {
        StoreError(Localized(
            sv: "En annan utlämning registrerades i \(path) medan den här beslutades (registret har \(now) utlämningar, den här beslutades med \(decidedWith)). Den här lämnas inte ut: två utlämningar som inte ser varandra kan tillsammans röja små antal. Gör exporten igen.",
            en: "Another release was registered in \(path) while this one was being decided (the register holds \(now) releases, this one was decided with \(decidedWith)). This one does not leave: two releases that do not see each other can together reveal small counts. Make the export again."))
    }

    /// Nil when the open register still begins with what was anchored.
    static func check(_ log: any JournalBackend, against anchored: Head, path: String) throws -> StoreError? {
        guard anchored.records > 0 else { return nil }
        if log.recordCount < anchored.records {
            return StoreError(Localized(
                sv: "Utlämningsregistret \(path) har \(log.recordCount) utlämningar, men åtkomstloggen visar att det hade \(anchored.records): det har klippts av eller ersatts. Lägg tillbaka det från en säkerhetskopia; ingen ny utlämning görs till dess (den kunde annars motsäga en tidigare).",
                en: "The release register \(path) has \(log.recordCount) releases, but the access log shows it had \(anchored.records): it was cut or replaced. Restore it from a backup; no new release is made until then (it could contradict an earlier one)."))
        }
        guard let hash = try JournalAnchors.head(of: log, after: anchored.records), hash.hex == anchored.hash else {
            return StoreError(Localized(
                sv: "Utlämningsregistret \(path) stämmer inte med åtkomstloggen (utlämning \(anchored.records) är en annan): det har ersatts eller ändrats. Lägg tillbaka det från en säkerhetskopia; ingen ny utlämning görs till dess.",
                en: "The release register \(path) does not match the access log (release \(anchored.records) differs): it was replaced or changed. Restore it from a backup; no new release is made until then."))
        }
        return nil
    }

    static func missing(_ path: String, anchored: Head) -> StoreError {
        StoreError(Localized(
            sv: "Utlämningsregistret \(path) saknas, men åtkomstloggen visar \(anchored.records) tidigare utlämningar: det har tagits bort. Lägg tillbaka det från en säkerhetskopia; ingen ny utlämning görs till dess (den kunde annars motsäga en tidigare).",
            en: "The release register \(path) is missing, but the access log shows \(anchored.records) earlier releases: it was deleted. Restore it from a backup; no new release is made until then (it could contradict an earlier one)."))
    }

    static func decode(_ record: JournalRecord, cipher: RecordCipher?, path: String) throws -> ReleaseRecord {
        try SealedLog.open(
            record, as: ReleaseRecord.self, cipher: cipher,
            unopenable: { error in StoreError(Localized(
                sv: "Utlämning \(record.index + 1) i \(path) går inte att öppna med journalens nyckel: \(error)",
                en: "Release \(record.index + 1) in \(path) does not open with the journal's key: \(error)")) },
            sealedWithoutKey: StoreError(Localized(
                sv: "Utlämningsregistrets poster är krypterade, men journalens nyckel finns inte här (nyckelfilen saknas). Lägg tillbaka nyckelfilen från säkerhetskopian.",
                en: "The release register's entries are encrypted, but the journal's key is not here (its key file is missing). Restore the key file from the backup.")),
            invalid: StoreError(Localized(
                sv: "Utlämning \(record.index + 1) i \(path) kan inte läsas (den är ingen giltig utlämningspost).",
                en: "Release \(record.index + 1) in \(path) cannot be read (it is not a valid release entry).")))
    }
}

extension CaseStore {
    /// The releases registered so far, oldest first. The register is checked against the head the
    /// latest release's access entry recorded, and the access log against the journal's anchor, so
    /// a register (or access log) that was deleted, cut or replaced is refused, not read as "none".
    public func registeredReleases() throws -> [ReleaseRecord] {
        try ReleaseRegister.read(journalPath: path, cipher: releaseRegisterCipher, anchored: try registerAnchor())
    }

    /// Registers a release decided with the register's first `decidedWith` releases in view
    /// (refused when another was registered meanwhile); returns the register's new head, for the
    /// release's access entry.
    public func register(_ release: ReleaseRecord, decidedWith: Int? = nil) throws -> ReleaseRegister.Head {
        try ReleaseRegister.append(release, journalPath: path, cipher: releaseRegisterCipher, anchored: try registerAnchor(),
                                   decidedWith: decidedWith)
    }

    private func registerAnchor() throws -> ReleaseRegister.Head? {
        if let problem = JournalAnchors.checkAccessLog(journalPath: path, anchored: accessAnchor) { throw problem }
        let entries = try AccessLog.readChecked(journalPath: path, cipher: accessLogCipher)?.entries ?? []
        return ReleaseRegister.Head(lastOf: entries)
    }
}
