import Foundation
import Testing
@testable import UppfoljJournal

/// Several writers on one journal (issue 16): shared-write handles take the lock per append,
/// catch up with each other under it, and only a holder of the lock cuts a torn tail.
@Suite struct SharedWriteTests {
    @Test func sharedWritersTakeTurnsAndEachSeesTheOthersRecords() throws {
        try withScratch { scratch in
            let path = scratch.path()
            try makeJournal(at: path, [Stored(kind: .data, payload: [0])])
            let a = try Journal.open(path: path, mode: .sharedWrite)
            let b = try Journal.open(path: path, mode: .sharedWrite)
            for round in 1...50 {
                for (handle, tag) in [(a, UInt8(1)), (b, UInt8(2))] {
                    let added = try handle.withWriteLock { before -> Int in
                        var seen = 0
                        try handle.forEachRecord(since: before) { _ in seen += 1 }
                        try handle.append(kind: .data, payload: [tag, UInt8(round)])
                        return seen
                    }
                    // Each caught up with exactly the other's one record of this round (none at the very start).
                    #expect(added == (round == 1 && tag == 1 ? 0 : 1))
                }
            }
            // A has not read B's last record yet; a refresh (outside the lock) picks it up.
            #expect(a.recordCount == 100 && b.recordCount == 101)
            #expect(try a.refresh() == 1 && a.headHashHex == b.headHashHex)
            let report = try Journal.verify(path: path)
            #expect(report.fault == nil && report.recordCount == 101)
            #expect(report.headHashHex == b.headHashHex)
        }
    }

    @Test func aSharedWriterAppendsOnlyUnderTheLock() throws {
        try withScratch { scratch in
            let path = scratch.path()
            try makeJournal(at: path, [])
            let a = try Journal.open(path: path, mode: .sharedWrite)
            #expect(journalError { try a.append(kind: .data, payload: [1]) } == .notLocked(path: path))
            // Between appends it does not hold the lock: a session writer can open.
            let session = try Journal.open(path: path, mode: .readWrite)
            session.close()
            let reader = try Journal.open(path: path, mode: .readOnly)
            #expect(journalError { try reader.withWriteLock { _ in } } == .readOnly(path: path))
        }
    }

    @Test func onlyAHolderOfTheLockCutsATornTail() throws {
        try withScratch { scratch in
            let path = scratch.path()
            try makeJournal(at: path, [Stored(kind: .data, payload: [0]), Stored(kind: .data, payload: [1])])
            let a = try Journal.open(path: path, mode: .sharedWrite)
            let b = try Journal.open(path: path, mode: .sharedWrite)
            // A third writer dies in the middle of its append: its record is incomplete.
            let dying = try Journal.open(path: path, mode: .readWrite)
            try dying.append(kind: .data, payload: Array(repeating: 7, count: 40))
            let size = dying.endOffset
            dying.close()
            #expect(truncate(path, off_t(size - 5)) == 0)

            // Outside the lock the torn end may be a write in progress: seen, never cut.
            #expect(try b.refresh() == 0)
            #expect(b.tornTail?.wasCut == false)
            #expect(try fileSize(path) == size - 5)

            // Under the lock nobody else can be writing: it is what a crash left, and is cut (kept beside).
            try a.withWriteLock { _ in
                #expect(a.tornTail?.wasCut == true)
                #expect(a.tornTail?.savedTo != nil)
                try a.append(kind: .data, payload: [2])
            }
            try b.withWriteLock { before in
                #expect(b.tornTail == nil)
                var seen: [[UInt8]] = []
                try b.forEachRecord(since: before) { seen.append(Array($0.payload)) }
                #expect(seen == [[2]])
                try b.append(kind: .data, payload: [3])
            }
            let report = try Journal.verify(path: path)
            #expect(report.fault == nil && report.recordCount == 4)
        }
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    }
}
