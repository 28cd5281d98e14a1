import Foundation
import XCTest
import UppfoljCore
import UppfoljJournal
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
}
