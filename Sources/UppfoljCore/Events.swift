/// An event's identity: 128 random (or, in sample data, seeded) bits, shown as 32 hex digits.
public struct EventID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A fresh random id from the system's cryptographically secure generator.
    public static func random() -> EventID {
        var generator = SystemRandomNumberGenerator()
        return EventID(high: generator.next(), low: generator.next())
    }

    public init?(hex: String) {
        guard hex.utf8.count == 32, let high = UInt64(hex.prefix(16), radix: 16),
              let low = UInt64(hex.suffix(16), radix: 16) else { return nil }
        self.init(high: high, low: low)
    }

    public var hex: String {
        func part(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return part(high) + part(low)
    }
    public var description: String { hex }
    /// The first 8 hex digits: enough to tell events of one case apart on screen.
    public var short: String { String(hex.prefix(8)) }

    public static func < (lhs: EventID, rhs: EventID) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = EventID(hex: text.lowercased()) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "Expected an event id of 32 hex digits, got \"\(SafeText.display(text))\""))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// One fact recorded about one case. Events are never edited; a `Correction` amends or retracts.
public struct Event: Sendable, Equatable {
    /// The schema version this code writes. Readers accept every version up to this one; how an
    /// older event reads into this model is `EventSchema`'s (docs/event-schema.md).
    public static let currentSchemaVersion = 3

    public var id: EventID
    public var caseCode: String
    /// When the worker saved it (UTC).
    public var recordedAt: Timestamp
    /// The date the fact refers to (intake date, assessment date, closure date, …).
    public var effectiveDate: Day
    /// The pseudonymous worker id (the OS user name unless `--worker` is given).
    public var worker: String
    public var schemaVersion: Int
    public var body: EventBody

    public init(id: EventID = .random(), caseCode: String, recordedAt: Timestamp = .now(),
                effectiveDate: Day, worker: String, schemaVersion: Int = Event.currentSchemaVersion,
                body: EventBody) {
        self.id = id
        self.caseCode = caseCode
        self.recordedAt = recordedAt
        self.effectiveDate = effectiveDate
        self.worker = worker
        self.schemaVersion = schemaVersion
        self.body = body
    }

    public var kind: EventKind { body.kind }
}

public enum EventKind: String, Vocabulary {
    case intake, assessment, interventionStarted, interventionEnded, partnerContact, duringFollowUp,
         closure, followUp, correction
    // Schema 2.
    case handover, unitSettings
    // Schema 3.
    case reopening

    /// The first schema version with events of this kind.
    public var introducedIn: Int {
        switch self {
        case .handover, .unitSettings: 2
        case .reopening: 3
        default: 1
        }
    }

    public var label: Localized {
        switch self {
        case .intake: Localized(sv: "Inskrivning (T0)", en: "Intake (T0)")
        case .assessment: Localized(sv: "Bedömning", en: "Assessment")
        case .interventionStarted: Localized(sv: "Insats påbörjad", en: "Intervention started")
        case .interventionEnded: Localized(sv: "Insats avslutad", en: "Intervention ended")
        case .partnerContact: Localized(sv: "Partnerkontakt", en: "Partner contact")
        case .duringFollowUp: Localized(sv: "Uppföljning under insats (T1)", en: "Follow-up during intervention (T1)")
        case .closure: Localized(sv: "Avslut (T2)", en: "Closure (T2)")
        case .followUp: Localized(sv: "Uppföljning efter avslut (T3)", en: "Follow-up after closure (T3)")
        case .correction: Localized(sv: "Rättelse", en: "Correction")
        case .handover: Localized(sv: "Byte av ansvarig handläggare", en: "Handover to another worker")
        case .unitSettings: Localized(sv: "Enhetens inställningar", en: "Unit settings")
        case .reopening: Localized(sv: "Återaktualisering (ny inskrivning)", en: "Reopening (new intake)")
        }
    }
}

public enum EventBody: Sendable, Equatable {
    // The three largest bodies are kept in a box of their own (`indirect`): the intake's schema-2
    // fields made it twice the size of the others, and every event body — a million at replay,
    // copied a few times each between decoding and folding — is as large as the largest case.
    indirect case intake(Intake)
    case assessment(Assessment)
    case interventionStarted(InterventionStart)
    case interventionEnded(InterventionEnd)
    case partnerContact(PartnerContact)
    case duringFollowUp(DuringFollowUp)
    case closure(Closure)
    indirect case followUp(FollowUpAfterClosure)
    case correction(Correction)
    case handover(Handover)
    case unitSettings(UnitSettings)
    indirect case reopening(Reopening)

