import UppfoljCore

/// What the indicators need to know about one case, derived from its corrected state
/// (`CaseState`, corrections applied). Small and flat, so a rollup can hold one per case and
/// refresh just the case an append touched. Nothing here identifies anyone: no code, no birth
/// year (only the age band), no worker, no free text; dates are used only to place the case in a
/// period and never leave the rollup.
public struct CaseFacts: Sendable, Equatable {
    public var role: Role
    public var sex: Sex
    public var ageBand: AgeBand
    public var honour: Answer
    /// yes when at least one child lives in the household, no when none, unknown when not recorded.
    public var childrenInHousehold: Answer
    public var childrenExposed: Answer
    public var violenceTypes: [ViolenceType]

    public var intakeDate: Day
    public var closureDate: Day?
    /// The closure's report category (`ClosureReason.reportCategory`: schema 1's categories, read
    /// from the goal attainment first); indicator 3 counts its goal categories.
    public var closureReason: ClosureReason?
    /// How far the goals were reached at closure (schema-1 events get it from their reason, see
    /// `EventSchema`); "inte bedömt" for a closure that did not say.
    public var goalAttainment: GoalAttainment?
    public var violenceAtClosure: ViolenceStatus?
    /// 1...5 from the closure survey, when answered.
    public var closureSurveySituation: Int?
    /// 1...5 from the closure survey's "importance of the support", when answered.
    public var closureSurveyImportance: Int?
    /// The intake's severity of the violence (schema 2; nil = ej registrerat).
    public var severity: Severity?
    /// Perpetrator only (schema 2): the partner's account of new violence at closure (nil = not recorded).
    public var partnerReportAtClosure: Answer?

    /// The first risk assessment recorded at intake (time point T0): instrument id and its level.
    public var intakeRiskInstrument: String?
    public var intakeRisk: RiskLevel?
    /// The last risk assessment recorded at closure (time point T2).
    public var closureRiskInstrument: String?
    public var closureRisk: RiskLevel?

    public var interventionTypes: [InterventionType]
    public var firstInterventionDate: Day?
    /// How many interventions the case has had (every intervention start, as `interventionTypes`).
    public var interventionCount: Int
    /// The case's legal basis: schema 2 records it per intervention, schema 1 for the case at intake.
    public var legalBasis: CaseLegalBasis
    /// An offer of treatment declined: yes when the intake (perpetrator, schema 2) says so or a
    /// treatment intervention was recorded as offered and declined; no when the intake says no and
    /// none was declined; unknown when the intake says unknown; nil when nothing was recorded.
    public var treatmentOfferDeclined: Answer?
    /// The latest ended treatment intervention (individual or group treatment): when and whether completed.
    public var treatmentEndDate: Day?
    public var treatmentCompleted: Bool?

    /// T3 (the first follow-up at the policy's first month count after closure).
    public var t3DueDate: Day?
    public var t3Date: Day?
    public var t3Reached: Bool?
    public var t3NewViolence: Answer?
    /// Why the T3 did not reach the client (schema 2; nil when reached or not recorded).
    public var t3NotReachedReason: NotReachedReason?
    /// Perpetrator only (schema 2): the partner's account of new violence since closure, at T3.
    public var partnerReportAtT3: Answer?

    /// Partner contact (perpetrator cases): when first asked, and how far it got.
    public var partnerAskedDate: Day?
    public var partnerConsent: Bool
    public var partnerReached: Bool
    public var partnerAccepted: Bool
    public var firstPartnerConversationDate: Day?
    /// Whether any partner conversation reported new violence (nil without conversations).
    public var partnerConversationViolence: Bool?

    /// nil when the case has no active intake (retracted or never opened): it counts nowhere.
    public init?(_ state: CaseState, catalogue: InstrumentCatalogue, policy: FollowUpPolicy = .standard) {
        self.init(state, riskInstruments: RiskInstruments(catalogue), policy: policy)
    }

