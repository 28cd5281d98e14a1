import Foundation
import PostgresTestSupport
import UppfoljJournal
import UppfoljPostgres
import XCTest

/// What only the PostgreSQL backend has: the schema's grants and triggers, a batch refused by the
/// server, LISTEN/NOTIFY, a reconnect after the server restarted.
final class PostgresJournalTests: XCTestCase {
    private func freshJournalDatabase() throws -> String {
        let url = try PostgresTestServer.freshDatabase()
        let connection = try PostgresConnection(url)
        defer { connection.close() }
        _ = try PostgresSchema.install(on: connection)
        return url
    }

    /// A login role that is a member of the application role only.
    private func appUser(_ url: String) throws -> String {
        let name = "worker_\(UInt32.random(in: 0...UInt32.max))"
        try PostgresTestServer.superuser(url, "CREATE ROLE \(name) LOGIN IN ROLE \(PostgresSchema.defaultAppRole)")
        return PostgresTestServer.url(url, database: try XCTUnwrap(databaseName(url)), user: name)
    }

    private func databaseName(_ url: String) -> String? {
        guard let slash = url.range(of: "/", range: url.range(of: "://")!.upperBound..<url.endIndex) else { return nil }
        let rest = url[slash.upperBound...]
        return String(rest.prefix { $0 != "?" })
    }

    func testTheAppRoleMayInsertAndSelectButNotUpdateDeleteOrTruncate() throws {
        let url = try freshJournalDatabase()
        let app = try appUser(url)
        let journal = try PostgresJournal.open(url: app, writes: true)
        defer { journal.close() }
        try journal.withWriteLock(keeping: 0) { _ in try journal.appendBatch([(.data, [1, 2, 3]), (.data, [4, 5])]) }
        XCTAssertEqual(try PostgresJournal.open(url: app, writes: false).recordCount, 2)

        let connection = try PostgresConnection(app)
        defer { connection.close() }
        for (table, sql) in [("uppfolj_journal", "UPDATE uppfolj_journal SET payload = '\\x00' WHERE seq = 0"),
                             ("uppfolj_journal", "DELETE FROM uppfolj_journal WHERE seq = 1"),
                             ("uppfolj_journal", "TRUNCATE uppfolj_journal"),
                             ("uppfolj_access", "DELETE FROM uppfolj_access"),
                             ("uppfolj_key_file", "UPDATE uppfolj_key_file SET content = '\\x00'")] {
            XCTAssertThrowsError(try connection.execute(sql), sql) { error in
                let failure = error as? PostgresFailure
                XCTAssertEqual(failure?.sqlState, "42501", "\(table): \(error)")  // insufficient_privilege
            }
        }
        XCTAssertEqual(try PostgresJournal.open(url: url, writes: false).recordCount, 2)
    }

    func testEvenTheOwnerCannotChangeOrRemoveRecordsWhileTheTriggersAreOn() throws {
        let url = try freshJournalDatabase()
        let journal = try PostgresJournal.open(url: url, writes: true)
        defer { journal.close() }
        try journal.withWriteLock(keeping: 0) { _ in try journal.appendBatch([(.data, [1]), (.data, [2])]) }
        let connection = try PostgresConnection(url)
        defer { connection.close() }
        for sql in ["UPDATE uppfolj_journal SET payload = '\\x00' WHERE seq = 0", "DELETE FROM uppfolj_journal WHERE seq = 1",
                    "TRUNCATE uppfolj_journal"] {
            XCTAssertThrowsError(try connection.execute(sql), sql) { error in
                XCTAssertTrue((error as? PostgresFailure)?.message.contains("append-only") ?? false, "\(error)")
            }
        }
    }

    func testTheServerRefusesARowThatDoesNotFollowTheChain() throws {
        let url = try freshJournalDatabase()
        let journal = try PostgresJournal.open(url: url, writes: true)
        defer { journal.close() }
        try journal.withWriteLock(keeping: 0) { _ in try journal.append(kind: .data, payload: [1]) }
        let connection = try PostgresConnection(url)
        defer { connection.close() }
        let wrong = [UInt8](repeating: 0xAB, count: 32)
        // A client that skipped the lock and the chain: a fork at seq 1 with a wrong link, and a gap.
        for seq in [1, 5] {
            XCTAssertThrowsError(try connection.query("INSERT INTO uppfolj_journal VALUES ($1, 0, '\\x01', $2, $2)",
                                                      [.int64(Int64(seq)), .bytes(wrong)])) { error in
                XCTAssertEqual((error as? PostgresFailure)?.sqlState, "23514", "\(error)")  // check_violation
            }
        }
    }