    public var kind: EventKind {
        switch self {
        case .intake: .intake
        case .assessment: .assessment
        case .interventionStarted: .interventionStarted
        case .interventionEnded: .interventionEnded
        case .partnerContact: .partnerContact
        case .duringFollowUp: .duringFollowUp
        case .closure: .closure
        case .followUp: .followUp
        case .correction: .correction
        case .handover: .handover
        case .unitSettings: .unitSettings
        case .reopening: .reopening
        }
    }
}

/// T0: the facts recorded when the case opens (docs/domain.md §4). The effective date is the intake date.
///
/// Fields added in schema 2 are optionals: nil is "ej registrerat" (the question was not asked:
/// an older event, or a field that does not belong to the case's role), never a guess; each enum
/// also has its own "okänt" for a question asked and not answered. Victim-only fields of schema 1
/// (police report, protective measures, more than one perpetrator, housing) stay at their empty
/// value (okänt / nil) on a perpetrator's case; perpetrator-only fields are nil on a victim's.
public struct Intake: Sendable, Equatable, Codable {
    public var role: Role
    public var sex: Sex = .unknown
    /// Stored for the age band only; never shown or exported as a year.
    public var birthYear: Int?
    public var referral: ReferralSource = .unknown
    public var relation: Relation = .unknown
    public var multiplePerpetrators: Answer = .unknown
    /// nil = not known.
    public var violenceTypes: VocabularySet<ViolenceType>?
    public var honourContext: Answer = .unknown
    /// nil = not known.
    public var childrenInHousehold: Int?
    public var childrenWitnessed: Answer = .unknown
    public var childrenExposed: Answer = .unknown
    public var policeReport: Answer = .unknown
    /// nil = not known; empty = none.
    public var protectiveMeasures: VocabularySet<ProtectiveMeasure>?
    public var housing: Housing = .unknown
    public var occupation: Occupation = .unknown
    public var substanceUse: Answer = .unknown
    public var functionalImpairment: Answer = .unknown
    public var interpreterNeeded: Answer = .unknown
    public var reportOfConcern: Answer = .unknown
    /// Schema 1 only: the legal basis of the case as a whole. Schema 2 records it per intervention.
    public var legalBasis: LegalBasis = .unknown

    // Schema 2, both roles.
    /// The date the case became known (aktualiserad); the effective date is the intake date.
    public var knownDate: Day?
    public var otherPartySex: Sex?
    public var livingSituation: LivingSituation?
    public var severity: Severity?
    public var violenceDuration: ViolenceDuration?
    public var lastViolence: LastViolence?
    public var goals: VocabularySet<GoalArea>?
    /// The worker responsible for the case (pseudonymous id); nil = the worker who recorded the intake.
    public var responsibleWorker: String?
    // Schema 2, perpetrator only.
    public var mandate: Mandate?
    public var underInvestigationOrConvicted: Answer?
    public var treatmentOfferDeclined: Answer?

    public init(role: Role) { self.role = role }
}

/// A risk assessment with an instrument of the catalogue, at any time point.
///
/// The item ratings and judgements are kept packed in their journal wire form (docs/journal-format.md,
/// "assessment": a count and the ratings, a count and the judgements) in one byte array: a million
/// events hold some 200,000 assessments of about ten ratings each, and as arrays of `ItemRating`
/// (48 bytes each, plus an array per assessment for ratings and another for judgements) they were the
/// largest part of the projection. `ratings` and `judgements` unpack on access; the binary codec
/// copies the packed bytes as they are.
public struct Assessment: Sendable, Equatable, Codable {
    public var instrument: InstrumentRef
    public var timePoint: TimePoint
    /// The ratings and judgements in wire form; always well formed (made by `pack` or checked by the decoder).
    private(set) var packedValues: [UInt8]
    /// The client's own estimate of the risk, where the instrument asks for it.
    public var clientEstimate: RiskLevel?
    /// Whom the assessment was done with (schema 2; nil = ej registrerat, as in every schema-1
    /// event). Figures take an assessment for the case's own risk unless it was done with someone
    /// other than the client (`describesClient`).
    public var respondent: Respondent?

    public init(instrument: InstrumentRef, timePoint: TimePoint, ratings: [ItemRating] = [],
                judgements: [JudgementValue] = [], clientEstimate: RiskLevel? = nil, respondent: Respondent? = nil) {
        self.instrument = instrument
        self.timePoint = timePoint
        self.packedValues = Assessment.pack(ratings, judgements)
        self.clientEstimate = clientEstimate
        self.respondent = respondent
    }

