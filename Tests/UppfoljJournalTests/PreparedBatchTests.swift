import Foundation
import Testing
@testable import UppfoljJournal

/// `PreparedBatch`: records framed ahead of their append (an import into a new journal frames
/// them on another core while it validates) must give the very bytes `append(contentsOf:)` gives.
@Suite struct PreparedBatchTests {
    private func records() -> [(RecordKind, [UInt8])] {
        (0..<300).map { i in (i % 41 == 0 ? RecordKind.meta : .data, payload(i, length: i == 7 ? 0 : (i * 53) % 700)) }
    }

    @Test func aPreparedBatchWritesTheBytesOfOneBatchAppend() throws {
        try withScratch { scratch in
            let (plainPath, preparedPath) = (scratch.path("plain"), scratch.path("prepared"))
            let plain = try Journal.open(path: plainPath, mode: .readWrite, create: true)
            let prepared = try Journal.open(path: preparedPath, mode: .readWrite, create: true)
            // A record before the batch in both (as an encrypted journal's header).
            try plain.append(kind: .meta, payload: [1, 1, 2, 3])
            try prepared.append(kind: .meta, payload: [1, 1, 2, 3])
            try plain.append(contentsOf: records())

            // Small chunks: frames fall on every side of a chunk's end.
            var batch = PreparedBatch(after: prepared.headHash, records: prepared.recordCount, chunkSize: 1_000)
            for (kind, bytes) in records() { try batch.add(kind, payload: bytes) }
            batch.finish()
            #expect(batch.count == 300)
            #expect(try prepared.append(batch))
            #expect(prepared.recordCount == plain.recordCount)
            #expect(prepared.headHash == plain.headHash)
            #expect(batch.head == plain.headHash)
            plain.close()
            prepared.close()
            #expect(try Data(contentsOf: URL(fileURLWithPath: preparedPath)) == Data(contentsOf: URL(fileURLWithPath: plainPath)))
            #expect(try Journal.verify(path: preparedPath).fault == nil)

            // The records read back as they were handed over.
            var back: [(RecordKind, [UInt8])] = []
            batch.forEachRecord { kind, payload in back.append((kind, Array(payload))) }
            #expect(back.map(\.0) == records().map(\.0))
            #expect(back.map(\.1) == records().map(\.1))
        }
    }

    /// A batch made to follow another head (the journal moved on, or it has another first record)
    /// is not written: the caller uses its records otherwise.
    @Test func aBatchThatDoesNotFollowTheJournalsHeadIsNotWritten() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            var batch = PreparedBatch(after: journal.headHash, records: journal.recordCount)
            try batch.add(.data, payload: [1, 2, 3])
            batch.finish()
            try journal.append(kind: .meta, payload: [9])
            let size = journal.endOffset
            #expect(try !journal.append(batch))
            #expect(journal.endOffset == size)
            #expect(journal.recordCount == 1)

            var other = PreparedBatch(after: JournalChain.next(JournalChain.genesis, kindByte: RecordKind.meta.rawValue, payload: [8]),
                                      records: 1)
            try other.add(.data, payload: [1])
            other.finish()
            #expect(try !journal.append(other), "same record count, another head")
            #expect(journal.endOffset == size)
        }
    }
}
