import Foundation
import UppfoljJournal
import UppfoljPostgres

/// What the access log and the release register share: a companion log of JSON entries beside a
/// journal — a file `<journal>.access` / `<journal>.releases`, or a table of a database journal —
/// each entry sealed under its own key derived from the journal key (a plain journal's are JSON),
/// appended under the log's own lock, after a check that the log still holds what its anchor
/// says it held. Each log keeps its own messages; the mechanics are here once.
enum SealedLog {
    /// Appends `payload` (sealed with `cipher` at its index) to the log file at `path`, waiting
    /// briefly while another process appends. `keeping` records are never cut as a torn tail;
    /// `check` sees the open log first and may refuse it; when the file is gone although
    /// `keeping` > 0, `missing` says so.
    static func appendToFile(_ payload: [UInt8], path: String, cipher: RecordCipher?, keeping: Int,
                             check: (any JournalBackend) throws -> StoreError?, missing: () -> StoreError) throws -> LogHead {
        var attempt = 0
        while true {
            do {
                let log = try Journal.open(path: path, mode: .readWrite, create: keeping == 0, keeping: keeping)
                defer { log.close() }
                if let problem = try check(log) { throw problem }
                try log.append(kind: .data, payload: cipher.map { try $0.seal(payload, index: log.recordCount) } ?? payload)
                return LogHead(records: log.recordCount, hash: log.headHash)
            } catch JournalError.inUse where attempt < 50 {
                attempt += 1
                usleep(20_000)
            } catch JournalError.notFound where keeping > 0 {
                throw missing()
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.journal(error)
            }
        }
    }

    /// The same for a database journal's `table`, under the table's own lock. `check` sees the
    /// table first (an empty table that should hold `keeping` records is for `check` to refuse).
    static func appendToDatabase(_ payload: [UInt8], url: String, table: PostgresJournal.Table, cipher: RecordCipher?,
                                 check: (any JournalBackend) throws -> StoreError?) throws -> LogHead {
        do {
            let log = try PostgresJournal.open(url: url, table: table, writes: true)
            defer { log.close() }
            return try log.withWriteLock(keeping: 0) { _ in
                if let problem = try check(log) { throw problem }
                try log.append(kind: .data, payload: cipher.map { try $0.seal(payload, index: log.recordCount) } ?? payload)
                return LogHead(records: log.recordCount, hash: log.headHash)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
    }

    /// Opens one entry with `cipher` (nil: a plain journal's log, whose entries are JSON) and
    /// decodes it. `unopenable` names an entry that does not open under the key, `sealedWithoutKey`
    /// one that is sealed although there is no key, `invalid` one that is not a valid entry.
    static func open<Entry: Decodable>(_ record: JournalRecord, as: Entry.Type, cipher: RecordCipher?,
                                       unopenable: (Error) -> StoreError, sealedWithoutKey: StoreError,
                                       invalid: StoreError) throws -> Entry {
        let plain: Data
        if let cipher {
            do { plain = try cipher.open(record.payload, index: record.index) } catch { throw unopenable(error) }
        } else {
            // A plain entry is JSON and starts with "{"; a sealed one starts with its format byte 1.
            if record.payload.first == 1 { throw sealedWithoutKey }
            plain = Data(record.payload)
        }
        do {
            return try JSONDecoder().decode(Entry.self, from: plain)
        } catch {
            throw invalid
        }
    }
}
