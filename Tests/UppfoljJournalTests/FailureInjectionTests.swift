import Foundation
import Testing
@testable import UppfoljJournal
#if canImport(Glibc)
import Glibc
#endif

@Suite struct FailureInjectionTests {
    enum Fault: CustomStringConvertible {
        case noSpace                 // the first write fails with ENOSPC
        case shortWrite(after: Int)  // this many bytes are stored, then writes fail with ENOSPC
        case syncError               // fsync fails with EIO

        var description: String {
            switch self {
            case .noSpace: "ENOSPC"
            case .shortWrite(let n): "short write after \(n)"
            case .syncError: "fsync EIO"
            }
        }

        func inject(into fs: FaultInjectingFileSystem) {
            var faults = FaultInjectingFileSystem.Faults()
            switch self {
            case .noSpace: faults.writeBudget = 0
            case .shortWrite(let n): faults.writeBudget = n
            case .syncError: faults.syncFailures = 1
            }
            fs.faults = faults
        }

        var errno: Int32 {
            switch self {
            case .noSpace, .shortWrite: ENOSPC
            case .syncError: EIO
            }
        }
    }

    private static let seed: [Stored] = (0..<4).map { Stored(kind: .data, payload: payload($0, length: 30 + $0)) }

    /// A journal with some records, opened through a fault-injecting file system.
    private func prepared(_ scratch: Scratch, chunk: Int = 8 << 20) throws -> (Journal, FaultInjectingFileSystem, String) {
        let path = scratch.path()
        try makeJournal(at: path, Self.seed)
        let fs = FaultInjectingFileSystem()
        let journal = try Journal.open(path: path, mode: .readWrite, create: false, fileSystem: fs, writeChunkSize: chunk)
        return (journal, fs, path)
    }

    private func expectRestoredAndUsable(_ journal: Journal, _ fs: FaultInjectingFileSystem, path: String,
                                         before: [UInt8], error: JournalError?, fault: Fault) throws {
        guard case .appendFailed(let failure) = error else {
            Issue.record("\(fault): expected appendFailed, got \(String(describing: error))")
            return
        }
        #expect(failure.errno == fault.errno, "\(fault)")
        #expect(try readBytes(path) == before, "\(fault): file changed")
        #expect(!journal.isPoisoned)
        #expect(journal.recordCount == Self.seed.count)
        #expect(journal.endOffset == before.count)
        #expect(error?.svMessage.contains("Journalen är oförändrad") == true)
        // Still usable.
        fs.faults = .init()
        try journal.append(kind: .data, payload: [7, 7, 7])
        #expect(try contents(journal) == Self.seed + [Stored(kind: .data, payload: [7, 7, 7])])
        #expect(try Journal.verify(path: path).recordCount == Self.seed.count + 1)
    }

    @Test func singleAppendFailuresLeaveTheFileUnchanged() throws {
        let frame = Format.frameOverhead + 50
        let faults: [Fault] = [.noSpace, .syncError] + [1, 4, 8, 9, 30, frame - 32, frame - 1].map { .shortWrite(after: $0) }
        for fault in faults {
            try withScratch { scratch in
                let (journal, fs, path) = try prepared(scratch)
                let before = try readBytes(path)
                fault.inject(into: fs)
                let error = journalError { try journal.append(kind: .data, payload: payload(9, length: 50)) }
                try expectRestoredAndUsable(journal, fs, path: path, before: before, error: error, fault: fault)
            }
        }
    }

    @Test func bulkAppendFailuresLeaveTheFileUnchanged() throws {
        let batch = (0..<20).map { (RecordKind.data, payload(100 + $0, length: 40)) }
        let total = batch.count * (Format.frameOverhead + 40)
        let faults: [Fault] = [.noSpace, .syncError] + [1, 81, 200, 500, total / 2, total - 1].map { .shortWrite(after: $0) }
        for fault in faults {
            try withScratch { scratch in
                // Small chunks: a bulk append is several writes and still one sync.
                let (journal, fs, path) = try prepared(scratch, chunk: 256)
                let before = try readBytes(path)
                fault.inject(into: fs)
                let error = journalError { try journal.append(contentsOf: batch) }
                try expectRestoredAndUsable(journal, fs, path: path, before: before, error: error, fault: fault)
            }
        }
    }

    @Test func bulkAppendIsOneSync() throws {
        try withScratch { scratch in
            let (journal, fs, path) = try prepared(scratch, chunk: 256)
            let batch = (0..<50).map { (RecordKind.data, payload($0, length: $0)) }
            try journal.append(contentsOf: batch)
            #expect(fs.counters.syncs == 1)
            #expect(fs.counters.writeCalls > 1)
            try journal.append(contentsOf: [])
            #expect(fs.counters.syncs == 1)
            #expect(try Journal.verify(path: path).recordCount == Self.seed.count + 50)
        }
    }

