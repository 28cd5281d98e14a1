import Foundation
import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

final class KeymapTests: XCTestCase {
    func testKeymapHasNoProblems() {
        XCTAssertEqual(AppKeymap.keymap.problems(), [])
    }

    func testFlowControlKeysAreNeverBound() {
        for binding in AppKeymap.bindings {
            XCTAssertFalse(binding.keys.contains(.ctrl("s")) || binding.keys.contains(.ctrl("q")), "\(binding.action)")
        }
    }

    func testEveryActionHasABindingAndEveryBindingHelpText() {
        let bound = Set(AppKeymap.bindings.map(\.action))
        XCTAssertEqual(bound, Set(Action.allCases))
        for binding in AppKeymap.bindings {
            XCTAssertFalse(binding.help.text.sv.isEmpty || binding.help.text.en.isEmpty, "\(binding.action)")
        }
    }

    func testArrowsAndViKeysMoveOnListsAndTheCase() {
        for scope in [KeyScope.caseList, .dueList, .caseView] {
            XCTAssertEqual(AppKeymap.keymap.action(for: .down, on: scope), .moveDown)
            XCTAssertEqual(AppKeymap.keymap.action(for: .char("j"), on: scope), .moveDown)
            XCTAssertEqual(AppKeymap.keymap.action(for: .up, on: scope), .moveUp)
            XCTAssertEqual(AppKeymap.keymap.action(for: .char("k"), on: scope), .moveUp)
        }
        XCTAssertEqual(AppKeymap.keymap.action(for: .tab, on: .form), .nextField)
        XCTAssertEqual(AppKeymap.keymap.action(for: .backTab, on: .form), .previousField)
        XCTAssertEqual(AppKeymap.keymap.action(for: .function(2), on: .form), .save)
        XCTAssertEqual(AppKeymap.keymap.action(for: .ctrl("G"), on: .form), .save)
        XCTAssertEqual(AppKeymap.keymap.action(for: .escape, on: .form), .back)
        XCTAssertEqual(AppKeymap.keymap.action(for: .char("q"), on: .caseList), .quit)
        XCTAssertNil(AppKeymap.keymap.action(for: .char("q"), on: .form), "q types in forms")
    }

    /// The `?` overlay of every screen lists every binding active there (own ones and global ones;
    /// a global one whose every key the screen binds itself is not active there and is left out).
    func testHelpOverlayListsEveryBindingOfTheScreen() {
        let t = Translator(.sv)
        for scope in KeyScope.allCases {
            let rows = AppKeymap.helpRows(on: scope, t)
            for binding in AppKeymap.keymap.bindings(on: scope) where binding.showsInHelp {
                let shadowed = binding.screens == nil && binding.keys.allSatisfy { AppKeymap.keymap.binding(for: $0, on: scope)?.screens != nil }
                if shadowed {
                    XCTAssertFalse(rows.contains { $0.description == t(binding.help.text) && $0.keys == AppKeymap.keysText(binding.keys) },
                                   "\(scope): the shadowed \(binding.action) is listed")
                    continue
                }
                XCTAssertTrue(rows.contains { $0.keys == AppKeymap.keysText(binding.keys) && $0.description == t(binding.help.text) },
                              "\(scope): \(binding.action) missing from help")
            }
        }
    }

    func testHelpOverlayIsDrawnFromTheKeymap() {
        var d = Driver(size: Size(width: 120, height: 40))
        d.press(.char("?"))
        XCTAssertEqual(d.state.scope, .help)
        let screen = text(d.frame(120, 40))
        for binding in AppKeymap.keymap.bindings(on: .caseList) {
            XCTAssertTrue(screen.contains(Translator(.sv)(binding.help.text)), "\(binding.action)")
        }
        d.press(.char("j"), .char("j"))
        if case .help(let offset)? = d.state.overlay { XCTAssertEqual(offset, 2) } else { XCTFail("help closed") }
        d.press(.escape)
        XCTAssertEqual(d.state.scope, .caseList)
        d.press(.function(1), .char("?"))
        XCTAssertEqual(d.state.scope, .caseList)
    }

    func testHintLineComesFromTheKeymap() {
        let hints = AppKeymap.hints(on: .caseView, Translator(.sv)).map { "\($0.keys) \($0.word)" }
        XCTAssertEqual(Array(hints.prefix(8)), ["b bedömning", "i insats", "e insats slut", "p partner", "t T1", "a avslut",
                                                "u T3", "r rätta"])
        // Esc is the dialog's own "avbryt" there, so the global "tillbaka" is not offered.
        let dialog = AppKeymap.hints(on: .dialog, Translator(.sv)).map(\.word)
        XCTAssertFalse(dialog.contains("tillbaka"))
    }

    static var keysDocURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/keys.md")
    }

    /// docs/keys.md is generated from the keymap. Regenerate with UPDATE_KEYS_DOC=1 swift test.
    func testKeysDocumentIsCurrent() throws {
        let generated = KeyDocs.markdown()
        if ProcessInfo.processInfo.environment["UPDATE_KEYS_DOC"] == "1" {
            try FileManager.default.createDirectory(at: Self.keysDocURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.write(to: Self.keysDocURL, atomically: true, encoding: .utf8)
        }
        let onDisk = (try? String(contentsOf: Self.keysDocURL, encoding: .utf8)) ?? ""
        guard onDisk != generated else { return }
        let (a, b) = (onDisk.components(separatedBy: "\n"), generated.components(separatedBy: "\n"))
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        XCTFail("""
            docs/keys.md is stale (first difference on line \(line + 1)): run \
            `UPDATE_KEYS_DOC=1 swift test --filter KeymapTests` and commit it
            file:      \(line < a.count ? a[line] : "<end>")
            generated: \(line < b.count ? b[line] : "<end>")
            """)
    }

    func testKeysDocumentListsEveryBinding() {
        let doc = KeyDocs.markdown()
        for binding in AppKeymap.bindings {
            XCTAssertTrue(doc.contains("| `\(binding.action.rawValue)` | \(binding.help.text.sv) | \(binding.help.text.en) |"))
        }
        XCTAssertTrue(doc.contains("`F2`, `C-g`"))
    }
}
