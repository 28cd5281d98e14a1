import Foundation
import UppfoljCore
import UppfoljJournal
import UppfoljPostgres

/// Repair and audit of a journal and its access log: the administrator's tools, each of which
/// keeps a backup of what it removes and leaves a trace in the access log.
extension CaseStore {
    /// True when a journal is at `path`, or its companions prove one was (so commands do not say
    /// "no journal yet" where one was lost).
    public static func journalExists(_ path: String) -> Bool {
        // A database journal is there once `uppfolj pg init` made its tables (opening says if not).
        if JournalPlace(path).isDatabase { return true }
        if JournalCompanions.exists(path) || JournalCompanions.exists(KeyFile.path(forJournal: path)) { return true }
        var info = stat()
        return lstat(AccessLog.path(forJournal: path), &info) == 0 && info.st_size > 32
    }

    /// Keeps a backup of the whole file, then cuts the journal at its first fault; then writes a
    /// `repair` entry (with the journal's new head) to the access log and anchors it, so the cut is
    /// on record and the journal opens again. The passphrase is asked for only when the journal
    /// has a key file and an access log to write to.
    /// Only an admin's key slot may repair an encrypted journal (issue 16): with a key file beside
    /// the journal the passphrase is asked for, and the repair entry names the slot's worker.
    static func requireAdminForRepair(_ holder: KeyHolder) throws {
        guard holder.role == .admin else {
            throw StoreError.roleRefused(holder, needed: [.admin], what: Localized(sv: "uppfolj repair", en: "uppfolj repair"))
        }
    }

