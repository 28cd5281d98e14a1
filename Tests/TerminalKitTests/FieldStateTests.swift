import Foundation
import TerminalKit
import XCTest

final class FieldStateTests: XCTestCase {
    func testEditingByGraphemes() {
        var field = TextFieldState()
        field.insert("Åar")
        XCTAssertEqual(field.cursor, 3)
        field.moveHome()
        field.insert("👩‍👩‍👧")
        XCTAssertEqual(field.text, "👩‍👩‍👧Åar")
        XCTAssertEqual(field.cursor, 1)
        field.moveRight()
        field.backspace() // removes Å, not half of anything
        XCTAssertEqual(field.text, "👩‍👩‍👧ar")
        field.moveLeft()
        field.deleteForward()
        XCTAssertEqual(field.text, "ar")
        XCTAssertEqual(field.cursor, 0)
        field.moveEnd()
        XCTAssertEqual(field.cursor, 2)
        XCTAssertFalse(field.deleteForward())
        field.moveHome()
        XCTAssertFalse(field.backspace())
        field.moveLeft()
        XCTAssertEqual(field.cursor, 0)
    }

    func testCombiningMarkJoinsThePreviousGrapheme() {
        var field = TextFieldState(text: "Rene")
        XCTAssertTrue(field.insert("\u{0301}"))
        XCTAssertEqual(field.text, "René")
        XCTAssertEqual(field.text.count, 4)
        XCTAssertEqual(field.cursor, 4)
        field.backspace()
        XCTAssertEqual(field.text, "Ren")
    }

    func testHandleKeys() {
        var field = TextFieldState(text: "ab", cursor: 1)
        XCTAssertTrue(field.handle(.char("X")))
        XCTAssertTrue(field.handle(.end))
        XCTAssertTrue(field.handle(.backspace))
        XCTAssertEqual(field.text, "aX")
        XCTAssertFalse(field.handle(.tab))
        XCTAssertFalse(field.handle(.enter))
    }

    /// Issue 17: a field edits like a shell line.
    func testShellLineKeys() {
        var field = TextFieldState(text: "möte med skolan")
        XCTAssertTrue(field.handle(.ctrl("a")))
        XCTAssertEqual(field.cursor, 0)
        XCTAssertTrue(field.handle(.ctrl("e")))
        XCTAssertEqual(field.cursor, 15)
        XCTAssertTrue(field.handle(.ctrl("w")))
        XCTAssertEqual(field.text, "möte med ", "Ctrl-W deletes the word before the cursor")
        XCTAssertTrue(field.handle(.ctrl("w")))
        XCTAssertEqual(field.text, "möte ", "... and the blanks after the word before it")
        field.handle(.ctrl("a"))
        field.handle(.right)
        XCTAssertTrue(field.handle(.ctrl("k")))
        XCTAssertEqual(field.text, "m", "Ctrl-K deletes to the end")
        field.insert("ånad")
        field.handle(.left)
        XCTAssertTrue(field.handle(.ctrl("u")))
        XCTAssertEqual(field.text, "d", "Ctrl-U deletes to the start")
        XCTAssertEqual(field.cursor, 0)
        XCTAssertTrue(field.handle(.ctrl("E")), "Ctrl letters fold case")
        XCTAssertEqual(field.cursor, 1)
        XCTAssertTrue(field.handle(.home))
        XCTAssertEqual(field.cursor, 0)
        XCTAssertTrue(field.handle(.end))
        XCTAssertEqual(field.cursor, 1)
        XCTAssertFalse(field.handle(.ctrl("g")), "Ctrl-G is the form's save key, not an editing key")
        XCTAssertFalse(TextFieldState.isEditingKey(.ctrl("g")))
    }

