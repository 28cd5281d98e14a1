import Foundation
import TerminalKit
import XCTest

/// Compares a frame with the stored snapshot `name` (Snapshots.swift). On a difference the
/// failure prints both frames and the new entry as a Swift literal to paste into Snapshots.swift
/// after review. With RECORD_SNAPSHOTS=1 every frame is also written to
/// /tmp/uppfolj-snapshots/<name>.txt; the test still fails on a difference, so a recording never
/// passes silently.
func assertSnapshot(_ buffer: Buffer, _ name: String, styles: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
    check(buffer.lines(), name, file: file, line: line)
    if styles { check(buffer.styleLines(), name + ".styles", file: file, line: line) }
}

/// A snapshot of lines computed by the test itself (e.g. attributes per cell).
func assertSnapshotLines(_ lines: [String], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    check(lines, name, file: file, line: line)
}

private func check(_ actual: [String], _ name: String, file: StaticString, line: UInt) {
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        let dir = "/tmp/uppfolj-snapshots"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? actual.joined(separator: "\n").write(toFile: "\(dir)/\(name).txt", atomically: true, encoding: .utf8)
    }
    guard let expected = Snapshots.all[name] else {
        return XCTFail("no snapshot \"\(name)\"; actual:\n\(show(actual))\n--- new entry\n\"\(name)\": \(swiftLiteral(actual)),",
                       file: file, line: line)
    }
    if actual != expected {
        XCTFail("snapshot \"\(name)\" differs\n--- expected\n\(show(expected))\n--- actual\n\(show(actual))"
                + "\n--- new entry\n\"\(name)\": \(swiftLiteral(actual)),", file: file, line: line)
    }
}
