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
}