    /// From bytes the codec has already checked to be well formed.
    init(instrument: InstrumentRef, timePoint: TimePoint, packedValues: [UInt8], clientEstimate: RiskLevel?,
         respondent: Respondent?) {
        self.instrument = instrument
        self.timePoint = timePoint
        self.packedValues = packedValues
        self.clientEstimate = clientEstimate
        self.respondent = respondent
    }

    /// Whether the assessment describes the client's own situation. Schema-1 assessments did not
    /// record whom they were done with; they were all counted as the client's, and still are.
    public var describesClient: Bool { respondent == nil || respondent == .client }

    public var ratings: [ItemRating] {
        get { unpacked().ratings }
        set { packedValues = Assessment.pack(newValue, judgements) }
    }

    public var judgements: [JudgementValue] {
        // Skips the ratings without making them: the projection asks every assessment for its
        // judgements (the risk level) while folding.
        get {
            packedValues.withUnsafeBytes { bytes in
                var r = BinaryReader(bytes)
                do { return try r.assessmentJudgements() } catch { preconditionFailure("malformed packed assessment: \(error)") }
            }
        }
        set { packedValues = Assessment.pack(ratings, newValue) }
    }

    /// Each judgement and its value as the packed bytes hold them (UTF-8, checked when packed or
    /// decoded), in order: `judgements` without making them.
    func forEachPackedJudgement(_ body: (_ judgement: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void) {
        packedValues.withUnsafeBytes { bytes in
            var r = BinaryReader(bytes)
            do {
                for _ in 0..<(try r.count()) {
                    _ = try r.take(try r.count()); try r.skipOptionalInt(); try r.skipOptionalInt(); _ = try r.bool()
                }
                for _ in 0..<(try r.count()) {
                    let judgement = try r.take(try r.count())
                    body(judgement, try r.take(try r.count()))
                }
            } catch {
                preconditionFailure("malformed packed assessment: \(error)")
            }
        }
    }

    static func pack(_ ratings: [ItemRating], _ judgements: [JudgementValue]) -> [UInt8] {
        var w = BinaryWriter()
        w.reserve(2 + 8 * ratings.count + 12 * judgements.count)
        w.assessmentValues(ratings, judgements)
        return w.bytes
    }

    func unpacked() -> (ratings: [ItemRating], judgements: [JudgementValue]) {
        packedValues.withUnsafeBytes { bytes in
            var r = BinaryReader(bytes)
            // Well formed by construction, so this cannot fail.
            do { return try r.assessmentValues() } catch { preconditionFailure("malformed packed assessment: \(error)") }
        }
    }

    public static func == (a: Assessment, b: Assessment) -> Bool {
        guard a.instrument == b.instrument, a.timePoint == b.timePoint, a.clientEstimate == b.clientEstimate,
              a.respondent == b.respondent else { return false }
        if a.packedValues == b.packedValues { return true }
        // Equal strings need not have equal bytes (Unicode canonical equivalence): compare as values.
        let (x, y) = (a.unpacked(), b.unpacked())
        return x.ratings == y.ratings && x.judgements == y.judgements
    }

    // Codable by hand, with the keys the synthesized conformance had (the JSON interchange format).
    private enum CodingKeys: String, CodingKey {
        case instrument, timePoint, ratings, judgements, clientEstimate, respondent
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let instrument = try c.decode(InstrumentRef.self, forKey: .instrument)
        let timePoint = try c.decode(TimePoint.self, forKey: .timePoint)
        let ratings = try c.decode([ItemRating].self, forKey: .ratings)
        let judgements = try c.decode([JudgementValue].self, forKey: .judgements)
        let clientEstimate = try c.decodeIfPresent(RiskLevel.self, forKey: .clientEstimate)
        let respondent = try c.decodeIfPresent(Respondent.self, forKey: .respondent)
        self.init(instrument: instrument, timePoint: timePoint, ratings: ratings, judgements: judgements,
                  clientEstimate: clientEstimate, respondent: respondent)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let (ratings, judgements) = unpacked()
        try c.encode(instrument, forKey: .instrument)
        try c.encode(timePoint, forKey: .timePoint)
        try c.encode(ratings, forKey: .ratings)
        try c.encode(judgements, forKey: .judgements)
        try c.encodeIfPresent(clientEstimate, forKey: .clientEstimate)
        try c.encodeIfPresent(respondent, forKey: .respondent)
    }
}

/// An intervention (insats) begins; `interventionId` names it within the case ("I1", "I2", …).
public struct InterventionStart: Sendable, Equatable, Codable {
    public var interventionId: String
    public var type: InterventionType
    // Schema 2 (nil = ej registrerat).
    /// Biståndsbeslut, or insats utan behovsprövning (SoL 2025:400; "service utan beslut" before 2025-07-01).
    public var legalBasis: LegalBasis?
    /// The intervention was offered and the client declined it (the event records the offer's date).
    public var offeredAndDeclined: Answer?
    /// Skyddat boende only: children who came along.
    public var accompanyingChildren: Int?
    public init(interventionId: String, type: InterventionType) {
        self.interventionId = interventionId
        self.type = type
    }
}

public struct InterventionEnd: Sendable, Equatable, Codable {
    public var interventionId: String
    public var outcome: InterventionOutcome
    public init(interventionId: String, outcome: InterventionOutcome) {
        self.interventionId = interventionId
        self.outcome = outcome
    }
}

/// Partner contact on a perpetrator's case (Socialstyrelsen's model: with consent, about five
/// conversations with the partner while the perpetrator is in treatment). One event per step.
public enum PartnerContact: Sendable, Equatable {
    /// The perpetrator was asked about partner contact; `consent` is the answer.
    case asked(consent: Answer)
    /// One attempt to reach the partner.
    case attempt(channel: ContactChannel, reached: Bool)
    /// The partner accepted or declined contact.
    case response(PartnerResponse)
    /// One conversation with the partner.
    case conversation(PartnerConversation)

