import Foundation
import TerminalKit
import TerminalKitTestSupport
import XCTest
import UppfoljApp
import UppfoljCore
import UppfoljRunner
import UppfoljStore

/// The loading frame through the real loop while a journal is opened on another thread
/// (`BackgroundOpen.showProgress`): progress, keys typed meanwhile, Ctrl-C, an opening that ends.
final class OpeningRunnerTests: XCTestCase {
    let env = AppEnvironment(catalogue: try! InstrumentCatalogue.builtIn(), today: Day(iso: "2024-06-01")!, worker: "hl01")

    /// An opening that reports `progress` and then waits until `finish` is signalled.
    func opening(finish: DispatchSemaphore, value: Int = 7) -> BackgroundOpen<Int> {
        BackgroundOpen<Int> { progress in
            progress(.unlocked)
            progress(.replaying(records: 40, of: 100))
            finish.wait()
            return value
        }
    }

    /// Waits (briefly) until the opening has ended, so the next quiet spell sees its outcome.
    func ended(_ opening: BackgroundOpen<Int>) -> () -> Void {
        {
            let deadline = Date().addingTimeInterval(10)
            while opening.state.result == nil && Date() < deadline { usleep(1_000) }
        }
    }

    func testTheFrameShowsProgressTakesTheSearchAndEndsWithTheOpening() throws {
        let finish = DispatchSemaphore(value: 0)
        let opening = opening(finish: finish)
        opening.waitUntilUnlocked()
        let progressed: () -> Void = {
            let deadline = Date().addingTimeInterval(10)
            while opening.state.progress != .replaying(records: 40, of: 100) && Date() < deadline { usleep(1_000) }
        }
        let terminal = MemoryTerminal(script: [.action(progressed), .pause] + "T-1".map { .key(.char($0)) }
                                      + [.action { finish.signal() }, .action(ended(opening)), .pause, .key(.char("x"))])
        var loading = LoadingState()
        let outcome = try opening.showProgress(on: terminal, &loading, env: env)
        XCTAssertEqual(try outcome?.get(), 7)
        XCTAssertEqual(loading.query.text, "T-1", "what was typed meanwhile is kept for the search")
        XCTAssertEqual(loading.phase, .reading(records: 40, of: 100))
        XCTAssertFalse(terminal.isInputClosed, "the loop ended with the opening, before the last key")
        XCTAssertTrue(terminal.timeouts.contains(50))
    }

    func testCtrlCLeavesWithoutAnOutcome() throws {
        let finish = DispatchSemaphore(value: 0)
        defer { finish.signal() }
        let opening = opening(finish: finish)
        opening.waitUntilUnlocked()
        let terminal = MemoryTerminal(script: [.key(.char("a")), .key(.ctrl("c")), .key(.char("b"))])
        var loading = LoadingState()
        XCTAssertNil(try opening.showProgress(on: terminal, &loading, env: env))
        XCTAssertEqual(loading.query.text, "a")
        XCTAssertFalse(terminal.isInputClosed)
    }

    func testAnOpeningThatAlreadyEndedDrawsNoLoadingFrame() throws {
        let opening = BackgroundOpen<Int> { _ in throw StoreError(Localized(sv: "Fel lösenfras.", en: "Wrong passphrase.")) }
        ended(opening)()
        let terminal = MemoryTerminal(script: [.key(.char("a"))])
        var loading = LoadingState()
        let outcome = try opening.showProgress(on: terminal, &loading, env: env)
        XCTAssertThrowsError(try outcome?.get())
        XCTAssertEqual(terminal.frames.count, 0)
    }
}
