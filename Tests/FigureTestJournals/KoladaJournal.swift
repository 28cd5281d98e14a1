import Foundation
import UppfoljCore

/// A small schema-2 journal for the figures units are asked for (issue 15): adults and under-18s
/// of both roles, an unknown age, a case opened the year before, declined offers, T3s reached and
/// not. `KoladaFigureTests` works every figure out from it; `KoladaEndToEndTests` writes the very
/// same events through `uppfolj import` (this test-support target is shared by both).
///
/// Period 2025, computed on 2026-03-01. Ages are reached in the intake year.
///
/// | case | role | sex | born | age   | intake     | honour | severity    | T0 risk          | interventions (legal basis)                          | closed (goal)              | survey sit/imp | T3 consent |
/// |------|------|-----|------|-------|------------|--------|-------------|------------------|------------------------------------------------------|----------------------------|----------------|------------|
/// | V0   | vict | F   | 1988 | 26-40 | 2024-11-05 | no     | –           | –                | supportive talks 11-10 (service utan beslut)         | 2025-04-15 (partly)        | –              | yes        |
/// | V1   | vict | F   | 1990 | 26-40 | 2025-01-10 | no     | very severe | FREDA hög        | shelter 01-15 (bistånd)                              | 2025-05-10 (fully)         | 5 / 5          | yes        |
/// | V2   | vict | F   | 1998 | 26-40 | 2025-01-20 | yes    | serious     | FREDA medel      | supportive talks 01-25 (utan), temporary housing 02-01 (bistånd) | 2025-05-20 (partly) | 4 / 3   | yes        |
/// | V3   | vict | F   | 2004 | 18-25 | 2025-02-01 | no     | mild        | SARA medel       | supportive talks 02-05 (utan)                        | 2025-05-25 (fully)         | 5 / 4          | yes        |
/// | V4   | vict | M   | 1970 | 41-64 | 2025-02-10 | unknown| not recorded| utan metod låg   | supportive talks 02-12 (utan)                        | 2025-06-01 (fully)         | 3 / 5          | no         |
/// | V5   | vict | F   | 1955 | 65+   | 2025-02-15 | no     | very severe | none             | legal process support 02-20 (bistånd)                | 2025-06-05 (not met)       | 2 / 2          | yes        |
/// | V6   | vict | F   | 2005 | 18-25 | 2025-03-01 | yes    | unknown     | FREDA hög        | –                                                    | 2025-06-10 (ended by client, not assessed) | – | yes       |
/// | V7   | vict | F   | 1980 | 41-64 | 2025-03-05 | no     | serious     | FREDA låg        | –                                                    | 2025-06-15 (not met)       | –              | yes        |
/// | V8   | vict | F   | 1992 | 26-40 | 2025-03-20 | no     | mild        | none             | –                                                    | open                       |                |            |
/// | U1   | vict | F   | 2010 | 0-17  | 2025-01-12 | no     | –           | –                | supportive talks 01-20 (not recorded)                | 2025-05-01 (fully)         | –              | yes        |
/// | U2   | vict | M   | 2009 | 0-17  | 2025-02-20 | no     | –           | –                | –                                                    | open                       |                |            |
/// | X1   | vict | F   | –    | unkn. | 2025-03-02 | no     | –           | –                | shelter 03-03 (bistånd)                              | 2025-06-02 (fully)         | –              | yes        |
/// | P1   | perp | M   | 1985 | 26-40 | 2025-01-08 | no     | –           | –                | individual treatment 01-20 → 05-01 completed (bistånd) | 2025-05-15 (partly; partner: no new violence) | – | yes |
/// | P2   | perp | M   | 1990 | 26-40 | 2025-02-03 | no     | –           | –                | – (intake: treatment offer declined)                 | 2025-05-30 (not met; partner: new violence) | – | no |
/// | P3   | perp | F   | 1975 | 41-64 | 2025-03-10 | no     | –           | –                | group treatment 03-15 offered and declined           | 2025-06-20 (ended by client, not assessed; partner: unknown) | – | not recorded |
/// | P4   | perp | M   | 2008 | 0-17  | 2025-03-15 | no     | –           | –                | – (intake: offer not declined)                       | open                       |                |            |
///
/// T3s (all done in 2025): V0 10-20 reached; V1 11-12 reached; V2 11-25 not reached (no answer);
/// V3 12-20 reached; V5 12-10 not reached (reason not recorded); P1 11-20 reached (partner: no new
/// violence); U1 11-03 reached. None for V6, V7, X1, P3 (their windows end by 2026-01-19).
public enum KoladaJournal {
    public static let catalogue = try! InstrumentCatalogue.builtIn()
    public static let asOf = Day(iso: "2026-03-01")!
    /// The unit's population aged 18+ used in the hand computations.
    public static let population = 12_345

