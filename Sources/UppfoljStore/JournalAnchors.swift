import Foundation
import UppfoljCore
import UppfoljJournal
import UppfoljPostgres

/// The journal and its access log vouch for each other's heads, so neither can lose entries at
/// its end unnoticed (a hash chain alone cannot show that whole records were cut from its end):
///
/// - every access entry carries the journal's head when it was written (`journalRecords`,
///   `journalHead`); every write to the journal (a save, an import, a repair) is followed by one,
///   so the log's last entry says how long the journal was at least. A journal shorter than that,
///   or with another record at that place, is refused at open, and a read-write open never cuts a
///   torn tail below it;
/// - after an entry is appended, the access log's head (entry count and chain hash) is anchored in
///   the journal as a `meta` record (payload below). A writer anchors with the lock it holds; a
///   read-only user (`export`, `dashboard`) with a short locked append when no writer holds the
///   journal, otherwise the writer's next anchor covers its entry. `audit` and `verify` check the
///   log against the journal's last anchor: a deleted, cut or replaced log is reported.
///
/// Anchor payload (meta record): 1 byte type (2 = access-log anchor) · u64 LE entry count ·
/// 32 bytes chain hash of the log's last entry. Journals without anchors are read as before.
enum JournalAnchors {
    static let metaType: UInt8 = 2
    static let payloadLength = 1 + 8 + 32

    static func payload(for head: LogHead) -> [UInt8] {
        var bytes: [UInt8] = [metaType]
        appendLE(UInt64(head.records), &bytes)
        return bytes + head.hash.bytes
    }

    static func parse(_ payload: UnsafeRawBufferPointer) -> LogHead? {
        guard payload.count == payloadLength, payload[0] == metaType else { return nil }
        var count: UInt64 = 0
        for i in (1...8).reversed() { count = count << 8 | UInt64(payload[i]) }
        guard count <= UInt64(Int.max), let hash = ChainHash(bytes: Array(payload[9..<41])) else { return nil }
        return LogHead(records: Int(count), hash: hash)
    }

    /// The chain hash of a log's record `records - 1` (records ≥ 1); nil if it has fewer records.
    static func head(of log: any JournalBackend, after records: Int) throws -> ChainHash? {
        guard records >= 1, records <= log.recordCount else { return nil }
        if records == log.recordCount { return log.headHash }
        struct Found: Error { let hash: ChainHash }
        do {
            try log.forEachRecord { record in
                if record.index == records - 1 { throw Found(hash: record.chainHash) }
            }
        } catch let found as Found {
            return found.hash
        }
        return nil
    }

    /// Nil when the open access log `log` still begins with what was anchored; else the problem.
    static func compare(_ log: any JournalBackend, with anchored: LogHead, path: String) throws -> StoreError? {
        guard anchored.records > 0 else { return nil }
        if log.recordCount < anchored.records {
            return StoreError(Localized(
                sv: "Åtkomstloggen \(path) har \(log.recordCount) poster, men journalen har förankrat att den hade \(anchored.records): \(anchored.records - log.recordCount) \(anchored.records - log.recordCount == 1 ? "post" : "poster") har klippts bort eller loggen har ersatts. Lägg tillbaka åtkomstloggen från en säkerhetskopia; inget skrivs i den till dess.",
                en: "The access log \(path) has \(log.recordCount) entries, but the journal anchored that it had \(anchored.records): \(anchored.records - log.recordCount) \(anchored.records - log.recordCount == 1 ? "entry was" : "entries were") cut off or the log was replaced. Restore the access log from a backup; nothing is written to it until then."))
        }
        guard let hash = try head(of: log, after: anchored.records), hash == anchored.hash else {
            return StoreError(Localized(
                sv: "Åtkomstloggen \(path) stämmer inte med det journalen har förankrat (post \(anchored.records - 1) är en annan): loggen har ersatts eller ändrats. Lägg tillbaka den från en säkerhetskopia; inget skrivs i den till dess.",
                en: "The access log \(path) does not match what the journal anchored (entry \(anchored.records - 1) differs): the log was replaced or changed. Restore it from a backup; nothing is written to it until then."))
        }
        return nil
    }

