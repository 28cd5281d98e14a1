import Foundation
import XCTest

/// The real program with a projection snapshot beside the journal (issue 20): `status`, `export`
/// and `log` give the same output whether the open starts from the snapshot, from a damaged one
/// or from none, and a damaged snapshot is replaced by a good one. (The program keeps snapshots
/// from 20,000 records; `UPPFOLJ_SNAPSHOT_MINIMUM_RECORDS=0` takes this small sample through it.)
final class SnapshotEndToEndTests: SampleJournalTestCase {
    let always = ["UPPFOLJ_SNAPSHOT_MINIMUM_RECORDS": "0"]
    var snapshot: String { journal + ".snapshot" }

    func outputs() throws -> [String] {
        try [["status", journal], ["export", journal, "--period", "2025", "--format", "csv", "--as-of", "2025-12-31", "--out", "-"],
             ["log", journal, "--json"]].map { arguments in
            let result = try Uppfolj.run(arguments, environment: always)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            return result.stdout
        }
    }

    func testTheSameOutputFromTheSnapshotFromADamagedOneAndFromNone() throws {
        // `sample` opened an empty journal: there is no snapshot of its events yet.
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshot))
        let first = try outputs()
        let written = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        XCTAssertGreaterThan(written.count, 1_000)
        XCTAssertEqual(try outputs(), first, "from the snapshot")

        var damaged = written
        damaged[damaged.count / 2] ^= 0x20
        try damaged.write(to: URL(fileURLWithPath: snapshot))
        XCTAssertEqual(try outputs(), first, "from a damaged snapshot")
        let rewritten = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        XCTAssertNotEqual(rewritten, damaged, "the damaged snapshot was replaced")

        try FileManager.default.removeItem(atPath: snapshot)
        XCTAssertEqual(try outputs(), first, "without one")
        var info = stat()
        XCTAssertEqual(lstat(snapshot, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".snapshot.") }
        XCTAssertEqual(leftovers, [])
    }
}
