import TerminalKit
import XCTest

final class FormTests: XCTestCase {
    let labels = TriStateLabels(yes: "Ja", no: "Nej", unknown: "Vet ej")

    func sampleFields(name: TextFieldState = TextFieldState(text: "Åar 漢字"), message: String? = nil) -> [FormField] {
        [
            FormField(label: "Text", control: .text(name, kind: .text(), placeholder: "(tomt)")),
            FormField(label: "Datum", control: .text(TextFieldState(text: "2024-02-30"), kind: .date, placeholder: "ÅÅÅÅ-MM-DD"),
                      message: message),
            FormField(label: "Risknivå", control: .choice(options: ["Låg", "Hög"], state: ChoiceState(selected: 1), placeholder: "Välj")),
            FormField(label: "Insatser", control: .multiChoice(options: ["Skyddat boende", "Samtal"],
                                                                state: MultiChoiceState(checked: [1], cursor: 1))),
            FormField(label: "Barn", control: .triState(.no, labels: labels)),
        ]
    }

    func render(_ form: Form, state: inout FormState, width: Int = 40, height: Int = 8) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        form.render(into: &buffer, area: buffer.area, state: &state)
        return buffer
    }

    func testAllFieldKindsUnfocusedLayout() {
        var state = FormState(focused: 0)
        let buffer = render(Form(fields: sampleFields(message: "Datumet finns inte")), state: &state)
        assertLines(buffer, [
            "> Text     Åar 漢字",
            "  Datum    2024-02-30",
            "           ! Datumet finns inte",
            "  Risknivå Hög",
            "  Insatser [ ] Skyddat boende",
            "           [x] Samtal",
            "  Barn     ( ) Ja  (•) Nej  ( ) Vet ej",
            "",
        ])
        assertStyles(buffer, [
            "...........FFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "",
            "...........EEEEEEEEEEEEEEEEEEEE",
            "",
            "",
            "",
            "",
            "",
        ])
        // Cursor sits after the text: "Åar 漢字" is 8 columns wide from column 11.
        XCTAssertEqual(buffer.cursor, Position(x: 19, y: 0))
    }

    func testDoubleWidthValueKeepsLabelColumnAligned() {
        var state = FormState(focused: 4)
        let buffer = render(Form(fields: sampleFields()), state: &state)
        // Value column starts at display column 11 on every field line.
        XCTAssertEqual(buffer[11, 0].symbol, "Å")
        XCTAssertEqual(buffer[15, 0].symbol, "漢")
        XCTAssertEqual(buffer[11, 1].symbol, "2")
        XCTAssertNil(buffer.cursor)
    }

    func testFocusedChoiceMultiChoiceAndTriState() {
        var state = FormState(focused: 2)
        var buffer = render(Form(fields: sampleFields()), state: &state)
        XCTAssertEqual(buffer.lines()[2], "> Risknivå ◂ Hög ▸")
        XCTAssertEqual(buffer.styleLines()[2], "...........FFFFFFFFFFFFFFFFFFFFFFFFFFFFF")

        state.focused = 3
        buffer = render(Form(fields: sampleFields()), state: &state)
        XCTAssertEqual(buffer.lines()[3], "> Insatser [ ] Skyddat boende")
        XCTAssertEqual(buffer.styleLines()[3], "") // cursor is on the second option
        XCTAssertEqual(buffer.styleLines()[4], "...........FFFFFFFFFFFFFFFFFFFFFFFFFFFFF")

        state.focused = 4
        buffer = render(Form(fields: sampleFields()), state: &state)
        XCTAssertEqual(buffer.lines()[5], "> Barn     ( ) Ja  (•) Nej  ( ) Vet ej")
        XCTAssertEqual(buffer.styleLines()[5], "...........FFFFFFFFFFFFFFFFFFFFFFFFFFFFF")
    }

    func testEmptyFieldsShowPlaceholdersMuted() {
        let fields = [
            FormField(label: "Datum", control: .text(TextFieldState(), kind: .date, placeholder: "ÅÅÅÅ-MM-DD")),
            FormField(label: "Val", control: .choice(options: ["A"], state: ChoiceState(), placeholder: "Välj")),
        ]
        var state = FormState(focused: 1)
        let buffer = render(Form(fields: fields), state: &state, width: 24, height: 2)
        assertLines(buffer, ["  Datum ÅÅÅÅ-MM-DD", "> Val   ◂ Välj ▸"])
        assertStyles(buffer, ["........MMMMMMMMMM", "........FFFFFFFFFFFFFFFF"])
    }

    func testLongTextScrollsInsideTheFieldAndCursorFollows() {
        let fields = [FormField(label: "Not", control: .text(TextFieldState(text: "abcdefghijklmnop"), kind: .text(), placeholder: ""))]
        var state = FormState()
        let buffer = render(Form(fields: fields), state: &state, width: 12, height: 1)
        assertLines(buffer, ["> Not lmnop"]) // value column is 6 wide; one cell kept for the cursor
        XCTAssertEqual(buffer.cursor, Position(x: 11, y: 0))
    }

    func testLongLabelsAreCutToTheLabelColumn() {
        let fields = [FormField(label: "Våldets allvarlighetsgrad", control: .triState(nil, labels: labels))]
        var state = FormState()
        let buffer = render(Form(fields: fields, labelWidth: 8), state: &state, width: 30, height: 1)
        assertLines(buffer, ["> Våldets… ( ) Ja  ( ) Nej  (…"])
    }

    func testFormScrollsToShowTheFocusedField() {
        let fields = (1...6).map { FormField(label: "F\($0)", control: .text(TextFieldState(text: "v\($0)"), kind: .text(), placeholder: ""),
                                             message: $0 == 5 ? "fel" : nil) }
        var state = FormState(focused: 0)
        XCTAssertEqual(render(Form(fields: fields), state: &state, width: 12, height: 3).lines(),
                       ["> F1 v1", "  F2 v2", "  F3 v3"])
        state.focused = 4 // F5 with its message needs two lines
        XCTAssertEqual(render(Form(fields: fields), state: &state, width: 12, height: 3).lines(),
                       ["  F4 v4", "> F5 v5", "     ! fel"])
        XCTAssertEqual(state.offset, 3)
        state.focusNext(fieldCount: fields.count)
        XCTAssertEqual(render(Form(fields: fields), state: &state, width: 12, height: 3).lines(),
                       ["  F5 v5", "     ! fel", "> F6 v6"])
        state.focusNext(fieldCount: fields.count) // wraps to the first
        XCTAssertEqual(render(Form(fields: fields), state: &state, width: 12, height: 3).lines(),
                       ["> F1 v1", "  F2 v2", "  F3 v3"])
        state.focusPrevious(fieldCount: fields.count)
        XCTAssertEqual(state.focused, 5)
    }

    func testCursorIsHiddenWhenFocusedFieldIsClipped() {
        let field = FormField(label: "A", control: .text(TextFieldState(text: "x"), kind: .text(), placeholder: ""))
        var buffer = Buffer(width: 10, height: 2)
        buffer.withClip(Rect(x: 0, y: 1, width: 10, height: 1)) { buffer in
            field.render(into: &buffer, area: Rect(x: 0, y: 0, width: 10, height: 1), isFocused: true, labelWidth: 1)
        }
        XCTAssertNil(buffer.cursor)
    }
}
