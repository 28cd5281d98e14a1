import Foundation
import XCTest

/// Issue 14 item 1 through the real `uppfolj`: every export and board report is registered in
/// `<journal>.releases` (sealed, hash-chained), `uppfolj releases` lists them, and a register that
/// was deleted or cut stops every further release until it is restored.
final class ReleaseRegisterEndToEndTests: SampleJournalTestCase {
    private func export(_ period: String, _ extra: [String] = []) throws -> (status: Int32, stderr: String, out: String) {
        let out = folder.appendingPathComponent("e-\(UUID().uuidString).json").path
        let result = try Uppfolj.run(["export", journal, "--format", "json", "--period", period, "--out", out] + extra)
        if result.status != 0 { XCTAssertFalse(FileManager.default.fileExists(atPath: out), "refused but wrote \(out)") }
        return (result.status, result.stderr, out)
    }

    func testEveryReleaseIsRegisteredAndListed() throws {
        XCTAssertEqual(try export("2025Q1").status, 0)
        XCTAssertEqual(try export("2025").status, 0)
        let html = folder.appendingPathComponent("rapport.html").path
        let report = try Uppfolj.run(["report", journal, "--period", "2025Q1", "--out", html])
        XCTAssertEqual(report.status, 0, report.stderr)

        let list = try Uppfolj.run(["releases", journal])
        XCTAssertEqual(list.status, 0, list.stderr)
        let rows = list.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }
        XCTAssertEqual(rows.count, 3, list.stdout)
        XCTAssertTrue(rows[0].contains("2025Q1") && rows[0].contains("json"), list.stdout)
        XCTAssertTrue(rows[1].contains("2025 ") && rows[1].contains("json"), list.stdout)
        XCTAssertTrue(rows[2].contains("2025Q1") && rows[2].contains("html"), list.stdout)
        let english = try Uppfolj.run(["releases", journal, "--lang", "en"])
        XCTAssertTrue(english.stdout.contains("shown") && english.stdout.contains("hidden"), english.stdout)

        // One release's figures: hidden ones as "..", never their counts; the same figures as the file.
        let shown = try Uppfolj.run(["releases", journal, "--show", "1"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let lines = shown.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        XCTAssertTrue(lines.contains { $0.count == 4 && $0[3] == ".." }, "some figure of a 60-case quarter is hidden")
        for line in lines where line.count == 4 && line[3] != ".." {
            XCTAssertFalse((1...4).contains(Int(line[3]) ?? 0), "a small count listed: \(line)")
        }
        XCTAssertTrue(lines.contains { $0 == ["2025Q1", "opened", "total", $0.last ?? ""] }, shown.stdout)

        // Sealed: the register's bytes hold no indicator id or cell name in the clear.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: journal + ".releases"))
        XCTAssertNil(bytes.range(of: Data("opened".utf8)))
        XCTAssertNil(bytes.range(of: Data("role=victim".utf8)))

        // The access log names each release's register head.
        let audit = try Uppfolj.run(["audit", journal, "--json"])
        XCTAssertEqual(audit.stdout.components(separatedBy: "\"releaseRecords\"").count - 1, 3, audit.stdout)
    }

    /// Losing the register would let the next release choose a pattern that contradicts an earlier
    /// one: a deleted, cut or replaced register stops every release until it is restored.
    func testADeletedOrCutRegisterStopsTheNextRelease() throws {
        XCTAssertEqual(try export("2025Q1").status, 0)
        XCTAssertEqual(try export("2025Q2").status, 0)
        let register = journal + ".releases"
        let saved = try Data(contentsOf: URL(fileURLWithPath: register))

        try FileManager.default.removeItem(atPath: register)
        var refused = try export("2025Q3")
        XCTAssertEqual(refused.status, 3, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("Utlämningsregistret") && refused.stderr.contains("saknas"), refused.stderr)
        let listing = try Uppfolj.run(["releases", journal])
        XCTAssertNotEqual(listing.status, 0, listing.stdout)

        // Cut back to its first release (a copy made after one export, put back later).
        try saved.write(to: URL(fileURLWithPath: register))
        let first = try Uppfolj.run(["releases", journal])
        XCTAssertEqual(first.status, 0, first.stderr)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: register))
        let records = try XCTUnwrap(Self.recordOffsets(saved))
        try handle.truncate(atOffset: UInt64(records[1]))
        try handle.close()
        refused = try export("2025Q3", ["--lang", "en"])
        XCTAssertEqual(refused.status, 3, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("release register") && refused.stderr.contains("cut or replaced"), refused.stderr)

        // Restored: releases go on, and the register has all three.
        try saved.write(to: URL(fileURLWithPath: register))
        XCTAssertEqual(try export("2025Q3").status, 0)
        let list = try Uppfolj.run(["releases", journal])
        XCTAssertEqual(list.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }.count, 3, list.stdout)
    }

    /// The start offset of each record of a journal-format file (docs/journal-format.md): a 32-byte
    /// file header, then frames of 41 + L bytes whose first 4 bytes are L (u32 little-endian).
    static func recordOffsets(_ data: Data) -> [Int]? {
        var offsets: [Int] = []
        var position = 32
        while position + 41 <= data.count {
            offsets.append(position)
            let length = data[position..<(position + 4)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            position += 41 + length
        }
        return offsets.isEmpty ? nil : offsets
    }
}
