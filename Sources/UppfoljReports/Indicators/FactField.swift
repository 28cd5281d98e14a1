import UppfoljCore

/// The fields of `CaseFacts` an indicator definition may name: categorical fields (for
/// populations, numerators, categories and breakdowns), date fields (the period rule) and number
/// fields (medians). docs/indicators.md lists each with its categories.
public enum FactField: String, Sendable, Codable, CaseIterable {
    // Categorical, from the intake.
    case role, sex, ageBand, honour, childrenInHousehold, childrenExposed, violenceTypes
    // Categorical, from later events.
    case interventionTypes, hadIntervention, treatmentOutcome
    case intakeRiskInstrument, intakeRisk, closureRisk, riskChange
    case closureReason, violenceAtClosure, closureSurveySituation, goalAttainment
    case t3Timeliness, t3Reached, t3NewViolence
    case partnerStage, partnerConversationViolence
    // Issue 15: Kolada, SU-Kvinnofrid and the outcome figures.
    case riskMethod, severity, housingSupport, interventionCountBand, closureSurveyImportance
    case t3Contact, partnerReportAtClosure, partnerReportAtT3, treatmentOfferDeclined, legalBasis
    // Dates (period rules).
    case intakeDate, closureDate, firstInterventionDate, treatmentEndDate, t3DueDate, t3Date
    case partnerAskedDate, firstPartnerConversationDate
    // Numbers (medians).
    case daysToFirstIntervention, interventionCount

    public enum Shape: Sendable, Equatable { case category, multiCategory, date, number }

    /// The id of the field's dimension in a breakdown table: its name, but the intervention
    /// types singular ("interventionType"), as exports have always had it.
    public var breakdownDimensionID: String { self == .interventionTypes ? "interventionType" : rawValue }

    public var shape: Shape {
        switch self {
        case .violenceTypes, .interventionTypes: .multiCategory
        case .intakeDate, .closureDate, .firstInterventionDate, .treatmentEndDate, .t3DueDate, .t3Date,
             .partnerAskedDate, .firstPartnerConversationDate: .date
        case .daysToFirstIntervention, .interventionCount: .number
        default: .category
        }
    }

    public var name: Localized {
        switch self {
        case .role: L("Roll", "Role")
        case .sex: L("Kön", "Sex")
        case .ageBand: L("Åldersgrupp", "Age band")
        case .honour: L("Hedersrelaterat", "Honour context")
        case .childrenInHousehold: L("Barn i hushållet", "Children in household")
        case .childrenExposed: L("Barn själva utsatta", "Children exposed")
        case .violenceTypes: L("Våldsform", "Violence type")
        case .interventionTypes: L("Insatstyp", "Intervention type")
        case .hadIntervention: L("Fått insats", "Received an intervention")
        case .treatmentOutcome: L("Behandling", "Treatment")
        case .intakeRiskInstrument: L("Riskbedömning vid inskrivning", "Risk assessment at intake")
        case .intakeRisk: L("Risk vid inskrivning", "Risk at intake")
        case .closureRisk: L("Risk vid avslut", "Risk at closure")
        case .riskChange: L("Förändring av risk", "Change in risk")
        case .closureReason: L("Avslutsorsak", "Reason for closure")
        case .violenceAtClosure: L("Våld vid avslut", "Violence at closure")
        case .goalAttainment: L("Måluppfyllelse", "Goal attainment")
        case .closureSurveySituation: L("Situationen förbättrad (1–5)", "Situation improved (1–5)")
        case .t3Timeliness: L("T3 i tid", "T3 on time")
        case .t3Reached: L("Nådd vid T3", "Reached at T3")
        case .t3NewViolence: L("Nytt våld vid T3", "New violence at T3")
        case .partnerStage: L("Partnerkontakt", "Partner contact")
        case .partnerConversationViolence: L("Nytt våld i partnersamtal", "New violence in partner talks")
        case .intakeDate: L("Inskrivningsdatum", "Intake date")
        case .closureDate: L("Avslutsdatum", "Closure date")
        case .firstInterventionDate: L("Första insats", "First intervention")
        case .treatmentEndDate: L("Behandling avslutad", "Treatment ended")
        case .t3DueDate: L("T3 förfaller", "T3 due")
        case .t3Date: L("T3 gjord", "T3 done")
        case .partnerAskedDate: L("Tillfrågad om partnerkontakt", "Asked about partner contact")
        case .firstPartnerConversationDate: L("Första partnersamtal", "First partner talk")
        case .daysToFirstIntervention: L("Dagar till första insats", "Days to first intervention")
        case .interventionCount: L("Antal insatser", "Number of interventions")
        case .riskMethod: L("Riskbedömningsmetod", "Risk assessment method")
        case .severity: L("Våldets allvarlighet", "Severity of the violence")
        case .housingSupport: L("Stöd med boende", "Support with housing")
        case .interventionCountBand: L("Antal insatser", "Number of interventions")
        case .closureSurveyImportance: L("Stödets betydelse (1–5)", "Importance of the support (1–5)")
        case .t3Contact: L("Kontakt vid T3", "Contact at T3")
        case .partnerReportAtClosure: L("Partnern om nytt våld vid avslut", "Partner on new violence at closure")
        case .partnerReportAtT3: L("Partnern om nytt våld vid T3", "Partner on new violence at T3")
        case .treatmentOfferDeclined: L("Erbjuden behandling avböjd", "Treatment offer declined")
        case .legalBasis: L("Rättslig grund", "Legal basis")
        }
    }

