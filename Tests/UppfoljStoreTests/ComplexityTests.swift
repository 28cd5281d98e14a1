import Foundation
import XCTest
import UppfoljCore
import UppfoljJournal
import UppfoljSample
@testable import UppfoljStore

/// Guards how cost grows, not absolute times (those are the benchmark's job, see
/// docs/benchmarks.md): ten times the events must cost about ten times as much to replay.
final class ComplexityTests: XCTestCase {
    func testReplayGrowsRoughlyLinearly() throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-06-30")!
        let small = SampleGenerator(cases: 300, seed: 1, until: until, catalogue: catalogue).events()
        let large = SampleGenerator(cases: 3_000, seed: 1, until: until, catalogue: catalogue).events()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-complexity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        func journal(_ events: [Event], _ name: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            try journal.append(contentsOf: events.map { (RecordKind.data, EventBinaryCodec.encode($0)) })
            journal.close()
            return path
        }
        func bestReplay(_ path: String) throws -> Double {
            var best = Double.infinity
            for _ in 0..<3 {
                let start = Date()
                let store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: true)
                best = min(best, Date().timeIntervalSince(start))
                XCTAssertGreaterThan(store.projection.eventCount, 0)
            }
            return best
        }
        let smallTime = try bestReplay(try journal(small, "small"))
        let largeTime = try bestReplay(try journal(large, "large"))
        let perEventGrowth = (largeTime / Double(large.count)) / (smallTime / Double(small.count))
        // Linear is 1; allow noise and cache effects, but a quadratic step would be about 10.
        XCTAssertLessThan(perEventGrowth, 3, "replay of \(small.count) events: \(smallTime) s; of \(large.count): \(largeTime) s")
    }

    /// Issue 16: a worker's save writes an access entry; the log grows with every save and case
    /// opened (a year of a unit's: tens of thousands of entries), and the save's cost must not grow
    /// with it. A shared writer keeps the log open and reads only what others appended since its
    /// last turn (`AccessLogWriter`), where it used to open the log anew and verify it from its start
    /// for every entry. The test saves with a log of 1,000 and of 100,000 entries: the difference
    /// in the median save must stay well under the time one full read of the large log takes. The
    /// way before (`keepsAccessLogOpen = false`) is measured alongside and must show that difference,
    /// so the test can tell the two apart on this machine.
    func testASavesCostDoesNotGrowWithTheAccessLog() throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-06-30")!
        let events = Array(SampleGenerator(cases: 20, seed: 3, until: until, catalogue: catalogue).events().prefix(24))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-access-growth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            CaseStore.keepsAccessLogOpen = true
            try? FileManager.default.removeItem(at: folder)
        }
        func medianSave(entries: Int, keptOpen: Bool) throws -> (save: Double, fullRead: Double) {
            CaseStore.keepsAccessLogOpen = keptOpen
            let path = folder.appendingPathComponent("j-\(entries)-\(keptOpen)").path
            _ = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, create: true)
            try AccessLog.appendBatch((0..<entries).map {
                AccessRecord(time: 1_800_000_000 + Int64($0), worker: "hl0\($0 % 8)", action: .openCase, caseCode: "U2026-\($0 % 500)")
            }, journalPath: path, cipher: nil)
            let readStart = Date()
            let log = try Journal.open(path: AccessLog.path(forJournal: path), mode: .readOnly)
            let fullRead = Date().timeIntervalSince(readStart)
            XCTAssertEqual(log.recordCount, entries)
            log.close()
            let store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, sharedWriter: true)
            var times: [Double] = []
            for (n, event) in events.enumerated() {
                let start = Date()
                let problems = try store.record(event, today: until, access: AccessRecord(time: 1_900_000_000, worker: event.worker,
                                                                                          action: .save, caseCode: event.caseCode))
                if n > 0 { times.append(Date().timeIntervalSince(start)) }   // the first opens the log
                XCTAssertEqual(problems, [])
            }
            try store.anchorAccessLog()
            XCTAssertEqual(try AccessLog.read(journalPath: path, cipher: nil).count, entries + events.count)
            guard case .success(let verified) = CaseStore.verify(path: path) else { XCTFail("verify"); return (0, 0) }
            XCTAssertNil(verified.fault)
            return (times.sorted()[times.count / 2], fullRead)
        }
        let small = try medianSave(entries: 1_000, keptOpen: true)
        let large = try medianSave(entries: 100_000, keptOpen: true)
        let oldSmall = try medianSave(entries: 1_000, keptOpen: false)
        let oldLarge = try medianSave(entries: 100_000, keptOpen: false)
        let report = String(format: "median save with 1k / 100k entries: %.2f / %.2f ms (before: %.2f / %.2f ms); one full read of 100k: %.1f ms",
                            small.save * 1000, large.save * 1000, oldSmall.save * 1000, oldLarge.save * 1000, large.fullRead * 1000)
        print(report)
        XCTAssertLessThan(large.save - small.save, large.fullRead / 2, report)
        XCTAssertGreaterThan(oldLarge.save - oldSmall.save, large.fullRead / 2, "the way before reads the log per save: " + report)
    }
}
