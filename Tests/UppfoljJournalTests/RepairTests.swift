import Foundation
import Testing
@testable import UppfoljJournal

@Suite struct RepairTests {
    private static let records = (0..<6).map { Stored(kind: .data, payload: payload($0, length: 20 + $0)) }

    @Test func repairKeepsABackupAndCutsAtTheFault() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let (offsets, _) = try makeJournal(at: path, Self.records)
            var damaged = try readBytes(path)
            damaged[offsets[3] + 12] ^= 0x01
            try writeBytes(damaged, to: path)

            let result = try Journal.repair(path: path)
            #expect(result.fault == JournalFault(record: 3, offset: offsets[3], reason: .hashMismatch))
            #expect(result.cutOffset == offsets[3])
            #expect(result.bytesRemoved == damaged.count - offsets[3])
            #expect(result.recordsKept == 3)
            #expect(result.backupPath.hasPrefix(path + ".backup-"))
            #expect(try readBytes(result.backupPath) == damaged)
            #expect(try fileMode(result.backupPath) == 0o600)
            #expect(try readBytes(path) == Array(damaged[0..<offsets[3]]))
            let verification = try Journal.verify(path: path)
            #expect(verification.isIntact && verification.recordCount == 3)

            #expect(journalError { _ = try Journal.repair(path: path) } == .nothingToRepair(path: path))

            // A second repair on the same second gets its own backup name.
            try writeBytes(damaged, to: path)
            let again = try Journal.repair(path: path)
            #expect(again.backupPath != result.backupPath)
            #expect(try readBytes(again.backupPath) == damaged)
        }
    }

    @Test func repairCutsAnUnfinishedBatchAndTornTails() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            try journal.append(kind: .data, payload: [1])
            let end = journal.endOffset
            try journal.append(contentsOf: [(RecordKind.data, [2]), (.data, [3]), (.data, [4])])
            journal.close()
            var bytes = try readBytes(path)
            // Damage the last record of the batch: the cut goes back to where the batch began.
            bytes[bytes.count - 1] ^= 0xFF
            try writeBytes(bytes, to: path)
            let result = try Journal.repair(path: path)
            #expect(result.fault.record == 3)
            #expect(result.cutOffset == end)
            #expect(result.recordsKept == 1)
            #expect(try Journal.verify(path: path).isIntact)

            try writeBytes(try readBytes(path) + [0x05, 0x00, 0x00], to: path)
            let torn = try Journal.repair(path: path)
            #expect(torn.fault.reason == .tornTail(bytes: 3))
            #expect(torn.bytesRemoved == 3)
        }
    }

    @Test func repairRefusesADamagedHeader() throws {
        try withScratch { scratch in
            let path = scratch.path()
            try makeJournal(at: path, Self.records)
            var bytes = try readBytes(path)
            bytes[3] ^= 0xFF
            try writeBytes(bytes, to: path)
            let error = journalError { _ = try Journal.repair(path: path) }
            #expect(error == .headerNotRepairable(path: path, fault: JournalFault(record: nil, offset: 0, reason: .badMagic)))
            #expect(try readBytes(path) == bytes)
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder) == ["journal"])
        }
    }

    @Test func failedBackupChangesNothing() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let (offsets, _) = try makeJournal(at: path, Self.records)
            var bytes = try readBytes(path)
            bytes[offsets[2] + 10] ^= 0x01
            try writeBytes(bytes, to: path)
            let fs = FaultInjectingFileSystem()
            var faults = FaultInjectingFileSystem.Faults()
            faults.writeBudget = 50
            fs.faults = faults
            guard case .io(let failure) = journalError({ _ = try Journal.repair(path: path, fileSystem: fs) }) else {
                Issue.record("expected io")
                return
            }
            #expect(failure.errno == ENOSPC)
            #expect(try readBytes(path) == bytes)
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder) == ["journal"])
        }
    }
}
