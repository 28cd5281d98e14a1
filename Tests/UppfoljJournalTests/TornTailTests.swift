import Foundation
import Testing
@testable import UppfoljJournal

@Suite struct TornTailTests {
    static let records: [Stored] = [40, 1, 0, 17, 90, 0, 63, 30].enumerated().map { i, length in
        Stored(kind: i == 3 ? .meta : .data, payload: payload(i, length: length))
    }

    /// Opens the cut file read-write and checks everything the torn-tail policy promises.
    private func checkCut(_ original: [UInt8], at cut: Int, offsets: [Int], path: String,
                          records: [Stored], batchStart: Int? = nil) throws {
        try writeBytes(Array(original[0..<cut]), to: path)
        // The record the cut falls in (records.count if on the end), and the first one kept out.
        let inside = offsets.lastIndex(where: { $0 <= cut }).map { $0 } ?? -1
        let onBoundary = cut == Format.headerLength || offsets.contains(cut) || cut == original.count
        var keep: Int
        if cut < Format.headerLength {
            keep = 0
        } else if onBoundary {
            keep = offsets.firstIndex(of: cut) ?? records.count
        } else {
            keep = inside
        }
        if let batchStart, cut > offsets[batchStart], cut < original.count {
            keep = batchStart  // an unfinished batch goes as a whole
        }
        let keptEnd = cut < Format.headerLength ? Format.headerLength : (keep < offsets.count ? offsets[keep] : original.count)

        if cut < Format.headerLength {
            // A journal is published only with its header: a shorter file is damage, not a creation
            // to finish. A writer refuses it and changes nothing (repair writes a header, with a backup).
            #expect(journalError { _ = try Journal.open(path: path, mode: .readWrite) }
                    == .corrupt(path: path, fault: JournalFault(record: nil, offset: 0, reason: .tornHeader(bytes: cut))), "cut \(cut)")
            #expect(try readBytes(path) == Array(original[0..<cut]), "cut \(cut)")
            return
        }
        if let batchStart, cut >= offsets.last! + Format.frameHeaderLength, cut < original.count, keep == batchStart {
            // The batch's own last record is there, only incomplete: the batch was written to its
            // end and may have been acknowledged, so its complete records are not cut by themselves.
            guard case .tornTailNeedsRepair(_, let torn) = journalError({ _ = try Journal.open(path: path, mode: .readWrite) }) else {
                Issue.record("cut \(cut): not refused")
                return
            }
            #expect(torn.batchEndSeen && torn.droppedRecords == records.count - 1 - batchStart, "cut \(cut)")
            #expect(try readBytes(path) == Array(original[0..<cut]), "cut \(cut)")
            return
        }

