import Foundation
import Testing
@testable import UppfoljJournal

@Suite struct CorruptionTests {
    /// Five records: two single appends, then a batch of three (so bit 7 of the kind byte is in use).
    private func fiveRecords(at path: String) throws -> (bytes: [UInt8], offsets: [Int]) {
        let journal = try Journal.open(path: path, mode: .readWrite, create: true)
        var offsets = [journal.endOffset]
        try journal.append(kind: .data, payload: payload(1, length: 12))
        offsets.append(journal.endOffset)
        try journal.append(kind: .meta, payload: [])
        offsets.append(journal.endOffset)
        let batch: [(RecordKind, [UInt8])] = [(.data, payload(3, length: 5)), (.meta, payload(4, length: 9)), (.data, payload(5, length: 3))]
        for (_, bytes) in batch.dropLast() { offsets.append(offsets.last! + Format.frameOverhead + bytes.count) }
        try journal.append(contentsOf: batch)
        journal.close()
        return (try readBytes(path), offsets)
    }

    private func expectedRecord(at offset: Int, _ offsets: [Int]) -> Int? {
        offset < Format.headerLength ? nil : offsets.lastIndex(where: { $0 <= offset })
    }

    @Test func everyByteFlipIsCorruptionAtTheRightRecord() throws {
        try withScratch { scratch in
            let (original, offsets) = try fiveRecords(at: scratch.path("source"))
            let path = scratch.path()
            for offset in 0..<original.count {
                var damaged = original
                damaged[offset] ^= 0xFF
                try writeBytes(damaged, to: path)
                let verification = try Journal.verify(path: path)
                let fault = try #require(verification.fault, "flip at \(offset) not detected")
                #expect(fault.record == expectedRecord(at: offset, offsets), "flip at \(offset): \(fault)")
                #expect(!fault.reason.isTorn, "flip at \(offset) read as torn: \(fault)")
                if let record = fault.record {
                    #expect(fault.offset == offsets[record])
                    #expect(verification.recordCount <= record)
                }
                // A read-write open refuses and changes nothing.
                let error = journalError { _ = try Journal.open(path: path, mode: .readWrite) }
                #expect(error?.fault == fault)
                #expect(try readBytes(path) == damaged)
            }
        }
    }

    @Test func everySingleBitFlipIsDetected() throws {
        try withScratch { scratch in
            let (original, offsets) = try fiveRecords(at: scratch.path("source"))
            let path = scratch.path()
            for offset in 0..<original.count {
                for bit in 0..<8 {
                    var damaged = original
                    damaged[offset] ^= 1 << bit
                    try writeBytes(damaged, to: path)
                    let fault = try #require(try Journal.verify(path: path).fault, "bit \(bit) at \(offset) not detected")
                    #expect(fault.record == expectedRecord(at: offset, offsets), "bit \(bit) at \(offset): \(fault)")
                    #expect(!fault.reason.isTorn)
                }
            }
        }
    }