    /// As above, with the catalogue's risk instruments looked up once for many cases.
    init?(_ state: CaseState, riskInstruments: RiskInstruments, policy: FollowUpPolicy) {
        guard let facts = withUnsafePointer(to: state, { CaseFacts(at: $0, riskInstruments: riskInstruments, policy: policy) }) else {
            return nil
        }
        self = facts
    }

    /// As above, from a state read where it lies: each field the facts need is read through the
    /// pointer, and the state itself is never copied (a copy retains and releases every array
    /// and string of the case; passing an element of the projection's states as an argument made one).
    init?(at state: UnsafePointer<CaseState>, riskInstruments: RiskInstruments, policy: FollowUpPolicy) {
        guard let intake = state.pointee.intake, let intakeDate = state.pointee.intakeDate else { return nil }
        role = intake.role
        sex = intake.sex
        ageBand = AgeBand(birthYear: intake.birthYear, at: intakeDate)
        honour = intake.honourContext
        childrenInHousehold = intake.childrenInHousehold.map { $0 > 0 ? .yes : .no } ?? .unknown
        childrenExposed = intake.childrenExposed
        // The set's bits are positions in `allCases` (its wire indices): the types in vocabulary order.
        var types: [ViolenceType] = []
        if let mask = intake.violenceTypes?.mask, mask != 0 {
            let all = ViolenceType.allCases
            for index in all.indices where index < 64 && mask & (1 << UInt64(index)) != 0 { types.append(all[index]) }
        }
        violenceTypes = types
        self.intakeDate = intakeDate

        // The closure read once: each `state.closure?.value.x` copies the whole record (its
        // dictionaries and survey retained and released), which at 1M events cost ~25 % of the rollup.
        let closure = state.pointee.closure
        closureDate = closure?.date
        closureReason = closure.map { ClosureReason.reportCategory(reason: $0.value.reason, attainment: $0.value.goalAttainment) }
        goalAttainment = closure.map { $0.value.goalAttainment ?? .notAssessed }
        violenceAtClosure = closure?.value.violence
        closureSurveySituation = closure?.value.survey?.situationImproved
        closureSurveyImportance = closure?.value.survey?.supportImportance
        severity = intake.severity
        partnerReportAtClosure = role == .perpetrator ? closure?.value.partnerReportedNewViolence : nil

        // Risk at intake: the earliest (the last such in journal order on the same day); at
        // closure: the latest (likewise the last on the same day). Indices, so no record is copied.
        let assessments = state.pointee.assessments
        var intakeRisk: Int?, closureRisk: Int?
        for index in assessments.indices {
            let timePoint = assessments[index].assessment.timePoint
            // The case's own risk: an assessment done with the partner describes the partner's.
            guard timePoint == .intake || timePoint == .closure, assessments[index].assessment.describesClient,
                  riskInstruments.isRisk(assessments[index].assessment.instrument) else { continue }
            let date = assessments[index].date
            if timePoint == .intake {
                if intakeRisk == nil || date <= assessments[intakeRisk!].date { intakeRisk = index }
            } else {
                if closureRisk == nil || date >= assessments[closureRisk!].date { closureRisk = index }
            }
        }
        intakeRiskInstrument = intakeRisk.map { assessments[$0].assessment.instrument.id }
        self.intakeRisk = intakeRisk.flatMap { assessments[$0].riskLevel }
        closureRiskInstrument = closureRisk.map { assessments[$0].assessment.instrument.id }
        self.closureRisk = closureRisk.flatMap { assessments[$0].riskLevel }

        // An intervention recorded as offered and declined (schema 2) was not given: it counts as
        // an offer declined, never as an intervention (K2, indicator 2, the types, the count).
        // One pass by index over the interventions (passing records themselves to closures or key
        // paths copied each, its id retained and released, once per report category).
        let recorded = state.pointee.interventions
        var anyDeclined = false, declinedTreatment = false
        for index in recorded.indices where recorded[index].offeredAndDeclined == .yes {
            anyDeclined = true
            if recorded[index].type.isTreatment { declinedTreatment = true }
        }
        let interventions = anyDeclined ? recorded.filter { $0.offeredAndDeclined != .yes } : recorded
        let categories = InterventionType.reportCategories
        var present: UInt64 = 0   // bit i: categories[i] occurs
        var firstIntervention: Day?
        var latestTreatment: Int?
        var bases = LegalBasisFlags()
        for index in interventions.indices {
            let type = interventions[index].type
            if let category = categories.firstIndex(of: type.reportCategory) { present |= 1 << UInt64(category) }
            bases.add(interventions[index].legalBasis)
            let start = interventions[index].start
            if firstIntervention == nil || start < firstIntervention! { firstIntervention = start }
            guard type.isTreatment, let end = interventions[index].end else { continue }
            if latestTreatment == nil || end >= interventions[latestTreatment!].end! { latestTreatment = index }
        }
        var presentTypes: [InterventionType] = []
        for category in categories.indices where present & (1 << UInt64(category)) != 0 { presentTypes.append(categories[category]) }
        interventionTypes = presentTypes
        firstInterventionDate = firstIntervention
        interventionCount = interventions.count
        legalBasis = CaseLegalBasis(bases, interventions: interventions.count, intake: intake.legalBasis)
        switch (intake.treatmentOfferDeclined, declinedTreatment) {
        case (_, true), (.yes?, _): treatmentOfferDeclined = .yes
        case (let answer?, false): treatmentOfferDeclined = answer
        case (nil, false): treatmentOfferDeclined = nil
        }
        treatmentEndDate = latestTreatment.flatMap { interventions[$0].end }
        treatmentCompleted = latestTreatment.map { interventions[$0].outcome == .completed }

        let months = policy.monthsAfterClosure.first ?? 6
        // No T3 is due for a client who declined follow-up at closure (schema 2).
        t3DueDate = closure?.value.followUpConsent == .no ? nil : closureDate?.adding(months: months)
        let followUps = state.pointee.followUps
        // The point's T3: the first that reached the client; when none did, the last attempt (its
        // reason for not reaching the client is the one that stands). With one T3, that one.
        var t3: Int?
        var reachedT3: Int?
        for index in followUps.indices where followUps[index].value.monthsAfterClosure == months {
            if followUps[index].value.reached {
                if reachedT3 == nil || followUps[index].date < followUps[reachedT3!].date { reachedT3 = index }
            } else if t3 == nil || followUps[index].date >= followUps[t3!].date {
                t3 = index
            }
        }
        if let reachedT3 { t3 = reachedT3 }
        t3Date = t3.map { followUps[$0].date }
        t3Reached = t3.map { followUps[$0].value.reached }
        t3NewViolence = t3.flatMap { followUps[$0].value.reached ? followUps[$0].value.newViolence : nil }
        t3NotReachedReason = t3.flatMap { followUps[$0].value.reached ? nil : followUps[$0].value.notReachedReason }
        partnerReportAtT3 = role == .perpetrator ? t3.flatMap { followUps[$0].value.partnerReportedNewViolence } : nil

        var asked: Day?, consent = false, reached = false, accepted = false
        var firstConversation: Day?, conversationViolence: Bool?
        for contact in state.pointee.partnerContacts {
            switch contact.value {
            case .asked(let answer):
                if asked == nil || contact.date < asked! { asked = contact.date }
                if answer == .yes { consent = true }
            case .attempt(_, let wasReached):
                if wasReached { reached = true }
            case .response(let response):
                if response == .accepted { accepted = true }
            case .conversation(let conversation):
                if firstConversation == nil || contact.date < firstConversation! { firstConversation = contact.date }
                conversationViolence = (conversationViolence ?? false) || conversation.newViolence == .yes
            }
        }
        partnerAskedDate = role == .perpetrator ? asked : nil
        partnerConsent = consent
        // A partner who accepted or talked was reached, whether or not an attempt said so.
        partnerReached = reached || accepted || firstConversation != nil
        partnerAccepted = accepted || firstConversation != nil
        firstPartnerConversationDate = role == .perpetrator ? firstConversation : nil
        partnerConversationViolence = role == .perpetrator ? conversationViolence : nil
    }
}