    func testABatchTheServerRefusesPartWayLeavesNothing() throws {
        let url = try freshJournalDatabase()
        let journal = try PostgresJournal.open(url: url, writes: true)
        defer { journal.close() }
        try journal.withWriteLock(keeping: 0) { _ in try journal.append(kind: .data, payload: [1]) }
        // The server refuses the batch's last record (a payload of 13 bytes), after thousands of
        // rows in earlier statements of the same transaction.
        try PostgresTestServer.superuser(url, "ALTER TABLE uppfolj_journal ADD CONSTRAINT no13 CHECK (octet_length(payload) <> 13)")
        for size in [3, PostgresJournal.rowsPerInsert + 5] {
            let batch: [(RecordKind, [UInt8])] = (0..<size).map { i in (.data, [UInt8](repeating: 1, count: i == size - 1 ? 13 : 8)) }
            XCTAssertThrowsError(try journal.withWriteLock(keeping: 0) { _ in try journal.appendBatch(batch) }) { error in
                guard case JournalError.database = error else { return XCTFail("\(error)") }
            }
            XCTAssertEqual(journal.recordCount, 1)
            XCTAssertEqual(try PostgresJournal.open(url: url, writes: false).recordCount, 1, "batch of \(size)")
        }
        // The handle carries on.
        try journal.withWriteLock(keeping: 0) { _ in try journal.append(kind: .data, payload: [2]) }
        XCTAssertEqual(try PostgresJournal.open(url: url, writes: false).recordCount, 2)
    }

    func testAWatcherIsNotifiedOfEveryAppend() throws {
        let url = try freshJournalDatabase()
        let watcher = try PostgresJournal.open(url: url, writes: false)
        let writer = try PostgresJournal.open(url: url, writes: true)
        defer { watcher.close(); writer.close() }
        try watcher.startWatching()
        XCTAssertEqual(try watcher.waitForAppends(timeout: 0.05), [])
        XCTAssertFalse(try watcher.mayHaveNews())
        for i in 0..<3 {
            try writer.withWriteLock(keeping: 0) { _ in try writer.append(kind: .data, payload: [UInt8(i)]) }
            XCTAssertEqual(try watcher.waitForAppends(timeout: 10), [i...i], "append \(i)")
            XCTAssertEqual(try watcher.refresh(), 1)
        }
        // A batch is one notification naming its records; nothing new, no news.
        try writer.withWriteLock(keeping: 0) { _ in try writer.appendBatch([(.data, [7]), (.meta, [8]), (.data, [9])]) }
        var seen: [ClosedRange<Int>] = []
        while seen.isEmpty { seen = try watcher.waitForAppends(timeout: 10) }
        XCTAssertEqual(seen, [3...5])
        XCTAssertFalse(try watcher.mayHaveNews())
        XCTAssertEqual(try watcher.refresh(), 3)
        XCTAssertEqual(watcher.headHash, writer.headHash)
        // A file journal has no notifications: it always may have news (its refresh is a size check).
        XCTAssertTrue(try JournalContractTests.fileFixture().open(writes: true).mayHaveNews())
    }

    func testAChangedRecordIsFoundByAReaderThatHadVerifiedItBefore() throws {
        let url = try freshJournalDatabase()
        let journal = try PostgresJournal.open(url: url, writes: true)
        defer { journal.close() }
        try journal.withWriteLock(keeping: 0) { _ in try journal.appendBatch([(.data, [1]), (.data, [2]), (.data, [3])]) }
        try PostgresTestServer.superuser(url, """
            ALTER TABLE uppfolj_journal DISABLE TRIGGER USER;
            UPDATE uppfolj_journal SET payload = '\\x07' WHERE seq = 1;
            ALTER TABLE uppfolj_journal ENABLE TRIGGER USER;
            """)
        // Every read checks the chain again: the server is not trusted between reads.
        XCTAssertThrowsError(try journal.forEachRecord { _ in }) { error in
            guard case JournalError.corrupt(_, let fault) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(fault.record, 1)
        }
    }

