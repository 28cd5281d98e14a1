import Foundation
import XCTest

/// Issue 14 items 2 and 4 through the real `uppfolj`: k is the unit's policy (a settings event in
/// the journal), and only grid periods (quarters, years) are exported.
final class ReleasePolicyEndToEndTests: XCTestCase {
    nonisolated(unsafe) static var folder: URL!
    nonisolated(unsafe) static var journal: String!

    override class func setUp() {
        super.setUp()
        do {
            folder = try Uppfolj.temporaryFolder()
            let out = folder.appendingPathComponent("s")
            let sample = try Uppfolj.run(["sample", "--cases", "40", "--seed", "3", "--until", "2025-12-31", "--out", out.path])
            precondition(sample.status == 0, sample.stderr)
            journal = out.appendingPathComponent("journal").path
        } catch {
            fatalError("setup failed: \(error)")
        }
    }

    override class func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    private func export(_ arguments: [String]) throws -> (status: Int32, stderr: String, metadata: [String: Any]?) {
        let out = Self.folder.appendingPathComponent("e-\(UUID().uuidString).json").path
        let result = try Uppfolj.run(["export", Self.journal, "--format", "json", "--out", out] + arguments)
        guard result.status == 0 else {
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "refused but wrote \(out)")
            return (result.status, result.stderr, nil)
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        return (result.status, result.stderr, json["metadata"] as? [String: Any])
    }

    func testOnlyQuartersAndYearsAreExported() throws {
        for period in ["2025-03", "2025Q1..2025Q2", "2024-07..2025-06", "2025-02..2025-04"] {
            let result = try export(["--period", period])
            XCTAssertEqual(result.status, 1, "\(period): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("rutnät") && result.stderr.contains("2025Q1"), result.stderr)
        }
        for (asked, read) in [("2025Q3", "2025Q3"), ("2025", "2025"), ("2025Q1..2025Q4", "2025"), ("2025-04..2025-06", "2025Q2")] {
            let result = try export(["--period", asked])
            XCTAssertEqual(result.status, 0, "\(asked): \(result.stderr)")
            XCTAssertEqual(result.metadata?["period"] as? String, read)
        }
        let english = try Uppfolj.run(["export", Self.journal, "--period", "2025-03", "--lang", "en", "--out", "-"])
        XCTAssertEqual(english.status, 1)
        XCTAssertTrue(english.stderr.contains("not on the export grid"), english.stderr)
    }

    /// Item 5: the command says how many count figures it hid, and the figure agrees with the file.
    func testTheExportSaysHowManyCountsItHid() throws {
        let out = Self.folder.appendingPathComponent("tally.json").path
        let result = try Uppfolj.run(["export", Self.journal, "--period", "2025Q2", "--format", "json", "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        var figures = 0, hidden = 0
        func tally(_ row: [String: Any]) {
            for name in ["count", "numerator", "denominator"] {
                guard let figure = row[name] as? [String: Any] else { continue }
                figures += 1
                if figure["suppressed"] as? Bool == true { hidden += 1 }
            }
        }
        for indicator in json["indicators"] as! [[String: Any]] {
            tally(indicator["headline"] as! [String: Any])
            if let previous = indicator["previousHeadline"] as? [String: Any] { tally(previous) }
            for table in indicator["tables"] as! [[String: Any]] { (table["rows"] as! [[String: Any]]).forEach(tally) }
        }
        XCTAssertGreaterThan(hidden, 0, "a 40-case journal's quarter has small counts")
        XCTAssertTrue(result.stderr.contains("dolda antal: \(hidden) av \(figures) ("), result.stderr)
    }

    func testKIsTheUnitsPolicyAndAnotherKNeedsTheOverride() throws {
        // No settings yet: the default 5.
        XCTAssertEqual(try export(["--period", "2025"]).metadata?["minimumCellSize"] as? Int, 5)
        let settings = try Uppfolj.run(["settings", "--journal", Self.journal, "--min-cell", "7"])
        XCTAssertEqual(settings.status, 0, settings.stderr)
        XCTAssertEqual(try export(["--period", "2025"]).metadata?["minimumCellSize"] as? Int, 7)
        XCTAssertEqual(try export(["--period", "2025", "--min-cell", "7"]).metadata?["minimumCellSize"] as? Int, 7)
        for k in ["5", "3", "9"] {
            let refused = try export(["--period", "2025", "--min-cell", k])
            XCTAssertEqual(refused.status, 1, "k = \(k): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("policy k = 7"), refused.stderr)
        }
        let overridden = try export(["--period", "2025", "--min-cell", "5", "--override-policy"])
        XCTAssertEqual(overridden.status, 0, overridden.stderr)
        XCTAssertEqual(overridden.metadata?["minimumCellSize"] as? Int, 5)
        // The override is in the access log with the k it used.
        let audit = try Uppfolj.run(["audit", Self.journal, "--json"])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        let exports = audit.stdout.split(separator: "\n").filter { $0.contains(#""action":"export""#) }
        XCTAssertTrue(exports.last?.contains(#""minimumCellSize":5"#) ?? false, audit.stdout)
        XCTAssertTrue(exports.last?.contains(#""policyOverride":true"#) ?? false, audit.stdout)
        // Back to the default policy for the other test.
        XCTAssertEqual(try Uppfolj.run(["settings", "--journal", Self.journal, "--min-cell", "5"]).status, 0)
    }
}
