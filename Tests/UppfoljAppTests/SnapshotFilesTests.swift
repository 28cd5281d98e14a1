import XCTest

/// The snapshot files themselves: exact round trip of lines, and a failure that names the lines.
final class SnapshotFilesTests: XCTestCase {
    func testLinesRoundTripExactlyThroughAFile() {
        for lines in [[], [""], ["", ""], ["a", "", "b  "], ["│ Ärende ", ""]] as [[String]] {
            XCTAssertEqual(SnapshotFiles.decode(SnapshotFiles.encode(lines)), lines)
        }
        XCTAssertNotEqual(SnapshotFiles.encode([]), SnapshotFiles.encode([""]))
    }

    func testTheDiffListsOnlyTheChangedLinesWithNumbers() {
        let diff = SnapshotFiles.lineDiff(expected: ["same", "old ", "same"], actual: ["same", "new", "same", "extra"])
        XCTAssertEqual(diff.split(separator: "\n").map(String.init), [
            "line count: expected 3, actual 4",
            "  2", "  - |old |", "  + |new|",
            "  4", "  - (none)", "  + |extra|",
        ])
    }

    /// The folder holds the snapshots, and only snapshot files.
    func testEveryFileIsASnapshotFile() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: SnapshotFiles.directory.path)
        XCTAssertGreaterThan(names.count, 60)
        XCTAssertTrue(names.allSatisfy { $0.hasSuffix(".txt") }, "\(names.filter { !$0.hasSuffix(".txt") })")
    }
}