    /// A pre-filled value is selected until the first editing key: typing replaces it.
    func testTypingOverASelectedValueReplacesIt() {
        var date = TextFieldState(text: "2026-12-06", selected: true)
        XCTAssertTrue(date.isSelected)
        for c in "2026-11-30" { date.handle(.char(c), kind: .date) }
        XCTAssertEqual(date.text, "2026-11-30")
        XCTAssertFalse(date.isSelected)

        var rejected = TextFieldState(text: "2026-12-06", selected: true)
        rejected.handle(.char("x"), kind: .date)
        XCTAssertEqual(rejected.text, "2026-12-06", "a key the field cannot take does not wipe the value")

        for key in [Key.backspace, .delete, .ctrl("u"), .ctrl("k"), .ctrl("w")] {
            var field = TextFieldState(text: "abc", selected: true)
            field.handle(key)
            XCTAssertEqual(field.text, "", "\(key) clears a selected value")
        }
        for key in [Key.left, .right, .home, .end, .ctrl("a"), .ctrl("e")] {
            var field = TextFieldState(text: "abc", selected: true)
            field.handle(key)
            XCTAssertFalse(field.isSelected, "\(key) ends the selection")
            field.handle(.char("d"))
            XCTAssertEqual(field.text.count, 4, "\(key) keeps the value for editing")
        }
        var empty = TextFieldState()
        empty.selectAll()
        XCTAssertFalse(empty.isSelected, "nothing to select")
        var typed = TextFieldState(text: "12")
        typed.selectAll()
        typed.setText("3")
        XCTAssertFalse(typed.isSelected)
    }

    /// Issue 17: typing a letter in a long list jumps to the next entry starting with it.
    func testLetterJump() {
        let options = ["Planerat avslut", "Avbrutet av klienten", "Avbrutet av verksamheten", "Flyttat", "Kontakten upphörde",
                       "Överlämnat", "annat", "– ej angivet"]
        XCTAssertEqual(LetterJump.index(of: "a", in: options, after: nil), 1)
        XCTAssertEqual(LetterJump.index(of: "A", in: options, after: 1), 2, "again: the next one")
        XCTAssertEqual(LetterJump.index(of: "a", in: options, after: 2), 6, "case-insensitive")
        XCTAssertEqual(LetterJump.index(of: "a", in: options, after: 6), 1, "wraps around")
        XCTAssertEqual(LetterJump.index(of: "ö", in: options, after: 0), 5)
        XCTAssertNil(LetterJump.index(of: "o", in: options, after: 0), "o and ö are different letters")
        XCTAssertEqual(LetterJump.index(of: "e", in: options, after: 0), 7, "leading punctuation is skipped")
        XCTAssertNil(LetterJump.index(of: "z", in: options, after: 3))
        XCTAssertNil(LetterJump.index(of: "a", in: [], after: nil))
        XCTAssertNil(LetterJump.index(of: " ", in: options, after: nil))
    }

    func testInputKinds() {
        var number = TextFieldState()
        number.insert("-12a-3", kind: .integer)
        XCTAssertEqual(number.text, "-123")
        var decimal = TextFieldState()
        decimal.insert("3,5.7", kind: .decimal)
        XCTAssertEqual(decimal.text, "3,57")
        var date = TextFieldState()
        date.insert("2024-03-01x99", kind: .date)
        XCTAssertEqual(date.text, "2024-03-01")
        XCTAssertFalse(date.insert("1", kind: .date))
        var limited = TextFieldState()
        limited.insert("åäöåäö", kind: .text(maxLength: 4))
        XCTAssertEqual(limited.text, "åäöå")
        var text = TextFieldState()
        XCTAssertFalse(text.insert("\u{1B}"))
        XCTAssertEqual(text.text, "")
    }

    func testChoiceCycles() {
        var choice = ChoiceState()
        choice.handle(.right, optionCount: 3)
        XCTAssertEqual(choice.selected, 0)
        choice.handle(.char(" "), optionCount: 3)
        choice.handle(.right, optionCount: 3)
        XCTAssertEqual(choice.selected, 2)
        choice.handle(.right, optionCount: 3)
        XCTAssertEqual(choice.selected, 0)
        choice.handle(.left, optionCount: 3)
        XCTAssertEqual(choice.selected, 2)
        XCTAssertFalse(choice.handle(.up, optionCount: 3))
        var fresh = ChoiceState()
        fresh.selectPrevious(count: 3)
        XCTAssertEqual(fresh.selected, 2)
    }

    func testMultiChoiceCursorAndToggle() {
        var multi = MultiChoiceState()
        XCTAssertFalse(multi.handle(.up, optionCount: 3)) // lets the form move focus
        multi.handle(.char(" "), optionCount: 3)
        multi.handle(.down, optionCount: 3)
        multi.handle(.down, optionCount: 3)
        XCTAssertFalse(multi.handle(.down, optionCount: 3))
        multi.handle(.char(" "), optionCount: 3)
        XCTAssertEqual(multi.checked, [0, 2])
        multi.handle(.char(" "), optionCount: 3)
        XCTAssertEqual(multi.checked, [0])
    }