    /// `verifyOnFirstRead`: the open reads the last row only; the first full read is the chain
    /// check (each row fetched once) and finds a changed record as `open` would; a handle whose
    /// first use is not a full read checks the rows first.
    func testAHandleVerifyingOnItsFirstReadReadsEachRowOnceAndStillFindsAChange() throws {
        let url = try freshJournalDatabase()
        let writer = try PostgresJournal.open(url: url, writes: true)
        defer { writer.close() }
        let records = (0..<300).map { (RecordKind.data, [UInt8(truncatingIfNeeded: $0), 1, 2]) }
        try writer.withWriteLock(keeping: 0) { _ in
            for batch in stride(from: 0, to: records.count, by: 7) { try writer.appendBatch(Array(records[batch..<min(batch + 7, records.count)])) }
        }
        func fetched<T>(_ body: () throws -> T) rethrows -> (T, Int) {
            let before = PostgresJournal.journalRowsFetched.load(ordering: .relaxed)
            let result = try body()
            return (result, PostgresJournal.journalRowsFetched.load(ordering: .relaxed) - before)
        }

        let (eager, eagerRows) = try fetched { () -> Int in
            let journal = try PostgresJournal.open(url: url, writes: false)
            defer { journal.close() }
            var count = 0
            try journal.forEachRecord { _ in count += 1 }
            return count
        }
        XCTAssertEqual(eager, 300)
        XCTAssertEqual(eagerRows, 600, "open, then the read: each row twice")
        let (lazy, lazyRows) = try fetched { () -> (Int, Int, ChainHash) in
            let journal = try PostgresJournal.open(url: url, writes: false, verifyOnFirstRead: true)
            defer { journal.close() }
            XCTAssertEqual(journal.recordCount, 300)
            var count = 0
            try journal.forEachRecord { _ in count += 1 }
            return (count, journal.recordCount, journal.headHash)
        }
        XCTAssertEqual(lazy.0, 300)
        XCTAssertEqual(lazy.1, 300)
        XCTAssertEqual(lazy.2, writer.headHash)
        XCTAssertEqual(lazyRows, 301, "the last row, then each row once")

        // A handle whose first use is a refresh or a lock checks every row first.
        let early = try PostgresJournal.open(url: url, writes: true, verifyOnFirstRead: true)
        defer { early.close() }
        try PostgresTestServer.superuser(url, """
            ALTER TABLE uppfolj_journal DISABLE TRIGGER USER;
            UPDATE uppfolj_journal SET payload = '\\x07' WHERE seq = 100;
            ALTER TABLE uppfolj_journal ENABLE TRIGGER USER;
            """)
        for use in [{ try early.refresh() }, { try early.withWriteLock(keeping: 0) { _ in 0 } }] as [() throws -> Int] {
            XCTAssertThrowsError(try use()) { error in
                guard case JournalError.corrupt(_, let fault) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(fault.record, 100)
            }
        }
        // And the first full read of another such handle finds it where `open` would.
        let reader = try PostgresJournal.open(url: url, writes: false, verifyOnFirstRead: true)
        defer { reader.close() }
        var given = 0
        XCTAssertThrowsError(try reader.forEachRecord { _ in given += 1 }) { error in
            guard case JournalError.corrupt(_, let fault) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(fault.record, 100)
        }
        XCTAssertEqual(given, 100, "only the records before the change were given")
        XCTAssertThrowsError(try PostgresJournal.open(url: url, writes: false))
    }

    func testTheSchemaRefusesAnUnsafeRoleNameAndInitCanRunTwice() throws {
        XCTAssertFalse(PostgresSchema.isValidRoleName("x; DROP TABLE y"))
        XCTAssertFalse(PostgresSchema.isValidRoleName("Uppfolj"))
        XCTAssertTrue(PostgresSchema.isValidRoleName("uppfolj_app2"))
        let url = try freshJournalDatabase()
        let connection = try PostgresConnection(url)
        defer { connection.close() }
        let again = try PostgresSchema.install(on: connection)
        XCTAssertTrue(again.contains { $0.en == "table uppfolj_journal already existed" }, "\(again.map(\.en))")
    }

