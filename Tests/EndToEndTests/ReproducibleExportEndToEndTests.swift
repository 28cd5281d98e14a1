import Foundation
import XCTest

/// Issue 14 item 6 through the real `uppfolj`: the same journal, period, k and as-of day give
/// byte-identical files. Two things moved an export before: the header's head hash was the
/// journal's head, which every access-log anchor (each export, each case opened) moves; and there
/// was no way to ask for the figures as the journal stood on a day, so a late-registered event
/// changed a re-issued release.
final class ReproducibleExportEndToEndTests: SampleJournalTestCase {
    private func export(_ extra: [String], format: String = "csv") throws -> Data {
        let out = folder.appendingPathComponent("e-\(UUID().uuidString).\(format)").path
        let result = try Uppfolj.run(["export", journal, "--format", format, "--period", "2025", "--out", out] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try Data(contentsOf: URL(fileURLWithPath: out))
    }

    private func headHash(_ json: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        let metadata = object?["metadata"] as? [String: Any]
        return try XCTUnwrap((metadata?["journalHeadHashes"] as? [String])?.first)
    }

    func testTheSameJournalAndDayGiveTheSameBytesWhatEverWasLoggedBetween() throws {
        let first = try export([])
        // Each export writes an access entry and anchors it in the journal: the journal's own head
        // moves, the events do not.
        let status = try Uppfolj.run(["status", journal])
        XCTAssertEqual(status.status, 0, status.stderr)
        let second = try export([])
        XCTAssertEqual(first, second, "two exports of the same events on the same day differ")
        XCTAssertEqual(try export([], format: "json"), try export([], format: "json"))
        // Two units' names on the same journal's exports, made at different moments: `merge` knows
        // them for one journal by the head (which the anchor between them no longer moves).
        let a = folder.appendingPathComponent("a.json").path, b = folder.appendingPathComponent("b.json").path
        XCTAssertEqual(try Uppfolj.run(["export", journal, "--period", "2025", "--unit", "A", "--out", a]).status, 0)
        XCTAssertEqual(try Uppfolj.run(["export", journal, "--period", "2025", "--unit", "B", "--out", b]).status, 0)
        let merged = try Uppfolj.run(["merge", a, b, "--out", folder.appendingPathComponent("ab.json").path])
        XCTAssertNotEqual(merged.status, 0, "the same journal merged twice")
        XCTAssertTrue(merged.stderr.contains("samma journal"), merged.stderr)
        let text = String(decoding: first, as: UTF8.self)
        XCTAssertTrue(text.contains("Uppgifter per \(Self.today)"), text)
        XCTAssertTrue(text.contains("uppfolj-indicators-csv 3"), text)
    }

    func testAnExportAsOfADayLeavesOutWhatWasRecordedLater() throws {
        let asOf = ["--as-of", "2026-01-31"]
        let before = try export(asOf, format: "json")
        let beforeCSV = try export(asOf)

        // A case registered late: its intake is in 2025, recorded today.
        let log = try Uppfolj.run(["log", journal, "--json"])
        XCTAssertEqual(log.status, 0, log.stderr)
        let intake = try XCTUnwrap(log.stdout.split(separator: "\n").first { $0.contains("\"type\":\"intake\"") && $0.contains("\"date\":\"2025-") })
        var event = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(intake.utf8)) as? [String: Any])
        event["case"] = "U2025-0990"
        event["id"] = "0f0e0d0c0b0a09080706050403020100"
        event["date"] = "2025-06-02"
        event["recordedAt"] = Self.nowISO
        let line = try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])
        let events = folder.appendingPathComponent("late.jsonl")
        try (line + Data("\n".utf8)).write(to: events)
        let imported = try Uppfolj.run(["import", events.path, "--journal", journal])
        XCTAssertEqual(imported.status, 0, imported.stderr + imported.stdout)

        XCTAssertEqual(try export(asOf, format: "json"), before, "the late event changed an export as of an earlier day")
        XCTAssertEqual(try export(asOf), beforeCSV)
        XCTAssertTrue(String(decoding: beforeCSV, as: UTF8.self).contains("Uppgifter per 2026-01-31"))
        // Today's figures include it, and say so by their head.
        let now = try export([], format: "json")
        XCTAssertNotEqual(try headHash(now), try headHash(before))
    }

    func testAnAsOfDayThatCannotBeUsedIsRefused() throws {
        for day in ["2999-01-01", "2026-13-01", "igår"] {
            let out = folder.appendingPathComponent("x.csv").path
            let result = try Uppfolj.run(["export", journal, "--period", "2025", "--as-of", day, "--out", out])
            XCTAssertNotEqual(result.status, 0, day)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), day)
        }
        let html = folder.appendingPathComponent("r.html").path
        let report = try Uppfolj.run(["report", journal, "--period", "2025", "--as-of", "2026-02-01", "--out", html])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertTrue(try String(contentsOfFile: html, encoding: .utf8).contains("2026-02-01"))
    }

    /// `--out` naming a FIFO (or a device such as /dev/null) writes through it: the atomic write
    /// used for files renamed a temporary file over the path, which replaced /dev/null with an
    /// ordinary file when run as root. (A FIFO here, so a regression cannot harm the machine.)
    func testAnExportToAFIFOWritesThroughItAndLeavesItAFIFO() throws {
        let fifo = folder.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let received = ReceivedBytes()
        let reader = Thread {
            received.data = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: fifo)).readToEnd()) ?? Data()
            received.done.signal()
        }
        reader.start()
        let result = try Uppfolj.run(["export", journal, "--period", "2025", "--format", "json", "--out", fifo])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(received.done.wait(timeout: .now() + 30), .success)
        var info = stat()
        XCTAssertEqual(stat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced by a file")
        let object = try JSONSerialization.jsonObject(with: received.data) as? [String: Any]
        XCTAssertNotNil(object?["metadata"], "the export did not come through the FIFO")
    }

    private final class ReceivedBytes: @unchecked Sendable {
        // Written by the reader thread before `done` is signalled, read after the wait.
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }

    private static var today: String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = .current
        return formatter.string(from: Date())
    }

    private static var nowISO: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}
