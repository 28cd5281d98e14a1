import Synchronization
import UppfoljJournal

/// A journal kept in a PostgreSQL table (schema: `PostgresSchema`), with the same records and
/// chain as a journal file: each row holds the stored kind byte, the payload (sealed by the store:
/// the server holds only ciphertext), the previous record's chain hash and its own. The client
/// computes the chain when it appends and checks it on every read: a row changed, removed or put
/// in by someone with rights on the server is reported as `JournalError.corrupt` at that record.
///
/// Writers take a session-level advisory lock around one append (`withWriteLock`), catch up with
/// the rows others added (checking their chain), and insert after the latest; a batch is one
/// transaction, and `append` returns only after the server has committed it (synchronous commit).
/// The primary key on the sequence number and a trigger checking each new row's link to the
/// previous one make a fork impossible even for a client that skipped the lock.
///
/// After a lost connection the next use reconnects and checks that the server still holds the
/// records this handle verified, with the same head hash (after a failover to a standby that
/// lacked them, or a restored older backup, it stops with `changedUnderneath`).
///
/// `open` reads and checks every row. A reader that reads every record right after opening (the
/// store's replay) opens with `verifyOnFirstRead` instead: the rows then come over the socket and
/// are hashed once, by that first read, which checks the chain up to the count and head the open
/// took from the last row (and throws as `open` would); until then the handle reads nothing else.
public final class PostgresJournal: JournalBackend {
    /// The tables holding hash-chained records.
    public enum Table: String, Sendable, CaseIterable {
        case journal = "uppfolj_journal"
        case accessLog = "uppfolj_access"
        /// The release register (`ReleaseRegister`): every release of group-level figures.
        case releaseRegister = "uppfolj_releases"
    }

    public let location: String
    public let writes: Bool
    public let table: Table
    public private(set) var recordCount = 0
    public private(set) var headHash = JournalChain.genesis
    public var cursor: JournalCursor { JournalCursor(records: recordCount, head: headHash, offset: recordCount) }

    private let connection: PostgresConnection
    private var lockHeld = false
    private var closed = false
    /// Set when the server no longer holds what this handle verified: every further use throws it.
    private var lost: JournalError?
    private var listening = false
    /// Opened with `verifyOnFirstRead` and not read in full yet: `recordCount` and `headHash` are
    /// the server's last row's, not yet checked against the chain.
    private var unverified = false
    /// Rows fetched per query while reading (the first query of a read fetches `firstPageSize`,
    /// doubling up to this: reading only the first record, the encryption header, stays cheap).
    static let pageSize = 8_192
    static let firstPageSize = 64
    /// Rows of `uppfolj_journal` this process has fetched (for tests of how often a journal is read).
    public static let journalRowsFetched = Atomic<Int>(0)
    /// Parameters per INSERT statement (the protocol allows 65,535).
    public static let rowsPerInsert = 6_000

    init(connection: PostgresConnection, table: Table, writes: Bool) {
        self.connection = connection
        self.table = table
        self.writes = writes
        self.location = connection.displayName
    }

    deinit { close() }

    /// Connects and verifies every record of `table` (the chain from the genesis hash). The schema
    /// must exist (`uppfolj pg init`). With `verifyOnFirstRead`, only the last row is read now, and
    /// the first read of every record (`forEachRecord`) checks the chain up to it; any other use
    /// before that reads and checks the rows first.
    public static func open(url: String, table: Table = .journal, writes: Bool, verifyOnFirstRead: Bool = false) throws -> PostgresJournal {
        let connection: PostgresConnection
        do { connection = try PostgresConnection(url) } catch {
            throw JournalError.database(location: PostgresConnection.withoutPassword(url), detail: error.message)
        }
        let journal = PostgresJournal(connection: connection, table: table, writes: writes)
        try journal.checkSchema()
        // A writer waits at most this long for another writer's append (like the file's 10 s).
        try journal.run { try $0.execute("SET lock_timeout = '10s'") }
        if verifyOnFirstRead {
            let last = try journal.run { try $0.query("SELECT seq, hash FROM \(table.rawValue) ORDER BY seq DESC LIMIT 1") }
            if table == .journal { journalRowsFetched.add(last.count, ordering: .relaxed) }
            if last.count == 1 {
                guard let hash = ChainHash(bytes: Array(last.bytes(0, 1))) else {
                    throw JournalError.corrupt(path: journal.location,
                                               fault: JournalFault(record: Int(last.int64(0, 0)), offset: -1, reason: .hashMismatch))
                }
                journal.recordCount = Int(last.int64(0, 0)) + 1
                journal.headHash = hash
                journal.unverified = true
            }
            return journal
        }
        let end = try journal.scan(from: journal.cursor, to: nil, nil)
        journal.recordCount = end.records
        journal.headHash = end.head
        return journal
    }