    public static func repair(path: String, passphrase: PassphraseSource? = nil, worker: String = "") throws -> Localized {
        try JournalLocation.checkPermissions(journalPath: path)
        let hasLog = JournalCompanions.exists(AccessLog.path(forJournal: path))
        let hasKey = JournalCompanions.exists(KeyFile.path(forJournal: path))
        let unlocked = hasLog || hasKey ? try JournalKeys.unlock(journalPath: path, passphrase: passphrase, authorize: requireAdminForRepair) : nil
        let worker = unlocked?.holder.worker ?? worker
        let result: RepairResult
        do {
            result = try Journal.repair(path: path)
        } catch JournalError.nothingToRepair where hasLog {
            return try acceptLoss(path: path, unlocked: unlocked, worker: worker)
        } catch {
            throw StoreError.journal(error)
        }
        var message = Localized(
            sv: "Journalen klipptes vid byte \(result.cutOffset) (\(result.recordsKept) poster finns kvar); \(result.bytesRemoved) byte togs bort (\(result.fault.svMessage)). Allt som togs bort finns i säkerhetskopian: \(result.backupPath)",
            en: "The journal was cut at byte \(result.cutOffset) (\(result.recordsKept) records kept); \(result.bytesRemoved) bytes were removed (\(result.fault.enMessage)). Everything removed is in the backup: \(result.backupPath)")
        guard hasLog else { return message }
        do {
            let journal = try Journal.open(path: path, mode: .readWrite)
            defer { journal.close() }
            let cipher = unlocked.map { RecordCipher(key: $0.key, journalID: $0.journalID, domain: .journal).forAccessLog() }
            var entry = AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: worker, action: .repair)
            entry.journalRecords = journal.recordCount
            entry.journalHead = journal.headHashHex
            let head = try AccessLog.append(entry, journalPath: path, cipher: cipher)
            try journal.append(kind: .meta, payload: JournalAnchors.payload(for: head))
        } catch {
            let reason = (error as? StoreError)?.message ?? StoreError.journal(error).message
            message = Localized(sv: message.sv + "\nVarning: reparationen kunde inte skrivas i åtkomstloggen: \(reason.sv)",
                                en: message.en + "\nWarning: the repair could not be written to the access log: \(reason.en)")
        }
        return message
    }

    /// A journal whose chain is whole but shorter than its access log recorded (records cut at a
    /// record boundary, or an older copy restored): nothing can be cut or brought back, so the loss
    /// is put on record — a `repair` entry with the journal's present head — and the journal opens
    /// again. Throws `nothingToRepair` when the journal holds what the log recorded.
    private static func acceptLoss(path: String, unlocked: JournalKeys.Unlocked?, worker: String) throws -> Localized {
        let cipher = unlocked.map { RecordCipher(key: $0.key, journalID: $0.journalID, domain: .journal).forAccessLog() }
        let claim = JournalAnchors.lastClaim(try AccessLog.read(journalPath: path, cipher: cipher))
        guard let problem = checkJournal(path, against: claim) else { throw StoreError.journal(JournalError.nothingToRepair(path: path)) }
        do {
            let journal = try Journal.open(path: path, mode: .readWrite)
            defer { journal.close() }
            var entry = AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: worker, action: .repair)
            entry.journalRecords = journal.recordCount
            entry.journalHead = journal.headHashHex
            let head = try AccessLog.append(entry, journalPath: path, cipher: cipher)
            try journal.append(kind: .meta, payload: JournalAnchors.payload(for: head))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
        return Localized(
            sv: "Journalens kedja är hel, men: \(problem.sv) Det som saknas kan inte tas fram ur journalen (lägg tillbaka den från en säkerhetskopia om en nyare finns). Förlusten skrivs nu in i åtkomstloggen, och journalen öppnas igen med de poster den har.",
            en: "The journal's chain is whole, but: \(problem.en) What is missing cannot be brought back from the journal (restore it from a backup if a newer one exists). The loss is now written to the access log, and the journal opens again with the records it has.")
    }

    /// `uppfolj repair` of a database journal (`PostgresJournal.repair`): without `cut` it only
    /// says what is wrong and what `--yes` would remove; with `cut` it keeps a copy of every row
    /// in a backup table, cuts the journal table after the last whole batch before its first
    /// fault, and then, as for a file, writes a `repair` entry (with the journal's new head) to
    /// the access log and anchors it. A journal whose chain is whole but shorter than its access
    /// log recorded (a standby promoted before it had the last rows, an older backup restored) has
    /// its loss put on record instead. Only an admin's key slot may do it (the passphrase is asked
    /// for when the journal has a key), and the cut only over a connection as the tables' owner.
    /// With `cut`, a journal with nothing to repair throws (`nothingToRepair`, as for a file);
    /// without, it is said, with `needsRepair` false.
    public static func repairDatabase(url: String, cut: Bool, passphrase: PassphraseSource?, worker: String) throws
        -> (message: Localized, needsRepair: Bool) {
        do {
            return (try repairDatabaseOrThrow(url: url, cut: cut, passphrase: passphrase, worker: worker), true)
        } catch JournalError.nothingToRepair(let path) where !cut {
            return (StoreError.journal(JournalError.nothingToRepair(path: path)).message, false)
        } catch let error as JournalError {
            throw StoreError.journal(error)
        }
    }

    private static func repairDatabaseOrThrow(url: String, cut: Bool, passphrase: PassphraseSource?, worker: String) throws -> Localized {
        let place = JournalPlace.database(url: url)
        let hasLog = try JournalPlace.accessLogExists(journalPath: url)
        let hasKey = try JournalPlace.keyFileExists(journalPath: url)
        let unlocked = hasLog || hasKey ? try JournalKeys.unlock(journalPath: url, passphrase: passphrase, authorize: requireAdminForRepair) : nil
        let worker = unlocked?.holder.worker ?? worker
        let cipher = unlocked.map { RecordCipher(key: $0.key, journalID: $0.journalID, domain: .journal).forAccessLog() }
        let result: PostgresRepair
        do {
            result = try PostgresJournal.repair(url: url, table: .journal, cut: cut)
        } catch JournalError.nothingToRepair where hasLog {
            return try acceptDatabaseLoss(url: url, cipher: cipher, worker: worker, cut: cut)
        } catch let error as JournalError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
        let (kept, removed, fault) = (result.kept, result.removed, result.fault)
        guard let backup = result.backupTable else {
            return Localized(
                sv: "Journalen i \(place.display) behöver repareras: \(fault.svMessage). De första \(kept) posterna stämmer (hela satser). uppfolj repair --yes behåller dem och tar bort \(removed) poster av \(result.rows); alla rader kopieras först till en säkerhetskopia i databasen. Det måste köras som tabellernas ägare (rollen som körde uppfolj pg init) och med en administratörs lösenfras. Ingenting har ändrats.",
                en: "The journal in \(place.display) needs repair: \(fault.enMessage). The first \(kept) records match (whole batches). uppfolj repair --yes keeps them and removes \(removed) records of \(result.rows); every row is first copied to a backup table in the database. It must be run as the tables' owner (the role that ran uppfolj pg init) and with an admin's passphrase. Nothing was changed.")
        }
        var message = Localized(
            sv: "Journalen i \(place.display) klipptes efter post \(kept) (\(kept) poster finns kvar); \(removed) poster togs bort (\(fault.svMessage)). Alla rader som de var finns i tabellen \(backup) (spara den med pg_dump --table=\(backup); ta bort den med DROP TABLE när den inte behövs).",
            en: "The journal in \(place.display) was cut after record \(kept) (\(kept) records kept); \(removed) records were removed (\(fault.enMessage)). Every row as it was is in the table \(backup) (save it with pg_dump --table=\(backup); drop it when it is no longer needed).")
        guard hasLog else { return message }
        do {
            try recordDatabaseRepair(url: url, cipher: cipher, worker: worker)
        } catch {
            let reason = (error as? StoreError)?.message ?? StoreError.journal(error).message
            message = Localized(sv: message.sv + "\nVarning: reparationen kunde inte skrivas i åtkomstloggen: \(reason.sv)",
                                en: message.en + "\nWarning: the repair could not be written to the access log: \(reason.en)")
        }
        return message
    }

    /// A database journal whose chain is whole: shorter than its access log recorded? Then, with
    /// `cut`, the loss is put on record (a `repair` entry with the present head), as for a file.
    private static func acceptDatabaseLoss(url: String, cipher: RecordCipher?, worker: String, cut: Bool) throws -> Localized {
        let claim = JournalAnchors.lastClaim(try AccessLog.read(journalPath: url, cipher: cipher))
        guard let problem = checkJournal(url, against: claim) else { throw JournalError.nothingToRepair(path: JournalPlace.database(url: url).display) }
        guard cut else {
            return Localized(
                sv: "Journalens kedja är hel, men: \(problem.sv) Det som saknas kan inte tas fram ur databasen (lägg tillbaka den från en säkerhetskopia om en nyare finns). uppfolj repair --yes skriver in förlusten i åtkomstloggen, så att journalen öppnas igen med de poster den har. Ingenting har ändrats.",
                en: "The journal's chain is whole, but: \(problem.en) What is missing cannot be brought back from the database (restore it from a backup if a newer one exists). uppfolj repair --yes writes the loss to the access log, so that the journal opens again with the records it has. Nothing was changed.")
        }
        do {
            try recordDatabaseRepair(url: url, cipher: cipher, worker: worker)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
        return Localized(
            sv: "Journalens kedja är hel, men: \(problem.sv) Det som saknas kan inte tas fram ur databasen (lägg tillbaka den från en säkerhetskopia om en nyare finns). Förlusten skrivs nu in i åtkomstloggen, och journalen öppnas igen med de poster den har.",
            en: "The journal's chain is whole, but: \(problem.en) What is missing cannot be brought back from the database (restore it from a backup if a newer one exists). The loss is now written to the access log, and the journal opens again with the records it has.")
    }

    /// The `repair` entry (with the journal's head) in a database journal's access log, anchored in
    /// the journal: under the journal's write lock, the log's own taken inside it.
    private static func recordDatabaseRepair(url: String, cipher: RecordCipher?, worker: String) throws {
        let journal = try JournalPlace.database(url: url).openJournal(writes: true)
        defer { journal.close() }
        try journal.withWriteLock(keeping: 0) { _ in
            var entry = AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: worker, action: .repair)
            entry.journalRecords = journal.recordCount
            entry.journalHead = journal.headHashHex
            let head = try AccessLog.append(entry, journalPath: url, cipher: cipher)
            try journal.append(kind: .meta, payload: JournalAnchors.payload(for: head))
        }
    }

    /// Mends the access log of `journalPath`: keeps a backup, cuts it at its first damaged entry
    /// or the first that does not open under the journal's key (e.g. one written in the clear),
    /// or starts a new one if it was deleted; writes a `repair` entry and anchors the mended log.
    public static func repairAccessLog(journalPath: String, passphrase: PassphraseSource?, worker: String) throws -> Localized {
        try JournalLocation.checkPermissions(journalPath: journalPath)
        let path = AccessLog.path(forJournal: journalPath)
        let unlocked = try JournalKeys.unlock(journalPath: journalPath, passphrase: passphrase, authorize: requireAdminForRepair)
        let worker = unlocked?.holder.worker ?? worker
        let cipher = unlocked.map { RecordCipher(key: $0.key, journalID: $0.journalID, domain: .journal).forAccessLog() }
        var done: Localized
        if JournalCompanions.exists(path) {
            // The first entry that does not decode, if the chain itself is whole up to it.
            var keep: Int?
            if let log = try? Journal.open(path: path, mode: .readOnly) {
                var index = 0
                do {
                    try log.forEachRecord { record in
                        index = record.index
                        _ = try AccessLog.decode(entry: record, cipher: cipher)
                    }
                } catch {
                    keep = index
                }
                log.close()
            }
            do {
                let result = try Journal.repair(path: path, keepingRecords: keep)
                done = Localized(
                    sv: "Åtkomstloggen klipptes vid byte \(result.cutOffset) (\(result.recordsKept) poster finns kvar; \(result.fault.svMessage)). Allt som togs bort finns i säkerhetskopian: \(result.backupPath)",
                    en: "The access log was cut at byte \(result.cutOffset) (\(result.recordsKept) entries kept; \(result.fault.enMessage)). Everything removed is in the backup: \(result.backupPath)")
            } catch JournalError.nothingToRepair {
                let anchored = try? lastAnchor(journalPath: journalPath).head
                if let problem = JournalAnchors.checkAccessLog(journalPath: journalPath, anchored: anchored ?? nil) {
                    // Whole, but without entries the journal anchored: the loss cannot be undone;
                    // it is put on record and the log anchored anew.
                    done = Localized(sv: "Åtkomstloggens kedja är hel, men: \(problem.message.sv) Förlusten skrivs nu in i loggen och loggen förankras på nytt.",
                                     en: "The access log's chain is whole, but: \(problem.message.en) The loss is now written to the log and the log anchored anew.")
                } else {
                    done = Localized(sv: "Åtkomstloggen \(path) är hel.", en: "The access log \(path) is intact.")
                }
            } catch {
                throw StoreError.journal(error)
            }
        } else {
            done = Localized(sv: "Åtkomstloggen \(path) saknades; en ny påbörjades.", en: "The access log \(path) was missing; a new one was started.")
        }
        // Record the repair and anchor the mended log, so it is checked from here on.
        do {
            let journal = try Journal.open(path: journalPath, mode: .readWrite)
            defer { journal.close() }
            var entry = AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: worker, action: .repair)
            entry.journalRecords = journal.recordCount
            entry.journalHead = journal.headHashHex
            let head = try AccessLog.append(entry, journalPath: journalPath, cipher: cipher)
            try journal.append(kind: .meta, payload: JournalAnchors.payload(for: head))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
        return done
    }

    /// The access log for `uppfolj audit`, checked: the journal's key is needed when it is
    /// encrypted, a log that ends incompletely is refused, and the log must still hold what the
    /// journal last anchored (not deleted, cut or replaced).
    /// `cipher` is `accessLogCipher(journalPath:passphrase:)` (nil for a plain journal).
    public static func audit(journalPath: String, cipher: RecordCipher?) throws
        -> (entries: [AccessRecord], journalProblem: Localized?) {
        try JournalLocation.checkPermissions(journalPath: journalPath)
        let anchor = try lastAnchor(journalPath: journalPath)
        if cipher == nil, anchor.encrypted {
            throw StoreError(Localized(
                sv: "Journalen \(journalPath) är krypterad men nyckelfilen \(KeyFile.path(forJournal: journalPath)) saknas; åtkomstloggen kan inte läsas. Lägg tillbaka nyckelfilen från säkerhetskopian.",
                en: "The journal \(journalPath) is encrypted but its key file \(KeyFile.path(forJournal: journalPath)) is missing; the access log cannot be read. Restore the key file from the backup."))
        }
        if let problem = JournalAnchors.checkAccessLog(journalPath: journalPath, anchored: anchor.head) { throw problem }
        let entries = try AccessLog.readChecked(journalPath: journalPath, cipher: cipher)?.entries ?? []
        // The journal the log belongs to: missing, damaged, or shorter than the log recorded?
        let journalProblem: Localized?
        if !JournalPlace(journalPath).isDatabase && !JournalCompanions.exists(journalPath) {
            journalProblem = entries.isEmpty ? nil : Localized(
                sv: "Journalen \(journalPath) saknas, fast åtkomstloggen visar att den fanns. Lägg tillbaka den från en säkerhetskopia.",
                en: "The journal \(journalPath) is missing, though the access log shows it existed. Restore it from a backup.")
        } else {
            journalProblem = checkJournal(journalPath, against: JournalAnchors.lastClaim(entries))
        }
        return (entries, journalProblem)
    }

    /// The journal's frames and chain (no key needed), and that it still holds the head the access
    /// log last recorded. Nil when both hold.
    static func checkJournal(_ journalPath: String, against claim: (head: LogHead, time: Int64)?) -> Localized? {
        func attention(_ what: Localized) -> Localized {
            Localized(sv: "Journalen \(journalPath) behöver åtgärdas: \(what.sv)", en: "The journal \(journalPath) needs attention: \(what.en)")
        }
        do {
            let journal: any JournalBackend
            if JournalPlace(journalPath).isDatabase {
                // Opening checks every record's chain.
                do { journal = try JournalPlace(journalPath).openJournal(writes: false) } catch JournalError.corrupt(_, let fault) {
                    return attention(Localized(sv: fault.svMessage, en: fault.enMessage))
                }
            } else {
                let report = try Journal.verify(path: journalPath)
                if let fault = report.fault { return attention(Localized(sv: fault.svMessage, en: fault.enMessage)) }
                journal = try Journal.open(path: journalPath, mode: .readOnly)
            }
            guard let claim, claim.head.records > 0 else { return nil }
            if journal.recordCount < claim.head.records {
                return JournalAnchors.journalShorterThanClaimed(journalPath, has: journal.recordCount, claim: claim.head, time: claim.time).message
            }
            defer { journal.close() }
            if try JournalAnchors.head(of: journal, after: claim.head.records) != claim.head.hash {
                return JournalAnchors.journalDiffersFromClaim(journalPath, claim: claim.head, time: claim.time).message
            }
            return nil
        } catch {
            return StoreError.journal(error).message
        }
    }

    /// The journal's last access-log anchor and whether it is encrypted (reads frames only, no key).
    static func lastAnchor(journalPath: String) throws -> (head: LogHead?, encrypted: Bool) {
        guard JournalPlace(journalPath).isDatabase || JournalCompanions.exists(journalPath) else { return (nil, false) }
        let journal: any JournalBackend
        do { journal = try JournalPlace(journalPath).openJournal(writes: false) } catch { throw StoreError.journal(error) }
        defer { journal.close() }
        var head: LogHead?
        var encrypted = false
        do {
            try journal.forEachRecord { record in
                guard record.kind == .meta else { return }
                if record.index == 0, EncryptionHeader(payload: record.payload) != nil { encrypted = true }
                if let anchor = JournalAnchors.parse(record.payload) { head = anchor }
            }
        } catch {
            throw StoreError.journal(error)
        }
        return (head, encrypted)
    }
}
