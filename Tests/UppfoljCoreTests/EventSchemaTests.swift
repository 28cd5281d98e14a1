import Foundation
import XCTest
@testable import UppfoljCore

/// Event schema 2 (docs/event-schema.md): how schema-1 events read into the model and print as
/// they were written, the binary and JSON forms of the new fields, and the new validation rules.
final class EventSchemaTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let today = Day(iso: "2025-12-31")!
    var validator: Validator { Validator(catalogue: catalogue, today: today) }

    func v1Line(_ data: String, type: String = "closure") -> String {
        #"{"case":"S-1","data":\#(data),"date":"2024-05-02","id":"000000000000000000000000000000aa","recordedAt":"2024-05-02T10:00:00Z","schema":1,"type":"\#(type)","worker":"hl01"}"#
    }

    // MARK: the mapping of schema 1

    func testSchemaOneClosureReasonsMapToReasonAndGoalAttainmentAndPrintAsWritten() throws {
        let cases: [(String, ClosureReason, GoalAttainment)] = [
            ("goalFullyMet", .planned, .full), ("goalPartlyMet", .planned, .partly), ("goalNotMet", .planned, .notMet),
            ("endedByClient", .endedByClient, .notAssessed), ("moved", .moved, .notAssessed), ("other", .other, .notAssessed),
        ]
        for (raw, reason, attainment) in cases {
            let line = v1Line(#"{"reason":"\#(raw)","violence":"stopped","violenceByType":{}}"#)
            let event = try EventJSON.decodeStrict(line)
            guard case .closure(let closure) = event.body else { return XCTFail() }
            XCTAssertEqual(closure.reason, reason, raw)
            XCTAssertEqual(closure.goalAttainment, attainment, raw)
            XCTAssertNil(closure.followUpConsent, "a value schema 1 never asked for is ej registrerat")
            XCTAssertEqual(try EventJSON.line(event), line, "a schema-1 event prints in its own form")
            // The binary form of schema 1 holds the old reason; it reads back to the same event.
            let bytes = EventBinaryCodec.encode(event)
            XCTAssertEqual(try EventBinaryCodec.decode(bytes), event)
            var written = Closure(reason: ClosureReason(rawValue: raw)!)
            written.violence = .stopped
            var w = BinaryWriter()
            EventBinaryCodec.encodeBody(.closure(written), schema: 1, into: &w)
            XCTAssertEqual(w.bytes.first, UInt8(ClosureReason(rawValue: raw)!.wireIndex))
            XCTAssertEqual(Array(bytes.suffix(w.bytes.count)), w.bytes, "schema-1 bytes keep the schema-1 reason")
        }
    }

    func testSchemaOneJSONWithAFieldOrKindOfSchemaTwoIsRefused() {
        let withNewField = v1Line(#"{"reason":"moved","violence":"stopped","violenceByType":{},"followUpConsent":"yes"}"#)
        XCTAssertThrowsError(try EventJSON.decodeStrict(withNewField))
        let withNewReason = v1Line(#"{"reason":"planned","violence":"stopped","violenceByType":{}}"#)
        XCTAssertThrowsError(try EventJSON.decodeStrict(withNewReason))
        let handover = v1Line(#"{"toWorker":"hl02"}"#, type: "handover")
        XCTAssertThrowsError(try EventJSON.decodeStrict(handover))
        // The same closure as schema 2 is read as it stands.
        let v2 = withNewField.replacingOccurrences(of: #""schema":1"#, with: #""schema":2"#)
            .replacingOccurrences(of: #""reason":"moved""#, with: #""goalAttainment":"notAssessed","reason":"moved""#)
        XCTAssertNoThrow(try EventJSON.decodeStrict(v2))
    }

    func testABinarySchemaOneEventWithASchemaTwoKindIsRefused() {
        let event = Event(id: Fixture.id(1), caseCode: "S-1", effectiveDate: Fixture.day("2024-05-02"), worker: "hl01",
                          schemaVersion: 2, body: .handover(Handover(toWorker: "hl02")))
        var bytes = EventBinaryCodec.encode(event)
        bytes[0] = 1
        XCTAssertThrowsError(try EventBinaryCodec.decode(bytes))
    }

    // MARK: schema 2 round trips

    func fullIntake(role: Role) -> Intake {
        var v = Intake(role: role)
        v.sex = .female; v.birthYear = 1980; v.referral = .probationService
        v.knownDate = Fixture.day("2025-01-02"); v.otherPartySex = .male; v.livingSituation = .separated
        v.severity = .verySerious; v.violenceDuration = .overFiveYears; v.lastViolence = .lastWeek
        v.goals = role == .victim ? [.safety, .housing] : [.violenceStops]
        v.responsibleWorker = "hl07"
        if role == .perpetrator {
            v.mandate = .probationCondition; v.underInvestigationOrConvicted = .yes; v.treatmentOfferDeclined = .no
        } else {
            v.policeReport = .yes; v.protectiveMeasures = [.policeAlarmPackage, .contactBan]; v.housing = .shelter
        }
        return v
    }

    func testEverySchemaTwoFieldSurvivesBinaryAndJSON() throws {
        var start = InterventionStart(interventionId: "I1", type: .shelter)
        start.legalBasis = .withoutNeedsAssessment; start.offeredAndDeclined = .no; start.accompanyingChildren = 2
        var t1 = DuringFollowUp(); t1.protectiveMeasures = [.safetyAlarm]; t1.goalProgress = .partly
        var closure = Closure(reason: .handedOver, goalAttainment: .partly)
        closure.violenceSource = .partner; closure.livingSituation = .noRelationship; closure.followUpConsent = .yes
        closure.safeContact = .textMessage; closure.partnerReportedNewViolence = .no
        closure.survey = ClientSurvey(feelingSafe: 4)
        var t3 = FollowUpAfterClosure(reached: false)
        t3.attempts = 3; t3.notReachedReason = .notSafe; t3.source = .register; t3.livingSituation = .separated
        t3.partnerReportedNewViolence = .unknown
        var settings = UnitSettings()
        settings.minimumCellSize = 5; settings.population18Plus = 81_234; settings.populationYear = 2024; settings.t4Months = 12
        var assessment = Assessment(instrument: InstrumentRef(id: "utan-metod", version: "1"), timePoint: .intake)
        assessment.respondent = .partner
        let bodies: [EventBody] = [
            .intake(fullIntake(role: .victim)), .intake(fullIntake(role: .perpetrator)), .interventionStarted(start),
            .duringFollowUp(t1), .closure(closure), .followUp(t3), .handover(Handover(toWorker: "hl09")),
            .unitSettings(settings), .assessment(assessment),
            .correction(Correction(target: Fixture.id(9), action: .amend(body: .closure(closure), effectiveDate: nil), reason: .wrongValue)),
        ]
        // Written as schema 2 (as before schema 3) and as schema 3 (today), which added only a kind.
        for body in bodies {
          for version in [2, Event.currentSchemaVersion] {
            let event = Event(id: Fixture.id(3), caseCode: "S-2", recordedAt: Timestamp(secondsSinceEpoch: 1_750_000_000),
                              effectiveDate: Fixture.day("2025-07-02"), worker: "hl01", schemaVersion: version, body: body)
            XCTAssertTrue(EventBinaryCodec.roundTrips(event), "\(body.kind)")
            XCTAssertEqual(try EventBinaryCodec.decode(EventBinaryCodec.encode(event)), event, "\(body.kind)")
            XCTAssertEqual(try EventJSON.decodeStrict(try EventJSON.line(event)), event, "\(body.kind)")
          }
        }
    }

    func testSchemaTwoFieldsAreAddedAtTheEndOfTheSchemaOneBody() throws {
        // A schema-2 body starts with exactly the bytes its schema-1 form has.
        var closure = Closure(reason: .moved, goalAttainment: .notAssessed)
        closure.followUpConsent = .no
        var w1 = BinaryWriter(), w2 = BinaryWriter()
        EventBinaryCodec.encodeBody(EventSchema.downgrade(.closure(closure), to: 1), schema: 1, into: &w1)
        EventBinaryCodec.encodeBody(.closure(closure), schema: 2, into: &w2)
        XCTAssertEqual(Array(w2.bytes.prefix(w1.bytes.count)), w1.bytes)
        XCTAssertGreaterThan(w2.bytes.count, w1.bytes.count)
    }

    // MARK: validation

    func build(_ events: Event...) -> Projection {
        var p = Projection(catalogue: catalogue)
        for e in events {
            XCTAssertEqual(validator.validate(e, in: p), [], "fixture event must be valid: \(e.kind)")
            p.apply(e)
        }
        return p
    }

    func codes(_ event: Event, _ p: Projection) -> [String] { validator.validate(event, in: p).map(\.code) }

    func testRoleSpecificFieldsAreRefusedOnTheOtherRole() {
        let empty = Projection(catalogue: catalogue)
        XCTAssertEqual(codes(Fixture.event("R-1", "2025-02-01", .intake(fullIntake(role: .victim))), empty), [])
        XCTAssertEqual(codes(Fixture.event("R-1", "2025-02-01", .intake(fullIntake(role: .perpetrator))), empty), [])
        var perpetrator = fullIntake(role: .perpetrator)
        perpetrator.policeReport = .yes
        perpetrator.protectiveMeasures = []
        XCTAssertEqual(codes(Fixture.event("R-1", "2025-02-01", .intake(perpetrator)), empty), ["field.wrongRole", "field.wrongRole"])
        var victim = fullIntake(role: .victim)
        victim.mandate = .voluntary
        victim.goals = [.responsibility]
        XCTAssertEqual(codes(Fixture.event("R-1", "2025-02-01", .intake(victim)), empty), ["field.wrongRole", "goals.wrongRole"])
        victim = fullIntake(role: .victim)
        victim.legalBasis = .assistanceDecision
        victim.knownDate = Fixture.day("2025-02-02")
        XCTAssertEqual(codes(Fixture.event("R-1", "2025-02-01", .intake(victim)), empty), ["legalBasis.perIntervention", "knownDate.afterIntake"])
        // A schema-1 intake is not held to rules it never knew.
        var old = Intake(role: .perpetrator)
        old.policeReport = .yes; old.legalBasis = .assistanceDecision
        var v1 = Fixture.event("R-1", "2024-02-01", .intake(old))
        v1.schemaVersion = 1
        XCTAssertEqual(codes(v1, empty), [])
        // T1 on a perpetrator's case: no police report or housing of the victim's form.
        let p = build(Fixture.intake("R-2", "2025-01-10", role: .perpetrator))
        var t1 = DuringFollowUp(); t1.housing = .ownHome
        XCTAssertEqual(codes(Fixture.event("R-2", "2025-02-01", .duringFollowUp(t1)), p), ["field.wrongRole"])
    }

    func testAssessmentRespondentAndTheCataloguesRoles() throws {
        var json = String(decoding: try InstrumentCatalogue.builtInData(), as: UTF8.self)
        json = json.replacingOccurrences(of: #""id": "freda-farlighet","#,
                                         with: #""id": "freda-farlighet", "roles": ["victim"], "respondents": ["client", "partner"],"#)
        let patched = try InstrumentCatalogue.load(data: Data(json.utf8), source: "test")
        let freda = try XCTUnwrap(patched.current("freda-farlighet"))
        XCTAssertEqual(freda.roles, [.victim])
        XCTAssertEqual(try XCTUnwrap(catalogue.current("freda-farlighet")).roles, Role.allCases, "default when absent: both roles")
        let v = Validator(catalogue: patched, today: today)
        var p = Projection(catalogue: patched)
        p.apply(Fixture.intake("P-1", "2025-01-10", role: .perpetrator))
        p.apply(Fixture.intake("V-1", "2025-01-10", role: .victim))
        func assessment(_ respondent: Respondent) -> EventBody {
            .assessment(Assessment(instrument: freda.ref, timePoint: .intake, ratings: [], judgements: [], respondent: respondent))
        }
        func codes(_ code: String, _ body: EventBody) -> [String] {
            v.validate(Fixture.event(code, "2025-01-12", body), in: p).map(\.code).filter { $0.hasPrefix("respondent") }
        }
        XCTAssertEqual(codes("P-1", assessment(.client)), ["respondent.instrument"], "FREDA as the perpetrator's own assessment")
        XCTAssertEqual(codes("P-1", assessment(.partner)), [], "FREDA with the partner in partner contact")
        XCTAssertEqual(codes("V-1", assessment(.client)), [])
        XCTAssertEqual(codes("V-1", assessment(.partner)), ["respondent.partner"])
        XCTAssertEqual(codes("V-1", assessment(.otherSource)), ["respondent.instrument"], "respondents: client and partner only")
        XCTAssertThrowsError(try InstrumentCatalogue.load(data: Data(json.replacingOccurrences(of: #""roles": ["victim"]"#, with: #""roles": ["child"]"#).utf8), source: "test"))
    }

    func testAnAssessmentWithThePartnerDoesNotCountAsTheClientsRisk() {
        let ref = InstrumentRef(id: "utan-metod", version: catalogue.current("utan-metod")!.version)
        func judged(_ level: String, _ respondent: Respondent?) -> EventBody {
            .assessment(Assessment(instrument: ref, timePoint: .intake, judgements: [JudgementValue(judgement: "risk", value: level)],
                                   respondent: respondent))
        }
        let p = build(Fixture.intake("P-2", "2025-01-10", role: .perpetrator),
                      Fixture.event("P-2", "2025-01-11", judged("lag", .client)),
                      Fixture.event("P-2", "2025-01-12", judged("hog", .partner)))
        XCTAssertEqual(p["P-2"]!.latestRiskAssessment?.riskLevel, .low)
        XCTAssertFalse(p["P-2"]!.isHighRisk)
        let q = build(Fixture.intake("P-2", "2025-01-10", role: .perpetrator),
                      Fixture.event("P-2", "2025-01-12", judged("hog", nil)))
        XCTAssertTrue(q["P-2"]!.isHighRisk, "an assessment that does not say whom it describes counts as the client's, as in schema 1")
    }

    func testClosureReasonAndGoalAttainmentCombinations() {
        let p = build(Fixture.intake("C-1", "2025-01-10"))
        func closure(_ reason: ClosureReason, _ attainment: GoalAttainment?) -> [String] {
            var c = Closure(reason: reason)
            c.goalAttainment = attainment
            return codes(Fixture.event("C-1", "2025-03-01", .closure(c)), p)
        }
        XCTAssertEqual(closure(.planned, .partly), [])
        XCTAssertEqual(closure(.endedByClient, .notAssessed), [])
        XCTAssertEqual(closure(.endedByUnit, .partly), [])
        XCTAssertEqual(closure(.planned, .notAssessed), ["closure.reasonAttainment"])
        XCTAssertEqual(closure(.deceased, .notMet), ["closure.reasonAttainment"])
        XCTAssertEqual(closure(.moved, nil), ["closure.goalAttainment"])
        XCTAssertEqual(closure(.goalPartlyMet, .partly), ["closure.reasonSchemaOne"])
        var c = Closure(reason: .planned, goalAttainment: .full)
        c.followUpConsent = .no; c.safeContact = .phone
        XCTAssertEqual(codes(Fixture.event("C-1", "2025-03-01", .closure(c)), p), ["closure.contactWithoutConsent"])
        c.followUpConsent = .yes; c.safeContact = .doNotContact
        XCTAssertEqual(codes(Fixture.event("C-1", "2025-03-01", .closure(c)), p), ["closure.consentDoNotContact"])
        c.safeContact = .phone; c.partnerReportedNewViolence = .no; c.violenceSource = .partner
        XCTAssertEqual(codes(Fixture.event("C-1", "2025-03-01", .closure(c)), p), ["field.wrongRole", "field.wrongRole"],
                       "the partner's account belongs to a perpetrator's case")
    }

    func testConsentBeforeT3() {
        var declined = Closure(reason: .planned, goalAttainment: .partly)
        declined.followUpConsent = .no
        let p = build(Fixture.intake("T-1", "2025-01-10"), Fixture.event("T-1", "2025-03-01", .closure(declined)))
        var t3 = FollowUpAfterClosure(reached: true)
        t3.newViolence = .no; t3.source = .client
        XCTAssertEqual(codes(Fixture.event("T-1", "2025-09-01", .followUp(t3)), p), ["followUp.noConsent"])
        t3.source = .register
        XCTAssertEqual(codes(Fixture.event("T-1", "2025-09-01", .followUp(t3)), p), [])
        XCTAssertTrue(DueList.pendingFollowUps(of: p["T-1"]!, policy: .standard).isEmpty, "no T3 is due for a client who declined")

        var consented = declined
        consented.followUpConsent = .yes
        let q = build(Fixture.intake("T-2", "2025-01-10"), Fixture.event("T-2", "2025-03-01", .closure(consented)))
        XCTAssertEqual(DueList.pendingFollowUps(of: q["T-2"]!, policy: .standard).map(\.months), [6])
        var notReached = FollowUpAfterClosure(reached: true)
        notReached.notReachedReason = .noAnswer
        notReached.attempts = 0
        XCTAssertEqual(codes(Fixture.event("T-2", "2025-09-01", .followUp(notReached)), q),
                       ["followUp.reasonWhenReached", "followUp.attempts"])
    }

    func testLegalBasisPerInterventionFollowsTheLawOfItsDate() {
        let p = build(Fixture.intake("L-1", "2025-01-10"))
        func start(_ basis: LegalBasis, _ date: String, type: InterventionType = .supportiveTalks, children: Int? = nil) -> [String] {
            var s = InterventionStart(interventionId: "I1", type: type)
            s.legalBasis = basis
            s.accompanyingChildren = children
            return codes(Fixture.event("L-1", date, .interventionStarted(s)), p)
        }
        XCTAssertEqual(start(.serviceWithoutDecision, "2025-06-30"), [])
        XCTAssertEqual(start(.serviceWithoutDecision, "2025-07-01"), ["legalBasis.date"])
        XCTAssertEqual(start(.withoutNeedsAssessment, "2025-07-01"), [])
        XCTAssertEqual(start(.withoutNeedsAssessment, "2025-06-30"), ["legalBasis.date"])
        XCTAssertEqual(start(.assistanceDecision, "2025-06-30", type: .shelter, children: 2), [])
        XCTAssertEqual(start(.assistanceDecision, "2025-06-30", children: 2), ["accompanyingChildren.notShelter"])
    }

    func testHandoverNamesTheNewResponsibleWorker() {
        var intake = Intake(role: .victim)
        intake.sex = .female
        let p = build(Fixture.event("H-1", "2025-01-10", .intake(intake), worker: "hl01"))
        XCTAssertEqual(p["H-1"]!.responsibleWorker, "hl01", "default: the worker who recorded the intake")
        XCTAssertEqual(codes(Fixture.event("H-1", "2025-02-01", .handover(Handover(toWorker: "hl01"))), p), ["handover.sameWorker"])
        XCTAssertEqual(codes(Fixture.event("H-1", "2025-02-01", .handover(Handover(toWorker: ""))), p), ["worker.invalid"])
        let handover = Fixture.event("H-1", "2025-02-01", .handover(Handover(toWorker: "hl04")))
        XCTAssertEqual(codes(handover, p), [])
        var q = p
        q.apply(handover)
        XCTAssertEqual(q["H-1"]!.responsibleWorker, "hl04")
        intake.responsibleWorker = "hl02"
        let r = build(Fixture.event("H-2", "2025-01-10", .intake(intake), worker: "hl01"))
        XCTAssertEqual(r["H-2"]!.responsibleWorker, "hl02")
    }

    func testUnitSettingsBelongToNoCaseAndTheLatestWins() {
        func settings(_ code: String = "", _ edit: (inout UnitSettings) -> Void) -> Event {
            var s = UnitSettings()
            edit(&s)
            return Fixture.event(code, "2025-01-10", .unitSettings(s))
        }
        let empty = Projection(catalogue: catalogue)
        let first = settings { $0.minimumCellSize = 5; $0.population18Plus = 80_000; $0.populationYear = 2024 }
        XCTAssertEqual(codes(first, empty), [])
        XCTAssertEqual(codes(settings("U-1") { $0.minimumCellSize = 5 }, empty), ["caseCode.notEmpty"])
        XCTAssertEqual(codes(settings { _ in }, empty), ["settings.empty"])
        XCTAssertEqual(codes(settings { $0.minimumCellSize = 1 }, empty), ["settings.minCell"])
        XCTAssertEqual(codes(settings { $0.population18Plus = 80_000 }, empty), ["settings.populationYear"])
        XCTAssertEqual(codes(settings { $0.population18Plus = 80_000; $0.populationYear = 2030 }, empty), ["settings.populationYear"])
        XCTAssertEqual(codes(settings { $0.t3Months = 6; $0.t4Months = 6 }, empty), ["settings.t4"])
        var p = empty
        p.apply(first)
        p.apply(settings { $0.minimumCellSize = 10; $0.t4Months = 12 })
        XCTAssertTrue(p.cases.isEmpty, "settings open no case")
        XCTAssertEqual(p.unitSettings.minimumCellSize, 10)
        XCTAssertEqual(p.unitSettings.population18Plus, 80_000, "a field left out keeps its earlier value")
        XCTAssertEqual(FollowUpPolicy(settings: p.unitSettings).monthsAfterClosure, [6, 12])
    }
}
