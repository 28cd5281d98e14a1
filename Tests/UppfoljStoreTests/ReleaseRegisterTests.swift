import Foundation
import UppfoljCore
import XCTest
@testable import UppfoljStore

/// The release register's guard against two releases decided at the same moment (issue 14): each
/// is decided with the register as it was read; the second to register was decided without the
/// first and is refused, under the register's lock, instead of being appended.
final class ReleaseRegisterTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("register-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func release(_ period: String) -> ReleaseRecord {
        ReleaseRecord(time: 1_700_000_000, worker: "test", period: period, format: "json", minimumCellSize: 5, policyOverride: false,
                      catalogueVersion: "t1", asOf: "2026-01-10", journalRecords: 1, journalHead: String(repeating: "0", count: 64),
                      figures: [ReleasedFigure(period: period, indicator: "opened", cell: "total", value: 13, published: true)])
    }

    func testAReleaseDecidedBeforeAnotherWasRegisteredIsRefused() throws {
        let journal = folder.appendingPathComponent("journal").path
        // Two releases both read an empty register and were decided with 0 earlier releases.
        let first = try ReleaseRegister.append(release("2025Q1"), journalPath: journal, cipher: nil, anchored: nil, decidedWith: 0)
        XCTAssertEqual(first.records, 1)
        XCTAssertThrowsError(try ReleaseRegister.append(release("2025"), journalPath: journal, cipher: nil, anchored: first,
                                                        decidedWith: 0)) { error in
            XCTAssertTrue("\(error)".contains("while this one was being decided"), "\(error)")
        }
        XCTAssertEqual(try ReleaseRegister.read(journalPath: journal, cipher: nil, anchored: first).map(\.period), ["2025Q1"],
                       "the refused release is not in the register")
        // Decided again with the first in view, it is registered.
        let second = try ReleaseRegister.append(release("2025"), journalPath: journal, cipher: nil, anchored: first, decidedWith: 1)
        XCTAssertEqual(second.records, 2)
    }
}
