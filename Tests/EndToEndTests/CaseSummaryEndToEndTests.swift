import Foundation
import XCTest

/// Issue 17: `uppfolj case CODE --out f.md` writes that case's summary (its events, no other case's
/// code) and the access log has the entry.
final class CaseSummaryEndToEndTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Uppfolj.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Whether `code` occurs in `text` as a whole code (not as the start of a longer one).
    static func mentions(_ text: String, _ code: String) -> Bool {
        let escaped = NSRegularExpression.escapedPattern(for: code)
        return text.range(of: "(?<![A-Za-z0-9_-])\(escaped)(?![A-Za-z0-9_])", options: .regularExpression) != nil
    }

    func testCaseSummaryHoldsThatCaseOnlyAndIsLogged() throws {
        XCTAssertEqual(try Uppfolj.run(["sample", "--cases", "30", "--seed", "7", "--until", "2026-06-30", "--out", path("s")]).status, 0)
        let log = try Uppfolj.run(["log", path("s/journal"), "--json"])
        XCTAssertEqual(log.status, 0, log.stderr)
        let events = try log.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let codes = Set(events.compactMap { $0["case"] as? String }.filter { !$0.isEmpty })
        // The case with the most events.
        let counts = Dictionary(grouping: events.compactMap { $0["case"] as? String }, by: { $0 }).mapValues(\.count)
        let code = try XCTUnwrap(counts.max { $0.value < $1.value }?.key)
        let own = events.filter { $0["case"] as? String == code }
        XCTAssertGreaterThan(own.count, 3)

        let result = try Uppfolj.run(["case", code, path("s/journal"), "--out", path("f.md"), "--worker", "hl07"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = try String(contentsOfFile: path("f.md"), encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# Sammanfattning av ärende \(code)"), text)
        for event in own where event["type"] as? String != "correction" {
            XCTAssertTrue(text.contains(event["date"] as! String), "the \(event["type"]!) of \(event["date"]!)")
        }
        let timeline = text.components(separatedBy: "## Händelser").last ?? ""
        XCTAssertEqual(timeline.split(separator: "\n").filter { $0.hasPrefix("- ") }.count, own.count, "one line per event")
        for other in codes where other != code {
            XCTAssertFalse(Self.mentions(text, other), "the summary of \(code) names \(other)")
        }

        let audit = try Uppfolj.run(["audit", path("s/journal"), "--json"])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        let entries = try audit.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let entry = try XCTUnwrap(entries.last)
        XCTAssertEqual(entry["action"] as? String, "caseSummary")
        XCTAssertEqual(entry["caseCode"] as? String, code)
        XCTAssertEqual(entry["worker"] as? String, "hl07")
        XCTAssertEqual(entry["format"] as? String, "markdown")

        let missing = try Uppfolj.run(["case", "FINNS-INTE", path("s/journal"), "--out", path("g.md")])
        XCTAssertEqual(missing.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("g.md")))
    }
}
