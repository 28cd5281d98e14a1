import TerminalKit
import TerminalKitTestSupport
import XCTest

final class BufferTests: XCTestCase {
    func testNewBufferIsBlankAndLinesAreTrimmed() {
        let buffer = Buffer(width: 4, height: 2)
        XCTAssertEqual(buffer.lines(), ["", ""])
        XCTAssertEqual(buffer[3, 1], .blank)
    }

    func testPutWritesGraphemesWithStyle() {
        var buffer = Buffer(width: 8, height: 1)
        let end = buffer.put(string: "Hej åäö", at: Position(x: 1, y: 0), style: .title)
        XCTAssertEqual(end, 8)
        XCTAssertEqual(buffer.lines(), [" Hej åäö"])
        XCTAssertEqual(buffer.styleLines(), [".TTTTTTT"])
        XCTAssertEqual(buffer[5, 0].symbol, "å")
    }

    func testWideGraphemeTakesTwoCells() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put(string: "a漢b", at: Position(x: 0, y: 0), style: .warning)
        XCTAssertEqual(buffer[1, 0].symbol, "漢")
        XCTAssertEqual(buffer[1, 0].width, 2)
        XCTAssertTrue(buffer[2, 0].isContinuation)
        XCTAssertEqual(buffer[3, 0].symbol, "b")
        XCTAssertEqual(buffer.lines(), ["a漢b"])
        XCTAssertEqual(buffer.styleLines(), ["WWWW"])
    }

    func testCombiningClusterAndEmojiFamilyOccupyOneCellEach() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put(string: "e\u{0301}👩‍👩‍👧x", at: Position(x: 0, y: 0))
        XCTAssertEqual(buffer[0, 0].symbol, "e\u{0301}")
        XCTAssertEqual(buffer[1, 0].symbol, "👩‍👩‍👧")
        XCTAssertEqual(buffer[3, 0].symbol, "x")
    }

    func testControlCharactersAreDropped() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put(string: "a\tb\nc\u{1B}", at: Position(x: 0, y: 0))
        XCTAssertEqual(buffer.lines(), ["abc"])
    }

    func testMaxWidthAndBufferEdgeClip() {
        var buffer = Buffer(width: 5, height: 2)
        XCTAssertEqual(buffer.put(string: "abcdef", at: Position(x: 0, y: 0), maxWidth: 3), 3)
        buffer.put(string: "abcdef", at: Position(x: 2, y: 1))
        buffer.put(string: "zzz", at: Position(x: 0, y: 5)) // off the buffer: ignored
        XCTAssertEqual(buffer.lines(), ["abc", "  abc"])
    }

    func testWideGraphemeAtTheEdgeBecomesASpace() {
        var buffer = Buffer(width: 4, height: 2)
        buffer.put(string: "ab漢", at: Position(x: 1, y: 0), style: .focus)
        XCTAssertEqual(buffer.lines(), [" ab", ""])
        XCTAssertEqual(buffer.styleLines(), [".FFF", ""]) // the space keeps the style
        buffer.put(string: "漢字", at: Position(x: 0, y: 1), maxWidth: 3)
        XCTAssertEqual(buffer.lines()[1], "漢")
        XCTAssertEqual(buffer[2, 1], Cell.blank)
    }

    func testOverwritingHalfAWideGraphemeBlanksTheOtherHalf() {
        var buffer = Buffer(width: 6, height: 1)
        buffer.put(string: "漢字", at: Position(x: 0, y: 0))
        buffer.put(string: "x", at: Position(x: 1, y: 0)) // right half of 漢
        XCTAssertEqual(buffer.lines(), [" x字"])
        buffer.put(string: "y", at: Position(x: 2, y: 0)) // left half of 字
        XCTAssertEqual(buffer.lines(), [" xy"])
        XCTAssertEqual(buffer[3, 0], .blank)
        buffer.put(string: "漢", at: Position(x: 0, y: 0))
        buffer.put(string: "字", at: Position(x: 1, y: 0)) // overlaps 漢's right half
        XCTAssertEqual(buffer.lines(), [" 字"])
        XCTAssertFalse(buffer[0, 0].isContinuation)
        assertWidePairsAreWhole(buffer)
    }

    func testClipRectLimitsWritesAndCutsWideGraphemesAtBothEdges() {
        var buffer = Buffer(width: 8, height: 3)
        buffer.withClip(Rect(x: 2, y: 1, width: 4, height: 1)) { buffer in
            buffer.fill(buffer.area, symbol: "#")
            buffer.put(string: "漢字漢字", at: Position(x: 1, y: 1)) // 漢 straddles the left edge
            buffer.put(string: "nope", at: Position(x: 2, y: 0))
        }
        // 漢 is cut by the left edge and the second 漢 by the right edge: both become spaces.
        XCTAssertEqual(buffer.lines(), ["", "   字", ""])
        XCTAssertEqual(buffer.styleLines(), ["", "", ""])
        XCTAssertEqual(buffer.clipRect, buffer.area)
        assertWidePairsAreWhole(buffer)
    }

    func testFillAndSetStyle() {
        var buffer = Buffer(width: 5, height: 2)
        buffer.put(string: "a漢b", at: Position(x: 0, y: 0))
        buffer.fill(Rect(x: 0, y: 1, width: 3, height: 1), symbol: "-", style: .muted)
        buffer.setStyle(.selection, in: Rect(x: 2, y: 0, width: 1, height: 1)) // right half of 漢
        XCTAssertEqual(buffer.lines(), ["a漢b", "---"])
        XCTAssertEqual(buffer.styleLines(), [".SS", "MMM"])
    }

    func testBufferFromLines() {
        let buffer = Buffer(lines: ["ab", "漢"])
        XCTAssertEqual(buffer.width, 2)
        XCTAssertEqual(buffer.lines(), ["ab", "漢"])
    }

    func testEqualityIgnoresTemporaryClip() {
        var a = Buffer(width: 3, height: 1)
        let b = Buffer(width: 3, height: 1)
        a.withClip(Rect(x: 0, y: 0, width: 1, height: 1)) { _ in }
        XCTAssertEqual(a, b)
        a.cursor = Position(x: 1, y: 0)
        XCTAssertNotEqual(a, b)
    }
}

/// Every wide cell is followed by a continuation with the same style, and every continuation
/// follows a wide cell.
func assertWidePairsAreWhole(_ buffer: Buffer, file: StaticString = #filePath, line: UInt = #line) {
    for y in 0..<buffer.height {
        for x in 0..<buffer.width {
            let cell = buffer[x, y]
            if cell.width == 2 {
                XCTAssertLessThan(x + 1, buffer.width, "wide cell at the last column", file: file, line: line)
                if x + 1 < buffer.width {
                    XCTAssertTrue(buffer[x + 1, y].isContinuation, "(\(x),\(y)) lost its continuation", file: file, line: line)
                    XCTAssertEqual(buffer[x + 1, y].style, cell.style, file: file, line: line)
                }
            }
            if cell.isContinuation {
                XCTAssertTrue(x > 0 && buffer[x - 1, y].width == 2, "orphan continuation at (\(x),\(y))", file: file, line: line)
            }
        }
    }
}
