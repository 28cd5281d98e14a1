import TerminalKit
import XCTest
import TerminalBackend

/// The numbers are ncurses' own (curses.h), written out so a wrong import would show.
final class KeyDecoderTests: XCTestCase {
    private func code(_ value: Int32) -> Key? { KeyDecoder.key(for: .keyCode(value)) }
    private func char(_ value: UInt32) -> Key? { KeyDecoder.key(for: .character(value)) }

    func testGetWchStatusIsClassified() {
        XCTAssertEqual(CursesInput(status: 0, value: 0x61), .character(0x61))        // OK
        XCTAssertEqual(CursesInput(status: 0o400, value: 0o403), .keyCode(0o403))    // KEY_CODE_YES
        XCTAssertNil(CursesInput(status: -1, value: 0))                               // ERR: timeout
    }

    func testCursorAndEditingKeyCodes() {
        XCTAssertEqual(code(0o403), .up)
        XCTAssertEqual(code(0o402), .down)
        XCTAssertEqual(code(0o404), .left)
        XCTAssertEqual(code(0o405), .right)
        XCTAssertEqual(code(0o406), .home)
        XCTAssertEqual(code(0o550), .end)
        XCTAssertEqual(code(0o552), .home, "KEY_FIND")
        XCTAssertEqual(code(0o601), .end, "KEY_SELECT")
        XCTAssertEqual(code(0o523), .pageUp)
        XCTAssertEqual(code(0o522), .pageDown)
        XCTAssertEqual(code(0o407), .backspace)
        XCTAssertEqual(code(0o512), .delete)
        XCTAssertEqual(code(0o541), .backTab)
        XCTAssertEqual(code(0o527), .enter)
        XCTAssertEqual(code(0o632), .resize)
    }

    func testFunctionKeys() {
        for n in 1...12 {
            XCTAssertEqual(code(0o410 + Int32(n)), .function(n), "F\(n)")
        }
        XCTAssertEqual(code(0o410 + 13), .function(13), "Shift-F1 on xterm")
        XCTAssertNil(code(0o410), "KEY_F0 is not a real key")
        XCTAssertNil(code(0o410 + 64), "beyond the 64 function key slots")
    }

    func testUnknownKeyCodesAreIgnored() {
        XCTAssertNil(code(0o513), "KEY_IC")
        XCTAssertNil(code(0o631), "KEY_MOUSE")
    }

    func testControlCharacters() {
        XCTAssertEqual(char(9), .tab)
        XCTAssertEqual(char(10), .enter)
        XCTAssertEqual(char(13), .enter)
        XCTAssertEqual(char(27), .escape)
        XCTAssertEqual(char(127), .backspace)
        XCTAssertEqual(char(8), .backspace, "Ctrl-H is what many terminals send for Backspace")
        XCTAssertEqual(char(1), .ctrl("a"))
        XCTAssertEqual(char(3), .ctrl("c"), "raw mode: Ctrl-C is a key, not a signal")
        XCTAssertEqual(char(12), .ctrl("l"))
        XCTAssertEqual(char(19), .ctrl("s"))
        XCTAssertEqual(char(26), .ctrl("z"))
        XCTAssertNil(char(0), "Ctrl-@")
        XCTAssertNil(char(28), "Ctrl-\\")
        XCTAssertNil(char(31))
        XCTAssertNil(char(0x85), "C1 control")
    }

    func testEveryControlLetterExceptTheNamedOnes() {
        let named: Set<UInt32> = [8, 9, 10, 13]
        for value in UInt32(1)...26 where !named.contains(value) {
            let letter = Character(Unicode.Scalar(UInt8(value) + 0x60))
            XCTAssertEqual(char(value), .ctrl(letter))
        }
    }

    func testPrintableUnicode() {
        XCTAssertEqual(char(0x20), .char(" "))
        XCTAssertEqual(char(0x71), .char("q"))
        XCTAssertEqual(char(0x47), .char("G"), "case is kept")
        XCTAssertEqual(char(0xE5), .char("å"))
        XCTAssertEqual(char(0xC4), .char("Ä"))
        XCTAssertEqual(char(0xF6), .char("ö"))
        XCTAssertEqual(char(0x6F22), .char("漢"))
        XCTAssertEqual(char(0x1F600), .char("😀"))
        XCTAssertEqual(char(0x0301), .char("\u{0301}"), "a combining mark arrives on its own")
        XCTAssertNil(char(0xD800), "surrogate")
        XCTAssertNil(char(0x110000), "beyond Unicode")
    }
}