    public var stepLabel: Localized {
        switch self {
        case .asked: Localized(sv: "Tillfrågad om partnerkontakt", en: "Asked about partner contact")
        case .attempt: Localized(sv: "Kontaktförsök", en: "Contact attempt")
        case .response: Localized(sv: "Partnerns svar", en: "Partner's answer")
        case .conversation: Localized(sv: "Partnersamtal", en: "Partner conversation")
        }
    }
}

public struct PartnerConversation: Sendable, Equatable, Codable {
    public var safetyPlanning: Bool = false
    public var treatmentInformation: Bool = false
    public var newViolence: Answer = .unknown
    public var newViolenceTypes: VocabularySet<ViolenceType> = []
    public var concernForChildren: Answer = .unknown
    public var referralMade: Bool = false
    public init() {}
}

/// T1: an optional, repeatable follow-up while the work is under way.
public struct DuringFollowUp: Sendable, Equatable, Codable {
    public var violenceSinceLast: Answer = .unknown
    public var violenceTypes: VocabularySet<ViolenceType> = []
    /// Victim only in schema 2 (left okänt on a perpetrator's case).
    public var policeReport: Answer = .unknown
    /// Victim only in schema 2 (left okänt on a perpetrator's case).
    public var housing: Housing = .unknown
    // Schema 2 (nil = ej registrerat).
    /// Victim only.
    public var protectiveMeasures: VocabularySet<ProtectiveMeasure>?
    public var goalProgress: GoalAttainment?
    public init() {}
}

/// The client's own view (brukarenkät), optional at closure and follow-up. Scales 1–5 with words
/// at both ends (situation 1 = mycket sämre … 5 = mycket bättre; importance 1 = ingen … 5 = mycket stor;
/// feeling safe 1 = inte alls trygg … 5 = helt trygg).
public struct ClientSurvey: Sendable, Equatable, Codable {
    public var situationImproved: Int?
    public var supportImportance: Int?
    /// Schema 2.
    public var feelingSafe: Int?
    public init(situationImproved: Int? = nil, supportImportance: Int? = nil, feelingSafe: Int? = nil) {
        self.situationImproved = situationImproved
        self.supportImportance = supportImportance
        self.feelingSafe = feelingSafe
    }
}

/// T2: the case closes. The effective date is the closure date.
public struct Closure: Sendable, Equatable, Codable {
    /// Why the case closed (never a schema-1-only value in memory: see `ClosureReason`).
    public var reason: ClosureReason
    /// Violence at closure overall (for indicator 6).
    public var violence: ViolenceStatus = .unknown
    /// Per type, where known.
    public var violenceByType: [ViolenceType: ViolenceStatus] = [:]
    public var survey: ClientSurvey?
    // Schema 2 (nil = ej registrerat; schema-1 events get `goalAttainment` from their reason).
    public var goalAttainment: GoalAttainment?
    /// Where the information on violence at closure comes from.
    public var violenceSource: InformationSource?
    public var livingSituation: LivingSituation?
    /// The client agreed to be contacted for a follow-up after closure; no T3 is due if not.
    public var followUpConsent: Answer?
    /// The safe way to make contact (or "kontakta ej").
    public var safeContact: ContactChannel?
    /// Perpetrator only: the partner's account of new violence.
    public var partnerReportedNewViolence: Answer?
    public init(reason: ClosureReason) { self.reason = reason }
    public init(reason: ClosureReason, goalAttainment: GoalAttainment) {
        self.reason = reason
        self.goalAttainment = goalAttainment
    }
}

/// T3: the follow-up after closure (default 6 months after). The effective date is the day it was done.
public struct FollowUpAfterClosure: Sendable, Equatable, Codable {
    /// Months after closure this follow-up belongs to (6 by default; 12 where the unit adds it).
    public var monthsAfterClosure: Int = 6
    public var reached: Bool
    public var newViolence: Answer = .unknown
    public var newViolenceTypes: VocabularySet<ViolenceType> = []
    public var newPoliceReport: Answer = .unknown
    public var housing: Housing = .unknown
    public var survey: ClientSurvey?
    // Schema 2 (nil = ej registrerat).
    /// How many attempts were made to reach the client (this one included).
    public var attempts: Int?
    /// Not reached only: why.
    public var notReachedReason: NotReachedReason?
    /// Where the outcome information comes from (a perpetrator's partner, a register, …).
    public var source: InformationSource?
    public var livingSituation: LivingSituation?
    /// Perpetrator only: the partner's account of new violence since closure.
    public var partnerReportedNewViolence: Answer?
    public init(reached: Bool) { self.reached = reached }
}

/// The case passes to another responsible worker (schema 2). The recording worker is the event's.
public struct Handover: Sendable, Equatable, Codable {
    /// The new responsible worker's pseudonymous id.
    public var toWorker: String
    public init(toWorker: String) { self.toWorker = toWorker }
}

/// A closed case becomes active again (återaktualisering, schema 3): a new episode of the same
/// case, with its own intake. The effective date is the new episode's intake date. The social
/// worker records the reopening and the new intake as one event (one form, one save): a reopened
/// case is never active without the intake facts of its new episode, and the new intake asks the
/// same T0 questions as the first one, because the client's situation (violence, children,
/// housing) is what may have changed. The role is the case's; the earlier episodes keep their
/// own intake, closure and follow-ups (docs/event-schema.md, "Version 3").
public struct Reopening: Sendable, Equatable, Codable {
    public var reason: ReopeningReason
    /// The new episode's T0 facts (the role is the case's).
    public var intake: Intake
    public init(reason: ReopeningReason, intake: Intake) {
        self.reason = reason
        self.intake = intake
    }
}

/// The unit's settings (schema 2): one event, not bound to a case (its case code is empty); the
/// latest in journal order is in force. A field left nil keeps its value from the settings before
/// (or the built-in default).
public struct UnitSettings: Sendable, Equatable, Codable {
    /// The minimum cell size k of the disclosure control.
    public var minimumCellSize: Int?
    /// The unit's (municipality's) population aged 18 and over, and the year of that figure
    /// (Kolada's rates per 10,000 inhabitants).
    public var population18Plus: Int?
    public var populationYear: Int?
    /// The follow-up policy: months after closure of T3, and the optional T4.
    public var t3Months: Int?
    public var t4Months: Int?
    public init() {}

    /// `self` on top of `earlier`: fields given here win.
    public func merged(over earlier: UnitSettings) -> UnitSettings {
        var result = earlier
        if let minimumCellSize { result.minimumCellSize = minimumCellSize }
        if let population18Plus { result.population18Plus = population18Plus; result.populationYear = populationYear }
        if let t3Months { result.t3Months = t3Months }
        if let t4Months { result.t4Months = t4Months }
        return result
    }
}

/// Amends or retracts an earlier event of the same case. Nothing is ever deleted: the journal keeps
/// both, and every screen and figure uses the corrected view.
public struct Correction: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Replace the target's values (same event kind) and, optionally, its effective date.
        indirect case amend(body: EventBody, effectiveDate: Day?)
        /// The target event is void.
        case retract
    }
    public var target: EventID
    public var action: Action
    public var reason: CorrectionReason
    /// Optional short comment; guarded like every field against personal identity numbers.
    public var comment: String?

    public init(target: EventID, action: Action, reason: CorrectionReason, comment: String? = nil) {
        self.target = target
        self.action = action
        self.reason = reason
        self.comment = comment
    }
}