        let journal = try Journal.open(path: path, mode: .readWrite)
        #expect(journal.recordCount == keep, "cut \(cut)")
        #expect(try contents(journal) == Array(records.prefix(keep)), "cut \(cut)")
        let size = try readBytes(path).count
        #expect(size == keptEnd, "cut \(cut)")
        #expect(try readBytes(path) == Array(original[0..<keptEnd]), "cut \(cut)")
        if cut < Format.headerLength {
            #expect(journal.tornTail == TornTail(offset: 0, bytes: cut, record: 0, droppedRecords: 0, inHeader: true, wasCut: true))
        } else if cut == keptEnd {
            #expect(journal.tornTail == nil, "cut \(cut)")
        } else {
            let torn = try #require(journal.tornTail, "cut \(cut)")
            #expect(torn.offset == keptEnd && torn.bytes == cut - keptEnd && torn.record == keep && torn.wasCut && !torn.inHeader, "cut \(cut)")
            // What was cut was saved beside the journal first, byte for byte.
            let saved = try #require(torn.savedTo, "cut \(cut)")
            #expect(saved.hasPrefix(path + ".torn-"))
            #expect(try readBytes(saved) == Array(original[keptEnd..<cut]), "cut \(cut)")
            try FileManager.default.removeItem(atPath: saved)
        }
        // Appending still works and the result verifies.
        try journal.append(kind: .data, payload: [0xAB, 0xCD])
        journal.close()
        let verification = try Journal.verify(path: path)
        #expect(verification.isIntact, "cut \(cut): \(String(describing: verification.fault))")
        #expect(verification.recordCount == keep + 1)
    }

    @Test func cutAtEveryOffsetOfTheLastThreeRecordsAndTheHeader() throws {
        try withScratch { scratch in
            let source = scratch.path("source")
            let (offsets, end) = try makeJournal(at: source, Self.records)
            let original = try readBytes(source)
            #expect(original.count == end)
            let cuts = Array(0..<Format.headerLength) + Array(offsets[offsets.count - 3]..<end)
            for cut in cuts {
                try checkCut(original, at: cut, offsets: offsets, path: scratch.path("cut"), records: Self.records)
            }
        }
    }

    @Test func cutInsideABatchDropsTheWholeBatch() throws {
        try withScratch { scratch in
            let path = scratch.path("source")
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            var offsets: [Int] = []
            for record in Self.records.prefix(4) {
                offsets.append(journal.endOffset)
                try journal.append(kind: record.kind, payload: record.payload)
            }
            let batch = Array(Self.records.suffix(4))
            var offset = journal.endOffset
            for record in batch {
                offsets.append(offset)
                offset += Format.frameOverhead + record.payload.count
            }
            try journal.append(contentsOf: batch.map { ($0.kind, $0.payload) })
            #expect(journal.endOffset == offset)
            journal.close()
            let original = try readBytes(path)
            for cut in offsets[4]...original.count {
                try checkCut(original, at: cut, offsets: offsets, path: scratch.path("cut"), records: Self.records, batchStart: 4)
            }
            // The dropped count says how many complete batch records went.
            try writeBytes(Array(original[0..<(offsets[7] + 5)]), to: scratch.path("cut"))
            let reader = try Journal.open(path: scratch.path("cut"), mode: .readOnly)
            #expect(reader.tornTail?.droppedRecords == 3)
            #expect(reader.tornTail?.record == 4)
        }
    }

    @Test func zeroTailsAreTorn() throws {
        try withScratch { scratch in
            let source = scratch.path("source")
            let (_, end) = try makeJournal(at: source, Self.records)
            let original = try readBytes(source)
            for zeros in [1, 8, 9, 40, 41, 200, 70_000, TornTail.automaticCutMaxBytes, 5_000_000] {
                let path = scratch.path("zeros")
                try writeBytes(original + [UInt8](repeating: 0, count: zeros), to: path)
                let verification = try Journal.verify(path: path)
                #expect(verification.fault == JournalFault(record: Self.records.count, offset: end, reason: .tornTail(bytes: zeros)))
                #expect(verification.isTornOnly)
                if zeros > TornTail.automaticCutMaxBytes {
                    // More than an interrupted write leaves: refused, nothing changed (repair's job).
                    guard case .tornTailNeedsRepair(_, let torn) = journalError({ _ = try Journal.open(path: path, mode: .readWrite) }) else {
                        Issue.record("\(zeros) zeros: not refused")
                        continue
                    }
                    #expect(torn.bytes == zeros && !torn.isInterruptedWrite)
                    #expect(try readBytes(path).count == original.count + zeros)
                    continue
                }
                let journal = try Journal.open(path: path, mode: .readWrite)
                #expect(journal.tornTail?.bytes == zeros)
                #expect(journal.recordCount == Self.records.count)
                journal.close()
                #expect(try readBytes(path) == original)
                if let saved = journal.tornTail?.savedTo { try FileManager.default.removeItem(atPath: saved) }
            }
            // Zeros followed by anything else are not a torn write.
            let path = scratch.path("zeros")
            try writeBytes(original + [UInt8](repeating: 0, count: 100) + [1], to: path)
            #expect(try Journal.verify(path: path).fault == JournalFault(record: Self.records.count, offset: end, reason: .lengthCheckMismatch))
        }
    }

    @Test func readOnlyOpenReportsButNeverWrites() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let (offsets, end) = try makeJournal(at: path, Self.records)
            let original = try readBytes(path)
            let cut = Array(original[0..<(end - 10)])
            try writeBytes(cut, to: path)
            let reader = try Journal.open(path: path, mode: .readOnly)
            #expect(reader.tornTail == TornTail(offset: offsets.last!, bytes: end - 10 - offsets.last!, record: 7,
                                                droppedRecords: 0, inHeader: false, wasCut: false))
            #expect(reader.recordCount == 7)
            #expect(try contents(reader) == Array(Self.records.prefix(7)))
            #expect(journalError { try reader.append(kind: .data, payload: [1]) } == .readOnly(path: path))
            #expect(try readBytes(path) == cut)
            #expect(reader.tornTail?.svMessage.contains("ignoreras") == true)
        }
    }

    @Test func emptyAndHeaderOnlyFiles() throws {
        try withScratch { scratch in
            let path = scratch.path()
            // A 0-byte file (crash right after creating it).
            try writeBytes([], to: path)
            let reader = try Journal.open(path: path, mode: .readOnly)
            #expect(reader.tornTail == TornTail(offset: 0, bytes: 0, record: 0, droppedRecords: 0, inHeader: true, wasCut: false))
            #expect(try contents(reader).isEmpty)
            #expect(try Journal.verify(path: path).fault?.reason == .tornHeader(bytes: 0))
            #expect(try readBytes(path).isEmpty)
            // A writer refuses a 0-byte journal (it was emptied; a new header would hide that);
            // repair writes the header and keeps a (here empty) backup.
            #expect(journalError { _ = try Journal.open(path: path, mode: .readWrite) }
                    == .corrupt(path: path, fault: JournalFault(record: nil, offset: 0, reason: .tornHeader(bytes: 0))))
            #expect(try readBytes(path).isEmpty)
            let repaired = try Journal.repair(path: path)
            #expect(try readBytes(repaired.backupPath).isEmpty)
            #expect(try readBytes(path) == Spec.header())
            // A header-only file is an empty journal.
            let again = try Journal.open(path: path, mode: .readWrite)
            #expect(again.tornTail == nil)
            #expect(again.recordCount == 0)
            #expect(again.headHash.bytes == Spec.h0())
            try again.append(kind: .data, payload: [])
            #expect(try Journal.verify(path: path).recordCount == 1)
            // The reader opened on the empty file catches up.
            #expect(try reader.refresh() == 1)
            #expect(reader.tornTail == nil)
        }
    }

    /// Issue 12, item 1: a big batch whose last byte is lost is not what an interrupted write
    /// leaves (its last record is there, only incomplete): a writer refuses to cut it, and changes
    /// nothing; `repair` cuts it and keeps the whole file in its backup.
    @Test func lostLastByteOfABigBatchIsRefusedAndRepairKeepsIt() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            try journal.append(kind: .data, payload: [7])
            let batch = (0..<2_000).map { (RecordKind.data, payload($0, length: 30)) }
            try journal.append(contentsOf: batch)
            journal.close()
            let original = try readBytes(path)
            let damaged = Array(original.dropLast())
            try writeBytes(damaged, to: path)

            guard case .tornTailNeedsRepair(_, let torn) = journalError({ _ = try Journal.open(path: path, mode: .readWrite) }) else {
                Issue.record("the batch was cut by itself")
                return
            }
            #expect(torn.droppedRecords == 1_999 && torn.droppedDataRecords == 1_999 && torn.batchEndSeen && torn.record == 1)
            #expect(!torn.isInterruptedWrite)
            #expect(try readBytes(path) == damaged)
            #expect(try scratch.files().filter { $0.contains(".torn-") }.isEmpty)
            let reader = try Journal.open(path: path, mode: .readOnly)
            #expect(reader.recordCount == 1 && reader.tornTail?.droppedRecords == 1_999)
            reader.close()

            let repaired = try Journal.repair(path: path)
            #expect(try readBytes(repaired.backupPath) == damaged)
            #expect(repaired.recordsKept == 1)
        }
    }

    /// A batch's write killed by SIGKILL stops at a page boundary (the kernel copies a write a page
    /// at a time and checks for a fatal signal between pages), possibly inside the batch's last
    /// record, whose frame header then says "the batch's end" although the batch was never
    /// synced, let alone acknowledged. `KillTests` hit this once in a full run: the reopen refused
    /// with "unfinished batch … last record present but damaged". Such a tail is cut (and saved);
    /// the same tail ending anywhere else is still refused, and acknowledged records are still kept.
    @Test func aBatchWriteKilledAtAPageBoundaryInsideItsLastRecordIsCut() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            try journal.append(kind: .data, payload: payload(1, length: 100))
            let end = journal.endOffset
            // Three records, the last longer than a page: a page boundary falls inside its payload.
            let batch = [payload(2, length: 700), payload(3, length: 900), payload(4, length: 5_000)]
            try journal.append(contentsOf: batch.map { (RecordKind.data, $0) })
            journal.close()
            let original = try readBytes(path)
            let lastStart = original.count - Format.frameOverhead - 5_000
            let boundary = ((lastStart + Format.frameHeaderLength) / TornTail.pageSize + 1) * TornTail.pageSize
            #expect(boundary > lastStart + Format.frameHeaderLength && boundary < original.count - Format.hashLength)

            // Not on a page boundary: as before, refused and left alone.
            try writeBytes(Array(original[0..<(boundary + 1)]), to: path)
            guard case .tornTailNeedsRepair(_, let refused) = journalError({ _ = try Journal.open(path: path, mode: .readWrite) }) else {
                Issue.record("a batch ending off a page boundary was cut by itself")
                return
            }
            #expect(refused.batchEndSeen && !refused.endsOnPageBoundary && !refused.isInterruptedWrite)

            // On the page boundary: what a killed write leaves; cut, saved, the record before kept.
            try writeBytes(Array(original[0..<boundary]), to: path)
            let writer = try Journal.open(path: path, mode: .readWrite)
            let torn = try #require(writer.tornTail)
            #expect(torn.batchEndSeen && torn.endsOnPageBoundary && torn.wasCut && torn.droppedRecords == 2 && writer.recordCount == 1)
            #expect(try readBytes(try #require(torn.savedTo)) == Array(original[end..<boundary]))
            #expect(try readBytes(path) == Array(original[0..<end]))
            writer.close()

            // Records known to be acknowledged are still never cut by themselves.
            try writeBytes(Array(original[0..<boundary]), to: path)
            #expect(journalError { _ = try Journal.open(path: path, mode: .readWrite, keeping: 2) } != nil)
            #expect(try readBytes(path) == Array(original[0..<boundary]))
        }
    }

    /// A small unfinished batch, cut mid-record (not in its last record), is what an interrupted
    /// write leaves: cut, and saved beside the journal first.
    @Test func smallUnfinishedBatchIsCutAndSaved() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            try journal.append(contentsOf: (0..<5).map { (RecordKind.data, payload($0, length: 20)) })
            let end = journal.endOffset
            try journal.append(contentsOf: (0..<5).map { (RecordKind.data, payload($0 + 10, length: 20)) })
            journal.close()
            let original = try readBytes(path)
            let cut = end + 3 * (Format.frameOverhead + 20) + 12  // inside the batch's 4th record
            try writeBytes(Array(original[0..<cut]), to: path)
            let writer = try Journal.open(path: path, mode: .readWrite)
            let torn = try #require(writer.tornTail)
            #expect(torn.wasCut && torn.droppedRecords == 3 && !torn.batchEndSeen && writer.recordCount == 5)
            #expect(try readBytes(try #require(torn.savedTo)) == Array(original[end..<cut]))
            #expect(try readBytes(path) == Array(original[0..<end]))
            // Records known to be acknowledged are never cut by themselves.
            writer.close()
            try writeBytes(Array(original[0..<cut]), to: path)
            #expect(journalError { _ = try Journal.open(path: path, mode: .readWrite, keeping: 6) } != nil)
            #expect(try readBytes(path) == Array(original[0..<cut]))
        }
    }
}