    @Test func failedRollbackPoisonsTheHandle() throws {
        // (fault, rollback failure): the append's write or sync fails, then so does the restore.
        let cases: [(String, (inout FaultInjectingFileSystem.Faults) -> Void)] = [
            ("short write + truncate error", { $0.writeBudget = 20; $0.truncateFailures = 1 }),
            ("sync error + truncate error", { $0.syncFailures = 1; $0.truncateFailures = 1 }),
            ("sync error + sync error again", { $0.syncFailures = 2 }),
        ]
        for (name, inject) in cases {
            try withScratch { scratch in
                let (journal, fs, path) = try prepared(scratch)
                var faults = FaultInjectingFileSystem.Faults()
                inject(&faults)
                fs.faults = faults
                let error = journalError { try journal.append(kind: .data, payload: payload(9, length: 50)) }
                guard case .poisoned(let cause, let rollback) = error else {
                    Issue.record("\(name): expected poisoned, got \(String(describing: error))")
                    return
                }
                #expect(cause.operation == .write || cause.operation == .sync, "\(name)")
                #expect(rollback.operation == .truncate || rollback.operation == .sync, "\(name)")
                #expect(journal.isPoisoned)
                #expect(error?.svMessage.contains("spärrad") == true)
                // Everything is refused from now on, even with the disk healthy again.
                fs.faults = .init()
                #expect(journalError { try journal.append(kind: .data, payload: [1]) } == error)
                #expect(journalError { try journal.forEachRecord { _ in } } == error)
                journal.close()
                // Reopening re-verifies: no damage; the failed record is either cut as a torn
                // tail or (if all its bytes got written) present.
                let reopened = try Journal.open(path: path, mode: .readWrite)
                #expect([Self.seed.count, Self.seed.count + 1].contains(reopened.recordCount), "\(name)")
                #expect(Array(try contents(reopened).prefix(Self.seed.count)) == Self.seed)
                #expect(try Journal.verify(path: path).isIntact)
            }
        }
    }

    @Test func tooLargeAndForeignWritesAreRefusedWithoutWriting() throws {
        try withScratch { scratch in
            let (journal, fs, path) = try prepared(scratch)
            let before = try readBytes(path)
            let huge = [UInt8](repeating: 1, count: Format.maxPayloadLength + 1)
            #expect(journalError { try journal.append(kind: .data, payload: huge) }
                    == .payloadTooLarge(bytes: huge.count, limit: Format.maxPayloadLength))
            #expect(journalError { try journal.append(contentsOf: [(.data, [1]), (.data, huge)]) }
                    == .payloadTooLarge(bytes: huge.count, limit: Format.maxPayloadLength))
            #expect(fs.counters.writeCalls == 0)
            #expect(try readBytes(path) == before)
            // The largest payload allowed round-trips (and grows the read buffer past 4 MiB).
            var largest = [UInt8](repeating: 0x5A, count: Format.maxPayloadLength)
            largest[0] = 1
            largest[largest.count - 1] = 2
            try journal.append(kind: .data, payload: largest)
            #expect(try contents(journal).last == Stored(kind: .data, payload: largest))
            #expect(try Journal.verify(path: path).recordCount == Self.seed.count + 1)

            // Another program appended behind the writer's back: nothing more is written.
            let handle = try #require(FileHandle(forWritingAtPath: path))
            handle.seekToEndOfFile()
            handle.write(Data([1, 2, 3]))
            try handle.close()
            let grown = try readBytes(path)
            let error = journalError { try journal.append(kind: .data, payload: [9]) }
            #expect(error == .changedUnderneath(path: path, expected: grown.count - 3, actual: grown.count))
            #expect(try readBytes(path) == grown)
        }
    }

    @Test func readErrorsOnOpenAreReported() throws {
        try withScratch { scratch in
            let path = scratch.path()
            try makeJournal(at: path, Self.seed)
            let fs = FaultInjectingFileSystem()
            var faults = FaultInjectingFileSystem.Faults()
            faults.readFailures = 1
            fs.faults = faults
            let error = journalError { _ = try Journal.open(path: path, mode: .readOnly, fileSystem: fs) }
            guard case .io(let failure) = error else {
                Issue.record("expected io, got \(String(describing: error))")
                return
            }
            #expect(failure.operation == .read && failure.errno == EIO)
            #expect(error?.svMessage.contains("in-/utmatningsfel") == true)
        }
    }
}
