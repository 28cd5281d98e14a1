import Foundation
import UppfoljCore
import UppfoljJournal
import UppfoljPostgres

/// A failure of the store, with a message for the user in both languages.
public struct StoreError: Error, CustomStringConvertible {
    public let message: Localized
    public var description: String { message.en }

    public init(_ message: Localized) { self.message = message }

    static func folder(_ path: String, _ problem: String) -> StoreError {
        StoreError(Localized(sv: "Mappen \(path) kan inte användas: \(problem)", en: "The folder \(path) cannot be used: \(problem)"))
    }

    static func journal(_ error: any Error) -> StoreError {
        if let error = error as? JournalError {
            return StoreError(Localized(sv: error.svMessage, en: error.enMessage))
        }
        return StoreError(Localized(sv: "Journalen kunde inte användas: \(error)", en: "The journal could not be used: \(error)"))
    }

    static func undecodable(record: Int, offset: Int, _ error: any Error) -> StoreError {
        StoreError(Localized(
            sv: "Post \(record) (byte \(offset)) har en giltig ram men en händelse som inte kan läsas: \(error)",
            en: "Record \(record) (byte \(offset)) has a valid frame but an event that cannot be read: \(error)"))
    }
}

/// A save refused because another writer changed the journal between what this worker saw and the
/// save (two closures of one case, a correction of an event made void meanwhile, a case code taken
/// meanwhile): `others` are the events the other writers appended to that case since this store
/// last read the journal, each with its worker and time. Nothing was written.
public struct StoreConflict: Error, CustomStringConvertible {
    public let event: Event
    public let problems: [Problem]
    public let others: [Event]
    public var description: String { message.en }

    public var message: Localized {
        func who(_ e: Event, sv: Bool) -> String {
            sv ? "\(e.worker) registrerade \(e.kind.label.sv.lowercased()) \(e.recordedAt.iso)"
               : "\(e.worker) recorded \(e.kind.label.en.lowercased()) at \(e.recordedAt.iso)"
        }
        let svOthers = others.map { who($0, sv: true) }.joined(separator: "; ")
        let enOthers = others.map { who($0, sv: false) }.joined(separator: "; ")
        return Localized(
            sv: "Ärendet \(event.caseCode) ändrades medan du arbetade: \(svOthers). Inget sparades: \(problems.map(\.message.sv).joined(separator: " "))",
            en: "The case \(event.caseCode) changed while you worked: \(enOthers). Nothing was saved: \(problems.map(\.message.en).joined(separator: " "))")
    }
}

/// A save that went through (the event is durable in the journal) whose access entry could not be
/// written: `record(_:today:seenRecords:access:)` throws it so the worker is told "saved, but …".
public struct AccessEntryNotWritten: Error, CustomStringConvertible {
    public let cause: any Error
    public var description: String { message.en }
    public var message: Localized {
        (cause as? StoreError)?.message ?? Localized(sv: "\(cause)", en: "\(cause)")
    }

    public init(cause: any Error) { self.cause = cause }
}

/// The typed event store: a journal of domain events and the projection folded from it.
/// Every accepted event is validated against the projection, appended durably, then applied.
/// How far `CaseStore.open` has come, for a screen that shows it (the workbench draws its frame
/// while the journal is read).
public enum OpenProgress: Sendable, Equatable {
    /// The passphrase was taken and the key unwrapped (or the journal has no key): nothing more
    /// will be asked at the terminal. The journal's frames and hash chain are checked next.
    case unlocked
    /// Records replayed into the projection so far, of all the journal's records.
    case replaying(records: Int, of: Int)

    /// Replay progress is reported every this many records.
    public static let step = 8_192
}

/// Not thread-safe: one store is used from one thread (the UI loop or a command).
///
/// Opened with `sharedWriter`, several processes write one journal: each save takes the journal's
/// write lock just for itself, folds in what the others appended, validates again against that
/// latest state (a save that became invalid meanwhile throws `StoreConflict`), appends and unlocks.
public final class CaseStore {
    public let path: String
    public private(set) var projection: Projection
    /// Set when opening cut a torn tail (a write interrupted by a crash): the user must be told.
    public private(set) var openNotice: Localized?
    private let journal: any JournalBackend
    /// How this store uses the journal (a database journal is always written as a shared writer).
    private let mode: Journal.Mode
    /// Appends take the journal's write lock each (several writers; every database journal).
    private let locksPerAppend: Bool
    /// The journal key's cipher; nil for a plain (unencrypted) journal.
    private let cipher: RecordCipher?
    /// The id of every event in the journal, so that a save or an import refuses an id the journal
    /// already holds without reading the journal (a duplicate id would make a correction of one
    /// event hit another). Built during the replay of a read-write store (16 bytes an event,
    /// `EventIDSet`); a writer opened from a projection snapshot, and a read-only store if asked to
    /// check events, read them from the projection (`knownEventIds`).
    private var eventIds: EventIDSet?
    /// A writer opened from a projection snapshot gathers its event ids from the projection on
    /// another thread (`gatherEventIdsInBackground`); ids noted meanwhile wait in `idsNotedMeanwhile`.
    private var pendingIds: PendingEventIDs?
    private var idsNotedMeanwhile: [EventID] = []
    /// The latest events other processes appended (record index and event), newest last, at most
    /// `recentOthersLimit`: a save refused because of one of them names its worker (StoreConflict).
    private var recentOthers: [(index: Int, event: Event)] = []
    static let recentOthersLimit = 4_096

    public var isEncrypted: Bool { cipher != nil }
    /// Opened read-only: every save is refused (`JournalError.readOnly`), no write lock is taken.
    public var isReadOnly: Bool { mode == .readOnly }
    /// Unlocked with the published demo passphrase (fine for synthetic data only).
    public private(set) var usesDemoPassphrase = false
    /// Who unlocked the journal (the key slot the passphrase opened); nil for a plain journal.
    public private(set) var keyHolder: KeyHolder?
    /// What the access log of this journal is sealed with (nil: a plain journal has a plain log).
    public var accessLogCipher: RecordCipher? { cipher?.forAccessLog() }
    /// The release register's cipher (nil for a plain journal): see `ReleaseRegister`.
    public var releaseRegisterCipher: RecordCipher? { cipher?.forReleaseRegister() }

