import Foundation
import TerminalKit
import XCTest

/// Compares a frame with the stored snapshot `name`: the file `__Snapshots__/<name>.txt` beside
/// this file, one line of `Buffer.lines()` (or `.styleLines()` for "<name>.styles") per text line.
/// On a difference the failure lists the lines that differ, expected and actual, with their
/// numbers. To accept new frames after review, run
///
///     UPDATE_SNAPSHOTS=1 swift test --filter UppfoljAppTests
///
/// which writes every differing or missing snapshot file (and fails nothing); `git diff` then
/// shows what changed.
func assertSnapshot(_ buffer: Buffer, _ name: String, styles: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
    SnapshotFiles.check(buffer.lines(), name, file: file, line: line)
    if styles { SnapshotFiles.check(buffer.styleLines(), name + ".styles", file: file, line: line) }
}

/// A snapshot of lines computed by the test itself (e.g. attributes per cell).
func assertSnapshotLines(_ lines: [String], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    SnapshotFiles.check(lines, name, file: file, line: line)
}

enum SnapshotFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" }

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name + ".txt") }

    /// Every line ends with a line break, so `[]` and `[""]` are distinct files.
    static func encode(_ lines: [String]) -> String { lines.map { $0 + "\n" }.joined() }

    static func decode(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        return text.dropLast(text.hasSuffix("\n") ? 1 : 0).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func stored(_ name: String) -> [String]? {
        (try? String(contentsOf: url(name), encoding: .utf8)).map(decode)
    }

    static func check(_ actual: [String], _ name: String, file: StaticString, line: UInt) {
        let expected = stored(name)
        if expected == actual { return }
        if updating {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try encode(actual).write(to: url(name), atomically: true, encoding: .utf8)
                print("updated snapshot \(url(name).path)")
            } catch {
                XCTFail("could not write snapshot \(url(name).path): \(error)", file: file, line: line)
            }
            return
        }
        guard let expected else {
            return XCTFail("no snapshot \"\(name)\" (\(url(name).path)); actual:\n\(numbered(actual))\n"
                           + "Record it after review: UPDATE_SNAPSHOTS=1 swift test --filter UppfoljAppTests", file: file, line: line)
        }
        XCTFail("snapshot \"\(name)\" differs\n\(lineDiff(expected: expected, actual: actual))\n"
                + "Accept after review: UPDATE_SNAPSHOTS=1 swift test --filter UppfoljAppTests", file: file, line: line)
    }

    /// The lines that differ, by number: "-" the stored line, "+" the new one, each between bars so
    /// trailing spaces show.
    static func lineDiff(expected: [String], actual: [String]) -> String {
        var out: [String] = []
        if expected.count != actual.count { out.append("line count: expected \(expected.count), actual \(actual.count)") }
        for index in 0..<max(expected.count, actual.count) {
            let old = index < expected.count ? expected[index] : nil
            let new = index < actual.count ? actual[index] : nil
            guard old != new else { continue }
            out.append(String(format: "%3d", index + 1))
            out.append("  - " + (old.map { "|\($0)|" } ?? "(none)"))
            out.append("  + " + (new.map { "|\($0)|" } ?? "(none)"))
        }
        return out.joined(separator: "\n")
    }

    private static func numbered(_ lines: [String]) -> String {
        lines.enumerated().map { String(format: "%3d", $0.offset + 1) + " |\($0.element)|" }.joined(separator: "\n")
    }
}