    /// The first full read of a handle opened with `verifyOnFirstRead` ended at `end`: it must be
    /// the count and head the open took from the last row.
    private func acceptFirstRead(_ end: JournalCursor) throws {
        guard end.records == recordCount else {
            throw markLost(.changedUnderneath(path: location, expected: recordCount, actual: end.records))
        }
        guard end.head == headHash else {
            throw markLost(.corrupt(path: location, fault: JournalFault(record: recordCount - 1, offset: -1, reason: .hashMismatch)))
        }
        unverified = false
    }

    /// Reads and checks every row now (a use other than the first full read).
    private func verifyIfNeeded() throws {
        guard unverified else { return }
        try reconnectIfNeeded()
        try acceptFirstRead(try retryingOnce { try scan(from: JournalCursor(records: 0, head: JournalChain.genesis, offset: 0), to: recordCount, nil) })
    }

    func checkSchema() throws {
        let rows = try run { try $0.query("SELECT to_regclass($1) IS NOT NULL", [.text(table.rawValue)]) }
        guard rows.count == 1, rows.bytes(0, 0).first == 1 else {
            throw JournalError.database(location: location, detail: Self.noSchema(table))
        }
    }

    static func noSchema(_ table: Table) -> String {
        "the table \(table.rawValue) does not exist (create the schema with: uppfolj pg init URL) / tabellen \(table.rawValue) finns inte (skapa schemat med: uppfolj pg init URL)"
    }

    // MARK: reading

    public func forEachRecord(_ body: (JournalRecord) throws -> Void) throws {
        try forEachRecord(since: JournalCursor(records: 0, head: JournalChain.genesis, offset: 0), body)
    }

    public func forEachRecord(since start: JournalCursor, _ body: (JournalRecord) throws -> Void) throws {
        try checkOpen()
        guard start.records <= recordCount else {
            throw JournalError.changedUnderneath(path: location, expected: recordCount, actual: start.records)
        }
        if unverified && start.records > 0 { try verifyIfNeeded() }
        try reconnectIfNeeded()
        // A retry after a lost connection goes on from the last record given to `body`.
        var position = start
        let end = try withoutActuallyEscaping(body) { body in
            try retryingOnce {
                try scan(from: position, to: recordCount) { record in
                    try body(record)
                    position = JournalCursor(records: record.index + 1, head: record.chainHash, offset: record.index + 1)
                }
            }
        }
        if unverified { return try acceptFirstRead(end) }
        guard end.records == recordCount else {
            // Rows this handle verified are gone.
            throw JournalError.changedUnderneath(path: location, expected: recordCount, actual: end.records)
        }
    }

    @discardableResult
    public func refresh() throws -> Int {
        try checkOpen()
        try verifyIfNeeded()
        try reconnectIfNeeded()
        let before = recordCount
        let end = try retryingOnce { try scan(from: cursor, to: nil, nil) }
        recordCount = end.records
        headHash = end.head
        return recordCount - before
    }

