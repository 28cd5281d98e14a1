import Foundation
import XCTest
import UppfoljCore
import UppfoljSample
@testable import UppfoljStore

/// A read-only store (the manager's dashboard) picks up what a writer appended after it opened.
final class CatchUpTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let until = Day(iso: "2026-06-30")!

    func testReadOnlyStoreCatchesUpWithAnotherWriter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-catchup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal").path
        let events = SampleGenerator(cases: 40, seed: 5, until: until, catalogue: catalogue).events()
        let split = events.count * 2 / 3

        let writer = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, create: true)
        _ = try writer.importEvents(Array(events[..<split]), today: until)
        let reader = try CaseStore.open(path: path, catalogue: catalogue, readOnly: true)
        XCTAssertEqual(try reader.catchUp(), [], "nothing new yet")

        let rest = Array(events[split...])
        _ = try writer.importEvents(rest, today: until)
        var expectedCodes: [String] = []
        for event in rest where !expectedCodes.contains(event.caseCode) { expectedCodes.append(event.caseCode) }
        XCTAssertEqual(try reader.catchUp(), expectedCodes)
        XCTAssertEqual(reader.projection.eventCount, events.count)
        XCTAssertEqual(reader.headHash, writer.headHash)
        for code in writer.projection.caseCodes {
            XCTAssertEqual(reader.projection[code]?.events, writer.projection[code]?.events, code)
            XCTAssertEqual(reader.projection[code]?.status, writer.projection[code]?.status, code)
        }
        XCTAssertEqual(try reader.catchUp(), [], "caught up")
    }
}
