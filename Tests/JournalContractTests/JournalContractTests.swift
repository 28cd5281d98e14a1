import Foundation
import PostgresTestSupport
import UppfoljJournal
import UppfoljPostgres
import XCTest

/// One suite, two backends: what the store relies on of a journal (`JournalBackend`), checked on a
/// journal file and on a PostgreSQL table. Every test runs its body once per backend; a failure
/// names the backend.
final class JournalContractTests: XCTestCase {
    func testAppendReadBackAndReopen() throws {
        try eachBackend { fixture in
            let records = Self.records(7, seed: 1)
            let writer = try fixture.open(writes: true)
            try writer.withWriteLock(keeping: 0) { _ in
                for record in records.prefix(3) { try writer.append(kind: record.0, payload: record.1) }
                try writer.appendBatch(Array(records.dropFirst(3)))
            }
            XCTAssertEqual(writer.recordCount, 7, fixture.name)
            XCTAssertEqual(try Self.read(writer).map(\.payload), records.map(\.1), fixture.name)
            let head = writer.headHash
            writer.close()

            let reader = try fixture.open(writes: false)
            defer { reader.close() }
            XCTAssertEqual(reader.recordCount, 7, fixture.name)
            XCTAssertEqual(reader.headHash, head, fixture.name)
            let back = try Self.read(reader)
            XCTAssertEqual(back.map(\.kind), records.map(\.0), fixture.name)
            XCTAssertEqual(back.map(\.payload), records.map(\.1), fixture.name)
            XCTAssertEqual(back.map(\.index), Array(0..<7), fixture.name)
            // Each record's chain hash is h_i of the chain computed here independently.
            XCTAssertEqual(back.map(\.hash), Self.chain(records, batches: [1, 1, 1, 4]), fixture.name)
            XCTAssertEqual(back.last?.hash, head, fixture.name)
        }
    }

    func testTheSameRecordsGiveTheSameHeadOnBothBackends() throws {
        var heads: [String: ChainHash] = [:]
        let records = Self.records(20, seed: 2)
        try eachBackend { fixture in
            let writer = try fixture.open(writes: true)
            defer { writer.close() }
            try writer.withWriteLock(keeping: 0) { _ in
                try writer.appendBatch(Array(records.prefix(5)))
                for record in records.dropFirst(5) { try writer.append(kind: record.0, payload: record.1) }
            }
            heads[fixture.name] = writer.headHash
        }
        XCTAssertEqual(heads.count, 2)
        XCTAssertEqual(Set(heads.values).count, 1, "head hashes differ: \(heads)")
        XCTAssertEqual(heads.values.first, Self.chain(records, batches: [5] + Array(repeating: 1, count: 15)).last)
    }

    func testAnEmptyJournalHasTheGenesisHead() throws {
        try eachBackend { fixture in
            let journal = try fixture.open(writes: true)
            defer { journal.close() }
            XCTAssertEqual(journal.recordCount, 0, fixture.name)
            XCTAssertEqual(journal.headHash, JournalChain.genesis, fixture.name)
            XCTAssertEqual(try Self.read(journal).count, 0, fixture.name)
        }
    }

    func testTheChainCheckFindsAChangedRecord() throws {
        try eachBackend { fixture in
            let writer = try fixture.open(writes: true)
            try writer.withWriteLock(keeping: 0) { _ in try writer.appendBatch(Self.records(6, seed: 3)) }
            writer.close()
            try fixture.changeOneByte(ofRecord: 4)
            XCTAssertThrowsError(try fixture.open(writes: false), fixture.name) { error in
                guard case JournalError.corrupt(_, let fault) = error else { return XCTFail("\(fixture.name): \(error)") }
                XCTAssertEqual(fault.record, 4, fixture.name)
                XCTAssertEqual(fault.reason, .hashMismatch, fixture.name)
            }
        }
    }

