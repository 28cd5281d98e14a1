import Foundation
import XCTest
import UppfoljCore
import UppfoljJournal
import UppfoljSample
@testable import UppfoljStore

final class AccessLogTests: XCTestCase {
    func testEntriesAreAppendedReadBackAndTamperingIsCaught() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-access-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = folder.appendingPathComponent("journal").path
        XCTAssertEqual(try AccessLog.read(journalPath: journal, cipher: nil), [], "no log yet")

        let entries = [
            AccessRecord(time: 1_800_000_000, worker: "hl01", action: .openCase, caseCode: "U2025-0001"),
            AccessRecord(time: 1_800_000_060, worker: "chef1", action: .export, period: "2025Q1..2025Q4", format: "csv-sv", minimumCellSize: 5),
            AccessRecord(time: 1_800_000_120, worker: "chef1", action: .dashboard),
        ]
        for entry in entries { try AccessLog.append(entry, journalPath: journal, cipher: nil) }
        XCTAssertEqual(try AccessLog.read(journalPath: journal, cipher: nil), entries)

        let path = AccessLog.path(forJournal: journal)
        var mode = stat()
        stat(path, &mode)
        XCTAssertEqual(mode.st_mode & 0o777, 0o600)
        // The log is a hash-chained journal: `verify` works on it, and a changed byte is caught.
        XCTAssertEqual(try Journal.open(path: path, mode: .readOnly).recordCount, 3)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let at = try XCTUnwrap(bytes.lastRange(of: Data("chef1".utf8))).lowerBound
        bytes[at] = UInt8(ascii: "x")   // chef1 → xhef1 in the last entry
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try AccessLog.read(journalPath: journal, cipher: nil))
    }

    /// A shared writer's save with its access entry (`record(_:today:access:)`): the entry carries the
    /// journal's head after the event; its anchor rides on the writer's next save (one write: the
    /// anchor, then the event) or is written by `anchorAccessLog`; anchors never go backwards.
    func testASaveWithItsEntryAnchorsItWithTheNextSave() throws {
        let (folder, path, events) = try Self.journal()
        defer { try? FileManager.default.removeItem(at: folder) }
        let until = Day(iso: "2026-06-30")!
        let store = try CaseStore.open(path: path, catalogue: try InstrumentCatalogue.builtIn(), readOnly: false, sharedWriter: true)
        func entry(_ event: Event) -> AccessRecord { AccessRecord(time: 1_900_000_000, worker: "hl01", action: .save, caseCode: event.caseCode) }
        let before = store.recordCount
        XCTAssertEqual(try store.record(events[0], today: until, access: entry(events[0])), [])
        XCTAssertEqual(store.recordCount, before + 1, "the first save: the event alone (nothing to anchor yet)")
        var log = try AccessLog.read(journalPath: path, cipher: nil)
        XCTAssertEqual(log.last?.journalRecords, before + 1, "the entry names the journal's head after the event")
        XCTAssertEqual(log.last?.journalHead, store.headHash)
        let first = try XCTUnwrap(store.unanchoredAccess)
        XCTAssertEqual(first.records, log.count)

        XCTAssertEqual(try store.record(events[1], today: until, access: entry(events[1])), [])
        XCTAssertEqual(store.recordCount, before + 3, "the second save: the first entry's anchor, then the event")
        XCTAssertEqual(store.accessAnchor, first)
        let records = try Self.records(path)
        XCTAssertEqual(records.suffix(2).map(\.kind), [.meta, .data])
        XCTAssertEqual(records.suffix(2).map(\.batchContinues), [false, false], "anchor and event are single records (one write and sync)")
        log = try AccessLog.read(journalPath: path, cipher: nil)
        XCTAssertEqual(log.last?.journalRecords, before + 3)

        try store.anchorAccessLog()
        XCTAssertEqual(store.recordCount, before + 4)
        XCTAssertEqual(store.accessAnchor?.records, log.count)
        XCTAssertNil(store.unanchoredAccess)
        try store.anchorAccessLog()
        XCTAssertEqual(store.recordCount, before + 4, "nothing more to anchor")

        // Another writer's save anchored further meanwhile: this writer's older head is not anchored again.
        let other = try CaseStore.open(path: path, catalogue: try InstrumentCatalogue.builtIn(), readOnly: false, sharedWriter: true)
        XCTAssertEqual(try store.record(events[2], today: until, access: entry(events[2])), [])
        XCTAssertEqual(try other.record(events[3], today: until, access: entry(events[3])), [])
        try other.anchorAccessLog()
        let count = store.recordCount
        XCTAssertEqual(try store.record(events[4], today: until, access: entry(events[4])), [])
        XCTAssertEqual(store.recordCount - count, 3, "the other's event and anchor, then this event alone")
        guard case .success(let verified) = CaseStore.verify(path: path) else { return XCTFail("verify") }
        XCTAssertNil(verified.fault)
    }

    /// The kept-open log is not trusted blindly: a log deleted, cut or replaced by another one while
    /// a writer holds it open is noticed at its next save (which is durable; the worker is told the
    /// entry was not written), never continued in the old file or without the lost entries.
    func testAKeptOpenLogThatWasDeletedCutOrReplacedIsNoticed() throws {
        let until = Day(iso: "2026-06-30")!
        for damage in ["deleted", "cut", "replaced"] {
            let (folder, path, events) = try Self.journal()
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try CaseStore.open(path: path, catalogue: try InstrumentCatalogue.builtIn(), readOnly: false, sharedWriter: true)
            func entry(_ event: Event) -> AccessRecord { AccessRecord(time: 1_900_000_000, worker: "hl01", action: .save, caseCode: event.caseCode) }
            for event in events.prefix(3) { XCTAssertEqual(try store.record(event, today: until, access: entry(event)), []) }
            try store.anchorAccessLog()
            let log = AccessLog.path(forJournal: path)
            switch damage {
            case "deleted":
                XCTAssertEqual(unlink(log), 0)
            case "cut":
                XCTAssertEqual(truncate(log, off_t(try Self.frameOffsets(log).last!)), 0)
            default:
                // Another log under the same name (a new file with one entry of its own).
                let other = folder.appendingPathComponent("other").path
                try AccessLog.append(AccessRecord(time: 1, worker: "x", action: .dashboard), journalPath: other, cipher: nil)
                XCTAssertEqual(rename(AccessLog.path(forJournal: other), log), 0)
            }
            let count = store.recordCount
            XCTAssertThrowsError(try store.record(events[3], today: until, access: entry(events[3])), damage) { error in
                guard let failure = error as? AccessEntryNotWritten else { return XCTFail("\(damage): \(error)") }
                XCTAssertTrue(failure.message.en.contains("access log"), "\(damage): \(failure.message.en)")
            }
            XCTAssertEqual(store.recordCount, count + 1, "\(damage): the event itself was saved")
            XCTAssertEqual(store.projection.eventCount, 4)
        }
    }

    /// A new plain journal holding nothing yet, and sample events to save into it in order.
    static func journal() throws -> (URL, String, [Event]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-access-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("journal").path
        _ = try CaseStore.open(path: path, catalogue: try InstrumentCatalogue.builtIn(), readOnly: false, create: true)
        let events = Array(SampleGenerator(cases: 5, seed: 7, until: Day(iso: "2026-06-30")!, catalogue: try InstrumentCatalogue.builtIn())
            .events().prefix(5))
        return (folder, path, events)
    }

    struct Frame { let kind: RecordKind; let batchContinues: Bool }

    static func records(_ path: String) throws -> [Frame] {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        return try frameOffsets(path).map { o in
            Frame(kind: bytes[o + 8] & 0x7F == 0 ? .data : .meta, batchContinues: bytes[o + 8] & 0x80 != 0)
        }
    }

    static func frameOffsets(_ path: String) throws -> [Int] {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        var offsets: [Int] = [], o = 32
        while o + 9 <= bytes.count {
            offsets.append(o)
            o += 41 + (Int(bytes[o]) | Int(bytes[o + 1]) << 8 | Int(bytes[o + 2]) << 16 | Int(bytes[o + 3]) << 24)
        }
        return offsets
    }
}
