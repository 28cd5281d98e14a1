import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Issue 17 item 2: reopening a closed case (återaktualisering) from its screen: `A` opens the
/// form (the reason, the new intake date, the new episode's intake), the save records one
/// `reopening` event, and the case screen shows the case active again in its second episode.
final class ReopeningFlowTests: XCTestCase {
    /// T-10: a perpetrator's case closed 2023-12-01 (today is 2024-06-01), reopened on 2024-05-02.
    func reopened(_ env: AppEnvironment = Fixture.env(), size: Size = Size(width: 80, height: 24)) -> Driver {
        var d = Driver(env: env, size: size)
        d.openCase("T-10")
        d.press(.char("A"))
        d.choose(.reason, ReopeningReason.newViolence)
        d.fill(.date, "2024-05-02")
        d.check(.violenceTypes, [0], optionCount: ViolenceType.allCases.count + 1)
        d.press(.function(2))
        d.runnerAccepts()
        return d
    }

    func testReopeningAClosedCaseRecordsOneEventWithTheNewIntake() throws {
        let d = reopened()
        let event = try XCTUnwrap(d.appended.last)
        XCTAssertEqual(event.caseCode, "T-10")
        XCTAssertEqual(event.effectiveDate, Fixture.day("2024-05-02"))
        XCTAssertEqual(event.schemaVersion, 3)
        guard case .reopening(let reopening) = event.body else { return XCTFail("not a reopening: \(event.body)") }
        XCTAssertEqual(reopening.reason, .newViolence)
        XCTAssertEqual(reopening.intake.role, .perpetrator, "the role is the case's, not asked again")
        XCTAssertEqual(reopening.intake.sex, .male, "the person's sex is carried over from the intake")
        XCTAssertEqual(reopening.intake.violenceTypes, [ViolenceType.allCases[0]])
        let state = try XCTUnwrap(d.state.projection["T-10"])
        XCTAssertEqual(state.status, .open)
        XCTAssertEqual(state.episodes.count, 2)
        XCTAssertNil(d.state.topForm, "the form closed after the save")
        XCTAssertEqual(d.state.currentCaseCode, "T-10")
    }

    func testTheReopenedCaseScreen() {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            let sv = reopened(size: size)
            assertSnapshot(sv.frame(size.width, size.height), "reopenedCaseView-\(size.width)x\(size.height)")
            let en = reopened(Fixture.env(.en), size: size)
            assertSnapshot(en.frame(size.width, size.height), "reopenedCaseView-en-\(size.width)x\(size.height)")
        }
    }

    func testTheReopeningForm() {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            var d = Driver(size: size)
            d.openCase("T-10")
            d.press(.char("A"))
            assertSnapshot(d.frame(size.width, size.height), "reopeningForm-\(size.width)x\(size.height)")
        }
        var en = Driver(env: Fixture.env(.en))
        en.openCase("T-10")
        en.press(.char("A"))
        assertSnapshot(en.frame(), "reopeningForm-en-80x24")
    }

    func testTheDateIsNotBeforeTheClosureNorInTheFutureAndTheReasonIsAsked() throws {
        var d = Driver()
        d.openCase("T-10")
        d.press(.char("A"))
        d.fill(.date, "2023-11-30")
        d.press(.function(2))
        XCTAssertTrue(d.appended.isEmpty)
        let form = try XCTUnwrap(d.state.topForm)
        // Both wrong fields are marked at once: the missing reason and the date before the closure.
        XCTAssertNotNil(form.messages[.reason])
        XCTAssertEqual(form.messages[.date]?.sv, "Återaktualiseringen (2023-11-30) ligger före avslutet (2023-12-01).")
        d.choose(.reason, ReopeningReason.clientSeeksSupport)
        d.fill(.date, "2024-06-02")
        d.press(.function(2))
        XCTAssertTrue(d.appended.isEmpty)
        XCTAssertEqual(d.state.topForm?.messages[.date]?.sv, "Datumet 2024-06-02 ligger i framtiden.")
        d.fill(.date, "2024-06-01")
        d.press(.function(2))
        d.runnerAccepts()
        XCTAssertEqual(d.state.projection["T-10"]?.status, .open)
    }

    func testAnOpenCaseIsNotReopened() {
        var d = Driver()
        d.openCase("T-1")
        d.press(.char("A"))
        XCTAssertNil(d.state.topForm)
        XCTAssertTrue(d.frame().lines().joined().contains("Bara ett avslutat ärende kan återaktualiseras"))
    }

    /// The closed case's screen says how it is reopened.
    func testAClosedCaseNamesTheReopeningKey() {
        var d = Driver()
        d.openCase("T-10")
        XCTAssertTrue(d.frame().lines().contains { $0.contains("2023-12-01 · A återaktualiserar (ny episod)") })
    }
}

extension ReopeningFlowTests {
    /// The case summary (`s`, `uppfolj case`) lists the episodes of a reopened case.
    func testTheSummaryListsTheEpisodes() throws {
        let d = reopened()
        let sections = try XCTUnwrap(CaseSummaryDocument.sections("T-10", projection: d.state.projection, env: d.env))
        let state = try XCTUnwrap(sections.first).lines
        XCTAssertTrue(state.contains("Episoder: 1: 2023-09-01–2023-12-01 · 2: 2024-05-02–"), "\(state)")
        XCTAssertTrue(state.first?.contains("återaktualiserat 2024-05-02 (episod 2)") ?? false, "\(state)")
    }
}

extension ReopeningFlowTests {
    /// Enter on the reopening in the timeline shows its reason, its episode and the new intake.
    func testTheReopeningsDetails() {
        var d = reopened()
        d.press(.end, .enter)
        let lines = d.frame(120, 40).lines()
        XCTAssertTrue(lines.contains { $0.contains("Episod 2") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("Skäl") && $0.contains("Nytt våld") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("Fysiskt") }, lines.joined(separator: "\n"))
    }
}