    func testAJournalWithoutTheSchemaSaysToRunPgInit() throws {
        let url = try PostgresTestServer.freshDatabase()
        XCTAssertThrowsError(try PostgresJournal.open(url: url, writes: false)) { error in
            XCTAssertTrue("\(error)".contains("uppfolj pg init"), "\(error)")
        }
    }

    func testAPasswordNeverAppearsInTheLocation() {
        XCTAssertEqual(PostgresConnection.withoutPassword("postgresql://app:s3cret@db.example/unit"), "postgresql://app@db.example/unit")
        XCTAssertEqual(PostgresConnection.withoutPassword("postgresql://db/unit?password=s3cret&sslmode=verify-full"),
                       "postgresql://db/unit?password=…&sslmode=verify-full")
        XCTAssertEqual(PostgresConnection.withoutPassword("host=db password=s3cret dbname=unit"), "host=db dbname=unit")
    }

    /// Failover or a restored older backup: after its connection is lost, a handle reconnects and
    /// checks that the server still holds what it verified. Records gone are reported (nothing is
    /// appended after them); a server that holds them carries on.
    func testAReconnectChecksTheServerStillHoldsWhatThisHandleVerified() throws {
        let url = try freshJournalDatabase()
        let journal = try PostgresJournal.open(url: url, writes: true)
        defer { journal.close() }
        try journal.withWriteLock(keeping: 0) { _ in try journal.appendBatch([(.data, [1]), (.data, [2]), (.data, [3])]) }
        func cutConnections() throws {
            try PostgresTestServer.superuser(url, """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                """)
        }
        // The same server after a lost connection: the handle reconnects and carries on (a read
        // that found the connection gone is tried again once, after the head check).
        try cutConnections()
        XCTAssertEqual(try journal.refresh(), 0)
        try journal.withWriteLock(keeping: 0) { _ in try journal.append(kind: .data, payload: [4]) }
        XCTAssertEqual(journal.recordCount, 4)

        // A server that lost the last two records (as a standby promoted before they reached it).
        try PostgresTestServer.superuser(url, """
            ALTER TABLE uppfolj_journal DISABLE TRIGGER USER;
            DELETE FROM uppfolj_journal WHERE seq >= 2;
            ALTER TABLE uppfolj_journal ENABLE TRIGGER USER;
            """)
        try cutConnections()
        XCTAssertThrowsError(try journal.refresh()) { error in
            XCTAssertEqual(error as? JournalError, .changedUnderneath(path: journal.location, expected: 4, actual: 2), "\(error)")
        }
        XCTAssertThrowsError(try journal.withWriteLock(keeping: 0) { _ in try journal.append(kind: .data, payload: [5]) }) { error in
            XCTAssertEqual(error as? JournalError, .changedUnderneath(path: journal.location, expected: 4, actual: 2), "\(error)")
        }
        XCTAssertEqual(try PostgresTestServer.scalar(url, "SELECT count(*) FROM uppfolj_journal"), "2", "nothing appended after the loss")
    }

    /// Records removed behind the triggers' back while a writer stays connected: its next append
    /// finds its head record gone (checked under the lock) and appends nothing, now or later.
    func testAnAppendAfterRecordsWereRemovedUnderneathIsRefused() throws {
        let url = try freshJournalDatabase()
        let journal = try PostgresJournal.open(url: url, writes: true)
        defer { journal.close() }
        try journal.withWriteLock(keeping: 0) { _ in try journal.appendBatch([(.data, [1]), (.data, [2]), (.data, [3])]) }
        try PostgresTestServer.superuser(url, """
            ALTER TABLE uppfolj_journal DISABLE TRIGGER USER;
            DELETE FROM uppfolj_journal WHERE seq = 2;
            ALTER TABLE uppfolj_journal ENABLE TRIGGER USER;
            """)
        for _ in 0..<2 {
            XCTAssertThrowsError(try journal.withWriteLock(keeping: 0) { _ in try journal.append(kind: .data, payload: [4]) }) { error in
                XCTAssertEqual(error as? JournalError, .changedUnderneath(path: journal.location, expected: 3, actual: 2), "\(error)")
            }
        }
        XCTAssertEqual(try PostgresTestServer.scalar(url, "SELECT count(*) FROM uppfolj_journal"), "2")
    }
}