    func testAnOversizedRecordLeavesTheWholeBatchUnwritten() throws {
        try eachBackend { fixture in
            let writer = try fixture.open(writes: true)
            defer { writer.close() }
            try writer.withWriteLock(keeping: 0) { _ in try writer.append(kind: .data, payload: [1, 2, 3]) }
            var batch = Self.records(4, seed: 4)
            batch.insert((.data, [UInt8](repeating: 7, count: JournalChain.maxPayloadLength + 1)), at: 2)
            XCTAssertThrowsError(try writer.withWriteLock(keeping: 0) { _ in try writer.appendBatch(batch) }, fixture.name) { error in
                XCTAssertEqual(error as? JournalError, .payloadTooLarge(bytes: JournalChain.maxPayloadLength + 1, limit: JournalChain.maxPayloadLength),
                               fixture.name)
            }
            XCTAssertEqual(writer.recordCount, 1, fixture.name)
            let reader = try fixture.open(writes: false)
            defer { reader.close() }
            XCTAssertEqual(reader.recordCount, 1, fixture.name)
            XCTAssertEqual(reader.headHash, writer.headHash, fixture.name)
        }
    }

    func testWritersTakeTurnsAndCatchUpWithEachOther() throws {
        try eachBackend { fixture in
            let a = try fixture.open(writes: true)
            let b = try fixture.open(writes: true)
            defer { a.close(); b.close() }
            let records = Self.records(6, seed: 5)
            try a.withWriteLock(keeping: 0) { _ in try a.appendBatch(Array(records[0..<2])) }
            // b has not seen a's records: under the lock it catches up first, then appends after them.
            var seen: [[UInt8]] = []
            try b.withWriteLock(keeping: 0) { before in
                XCTAssertEqual(before.records, 0, fixture.name)
                try b.forEachRecord(since: before) { seen.append(Array($0.payload)) }
                try b.append(kind: records[2].0, payload: records[2].1)
            }
            XCTAssertEqual(seen, [records[0].1, records[1].1], fixture.name)
            try a.withWriteLock(keeping: 0) { before in
                XCTAssertEqual(before.records, 2, fixture.name)
                try a.appendBatch(Array(records[3...]))
            }
            XCTAssertEqual(a.recordCount, 6, fixture.name)
            XCTAssertEqual(try b.refresh(), 3, fixture.name)
            XCTAssertEqual(a.headHash, b.headHash, fixture.name)
            let reader = try fixture.open(writes: false)
            defer { reader.close() }
            XCTAssertEqual(try Self.read(reader).map(\.payload), records.map(\.1), fixture.name)
            XCTAssertEqual(reader.headHash, Self.chain(records, batches: [2, 1, 3]).last, fixture.name)
        }
    }

    func testAReaderSeesOthersAppendsAfterRefreshAndCannotWrite() throws {
        try eachBackend { fixture in
            let writer = try fixture.open(writes: true)
            let reader = try fixture.open(writes: false)
            defer { writer.close(); reader.close() }
            XCTAssertFalse(reader.writes, fixture.name)
            XCTAssertThrowsError(try reader.withWriteLock(keeping: 0) { _ in }, fixture.name)
            try writer.withWriteLock(keeping: 0) { _ in try writer.appendBatch(Self.records(3, seed: 6)) }
            XCTAssertEqual(reader.recordCount, 0, fixture.name)
            XCTAssertEqual(try reader.refresh(), 3, fixture.name)
            XCTAssertEqual(reader.headHash, writer.headHash, fixture.name)
            let cursor = reader.cursor
            try writer.withWriteLock(keeping: 0) { _ in try writer.append(kind: .meta, payload: [9]) }
            XCTAssertEqual(try reader.refresh(), 1, fixture.name)
            var since: [RecordKind] = []
            try reader.forEachRecord(since: cursor) { since.append($0.kind) }
            XCTAssertEqual(since, [.meta], fixture.name)
        }
    }