    /// The categories of a categorical field, in display order. Risk instruments come from the
    /// instrument catalogue (every instrument of kind risk assessment, then "none").
    public func categories(instruments: InstrumentCatalogue) -> [ReportCategory] {
        func vocab<V: Vocabulary>(_ type: V.Type) -> [ReportCategory] {
            V.allCases.map { ReportCategory(id: $0.rawValue, name: $0.label) }
        }
        let yesNo = [ReportCategory(id: "yes", name: L("Ja", "Yes")), ReportCategory(id: "no", name: L("Nej", "No"))]
        let levels = RiskLevel.allCases.map { ReportCategory(id: $0.rawValue, name: FactField.riskName($0)) }
            + [ReportCategory(id: FactField.none, name: L("Ingen bedömning", "No assessment"))]
        switch self {
        case .role: return vocab(Role.self)
        case .sex: return vocab(Sex.self)
        case .ageBand: return vocab(AgeBand.self)
        case .honour, .childrenInHousehold, .childrenExposed, .t3NewViolence, .partnerReportAtClosure, .partnerReportAtT3,
             .treatmentOfferDeclined:
            return vocab(Answer.self)
        case .severity: return vocab(Severity.self)
        case .housingSupport: return yesNo
        case .riskMethod:
            return [ReportCategory(id: "freda", name: L("FREDA-farlighetsbedömning", "FREDA danger assessment")),
                    ReportCategory(id: "otherInstrument", name: L("Annat instrument", "Other instrument")),
                    ReportCategory(id: "withoutMethod", name: L("Utan metod", "Without a method")),
                    ReportCategory(id: FactField.none, name: L("Ingen riskbedömning", "No risk assessment"))]
        case .interventionCountBand:
            return FactField.interventionCountBands.map { ReportCategory(id: $0, name: L($0, $0)) }
        case .closureSurveyImportance: return (1...5).map { ReportCategory(id: String($0), name: L(String($0), String($0))) }
        case .t3Contact:
            return [ReportCategory(id: "reached", name: L("Nådd", "Reached"))]
                + NotReachedReason.allCases.map { ReportCategory(id: $0.rawValue, name: L("Ej nådd: " + $0.label.sv.lowercased(), "Not reached: " + $0.label.en.lowercased())) }
                + [ReportCategory(id: "reasonNotRecorded", name: L("Ej nådd, orsak ej registrerad", "Not reached, reason not recorded"))]
        case .legalBasis: return CaseLegalBasis.allCases.map { ReportCategory(id: $0.rawValue, name: $0.label) }
        case .violenceTypes: return vocab(ViolenceType.self)
        case .interventionTypes: return InterventionType.reportCategories.map { ReportCategory(id: $0.rawValue, name: $0.label) }
        case .hadIntervention, .t3Reached, .partnerConversationViolence: return yesNo
        case .treatmentOutcome:
            return [ReportCategory(id: "completed", name: L("Fullföljd", "Completed")),
                    ReportCategory(id: "notCompleted", name: L("Ej fullföljd", "Not completed"))]
        case .intakeRiskInstrument:
            var seen = Set<String>()
            let ids = instruments.currentInstruments.filter { $0.kind == .riskAssessment && seen.insert($0.id).inserted }
            return ids.map { ReportCategory(id: $0.id, name: $0.name) }
                + [ReportCategory(id: FactField.none, name: L("Ingen riskbedömning", "No risk assessment"))]
        case .intakeRisk, .closureRisk: return levels
        case .riskChange:
            return [ReportCategory(id: "lowered", name: L("Sänkt", "Lowered")),
                    ReportCategory(id: "unchanged", name: L("Oförändrad", "Unchanged")),
                    ReportCategory(id: "raised", name: L("Höjd", "Raised"))]
        case .closureReason: return ClosureReason.reportCategories.map { ReportCategory(id: $0.rawValue, name: $0.label) }
        case .violenceAtClosure: return vocab(ViolenceStatus.self)
        case .goalAttainment: return vocab(GoalAttainment.self)
        case .closureSurveySituation: return (1...5).map { ReportCategory(id: String($0), name: L(String($0), String($0))) }
        case .t3Timeliness:
            return [ReportCategory(id: "inWindow", name: L("I tid", "In time")),
                    ReportCategory(id: "early", name: L("För tidigt", "Too early")),
                    ReportCategory(id: "late", name: L("Sent", "Late")),
                    ReportCategory(id: "missing", name: L("Saknas", "Missing")),
                    ReportCategory(id: "notReached", name: L("Gjord, klienten ej nådd", "Done, client not reached"))]
        case .partnerStage:
            return [ReportCategory(id: "noConsent", name: L("Inget samtycke", "No consent")),
                    ReportCategory(id: "consentNotReached", name: L("Samtycke, ej nådd", "Consent, not reached")),
                    ReportCategory(id: "reachedNotAccepted", name: L("Nådd, tackade nej", "Reached, declined")),
                    ReportCategory(id: "accepted", name: L("Accepterade", "Accepted"))]
        case .intakeDate, .closureDate, .firstInterventionDate, .treatmentEndDate, .t3DueDate, .t3Date,
             .partnerAskedDate, .firstPartnerConversationDate, .daysToFirstIntervention, .interventionCount:
            return []
        }
    }

