import UppfoljCore

/// Makes a realistic, entirely synthetic journal: both roles, every instrument, interventions,
/// partner contacts, closures, follow-ups after closure and some corrections, spread over several
/// years up to `until`. The same (cases, seed, until) always gives the same events, byte for byte:
/// event ids come from the seeded generator, never from the system.
///
/// Nothing here resembles a person: case codes are running numbers ("U2024-0042"), workers are
/// handles ("hl03"), and there are no names, identity numbers, addresses or free text.
public struct SampleGenerator: Sendable {
    public let cases: Int
    public let seed: UInt64
    public let until: Day
    public let years: Int
    public let catalogue: InstrumentCatalogue
    public let policy: FollowUpPolicy

    public init(cases: Int, seed: UInt64, until: Day, years: Int = 4, catalogue: InstrumentCatalogue,
                policy: FollowUpPolicy = .standard) {
        self.cases = cases
        self.seed = seed
        self.until = until
        self.years = years
        self.catalogue = catalogue
        self.policy = policy
    }

    /// All events in journal order (by time recorded).
    public func events() -> [Event] {
        var all: [Event] = []
        all.reserveCapacity(cases * 20)
        for index in 0..<cases { all += caseEvents(index: index) }
        // Stable order: time recorded, then case, then the case's own order.
        return all.enumerated().sorted { a, b in
            a.element.recordedAt != b.element.recordedAt
                ? a.element.recordedAt < b.element.recordedAt : a.offset < b.offset
        }.map(\.element)
    }

    private var codeWidth: Int { max(4, String(cases).count) }

    func caseEvents(index: Int) -> [Event] {
        var rng = SplitMix64(seed: seed &+ UInt64(index + 1) &* 0xD1B5_4A32_D192_ED03)
        var builder = CaseBuilder(rng: rng, until: until)
        let intakeDate = until.adding(days: -rng.int(in: 0...(years * 365)))
        let number = String(index + 1)
        let code = "U\(intakeDate.year)-" + String(repeating: "0", count: max(0, codeWidth - number.count)) + number
        builder.code = code
        builder.worker = "hl" + String(format2: rng.int(in: 1...8))
        let role: Role = rng.chance(0.55) ? .victim : .perpetrator
        let intake = makeIntake(role: role, date: intakeDate, rng: &rng)
        builder.rng = rng
        builder.add(intakeDate, .intake(intake))
        builder.populate(intake: intake, generator: self)
        return builder.events
    }

