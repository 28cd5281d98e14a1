import Foundation
import UppfoljCore
import UppfoljReports
import UppfoljStore
import XCTest

/// A journal written by release 0.4.0 (event schema 1: `Fixtures/v1/journal`, a copy of the sample
/// of 300 synthetic cases, `uppfolj sample --cases 300 --seed 1 --until 2026-11-23`, locked with the
/// demo passphrase) must open, replay and report exactly as it did when it was written, in every
/// later version of the program: the journal is append-only, so years of data stay in old schemas.
///
/// Two golden files pin what it gives:
/// - `expected-log.jsonl`: every event as `uppfolj log --json` prints it (the interchange form);
/// - `expected-figures.json`: the raw (unsuppressed) cells of every built-in indicator for the
///   years 2023–2025 and the quarters of 2025, as of 2026-11-23. Raw cells, not an export: the
///   disclosure control is meant to change (a method has its own version), the figures of the
///   recorded variables are not.
///
/// `expected-figures.json` follows the built-in catalogue. When the catalogue grows (catalogue
/// 2026.2, issue 15: Kolada's and SU-Kvinnofrid's figures, new outcome figures, new breakdowns), the
/// file is regenerated, and `expected-figures-2026.1.json` keeps what catalogue 2026.1 gave: every
/// one of those cells must still be the same (`testTheFiguresOfCatalogue2026_1AreKept`), except the
/// cells issue 15 redefined on purpose, named there with the rule they must now follow.
///
/// A failure means the reading of old events changed. If that is intended (a new mapping of an old
/// value, documented in docs/event-schema.md), regenerate with `UPDATE_GOLDEN=1 swift test --filter
/// GoldenV1JournalTests` and say why in the commit; otherwise it is a bug.
final class GoldenV1JournalTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/v1")
    static let asOf = Day(iso: "2026-11-23")!
    static let periods = ["2023", "2024", "2025", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]

    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("golden-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        for name in ["journal", "journal.key"] {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: target)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func openFixture() throws -> CaseStore {
        try CaseStore.open(path: folder.appendingPathComponent("journal").path, catalogue: InstrumentCatalogue.builtIn(),
                           readOnly: true, passphrase: { _ in Passphrase.demo })
    }

    func testTheV1JournalIsSchemaOne() throws {
        let store = try openFixture()
        let events = try store.allEvents()
        XCTAssertEqual(events.count, 3_246)
        XCTAssertEqual(Set(events.map(\.schemaVersion)), [1], "the fixture must stay a journal of schema-1 events")
    }

    func testTheV1JournalReadsAsTheEventsItWasWrittenWith() throws {
        let store = try openFixture()
        let lines = try store.allEvents().map { try EventJSON.line($0) + "\n" }.joined()
        try compareOrUpdate(Data(lines.utf8), golden: "expected-log.jsonl")
    }

    func testTheV1JournalGivesTheFiguresItGaveWhenItWasWritten() throws {
        let store = try openFixture()
        let rollup = IndicatorRollup(projection: store.projection)
        let facts = rollup.allFacts
        let builder = ReportBuilder(instruments: store.projection.catalogue, control: try DisclosureControl(minimumCellSize: 5))
        var figures: [String: [String: [String: Int]]] = [:]
        for text in Self.periods {
            let period = try XCTUnwrap(ReportPeriod(text))
            var perIndicator: [String: [String: Int]] = [:]
            for indicator in IndicatorCatalogue.builtIn.indicators {
                perIndicator[indicator.id] = builder.rawCells(indicator.id, facts: facts, period: period, asOf: Self.asOf)
            }
            figures[text] = perIndicator
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(figures)
        data.append(contentsOf: Array("\n".utf8))
        // The figures are not trivially empty: the sample opens cases in every year.
        XCTAssertGreaterThan(figures["2025"]?["opened"]?.values.max() ?? 0, 50)
        try compareOrUpdate(data, golden: "expected-figures.json")
    }

    /// Catalogue 2026.1's figures of this journal are kept, cell for cell. The one exception is
    /// indicator 8 (`t3-in-time`): since issue 15 a T3 that did not reach the client is not "in
    /// time", early or late (category `notReached`), so those and its outcome cells changed; its population,
    /// breakdown and trend totals and its `missing` cells did not, and every T3 that was in
    /// window, early or late before is now in window, early, late or not reached.
    func testTheFiguresOfCatalogue2026_1AreKept() throws {
        let old = try JSONDecoder().decode([String: [String: [String: Int]]].self,
                                           from: Data(contentsOf: Self.fixtures.appendingPathComponent("expected-figures-2026.1.json")))
        let store = try openFixture()
        let facts = IndicatorRollup(projection: store.projection).allFacts
        let builder = ReportBuilder(instruments: store.projection.catalogue, control: try DisclosureControl(minimumCellSize: 5))
        var compared = 0
        for (text, indicators) in old {
            let period = try XCTUnwrap(ReportPeriod(text))
            for (id, cells) in indicators {
                XCTAssertNotNil(IndicatorCatalogue.builtIn.indicator(id), "\(id) left the catalogue")
                let now = builder.rawCells(id, facts: facts, period: period, asOf: Self.asOf)
                for (key, value) in cells {
                    if id == "t3-in-time", ["outcome=", "category=inWindow", "category=early", "category=late"].contains(where: key.hasPrefix) {
                        continue
                    }
                    XCTAssertEqual(now[key], value, "\(text) \(id) \(key)")
                    compared += 1
                }
                if id == "t3-in-time" {
                    func done(_ cells: [String: Int], _ categories: [String]) -> Int {
                        categories.map { cells["category=" + $0] ?? 0 }.reduce(0, +)
                    }
                    XCTAssertEqual(done(now, ["inWindow", "early", "late", "notReached"]), done(cells, ["inWindow", "early", "late"]), text)
                    XCTAssertEqual(now["outcome=yes"], now["category=inWindow"], text)
                    XCTAssertLessThanOrEqual(now["category=inWindow"] ?? 0, cells["category=inWindow"] ?? 0, text)
                }
            }
        }
        XCTAssertGreaterThan(compared, 4_000, "the 2026.1 file holds the old figures")
    }

    private func compareOrUpdate(_ actual: Data, golden name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url)
            return
        }
        let expected = try Data(contentsOf: url)
        guard expected != actual else { return }
        let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        XCTFail("""
            \(name) changed at line \(first + 1) (expected \(e.count) lines, got \(a.count)):
              expected: \(first < e.count ? String(e[first].prefix(300)) : "<end>")
              actual:   \(first < a.count ? String(a[first].prefix(300)) : "<end>")
            A v1 journal must read as before; see the comment on GoldenV1JournalTests.
            """, file: file, line: line)
    }
}