    /// Reads the rows from `start.records` (up to `end` records, or all), checking every row's
    /// place, link and hash against the chain from `start.head`; returns where it ended.
    func scan(from start: JournalCursor, to end: Int?, _ body: ((JournalRecord) throws -> Void)?) throws -> JournalCursor {
        var next = start.records
        var head = start.head
        var buffer: [UInt8] = []
        var page = Self.firstPageSize
        while end.map({ next < $0 }) ?? true {
            let limit = min(page, end.map { $0 - next } ?? page)
            page = min(page * 2, Self.pageSize)
            let rows = try run {
                try $0.query("SELECT seq, kind, payload, prev_hash, hash FROM \(table.rawValue) WHERE seq >= $1 ORDER BY seq LIMIT $2",
                             [.int64(Int64(next)), .int64(Int64(limit))])
            }
            if table == .journal { Self.journalRowsFetched.add(rows.count, ordering: .relaxed) }
            for row in 0..<rows.count {
                let seq = Int(rows.int64(row, 0))
                func fault(_ reason: FaultReason) -> JournalError {
                    .corrupt(path: location, fault: JournalFault(record: next, offset: -1, reason: reason))
                }
                // A missing row shows as the next one not linking to the head.
                let kindValue = rows.int64(row, 1)
                guard kindValue >= 0 && kindValue <= 255 else { throw fault(.unknownKind(UInt8(truncatingIfNeeded: kindValue))) }
                let kindByte = UInt8(kindValue)
                guard let kind = JournalChain.kind(ofStoredByte: kindByte) else { throw fault(.unknownKind(kindByte)) }
                let payload = rows.bytes(row, 2)
                guard payload.count <= JournalChain.maxPayloadLength else { throw fault(.lengthTooLarge(UInt32(clamping: payload.count))) }
                let previous = rows.bytes(row, 3)
                let stored = rows.bytes(row, 4)
                guard seq == next, previous.count == 32, stored.count == 32,
                      ChainHash(bytes: Array(previous)) == head else { throw fault(.hashMismatch) }
                let hash = JournalChain.next(head, kindByte: kindByte, payload: payload)
                guard ChainHash(bytes: Array(stored)) == hash else { throw fault(.hashMismatch) }
                if let body {
                    buffer.removeAll(keepingCapacity: true)
                    buffer.append(contentsOf: payload)
                    buffer.append(contentsOf: stored)
                    try buffer.withUnsafeBytes { raw in
                        try body(JournalRecord(index: seq, offset: -1, kind: kind, batchContinues: kindByte & JournalChain.batchContinues != 0,
                                               payloadFollowedByHash: UnsafeRawBufferPointer(rebasing: raw[0..<payload.count])))
                    }
                }
                head = hash
                next += 1
            }
            if rows.count < limit { break }
        }
        return JournalCursor(records: next, head: head, offset: next)
    }

    // MARK: writing