    public var headHash: String { journal.headHashHex }
    /// The journal's head right after the last event this store has applied (its last data
    /// record; the genesis hash when there is none). The figures are computed from exactly the
    /// events up to it, and unlike `headHash` it does not move with access-log anchors (meta
    /// records), so two exports of the same events state the same head (issue 14 item 6).
    public private(set) var eventsHead: ChainHash = JournalChain.genesis
    /// What the open did with the projection snapshot beside the journal (tests, benchmark).
    public private(set) var snapshotUse = SnapshotUse.none
    /// Where the projection snapshot of the journal at `journalPath` is kept (`ProjectionSnapshotFile`).
    public static func snapshotPath(forJournal journalPath: String) -> String { ProjectionSnapshotFile.path(forJournal: journalPath) }
    /// Whether opens read and write projection snapshots (`ProjectionSnapshotFile`); off only to
    /// measure or test the open without one.
    nonisolated(unsafe) public static var usesSnapshots = true
    public var eventsHeadHash: String { eventsHead.hex }
    /// Events recorded (their `recordedAt`, local day) after this day are left out of the
    /// projection: the journal as it stood at the end of that day (`open(recordedThrough:)`,
    /// read-only). Nil: every event.
    public private(set) var recordedThrough: Day? {
        didSet { recordedBefore = recordedThrough?.adding(days: 1).localStart }
    }
    /// The first moment after `recordedThrough` (its next day's local start), worked out once.
    private var recordedBefore: Timestamp?
    /// Seconds a shared writer has waited for the journal file's write lock so far (for the
    /// benchmark; 0 for a database journal, whose lock is the server's).
    public var lockWaitSeconds: Double { ((journal as? Journal)?.lockWaitSeconds ?? 0) + (accessWriter?.lockWaitSeconds ?? 0) }
    public var recordCount: Int { journal.recordCount }
    /// The access log's head as this journal last anchored it (nil: no anchor yet).
    public private(set) var accessAnchor: LogHead?
    /// A shared writer's access log, kept open (nil until first used, and after a failure): see
    /// `AccessLogWriter`.
    private var accessWriter: AccessLogWriter?
    /// The access log's head after this store's latest save entry while the journal has not
    /// anchored it yet: the store's next journal write carries it (`record(_:today:seenRecords:access:)`,
    /// `logAccess`, `anchorAccessLog`).
    public private(set) var unanchoredAccess: LogHead?

    /// Whether a shared writer of a local journal keeps its access log open (`AccessLogWriter`)
    /// and saves an event with its access entry in one turn at the journal's lock. `false` is the
    /// way before issue 16's latency work (the log reopened and read from its start for every
    /// entry), kept only so that `uppfolj-bench --contention --access-log both` can measure both in
    /// one run; the program never sets it.
    nonisolated(unsafe) public static var keepsAccessLogOpen = true

    /// True when this store's access entries go through its kept-open log.
    private var usesAccessWriter: Bool { Self.keepsAccessLogOpen && mode == .sharedWrite && journal is Journal }

    /// Appends `entry` to the access log and returns the log's new head: for a shared writer of a
    /// local journal through its kept-open log, taking the log's lock and then calling `handOver`
    /// (which may release the journal's lock: entries then follow the order of the journal's
    /// turns); otherwise, or if the kept-open log fails, with `AccessLog.append`, which reads the
    /// log from its start (and says what is wrong with it), after `handOver`.
    private func appendAccess(_ entry: AccessRecord, handOver: () -> Void) throws -> LogHead {
        var handedOver = false
        if usesAccessWriter {
            do {
                try AccessLog.refuseUnsealed(journalPath: path, cipher: accessLogCipher)
                let payload = try AccessLog.encode(entry)
                if accessWriter == nil { accessWriter = try AccessLogWriter.open(journalPath: path, anchored: accessAnchor) }
                let writer = accessWriter!
                try writer.lock(anchored: accessAnchor)
                defer { writer.unlock() }
                handOver()
                handedOver = true
                return try writer.append(payload, cipher: accessLogCipher)
            } catch {
                accessWriter?.close()
                accessWriter = nil
            }
        }
        if !handedOver { handOver() }
        return try AccessLog.append(entry, journalPath: path, cipher: accessLogCipher, anchored: accessAnchor)
    }

    /// Anchors in the journal the access log's head after this store's latest save entry, if no
    /// journal write has carried it yet (one short locked append). The workbench calls it when the
    /// worker quits, so a session's last entries do not stay unanchored until another save.
    public func anchorAccessLog() throws {
        guard locksPerAppend, let pending = unanchoredAccess else { return }
        try writing { _ in
            guard pending.records > (accessAnchor?.records ?? 0) else { return }
            do { try journal.append(kind: .meta, payload: JournalAnchors.payload(for: pending)) } catch { throw StoreError.journal(error) }
            accessAnchor = pending
        }
        unanchoredAccess = nil
    }

    /// Writes an access entry carrying the journal's current head, then anchors the access log's new
    /// head in the journal (see `JournalAnchors`): with this store's lock when it writes; for a
    /// read-only store with a short locked append when no writer holds the journal (otherwise the
    /// writer's next anchor covers the entry). The entry is refused if the log lost anchored entries.
    public func logAccess(_ entry: AccessRecord) throws {
        var entry = entry
        if locksPerAppend {
            // Under the lock: the entry carries the journal's latest head, and the anchors of the
            // several writers follow the access log's order.
            try writing { _ in
                entry.journalRecords = journal.recordCount
                entry.journalHead = journal.headHashHex
                let head = try appendAccess(entry, handOver: {})
                do { try journal.append(kind: .meta, payload: JournalAnchors.payload(for: head)) } catch { throw StoreError.journal(error) }
                accessAnchor = head
                unanchoredAccess = nil
            }
            return
        }
        entry.journalRecords = journal.recordCount
        entry.journalHead = journal.headHashHex
        let head = try AccessLog.append(entry, journalPath: path, cipher: accessLogCipher, anchored: accessAnchor)
        let payload = JournalAnchors.payload(for: head)
        do {
            if mode == .readWrite {
                try journal.append(kind: .meta, payload: payload)
            } else if let file = journal as? Journal, let writer = try Journal.reopenForAppend(file) {
                defer { writer.close() }
                try writer.append(kind: .meta, payload: payload)
            } else {
                return
            }
        } catch {
            throw StoreError.journal(error)
        }
        accessAnchor = head
    }

    private init(path: String, journal: any JournalBackend, mode: Journal.Mode, projection: Projection, cipher: RecordCipher?,
                 notice: Localized?, eventIds: EventIDSet?) {
        self.path = path
        self.mode = mode
        self.locksPerAppend = mode == .sharedWrite || (mode == .readOnly && JournalPlace(path).isDatabase)
        self.eventIds = eventIds
        self.journal = journal
        self.cipher = cipher
        self.projection = projection
        self.openNotice = notice
    }

