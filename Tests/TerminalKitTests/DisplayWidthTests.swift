import TerminalKit
import XCTest

final class DisplayWidthTests: XCTestCase {
    func testSwedishAndLatinLettersAreNarrow() {
        for character in "åäöÅÄÖéøæÉü" {
            XCTAssertEqual(character.displayWidth, 1, "\(character)")
        }
        XCTAssertEqual("Åtta Över".displayWidth, 9)
    }

    func testCombiningAccentStaysInOneNarrowCluster() {
        let decomposed = "e\u{0301}"
        XCTAssertEqual(decomposed.count, 1)
        XCTAssertEqual(decomposed.displayWidth, 1)
        XCTAssertEqual("Re\u{0301}sume\u{0301}".displayWidth, 6)
    }

    func testCJKIsWide() {
        XCTAssertEqual(Character("漢").displayWidth, 2)
        XCTAssertEqual("漢字".displayWidth, 4)
        XCTAssertEqual("한국".displayWidth, 4)
        XCTAssertEqual("カタカナ".displayWidth, 8)
        XCTAssertEqual("ＡＢ".displayWidth, 4) // fullwidth forms
        XCTAssertEqual("ｱ".displayWidth, 1) // halfwidth katakana
    }

    func testEmojiAreWide() {
        XCTAssertEqual("👍".displayWidth, 2)
        XCTAssertEqual("👍🏽".displayWidth, 2) // skin tone modifier
        XCTAssertEqual("👩‍👩‍👧".displayWidth, 2) // ZWJ family
        XCTAssertEqual("🇸🇪".displayWidth, 2) // flag
        XCTAssertEqual("🇸🇪🇳🇴".displayWidth, 4)
        XCTAssertEqual("❤️".displayWidth, 2) // text-default emoji with VS16
        XCTAssertEqual("1️⃣".displayWidth, 2) // keycap
    }

    func testTextDefaultSymbolsWithoutVS16AreNarrow() {
        XCTAssertEqual("❤".displayWidth, 1)
        XCTAssertEqual("©".displayWidth, 1)
        XCTAssertEqual("…".displayWidth, 1)
        XCTAssertEqual("█▏─│".displayWidth, 4)
    }

    func testControlAndFormatCharactersTakeNoColumns() {
        XCTAssertEqual(Character("\n").displayWidth, 0)
        XCTAssertEqual(Character("\t").displayWidth, 0)
        XCTAssertEqual(Character("\u{1B}").displayWidth, 0)
        XCTAssertEqual(Character("\u{7F}").displayWidth, 0)
        XCTAssertEqual(Character("\u{85}").displayWidth, 0)
        XCTAssertEqual(Character("\u{200B}").displayWidth, 0) // zero-width space
        XCTAssertEqual(Character("\u{200D}").displayWidth, 0) // lone ZWJ
        XCTAssertEqual(Character("\u{0301}").displayWidth, 0) // lone combining mark
        XCTAssertEqual("a\u{200B}b".displayWidth, 2)
    }
}