    /// The categories of `interventionCountBand`: 0, 1, 2, 3, 4 or more.
    public static let interventionCountBands = ["0", "1", "2", "3", "4+"]

    /// The categories of `riskMethod`, in order.
    public static let riskMethodIds = ["freda", "otherInstrument", "withoutMethod", FactField.none]

    /// The intake risk instrument's method class (SU-Kvinnofrid): FREDA, another instrument, utan metod, none.
    static func riskMethod(_ instrument: String?) -> Int {
        switch instrument {
        case nil: 3
        case "freda-farlighet"?: 0
        case "utan-metod"?: 2
        default: 1
        }
    }

    static func riskName(_ level: RiskLevel) -> Localized {
        switch level {
        case .low: L("Låg", "Low")
        case .medium: L("Medel", "Medium")
        case .high: L("Hög", "High")
        }
    }

    /// Whether every case placed in a period by `period` has a value in this field (then the
    /// field does not narrow the population).
    public func appliesToEveryCase(placedBy period: FactField) -> Bool {
        switch self {
        case .role, .sex, .ageBand, .honour, .childrenInHousehold, .childrenExposed, .hadIntervention,
             .intakeRiskInstrument, .intakeRisk, .riskMethod, .housingSupport, .interventionCountBand, .legalBasis:
            return true
        case .t3Contact: return period == .t3Date
        case .closureReason, .violenceAtClosure, .closureRisk, .goalAttainment: return period == .closureDate
        case .treatmentOutcome: return period == .treatmentEndDate
        case .partnerStage: return period == .partnerAskedDate
        case .partnerConversationViolence: return period == .firstPartnerConversationDate
        case .t3Reached: return period == .t3Date
        default: return false
        }
    }

    /// The category id for "no assessment".
    public static let none = "none"

    /// How many days before the due date a T3 still counts as done in time.
    public static let t3EarlyDays = 30

