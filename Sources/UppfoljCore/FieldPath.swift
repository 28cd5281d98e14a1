/// The input field a problem concerns: a field of an event ("caseCode", "date"), or a part of one
/// ("ratings.R3", "survey.feelingSafe"). The validator names every problem's field with it and the
/// workbench's forms name their fields with it, so a problem lands under the field that shows it
/// (`FormEngine.show`) by a shared value, not by two spellings that happen to agree. Written as
/// its dotted `rawValue` wherever problems are printed or serialised.
public struct FieldPath: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A part of this field: `ratings.appending("R3")` is "ratings.R3".
    public func appending(_ component: String) -> FieldPath { FieldPath(rawValue + "." + component) }

    /// Whether `other` is this field or a part of it ("ratings.R3" is in "ratings").
    public func contains(_ other: FieldPath) -> Bool {
        other.rawValue == rawValue || other.rawValue.hasPrefix(rawValue + ".")
    }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension FieldPath {
    /// One rating of an assessment, by the instrument's item id.
    public static func rating(_ item: String) -> FieldPath { ratings.appending(item) }
    /// A rating's value for the earlier period (or its instrument's second aspect).
    public static func earlierRating(_ item: String) -> FieldPath { rating(item).appending("earlier") }
    /// A rating's critical flag.
    public static func criticalFlag(_ item: String) -> FieldPath { rating(item).appending("critical") }
    /// One judgement of an assessment, by the instrument's judgement id.
    public static func judgement(_ id: String) -> FieldPath { judgements.appending(id) }

    public static let surveySituationImproved = survey.appending("situationImproved")
    public static let surveySupportImportance = survey.appending("supportImportance")
    public static let surveyFeelingSafe = survey.appending("feelingSafe")

    // The fields of the events, the import line and the unit's settings, by their names there.
    public static let accompanyingChildren = FieldPath("accompanyingChildren")
    public static let assessment = FieldPath("assessment")
    public static let attempts = FieldPath("attempts")
    public static let birthYear = FieldPath("birthYear")
    public static let caseCode = FieldPath("caseCode")
    public static let channel = FieldPath("channel")
    public static let childrenExposed = FieldPath("childrenExposed")
    public static let childrenInHousehold = FieldPath("childrenInHousehold")
    public static let childrenWitnessed = FieldPath("childrenWitnessed")
    public static let clientEstimate = FieldPath("clientEstimate")
    public static let comment = FieldPath("comment")
    public static let concernForChildren = FieldPath("concernForChildren")
    public static let consent = FieldPath("consent")
    public static let correction = FieldPath("correction")
    public static let data = FieldPath("data")
    public static let date = FieldPath("date")
    public static let followUpConsent = FieldPath("followUpConsent")
    public static let functionalImpairment = FieldPath("functionalImpairment")
    public static let goalAttainment = FieldPath("goalAttainment")
    public static let goalProgress = FieldPath("goalProgress")
    public static let goals = FieldPath("goals")
    public static let honourContext = FieldPath("honourContext")
    public static let housing = FieldPath("housing")
    public static let id = FieldPath("id")
    public static let instrument = FieldPath("instrument")
    public static let interpreterNeeded = FieldPath("interpreterNeeded")
    public static let interventionId = FieldPath("interventionId")
    public static let judgements = FieldPath("judgements")
    public static let knownDate = FieldPath("knownDate")
    public static let lastViolence = FieldPath("lastViolence")
    public static let legalBasis = FieldPath("legalBasis")
    public static let livingSituation = FieldPath("livingSituation")
    public static let mandate = FieldPath("mandate")
    public static let minimumCellSize = FieldPath("minimumCellSize")
    public static let monthsAfterClosure = FieldPath("monthsAfterClosure")
    public static let multiplePerpetrators = FieldPath("multiplePerpetrators")
    public static let newPoliceReport = FieldPath("newPoliceReport")
    public static let newViolence = FieldPath("newViolence")
    public static let newViolenceTypes = FieldPath("newViolenceTypes")
    public static let notReachedReason = FieldPath("notReachedReason")
    public static let occupation = FieldPath("occupation")
    public static let offeredAndDeclined = FieldPath("offeredAndDeclined")
    public static let otherPartySex = FieldPath("otherPartySex")
    public static let outcome = FieldPath("outcome")
    public static let partnerReportedNewViolence = FieldPath("partnerReportedNewViolence")
    public static let policeReport = FieldPath("policeReport")
    public static let population18Plus = FieldPath("population18Plus")
    public static let populationYear = FieldPath("populationYear")
    public static let protectiveMeasures = FieldPath("protectiveMeasures")
    public static let ratings = FieldPath("ratings")
    public static let reached = FieldPath("reached")
    public static let reason = FieldPath("reason")
    public static let recordedAt = FieldPath("recordedAt")
    public static let referral = FieldPath("referral")
    public static let referralMade = FieldPath("referralMade")
    public static let relation = FieldPath("relation")
    public static let reportOfConcern = FieldPath("reportOfConcern")
    public static let respondent = FieldPath("respondent")
    public static let response = FieldPath("response")
    public static let responsibleWorker = FieldPath("responsibleWorker")
    public static let role = FieldPath("role")
    public static let safeContact = FieldPath("safeContact")
    public static let safetyPlanning = FieldPath("safetyPlanning")
    public static let schema = FieldPath("schema")
    public static let severity = FieldPath("severity")
    public static let sex = FieldPath("sex")
    public static let source = FieldPath("source")
    public static let step = FieldPath("step")
    public static let substanceUse = FieldPath("substanceUse")
    public static let survey = FieldPath("survey")
    public static let t3Months = FieldPath("t3Months")
    public static let t4Months = FieldPath("t4Months")
    public static let target = FieldPath("target")
    public static let timePoint = FieldPath("timePoint")
    public static let toWorker = FieldPath("toWorker")
    public static let treatmentInformation = FieldPath("treatmentInformation")
    public static let treatmentOfferDeclined = FieldPath("treatmentOfferDeclined")
    public static let type = FieldPath("type")
    public static let underInvestigationOrConvicted = FieldPath("underInvestigationOrConvicted")
    public static let violence = FieldPath("violence")
    public static let violenceByType = FieldPath("violenceByType")
    public static let violenceDuration = FieldPath("violenceDuration")
    public static let violenceSinceLast = FieldPath("violenceSinceLast")
    public static let violenceSource = FieldPath("violenceSource")
    public static let violenceTypes = FieldPath("violenceTypes")
    public static let worker = FieldPath("worker")
}