    /// Opens (or with `create`, creates) a journal and replays it into a projection.
    ///
    /// Encryption: a journal with a key file (`<journal>.key`) is unlocked with a passphrase from
    /// `passphrase` *before* the journal file is opened, so a wrong passphrase changes nothing. A new
    /// (empty) journal is encrypted when `passphrase` is given — the program always gives one — and
    /// stays plain only when it is nil (tests of other layers, tools).
    /// `sharedWriter`: write with the lock taken per save, so that several processes (workers'
    /// workbenches) write the journal at once; otherwise a writer holds the lock while open.
    public static func open(path: String, catalogue: InstrumentCatalogue, readOnly: Bool, create: Bool = false,
                            passphrase: PassphraseSource? = nil, derivation: KeyDerivation? = nil,
                            sharedWriter: Bool = false, worker: String? = nil,
                            authorize: ((KeyHolder) throws -> Void)? = nil,
                            recordedThrough: Day? = nil, folding: Bool = true,
                            progress: (@Sendable (OpenProgress) -> Void)? = nil,
                            newJournalKey: NewJournalKey? = nil) throws -> CaseStore {
        precondition(recordedThrough == nil || readOnly, "a store as of an earlier day is read-only")
        precondition(folding || (readOnly && recordedThrough == nil), "only a reader of the whole journal may skip the fold")
        var notices = try JournalLocation.checkPermissions(journalPath: path)
        let place = JournalPlace(path)
        // A database journal exists once `uppfolj pg init` made its tables; it has been used once
        // it has a key file (written first) or access entries.
        let existed = place.isDatabase
            ? try JournalPlace.keyFileExists(journalPath: path) || JournalPlace.accessLogExists(journalPath: path)
            : JournalCompanions.exists(path)
        var passphrase = passphrase
        if !existed && !place.isDatabase {
            // A key file or an access log with entries proves a journal was here: a new, empty one
            // under its name would hide that it was lost (and open as "0 cases").
            try JournalCompanions.refuseToReplaceLostJournal(path)
        }
        if !existed {
            if create && !readOnly, let given = passphrase {
                // Ask before anything is created: a refused or missing passphrase leaves no file.
                let chosen = try given(.create(journal: path))
                guard chosen.isDemo || chosen.characterCount >= Passphrase.minimumLength else { throw StoreError.passphraseTooShort() }
                passphrase = { purpose in
                    if case .create = purpose { return chosen }
                    return try given(purpose)
                }
            }
        }
        // `authorize` refuses a person whose role does not allow the command before the journal is read.
        let unlocked = try JournalKeys.unlock(journalPath: path, passphrase: passphrase, worker: worker, authorize: authorize)
        progress?(.unlocked)
        // What the access log recorded of the journal's head: records it names were acknowledged.
        var claim: (head: LogHead, time: Int64)?
        if existed, try JournalPlace.accessLogExists(journalPath: path) {
            let accessCipher = unlocked.map { RecordCipher(key: $0.key, journalID: $0.journalID, domain: .journal).forAccessLog() }
            do {
                claim = JournalAnchors.lastClaim(try AccessLog.read(journalPath: path, cipher: accessCipher))
            } catch let error as StoreError {
                notices.append(Localized(sv: "Varning: \(error.message.sv)", en: "Warning: \(error.message.en)"))
            }
        }
        // A projection snapshot beside the journal (its header only, for now): see `ProjectionSnapshotFile`.
        let snapshotHeader = folding && !place.isDatabase && existed && usesSnapshots
            ? ProjectionSnapshotFile.readHeader(journalPath: path) : nil
        // Read on another thread while the journal is opened and verified; used only if it fits.
        // The cases' events stay in the snapshot until one is read (`status`, `export` and the
        // reports never read one; the workbench the events of the cases it shows; a writer's event
        // ids are gathered a chunk at a time without keeping them): issue 20, memory.
        let pendingSnapshot = snapshotHeader.flatMap { header in
            unlocked.map {
                PendingSnapshotLoad.start(journalPath: path, header: header, catalogue: catalogue,
                                          journalCipher: RecordCipher(key: $0.key, journalID: $0.journalID, domain: .journal),
                                          lazyEvents: true)
            }
        }
        let journal: any JournalBackend
        let mode: Journal.Mode = readOnly ? .readOnly : sharedWriter || place.isDatabase ? .sharedWrite : .readWrite
        do {
            if case .database(let url) = place {
                // Opened to append even for a read-only store: its access entries are anchored in
                // the journal. The store refuses its saves (`isReadOnly`). The replay below is the
                // chain check (the rows are read once).
                journal = try PostgresJournal.open(url: url, table: .journal, writes: true, verifyOnFirstRead: true)
            } else {
                journal = try Journal.open(path: path, mode: mode, create: create && !readOnly, keeping: claim?.head.records ?? 0,
                                           noting: [claim?.head.records, snapshotHeader?.at.records].compactMap { $0 })
            }
        } catch {
            throw StoreError.journal(error)
        }
        let created = !existed && !readOnly
        // Told of others' appends by the server (a database journal); reading without it still works.
        try? journal.startWatching()
        do {
            // Only while holding the lock for the session (a shared writer's open has released it: a
            // rekey could be writing that file now).
            if mode == .readWrite { JournalCompanions.removeUnfinishedKeyFile(path) }
            if readOnly, let file = journal as? Journal, let torn = file.tornTail, try torn.inHeader || !file.writerIsActive() {
                // No writer is at work, so this is not a write in progress: the figures would be short.
                throw StoreError.needsAttention(path: path, torn: torn,
                                                cutByItself: torn.isInterruptedWrite && torn.record >= (claim?.head.records ?? 0))
            }
            let attach = {
                try JournalKeys.attach(journal, path: path, unlocked: unlocked, passphrase: passphrase, derivation: derivation,
                                       writable: !readOnly, newKey: newJournalKey)
            }
            // A shared writer writes the encryption header of a new journal under the lock (after
            // catching up: another writer may have written it first).
            let (cipher, demo) = mode == .sharedWrite && journal.recordCount == 0
                ? try lockedForStore(journal) { _ in try attach() } : try attach()
            var projection = Projection(catalogue: catalogue)
            var anchor: LogHead?
            var claimedHash: ChainHash?
            // A writer keeps every event id (a save or an import must not reuse one); readers need not.
            var ids: [EventID]? = readOnly ? nil : []
            ids?.reserveCapacity(journal.recordCount)
            let total = journal.recordCount
            progress?(.replaying(records: 0, of: total))
            var eventsHead = JournalChain.genesis
            // As of a day: the data records' hashes wait here until their events are decoded
            // (decoding runs ahead in batches; events come in journal order, one per data record).
            var waiting: [ChainHash] = []
            var next = 0
            let cutoff = recordedThrough?.adding(days: 1).localStart
            // Start from the snapshot when the verified chain passes through where it was made.
            var snapshotUse = SnapshotUse.none
            var replayFrom: JournalCursor?
            // Every event the projection holds was recorded by then (as of a day: only a snapshot
            // with no event recorded after it can stand for the journal as of that day).
            var latestRecorded = Int64.min
            var excluded = false
            if let snapshotHeader, let pendingSnapshot, cipher != nil, let file = journal as? Journal {
                if let cutoff, snapshotHeader.latestRecordedAt >= cutoff.secondsSinceEpoch {
                    snapshotUse = .ignored("holds events recorded after the day asked for")
                } else if file.notedCursors[snapshotHeader.at.records] == snapshotHeader.at {
                    do {
                        // Read with the unlocked key, which `attach` (above) found to be this journal's.
                        projection = try pendingSnapshot.wait()
                        replayFrom = snapshotHeader.at
                        anchor = snapshotHeader.anchor
                        eventsHead = snapshotHeader.eventsHead
                        latestRecorded = snapshotHeader.latestRecordedAt
                        if let claim, claim.head.records <= snapshotHeader.at.records {
                            claimedHash = file.notedCursors[claim.head.records]?.head
                        }
                        // A writer's event ids come from the projection (`knownEventIds`), when first needed.
                        ids = nil
                        snapshotUse = .loaded(records: snapshotHeader.at.records)
                    } catch {
                        projection = Projection(catalogue: catalogue)
                        snapshotUse = .ignored("\(error)")
                    }
                } else {
                    snapshotUse = .ignored("made at another state of the journal (record \(snapshotHeader.at.records))")
                }
            }
            let observe = { (record: JournalRecord) in
                if let progress, record.index & (OpenProgress.step - 1) == 0 { progress(.replaying(records: record.index, of: total)) }
                if record.kind == .meta, let head = JournalAnchors.parse(record.payload) { anchor = head }
                if record.kind == .data {
                    if cutoff == nil { eventsHead = record.chainHash } else { waiting.append(record.chainHash) }
                }
                if let claim, record.index == claim.head.records - 1 { claimedHash = record.chainHash }
            }
            if !folding {
                // A reader that streams the events itself (`forEachEvent`, `uppfolj log`): the
                // records are read for their anchors and hashes only, nothing is opened or kept.
                do { try journal.forEachRecord(observe) } catch { throw StoreError.journal(error) }
            } else { try replay(journal, cipher: cipher, from: replayFrom, observe: observe) { event in
                if let cutoff {
                    let hash = waiting[next]
                    next += 1
                    if next == 8_192 {
                        waiting.removeFirst(next)
                        next = 0
                    }
                    guard event.recordedAt < cutoff else { excluded = true; return }
                    eventsHead = hash
                }
                latestRecorded = max(latestRecorded, event.recordedAt.secondsSinceEpoch)
                projection.apply(event)
                ids?.append(event.id)
            } }
            if let claim, claim.head.records > 0 {
                if journal.recordCount < claim.head.records {
                    throw JournalAnchors.journalShorterThanClaimed(path, has: journal.recordCount, claim: claim.head, time: claim.time)
                }
                if claimedHash != claim.head.hash { throw JournalAnchors.journalDiffersFromClaim(path, claim: claim.head, time: claim.time) }
            }
            if let problem = JournalAnchors.checkAccessLog(journalPath: path, anchored: anchor) {
                notices.append(Localized(sv: "Varning: \(problem.message.sv)", en: "Warning: \(problem.message.en)"))
            }
            if let torn = (journal as? Journal)?.tornTail {
                notices.append(Localized(sv: torn.svMessage, en: torn.enMessage))
            }
            if cipher == nil && journal.recordCount > 0 {
                notices.append(Localized(
                    sv: "Journalen är inte krypterad (skapad utan lösenfras).",
                    en: "The journal is not encrypted (created without a passphrase)."))
            }
            let notice = notices.isEmpty ? nil : Localized(sv: notices.map(\.sv).joined(separator: "\n"),
                                                          en: notices.map(\.en).joined(separator: "\n"))
            // (As of a day that left nothing out, the projection is the whole journal's.)
            if folding, let cipher, let file = journal as? Journal, !excluded, usesSnapshots,
               ProjectionSnapshotFile.shouldWrite(records: file.recordCount, after: snapshotUse) {
                // Written now, for the next open; a failure (a read-only folder, a full disk) costs only that.
                do {
                    try ProjectionSnapshotFile.write(journalPath: path, projection: projection, at: file.cursor, eventsHead: eventsHead,
                                                     anchor: anchor, latestRecordedAt: latestRecorded, journalCipher: cipher)
                    snapshotUse = .written(after: snapshotUse)
                } catch {}
            }
            // Sorted in place: nothing else may hold the array then (a copy would double it).
            let wantsIds = ids != nil
            let list = ids ?? []
            ids = nil
            let store = CaseStore(path: path, journal: journal, mode: mode, projection: projection, cipher: cipher, notice: notice,
                                  eventIds: wantsIds ? EventIDSet(sorting: consume list) : nil)
            store.snapshotUse = snapshotUse

            store.usesDemoPassphrase = demo
            store.accessAnchor = anchor
            store.eventsHead = eventsHead
            store.recordedThrough = recordedThrough
            store.keyHolder = unlocked?.holder ?? (cipher == nil ? nil : KeyHolder(slot: 1, worker: nil, role: .admin))
            if let unlocked, mode.writes {
                // "Last used" in `key list`: noted by programs that write, under the write lock.
                do {
                    // `writing` folds in what others appended while the lock is taken (a bare lock
                    // would move the journal past records the projection never saw).
                    let now = Int64(Date().timeIntervalSince1970)
                    try store.writing { _ in try noteKeyUse(path: path, holder: unlocked.holder, now: now) }
                } catch let error as StoreError {
                    let warning = Localized(sv: "Varning: \(error.message.sv)", en: "Warning: \(error.message.en)")
                    store.openNotice = store.openNotice.map { Localized(sv: $0.sv + "\n" + warning.sv, en: $0.en + "\n" + warning.en) } ?? warning
                }
            }
            return store
        } catch {
            if created, let file = journal as? Journal {
                JournalCompanions.removeUnfinishedCreation(path, journal: file, keyExisted: unlocked != nil)
            }
            throw error
        }
    }