    public func withWriteLock<T>(keeping acknowledged: Int = 0, _ body: (_ before: JournalCursor) throws -> T) throws -> T {
        try checkOpen()
        guard writes else { throw JournalError.readOnly(path: location) }
        precondition(!lockHeld, "withWriteLock is not reentrant")
        try verifyIfNeeded()
        try reconnectIfNeeded()
        try run { try $0.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [.text(table.rawValue)]) }
        lockHeld = true
        defer {
            lockHeld = false
            // A lost connection has released the lock with its session.
            if connection.isConnected {
                _ = try? connection.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [.text(table.rawValue)])
            }
        }
        let before = cursor
        try checkHead()
        try refresh()
        return try body(before)
    }

    public func append(kind: RecordKind, payload: [UInt8]) throws {
        try appendBatch([(kind, payload)])
    }

    /// One transaction: returns after COMMIT; on any failure nothing of the batch is visible (the
    /// server rolls back), and this handle's position is unchanged.
    public func appendBatch(_ records: [(RecordKind, [UInt8])]) throws {
        try checkOpen()
        guard writes else { throw JournalError.readOnly(path: location) }
        guard lockHeld else { throw JournalError.notLocked(path: location) }
        for (_, payload) in records where payload.count > JournalChain.maxPayloadLength {
            throw JournalError.payloadTooLarge(bytes: payload.count, limit: JournalChain.maxPayloadLength)
        }
        guard !records.isEmpty else { return }
        var head = headHash
        var rows: [[PostgresValue]] = []
        rows.reserveCapacity(records.count)
        for (position, (kind, payload)) in records.enumerated() {
            let kindByte = JournalChain.kindByte(kind, position: position, of: records.count)
            let hash = JournalChain.next(head, kindByte: kindByte, payload: payload)
            rows.append([.int64(Int64(recordCount + position)), .int16(Int16(kindByte)), .bytes(payload), .bytes(head.bytes), .bytes(hash.bytes)])
            head = hash
        }
        let chunks = stride(from: 0, to: rows.count, by: Self.rowsPerInsert).map { rows[$0..<min($0 + Self.rowsPerInsert, rows.count)] }
        let inTransaction = chunks.count > 1
        do {
            if inTransaction { try connection.execute("BEGIN") }
            for chunk in chunks {
                var sql = "INSERT INTO \(table.rawValue) (seq, kind, payload, prev_hash, hash) VALUES "
                var parameters: [PostgresValue] = []
                parameters.reserveCapacity(chunk.count * 5)
                for (i, row) in chunk.enumerated() {
                    let p = i * 5
                    sql += (i == 0 ? "" : ",") + "($\(p + 1),$\(p + 2),$\(p + 3),$\(p + 4),$\(p + 5))"
                    parameters.append(contentsOf: row)
                }
                try connection.query(sql, parameters)
            }
            if inTransaction { try connection.execute("COMMIT") }
        } catch {
            if inTransaction, connection.isConnected { _ = try? connection.execute("ROLLBACK") }
            throw JournalError.database(location: location, detail: error.message)
        }
        recordCount += records.count
        headHash = head
    }

    public func close() {
        guard !closed else { return }
        closed = true
        connection.close()
    }

    // MARK: live updates

    /// Starts listening for appends to this table (every insert notifies the channel named after
    /// the table, when its transaction commits). Idempotent.
    public func listen() throws {
        guard !listening else { return }
        try run { try $0.execute("LISTEN \(table.rawValue)") }
        listening = true
    }

    /// Waits up to `timeout` seconds for appends (after `listen`): the records they added, as the
    /// server notified them (empty on timeout). Then `refresh` reads them.
    public func waitForAppends(timeout: Double) throws -> [ClosedRange<Int>] {
        try checkOpen()
        let notes = try run { try $0.waitForNotifications(timeout: timeout) }
        return notes.compactMap { note in
            let parts = note.payload.split(separator: "-")
            guard note.channel == table.rawValue, parts.count == 2, let first = Int(parts[0]), let last = Int(parts[1]), first <= last else { return nil }
            return first...last
        }
    }

    /// Whether the server notified an append since the last look (true when not listening, or
    /// after a lost connection: then only a read can tell).
    public func startWatching() throws { try listen() }

    public func mayHaveNews() throws -> Bool {
        guard listening, connection.isConnected else { return true }
        return try !waitForAppends(timeout: 0).isEmpty
    }

    // MARK: helpers

    /// A read that found the connection lost (libpq learns of it only when it is used) is tried
    /// once more after reconnecting, which checks the server's head first. Reads only: an append
    /// whose answer was lost may have been committed, and is reported instead.
    private func retryingOnce<T>(_ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch JournalError.database where !connection.isConnected {
            try reconnectIfNeeded()
            return try read()
        }
    }

    private func checkOpen() throws {
        if closed { throw JournalError.closed(path: location) }
        if let lost { throw lost }
    }

    /// Under the write lock, before appending: the server still holds this handle's head record
    /// (one indexed query), so a record removed behind the triggers' back is never appended after.
    private func checkHead() throws {
        guard recordCount > 0 else { return }
        let rows = try run { try $0.query("SELECT hash FROM \(table.rawValue) WHERE seq = $1", [.int64(Int64(recordCount - 1))]) }
        guard rows.count == 1 else {
            let count = try run { try $0.query("SELECT count(*) FROM \(table.rawValue)") }.int64(0, 0)
            throw markLost(.changedUnderneath(path: location, expected: recordCount, actual: Int(count)))
        }
        guard ChainHash(bytes: Array(rows.bytes(0, 0))) == headHash else {
            throw markLost(.corrupt(path: location, fault: JournalFault(record: recordCount - 1, offset: -1, reason: .hashMismatch)))
        }
    }

    private func markLost(_ error: JournalError) -> JournalError {
        lost = error
        return error
    }

    /// After a lost connection: connect again and check that the server still holds what this
    /// handle verified (the failover or restore did not lose records).
    private func reconnectIfNeeded() throws {
        guard !connection.isConnected else { return }
        do { try connection.reconnect() } catch {
            throw JournalError.database(location: location, detail: error.message)
        }
        try run { try $0.execute("SET lock_timeout = '10s'") }
        if listening {
            // A new session listens to nothing yet.
            listening = false
            try listen()
        }
        try checkHead()
    }

    @discardableResult
    func run<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        do { return try body(connection) } catch let error as PostgresFailure {
            throw JournalError.database(location: location, detail: error.message)
        }
    }
}

@available(*, unavailable, message: "A journal handle is used from one thread")
extension PostgresJournal: Sendable {}
