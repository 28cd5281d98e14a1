import TerminalKit
import XCTest

final class TableTests: XCTestCase {
    let columns = [
        TableColumn("Text", width: .length(8)),
        TableColumn("Ort", width: .fill()),
        TableColumn("Dagar", width: .length(5), alignment: .right),
    ]

    func testHeaderRowsAlignmentAndUnicode() {
        let table = Table(columns: columns, rows: [
            TableRow(["Åtta Över", "Malmö", "3"]),
            TableRow(["漢字", "Lund", "12"]),
            TableRow.warning(["Ett", "Göteborg 漢", "140"]),
        ], emptyText: "Inga ärenden")
        let buffer = draw(table, width: 24, height: 5)
        assertLines(buffer, [
            "  Text     Ort     Dagar",
            "  Åtta Öv… Malmö       3",
            "  漢字     Lund       12",
            " !Ett      Götebo…   140",
            "",
        ])
        assertStyles(buffer, [
            "HHHHHHHHHHHHHHHHHHHHHHHH",
            "",
            "",
            "WWWWWWWWWWWWWWWWWWWWWWWW",
            "",
        ])
        // The second column starts at display column 11 on every row, whatever came before.
        XCTAssertEqual((0..<4).map { buffer[11, $0].symbol }, ["O", "M", "L", "G"])
        XCTAssertEqual((0..<4).map { buffer[23, $0].symbol }, ["r", "3", "2", "0"])
    }

    func testWideCharacterCutAtColumnEdgeKeepsColumnsAligned() {
        let table = Table(columns: [TableColumn("A", width: .length(3)), TableColumn("B", width: .length(2))],
                          rows: [TableRow(["漢字", "x"]), TableRow(["abc", "y"])], emptyText: "")
        assertLines(draw(table, width: 8, height: 3), [
            "  A   B",
            "  漢… x",
            "  abc y",
        ])
        let narrow = Table(columns: [TableColumn("A", width: .length(3)), TableColumn("B", width: .length(2))],
                           rows: [TableRow(["a漢字", "x"])], emptyText: "")
        let buffer = draw(narrow, width: 8, height: 2)
        XCTAssertEqual(buffer.lines()[1], "  a…  x") // 漢 did not fit: a space keeps "x" in place
    }

    func testSelectionHighlightAndPointer() {
        let table = Table(columns: columns, rows: [TableRow(["A", "x", "1"]), TableRow.warning(["B", "y", "2"])],
                          emptyText: "")
        var state = TableState(selected: 1)
        var buffer = Buffer(width: 20, height: 3)
        table.render(into: &buffer, area: buffer.area, state: &state)
        assertLines(buffer, [
            "  Text     Ort Dagar",
            "  A        x       1",
            ">!B        y       2",
        ])
        assertStyles(buffer, ["HHHHHHHHHHHHHHHHHHHH", "", "SSSSSSSSSSSSSSSSSSSS"])
    }

    func testEmptyState() {
        let table = Table(columns: columns, rows: [], emptyText: "Inga ärenden att följa upp")
        var state = TableState(selected: 3, offset: 2)
        var buffer = Buffer(width: 20, height: 3)
        table.render(into: &buffer, area: buffer.area, state: &state)
        assertLines(buffer, ["  Text     Ort Dagar", "  Inga ärenden att…", ""])
        assertStyles(buffer, ["HHHHHHHHHHHHHHHHHHHH", "..MMMMMMMMMMMMMMMMM", ""])
        XCTAssertEqual(state, TableState(selected: nil, offset: 0))
    }

    func testSelectionStaysVisibleWhileScrolling() {
        let rows = (1...10).map { TableRow(["Rad \($0)"]) }
        let table = Table(columns: [TableColumn("Text", width: .fill())], rows: rows, emptyText: "")
        var state = TableState(selected: 0)
        func frame() -> [String] {
            var buffer = Buffer(width: 10, height: 4) // header + 3 rows
            table.render(into: &buffer, area: buffer.area, state: &state)
            return buffer.lines()
        }
        XCTAssertEqual(frame(), ["  Text", "> Rad 1", "  Rad 2", "  Rad 3"])
        state.selectNext(rowCount: 10)
        state.selectNext(rowCount: 10)
        state.selectNext(rowCount: 10)
        XCTAssertEqual(frame(), ["  Text", "  Rad 2", "  Rad 3", "> Rad 4"])
        XCTAssertEqual(state.offset, 1)
        state.selectPrevious(rowCount: 10) // moving up inside the view does not scroll
        XCTAssertEqual(frame(), ["  Text", "  Rad 2", "> Rad 3", "  Rad 4"])
        state.selectLast(rowCount: 10)
        XCTAssertEqual(frame(), ["  Text", "  Rad 8", "  Rad 9", "> Rad 10"])
        state.pageUp(rowCount: 10, pageSize: 3)
        XCTAssertEqual(frame(), ["  Text", "> Rad 7", "  Rad 8", "  Rad 9"])
        state.selectFirst(rowCount: 10)
        XCTAssertEqual(frame(), ["  Text", "> Rad 1", "  Rad 2", "  Rad 3"])
    }

    func testOffsetIsPulledBackWhenRowsShrink() {
        let table = Table(columns: [TableColumn("N", width: .fill())], rows: [TableRow(["a"]), TableRow(["b"])], emptyText: "")
        var state = TableState(selected: 1, offset: 5)
        var buffer = Buffer(width: 6, height: 4)
        table.render(into: &buffer, area: buffer.area, state: &state)
        XCTAssertEqual(state.offset, 0)
        assertLines(buffer, ["  N", "  a", "> b", ""])
    }

    func testRenderStaysInsideItsArea() {
        let table = Table(columns: columns, rows: [TableRow(["Åtta Över Lång", "Malmö", "3"])], emptyText: "")
        var buffer = Buffer(width: 30, height: 4, fill: Cell(symbol: "#", width: 1, style: .normal))
        table.render(into: &buffer, area: Rect(x: 2, y: 1, width: 20, height: 2))
        assertLines(buffer, [
            "##############################",
            "##  Text     Ort Dagar########",
            "##  Åtta Öv… Ma…     3########",
            "##############################",
        ])
    }
}