    /// The field's categories for one case; empty when the field does not apply to it (e.g. the
    /// closure reason of an open case, or T3 timeliness before its window has ended).
    public func values(of facts: CaseFacts, asOf: Day, policy: FollowUpPolicy) -> [String] {
        func answer(_ a: Answer) -> [String] { [a.rawValue] }
        func yesNo(_ b: Bool?) -> [String] { b.map { [$0 ? "yes" : "no"] } ?? [] }
        switch self {
        case .role: return [facts.role.rawValue]
        case .sex: return [facts.sex.rawValue]
        case .ageBand: return [facts.ageBand.rawValue]
        case .honour: return answer(facts.honour)
        case .childrenInHousehold: return answer(facts.childrenInHousehold)
        case .childrenExposed: return answer(facts.childrenExposed)
        case .violenceTypes: return facts.violenceTypes.map(\.rawValue)
        case .interventionTypes: return facts.interventionTypes.map(\.rawValue)
        case .hadIntervention: return yesNo(facts.firstInterventionDate != nil)
        case .treatmentOutcome: return facts.treatmentCompleted.map { [$0 ? "completed" : "notCompleted"] } ?? []
        case .intakeRiskInstrument: return [facts.intakeRiskInstrument ?? FactField.none]
        case .intakeRisk: return [facts.intakeRisk?.rawValue ?? FactField.none]
        case .closureRisk: return facts.closureDate == nil ? [] : [facts.closureRisk?.rawValue ?? FactField.none]
        case .riskChange:
            guard let before = facts.intakeRisk, let after = facts.closureRisk,
                  facts.intakeRiskInstrument == facts.closureRiskInstrument else { return [] }
            return [after < before ? "lowered" : after > before ? "raised" : "unchanged"]
        case .closureReason: return facts.closureReason.map { [$0.rawValue] } ?? []
        case .violenceAtClosure: return facts.violenceAtClosure.map { [$0.rawValue] } ?? []
        case .goalAttainment: return facts.goalAttainment.map { [$0.rawValue] } ?? []
        case .closureSurveySituation:
            return facts.closureSurveySituation.flatMap { (1...5).contains($0) ? [String($0)] : nil } ?? []
        case .t3Timeliness:
            guard let due = facts.t3DueDate else { return [] }
            let windowEnd = due.adding(days: policy.overdueAfterDays)
            if let done = facts.t3Date {
                // Done but the client was not reached: not "in time" (issue 15), whenever it was.
                if facts.t3Reached == false { return ["notReached"] }
                if done < due.adding(days: -FactField.t3EarlyDays) { return ["early"] }
                return [done <= windowEnd ? "inWindow" : "late"]
            }
            return windowEnd < asOf ? ["missing"] : []
        case .t3Reached: return yesNo(facts.t3Reached)
        case .t3NewViolence: return facts.t3NewViolence.map(answer) ?? []
        case .partnerStage:
            guard facts.partnerAskedDate != nil else { return [] }
            if !facts.partnerConsent { return ["noConsent"] }
            if !facts.partnerReached { return ["consentNotReached"] }
            return [facts.partnerAccepted ? "accepted" : "reachedNotAccepted"]
        case .partnerConversationViolence: return yesNo(facts.partnerConversationViolence)
        case .riskMethod: return [FactField.riskMethodIds[FactField.riskMethod(facts.intakeRiskInstrument)]]
        case .severity: return facts.severity.map { [$0.rawValue] } ?? []
        case .housingSupport: return yesNo(facts.hasHousingSupport)
        case .interventionCountBand: return [FactField.interventionCountBands[min(facts.interventionCount, 4)]]
        case .closureSurveyImportance:
            return facts.closureSurveyImportance.flatMap { (1...5).contains($0) ? [String($0)] : nil } ?? []
        case .t3Contact:
            guard let reached = facts.t3Reached else { return [] }
            return [reached ? "reached" : facts.t3NotReachedReason?.rawValue ?? "reasonNotRecorded"]
        case .partnerReportAtClosure: return facts.partnerReportAtClosure.map(answer) ?? []
        case .partnerReportAtT3: return facts.partnerReportAtT3.map(answer) ?? []
        case .treatmentOfferDeclined: return facts.treatmentOfferDeclined.map(answer) ?? []
        case .legalBasis: return [facts.legalBasis.rawValue]
        case .intakeDate, .closureDate, .firstInterventionDate, .treatmentEndDate, .t3DueDate, .t3Date,
             .partnerAskedDate, .firstPartnerConversationDate, .daysToFirstIntervention, .interventionCount:
            return []
        }
    }

    public func day(of facts: CaseFacts) -> Day? {
        switch self {
        case .intakeDate: facts.intakeDate
        case .closureDate: facts.closureDate
        case .firstInterventionDate: facts.firstInterventionDate
        case .treatmentEndDate: facts.treatmentEndDate
        case .t3DueDate: facts.t3DueDate
        case .t3Date: facts.t3Date
        case .partnerAskedDate: facts.partnerAskedDate
        case .firstPartnerConversationDate: facts.firstPartnerConversationDate
        default: nil
        }
    }

    public func number(of facts: CaseFacts) -> Int? {
        switch self {
        case .daysToFirstIntervention:
            facts.firstInterventionDate.map { Int($0.daysSinceEpoch - facts.intakeDate.daysSinceEpoch) }
        case .interventionCount: facts.interventionCount
        default: nil
        }
    }
}

func L(_ sv: String, _ en: String) -> Localized { Localized(sv: sv, en: en) }
