import CSQLite
import Foundation

/// Just enough of the system SQLite for the baseline: exec, prepared statements, blobs.
final class SQLiteDatabase {
    private var handle: OpaquePointer?

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(path: String) throws {
        guard sqlite3_open(path, &handle) == SQLITE_OK else { throw Failure(description: "cannot open \(path)") }
    }

    deinit { sqlite3_close(handle) }

    func exec(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            throw Failure(description: "\(sql): \(message.map { String(cString: $0) } ?? "error")")
        }
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(description: "prepare \(sql): \(String(cString: sqlite3_errmsg(handle)))")
        }
        return Statement(statement)
    }

    final class Statement {
        let raw: OpaquePointer
        init(_ raw: OpaquePointer) { self.raw = raw }
        deinit { sqlite3_finalize(raw) }

        func bind(_ index: Int32, _ bytes: [UInt8]) {
            bytes.withUnsafeBytes { _ = sqlite3_bind_blob(raw, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
        }
        func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(raw, index, sqlite3_int64(value)) }
        func bind(_ index: Int32, _ text: String) { sqlite3_bind_text(raw, index, text, -1, csqlite_transient()) }

        /// Steps once; true while there is a row.
        @discardableResult
        func step() throws -> Bool {
            switch sqlite3_step(raw) {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw Failure(description: "step failed")
            }
        }
        func reset() { sqlite3_reset(raw) }

        func blob(_ column: Int32) -> UnsafeRawBufferPointer {
            let count = Int(sqlite3_column_bytes(raw, column))
            return UnsafeRawBufferPointer(start: sqlite3_column_blob(raw, column), count: count)
        }
        func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(raw, column)) }
        func text(_ column: Int32) -> String { sqlite3_column_text(raw, column).map { String(cString: $0) } ?? "" }
    }
}

extension SQLiteDatabase {
    /// The benchmark's SQLite baseline: a database at `path` with one row per event (the same
    /// payloads as the journal's records), WAL, synchronous=FULL, one transaction per 10,000 rows.
    /// Returns it with the rows per second the import took.
    static func importing(_ payloads: [[UInt8]], at path: String) throws -> (db: SQLiteDatabase, rowsPerSecond: Double) {
        let db = try SQLiteDatabase(path: path)
        try db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")
        try db.exec("CREATE TABLE events (seq INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
        let insert = try db.prepare("INSERT INTO events (payload) VALUES (?)")
        let start = now()
        for chunk in stride(from: 0, to: payloads.count, by: 10_000) {
            try db.exec("BEGIN")
            for payload in payloads[chunk..<min(payloads.count, chunk + 10_000)] {
                insert.bind(1, payload)
                try insert.step()
                insert.reset()
            }
            try db.exec("COMMIT")
        }
        return (db, Double(payloads.count) / (now() - start))
    }
}
