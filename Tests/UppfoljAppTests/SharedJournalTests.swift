import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 16 in the app: "mina ärenden" / "alla", and a save refused because another worker changed
/// the case while the form was open names that worker.
final class SharedJournalTests: XCTestCase {
    /// T-1 taken in by hl01; T-2 by hl01 for hl02 (responsible named at intake); T-3 handed over to hl02.
    func projection() -> Projection {
        var forHl02 = Intake(role: .victim)
        forHl02.responsibleWorker = "hl02"
        var events = [Fixture.intake("T-1", "2024-01-10", id: 1),
                      Fixture.event("T-2", "2024-01-11", .intake(forHl02), id: 2),
                      Fixture.intake("T-3", "2024-01-12", id: 3)]
        events.append(Fixture.event("T-3", "2024-02-01", .handover(Handover(toWorker: "hl02")), id: 4))
        return Fixture.projection(events)
    }

    func testMyCasesByDefaultForAWorkerAndMTogglesAll() {
        var env = Fixture.env()
        env.worker = "hl02"
        env.mineByDefault = true
        var d = Driver(projection(), env: env)
        XCTAssertEqual(d.state.caseList.codes, ["T-2", "T-3"], "responsible at intake, and by handover")
        XCTAssertTrue(text(d.frame()).contains("Mina ärenden · Roll: alla"), text(d.frame()))
        d.press(.char("m"))
        XCTAssertEqual(d.state.caseList.codes, ["T-1", "T-2", "T-3"])
        XCTAssertFalse(text(d.frame()).contains("Mina ärenden"))
        d.press(.char("m"))
        XCTAssertEqual(d.state.caseList.codes, ["T-2", "T-3"])

        // Without a key of one's own (an unnamed or admin key): all cases first.
        env.mineByDefault = false
        XCTAssertEqual(Driver(projection(), env: env).state.caseList.codes, ["T-1", "T-2", "T-3"])
    }

    func testARefusalCausedByAnotherWorkersEventNamesThem() {
        var env = Fixture.env()
        env.worker = "hl02"
        var d = Driver(projection(), env: env)
        d.openCase("T-1")
        d.press(.char("a"))
        XCTAssertEqual(d.state.baseScope, .form)
        // hl01 closes T-1 meanwhile; the workbench folds it in while the form is open.
        var others = Fixture.closure("T-1", "2024-05-01", id: 9)
        others.worker = "hl01"
        var changed = projection()
        changed.apply(others)
        d.send(.projectionChanged(changed))
        d.choose(.reason, 1)
        d.press(.function(2))
        XCTAssertTrue(d.effects.isEmpty, "nothing to append")
        let screen = text(d.frame(120, 30))
        XCTAssertTrue(screen.contains("Ärendet T-1 ändrades medan du arbetade: hl01 registrerade avslut"), screen)
        XCTAssertEqual(d.state.baseScope, .form, "the form stays, with what was typed")
    }

    func testAHandoverMovesTheCaseToAnotherWorkersList() {
        var env = Fixture.env()
        env.mineByDefault = true   // hl01, with a key of their own
        var d = Driver(projection(), env: env)
        XCTAssertEqual(d.state.caseList.codes, ["T-1"])
        d.openCase("T-1")
        d.press(.char("h"))
        XCTAssertEqual(d.state.baseScope, .form)
        let form = text(d.frame(100, 30))
        XCTAssertTrue(form.contains("Byte av ansvarig handläggare") && form.contains("Ansvarig nu: hl01"), form)
        d.fill(.toWorker, "hl02")
        d.press(.function(2))
        guard case .handover(let handover)? = d.appended.last?.body else { return XCTFail("no handover appended: \(d.effects)") }
        XCTAssertEqual(handover.toWorker, "hl02")
        XCTAssertEqual(d.appended.last?.worker, "hl01", "recorded by the worker at work")
        d.runnerAccepts()
        XCTAssertEqual(d.state.projection["T-1"]?.responsibleWorker, "hl02")
        XCTAssertTrue(text(d.frame(100, 30)).contains("ansvarig hl02"))
        d.press(.escape)
        XCTAssertEqual(d.state.caseList.codes, [], "no longer in hl01's own cases")
    }
}
