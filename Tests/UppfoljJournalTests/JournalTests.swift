import Foundation
import Testing
@testable import UppfoljJournal

@Suite struct JournalTests {
    @Test func createdFileIsPrivate() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            #expect(try fileMode(path) == 0o600)
            try journal.append(kind: .data, payload: [1])
            #expect(try fileMode(path) == 0o600)
        }
    }

    @Test func createOpensAnExistingJournalAndOpenNeedsAFile() throws {
        try withScratch { scratch in
            let path = scratch.path()
            #expect(journalError { _ = try Journal.open(path: path, mode: .readWrite) } == .notFound(path: path))
            #expect(journalError { _ = try Journal.open(path: path, mode: .readOnly, create: true) } == .notFound(path: path))
            #expect(journalError { _ = try Journal.verify(path: path) } == .notFound(path: path))
            try makeJournal(at: path, [Stored(kind: .data, payload: [1, 2])])
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            #expect(journal.recordCount == 1)
            // A missing folder is an I/O error, not "journal not found".
            let deep = scratch.path("missing/journal")
            guard case .io(let failure) = journalError({ _ = try Journal.open(path: deep, mode: .readWrite, create: true) }) else {
                Issue.record("expected io")
                return
            }
            #expect(failure.operation == .create && failure.errno == ENOENT)
            // A folder is not a journal.
            guard case .io = journalError({ _ = try Journal.open(path: scratch.folder, mode: .readOnly) }) else {
                Issue.record("expected io")
                return
            }
        }
    }

    @Test func tenThousandRecordsRoundTrip() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            var expected: [Stored] = []
            var batch: [(RecordKind, [UInt8])] = []
            for i in 0..<9_950 {
                let record = Stored(kind: i % 97 == 0 ? .meta : .data, payload: payload(i, length: (i * 37) % 400))
                expected.append(record)
                batch.append((record.kind, record.payload))
                if batch.count == 1_000 {
                    try journal.append(contentsOf: batch)
                    batch.removeAll()
                }
            }
            try journal.append(contentsOf: batch)
            for i in 0..<50 {
                let record = Stored(kind: .data, payload: payload(100_000 + i, length: i))
                expected.append(record)
                try journal.append(kind: record.kind, payload: record.payload)
            }
            #expect(journal.recordCount == 10_000)
            var offsets: [Int] = []
            try journal.forEachRecord { offsets.append($0.offset) }
            #expect(offsets.first == Format.headerLength)
            #expect(offsets.last! + Format.frameOverhead + expected.last!.payload.count == journal.endOffset)
            let head = journal.headHash
            journal.close()

            for mode in [Journal.Mode.readOnly, .readWrite] {
                let reopened = try Journal.open(path: path, mode: mode)
                #expect(reopened.recordCount == 10_000)
                #expect(reopened.headHash == head)
                #expect(try contents(reopened) == expected)
            }
            let verification = try Journal.verify(path: path)
            #expect(verification.isIntact)
            #expect(verification.recordCount == 10_000)
            #expect(verification.headHashHex == head.hex)
            #expect(verification.endOffset == verification.fileSize)
        }
    }

    @Test func readerNoticesAJournalCutUnderIt() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let (offsets, end) = try makeJournal(at: path, (0..<3).map { Stored(kind: .data, payload: [UInt8($0)]) })
            let reader = try Journal.open(path: path, mode: .readOnly)
            #expect(truncate(path, off_t(offsets[1])) == 0)
            let expected = JournalError.changedUnderneath(path: path, expected: end, actual: offsets[1])
            #expect(journalError { try reader.forEachRecord { _ in } } == expected)
            #expect(journalError { try reader.refresh() } == expected)
        }
    }

    @Test func readerOfAFileBeingCreated() throws {
        try withScratch { scratch in
            let path = scratch.path()
            try writeBytes(Array(Spec.header().prefix(10)), to: path)
            let reader = try Journal.open(path: path, mode: .readOnly)
            #expect(reader.tornTail?.inHeader == true && reader.tornTail?.bytes == 10)
            #expect(try reader.refresh() == 0)
            #expect(reader.tornTail?.bytes == 10)
            // A writer does not finish it (journals are published only with their header, so a short
            // file is damage); repair writes the header, keeping a backup.
            #expect(journalError { _ = try Journal.open(path: path, mode: .readWrite) }
                    == .corrupt(path: path, fault: JournalFault(record: nil, offset: 0, reason: .tornHeader(bytes: 10))))
            _ = try Journal.repair(path: path)
            let writer = try Journal.open(path: path, mode: .readWrite)
            #expect(try reader.refresh() == 0)
            #expect(reader.tornTail == nil)
            try writer.append(kind: .data, payload: [1])
            #expect(try reader.refresh() == 1)
            #expect(try contents(reader) == [Stored(kind: .data, payload: [1])])
        }
    }

    /// Issue 12, item 5: a journal is published under its name only complete (header written and
    /// synced under a temporary name, then linked): a creation that fails leaves no file at all.
    @Test func failedCreationLeavesNoFile() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let fs = FaultInjectingFileSystem()
            fs.faults.writeBudget = 10
            #expect(journalError { _ = try Journal.open(path: path, mode: .readWrite, create: true, fileSystem: fs) } != nil)
            #expect(!FileManager.default.fileExists(atPath: path))
            let left = try scratch.files()
            #expect(left.isEmpty, "no temporary file left: \(left)")
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            #expect(try readBytes(path) == Spec.header())
            #expect(try scratch.files() == [(path as NSString).lastPathComponent])
            journal.close()
        }
    }

    @Test func errorsFromTheVisitorPassThrough() throws {
        struct Stop: Error {}
        try withScratch { scratch in
            let path = scratch.path()
            try makeJournal(at: path, (0..<5).map { Stored(kind: .data, payload: [UInt8($0)]) })
            let journal = try Journal.open(path: path, mode: .readOnly)
            var seen = 0
            #expect(throws: Stop.self) {
                try journal.forEachRecord { _ in
                    seen += 1
                    if seen == 3 { throw Stop() }
                }
            }
            #expect(seen == 3)
        }
    }

    @Test func everyErrorHasBothLanguages() {
        let failure = IOFailure(.write, errno: ENOSPC, path: "/j", detail: "short write: 3 of 9 bytes")
        let fault = JournalFault(record: 4, offset: 300, reason: .hashMismatch)
        let errors: [JournalError] = [
            .inUse(path: "/j"), .notFound(path: "/j"), .corrupt(path: "/j", fault: fault), .io(failure),
            .appendFailed(failure), .poisoned(cause: failure, rollback: IOFailure(.truncate, errno: EIO, path: "/j")),
            .readOnly(path: "/j"), .payloadTooLarge(bytes: 20, limit: 10), .closed(path: "/j"),
            .changedUnderneath(path: "/j", expected: 1, actual: 2), .nothingToRepair(path: "/j"),
            .headerNotRepairable(path: "/j", fault: JournalFault(record: nil, offset: 0, reason: .badMagic)),
            .notLocked(path: "/j"),
        ]
        for error in errors {
            #expect(!error.svMessage.isEmpty && !error.enMessage.isEmpty && error.svMessage != error.enMessage)
        }
        #expect(JournalError.appendFailed(failure).svMessage.contains("disken är full"))
        #expect(JournalError.appendFailed(failure).enMessage.contains("ENOSPC"))
        #expect(JournalError.appendFailed(failure).enMessage.contains("short write: 3 of 9 bytes"))
        let reasons: [FaultReason] = [.badMagic, .unsupportedVersion(2), .badHeaderLength(3), .headerCheckMismatch,
                                      .unsupportedFlags(1), .reservedNotZero, .incompleteHeader(bytes: 3), .tornHeader(bytes: 3),
                                      .lengthCheckMismatch, .lengthTooLarge(1 << 30), .unknownKind(9), .hashMismatch, .tornTail(bytes: 5)]
        for reason in reasons {
            let fault = JournalFault(record: reason.isTorn ? nil : 1, offset: 32, reason: reason)
            #expect(!fault.svMessage.isEmpty && fault.svMessage != fault.enMessage)
        }
        #expect(JournalFault(record: nil, offset: 8, reason: .unsupportedVersion(2)).svMessage.hasPrefix("filhuvudet vid byte 8"))
    }
}