extension CaseFacts {
    /// The facts of each of the case's episodes, first to last (issue 17): a reopened case
    /// (återaktualiserat) counts once per episode — each episode is opened on its own intake
    /// date and closed by its own closure, with its own risk assessments, interventions and
    /// follow-ups (docs/indicators.md, "Reopened cases"). Empty when the case counts nowhere.
    public static func episodes(of state: CaseState, catalogue: InstrumentCatalogue,
                                policy: FollowUpPolicy = .standard) -> [CaseFacts] {
        episodes(of: state, riskInstruments: RiskInstruments(catalogue), policy: policy)
    }

    static func episodes(of state: CaseState, riskInstruments: RiskInstruments, policy: FollowUpPolicy) -> [CaseFacts] {
        guard !state.earlierEpisodes.isEmpty else {
            return CaseFacts(state, riskInstruments: riskInstruments, policy: policy).map { [$0] } ?? []
        }
        return state.episodes.compactMap { CaseFacts(state.episodeState($0), riskInstruments: riskInstruments, policy: policy) }
    }

    /// Support with housing (SU-Kvinnofrid): an intervention of skyddat boende, tillfälligt boende
    /// or stöd till permanent bostad.
    public var hasHousingSupport: Bool {
        interventionTypes.contains { $0 == .shelter || $0 == .temporaryHousing || $0 == .permanentHousingSupport }
    }
}

