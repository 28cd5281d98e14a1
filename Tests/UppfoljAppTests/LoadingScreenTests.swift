import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// The frame the workbench and the manager view draw while the journal is read (issue 20).
final class LoadingScreenTests: XCTestCase {
    func testSnapshots() {
        var state = LoadingState()
        assertSnapshot(loadingView(state, size: Size(width: 80, height: 24), env: Fixture.env()), "loading-checking-80x24")
        state.progress(records: 412_345, of: 1_003_088)
        for key: Key in [.char("U"), .char("2"), .char("0"), .char("2"), .char("5"), .char("-")] { state.handle(key) }
        assertSnapshot(loadingView(state, size: Size(width: 80, height: 24), env: Fixture.env()), "loading-reading-80x24")
        assertSnapshot(loadingView(state, size: Size(width: 120, height: 40), env: Fixture.env(.en)), "loading-reading-en-120x40")
        var manager = LoadingState(screen: .dashboard)
        manager.progress(records: 8_192, of: 99_861)
        assertSnapshot(loadingView(manager, size: Size(width: 80, height: 24), env: Fixture.env()), "loading-dashboard-80x24")
        manager.phase = .counting
        assertSnapshot(loadingView(manager, size: Size(width: 60, height: 16), env: Fixture.env()), "loading-counting-60x16")
    }

    func testProgressIsShownAsRecordsOfAllAndAsABar() {
        var state = LoadingState()
        state.progress(records: 500, of: 1_000)
        let lines = loadingView(state, size: Size(width: 80, height: 24), env: Fixture.env()).lines()
        XCTAssertTrue(lines.contains { $0.contains("Läser journalen: 500 av 1 000 poster (50 %)") }, lines.joined(separator: "\n"))
        let bar = lines.first { $0.contains("[") }!
        XCTAssertEqual(bar.filter { $0 == "█" }.count, bar.filter { $0 == "·" }.count)
        state.progress(records: 2_000, of: 1_000)   // never more than all
        XCTAssertEqual(state.phase, .reading(records: 1_000, of: 1_000))
    }

    func testTypingWhileLoadingBecomesTheSearchOnceTheListIsThere() {
        var loading = LoadingState()
        for key: Key in [.char("T"), .char("-"), .char("1"), .char("0"), .backspace, .char("x")] { loading.handle(key) }
        XCTAssertEqual(loading.query.text, "T-1x")
        loading.handle(.escape)
        XCTAssertEqual(loading.query.text, "")
        XCTAssertFalse(loading.handle(.function(2)), "keys other than text wait for the list")
        XCTAssertTrue(LoadingState.cancels(.ctrl("c")))
        XCTAssertFalse(LoadingState.cancels(.char("c")))
        for key: Key in [.char("T"), .char("-"), .char("1")] { loading.handle(key) }
        var state = AppState(projection: Fixture.projection(), env: Fixture.env())
        state.beginSearch(loading)
        XCTAssertEqual(state.scope, .search)
        XCTAssertEqual(state.caseList.codes, ["T-1", "T-10"])
        // Nothing typed: the list as always.
        var plain = AppState(projection: Fixture.projection(), env: Fixture.env())
        plain.beginSearch(LoadingState())
        XCTAssertEqual(plain.scope, .caseList)
        XCTAssertEqual(plain.caseList.codes.count, 5)
        // The manager view has no search.
        var manager = LoadingState(screen: .dashboard)
        XCTAssertFalse(manager.handle(.char("a")))
    }
}
