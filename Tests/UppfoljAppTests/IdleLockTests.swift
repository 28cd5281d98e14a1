import TerminalKit
import XCTest
import AppTestSupport
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 16 item 5: after N minutes without a key the screen is blanked and asks for the person's
/// passphrase; the unsaved form is kept in memory; the clock is injected.
final class IdleLockTests: XCTestCase {
    let start = Timestamp(secondsSinceEpoch: Int64(Fixture.today.daysSinceEpoch) * 86_400 + 36_000)

    func driver(_ clock: ManualClock, limit: Int64? = 600) -> Driver {
        var env = AppEnvironment(catalogue: Fixture.catalogue, clock: clock, language: .sv, worker: "hl01")
        env.idleLockSeconds = limit
        return Driver(Fixture.projection(), env: env, size: Size(width: 80, height: 24))
    }

    func testLocksAfterTheIdleTimeKeepsTheFormAndOpensOnlyForTheRightPassphrase() {
        let clock = ManualClock(start)
        var d = driver(clock)
        d.openCase("T-1")
        d.press(.char("t"))
        XCTAssertEqual(d.state.baseScope, .form)
        d.fill(.date, "2024-05-30")
        XCTAssertTrue(text(d.frame()).contains("2024-05-30"))

        // 9 min 59 s without a key: still open.
        clock.set(Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 599))
        d.send(.tick)
        XCTAssertFalse(d.state.isLocked)
        // A key resets the count; then 10 minutes of nothing locks.
        d.press(.end)
        clock.set(Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 599 + 599))
        d.send(.tick)
        XCTAssertFalse(d.state.isLocked, "counted from the last key")
        clock.set(Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 599 + 600))
        d.send(.tick)
        XCTAssertTrue(d.state.isLocked)

        // Blank but for the prompt: no case code, no form, nothing typed.
        var screen = text(d.frame())
        XCTAssertTrue(screen.contains("Uppfölj är låst: ingen tangent på 10 min."), screen)
        XCTAssertTrue(screen.contains("Lösenfras för hl01:"), screen)
        for secret in ["T-1", "2024-05-30", "T1", "Ärenden"] { XCTAssertFalse(screen.contains(secret), "\(secret) shown:\n\(screen)") }

        // Keys go to the prompt only (shown as dots), Enter asks the runner to check.
        let effects = d.send(.key(.char("f"))) + d.send(.key(.char("e"))) + d.send(.key(.char("l")))
        XCTAssertTrue(effects.isEmpty)
        XCTAssertTrue(text(d.frame()).contains("Lösenfras för hl01: •••"))
        XCTAssertFalse(text(d.frame()).contains("fel"))
        XCTAssertEqual(d.send(.key(.enter)), [.unlock("fel")])
        XCTAssertTrue(text(d.frame()).contains("Kontrollerar"))
        d.send(.unlockRefused(Localized(sv: "Fel lösenfras.", en: "Wrong passphrase.")))
        screen = text(d.frame())
        XCTAssertTrue(d.state.isLocked)
        XCTAssertTrue(screen.contains("Fel lösenfras.") && !screen.contains("•"), screen)

        d.type("rätt")
        XCTAssertEqual(d.send(.key(.enter)), [.unlock("rätt")])
        d.send(.unlocked)
        XCTAssertFalse(d.state.isLocked)
        XCTAssertEqual(d.state.baseScope, .form, "the form is back")
        XCTAssertTrue(text(d.frame()).contains("2024-05-30"), "with what was typed")
        XCTAssertTrue(d.state.hasUnsavedChanges)
    }

    func testTheFirstKeyAfterTheIdleTimeLocksInsteadOfActing() {
        let clock = ManualClock(start)
        var d = driver(clock)
        clock.set(Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 3_600))
        d.press(.char("n"))   // no tick came (the runner was busy): the key locks, no form opens
        XCTAssertTrue(d.state.isLocked)
        XCTAssertNil(d.state.topForm)
    }

    func testNoLimitNeverLocks() {
        let clock = ManualClock(start)
        var d = driver(clock, limit: nil)
        clock.set(Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 86_400))
        d.send(.tick)
        XCTAssertFalse(d.state.isLocked)
    }
}