/// A case's legal basis for the figures (the legal-basis breakdown): with a biståndsbeslut when
/// any intervention had one (schema 2) or, for a schema-1 case, its intake said so; without a
/// decision when every intervention whose basis is recorded had none (service utan beslut, insats
/// utan behovsprövning); no intervention when the case has none and no schema-1 basis; unknown else.
public enum CaseLegalBasis: String, Sendable, Equatable, CaseIterable {
    case assistanceDecision, withoutDecision, noIntervention, unknown

    init(intervention bases: [LegalBasis?], intake: LegalBasis) {
        var flags = LegalBasisFlags()
        for basis in bases { flags.add(basis) }
        self.init(flags, interventions: bases.count, intake: intake)
    }

    /// As above, from the interventions' bases gathered in `flags` (no arrays made per case).
    init(_ flags: LegalBasisFlags, interventions: Int, intake: LegalBasis) {
        var flags = flags
        if intake != .unknown { flags.add(intake) }
        if flags.decision {
            self = .assistanceDecision
        } else if flags.withoutDecision {
            self = .withoutDecision
        } else if interventions == 0 {
            self = .noIntervention
        } else {
            self = .unknown
        }
    }

    public var label: Localized {
        switch self {
        case .assistanceDecision: L("Biståndsbeslut", "Assistance decision")
        case .withoutDecision: L("Utan biståndsbeslut", "Without a decision")
        case .noIntervention: L("Ingen insats", "No intervention")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

/// Which legal bases occur among some (interventions', a schema-1 intake's): what `CaseLegalBasis` decides by.
struct LegalBasisFlags {
    /// A biståndsbeslut.
    var decision = false
    /// Service utan beslut or insats utan behovsprövning.
    var withoutDecision = false

    mutating func add(_ basis: LegalBasis?) {
        switch basis {
        case .assistanceDecision?: decision = true
        case .serviceWithoutDecision?, .withoutNeedsAssessment?: withoutDecision = true
        default: break
        }
    }
}

/// Which instrument versions are risk assessments (`InstrumentCatalogue.instrument(_:)` finds the
/// first entry with the id and version; its kind decides), looked up without copying instruments.
struct RiskInstruments: Sendable {
    private let risk: [InstrumentRef]

    init(_ catalogue: InstrumentCatalogue) {
        var seen: [InstrumentRef] = []
        var risk: [InstrumentRef] = []
        for instrument in catalogue.instruments {
            let ref = InstrumentRef(id: instrument.id, version: instrument.version)
            guard !seen.contains(ref) else { continue }
            seen.append(ref)
            if instrument.kind == .riskAssessment { risk.append(ref) }
        }
        self.risk = risk
    }

    func isRisk(_ ref: InstrumentRef) -> Bool { risk.contains(ref) }
}
