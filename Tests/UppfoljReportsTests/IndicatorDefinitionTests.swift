import Foundation
import UppfoljCore
import XCTest
@testable import UppfoljReports

/// Every indicator of the built-in catalogue on a small hand-built journal, with the expected
/// counts worked out by hand in the comments (before disclosure control: `rawCells`), plus a few
/// through the real suppressed path. docs/indicators.md has the definitions.
///
/// The journal (period 2025Q1 = January–March 2025 unless said; computed on 2026-01-15):
///
/// | case | role | sex | born | intake     | honour | children | exposed | violence types      |
/// |------|------|-----|------|------------|--------|----------|---------|---------------------|
/// | V1   | vict | F   | 1990 | 2025-01-10 | yes    | 2        | yes     | physical, psych.    |
/// | V2   | vict | F   | 2000 | 2025-02-03 | no     | 0        | no      | psych.              |
/// | V3   | vict | M→F | 1960 | 2025-03-15 | unkn.  | unknown  | unkn.   | unknown             |  (sex amended)
/// | V4   | vict | F   | 1985 | 2024-12-20 | no     | 0        | no      | physical            |  (intake before Q1)
/// | P1   | perp | M   | 1980 | 2025-01-05 | no     | 1        | no      | physical            |
/// | P2   | perp | M   | 1995 | 2025-02-01 | yes    | 3        | yes     | physical, economic  |
/// | R1   | vict | F   | 1990 | 2025-01-15 | yes    | 1        | yes     | physical            |  (intake retracted)
///
/// V1: FREDA-farlighet T0 2025-01-12 hög; supportive talks from 01-20; FREDA-farlighet T2
///     02-28 låg; closed 03-01 goal fully met, violence stopped, survey 5; T3 2025-09-10 reached, no new violence.
/// V2: utan metod T0 02-04 medel; shelter from 03-05; closed 03-20 goal not met, violence ongoing, survey 2; no T3.
/// V4: closed 2025-02-10 goal partly met, violence unknown, no survey; T3 2025-07-01 reached, new violence.
/// P1: SARA T0 01-06 medel; group treatment 01-25 → 03-10 completed; asked 01-06 consent yes, attempt
///     reached 01-10, accepted 01-11, talk 01-20 with new violence.
/// P2: individual treatment 02-11 → 03-25 ended by client; asked 02-02, no consent.
final class IndicatorDefinitionTests: XCTestCase {
    static let catalogue = try! InstrumentCatalogue.builtIn()
    static let asOf = Day(iso: "2026-01-15")!
    static func event(_ code: String, _ date: String, _ body: EventBody, number: UInt64) -> Event {
        let day = Day(iso: date)!
        return Event(id: EventID(high: 0xC0DE, low: number), caseCode: code,
                     recordedAt: Timestamp(secondsSinceEpoch: Int64(day.daysSinceEpoch) * 86_400 + 36_000),
                     effectiveDate: day, worker: "hl01", body: body)
    }

    static func intake(_ role: Role, _ sex: Sex, born: Int?, honour: Answer, children: Int?, exposed: Answer,
                       violence: VocabularySet<ViolenceType>?) -> EventBody {
        var intake = Intake(role: role)
        intake.sex = sex
        intake.birthYear = born
        intake.honourContext = honour
        intake.childrenInHousehold = children
        intake.childrenExposed = exposed
        intake.violenceTypes = violence
        return .intake(intake)
    }

    static func assessment(_ instrument: String, _ timePoint: TimePoint, _ level: String) -> EventBody {
        let current = catalogue.current(instrument)!  // its summary judgement: "risk", or SARA's risk towards the partner
        return .assessment(Assessment(instrument: current.ref, timePoint: timePoint,
                                      judgements: [JudgementValue(judgement: current.summaryJudgementId!, value: level)]))
    }

    static func closure(_ reason: ClosureReason, _ violence: ViolenceStatus, survey: Int?) -> EventBody {
        var closure = Closure(reason: reason)
        closure.violence = violence
        closure.survey = survey.map { ClientSurvey(situationImproved: $0) }
        return .closure(closure)
    }

    static func t3(reached: Bool, newViolence: Answer) -> EventBody {
        var followUp = FollowUpAfterClosure(reached: reached)
        followUp.newViolence = newViolence
        return .followUp(followUp)
    }

