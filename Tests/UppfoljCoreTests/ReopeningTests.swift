import XCTest
@testable import UppfoljCore

/// Reopening (återaktualisering, issue 17 item 2; event schema 3): a closed case becomes active
/// again as a new episode with its own intake, keeping its history.
final class ReopeningTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()

    func freda(_ code: String, _ date: String, risk: String, id: UInt64) -> Event {
        let a = Assessment(instrument: InstrumentRef(id: "freda-farlighet", version: "2014"), timePoint: .intake,
                           ratings: [ItemRating(item: "F1", value: 1), ItemRating(item: "F2", value: 0)],
                           judgements: [JudgementValue(judgement: "risk", value: risk)])
        return Fixture.event(code, date, .assessment(a), id: id)
    }

    func closure(_ code: String, _ date: String, id: UInt64) -> Event {
        var c = Closure(reason: .planned, goalAttainment: .full)
        c.violence = .stopped
        c.followUpConsent = .yes
        return Fixture.event(code, date, .closure(c), id: id)
    }

    func t3(_ code: String, _ date: String, id: UInt64) -> Event {
        var f = FollowUpAfterClosure(reached: true)
        f.newViolence = .no
        return Fixture.event(code, date, .followUp(f), id: id)
    }

    func reopening(_ code: String, _ date: String, role: Role = .victim, reason: ReopeningReason = .newViolence,
                   id: UInt64) -> Event {
        var intake = Intake(role: role)
        intake.sex = .female
        intake.birthYear = 1985
        intake.violenceTypes = [.physical]
        return Fixture.event(code, date, .reopening(Reopening(reason: reason, intake: intake)), id: id)
    }

    /// A victim's case: intake 2024-01-10, FREDA, an intervention, closed 2024-03-01, T3 done
    /// 2024-09-05; reopened 2025-02-01.
    func reopenedJournal() -> [Event] {
        [
            Fixture.intake("R-1", "2024-01-10", id: 1),
            freda("R-1", "2024-01-12", risk: "hog", id: 2),
            Fixture.event("R-1", "2024-01-15", .interventionStarted(InterventionStart(interventionId: "I1", type: .supportiveTalks)), id: 3),
            Fixture.event("R-1", "2024-02-20", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed)), id: 4),
            closure("R-1", "2024-03-01", id: 5),
            t3("R-1", "2024-09-05", id: 6),
            reopening("R-1", "2025-02-01", id: 7),
        ]
    }

    func validator(_ today: String = "2025-06-01") -> Validator {
        Validator(catalogue: catalogue, today: Fixture.day(today), now: Timestamp(secondsSinceEpoch: 4_000_000_000))
    }

    // MARK: projection

    func testAReopenedCaseIsActiveAgainWithTwoEpisodesAndItsHistory() throws {
        let state = try XCTUnwrap(Projection(catalogue: catalogue, events: reopenedJournal())["R-1"])
        XCTAssertEqual(state.status, .open)
        XCTAssertNil(state.closure)
        XCTAssertEqual(state.intakeDate, Fixture.day("2025-02-01"))
        XCTAssertEqual(state.firstIntakeDate, Fixture.day("2024-01-10"))
        XCTAssertEqual(state.episodes.map(\.number), [1, 2])
        XCTAssertEqual(state.episodes.map(\.start), [Fixture.day("2024-01-10"), Fixture.day("2025-02-01")])
        XCTAssertEqual(state.episodes[0].closure?.date, Fixture.day("2024-03-01"))
        XCTAssertEqual(state.episodes[1].reopeningReason, .newViolence)
        XCTAssertEqual(state.episodes[1].startEventId, Fixture.id(7))
        // The history stays: every event, the earlier assessment and intervention and T3.
        XCTAssertEqual(state.events.count, 7)
        XCTAssertEqual(state.assessments.count, 1)
        XCTAssertEqual(state.followUps.count, 1)
        XCTAssertTrue(state.currentAssessments.isEmpty)
        XCTAssertTrue(state.currentFollowUps.isEmpty)
        XCTAssertEqual(state.timeline().last?.current.kind, .reopening)
    }

    func testTheNewEpisodeNeedsARiskAssessmentAndTheOldT3NoLongerFallsDue() throws {
        // Closed 2024-03-01 without T3, reopened 2024-08-01 (before the T3 was due on 2024-09-01).
        var events = Array(reopenedJournal().prefix(5))
        events.append(reopening("R-1", "2024-08-01", id: 7))
        let state = try XCTUnwrap(Projection(catalogue: catalogue, events: events)["R-1"])
        let before = try XCTUnwrap(Projection(catalogue: catalogue, events: events.dropLast())["R-1"])
        XCTAssertEqual(DueList.items(for: before, today: Fixture.day("2024-10-15")).map(\.kind), [.followUpOverdue(months: 6)])
        XCTAssertEqual(DueList.items(for: state, today: Fixture.day("2024-10-15")).map(\.kind), [.noRiskAssessment],
                       "the old episode's T3 no longer applies; the new episode has no risk assessment yet")
        XCTAssertEqual(DueList.items(for: state, today: Fixture.day("2024-10-15")).first?.date, Fixture.day("2024-08-01"))
    }

    func testTheNewEpisodesClosureStartsItsOwnT3() throws {
        var events = reopenedJournal()
        events.append(freda("R-1", "2025-02-02", risk: "lag", id: 8))
        events.append(closure("R-1", "2025-04-01", id: 9))
        let projection = Projection(catalogue: catalogue, events: events)
        let state = try XCTUnwrap(projection["R-1"])
        XCTAssertEqual(state.status, .closed)
        // The first episode's T3 (6 months) was done; the second episode's is due from its own closure.
        XCTAssertEqual(DueList.pendingFollowUps(of: state, policy: .standard).map(\.due), [Fixture.day("2025-10-01")])
        XCTAssertEqual(DueList.items(for: state, today: Fixture.day("2025-10-05")).map(\.kind), [.followUpDue(months: 6)])
        // …and a T3 at 6 months may be recorded again, for this episode.
        XCTAssertEqual(validator("2025-10-05").validate(t3("R-1", "2025-10-05", id: 10), in: projection), [])
    }

    func testEpisodeStatesHoldOnlyTheirOwnRecords() throws {
        var events = reopenedJournal()
        events.append(freda("R-1", "2025-02-02", risk: "lag", id: 8))
        let state = try XCTUnwrap(Projection(catalogue: catalogue, events: events)["R-1"])
        let first = state.episodeState(state.episodes[0])
        let second = state.episodeState(state.episodes[1])
        XCTAssertEqual(first.intakeDate, Fixture.day("2024-01-10"))
        XCTAssertEqual(first.closure?.date, Fixture.day("2024-03-01"))
        XCTAssertEqual(first.assessments.map(\.eventId), [Fixture.id(2)])
        XCTAssertEqual(first.interventions.count, 1)
        XCTAssertEqual(first.followUps.count, 1)
        XCTAssertEqual(second.intakeDate, Fixture.day("2025-02-01"))
        XCTAssertNil(second.closure)
        XCTAssertEqual(second.assessments.map(\.eventId), [Fixture.id(8)])
        XCTAssertTrue(second.interventions.isEmpty)
        XCTAssertTrue(second.followUps.isEmpty)
    }

    func testRetractingTheReopeningClosesTheCaseAgain() throws {
        var events = reopenedJournal()
        let retract = Fixture.event("R-1", "2025-02-02", .correction(Correction(target: Fixture.id(7), action: .retract,
                                                                                 reason: .wrongValue)), id: 8)
        let projection = Projection(catalogue: catalogue, events: events)
        XCTAssertEqual(validator().validate(retract, in: projection), [])
        events.append(retract)
        let state = try XCTUnwrap(Projection(catalogue: catalogue, events: events)["R-1"])
        XCTAssertEqual(state.status, .closed)
        XCTAssertEqual(state.episodes.count, 1)
        XCTAssertEqual(state.intakeDate, Fixture.day("2024-01-10"))
    }

    // MARK: validation

    func testOnlyAClosedCaseReopensNotBeforeItsClosureNorInTheFuture() {
        let projection = Projection(catalogue: catalogue, events: Array(reopenedJournal().prefix(6)))
        XCTAssertEqual(validator().validate(reopening("R-1", "2025-02-01", id: 20), in: projection), [])
        XCTAssertEqual(validator().validate(reopening("R-1", "2024-02-28", id: 20), in: projection).map(\.code),
                       ["reopening.beforeClosure"])
        XCTAssertEqual(validator().validate(reopening("R-1", "2025-06-02", id: 20), in: projection).map(\.code), ["date.future"])
        XCTAssertEqual(validator().validate(reopening("R-1", "2025-02-01", role: .perpetrator, id: 20), in: projection)
            .map(\.code).first, "reopening.role")
        // Open again: it cannot be reopened twice; and no case, no reopening.
        let reopened = Projection(catalogue: catalogue, events: reopenedJournal())
        XCTAssertEqual(validator().validate(reopening("R-1", "2025-03-01", id: 20), in: reopened).map(\.code), ["reopening.notClosed"])
        XCTAssertEqual(validator().validate(reopening("R-9", "2025-03-01", id: 20), in: reopened).map(\.code), ["case.unknown"])
    }

    func testTheNewEpisodeTakesNoEventDatedBeforeItAndTheOldClosureCannotBeRetracted() {
        let projection = Projection(catalogue: catalogue, events: reopenedJournal())
        XCTAssertEqual(validator().validate(freda("R-1", "2025-01-31", risk: "lag", id: 20), in: projection).map(\.code),
                       ["date.beforeIntake"])
        XCTAssertEqual(validator().validate(freda("R-1", "2025-02-01", risk: "lag", id: 20), in: projection), [])
        let retractClosure = Fixture.event("R-1", "2025-03-01", .correction(Correction(target: Fixture.id(5), action: .retract,
                                                                                        reason: .wrongValue)), id: 21)
        XCTAssertEqual(validator().validate(retractClosure, in: projection).map(\.code), ["correction.closureReopened"])
        // An earlier episode's event can still be amended, on its own date.
        let amend = Fixture.event("R-1", "2025-03-01", .correction(Correction(
            target: Fixture.id(2), action: .amend(body: freda("R-1", "2024-01-12", risk: "medel", id: 2).body, effectiveDate: nil),
            reason: .wrongValue)), id: 22)
        XCTAssertEqual(validator().validate(amend, in: projection), [])
        // A reopening with events in its episode is not retracted before them.
        var events = reopenedJournal()
        events.append(freda("R-1", "2025-02-02", risk: "lag", id: 8))
        let retract = Fixture.event("R-1", "2025-03-01", .correction(Correction(target: Fixture.id(7), action: .retract,
                                                                                 reason: .wrongValue)), id: 23)
        XCTAssertEqual(validator().validate(retract, in: Projection(catalogue: catalogue, events: events)).map(\.code),
                       ["correction.reopeningWithEvents"])
    }

    // MARK: schema 3

    func testAReopeningRoundTripsInBinaryAndJSONAtSchemaThree() throws {
        let event = reopening("R-1", "2025-02-01", reason: .clientSeeksSupport, id: 7)
        XCTAssertEqual(event.schemaVersion, 3)
        XCTAssertEqual(try EventBinaryCodec.decode(EventBinaryCodec.encode(event)), event)
        let line = try EventJSON.line(event)
        XCTAssertTrue(line.contains(#""type":"reopening""#), line)
        XCTAssertTrue(line.contains(#""reason":"clientSeeksSupport""#), line)
        XCTAssertEqual(try EventJSON.decodeStrict(line), event)
    }

    func testAReopeningDoesNotExistInSchemaTwo() throws {
        var event = reopening("R-1", "2025-02-01", id: 7)
        event.schemaVersion = 2
        XCTAssertFalse(EventSchema.isExpressible(event.body, in: 2))
        XCTAssertThrowsError(try EventBinaryCodec.decode(EventBinaryCodec.encode(event)))
        let line = try EventJSON.line(event)
        XCTAssertThrowsError(try EventJSON.decodeStrict(line))
        let projection = Projection(catalogue: catalogue, events: Array(reopenedJournal().prefix(6)))
        XCTAssertTrue(validator().validate(event, in: projection).map(\.code).contains("schema.kind"))
        // A schema-2 event still reads as schema 2, unchanged.
        var old = Fixture.intake("R-2", "2024-01-10", id: 30)
        old.schemaVersion = 2
        XCTAssertEqual(try EventBinaryCodec.decode(EventBinaryCodec.encode(old)), old)
    }
}
