import TerminalKit
import XCTest

/// Smoke checks that a 200×60 frame stays cheap. The bounds are loose (debug builds, shared CI);
/// the real budget is measured by the app's benchmark in release mode.
final class PerformanceTests: XCTestCase {
    static let rows = (0..<5000).map { i in
        i % 7 == 0
            ? TableRow.warning(["Ärende \(i)", "Åtta Över", "2024-03-\(i % 28 + 1)", "Malmö", "\(i % 90)"])
            : TableRow(["Ärende \(i)", "Bäck Ärende 漢字", "2024-04-\(i % 28 + 1)", "Lund", "\(i % 90)"])
    }

    func frame(selected: Int) -> Buffer {
        let rows = PerformanceTests.rows
        let table = Table(columns: [
            TableColumn("Ärende", width: .length(14)),
            TableColumn("Text", width: .fill()),
            TableColumn("Datum", width: .length(10)),
            TableColumn("Ort", width: .percentage(20)),
            TableColumn("Dagar", width: .length(5), alignment: .right),
        ], rows: rows, emptyText: "")
        var buffer = Buffer(width: 200, height: 60)
        let parts = buffer.area.splitVertically([.length(1), .fill(), .length(1)])
        TitleBar(title: "Uppfölj", right: "Enhet Syd").render(into: &buffer, area: parts[0])
        var state = TableState(selected: selected)
        table.render(into: &buffer, area: parts[1], state: &state)
        StatusLine(left: "5000 ärenden", right: "? hjälp").render(into: &buffer, area: parts[2])
        return buffer
    }

    func testFrameRenderAndDiffAreCheap() {
        _ = PerformanceTests.rows
        let old = frame(selected: 10)
        let clock = ContinuousClock()
        var new = old
        let renderTime = clock.measure { new = frame(selected: 11) }
        var runs: [CellRun] = []
        let diffTime = clock.measure {
            for _ in 0..<10 { runs = new.diff(from: old) }
        }
        XCTAssertEqual(runs.count, 2) // the two rows whose selection changed
        var patched = old
        patched.apply(runs)
        XCTAssertEqual(patched, new)
        let blank = Buffer(width: 200, height: 60)
        var fullRuns: [CellRun] = []
        let fullDiffTime = clock.measure { fullRuns = new.diff(from: blank) }
        XCTAssertFalse(fullRuns.isEmpty)
        print("200×60 render: \(renderTime), diff (few changes): \(diffTime / 10), diff (vs blank): \(fullDiffTime)")
        XCTAssertLessThan(diffTime / 10, .milliseconds(20))
        XCTAssertLessThan(renderTime, .milliseconds(200))
    }
}
