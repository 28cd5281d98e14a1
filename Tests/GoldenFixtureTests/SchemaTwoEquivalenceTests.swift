import Foundation
import UppfoljCore
import UppfoljReports
import UppfoljStore
import XCTest

/// The events of the v1 golden journal, written again as schema 2 events (the same facts in the
/// new model: what `EventSchema` reads them as), give the same figures as the v1 journal itself:
/// the mapping neither loses nor invents anything the figures use.
final class SchemaTwoEquivalenceTests: XCTestCase {
    func testTheSameEventsWrittenAsSchemaTwoGiveTheSameFigures() throws {
        let fixtures = GoldenV1JournalTests.fixtures
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("golden-v2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["journal", "journal.key"] {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: target)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        }
        let store = try CaseStore.open(path: folder.appendingPathComponent("journal").path, catalogue: InstrumentCatalogue.builtIn(),
                                       readOnly: true, passphrase: { _ in Passphrase.demo })
        let v1Events = try store.allEvents()
        let v2Events = v1Events.map { event -> Event in
            var copy = event
            copy.schemaVersion = 2
            return copy
        }
        XCTAssertTrue(v2Events.contains { if case .closure(let c) = $0.body { c.reason == .planned } else { false } })
        // Through the binary journal codec, as a journal written today would hold them.
        let reread = try v2Events.map { try EventBinaryCodec.decode(EventBinaryCodec.encode($0)) }
        XCTAssertEqual(reread, v2Events)

        let catalogue = store.projection.catalogue
        let v2Projection = Projection(catalogue: catalogue, events: reread)
        let builder = ReportBuilder(instruments: catalogue, control: try DisclosureControl(minimumCellSize: 5))
        let v1Facts = IndicatorRollup(projection: store.projection).allFacts
        let v2Facts = IndicatorRollup(projection: v2Projection).allFacts
        XCTAssertEqual(v1Facts.count, v2Facts.count)
        for text in GoldenV1JournalTests.periods {
            let period = try XCTUnwrap(ReportPeriod(text))
            for indicator in IndicatorCatalogue.builtIn.indicators {
                XCTAssertEqual(builder.rawCells(indicator.id, facts: v2Facts, period: period, asOf: GoldenV1JournalTests.asOf),
                               builder.rawCells(indicator.id, facts: v1Facts, period: period, asOf: GoldenV1JournalTests.asOf),
                               "\(indicator.id) \(text)")
            }
        }
    }
}
