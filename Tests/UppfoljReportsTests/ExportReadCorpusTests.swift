import Foundation
import XCTest
@testable import UppfoljCore
@testable import UppfoljReports

/// Replays the export-read fuzzer's corpus (Tests/Fuzz/corpus/export-read, grown by
/// `Tests/Fuzz/run.sh export-read`): nothing may crash, and what the reader accepts reads back the
/// same after encoding.
final class ExportReadCorpusTests: XCTestCase {
    func testExportReadCorpus() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/export-read")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertFalse(names.isEmpty)
        var accepted = 0
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            XCTAssertFalse(PersonalIdentityGuard.containsIdentityNumber(String(decoding: data, as: UTF8.self)), name)
            guard let report = try? ReportJSON.decode(data) else { continue }
            accepted += 1
            XCTAssertEqual(try ReportJSON.decode(ReportJSON.encode(report)), report, name)
        }
        XCTAssertGreaterThan(accepted, 0, "the seeds are real exports")
        print("export-read corpus: \(names.count) inputs, \(accepted) accepted")
    }
}