    func testAppendingOutsideTheWriteLockIsRefused() throws {
        try eachBackend { fixture in
            let writer = try fixture.open(writes: true)
            defer { writer.close() }
            XCTAssertThrowsError(try writer.append(kind: .data, payload: [1]), fixture.name) { error in
                guard case JournalError.notLocked = error else { return XCTFail("\(fixture.name): \(error)") }
            }
            XCTAssertEqual(writer.recordCount, 0, fixture.name)
        }
    }

    // MARK: fixtures

    /// A journal on one backend: where it is, how to open it, how to damage it.
    struct Fixture {
        let name: String
        let open: (_ writes: Bool) throws -> any JournalBackend
        let changeOneByte: (_ ofRecord: Int) throws -> Void

        func open(writes: Bool) throws -> any JournalBackend { try open(writes) }
        func changeOneByte(ofRecord record: Int) throws { try changeOneByte(record) }
    }

    static func fileFixture() throws -> Fixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/journal"
        return Fixture(name: "file", open: { writes in
            try Journal.open(path: path, mode: writes ? .sharedWrite : .readOnly, create: writes)
        }, changeOneByte: { record in
            let journal = try Journal.open(path: path, mode: .readOnly)
            var offset = -1
            try journal.forEachRecord { if $0.index == record { offset = $0.offset } }
            journal.close()
            // The frame: length (4), its complement (4), kind (1), then the payload.
            let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
            try handle.seek(toOffset: UInt64(offset + 9))
            let byte = try XCTUnwrap(handle.read(upToCount: 1)).first!
            try handle.seek(toOffset: UInt64(offset + 9))
            try handle.write(contentsOf: [byte ^ 0x01])
            try handle.close()
        })
    }

    static func postgresFixture() throws -> Fixture {
        let url = try PostgresTestServer.freshDatabase()
        let connection = try PostgresConnection(url)
        _ = try PostgresSchema.install(on: connection)
        connection.close()
        return Fixture(name: "postgresql", open: { writes in
            try PostgresJournal.open(url: url, writes: writes)
        }, changeOneByte: { record in
            // What a database superuser can do: switch the refusing trigger off and change a row.
            try PostgresTestServer.superuser(url, """
                ALTER TABLE uppfolj_journal DISABLE TRIGGER USER;
                UPDATE uppfolj_journal SET payload = set_byte(payload, 0, get_byte(payload, 0) # 1) WHERE seq = \(record);
                ALTER TABLE uppfolj_journal ENABLE TRIGGER USER;
                """)
        })
    }

    func eachBackend(_ body: (Fixture) throws -> Void) throws {
        try body(Self.fileFixture())
        try body(Self.postgresFixture())
    }

    // MARK: records

    /// Deterministic records (non-empty payloads of varied length, both kinds).
    static func records(_ count: Int, seed: UInt64) -> [(RecordKind, [UInt8])] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        return (0..<count).map { i in
            let length = 1 + Int(next() % 200)
            return (i % 5 == 4 ? .meta : .data, (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) })
        }
    }

    /// The chain hashes of `records` appended in batches of the given sizes.
    static func chain(_ records: [(RecordKind, [UInt8])], batches: [Int]) -> [ChainHash] {
        var hashes: [ChainHash] = []
        var head = JournalChain.genesis
        var i = 0
        for size in batches {
            for position in 0..<size {
                let (kind, payload) = records[i]
                head = JournalChain.next(head, kindByte: JournalChain.kindByte(kind, position: position, of: size), payload: payload)
                hashes.append(head)
                i += 1
            }
        }
        return hashes
    }

    struct Read: Equatable {
        let index: Int
        let kind: RecordKind
        let payload: [UInt8]
        let hash: ChainHash
    }

    static func read(_ journal: any JournalBackend) throws -> [Read] {
        var out: [Read] = []
        try journal.forEachRecord { out.append(Read(index: $0.index, kind: $0.kind, payload: Array($0.payload), hash: $0.chainHash)) }
        return out
    }
}