    func testTriStateCycles() {
        var value: TriState?
        TriState.handle(.right, value: &value)
        XCTAssertEqual(value, .yes)
        TriState.handle(.char(" "), value: &value)
        XCTAssertEqual(value, .no)
        TriState.handle(.right, value: &value)
        XCTAssertEqual(value, .unknown)
        TriState.handle(.right, value: &value)
        XCTAssertEqual(value, .yes)
        TriState.handle(.left, value: &value)
        XCTAssertEqual(value, .unknown)
        var unanswered: TriState?
        TriState.handle(.left, value: &unanswered)
        XCTAssertEqual(unanswered, .unknown)
    }

    func testTextWindowScrollsToKeepTheCursorVisible() {
        XCTAssertEqual(TextWindow(state: TextFieldState(text: "abc"), width: 5), TextWindow(visible: "abc", cursor: 3))
        XCTAssertEqual(TextWindow(state: TextFieldState(text: "abcdefgh"), width: 5), TextWindow(visible: "efgh", cursor: 4))
        XCTAssertEqual(TextWindow(state: TextFieldState(text: "abcdefgh", cursor: 0), width: 5), TextWindow(visible: "abcde", cursor: 0))
        XCTAssertEqual(TextWindow(state: TextFieldState(text: "漢字漢字"), width: 5), TextWindow(visible: "漢字", cursor: 4))
        XCTAssertEqual(TextWindow(state: TextFieldState(text: "漢字漢字", cursor: 3), width: 5), TextWindow(visible: "漢字", cursor: 2))
    }
}

extension TextWindow {
    init(visible: String, cursor: Int) {
        self.init(state: TextFieldState(), width: 1)
        visibleText = visible
        cursorColumn = cursor
    }
}

/// Issue 12: a 20,000-character paste into a form field took ~15 s, because every keypress split
/// the whole text into graphemes again (and the field's window did so once more per frame).
final class FieldStateLinearTests: XCTestCase {
    /// Seconds per keypress (insert at the end plus the visible window), best of three runs.
    private func secondsPerKey(fieldLength: Int) -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            var field = TextFieldState(text: String(repeating: "å", count: fieldLength))
            let keys = 1_000
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<keys {
                field.handle(.char("x"), kind: .text())
                _ = TextWindow(state: field, width: 60)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = min(best, seconds / Double(keys))
            XCTAssertEqual(field.cursor, fieldLength + keys)
        }
        return best
    }

    func testAKeypressDoesNotGrowWithTheFieldLength() {
        _ = secondsPerKey(fieldLength: 100)   // warm up
        let short = secondsPerKey(fieldLength: 2_000)
        let long = secondsPerKey(fieldLength: 20_000)
        // Linear per key would make this about 10; constant about 1. Generous for a busy machine.
        XCTAssertLessThan(long / short, 3, "per key: \(short * 1e6) µs at 2k, \(long * 1e6) µs at 20k")
    }

    /// The grapheme-local edits give exactly what splitting the whole text again gives, for
    /// random edits over characters that join their neighbours (combining marks, regional
    /// indicators, zero-width joiners).
    func testEditsMatchRegroupingTheWholeText() {
        let alphabet: [String] = ["a", "e", "\u{301}", "\u{308}", "🇸", "🇪", "🇳", "👩", "\u{200D}", "👧", "漢", " "]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var field = TextFieldState()
            var model: [Character] = []
            var cursor = 0
            for _ in 0..<40 {
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<5:
                    let piece = (0..<Int.random(in: 1...3, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
                    field.insert(piece)
                    var characters = model
                    characters.insert(contentsOf: Array(piece), at: cursor)
                    let prefix = String(characters[..<(cursor + piece.count)])
                    model = Array(String(characters))
                    cursor = min(prefix.count, model.count)
                case 5:
                    field.backspace()
                    if cursor > 0 { model.remove(at: cursor - 1); cursor -= 1; model = Array(String(model)); cursor = min(cursor, model.count) }
                case 6:
                    field.deleteForward()
                    if cursor < model.count { model.remove(at: cursor); model = Array(String(model)) }
                case 7:
                    field.moveLeft(); cursor = max(0, cursor - 1)
                case 8:
                    field.moveRight(); cursor = min(model.count, cursor + 1)
                default:
                    field.moveHome(); cursor = 0
                }
                XCTAssertEqual(field.text, String(model))
                XCTAssertEqual(field.characters, Array(field.text), "graphemes kept in step with the text")
                if field.text != String(model) { return }   // one failure per run is enough
                XCTAssertEqual(field.cursor, cursor, "after editing \(field.text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }
}
