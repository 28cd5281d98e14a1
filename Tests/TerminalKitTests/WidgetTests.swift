import TerminalKit
import XCTest

final class TimelineTests: XCTestCase {
    let entries = [
        TimelineEntry(date: "2024-03-01", text: "Första samtal med klienten"),
        TimelineEntry(date: "2024-03-15", text: "FREDA-bedömning", isSuperseded: true, tag: "[rättad]"),
        TimelineEntry(date: "2024-04-02", text: "Hög risk", role: .warning),
    ]

    func testEntriesWrapUnderTheirTextWithMarkers() {
        let buffer = draw(Timeline(entries: entries, emptyText: "Inga händelser"), width: 30, height: 6)
        assertLines(buffer, [
            "2024-03-01 ● Första samtal med",
            "           │ klienten",
            "2024-03-15 ○ FREDA-bedömning",
            "           │ [rättad]",
            "2024-04-02 ● Hög risk",
            "",
        ])
        assertStyles(buffer, [
            "", "",
            "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMM",
            "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMM",
            "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
            "",
        ])
    }

    func testSelectionScrollsEntryIntoView() {
        var state = TableState(selected: 2)
        var buffer = Buffer(width: 30, height: 3)
        Timeline(entries: entries, emptyText: "").render(into: &buffer, area: buffer.area, state: &state)
        XCTAssertEqual(state.offset, 1)
        XCTAssertEqual(buffer.lines(), ["2024-03-15 ○ FREDA-bedömning", "           │ [rättad]", "2024-04-02 ● Hög risk"])
        XCTAssertEqual(buffer.styleLines()[2], String(repeating: "S", count: 30))
    }

    func testEmptyTimelineAndASCIIGlyphs() {
        assertLines(draw(Timeline(entries: [], emptyText: "Inga händelser"), width: 20, height: 1), ["Inga händelser"])
        let ascii = draw(Timeline(entries: Array(entries.prefix(2)), emptyText: "", glyphs: .ascii), width: 40, height: 2)
        assertLines(ascii, ["2024-03-01 * Första samtal med klienten", "2024-03-15 o FREDA-bedömning [rättad]"])
    }
}

final class OverlayTests: XCTestCase {
    func testDialogIsCentredWithButtons() {
        var buffer = Buffer(width: 30, height: 8, fill: Cell(symbol: "·", width: 1, style: .normal))
        Dialog(title: "Kasta ändringar?", message: "Formuläret har osparade ändringar.", buttons: ["Ja", "Nej"],
               selectedButton: 1, maxWidth: 26).render(into: &buffer, area: buffer.area)
        assertLines(buffer, [
            "······························",
            "··┌ Kasta ändringar? ──────┐··",
            "··│ Formuläret har         │··",
            "··│ osparade ändringar.    │··",
            "··│                        │··",
            "··│    [ Ja ]  < Nej >     │··",
            "··└────────────────────────┘··",
            "······························",
        ])
        XCTAssertEqual(buffer.styleLines()[5], "...............FFFFFFF")
        XCTAssertEqual(buffer.styleLines()[1], "...TTTTTTTTTTTTTTTTTT")
    }

    func testDialogWithASCIIBorders() {
        let buffer = draw(Dialog(title: "?", message: "Spara?", buttons: ["Ja"], glyphs: .ascii), width: 14, height: 6)
        assertLines(buffer, [
            "  + ? -----+",
            "  | Spara? |",
            "  |        |",
            "  | < Ja > |",
            "  +--------+",
            "",
        ])
    }

    func testHelpOverlayFromRows() {
        let rows = [HelpRow.section("Ärendelista"), HelpRow(keys: "↓, j", description: "Nästa"), HelpRow(keys: "Enter", description: "Öppna ärende")]
        var buffer = Buffer(width: 30, height: 8)
        HelpOverlay(title: "Hjälp", rows: rows, footer: "Esc: stäng").render(into: &buffer, area: buffer.area)
        assertLines(buffer, [
            "   ┌ Hjälp ──────────────┐",
            "   │ Ärendelista         │",
            "   │ ↓, j   Nästa        │",
            "   │ Enter  Öppna ärende │",
            "   │                     │",
            "   │ Esc: stäng          │",
            "   └─────────────────────┘",
            "",
        ])
        XCTAssertEqual(buffer.styleLines()[1], ".....HHHHHHHHHHH")
        XCTAssertEqual(buffer.styleLines()[5], ".....MMMMMMMMMM")
    }

    func testHelpOverlayScrollsWhenTooTall() {
        let rows = (1...10).map { HelpRow(keys: "k\($0)", description: "d\($0)") }
        let buffer = draw(HelpOverlay(title: "H", rows: rows, offset: 8), width: 14, height: 5)
        assertLines(buffer, [
            " ┌ H ───────┐",
            " │ k8   d8  │",
            " │ k9   d9  │",
            " │ k10  d10 │",
            " └──────────┘",
        ])
    }
}