    @Test func faultReasons() throws {
        try withScratch { scratch in
            let (original, offsets) = try fiveRecords(at: scratch.path("source"))
            let path = scratch.path()
            func fault(_ change: (inout [UInt8]) -> Void) throws -> JournalFault? {
                var damaged = original
                change(&damaged)
                try writeBytes(damaged, to: path)
                return try Journal.verify(path: path).fault
            }
            let r2 = offsets[2]
            #expect(try fault { $0[r2] ^= 1 } == JournalFault(record: 2, offset: r2, reason: .lengthCheckMismatch))
            #expect(try fault { $0[r2 + 8] = 5 } == JournalFault(record: 2, offset: r2, reason: .unknownKind(5)))
            #expect(try fault { $0[r2 + 8] ^= 0x80 } == JournalFault(record: 2, offset: r2, reason: .hashMismatch))
            #expect(try fault { $0[r2 + 9] ^= 0x01 } == JournalFault(record: 2, offset: r2, reason: .hashMismatch))
            // A length over the cap, with a matching complement.
            let big = UInt32(Format.maxPayloadLength + 1)
            #expect(try fault { $0.replaceSubrange(r2..<r2 + 8, with: Spec.le32(big) + Spec.le32(~big)) }
                    == JournalFault(record: 2, offset: r2, reason: .lengthTooLarge(big)))
            let message = try #require(try fault { $0[r2 + 9] ^= 1 })
            #expect(message.svMessage == "post 2 (0-baserat) vid byte \(r2): kedjehashen stämmer inte (posten eller posten före den har ändrats)")
            #expect(message.enMessage.hasPrefix("record 2 (0-based) at byte \(r2): "))
        }
    }

    /// Editing a record and recomputing its own hash is caught at the next record.
    @Test func tamperWithRecomputedHashIsCaughtAtTheNextRecord() throws {
        try withScratch { scratch in
            let (original, offsets) = try fiveRecords(at: scratch.path("source"))
            let path = scratch.path()
            func tamper(record: Int) -> [UInt8] {
                var bytes = original
                let o = offsets[record]
                let length = Int(bytes[o]) | Int(bytes[o + 1]) << 8
                bytes[o + 9] ^= 0x55
                let previous = record == 0 ? Spec.h0() : Array(bytes[(o - 32)..<o])
                let hash = Spec.hash(previous: previous, kindByte: bytes[o + 8], payload: Array(bytes[(o + 9)..<(o + 9 + length)]))
                bytes.replaceSubrange((o + 9 + length)..<(o + 9 + length + 32), with: hash)
                return bytes
            }
            try writeBytes(tamper(record: 0), to: path)
            #expect(try Journal.verify(path: path).fault == JournalFault(record: 1, offset: offsets[1], reason: .hashMismatch))
            try writeBytes(tamper(record: 2), to: path)
            let verification = try Journal.verify(path: path)
            #expect(verification.fault == JournalFault(record: 3, offset: offsets[3], reason: .hashMismatch))
            #expect(verification.recordCount == 2)
            #expect(verification.endOffset == offsets[2])

            // The last record has no successor: the chain still holds, only the head hash changes.
            // (Documented limit: detectable only against a head hash remembered elsewhere.)
            let intactHead = try Journal.verify(path: scratch.path("source")).headHash
            try writeBytes(tamper(record: 4), to: path)
            let tail = try Journal.verify(path: path)
            #expect(tail.isIntact)
            #expect(tail.headHash != intactHead)
        }
    }

    /// The one ambiguity: both length fields of the last record changed consistently.
    @Test func consistentLengthEditOfLastRecordLooksTorn() throws {
        try withScratch { scratch in
            let (original, offsets) = try fiveRecords(at: scratch.path("source"))
            let path = scratch.path()
            var bytes = original
            let o = offsets[4]
            let claimed = UInt32(100)
            bytes.replaceSubrange(o..<o + 8, with: Spec.le32(claimed) + Spec.le32(~claimed))
            try writeBytes(bytes, to: path)
            // Reported (as a torn tail at record 2, where the unfinished batch starts)...
            let verification = try Journal.verify(path: path)
            #expect(verification.fault == JournalFault(record: 2, offset: offsets[2], reason: .tornTail(bytes: original.count - offsets[2])))
            // ...but changing only one of the two fields is corruption, never torn.
            var one = original
            one.replaceSubrange(o..<o + 4, with: Spec.le32(claimed))
            try writeBytes(one, to: path)
            #expect(try Journal.verify(path: path).fault == JournalFault(record: 4, offset: o, reason: .lengthCheckMismatch))
        }
    }

    @Test func damageInALargeJournalIsLocated() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            let records = (0..<3000).map { (RecordKind.data, payload($0, length: 50 + $0 % 200)) }
            try journal.append(contentsOf: records)
            journal.close()
            let original = try readBytes(path)
            var offsets: [Int] = []
            var o = Format.headerLength
            for (_, bytes) in records { offsets.append(o); o += Format.frameOverhead + bytes.count }
            // Several window positions, including ones checked by the parallel path.
            for record in [0, 1, 700, 1500, 2998, 2999] {
                var damaged = original
                damaged[offsets[record] + 20] ^= 0x10
                try writeBytes(damaged, to: path)
                let scanner = FrameScanner(file: try PosixFileSystem().open(path, mode: .readOnly), capacity: 4096)
                let small = try scanner.scan(from: .start, to: damaged.count, verifyHashes: true)
                #expect(small.end == .fault(JournalFault(record: record, offset: offsets[record], reason: .hashMismatch)))
                #expect(try Journal.verify(path: path).fault == JournalFault(record: record, offset: offsets[record], reason: .hashMismatch))
            }
        }
    }
}
