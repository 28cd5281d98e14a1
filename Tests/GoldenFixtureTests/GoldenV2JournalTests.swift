import Foundation
import UppfoljCore
import UppfoljReports
import UppfoljStore
import XCTest

/// A journal written before event schema 3 (issue 17: reopening, återaktualisering): every event of
/// schema 2. `Fixtures/v2/journal` was written by the program as it was on main at 0088b0d
/// (`uppfolj sample --cases 40 --seed 7 --until 2026-11-23`, demo passphrase), and
/// `expected-log.jsonl` is what that program's `uppfolj log --json` printed for it. A schema-3
/// program must open it, print every event exactly as then, and append schema-3 events after it.
///
/// No update mode: the expected log was printed by the older program, so a difference is a change
/// in how schema-2 events read, which docs/event-schema.md says must not happen.
final class GoldenV2JournalTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/v2")

    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("golden-v2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        for name in ["journal", "journal.key", "journal.access"] {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: target)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func open(readOnly: Bool) throws -> CaseStore {
        try CaseStore.open(path: folder.appendingPathComponent("journal").path, catalogue: InstrumentCatalogue.builtIn(),
                           readOnly: readOnly, passphrase: { _ in Passphrase.demo }, worker: "hl01")
    }

    private func expectedLines() throws -> [String] {
        try String(contentsOf: Self.fixtures.appendingPathComponent("expected-log.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    func testTheV2JournalIsSchemaTwoAndThisProgramWritesSchemaThree() throws {
        let events = try open(readOnly: true).allEvents()
        XCTAssertEqual(events.count, 416)
        XCTAssertEqual(Set(events.map(\.schemaVersion)), [2], "the fixture must stay a journal of schema-2 events")
        XCTAssertEqual(Event.currentSchemaVersion, 3)
    }

    func testTheV2JournalReadsAsTheOlderProgramPrintedIt() throws {
        let store = try open(readOnly: true)
        let lines = try store.allEvents().map { try EventJSON.line($0) }
        XCTAssertEqual(lines, try expectedLines())
        // Nothing in it is a reopening: every case has the one episode it had.
        XCTAssertTrue(store.projection.activeCases.allSatisfy { $0.episodes.count == 1 && $0.earlierEpisodes.isEmpty })
        XCTAssertEqual(IndicatorRollup(projection: store.projection).caseCount, store.projection.activeCases.count)
    }

    /// A reopening (schema 3) appended to the old journal: the old events still read as before, the
    /// case has two episodes, and the journal opens again with both versions in it.
    func testAReopeningAppendsAfterTheSchemaTwoEvents() throws {
        var closed: CaseState!
        var reopening: Event!
        do {
            // The writer's handle is released at the end of this block (the store closes on deinit).
            let store = try open(readOnly: false)
            closed = try XCTUnwrap(store.projection.activeCases.first { $0.status == .closed && $0.closure!.date < Day(iso: "2026-10-01")! })
            var intake = Intake(role: try XCTUnwrap(closed.role))
            intake.sex = closed.intake?.sex ?? .unknown
            reopening = Event(caseCode: closed.code, effectiveDate: try XCTUnwrap(closed.closure?.date).adding(days: 30),
                              worker: "hl01", body: .reopening(Reopening(reason: .newViolence, intake: intake)))
            XCTAssertEqual(try store.record(reopening, today: Day(iso: "2026-11-23")!), [])
        }
        let closureDate = try XCTUnwrap(closed.closure?.date)

        let reopened = try open(readOnly: true)
        let events = try reopened.allEvents()
        XCTAssertEqual(try events.dropLast().map { try EventJSON.line($0) }, try expectedLines())
        XCTAssertEqual(events.last?.schemaVersion, 3)
        XCTAssertEqual(events.last?.body, reopening.body)
        let state = try XCTUnwrap(reopened.projection[closed.code])
        XCTAssertEqual(state.status, .open)
        XCTAssertEqual(state.episodes.map(\.start), [closed.intakeDate!, closureDate.adding(days: 30)])
    }
}