final class BarWidgetTests: XCTestCase {
    func testStatusLineLayoutAndFlaggedMessage() {
        let status = StatusLine(left: "Enhet Syd", right: "? hjälp", message: StatusMessage("Kunde inte spara", role: .error))
        let buffer = draw(status, width: 40, height: 1)
        assertLines(buffer, ["Enhet Syd  ! Kunde inte spara    ? hjälp"])
        assertStyles(buffer, ["...........EEEEEEEEEEEEEEEEEE"])
        let narrow = draw(status, width: 24, height: 1)
        assertLines(narrow, ["Enhet Syd  ! Ku… ? hjälp"]) // right text kept whole, message cut
    }

    func testSuccessMessageHasNoFlag() {
        let buffer = draw(StatusLine(message: StatusMessage("Sparat", role: .success)), width: 10, height: 1)
        assertLines(buffer, ["Sparat"])
        assertStyles(buffer, ["GGGGGG"])
    }

    func testTitleBarAndTabs() {
        assertLines(draw(TitleBar(title: "Uppfölj", right: "Åar"), width: 20, height: 1), [" Uppfölj        Åar"])
        assertStyles(draw(TitleBar(title: "Uppfölj", right: "Åar"), width: 20, height: 1), [String(repeating: "T", count: 20)])
        let tabs = draw(Tabs(titles: ["Översikt", "Ärenden", "漢字"], selected: 1), width: 30, height: 1)
        assertLines(tabs, [" Översikt │ Ärenden │ 漢字"])
        assertStyles(tabs, ["..........MSSSSSSSSSM"])
    }

    func testBarChartScalesWithEighthsAndSuppression() {
        let chart = BarChart(items: [
            BarChartItem(label: "Malmö", value: 16, valueText: "16"),
            BarChartItem(label: "Lund", value: 5, valueText: "5"),
            BarChartItem.suppressed(label: "Ystad"),
            BarChartItem(label: "Åhus", value: 0, valueText: "0"),
        ])
        let buffer = draw(chart, width: 18, height: 4)
        assertLines(buffer, [
            "Malmö █████████ 16",
            "Lund  ██▉        5",
            "Ystad           ..",
            "Åhus             0",
        ])
        // Bars are 9 cells: 5/16 of 72 eighths = 22.5 → 23 eighths = 2 full cells + 7/8.
        assertStyles(buffer, ["......CCCCCCCCC", "......CCC", "................MM", ""])
    }

    func testBarPieces() {
        let chart = BarChart(items: [])
        XCTAssertEqual(chart.bar(for: 1, scale: 8, width: 1), "▏")
        XCTAssertEqual(chart.bar(for: 8, scale: 8, width: 1), "█")
        XCTAssertEqual(chart.bar(for: 1, scale: 64, width: 8), "▏")
        XCTAssertEqual(chart.bar(for: 7, scale: 64, width: 8), "▉")
        XCTAssertEqual(chart.bar(for: 9, scale: 64, width: 8), "█▏")
        XCTAssertEqual(chart.bar(for: 100, scale: 10, width: 3), "███") // clamped
        XCTAssertEqual(chart.bar(for: -1, scale: 10, width: 3), "")
        XCTAssertEqual(BarChart(items: [], glyphs: .ascii).bar(for: 5, scale: 16, width: 4), "#") // 1 2/8 cells
        XCTAssertEqual(BarChart(items: [], glyphs: .ascii).bar(for: 6, scale: 16, width: 4), "##") // 1 4/8 cells
    }

    func testBoxAndParagraph() {
        var buffer = Buffer(width: 12, height: 4)
        Box(title: "Ärende 漢字 lång").render(into: &buffer, area: buffer.area)
        Paragraph("Hej hopp i lingonskogen").render(into: &buffer, area: Box.inner(buffer.area))
        assertLines(buffer, [
            "┌ Ärende… ─┐",
            "│Hej hopp i│",
            "│lingonskog│",
            "└──────────┘",
        ])
        assertLines(draw(Box(glyphs: .ascii), width: 4, height: 3), ["+--+", "|  |", "+--+"])
        assertLines(draw(Paragraph("abc", alignment: .right), width: 5, height: 1), ["  abc"])
        assertLines(draw(Paragraph("abcdef\nx", wraps: false), width: 4, height: 2), ["abc…", "x"])
    }

    func testTooSmallFrame() {
        let minimum = MinimumSize(width: 80, height: 24)
        XCTAssertFalse(minimum.isSatisfied(by: Size(width: 60, height: 30)))
        XCTAssertTrue(minimum.isSatisfied(by: Size(width: 80, height: 24)))
        let buffer = minimum.tooSmallFrame(size: Size(width: 20, height: 5),
                                           message: "Fönstret är för litet (behöver \(minimum.text))")
        assertLines(buffer, ["", "  Fönstret är för", "   litet (behöver", "       80×24)", ""])
        XCTAssertEqual(minimum.tooSmallFrame(size: Size(width: 1, height: 1), message: "För litet").lines(), ["F"])
    }
}