    func makeIntake(role: Role, date: Day, rng: inout SplitMix64) -> Intake {
        var v = Intake(role: role)
        v.sex = role == .victim
            ? rng.weighted([(.female, 0.86), (.male, 0.11), (.other, 0.01), (.unknown, 0.02)])
            : rng.weighted([(.male, 0.88), (.female, 0.10), (.other, 0.01), (.unknown, 0.01)])
        let ageRange: ClosedRange<Int> = rng.weighted([(16...17, 0.03), (18...25, 0.2), (26...40, 0.44), (41...64, 0.28), (65...85, 0.05)])
        let age = rng.int(in: ageRange)
        v.birthYear = rng.chance(0.95) ? date.year - age : nil
        v.referral = rng.weighted([(.selfReferral, 0.3), (.police, 0.22), (.otherSocialServicesUnit, 0.18), (.healthCare, 0.09),
                                   (.womensShelter, 0.06), (.school, 0.04), (.employmentService, 0.01), (.socialInsurance, 0.01),
                                   (.migrationAgency, 0.01), (.other, 0.05), (.unknown, 0.03)])
        v.relation = rng.weighted([(.currentPartner, 0.45), (.formerPartner, 0.3), (.parent, 0.07), (.sibling, 0.03),
                                   (.child, 0.04), (.otherRelative, 0.04), (.otherClose, 0.03), (.grandparent, 0.01),
                                   (.grandchild, 0.01), (.unknown, 0.02)])
        v.honourContext = rng.weighted([(.yes, 0.08), (.no, 0.87), (.unknown, 0.05)])
        let perpetratorOdds: [(Answer, Double)] = v.honourContext == .yes
            ? [(.yes, 0.6), (.no, 0.4)] : [(.no, 0.93), (.yes, 0.03), (.unknown, 0.04)]
        v.multiplePerpetrators = rng.weighted(perpetratorOdds)
        if rng.chance(0.96) {
            var types: VocabularySet<ViolenceType> = [.psychological]
            if rng.chance(0.7) { types.insert(.physical) }
            if rng.chance(0.2) { types.insert(.sexual) }
            if rng.chance(0.25) { types.insert(.economic) }
            if rng.chance(0.15) { types.insert(.material) }
            if rng.chance(0.05) { types.insert(.neglect) }
            if rng.chance(0.08) { types.insert(.latent) }
            if rng.chance(0.2) { types.insert(.digital) }
            v.violenceTypes = types
        }
        if rng.chance(0.93) {
            let children = rng.weighted([(0, 0.45), (1, 0.25), (2, 0.18), (3, 0.08), (4, 0.04)])
            v.childrenInHousehold = children
            if children > 0 {
                v.childrenWitnessed = rng.weighted([(.yes, 0.6), (.no, 0.25), (.unknown, 0.15)])
                v.childrenExposed = rng.weighted([(.yes, 0.2), (.no, 0.6), (.unknown, 0.2)])
                v.reportOfConcern = rng.weighted([(.yes, 0.55), (.no, 0.4), (.unknown, 0.05)])
            } else {
                v.childrenWitnessed = .no; v.childrenExposed = .no; v.reportOfConcern = .no
            }
        }
        // Victim-only fields (SUV-våldsutsatthet); a perpetrator's intake leaves them empty.
        if role == .victim {
            v.policeReport = rng.weighted([(.yes, 0.45), (.no, 0.45), (.unknown, 0.1)])
            if rng.chance(0.9) {
                var measures: VocabularySet<ProtectiveMeasure> = []
                if rng.chance(0.15) { measures.insert(.contactBan) }
                if rng.chance(0.05) { measures.insert(.protectedIdentity) }
                if rng.chance(0.1) { measures.insert(.safetyAlarm) }
                if rng.chance(0.06) { measures.insert(.policeAlarmPackage) }
                if rng.chance(0.1) { measures.insert(.shelter) }
                v.protectiveMeasures = measures
            }
            v.housing = rng.weighted([(.ownHome, 0.68), (.lodger, 0.06), (.shelter, 0.08),
                                      (.temporary, 0.07), (.homeless, 0.03), (.other, 0.04), (.unknown, 0.04)])
        } else {
            v.multiplePerpetrators = .unknown
            // Perpetrator-only fields (SUV-våldsutövare).
            v.mandate = rng.weighted([(.voluntary, 0.72), (.probationCondition, 0.2), (.otherMandate, 0.03), (.unknown, 0.05)])
            v.underInvestigationOrConvicted = v.mandate == .probationCondition
                ? .yes : rng.weighted([(.yes, 0.25), (.no, 0.6), (.unknown, 0.15)])
            v.treatmentOfferDeclined = rng.weighted([(.no, 0.85), (.yes, 0.1), (.unknown, 0.05)])
        }
        // Occupation consistent with age: no one of working age retired before 60, no one under 16 working.
        v.occupation = age >= 65
            ? rng.weighted([(.retired, 0.8), (.working, 0.12), (.other, 0.04), (.unknown, 0.04)])
            : age < 18
            ? rng.weighted([(.studying, 0.9), (.other, 0.05), (.unknown, 0.05)])
            : rng.weighted([(.working, 0.47), (.studying, age <= 25 ? 0.25 : 0.05), (.jobSeeking, 0.15), (.sickLeave, 0.12),
                            (.retired, age >= 60 ? 0.2 : 0), (.parentalLeave, age <= 45 ? 0.06 : 0), (.other, 0.04), (.unknown, 0.05)])
        v.substanceUse = rng.weighted([(.yes, role == .perpetrator ? 0.3 : 0.1), (.no, 0.75), (.unknown, 0.1)])
        v.functionalImpairment = rng.weighted([(.yes, 0.12), (.no, 0.78), (.unknown, 0.1)])
        v.interpreterNeeded = rng.weighted([(.yes, 0.1), (.no, 0.88), (.unknown, 0.02)])
        // Schema 2, both roles.
        if rng.chance(0.7) { v.knownDate = date.adding(days: -rng.int(in: 0...21)) }
        // Perpetrators are mostly men; the other party of a victim mostly a man, of a perpetrator mostly a woman.
        v.otherPartySex = role == .victim
            ? rng.weighted([(.male, 0.85), (.female, 0.12), (.unknown, 0.03)])
            : rng.weighted([(.female, 0.88), (.male, 0.09), (.unknown, 0.03)])
        let partner = v.relation == .currentPartner || v.relation == .formerPartner
        v.livingSituation = v.relation == .currentPartner
            ? rng.weighted([(.livingTogether, 0.55), (.togetherLivingApart, 0.35), (.unknown, 0.1)])
            : v.relation == .formerPartner
            ? rng.weighted([(.separated, 0.85), (.noRelationship, 0.1), (.unknown, 0.05)])
            : rng.weighted([(.livingTogether, partner ? 0 : 0.3), (.noRelationship, 0.6), (.unknown, 0.1)])
        v.severity = rng.weighted([(.mild, 0.3), (.serious, 0.45), (.verySerious, (v.violenceTypes?.contains(.physical) ?? false) ? 0.2 : 0.05),
                                   (.unknown, 0.05)])
        v.violenceDuration = rng.weighted([(.underOneYear, 0.3), (.oneToFiveYears, 0.45), (.overFiveYears, 0.2), (.unknown, 0.05)])
        v.lastViolence = rng.weighted([(.lastWeek, 0.35), (.lastMonth, 0.3), (.lastHalfYear, 0.2), (.longerAgo, 0.1), (.unknown, 0.05)])
        var goals: VocabularySet<GoalArea> = []
        switch role {
        case .victim:
            goals.insert(.safety)
            if rng.chance(0.6) { goals.insert(.processingViolence) }
            if v.policeReport == .yes, rng.chance(0.5) { goals.insert(.legalProcess) }
            if v.housing != .ownHome, rng.chance(0.6) { goals.insert(.housing) }
            if rng.chance(0.15) { goals.insert(.economy) }
        case .perpetrator:
            goals.insert(.violenceStops)
            if rng.chance(0.6) { goals.insert(.responsibility) }
        }
        if (v.childrenInHousehold ?? 0) > 0, rng.chance(0.4) { goals.insert(.parenting) }
        v.goals = goals
        return v
    }
}

extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : String(value) }
}
