import UppfoljCore

/// A case's categories in one categorical field as a bit mask over the field's categories
/// (bit i = `field.categories(instruments:)[i]`), without building strings: the report counts
/// with these. `outside` says the case also has a value that is none of the categories (only
/// possible for a risk instrument that is no longer current); callers then fall back to
/// `FactField.values(of:asOf:policy:)` for anything that compares value names.
struct FieldMask: Equatable {
    var bits: UInt64
    var outside: Bool

    static let empty = FieldMask(bits: 0, outside: false)
    static func bit(_ index: Int) -> FieldMask { FieldMask(bits: 1 << UInt64(index), outside: false) }

    /// `values(of:)` is empty.
    var isEmpty: Bool { bits == 0 && !outside }
}

/// Computes `FieldMask`s: the same answers as `FactField.values(of:asOf:policy:)` mapped onto
/// each field's categories (a test checks the two agree for every field on many cases).
struct FieldCoder {
    let asOf: Day
    let policy: FollowUpPolicy
    /// Category index of each intake risk instrument id (current risk instruments, then "none").
    private let instrumentIndex: [String: Int]
    /// How many categories each field has; a mask only works up to 64.
    let categoryCounts: [FactField: Int]

    init(instruments: InstrumentCatalogue, asOf: Day, policy: FollowUpPolicy) {
        self.asOf = asOf
        self.policy = policy
        var index: [String: Int] = [:]
        for (position, category) in FactField.intakeRiskInstrument.categories(instruments: instruments).enumerated()
        where index[category.id] == nil {
            index[category.id] = position
        }
        instrumentIndex = index
        var counts: [FactField: Int] = [:]
        for field in FactField.allCases { counts[field] = field.categories(instruments: instruments).count }
        categoryCounts = counts
    }

    /// Whether every categorical field fits a 64-bit mask (else the report counts by names).
    var fitsMasks: Bool { categoryCounts.values.allSatisfy { $0 <= 64 } }

    /// The risk level's category: its place among the levels, or "none" after them.
    private static func index(_ level: RiskLevel?) -> Int {
        switch level {
        case nil: RiskLevel.allCases.count
        case let level?: RiskLevel.allCases.firstIndex(of: level)!
        }
    }

    private static func yesNo(_ value: Bool?) -> FieldMask {
        value.map { .bit($0 ? 0 : 1) } ?? .empty
    }