    public static var events: [Event] {
        var events: [Event] = []
        func add(_ code: String, _ date: String, _ body: EventBody) {
            let day = Day(iso: date)!
            events.append(Event(id: EventID(high: 0xC0DE15, low: UInt64(events.count + 1)), caseCode: "U2025-" + code,
                                recordedAt: Timestamp(secondsSinceEpoch: Int64(day.daysSinceEpoch) * 86_400 + 36_000),
                                effectiveDate: day, worker: "hl01", body: body))
        }
        func intake(_ code: String, _ date: String, _ role: Role, _ sex: Sex, born: Int?, honour: Answer = .no,
                    severity: Severity? = nil, offerDeclined: Answer? = nil) {
            var intake = Intake(role: role)
            intake.sex = sex
            intake.birthYear = born
            intake.honourContext = honour
            intake.severity = severity
            if role == .perpetrator { intake.treatmentOfferDeclined = offerDeclined }
            add(code, date, .intake(intake))
        }
        func risk(_ code: String, _ date: String, _ instrument: String, _ level: String) {
            let current = catalogue.current(instrument)!
            // The summary judgement at `level`; the instrument's other required judgements too (at
            // `level` where it is one of their options), as a worker must give them.
            let judgements = current.judgements.filter { $0.required || $0.id == current.summaryJudgementId }.map { judgement in
                JudgementValue(judgement: judgement.id, value: judgement.option(level) != nil ? level : judgement.options[0].id)
            }
            add(code, date, .assessment(Assessment(instrument: current.ref, timePoint: .intake, judgements: judgements,
                                                   respondent: .client)))
        }
        func start(_ code: String, _ date: String, _ id: String, _ type: InterventionType, _ basis: LegalBasis?, declined: Bool = false) {
            var start = InterventionStart(interventionId: id, type: type)
            start.legalBasis = basis
            start.offeredAndDeclined = declined ? .yes : .no
            add(code, date, .interventionStarted(start))
        }
        func close(_ code: String, _ date: String, _ reason: ClosureReason, _ goal: GoalAttainment, consent: Answer?,
                   survey: (Int, Int)? = nil, partner: Answer? = nil) {
            var closure = Closure(reason: reason, goalAttainment: goal)
            closure.followUpConsent = consent
            closure.survey = survey.map { ClientSurvey(situationImproved: $0.0, supportImportance: $0.1) }
            closure.partnerReportedNewViolence = partner
            add(code, date, .closure(closure))
        }
        func t3(_ code: String, _ date: String, reached: Bool, reason: NotReachedReason? = nil, partner: Answer? = nil) {
            var followUp = FollowUpAfterClosure(reached: reached)
            followUp.newViolence = reached ? .no : .unknown
            followUp.notReachedReason = reason
            followUp.partnerReportedNewViolence = partner
            add(code, date, .followUp(followUp))
        }

        intake("V0", "2024-11-05", .victim, .female, born: 1988)
        start("V0", "2024-11-10", "I1", .supportiveTalks, .serviceWithoutDecision)
        close("V0", "2025-04-15", .planned, .partly, consent: .yes)
        t3("V0", "2025-10-20", reached: true)

        intake("V1", "2025-01-10", .victim, .female, born: 1990, severity: .verySerious)
        risk("V1", "2025-01-11", "freda-farlighet", "hog")
        start("V1", "2025-01-15", "I1", .shelter, .assistanceDecision)
        close("V1", "2025-05-10", .planned, .full, consent: .yes, survey: (5, 5))
        t3("V1", "2025-11-12", reached: true)

        intake("V2", "2025-01-20", .victim, .female, born: 1998, honour: .yes, severity: .serious)
        risk("V2", "2025-01-21", "freda-farlighet", "medel")
        start("V2", "2025-01-25", "I1", .supportiveTalks, .serviceWithoutDecision)
        start("V2", "2025-02-01", "I2", .temporaryHousing, .assistanceDecision)
        close("V2", "2025-05-20", .planned, .partly, consent: .yes, survey: (4, 3))
        t3("V2", "2025-11-25", reached: false, reason: .noAnswer)

        intake("V3", "2025-02-01", .victim, .female, born: 2004, severity: .mild)
        risk("V3", "2025-02-02", "sara", "medel")
        start("V3", "2025-02-05", "I1", .supportiveTalks, .serviceWithoutDecision)
        close("V3", "2025-05-25", .planned, .full, consent: .yes, survey: (5, 4))
        t3("V3", "2025-12-20", reached: true)

        intake("V4", "2025-02-10", .victim, .male, born: 1970, honour: .unknown)
        risk("V4", "2025-02-11", "utan-metod", "lag")
        start("V4", "2025-02-12", "I1", .supportiveTalks, .serviceWithoutDecision)
        close("V4", "2025-06-01", .planned, .full, consent: .no, survey: (3, 5))

        intake("V5", "2025-02-15", .victim, .female, born: 1955, severity: .verySerious)
        start("V5", "2025-02-20", "I1", .legalProcessSupport, .assistanceDecision)
        close("V5", "2025-06-05", .planned, .notMet, consent: .yes, survey: (2, 2))
        t3("V5", "2025-12-10", reached: false)

        intake("V6", "2025-03-01", .victim, .female, born: 2005, honour: .yes, severity: .unknown)
        risk("V6", "2025-03-02", "freda-farlighet", "hog")
        close("V6", "2025-06-10", .endedByClient, .notAssessed, consent: .yes)

        intake("V7", "2025-03-05", .victim, .female, born: 1980, severity: .serious)
        risk("V7", "2025-03-06", "freda-farlighet", "lag")
        close("V7", "2025-06-15", .planned, .notMet, consent: .yes)

        intake("V8", "2025-03-20", .victim, .female, born: 1992, severity: .mild)

        intake("U1", "2025-01-12", .victim, .female, born: 2010)
        start("U1", "2025-01-20", "I1", .supportiveTalks, nil)
        close("U1", "2025-05-01", .planned, .full, consent: .yes)
        t3("U1", "2025-11-03", reached: true)

        intake("U2", "2025-02-20", .victim, .male, born: 2009)

        intake("X1", "2025-03-02", .victim, .female, born: nil)
        start("X1", "2025-03-03", "I1", .shelter, .assistanceDecision)
        close("X1", "2025-06-02", .planned, .full, consent: .yes)

        intake("P1", "2025-01-08", .perpetrator, .male, born: 1985, offerDeclined: .no)
        start("P1", "2025-01-20", "I1", .individualTreatment, .assistanceDecision)
        add("P1", "2025-05-01", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed)))
        close("P1", "2025-05-15", .planned, .partly, consent: .yes, partner: .no)
        t3("P1", "2025-11-20", reached: true, partner: .no)

        intake("P2", "2025-02-03", .perpetrator, .male, born: 1990, offerDeclined: .yes)
        close("P2", "2025-05-30", .planned, .notMet, consent: .no, partner: .yes)

        intake("P3", "2025-03-10", .perpetrator, .female, born: 1975, offerDeclined: nil)
        start("P3", "2025-03-15", "I1", .groupTreatment, nil, declined: true)
        close("P3", "2025-06-20", .endedByClient, .notAssessed, consent: nil, partner: .unknown)

        intake("P4", "2025-03-15", .perpetrator, .male, born: 2008, offerDeclined: .no)
        return events
    }
}
