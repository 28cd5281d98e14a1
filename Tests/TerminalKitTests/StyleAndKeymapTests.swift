import TerminalKit
import XCTest

final class StyleTests: XCTestCase {
    func testMonochromeAttributesAreDistinctForEveryRole() {
        let sets = StyleRole.allCases.map { MonochromeStyle.attributes(for: $0).rawValue }
        XCTAssertEqual(Set(sets).count, StyleRole.allCases.count)
    }

    func testMonochromeNeverCombinesBoldAndDim() {
        for role in StyleRole.allCases {
            XCTAssertFalse(MonochromeStyle.attributes(for: role).isSuperset(of: [.bold, .dim]), "\(role)")
        }
    }

    func testMonochromeTable() {
        XCTAssertEqual(MonochromeStyle.attributes(for: .normal), [])
        XCTAssertEqual(MonochromeStyle.attributes(for: .selection), [.reverse])
        XCTAssertEqual(MonochromeStyle.attributes(for: .focus), [.reverse, .underline])
        XCTAssertEqual(MonochromeStyle.attributes(for: .error), [.bold, .reverse, .underline])
        XCTAssertEqual(MonochromeStyle.attributes(for: .warning), [.bold])
        XCTAssertEqual(MonochromeStyle.attributes(for: .muted), [.dim])
        XCTAssertEqual(MonochromeStyle.combinedAttributes(for: Style(.muted, attributes: .underline)), [.dim, .underline])
    }

    func testDumpLettersAreUnique() {
        XCTAssertEqual(Set(StyleRole.allCases.map(\.dumpLetter)).count, StyleRole.allCases.count)
    }
}

final class KeymapTests: XCTestCase {
    enum Action: Hashable, Sendable { case quit, help, down, up, save, open, cancel }
    enum Screen: Hashable, Sendable { case caseList, form }
    struct Help: Sendable { var sv: String; var en: String }

    typealias Binding = KeyBinding<Action, Screen, Help>

    let table: [Binding] = [
        Binding(keys: [.char("?"), .function(1)], action: .help, help: Help(sv: "Hjälp", en: "Help")),
        Binding(keys: [.char("q")], action: .quit, help: Help(sv: "Avsluta", en: "Quit")),
        Binding(keys: [.down, .char("j")], action: .down, help: Help(sv: "Ned", en: "Down"), screens: [.caseList]),
        Binding(keys: [.up, .char("k")], action: .up, help: Help(sv: "Upp", en: "Up"), screens: [.caseList]),
        Binding(keys: [.enter], action: .open, help: Help(sv: "Öppna", en: "Open"), screens: [.caseList]),
        Binding(keys: [.function(2)], action: .save, help: Help(sv: "Spara", en: "Save"), screens: [.form]),
        Binding(keys: [.escape], action: .cancel, help: Help(sv: "Tillbaka", en: "Back")),
        // In a form, "q" is text, so the form screen overrides the global binding.
        Binding(keys: [.char("q")], action: .cancel, help: Help(sv: "", en: ""), screens: [.form], showsInHelp: false),
    ]

    func testLookupPrefersScreenBindingsOverGlobalOnes() {
        let keymap = Keymap(table)
        XCTAssertEqual(keymap.action(for: .char("?"), on: .form), .help)
        XCTAssertEqual(keymap.action(for: .function(1), on: .caseList), .help)
        XCTAssertEqual(keymap.action(for: .char("j"), on: .caseList), .down)
        XCTAssertNil(keymap.action(for: .char("j"), on: .form))
        XCTAssertEqual(keymap.action(for: .char("q"), on: .caseList), .quit)
        XCTAssertEqual(keymap.action(for: .char("q"), on: .form), .cancel)
        XCTAssertNil(keymap.action(for: .char("x"), on: .caseList))
    }

    func testKeysForActionAndHelpRows() {
        let keymap = Keymap(table)
        XCTAssertEqual(keymap.keys(for: .down), [.down, .char("j")])
        XCTAssertEqual(keymap.keys(for: .save, on: .caseList), [])
        let rows = keymap.helpRows(on: .caseList, describe: { $0.sv })
        XCTAssertEqual(rows.map(\.keys), ["?, F1", "q", "↓, j", "↑, k", "Enter", "Esc"])
        XCTAssertEqual(rows.map(\.description), ["Hjälp", "Avsluta", "Ned", "Upp", "Öppna", "Tillbaka"])
        XCTAssertEqual(keymap.helpRows(on: .form, describe: { $0.en }).map(\.description), ["Help", "Quit", "Save", "Back"])
        XCTAssertEqual(keymap.helpRows(on: nil, describe: { $0.en }).count, 7)
    }

    func testValidTableHasNoProblems() {
        XCTAssertEqual(Keymap(table).problems(), [])
    }

    func testReservedFlowControlKeysAreReportedAndNeverMatch() {
        let keymap = Keymap([
            Binding(keys: [.ctrl("S")], action: .save, help: Help(sv: "", en: "")),
            Binding(keys: [.ctrl("q")], action: .quit, help: Help(sv: "", en: "")),
        ])
        XCTAssertNil(keymap.action(for: .ctrl("s"), on: .form))
        XCTAssertNil(keymap.action(for: .ctrl("q"), on: .form))
        XCTAssertEqual(Set(keymap.problems()), [.reservedKey(.ctrl("s"), .save), .reservedKey(.ctrl("q"), .quit)])
    }

    func testConflictsAtTheSameScopeAreReported() {
        let keymap = Keymap([
            Binding(keys: [.char("x")], action: .save, help: Help(sv: "", en: "")),
            Binding(keys: [.char("x")], action: .quit, help: Help(sv: "", en: "")),
            Binding(keys: [.char("y")], action: .up, help: Help(sv: "", en: ""), screens: [.form, .caseList]),
            Binding(keys: [.char("y")], action: .down, help: Help(sv: "", en: ""), screens: [.form]),
        ])
        XCTAssertEqual(Set(keymap.problems()), [
            .conflict(.char("x"), .save, .quit, screen: nil),
            .conflict(.char("y"), .up, .down, screen: .form),
        ])
        XCTAssertEqual(keymap.action(for: .char("x"), on: .form), .save) // first one wins
    }

    func testKeyLabelsAndNormalization() {
        XCTAssertEqual(Key.ctrl("N").normalized, .ctrl("n"))
        XCTAssertEqual(Key.ctrl("N").label, "C-n")
        XCTAssertEqual(Key.char(" ").label, "Space")
        XCTAssertEqual(Key.backTab.label, "S-Tab")
        XCTAssertEqual(Key.function(10).label, "F10")
        XCTAssertEqual(Key.pageDown.label, "PgDn")
    }
}
