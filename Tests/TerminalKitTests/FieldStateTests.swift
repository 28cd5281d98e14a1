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