    func mask(_ field: FactField, of facts: CaseFacts) -> FieldMask {
        switch field {
        case .role: return .bit(facts.role.wireIndex)
        case .sex: return .bit(facts.sex.wireIndex)
        case .ageBand: return .bit(facts.ageBand.wireIndex)
        case .honour: return .bit(facts.honour.wireIndex)
        case .childrenInHousehold: return .bit(facts.childrenInHousehold.wireIndex)
        case .childrenExposed: return .bit(facts.childrenExposed.wireIndex)
        case .violenceTypes:
            var bits: UInt64 = 0
            for type in facts.violenceTypes { bits |= 1 << UInt64(type.wireIndex) }
            return FieldMask(bits: bits, outside: false)
        case .interventionTypes:
            var bits: UInt64 = 0
            for type in facts.interventionTypes { bits |= 1 << UInt64(type.wireIndex) }
            return FieldMask(bits: bits, outside: false)
        case .hadIntervention: return Self.yesNo(facts.firstInterventionDate != nil)
        case .treatmentOutcome: return Self.yesNo(facts.treatmentCompleted)
        case .intakeRiskInstrument:
            let id = facts.intakeRiskInstrument ?? FactField.none
            if let index = instrumentIndex[id] { return .bit(index) }
            return FieldMask(bits: 0, outside: true)
        case .intakeRisk: return .bit(Self.index(facts.intakeRisk))
        case .closureRisk:
            return facts.closureDate == nil ? .empty : .bit(Self.index(facts.closureRisk))
        case .riskChange:
            guard let before = facts.intakeRisk, let after = facts.closureRisk,
                  facts.intakeRiskInstrument == facts.closureRiskInstrument else { return .empty }
            return .bit(after < before ? 0 : after > before ? 2 : 1)
        case .closureReason: return facts.closureReason.map { .bit($0.wireIndex) } ?? .empty
        case .violenceAtClosure: return facts.violenceAtClosure.map { .bit($0.wireIndex) } ?? .empty
        case .goalAttainment: return facts.goalAttainment.map { .bit($0.wireIndex) } ?? .empty
        case .closureSurveySituation:
            guard let value = facts.closureSurveySituation, (1...5).contains(value) else { return .empty }
            return .bit(value - 1)
        case .t3Timeliness:
            // inWindow, early, late, missing, notReached
            guard let due = facts.t3DueDate else { return .empty }
            let windowEnd = due.adding(days: policy.overdueAfterDays)
            if let done = facts.t3Date {
                if facts.t3Reached == false { return .bit(4) }   // notReached
                if done < due.adding(days: -FactField.t3EarlyDays) { return .bit(1) }
                return .bit(done <= windowEnd ? 0 : 2)
            }
            return windowEnd < asOf ? .bit(3) : .empty
        case .t3Reached: return Self.yesNo(facts.t3Reached)
        case .t3NewViolence: return facts.t3NewViolence.map { .bit($0.wireIndex) } ?? .empty
        case .partnerStage:
            // noConsent, consentNotReached, reachedNotAccepted, accepted
            guard facts.partnerAskedDate != nil else { return .empty }
            if !facts.partnerConsent { return .bit(0) }
            if !facts.partnerReached { return .bit(1) }
            return .bit(facts.partnerAccepted ? 3 : 2)
        case .partnerConversationViolence: return Self.yesNo(facts.partnerConversationViolence)
        case .riskMethod: return .bit(FactField.riskMethod(facts.intakeRiskInstrument))
        case .severity: return facts.severity.map { .bit($0.wireIndex) } ?? .empty
        case .housingSupport: return Self.yesNo(facts.hasHousingSupport)
        case .interventionCountBand: return .bit(min(facts.interventionCount, 4))
        case .closureSurveyImportance:
            guard let value = facts.closureSurveyImportance, (1...5).contains(value) else { return .empty }
            return .bit(value - 1)
        case .t3Contact:
            // reached, then NotReachedReason in order, then reasonNotRecorded
            guard let reached = facts.t3Reached else { return .empty }
            if reached { return .bit(0) }
            return .bit(facts.t3NotReachedReason.map { 1 + $0.wireIndex } ?? 1 + NotReachedReason.allCases.count)
        case .partnerReportAtClosure: return facts.partnerReportAtClosure.map { .bit($0.wireIndex) } ?? .empty
        case .partnerReportAtT3: return facts.partnerReportAtT3.map { .bit($0.wireIndex) } ?? .empty
        case .treatmentOfferDeclined: return facts.treatmentOfferDeclined.map { .bit($0.wireIndex) } ?? .empty
        case .legalBasis: return .bit(CaseLegalBasis.allCases.firstIndex(of: facts.legalBasis)!)
        case .intakeDate, .closureDate, .firstInterventionDate, .treatmentEndDate, .t3DueDate, .t3Date,
             .partnerAskedDate, .firstPartnerConversationDate, .daysToFirstIntervention, .interventionCount:
            return .empty
        }
    }
}

/// The bits of the categories (by id) among `categories`; ids that are none of them are left out.
func categoryBits(_ ids: some Sequence<String>, among categories: [ReportCategory]) -> UInt64 {
    var bits: UInt64 = 0
    for id in ids {
        if let index = categories.firstIndex(where: { $0.id == id }), index < 64 { bits |= 1 << UInt64(index) }
    }
    return bits
}
