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
    public var closureReason: ClosureReason?
    public var violenceAtClosure: ViolenceStatus?
    /// 1...5 from the closure survey, when answered.
    public var closureSurveySituation: Int?

    /// The first risk assessment recorded at intake (time point T0): instrument id and its level.
    public var intakeRiskInstrument: String?
    public var intakeRisk: RiskLevel?
    /// The last risk assessment recorded at closure (time point T2).
    public var closureRiskInstrument: String?
    public var closureRisk: RiskLevel?

    public var interventionTypes: [InterventionType]
    public var firstInterventionDate: Day?
    /// The latest ended treatment intervention (individual or group treatment): when and whether completed.
    public var treatmentEndDate: Day?
    public var treatmentCompleted: Bool?

    /// T3 (the first follow-up at the policy's first month count after closure).
    public var t3DueDate: Day?
    public var t3Date: Day?
    public var t3Reached: Bool?
    public var t3NewViolence: Answer?

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
        guard let intake = state.intake, let intakeDate = state.intakeDate else { return nil }
        role = intake.role
        sex = intake.sex
        ageBand = AgeBand(birthYear: intake.birthYear, at: intakeDate)
        honour = intake.honourContext
        childrenInHousehold = intake.childrenInHousehold.map { $0 > 0 ? .yes : .no } ?? .unknown
        childrenExposed = intake.childrenExposed
        violenceTypes = intake.violenceTypes.map { set in ViolenceType.allCases.filter { set.contains($0) } } ?? []
        self.intakeDate = intakeDate

        closureDate = state.closure?.date
        closureReason = state.closure?.value.reason
        violenceAtClosure = state.closure?.value.violence
        closureSurveySituation = state.closure?.value.survey?.situationImproved

        func isRisk(_ record: AssessmentRecord) -> Bool {
            catalogue.instrument(record.assessment.instrument)?.kind == .riskAssessment
        }
        let intakeRisk = state.assessments.filter { $0.assessment.timePoint == .intake && isRisk($0) }
            .min { ($0.date, 0) < ($1.date, 1) }   // earliest; journal order on the same day
        intakeRiskInstrument = intakeRisk?.assessment.instrument.id
        self.intakeRisk = intakeRisk?.riskLevel
        var closureRisk: AssessmentRecord?
        for record in state.assessments where record.assessment.timePoint == .closure && isRisk(record) {
            if closureRisk == nil || record.date >= closureRisk!.date { closureRisk = record }
        }
        closureRiskInstrument = closureRisk?.assessment.instrument.id
        self.closureRisk = closureRisk?.riskLevel

        interventionTypes = InterventionType.allCases.filter { type in state.interventions.contains { $0.type == type } }
        firstInterventionDate = state.interventions.map(\.start).min()
        var latestTreatment: InterventionRecord?
        for record in state.interventions where record.type.isTreatment && record.end != nil {
            if latestTreatment == nil || record.end! >= latestTreatment!.end! { latestTreatment = record }
        }
        treatmentEndDate = latestTreatment?.end
        treatmentCompleted = latestTreatment.map { $0.outcome == .completed }

        let months = policy.monthsAfterClosure.first ?? 6
        t3DueDate = closureDate?.adding(months: months)
        let t3 = state.followUps.filter { $0.value.monthsAfterClosure == months }.min { $0.date < $1.date }
        t3Date = t3?.date
        t3Reached = t3?.value.reached
        t3NewViolence = t3.flatMap { $0.value.reached ? $0.value.newViolence : nil }

        var asked: Day?, consent = false, reached = false, accepted = false
        var firstConversation: Day?, conversationViolence: Bool?
        for contact in state.partnerContacts {
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