    /// Replays the data records into `body`; `observe` sees every record (data and meta) first.
    private static func replay(_ journal: any JournalBackend, cipher: RecordCipher?, from start: JournalCursor? = nil,
                               observe: ((JournalRecord) -> Void)? = nil, _ body: (Event) -> Void) throws {
        if let cipher { return try SealedReplay.run(journal, cipher: cipher, from: start, observe: observe, body) }
        do {
            let visit = { (record: JournalRecord) throws in
                observe?(record)
                guard record.kind == .data else { return }
                body(try decodeEvent(record, cipher: cipher))
            }
            if let start { try journal.forEachRecord(since: start, visit) } else { try journal.forEachRecord(visit) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
    }

    /// A data record's event, opened with the journal key when the journal is encrypted.
    static func decodeEvent(_ record: JournalRecord, cipher: RecordCipher?) throws -> Event {
        do {
            guard let cipher else { return try EventBinaryCodec.decode(record.payload) }
            let plain = try cipher.open(record.payload, index: record.index)
            return try plain.withUnsafeBytes { try EventBinaryCodec.decode($0) }
        } catch {
            throw StoreError.undecodable(record: record.index, offset: record.offset, error)
        }
    }

    /// Picks up events that another process (a social worker's workbench) appended since this
    /// store was opened or last caught up, verifies them, applies them to the projection and
    /// returns the codes of the cases they touched (empty when nothing new). For read-only stores.
    @discardableResult
    public func catchUp() throws -> [String] {
        let before = journal.cursor
        let added: Int
        do {
            // A database journal answers from LISTEN/NOTIFY whether anything was appended.
            guard try journal.mayHaveNews() else { return [] }
            added = try journal.refresh()
        } catch { throw StoreError.journal(error) }
        guard added > 0 else { return [] }
        var touched: [String] = []
        var seen = Set<String>()
        for event in try fold(since: before) where seen.insert(event.caseCode).inserted { touched.append(event.caseCode) }
        return touched
    }

    /// Applies the records after `cursor` (appended by others) to the projection; returns their events.
    private func fold(since cursor: Journal.Cursor) throws -> [Event] {
        guard journal.recordCount > cursor.records else { return [] }
        var events: [Event] = []
        do {
            try journal.forEachRecord(since: cursor) { record in
                if record.kind == .meta, let head = JournalAnchors.parse(record.payload) { accessAnchor = head }
                guard record.kind == .data else { return }
                let event = try Self.decodeEvent(record, cipher: cipher)
                if let recordedBefore, event.recordedAt >= recordedBefore { return }
                eventsHead = record.chainHash
                projection.apply(event)
                noteId(event.id)
                events.append(event)
                recentOthers.append((record.index, event))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
        if recentOthers.count > Self.recentOthersLimit { recentOthers.removeFirst(recentOthers.count - Self.recentOthersLimit) }
        return events
    }

    /// Runs `body` with the right to append: for a shared writer under the journal's write lock,
    /// after folding in what the others appended (given to `body`); otherwise at once.
    private func writing<T>(_ body: (_ others: [Event]) throws -> T) throws -> T {
        guard locksPerAppend else { return try body([]) }
        return try Self.lockedForStore(journal) { before in try body(try fold(since: before)) }
    }

    private static func lockedForStore<T>(_ journal: any JournalBackend, _ body: (Journal.Cursor) throws -> T) throws -> T {
        do {
            return try journal.withWriteLock(keeping: 0, body)
        } catch let error as JournalError {
            throw StoreError.journal(error)
        }
    }

    /// Every event in journal order.
    public func allEvents() throws -> [Event] {
        var events: [Event] = []
        events.reserveCapacity(journal.recordCount)
        try forEachEvent { events.append($0) }
        return events
    }

    /// Every event in journal order, one at a time (opened and decoded on every core, a batch
    /// ahead): what a reader that streams the journal holds is a batch, not the journal.
    public func forEachEvent(_ body: (Event) -> Void) throws {
        try Self.replay(journal, cipher: cipher, body)
    }

    /// Validates and durably appends one event. Returns the problems if it was refused (nothing is
    /// written then); throws if the journal could not write it (the journal is then unchanged).
    ///
    /// A shared writer validates first against what it has seen, then again under the lock against
    /// what the others appended meanwhile: an event valid before and invalid now throws
    /// `StoreConflict` naming the others' events on that case (worker and time).
    ///
    /// `seenRecords`: the journal's record count when the worker began the form. A refusal caused by
    /// what other workers appended to the case since (already folded in while the form was open)
    /// is a `StoreConflict` naming them too, not a bare refusal.
    public func record(_ event: Event, today: Day, seenRecords: Int? = nil) throws -> [Problem] {
        let problems = try check(event, today: today, seenRecords: seenRecords)
        guard problems.isEmpty else { return problems }
        return try writing { others in
            try checkAgain(event, today: today, after: others)
            try checkWritable()
            do {
                try journal.append(kind: .data, payload: seal(EventBinaryCodec.encode(event), index: journal.recordCount))
            } catch {
                throw StoreError.journal(error)
            }
            eventsHead = journal.headHash
            projection.apply(event)
            noteId(event.id)
            return []
        }
    }

    /// The check before the lock is taken: the problems, or a `StoreConflict` when they come from
    /// what others appended to the case since the form was begun (`seenRecords`).
    private func check(_ event: Event, today: Day, seenRecords: Int?) throws -> [Problem] {
        let problems = try check(event, today: today)
        if !problems.isEmpty, let seenRecords {
            let onCase = recentOthers.filter { $0.index >= seenRecords && $0.event.caseCode == event.caseCode }.map(\.event)
            if !onCase.isEmpty { throw StoreConflict(event: event, problems: problems, others: onCase) }
        }
        return problems
    }

    /// Under the lock, after folding in `others` (what the others appended meanwhile): an event
    /// that became invalid is a `StoreConflict` naming them.
    private func checkAgain(_ event: Event, today: Day, after others: [Event]) throws {
        guard !others.isEmpty else { return }
        let now = try check(event, today: today)
        if !now.isEmpty {
            let onCase = others.filter { $0.caseCode == event.caseCode }
            throw StoreConflict(event: event, problems: now, others: onCase.isEmpty ? others : onCase)
        }
    }

    /// A worker's whole save: `record` and then the access entry `access` (given the journal's new
    /// head), as `record` followed by `logAccess` — but for a shared writer of a local journal in
    /// one turn at the journal's lock, with two syncs instead of three:
    ///
    /// 1. under the journal's lock: catch up, validate again, and append the event durably — in one
    ///    write and one sync with it (two single records, the anchor first), the anchor of the
    ///    access log's head after this store's previous save entry, if the journal has not
    ///    anchored that far yet;
    /// 2. take the access log's lock (kept open: only what others appended since is read), then let
    ///    the journal's lock go — so the next writer's event is synced while this entry is — and
    ///    append the entry durably; its head is anchored by this store's next journal write (or
    ///    `anchorAccessLog`).
    ///
    /// Crash semantics, step by step: before the event's sync nothing is acknowledged; the write
    /// may leave the anchor without the event, or an incomplete last record (a torn tail, cut by
    /// the next writer); between the two syncs the event is
    /// in the journal without its entry (as after a crash between `record` and `logAccess`), and
    /// it is not acknowledged; after the entry's sync both are there and the save is acknowledged;
    /// its anchor not yet written only means the log's last entries are not yet vouched for by
    /// the journal (a log with entries past its last anchor is accepted, as before).
    ///
    /// Returns the problems if the event was refused (nothing written). Throws
    /// `AccessEntryNotWritten` when the event was saved but its entry could not be written.
    public func record(_ event: Event, today: Day, seenRecords: Int? = nil, access: AccessRecord) throws -> [Problem] {
        guard usesAccessWriter, let file = journal as? Journal else {
            let problems = try record(event, today: today, seenRecords: seenRecords)
            guard problems.isEmpty else { return problems }
            do { try logAccess(access) } catch { throw AccessEntryNotWritten(cause: error) }
            return []
        }
        let problems = try check(event, today: today, seenRecords: seenRecords)
        guard problems.isEmpty else { return problems }
        let before: Journal.Cursor
        do { before = try file.beginWrite() } catch { throw StoreError.journal(error) }
        var journalLocked = true
        defer { if journalLocked { file.endWrite() } }
        try checkAgain(event, today: today, after: try fold(since: before))
        try checkWritable()
        let anchor = unanchoredAccess.flatMap { $0.records > (accessAnchor?.records ?? 0) ? $0 : nil }
        do {
            let sealed = try seal(EventBinaryCodec.encode(event), index: journal.recordCount + (anchor == nil ? 0 : 1))
            if let anchor {
                // Two single records, not a batch: the anchor names an entry already durable, so it
                // may survive a crash without the event (and a cut between them is a cut of whole
                // records, which the access log's claims catch, not an unfinished batch).
                try file.append(contentsOf: [(.meta, JournalAnchors.payload(for: anchor)), (.data, sealed)], batch: false)
            } else {
                try journal.append(kind: .data, payload: sealed)
            }
        } catch {
            throw StoreError.journal(error)
        }
        if let anchor { accessAnchor = anchor }
        unanchoredAccess = nil
        eventsHead = journal.headHash // the event is the write's last record
        projection.apply(event)
        noteId(event.id)
        var entry = access
        entry.journalRecords = journal.recordCount
        entry.journalHead = journal.headHashHex
        do {
            unanchoredAccess = try appendAccess(entry) {
                file.endWrite()
                journalLocked = false
            }
        } catch {
            throw AccessEntryNotWritten(cause: error)
        }
        return []
    }

    /// A read-only store saves nothing (a database handle could append, the store does not).
    private func checkWritable() throws {
        if mode == .readOnly { throw StoreError.journal(JournalError.readOnly(path: JournalPlace(path).display)) }
    }

    private func check(_ event: Event, today: Day) throws -> [Problem] {
        var problems = Validator(catalogue: projection.catalogue, today: today).validate(event, in: projection)
        if try knownEventIds().contains(event.id) { problems.append(Self.duplicateId(event.id, inJournal: true)) }
        return problems
    }

    /// A writer opened from a projection snapshot has not gathered the journal's event ids (a save
    /// or an import is checked against them): this gathers them from the projection on another
    /// thread, so that the first save need not wait for them (~0.3 s at a million events). Called
    /// by the workbench once its first screen is built (earlier it would compete with that); without
    /// it they are gathered when first needed.
    public func gatherEventIdsInBackground() {
        guard eventIds == nil, pendingIds == nil, mode != .readOnly, recordedThrough == nil else { return }
        pendingIds = PendingEventIDs.start(projection.eventIDs)
    }

    /// Keeps `id` among the journal's event ids (once they are gathered, or while they are).
    private func noteId(_ id: EventID) {
        if eventIds != nil { eventIds!.insert(id) } else if pendingIds != nil { idsNotedMeanwhile.append(id) }
    }

    /// The ids of the journal's events (built now, from the journal, for a read-only store).
    private func knownEventIds() throws -> EventIDSet {
        if let eventIds { return eventIds }
        if let pendingIds {
            var ids = pendingIds.wait()
            ids.insert(contentsOf: idsNotedMeanwhile)
            (self.pendingIds, idsNotedMeanwhile, eventIds) = (nil, [], ids)
            return ids
        }
        var ids: [EventID] = []
        ids.reserveCapacity(journal.recordCount)
        if recordedThrough == nil {
            // Every event of the journal is in the projection: read the ids from it, not the journal.
            projection.forEachEventID { ids.append($0) }
        } else {
            try Self.replay(journal, cipher: cipher) { ids.append($0.id) }
        }
        let set = EventIDSet(sorting: consume ids)
        eventIds = set
        return set
    }

    /// The refusal of an event whose id is already taken: by an event in the journal, or by an
    /// earlier event of the same import.
    static func duplicateId(_ id: EventID, inJournal: Bool) -> Problem {
        inJournal
            ? Problem(code: "event.duplicateId", field: .id, message: Localized(
                sv: "Händelse-id \(id.hex) finns redan i journalen; varje händelse måste ha ett eget id.",
                en: "The event id \(id.hex) is already in the journal; every event needs an id of its own."))
            : Problem(code: "event.duplicateId", field: .id, message: Localized(
                sv: "Händelse-id \(id.hex) förekommer två gånger i filen.", en: "The event id \(id.hex) occurs twice in the file."))
    }

    /// The payload as written: sealed under the journal key when the journal is encrypted.
    private func seal(_ payload: [UInt8], index: Int) throws -> [UInt8] {
        guard let cipher else { return payload }
        return try cipher.seal(payload, index: index)
    }

    public enum ImportOutcome: Equatable {
        case imported(Int)
        /// Problems by the index of the event in the input; nothing was written.
        case rejected([(Int, [Problem])])

        public static func == (a: ImportOutcome, b: ImportOutcome) -> Bool {
            switch (a, b) {
            case (.imported(let x), .imported(let y)): x == y
            case (.rejected(let x), .rejected(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
            default: false
            }
        }
    }

    /// Validates every event in order (each against the journal plus the events before it) and
    /// appends all of them with one durable write — or, if any is invalid (or `dryRun`), none.
    public func importEvents(_ events: [Event], today: Day, dryRun: Bool = false) throws -> ImportOutcome {
        if dryRun || !locksPerAppend { return try importUnlocked(events, today: today, dryRun: dryRun) }
        return try writing { _ in try importUnlocked(events, today: today, dryRun: false) }
    }

    private func importUnlocked(_ events: [Event], today: Day, dryRun: Bool) throws -> ImportOutcome {
        // The payloads are encoded and sealed on the other cores while this thread validates (the
        // validation is sequential: each event is checked against those before it); if anything is
        // refused they are dropped unwritten.
        let payloads = dryRun ? nil : PayloadSealing.start(events, firstIndex: journal.recordCount, cipher: cipher)
        _ = try knownEventIds()
        let (scratch, rejected) = Self.check(events, against: projection, today: today,
                                             known: { [unowned self] in self.eventIds!.contains($0) })
        if !rejected.isEmpty { return .rejected(rejected) }
        if dryRun || events.isEmpty { return .imported(0) }
        try checkWritable()
        do {
            try journal.appendBatch(try payloads!.wait().map { (RecordKind.data, $0) })
        } catch {
            throw StoreError.journal(error)
        }
        if !events.isEmpty { eventsHead = journal.headHash }
        projection = scratch
        addIds(of: events)
        return .imported(events.count)
    }

    /// An import validated against an empty journal before that journal exists, so that a refused
    /// import creates no files (`uppfolj import` into a new journal); `importEvents(_:)` on the new
    /// store then appends without validating a million events a second time. The events are not
    /// kept: they were encoded, sealed (with `key`) and framed as the records of the new journal
    /// while they were checked (`PreparedBatch`), and the append writes those frames.
    public struct CheckedImport: Sendable {
        /// Problems by the index of the event in the input; empty when every event is valid.
        public let rejected: [(Int, [Problem])]
        /// The key the records were sealed with: the new journal's (`CaseStore.open(newJournalKey:)`).
        public let key: NewJournalKey?
        /// The records, when every event passed and nothing stopped their preparation.
        let batch: PreparedBatch?
        fileprivate let preparationFailure: (any Error)?
        fileprivate let today: Day
        fileprivate let result: Projection

        /// The events back from the prepared records (for a store that is not the journal they were prepared for).
        fileprivate func events() throws -> [Event] {
            guard let batch else { return [] }
            var events: [Event] = []
            events.reserveCapacity(batch.count)
            let cipher = key?.cipher
            var index = batch.startRecords
            var aad: [UInt8] = []
            try batch.forEachRecord { _, payload in
                if let cipher {
                    let plain = try cipher.open(payload, index: index, associatedData: &aad)
                    events.append(try plain.withUnsafeBytes { try EventBinaryCodec.decode($0) })
                } else {
                    events.append(try EventBinaryCodec.decode(payload))
                }
                index += 1
            }
            return events
        }
    }

    /// Validates `events` as the whole content of a new journal with `catalogue` (sealed with
    /// `key`; plain without one).
    public static func checkNewJournal(_ events: [Event], catalogue: InstrumentCatalogue, today: Day,
                                       key: NewJournalKey? = nil) -> CheckedImport {
        var check = NewJournalCheck(catalogue: catalogue, today: today, key: key)
        check.add(events)
        return check.finish()
    }

    /// `checkNewJournal` a part at a time, in order, as an import's lines are decoded (the next part
    /// is decoded on the other cores while this one is validated, and this one is sealed there too).
    public struct NewJournalCheck {
        private let today: Day
        /// The validator the events are checked with (its context-free checks may run elsewhere first).
        public let validator: Validator
        private let key: NewJournalKey?
        private var scratch: Projection
        private var rejected: [(Int, [Problem])] = []
        private var seenIds = Set<EventID>()
        private var count = 0
        /// Nil once nothing will be written (an event refused, or `stopPreparing`).
        private var preparation: RecordPreparation?

        public init(catalogue: InstrumentCatalogue, today: Day, key: NewJournalKey? = nil) {
            self.today = today
            self.key = key
            validator = Validator(catalogue: catalogue, today: today)
            scratch = Projection(catalogue: catalogue)
            preparation = RecordPreparation(key: key)
        }

        /// The next events of the input (their indices follow those added before). `prechecked[i]`:
        /// `validator.passesContextFreeChecks(part[i])` is known to be true. The part is sealed on
        /// another thread while it is validated here; once any event is refused, nothing more is.
        public mutating func add(_ part: [Event], prechecked: [Bool] = []) {
            preparation?.add(part)
            for (position, event) in part.enumerated() {
                CaseStore.checkNext(event, index: count, validator: validator, scratch: &scratch, rejected: &rejected,
                                    seenIds: &seenIds, known: { _ in false },
                                    contextFreeChecked: position < prechecked.count && prechecked[position])
                count += 1
            }
            if !rejected.isEmpty { stopPreparing() }
        }

        /// Room for about `events` event ids in all (an import's estimate from its first block and
        /// the file's size): the set of ids is then not rebuilt as it grows. Only a hint.
        public mutating func expect(events: Int) {
            if events > seenIds.capacity { seenIds.reserveCapacity(events) }
        }

        /// Nothing of this import will be written (a line could not be read): the records prepared
        /// so far are dropped and no more are made.
        public mutating func stopPreparing() {
            preparation?.stop()
            preparation = nil
        }

        public mutating func finish() -> CheckedImport {
            var batch: PreparedBatch?
            var failure: (any Error)?
            do { batch = try preparation?.finish() } catch { failure = error }
            preparation = nil
            return CheckedImport(rejected: rejected, key: key, batch: rejected.isEmpty ? batch : nil,
                                 preparationFailure: failure, today: today, result: scratch)
        }
    }

    /// Appends an import checked by `checkNewJournal`: the prepared records, written as they are
    /// when this store is the new, empty journal they were prepared for (its chain ends where they
    /// follow: the encryption header made with their key). Otherwise (it holds events by now,
    /// another catalogue, another key, a database) the events are taken back out of the records
    /// and validated again here. A refused check stays refused (its events are no longer held).
    public func importEvents(_ checked: CheckedImport) throws -> ImportOutcome {
        if !checked.rejected.isEmpty { return .rejected(checked.rejected) }
        if let failure = checked.preparationFailure { throw StoreError.journal(failure) }
        guard let batch = checked.batch else { preconditionFailure("an import whose preparation was stopped is not appended") }
        if batch.count == 0 { return .imported(0) }
        if !locksPerAppend, let file = journal as? Journal, projection.eventCount == 0,
           projection.catalogue == checked.result.catalogue {
            try checkWritable()
            let appended: Bool
            do { appended = try file.append(batch) } catch { throw StoreError.journal(error) }
            if appended {
                eventsHead = journal.headHash
                projection = checked.result
                // Gathered from the projection when first needed (`knownEventIds`).
                eventIds = nil
                return .imported(batch.count)
            }
        }
        let events: [Event]
        do { events = try checked.events() } catch { throw StoreError.journal(error) }
        return try importEvents(events, today: checked.today)
    }

    private func addIds(of events: [Event]) {
        guard eventIds != nil else { return }
        eventIds!.insert(contentsOf: events.lazy.map(\.id))
    }

    /// Validates events in order, each against `projection` plus the valid events before it.
    /// `known` tells whether an id is already taken by an event of the journal (ids are unique
    /// across the journal, and within the input). Returns the projection with the valid events
    /// applied and the problems by input index.
    public static func check(_ events: [Event], against projection: Projection, today: Day,
                             known: (EventID) -> Bool = { _ in false })
        -> (Projection, [(Int, [Problem])]) {
        let validator = Validator(catalogue: projection.catalogue, today: today)
        var scratch = projection
        var rejected: [(Int, [Problem])] = []
        var seenIds = Set<EventID>()
        for (index, event) in events.enumerated() {
            checkNext(event, index: index, validator: validator, scratch: &scratch, rejected: &rejected, seenIds: &seenIds, known: known)
        }
        return (scratch, rejected)
    }

    /// One step of `check`: the event at `index` against `scratch`, applied to it when valid.
    private static func checkNext(_ event: Event, index: Int, validator: Validator, scratch: inout Projection,
                                  rejected: inout [(Int, [Problem])], seenIds: inout Set<EventID>, known: (EventID) -> Bool,
                                  contextFreeChecked: Bool = false) {
        var problems = validator.validate(event, in: scratch, contextFreeChecked: contextFreeChecked)
        if known(event.id) {
            problems.append(duplicateId(event.id, inJournal: true))
        } else if !seenIds.insert(event.id).inserted {
            problems.append(duplicateId(event.id, inJournal: false))
        }
        if problems.isEmpty { scratch.apply(event) } else { rejected.append((index, problems)) }
    }

    // MARK: verification and repair

    public struct VerifyResult {
        public let records: Int
        public let events: Int
        public let cases: Int
        public let headHash: String
        public let fault: Localized?
        /// Whether the journal is encrypted (its first record is an encryption header).
        public let encrypted: Bool
        /// Whether every event was decoded; false for an encrypted journal verified without the
        /// passphrase (frames, hash chain and the sealed form of every payload are still checked).
        public let contentChecked: Bool
        /// False when record 0 is itself damaged, so whether the journal is encrypted is unknown.
        public var encryptionKnown = true
    }

    /// Nil when the journal still holds what its access log last recorded of its head.
    static func checkClaims(journalPath: String, passphrase: PassphraseSource?, report: JournalVerification) -> Localized? {
        do {
            let unlocked = try JournalKeys.unlock(journalPath: journalPath, passphrase: passphrase)
            let cipher = unlocked.map { RecordCipher(key: $0.key, journalID: $0.journalID, domain: .journal).forAccessLog() }
            guard let claim = JournalAnchors.lastClaim(try AccessLog.read(journalPath: journalPath, cipher: cipher)),
                  claim.head.records > 0 else { return nil }
            if report.recordCount < claim.head.records {
                return JournalAnchors.journalShorterThanClaimed(journalPath, has: report.recordCount, claim: claim.head, time: claim.time).message
            }
            let journal = try Journal.open(path: journalPath, mode: .readOnly)
            defer { journal.close() }
            if try JournalAnchors.head(of: journal, after: claim.head.records) != claim.head.hash {
                return JournalAnchors.journalDiffersFromClaim(journalPath, claim: claim.head, time: claim.time).message
            }
            return nil
        } catch let error as StoreError {
            return error.message
        } catch {
            return StoreError.journal(error).message
        }
    }

    /// A fault in the chain of the journal's access log (nil when it is whole or absent).
    static func verifyAccessLogChain(journalPath: String) -> Localized? {
        let path = AccessLog.path(forJournal: journalPath)
        guard JournalCompanions.exists(path) else { return nil }
        do {
            let report = try Journal.verify(path: path)
            guard let fault = report.fault else { return nil }
            return Localized(sv: "åtkomstloggen \(path): \(fault.svMessage)", en: "the access log \(path): \(fault.enMessage)")
        } catch {
            return StoreError.journal(error).message
        }
    }

    /// `uppfolj verify <journal>.access`: the access log's chain, and that it still holds what the
    /// journal last anchored. Needs no passphrase.
    public static func verifyAccessLog(journalPath: String) -> Result<(entries: Int, headHash: String, fault: Localized?), StoreError> {
        let path = AccessLog.path(forJournal: journalPath)
        let report: JournalVerification
        do { report = try Journal.verify(path: path) } catch { return .failure(.journal(error)) }
        var fault = report.fault.map { Localized(sv: $0.svMessage, en: $0.enMessage) }
        if fault == nil {
            do {
                let anchor = try lastAnchor(journalPath: journalPath).head
                fault = JournalAnchors.checkAccessLog(journalPath: journalPath, anchored: anchor)?.message
            } catch let error as StoreError {
                fault = error.message
            } catch {
                fault = StoreError.journal(error).message
            }
        }
        return .success((report.recordCount, report.headHashHex, fault))
    }

    /// Checks the frames and the hash chain of the whole file, then decodes every event. Never
    /// writes. Needs no passphrase: with `passphrase` nil an encrypted journal's content is not
    /// decoded, only checked to be sealed; given one, every record is opened and decoded too.
    public static func verify(path: String, passphrase: PassphraseSource? = nil) -> Result<VerifyResult, StoreError> {
        let report: JournalVerification
        do {
            report = try Journal.verify(path: path)
        } catch {
            return .failure(.journal(error))
        }
        var fault = report.fault.map { Localized(sv: $0.svMessage, en: $0.enMessage) }
        var events = 0
        var cases = Set<String>()
        // From record 0 even when a later record is damaged (nil: record 0 itself is not whole).
        var encrypted = report.firstRecord.map { $0.kind == .meta && $0.payload.withUnsafeBytes { EncryptionHeader(payload: $0) } != nil } ?? false
        let encryptionKnown = report.firstRecord != nil || (report.fault == nil && report.recordCount == 0)
        var contentChecked = false
        var anchor: LogHead?
        // A torn tail still leaves every record before it readable: decode those too.
        if fault == nil || report.isTornOnly, let journal = try? Journal.open(path: path, mode: .readOnly, create: false) {
            let header: EncryptionHeader?
            var cipher: RecordCipher?
            do {
                header = try JournalKeys.header(of: journal)
                if header != nil, passphrase != nil {
                    let unlocked = try JournalKeys.unlock(journalPath: path, passphrase: passphrase)
                    cipher = try JournalKeys.attach(journal, path: path, unlocked: unlocked, passphrase: nil, derivation: nil).cipher
                }
            } catch let error as StoreError {
                return .failure(error)
            } catch {
                return .failure(.journal(error))
            }
            encrypted = header != nil
            contentChecked = !encrypted || cipher != nil
            do {
                if encrypted && cipher == nil {
                    try journal.forEachRecord { record in
                        if record.kind == .meta, let head = JournalAnchors.parse(record.payload) { anchor = head }
                        guard record.kind == .data else { return }
                        guard record.payload.count >= RecordCipher.overhead, record.payload[0] == 1 else {
                            throw StoreError.undecodable(record: record.index, offset: record.offset, RecordCipher.OpenFailure.notSealed)
                        }
                    }
                } else {
                    // Opened and decoded on every core, as an open's replay does.
                    try replay(journal, cipher: cipher, observe: { record in
                        if record.kind == .meta, let head = JournalAnchors.parse(record.payload) { anchor = head }
                    }) { event in
                        events += 1
                        cases.insert(event.caseCode)
                    }
                }
            } catch let error as StoreError {
                fault = error.message
            } catch {
                fault = StoreError.journal(error).message
            }
        }
        // What the access log recorded of the journal's head (readable with the key, or in the clear).
        if fault == nil, !encrypted || passphrase != nil, JournalCompanions.exists(AccessLog.path(forJournal: path)) {
            fault = checkClaims(journalPath: path, passphrase: passphrase, report: report)
        }
        // The access log beside it: whole, and still holding what the journal last anchored.
        if fault == nil, let problem = verifyAccessLogChain(journalPath: path)
            ?? JournalAnchors.checkAccessLog(journalPath: path, anchored: anchor)?.message {
            fault = problem
        }
        return .success(VerifyResult(records: report.recordCount, events: events, cases: cases.count,
                                     headHash: report.headHashHex, fault: fault, encrypted: encrypted,
                                     contentChecked: contentChecked, encryptionKnown: encryptionKnown))
    }

}