    static let facts: [CaseFacts] = {
        var events: [Event] = []
        func add(_ code: String, _ date: String, _ body: EventBody) {
            events.append(event(code, date, body, number: UInt64(events.count + 1)))
        }
        add("V1", "2025-01-10", intake(.victim, .female, born: 1990, honour: .yes, children: 2, exposed: .yes, violence: [.physical, .psychological]))
        add("V1", "2025-01-12", assessment("freda-farlighet", .intake, "hog"))
        add("V1", "2025-01-20", .interventionStarted(InterventionStart(interventionId: "I1", type: .supportiveTalks)))
        add("V1", "2025-02-28", assessment("freda-farlighet", .closure, "lag"))
        add("V1", "2025-03-01", closure(.goalFullyMet, .stopped, survey: 5))
        add("V1", "2025-09-10", t3(reached: true, newViolence: .no))

        add("V2", "2025-02-03", intake(.victim, .female, born: 2000, honour: .no, children: 0, exposed: .no, violence: [.psychological]))
        add("V2", "2025-02-04", assessment("utan-metod", .intake, "medel"))
        add("V2", "2025-03-05", .interventionStarted(InterventionStart(interventionId: "I1", type: .shelter)))
        add("V2", "2025-03-20", closure(.goalNotMet, .ongoing, survey: 2))

        add("V3", "2025-03-15", intake(.victim, .male, born: 1960, honour: .unknown, children: nil, exposed: .unknown, violence: nil))
        let v3Intake = events.last!.id
        add("V3", "2025-03-16", .correction(Correction(
            target: v3Intake,
            action: .amend(body: intake(.victim, .female, born: 1960, honour: .unknown, children: nil, exposed: .unknown, violence: nil),
                           effectiveDate: nil),
            reason: .wrongValue)))

        add("V4", "2024-12-20", intake(.victim, .female, born: 1985, honour: .no, children: 0, exposed: .no, violence: [.physical]))
        add("V4", "2025-02-10", closure(.goalPartlyMet, .unknown, survey: nil))
        add("V4", "2025-07-01", t3(reached: true, newViolence: .yes))

        add("P1", "2025-01-05", intake(.perpetrator, .male, born: 1980, honour: .no, children: 1, exposed: .no, violence: [.physical]))
        add("P1", "2025-01-06", assessment("sara", .intake, "medel"))
        add("P1", "2025-01-06", .partnerContact(.asked(consent: .yes)))
        add("P1", "2025-01-10", .partnerContact(.attempt(channel: .phone, reached: true)))
        add("P1", "2025-01-11", .partnerContact(.response(.accepted)))
        var talk = PartnerConversation()
        talk.newViolence = .yes
        add("P1", "2025-01-20", .partnerContact(.conversation(talk)))
        add("P1", "2025-01-25", .interventionStarted(InterventionStart(interventionId: "I1", type: .groupTreatment)))
        add("P1", "2025-03-10", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed)))

        add("P2", "2025-02-01", intake(.perpetrator, .male, born: 1995, honour: .yes, children: 3, exposed: .yes, violence: [.physical, .economic]))
        add("P2", "2025-02-02", .partnerContact(.asked(consent: .no)))
        add("P2", "2025-02-11", .interventionStarted(InterventionStart(interventionId: "I1", type: .individualTreatment)))
        add("P2", "2025-03-25", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .endedByClient)))

        add("R1", "2025-01-15", intake(.victim, .female, born: 1990, honour: .yes, children: 1, exposed: .yes, violence: [.physical]))
        let r1Intake = events.last!.id
        add("R1", "2025-01-20", .correction(Correction(target: r1Intake, action: .retract, reason: .wrongCase)))
        return IndicatorRollup(projection: Projection(catalogue: catalogue, events: events)).allFacts
    }()

    let builder = ReportBuilder(instruments: IndicatorDefinitionTests.catalogue, control: try! DisclosureControl(minimumCellSize: 3))

    func raw(_ id: String, _ period: String = "2025Q1") -> [String: Int] {
        builder.rawCells(id, facts: Self.facts, period: ReportPeriod(period)!, asOf: Self.asOf)
    }

    func testTheJournalHasSixCasesAfterTheRetraction() {
        XCTAssertEqual(Self.facts.count, 6, "R1's intake is retracted, so R1 counts nowhere")
    }

    func test1Opened() {
        let cells = raw("opened")
        // Intake in Q1: V1, V2, V3, P1, P2 (V4 opened in December; R1 retracted).
        XCTAssertEqual(cells["total"], 5)
        XCTAssertEqual(cells["role=victim"], 3)
        XCTAssertEqual(cells["role=perpetrator"], 2)
        // V3's sex was amended from male to female: 3 women (V1, V2, V3), 2 men (P1, P2).
        XCTAssertEqual(cells["sex=female"], 3)
        XCTAssertEqual(cells["sex=male"], 2)
        // Age at the intake year: V1 35, V2 25, V3 65, P1 45, P2 30.
        XCTAssertEqual(cells["ageBand=26-40"], 2)
        XCTAssertEqual(cells["ageBand=18-25"], 1)
        XCTAssertEqual(cells["ageBand=65+"], 1)
        XCTAssertEqual(cells["ageBand=41-64"], 1)
        XCTAssertEqual(cells["ageBand=unknown"], 0)
        XCTAssertEqual(cells["ageBand=26-40|role=victim|sex=female"], 1)
        XCTAssertEqual(cells["ageBand=26-40|role=perpetrator|sex=male"], 1)
        XCTAssertEqual(cells["role=victim|sex=female"], 3)
        // One quarter has no trend; over two quarters the parts are the quarters: V4 in 2024Q4.
        XCTAssertNil(cells["period=2025Q1"])
        let two = raw("opened", "2024Q4..2025Q1")
        XCTAssertEqual(two["total"], 6)
        XCTAssertEqual(two["period=2024Q4"], 1)
        XCTAssertEqual(two["period=2025Q1"], 5)
        // A period that is not whole quarters is shown by month: January V1, P1; February V2, P2.
        let months = raw("opened", "2025-01..2025-02")
        XCTAssertEqual(months["period=2025-01"], 2)
        XCTAssertEqual(months["period=2025-02"], 2)
    }

    func test2WithIntervention() {
        let cells = raw("with-intervention")
        // Opened in Q1: 5; with an intervention: V1, V2, P1, P2 (not V3).
        XCTAssertEqual(cells["total"], 5)
        XCTAssertEqual(cells["outcome=yes"], 4)
        XCTAssertEqual(cells["outcome=no"], 1)
        XCTAssertEqual(cells["outcome=yes|role=victim"], 2)
        XCTAssertEqual(cells["outcome=yes|role=perpetrator"], 2)
        XCTAssertEqual(cells["honour=yes"], 2)
        XCTAssertEqual(cells["honour=yes|outcome=yes"], 2)
    }

    func test3GoalReached() {
        let cells = raw("goal-reached")
        // Closed in Q1: V1 (fully met), V4 (partly), V2 (not met): 2 of 3.
        XCTAssertEqual(cells["total"], 3)
        XCTAssertEqual(cells["outcome=yes"], 2)
        XCTAssertEqual(cells["category=goalFullyMet"], 1)
        XCTAssertEqual(cells["category=goalPartlyMet"], 1)
        XCTAssertEqual(cells["category=goalNotMet"], 1)
        XCTAssertEqual(cells["category=moved"], 0)
        // By intervention type: V1 had supportive talks (goal met), V2 shelter (not), V4 none.
        XCTAssertEqual(cells["interventionType=supportiveTalks"], 1)
        XCTAssertEqual(cells["interventionType=supportiveTalks|outcome=yes"], 1)
        XCTAssertEqual(cells["interventionType=shelter"], 1)
        XCTAssertEqual(cells["interventionType=shelter|outcome=yes"], 0)
    }

    func test4RiskAssessedAtIntake() {
        let cells = raw("risk-assessed")
        // First T0 risk assessment: V1 FREDA-farlighet, P1 SARA (standardised); V2 utan metod; V3, P2 none.
        XCTAssertEqual(cells["total"], 5)
        XCTAssertEqual(cells["outcome=yes"], 2)
        XCTAssertEqual(cells["category=freda-farlighet"], 1)
        XCTAssertEqual(cells["category=sara"], 1)
        XCTAssertEqual(cells["category=utan-metod"], 1)
        XCTAssertEqual(cells["category=none"], 2)
        XCTAssertEqual(cells["outcome=yes|role=perpetrator"], 1)
    }

    func test5aIntakeRisk() {
        let cells = raw("intake-risk")
        // V1 hög, V2 medel (utan metod), P1 medel (SARA), V3 and P2 no assessment.
        XCTAssertEqual(cells["total"], 5)
        XCTAssertEqual(cells["category=hog"], 1)
        XCTAssertEqual(cells["category=medel"], 2)
        XCTAssertEqual(cells["category=lag"], 0)
        XCTAssertEqual(cells["category=none"], 2)
        XCTAssertEqual(cells["category=medel|role=perpetrator"], 1)
    }

    func test5bClosureRisk() {
        let cells = raw("closure-risk")
        // Closed in Q1: V1 (T2 assessment låg), V2 and V4 (none at T2).
        XCTAssertEqual(cells["total"], 3)
        XCTAssertEqual(cells["category=lag"], 1)
        XCTAssertEqual(cells["category=none"], 2)
    }

    func test5cRiskChange() {
        let cells = raw("risk-change")
        // Only V1 has the same instrument at T0 and T2: hög → låg, lowered.
        XCTAssertEqual(cells["total"], 1)
        XCTAssertEqual(cells["category=lowered"], 1)
        XCTAssertEqual(cells["category=raised"], 0)
    }

    func test6ViolenceStopped() {
        let cells = raw("violence-stopped")
        // Victims closed in Q1: V1 stopped, V2 ongoing, V4 unknown (in the denominator): 1 of 3.
        XCTAssertEqual(cells["total"], 3)
        XCTAssertEqual(cells["outcome=yes"], 1)
        XCTAssertEqual(cells["category=unknown"], 1)
        XCTAssertEqual(cells["sex=female"], 3)
    }

    func test7NoNewViolenceAtT3() {
        // No T3 was done in Q1.
        XCTAssertEqual(raw("no-new-violence")["total"], 0)
        let cells = raw("no-new-violence", "2025Q3")
        // T3 in Q3 and reached: V1 (no new violence), V4 (new violence): 1 of 2.
        XCTAssertEqual(cells["total"], 2)
        XCTAssertEqual(cells["outcome=yes"], 1)
    }

    func test8T3InTime() {
        let cells = raw("t3-in-time", "2025Q3")
        // Due dates (closure + 6 months): V1 2025-09-01, V4 2025-08-10, V2 2025-09-20, all in Q3 and
        // their windows (to due + 30 days) passed by 2026-01-15.
        // V1 done 09-10: in time. V4 done 07-01, 40 days before due: too early. V2 none: missing.
        XCTAssertEqual(cells["total"], 3)
        XCTAssertEqual(cells["outcome=yes"], 1)
        XCTAssertEqual(cells["category=inWindow"], 1)
        XCTAssertEqual(cells["category=early"], 1)
        XCTAssertEqual(cells["category=missing"], 1)
        XCTAssertEqual(cells["category=late"], 0)
        // Computed on 2025-10-01 V2's window (to 2025-10-20) is still open: it is not yet counted.
        let early = builder.rawCells("t3-in-time", facts: Self.facts, period: ReportPeriod("2025Q3")!, asOf: Day(iso: "2025-10-01")!)
        XCTAssertEqual(early["total"], 2)
        XCTAssertEqual(early["category=missing"], 0)
    }

    func test9TreatmentCompleted() {
        let cells = raw("treatment-completed")
        // Perpetrators whose treatment ended in Q1: P1 group treatment completed, P2 individual ended by client.
        XCTAssertEqual(cells["total"], 2)
        XCTAssertEqual(cells["outcome=yes"], 1)
        XCTAssertEqual(cells["interventionType=groupTreatment|outcome=yes"], 1)
        XCTAssertEqual(cells["interventionType=individualTreatment"], 1)
        XCTAssertEqual(cells["interventionType=individualTreatment|outcome=yes"], 0)
    }

    func test10aPartnerFunnel() throws {
        let cells = raw("partner-funnel")
        // Asked in Q1: P1 (consent, reached, accepted), P2 (no consent).
        XCTAssertEqual(cells["total"], 2)
        XCTAssertEqual(cells["category=accepted"], 1)
        XCTAssertEqual(cells["category=noConsent"], 1)
        XCTAssertEqual(cells["category=consentNotReached"], 0)
        // Through the report with k = 3 the 1s are hidden, and so is every stage that would give them back.
        let report = try builder.indicators(facts: Self.facts, period: ReportPeriod("2025Q1")!, asOf: Self.asOf)
        let stages = try XCTUnwrap(report.first { $0.id == "partner-funnel" }?.table(.stages))
        XCTAssertEqual(stages.rows.map(\.key), [["asked"], ["consent"], ["reached"], ["accepted"]])
        XCTAssertEqual(stages.rows.compactMap { $0.count?.value }, [], "2 asked is below k = 3; 1 and 1 likewise")
    }

    func test10bPartnerNewViolence() {
        let cells = raw("partner-new-violence")
        // First partner talk in Q1: P1, with new violence: 1 of 1.
        XCTAssertEqual(cells["total"], 1)
        XCTAssertEqual(cells["outcome=yes"], 1)
    }

    func test11DaysToIntervention() {
        let cells = raw("days-to-intervention")
        // Opened in Q1 with an intervention: V1 10 days, V2 30, P1 20, P2 10 → 10, 10, 20, 30:
        // median (10 + 20) / 2 = 15. Victims 10, 30 → 20; perpetrators 10, 20 → 15.
        XCTAssertEqual(cells["total"], 4)
        XCTAssertEqual(cells["median:total"], 15)
        XCTAssertEqual(cells["median:role=victim"], 20)
        XCTAssertEqual(cells["median:role=perpetrator"], 15)
    }

    func test12aHonour() {
        let cells = raw("honour")
        // Opened in Q1: V1 yes, P2 yes, V2 no, P1 no, V3 unknown (counted in the denominator): 2 of 5.
        XCTAssertEqual(cells["total"], 5)
        XCTAssertEqual(cells["outcome=yes"], 2)
        XCTAssertEqual(cells["category=unknown"], 1)
    }

    func test12bChildrenInHousehold() {
        let cells = raw("children-household")
        // V1 2, P1 1, P2 3 children: yes; V2 0: no; V3 not recorded: unknown. 3 of 5.
        XCTAssertEqual(cells["total"], 5)
        XCTAssertEqual(cells["outcome=yes"], 3)
        XCTAssertEqual(cells["category=unknown"], 1)
    }

    func test12cChildrenExposed() {
        let cells = raw("children-exposed")
        // V1 and P2 yes; V2, P1 no; V3 unknown. 2 of 5.
        XCTAssertEqual(cells["total"], 5)
        XCTAssertEqual(cells["outcome=yes"], 2)
    }

    func test13SurveyImproved() {
        let cells = raw("survey-improved")
        // Closed in Q1 with the survey answered: V1 (5), V2 (2); V4 did not answer. 1 of 2 chose 4 or 5.
        XCTAssertEqual(cells["total"], 2)
        XCTAssertEqual(cells["outcome=yes"], 1)
        XCTAssertEqual(cells["category=5"], 1)
        XCTAssertEqual(cells["category=2"], 1)
    }

    func test14ViolenceTypes() {
        let cells = raw("violence-types")
        // Opened in Q1 with known types: V1, V2, P1, P2 (V3 unknown is left out).
        // physical V1, P1, P2 = 3; psychological V1, V2 = 2; economic P2 = 1.
        XCTAssertEqual(cells["total"], 4)
        XCTAssertEqual(cells["category=physical"], 3)
        XCTAssertEqual(cells["category=psychological"], 2)
        XCTAssertEqual(cells["category=economic"], 1)
        XCTAssertEqual(cells["category=sexual"], 0)
        XCTAssertEqual(cells["category=physical|role=perpetrator"], 2)
    }

    /// Through disclosure control with k = 3: the 2 perpetrators are hidden, and with only two
    /// roles so is one more of victims / total; the population's cells are shown or hidden alike
    /// in every indicator over the cases opened in the period.
    func testSuppressedPathAgreesWithTheHandCounts() throws {
        let report = try builder.indicators(facts: Self.facts, period: ReportPeriod("2025Q1")!, asOf: Self.asOf)
        let opened = try XCTUnwrap(report.first { $0.id == "opened" })
        let byRole = try XCTUnwrap(opened.table(.breakdown(.role)))
        XCTAssertNil(byRole.row(["perpetrator"])?.count?.value, "2 < k = 3")
        let total = opened.headline.count?.value, victims = byRole.row(["victim"])?.count?.value
        XCTAssertTrue(total == nil || victims == nil, "otherwise 5 − 3 gives the hidden 2")
        XCTAssertTrue([nil, 5].contains(total) && [nil, 3].contains(victims), "what is shown is the hand count")
        for id in ["with-intervention", "risk-assessed", "honour", "children-household", "children-exposed"] {
            let indicator = try XCTUnwrap(report.first { $0.id == id })
            XCTAssertEqual(indicator.headline.denominator?.value, total, "\(id): the shared total")
            let table = try XCTUnwrap(indicator.table(.breakdown(.role)), id)
            XCTAssertEqual(table.row(["victim"])?.denominator?.value, victims, "\(id): the shared population cell")
            XCTAssertNil(table.row(["perpetrator"])?.denominator?.value, "\(id): hidden alike everywhere")
        }
        // 12b: 3 of 5 with children; the complement 2 is below k and hidden, so the share is too.
        let children = try XCTUnwrap(report.first { $0.id == "children-household" })
        XCTAssertTrue(children.headline.share?.isSuppressed ?? false)
        XCTAssertTrue([nil, 3].contains(children.headline.numerator?.value))
    }
}
