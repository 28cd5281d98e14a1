import TerminalKit
import TerminalKitTestSupport
import XCTest
@testable import TerminalBackend

final class DrawPlanTests: XCTestCase {
    /// What glibc's wcwidth says in a UTF-8 locale, for the characters used here.
    static func utf8Columns(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0..<0x20, 0x7F: return -1
        case 0x300...0x36F, 0x200D, 0xFE0F: return 0
        case 0x4E00...0x9FFF, 0x1F466...0x1F469: return 2
        default: return 1
        }
    }

    /// Under LANG=C every non-ASCII character is unprintable.
    static func cLocaleColumns(_ scalar: Unicode.Scalar) -> Int {
        scalar.isASCII && scalar.value >= 0x20 ? 1 : -1
    }

    private func plan(_ buffer: Buffer, from old: Buffer? = nil, screen: Size? = nil,
                      columnsOf: (Unicode.Scalar) -> Int = utf8Columns) -> [Glyph] {
        let runs = buffer.diff(from: old ?? Buffer(width: 0, height: 0))
        return DrawPlan.glyphs(for: runs, screen: screen ?? buffer.size, columnsOf: columnsOf)
    }

    private func texts(_ glyphs: [Glyph]) -> [String] { glyphs.map { "\($0.x),\($0.y):\($0.text)" } }

    func testNarrowTextIsOneGlyphPerCell() {
        let glyphs = plan(Buffer(lines: ["åäö"], width: 4))
        XCTAssertEqual(texts(glyphs), ["0,0:å", "1,0:ä", "2,0:ö", "3,0: "])
    }

    func testWideGraphemeIsDrawnOnceAndItsContinuationNever() {
        let glyphs = plan(Buffer(lines: ["a漢字b"]))
        XCTAssertEqual(texts(glyphs), ["0,0:a", "1,0:漢", "3,0:字", "5,0:b"])
    }

    func testCombiningMarksStayWithTheirBase() {
        let glyphs = plan(Buffer(lines: ["Ide\u{0308}!"]))
        XCTAssertEqual(glyphs.map(\.x), [0, 1, 2, 3])
        XCTAssertEqual(glyphs[2].scalars, ["e", "\u{0308}"])
    }

    func testClusterIsCappedAndStopsAtTheNextSpacingScalar() {
        let manyMarks = "a" + String(repeating: "\u{0301}", count: 7)
        XCTAssertEqual(DrawPlan.cluster(manyMarks, maxScalars: 5, columnsOf: Self.utf8Columns).count, 5)
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F466}"
        XCTAssertEqual(DrawPlan.cluster(family, maxScalars: 5, columnsOf: Self.utf8Columns), ["\u{1F468}"],
                       "one spacing character per cchar_t, no dangling joiner")
        XCTAssertEqual(DrawPlan.cluster("", maxScalars: 5, columnsOf: Self.utf8Columns), [" "])
    }

    func testOnlyChangedRunsAreDrawnWithTheirStyle() {
        let old = Buffer(lines: ["Hej då", "漢字 ok"])
        var new = old
        new.put(string: "Ö", at: Position(x: 4, y: 0), style: .error)
        new.put(string: "X", at: Position(x: 1, y: 1), style: .warning)   // breaks 漢 into a blank
        let glyphs = plan(new, from: old)
        XCTAssertEqual(texts(glyphs), ["4,0:Ö", "0,1: ", "1,1:X"])
        XCTAssertEqual(glyphs.map(\.style.role), [.error, .normal, .warning])
    }

    func testNothingChangedDrawsNothing() {
        let buffer = Buffer(lines: ["Åar 漢字"])
        XCTAssertEqual(plan(buffer, from: buffer), [])
    }

    func testCellsOutsideTheScreenAreSkipped() {
        let buffer = Buffer(lines: ["abcdef", "ghijkl", "mnopqr"])
        let glyphs = plan(buffer, screen: Size(width: 3, height: 2))
        XCTAssertEqual(texts(glyphs), ["0,0:a", "1,0:b", "2,0:c", "0,1:g", "1,1:h", "2,1:i"])
    }

    func testWideGraphemeInTheLastScreenColumnBecomesABlank() {
        let buffer = Buffer(lines: ["abc漢"])          // 漢 at columns 3-4
        XCTAssertEqual(texts(plan(buffer, screen: Size(width: 4, height: 1))), ["0,0:a", "1,0:b", "2,0:c", "3,0: "])
    }

    func testWideGraphemeTheLibraryThinksNarrowIsPadded() {
        let narrowEverything: (Unicode.Scalar) -> Int = { _ in 1 }
        let glyphs = plan(Buffer(lines: ["漢a"]), columnsOf: narrowEverything)
        XCTAssertEqual(texts(glyphs), ["0,0:漢", "1,0: ", "2,0:a"])
    }

    func testUnprintableInTheLocaleBecomesAQuestionMarkKeepingColumns() {
        let glyphs = plan(Buffer(lines: ["å漢b"]), columnsOf: Self.cLocaleColumns)
        XCTAssertEqual(texts(glyphs), ["0,0:?", "1,0:?", "2,0: ", "3,0:b"])
    }

    func testNarrowCellTheLibraryThinksWideBecomesAQuestionMark() {
        let wideEverything: (Unicode.Scalar) -> Int = { _ in 2 }
        XCTAssertEqual(texts(plan(Buffer(lines: ["a"]), columnsOf: wideEverything)), ["0,0:?"])
    }

    func testFullRedrawCoversEveryColumnOfEveryRow() {
        let buffer = Buffer(lines: ["漢字", "åäö!"])
        let glyphs = plan(buffer)
        XCTAssertEqual(glyphs.count, 2 + 4)
        // Drawing the glyphs onto a blank screen model gives back the buffer's text.
        var screen = Buffer(width: 4, height: 2)
        for glyph in glyphs { screen.put(string: glyph.text, at: Position(x: glyph.x, y: glyph.y)) }
        XCTAssertEqual(screen.lines(), buffer.lines())
    }
}

final class ResetSequenceTests: XCTestCase {
    func testPaddingIsRemoved() {
        XCTAssertEqual(TerminalRestore.stripPadding(Array("\u{1B}[H$<5>\u{1B}[2J$<2/*>".utf8)),
                       Array("\u{1B}[H\u{1B}[2J".utf8))
        XCTAssertEqual(TerminalRestore.stripPadding(Array("a$b$<c".utf8)), Array("a$b$<c".utf8),
                       "a dollar without a complete $<..> stays")
    }

    func testCapabilitiesAreConcatenatedInOrder() {
        let bytes = TerminalRestore.resetSequence(capabilities: ["\u{1B}(B\u{1B}[m", "\u{1B}[?25h", "\u{1B}[?1049l"])
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "\u{1B}(B\u{1B}[m\u{1B}[?25h\u{1B}[?1049l")
    }

    func testEveryHandledSignalIsCoveredOnceAndWinchIsLeftToCurses() {
        let all = TerminalRestore.allSignals
        XCTAssertEqual(Set(all).count, all.count)
        XCTAssertTrue(Set([SIGINT, SIGTERM, SIGHUP]).isSubset(of: Set(TerminalRestore.terminatingSignals)))
        XCTAssertFalse(all.contains(SIGWINCH))
        XCTAssertFalse(all.contains(SIGTSTP))
    }
}
