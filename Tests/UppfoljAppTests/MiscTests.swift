import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

final class MiscTests: XCTestCase {
    func testNaturalOrder() {
        let codes = ["T-10", "T-2", "T-1", "A-9", "T-01", "2024-017", "2024-9", "Å-1", "T-1b"]
        XCTAssertEqual(codes.sorted(by: NaturalOrder.less), ["2024-9", "2024-017", "A-9", "T-01", "T-1", "T-1b", "T-2", "T-10", "Å-1"])
    }

    /// Meaning never rides on colour alone: every role the screens use has its own monochrome
    /// look, and high risk also shows "!".
    func testRolesStayDistinctInMonochrome() {
        var d = Driver()
        var roles = Set<StyleRole>()
        for setup in [{ (_: inout Driver) in }, { $0.openCase("T-1") }, { $0.press(.char("a"), .function(2)) }] {
            setup(&d)
            let frame = d.frame()
            for y in 0..<frame.height { for x in 0..<frame.width { roles.insert(frame[x, y].style.role) } }
        }
        XCTAssertTrue(roles.isSuperset(of: [.title, .header, .selection, .warning, .error, .muted, .focus]))
        let looks = roles.map { MonochromeStyle.attributes(for: $0) }
        XCTAssertEqual(Set(looks).count, roles.count, "each role looks different without colour")
        let list = Driver().frame()
        for y in 0..<list.height where list.line(y).contains("T-1 ") {
            XCTAssertEqual(list[1, y].symbol, "!")
        }
    }

    func testRunnerNoticeShowsUntilTheNextKey() {
        var d = Driver()
        d.state.showNotice(Localized(sv: "En ofullständig post klipptes bort.", en: "An incomplete record was cut off."))
        XCTAssertTrue(text(d.frame()).contains("! En ofullständig post klipptes bort."))
        d.press(.char("j"))
        XCTAssertFalse(text(d.frame()).contains("ofullständig"))
    }

    func testEmptyJournal() {
        let d = Driver(Fixture.projection([]))
        XCTAssertTrue(text(d.frame()).contains("Inga ärenden ännu. Tryck n för att skriva in ett nytt ärende."))
        var due = d
        due.press(.tab)
        XCTAssertTrue(text(due.frame()).contains("Inget att göra just nu."))
        due.press(.enter, .char("u"), .char("j"))
        XCTAssertEqual(due.effects, [])
    }

    func testLongTimelineScrollsToKeepTheSelectionVisible() {
        var events = [Fixture.intake("T-1", "2023-01-02", id: 1)]
        for n in 0..<40 {
            events.append(Fixture.event("T-1", Day(daysSinceEpoch: Fixture.day("2023-02-01").daysSinceEpoch + Int32(n)).iso,
                                        .duringFollowUp(DuringFollowUp()), id: UInt64(100 + n)))
        }
        var d = Driver(Fixture.projection(events))
        d.openCase("T-1")
        XCTAssertTrue(text(d.frame()).contains("2023-03-12"), "the newest event is selected and visible")
        d.press(.home)
        XCTAssertTrue(text(d.frame()).contains("2023-01-02"))
        XCTAssertFalse(text(d.frame()).contains("2023-03-12"))
        d.press(.pageDown)
        XCTAssertEqual(d.state.routes.last.flatMap { if case .caseView(let v) = $0 { v.timeline.selected } else { nil } }, 17)
    }
}
