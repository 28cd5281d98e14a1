import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 12's hostile inputs at the workbench forms: the same validator rules as import refuse them,
/// nothing is emitted, the message is shown under the field, and the screen holds no raw control
/// character (what was typed is shown escaped).
final class HostileFormInputTests: XCTestCase {
    func assertRefused(_ d: Driver, field: FieldPath, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(d.effects, [], file: file, line: line)
        XCTAssertEqual(d.appended, [], file: file, line: line)
        XCTAssertNotNil(d.state.topForm?.messages[field], "no message under \(field)", file: file, line: line)
        let screen = text(d.frame())
        XCTAssertTrue(screen.contains(expected), screen, file: file, line: line)
    }

    func correctingNewestEvent() -> Driver {
        var d = Driver(Fixture.projection())
        d.press(.enter, .char("r"))
        d.press(.char("j"))
        d.choose(FormEngine.correctionReasonId, CorrectionReason.wrongValue)
        return d
    }

    /// Typed or pasted key by key, control characters never reach a field.
    func testAFieldTakesNoControlCharacter() {
        var d = correctingNewestEvent()
        d.fill(.comment, "fel\u{1B}[2J\u{07}\u{202E}rad\u{2028}")
        XCTAssertEqual(d.state.topForm?.values.text(.comment), "fel[2Jrad")
    }

    /// A control character in a form value (by whatever way it got there) is refused at saving, by
    /// the same rule as import, and shown escaped.
    func testControlCharacterInACommentIsRefused() {
        var d = correctingNewestEvent()
        d.state.modifyTopForm { $0.values.setText(.comment, "fel\u{1B}[2Jrad") }
        d.press(.function(2))
        assertRefused(d, field: .comment, "styrtecken (\\u{1B})")
        let controls = text(d.frame()).unicodeScalars.filter { SafeText.isControl($0) && $0 != "\n" }
        XCTAssertEqual(controls.map(\.value), [], "no control character on the screen")
    }

    func testPersonnummerSpelledWithSpacesInTheCaseCodeIsRefused() {
        var d = Driver()
        d.press(.char("n"))
        d.type("K-811228_9874")  // a deliberately invalid input: Luhn-valid, spelt with _ in a code
        d.choose(.role, Role.victim)
        d.press(.function(2))
        assertRefused(d, field: .caseCode, "Ser ut som ett personnummer")
    }

    func testPersonnummerWithEnDashInACommentIsRefused() {
        var d = Driver(Fixture.projection())
        d.press(.enter, .char("r"))
        d.press(.char("j"))
        d.choose(FormEngine.correctionReasonId, CorrectionReason.wrongValue)
        d.fill(.comment, "gäller 81 12 28\u{2013}98 74")  // deliberately invalid, spelt in pairs
        d.press(.function(2))
        assertRefused(d, field: .comment, "Ser ut som ett personnummer")
    }

    func testIntakeDateBeforeTheFloorIsRefused() {
        var d = Driver()
        d.press(.char("n"))
        d.type("T-31")
        d.fill(.date, "1899-12-31")
        d.choose(.role, Role.victim)
        d.press(.function(2))
        assertRefused(d, field: .date, "1899-12-31")
    }
}
