#if canImport(Glibc)
import Glibc
#endif
import UppfoljJournal

/// `uppfolj repair` of a database journal (issue 19). The server's transactions leave no torn tail
/// to cut, but rows can still be wrong: changed, removed or put in by someone who switched the
/// triggers off (a superuser, the tables' owner), or a standby promoted before it had every row.
/// As with a file, repair finds the first record whose place, link or hash does not match, and
/// keeps the records before it, up to the end of the last whole batch (a batch is kept whole or
/// not at all).
///
/// Cutting is the one change the triggers exist to refuse, so it is done by the tables' owner
/// (the role that ran `uppfolj pg init`; the application role may not): in one transaction it
/// takes the writers' lock and an exclusive lock on the table, copies every row of the table to a
/// new backup table `<table>_backup_<UTC time>` (owned by the owner, no grants), switches the
/// refusal trigger off, deletes the rows from the cut on, and switches it on again. Either all of
/// that is committed or none of it; other sessions never see the trigger off.
public struct PostgresRepair: Sendable, Equatable {
    public let table: PostgresJournal.Table
    /// Rows in the table before the repair.
    public let rows: Int
    /// The first record that does not match.
    public let fault: JournalFault
    /// Records kept (0-based numbers 0..<kept).
    public let kept: Int
    /// Rows removed (or that `--yes` would remove).
    public var removed: Int { rows - kept }
    /// The table holding a copy of every row as it was before the cut; nil when nothing was cut.
    public let backupTable: String?
}

extension PostgresJournal {
    /// Checks `table`'s chain and, with `cut`, cuts it at its first fault as described at
    /// `PostgresRepair`. Throws `JournalError.nothingToRepair` when every row matches. Without
    /// `cut` nothing is written, and the report says what a cut would remove.
    public static func repair(url: String, table: Table = .journal, cut: Bool) throws -> PostgresRepair {
        let connection: PostgresConnection
        do { connection = try PostgresConnection(url) } catch {
            throw JournalError.database(location: PostgresConnection.withoutPassword(url), detail: error.message)
        }
        let journal = PostgresJournal(connection: connection, table: table, writes: cut)
        defer { journal.close() }
        try journal.checkSchema()
        guard cut else { return try journal.findFirstFault(backup: nil) }
        do {
            try connection.execute("SET lock_timeout = '10s'")
            try connection.execute("BEGIN")
            // The writers' lock (their appends take it for the session: this waits for the one in
            // progress), then no one reads or writes the table until COMMIT.
            try connection.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [.text(table.rawValue)])
            try connection.execute("LOCK TABLE \(table.rawValue) IN ACCESS EXCLUSIVE MODE")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw refusal(error, table: table, location: journal.location)
        }
        do {
            let backup = try backupName(connection, table: table)
            let result = try journal.findFirstFault(backup: backup)
            try connection.execute("""
                CREATE TABLE \(backup) AS SELECT * FROM \(table.rawValue) ORDER BY seq;
                REVOKE ALL ON \(backup) FROM PUBLIC;
                ALTER TABLE \(table.rawValue) DISABLE TRIGGER \(table.rawValue)_no_change;
                """)
            try connection.query("DELETE FROM \(table.rawValue) WHERE seq >= $1", [.int64(Int64(result.kept))])
            try connection.execute("""
                ALTER TABLE \(table.rawValue) ENABLE TRIGGER \(table.rawValue)_no_change;
                COMMIT;
                """)
            return result
        } catch {
            if connection.isConnected { _ = try? connection.execute("ROLLBACK") }
            throw refusal(error, table: table, location: journal.location)
        }
    }

    /// Reads every row checking the chain; the first fault and the end of the last whole batch
    /// before it. Throws `nothingToRepair` when the chain is whole.
    private func findFirstFault(backup: String?) throws -> PostgresRepair {
        var batchEnd = 0
        let fault: JournalFault
        do {
            _ = try scan(from: JournalCursor(records: 0, head: JournalChain.genesis, offset: 0), to: nil) { record in
                if !record.batchContinues { batchEnd = record.index + 1 }
            }
            throw JournalError.nothingToRepair(path: location)
        } catch JournalError.corrupt(_, let found) {
            fault = found
        }
        let count = try run { try $0.query("SELECT count(*) FROM \(table.rawValue)") }.int64(0, 0)
        return PostgresRepair(table: table, rows: Int(count), fault: fault, kept: batchEnd, backupTable: backup)
    }

    /// `<table>_backup_<YYYYMMDD>t<HHMMSS>z`, with `_2`, `_3` … if taken.
    private static func backupName(_ connection: PostgresConnection, table: Table) throws -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let stamp = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))t\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))z"
        for attempt in 1...1000 {
            let name = "\(table.rawValue)_backup_\(stamp)" + (attempt > 1 ? "_\(attempt)" : "")
            let rows = try connection.query("SELECT to_regclass($1) IS NULL", [.text(name)])
            if rows.count == 1, rows.bytes(0, 0).first == 1 { return name }
        }
        throw PostgresFailure(sqlState: nil, message: "no free name for the backup table", connectionLost: false)
    }

    /// A failure of the cut, said plainly when it is the role's rights.
    private static func refusal(_ error: any Error, table: Table, location: String) -> JournalError {
        if let error = error as? JournalError { return error }
        guard let failure = error as? PostgresFailure else { return .database(location: location, detail: "\(error)") }
        if failure.sqlState == "42501" {
            return .database(location: location, detail: """
                only the tables' owner (the role that ran uppfolj pg init) may cut \(table.rawValue); this role may not (\(failure.message)) \
                / bara tabellernas ägare (rollen som körde uppfolj pg init) får klippa \(table.rawValue); den här rollen får inte det (\(failure.message))
                """)
        }
        return .database(location: location, detail: failure.message)
    }
}
