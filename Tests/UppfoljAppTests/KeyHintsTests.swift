import TerminalKit
import UppfoljCore
import XCTest
@testable import UppfoljApp

/// The texts that name keys take the names from the key table; with today's table they read as
/// they always did.
final class KeyHintsTests: XCTestCase {
    func testTodaysTableGivesTheFamiliarTexts() {
        let expected: [(Localized, String, String)] = [
            (KeyHints.tabBarList, "Tab byt flik · ? hjälp", "Tab switch tab · ? help"),
            (KeyHints.tabBarCase, "Esc tillbaka · ? hjälp", "Esc back · ? help"),
            (KeyHints.tabBarForm, "Esc tillbaka · F1 hjälp", "Esc back · F1 help"),
            (KeyHints.helpFooter, "Esc eller ? stänger · ↑↓ bläddrar", "Esc or ? closes · ↑↓ scroll"),
            (KeyHints.saveNote, "F2 eller C-g sparar från alla fält · Esc tillbaka", "F2 or C-g saves from any field · Esc back"),
            (KeyHints.saveButton, "Enter sparar.", "Enter saves."),
            (KeyHints.choice, "← → eller mellanslag byter alternativ.", "← → or Space changes the option."),
            (KeyHints.tri, "← → eller mellanslag: ja, nej, okänt.", "← → or Space: yes, no, unknown."),
            (KeyHints.set, "↑↓ flyttar, mellanslag kryssar. Inget ikryssat = inga.", "↑↓ move, Space checks. Nothing checked = none."),
            (KeyHints.instrument, "← → byter instrument; punkterna visas när instrumentet är valt.",
             "← → changes instrument; the items appear once it is chosen."),
            (KeyHints.critical, "Mellanslag markerar faktorn som kritisk.", "Space marks the factor critical."),
            (KeyHints.notAFollowUpRow, "Markerad rad är ingen T3-uppföljning; Enter öppnar ärendet.",
             "The selected row is not a T3 follow-up; Enter opens the case."),
            (KeyHints.dashboardTitle, "← → period · ? hjälp", "← → period · ? help"),
        ]
        for (text, sv, en) in expected {
            XCTAssertEqual(text.sv, sv)
            XCTAssertEqual(text.en, en)
        }
    }

    /// Keys are looked up as dispatch finds them: a key another binding takes on the scope is not named.
    func testKeysAreThoseThatDoTheActionThere() {
        XCTAssertEqual(KeyHints.keys(.help, on: .form), [.char("?"), .function(1)])
        XCTAssertEqual(KeyHints.keys(.help, on: .form, typing: true), [.function(1)])
        XCTAssertEqual(KeyHints.keys(.save, on: .form), [.function(2), .ctrl("g")])
        XCTAssertEqual(KeyHints.keys(.back, on: .help), [.escape, .char("q")])
        XCTAssertEqual(KeyHints.keys(.moveDown, on: .form), [], "in a form ↓ and j move to the next field")
    }
}