    static func accessLogMissing(_ path: String, anchored: LogHead) -> StoreError {
        StoreError(Localized(
            sv: "Åtkomstloggen \(path) saknas, men journalen har förankrat att den hade \(anchored.records) \(anchored.records == 1 ? "post" : "poster"): den har tagits bort. Lägg tillbaka den från en säkerhetskopia; en ny påbörjas inte (det skulle dölja förlusten).",
            en: "The access log \(path) is missing, but the journal anchored that it had \(anchored.records) \(anchored.records == 1 ? "entry" : "entries"): it was deleted. Restore it from a backup; a new one is not started (that would hide the loss)."))
    }

    /// Checks the access log of `journalPath` against the journal's last anchor, reading only.
    /// Nil when they agree (or there is no anchor yet).
    static func checkAccessLog(journalPath: String, anchored: LogHead?) -> StoreError? {
        guard let anchored, anchored.records > 0 else { return nil }
        let place = JournalPlace(journalPath)
        let path = place.isDatabase ? place.display + " (\(PostgresJournal.Table.accessLog.rawValue))" : AccessLog.path(forJournal: journalPath)
        do {
            guard try JournalPlace.accessLogExists(journalPath: journalPath) else { return accessLogMissing(path, anchored: anchored) }
            let log: any JournalBackend = place.isDatabase ? try JournalPlace.openDatabaseLog(journalPath, writes: false)!
                : try Journal.open(path: path, mode: .readOnly)
            defer { log.close() }
            return try compare(log, with: anchored, path: path)
        } catch let error as StoreError {
            return error
        } catch {
            return StoreError.journal(error)
        }
    }

    /// The journal head the access log last recorded (entries of older versions carry none).
    static func lastClaim(_ entries: [AccessRecord]) -> (head: LogHead, time: Int64)? {
        for entry in entries.reversed() {
            if let records = entry.journalRecords, let hex = entry.journalHead, let hash = ChainHash(hex: hex) {
                return (LogHead(records: records, hash: hash), entry.time)
            }
        }
        return nil
    }

    static func journalShorterThanClaimed(_ path: String, has: Int, claim: LogHead, time: Int64) -> StoreError {
        let when = Timestamp(secondsSinceEpoch: time).iso
        return StoreError(Localized(
            sv: "Journalen \(path) behöver åtgärdas: den har \(has) poster, men åtkomstloggen visar att den hade \(claim.records) (\(when)). \(claim.records - has) sparade poster saknas i slutet (klippta eller skadade). Ingenting ändrades. Lägg tillbaka journalen från en säkerhetskopia; finns ingen nyare, skriv in förlusten med uppfolj repair --yes \(path).",
            en: "The journal \(path) needs attention: it has \(has) records, but the access log shows it had \(claim.records) (\(when)). \(claim.records - has) saved records are missing at its end (cut or damaged). Nothing was changed. Restore the journal from a backup; if there is no newer one, put the loss on record with uppfolj repair --yes \(path)."))
    }

    static func journalDiffersFromClaim(_ path: String, claim: LogHead, time: Int64) -> StoreError {
        let when = Timestamp(secondsSinceEpoch: time).iso
        return StoreError(Localized(
            sv: "Journalen \(path) behöver åtgärdas: post \(claim.records - 1) är inte den som åtkomstloggen visar fanns där (\(when)); journalen har ersatts eller ändrats. Ingenting ändrades. Lägg tillbaka journalen från en säkerhetskopia; finns ingen nyare, skriv in förlusten med uppfolj repair --yes \(path).",
            en: "The journal \(path) needs attention: record \(claim.records - 1) is not the one the access log shows was there (\(when)); the journal was replaced or changed. Nothing was changed. Restore the journal from a backup; if there is no newer one, put the loss on record with uppfolj repair --yes \(path)."))
    }
}
