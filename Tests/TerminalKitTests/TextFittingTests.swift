import TerminalKit
import XCTest

final class TextFittingTests: XCTestCase {
    func testTruncateAddsEllipsisOnlyWhenCut() {
        XCTAssertEqual("Malmö".truncated(toWidth: 5), "Malmö")
        XCTAssertEqual("Malmö stad".truncated(toWidth: 6), "Malmö…")
        XCTAssertEqual("Malmö".truncated(toWidth: 1), "…")
        XCTAssertEqual("Malmö".truncated(toWidth: 0), "")
        XCTAssertEqual("abcdef".truncated(toWidth: 4, ellipsis: "..."), "a...")
    }

    func testTruncateNeverSplitsWideOrCombinedGraphemes() {
        XCTAssertEqual("漢字漢字".truncated(toWidth: 4), "漢…")
        XCTAssertEqual("漢字漢字".truncated(toWidth: 5), "漢字…")
        XCTAssertEqual("e\u{0301}e\u{0301}e\u{0301}".truncated(toWidth: 2), "e\u{0301}…")
        XCTAssertEqual("👩‍👩‍👧👩‍👩‍👧".truncated(toWidth: 3), "👩‍👩‍👧…")
    }

    func testPadAndFitByDisplayWidth() {
        XCTAssertEqual("åä".padded(toWidth: 4), "åä  ")
        XCTAssertEqual("漢".padded(toWidth: 4, alignment: .right), "  漢")
        XCTAssertEqual("ab".padded(toWidth: 5, alignment: .center), " ab  ")
        XCTAssertEqual("toolong".padded(toWidth: 3), "toolong")
        // A wide grapheme that cannot fit leaves a space, keeping the exact width.
        XCTAssertEqual("a漢字".fitted(toWidth: 4), "a漢…")
        XCTAssertEqual("漢字x".fitted(toWidth: 4).displayWidth, 4)
        XCTAssertEqual("漢字漢".fitted(toWidth: 4), "漢… ")
    }

    func testWrapWords() {
        XCTAssertEqual("Kasta alla ändringar i formuläret?".wrapped(toWidth: 12),
                       ["Kasta alla", "ändringar i", "formuläret?"])
        XCTAssertEqual("".wrapped(toWidth: 5), [""])
        XCTAssertEqual("a b".wrapped(toWidth: 0), [])
        XCTAssertEqual("rad ett\nrad två".wrapped(toWidth: 20), ["rad ett", "rad två"])
        XCTAssertEqual("a\r\n\nb".wrapped(toWidth: 20), ["a", "", "b"])
        XCTAssertEqual("many    spaces\there".wrapped(toWidth: 20), ["many spaces here"])
    }

    func testWrapBreaksLongWordsBetweenGraphemes() {
        XCTAssertEqual("abcdefgh".wrapped(toWidth: 3), ["abc", "def", "gh"])
        XCTAssertEqual("e\u{0301}e\u{0301}e\u{0301}".wrapped(toWidth: 2), ["e\u{0301}e\u{0301}", "e\u{0301}"])
    }

    func testWrapNeverLetsWideCharactersStraddleTheEdge() {
        XCTAssertEqual("a漢字".wrapped(toWidth: 4), ["a漢", "字"])
        XCTAssertEqual("漢字漢字漢".wrapped(toWidth: 5), ["漢字", "漢字", "漢"])
        for line in "漢字 漢字漢字 ab 👩‍👩‍👧👍 é".wrapped(toWidth: 5) {
            XCTAssertLessThanOrEqual(line.displayWidth, 5, line)
        }
        // Narrower than one wide grapheme: it gets its own line instead of looping.
        XCTAssertEqual("漢字".wrapped(toWidth: 1), ["漢", "字"])
    }
}

final class TruncationSpacingTests: XCTestCase {
    func testSpacesBeforeTheEllipsisAreDropped() {
        XCTAssertEqual("Inga ärenden att följa".truncated(toWidth: 18), "Inga ärenden att…")
        XCTAssertEqual("ab   cd".truncated(toWidth: 5), "ab…")
    }
}
