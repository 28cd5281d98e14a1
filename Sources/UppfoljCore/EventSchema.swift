/// The one place where events of older schema versions are read into today's model, and written
/// back in their own version's form (docs/event-schema.md). Every reader (the binary journal codec,
/// the JSON interchange) goes through here, so a schema-1 event means the same everywhere.
///
/// Schema 2 → 3 adds one event kind, `reopening` (återaktualisering); nothing else changes, so a
/// schema-2 event reads as it was written and no mapping is needed.
///
/// Schema 1 → 2:
/// - closure: the reason `goalFullyMet` / `goalPartlyMet` / `goalNotMet` becomes reason `planned`
///   with goal attainment `full` / `partly` / `notMet`; any other reason stays and gets goal
///   attainment `notAssessed` (schema 1 did not ask; "inte bedömt" is what the form says then).
/// - every other field schema 2 added is nil: "ej registrerat", never guessed.
/// The mapping is one to one, so `downgrade` gives a schema-1 event back exactly as it was written
/// (`log --json` prints it as before and the binary codec writes its original bytes).
public enum EventSchema {
    /// A body as read from an event of schema `version`, in today's model.
    public static func upgrade(_ body: EventBody, from version: Int) -> EventBody {
        guard version < 2 else { return body }
        switch body {
        case .closure(var closure):
            switch closure.reason {
            case .goalFullyMet: closure.reason = .planned; closure.goalAttainment = .full
            case .goalPartlyMet: closure.reason = .planned; closure.goalAttainment = .partly
            case .goalNotMet: closure.reason = .planned; closure.goalAttainment = .notMet
            default: closure.goalAttainment = .notAssessed
            }
            return .closure(closure)
        case .correction(var correction):
            if case .amend(let amended, let date) = correction.action {
                correction.action = .amend(body: upgrade(amended, from: version), effectiveDate: date)
            }
            return .correction(correction)
        default:
            return body
        }
    }

    /// A body of today's model in the form schema `version` wrote it. Only meaningful for a body
    /// `isExpressible` in that version; fields the version lacks are dropped.
    public static func downgrade(_ body: EventBody, to version: Int) -> EventBody {
        guard version < 2 else { return body }
        switch body {
        case .intake(var v):
            v.knownDate = nil; v.otherPartySex = nil; v.livingSituation = nil; v.severity = nil
            v.violenceDuration = nil; v.lastViolence = nil; v.goals = nil; v.responsibleWorker = nil
            v.mandate = nil; v.underInvestigationOrConvicted = nil; v.treatmentOfferDeclined = nil
            return .intake(v)
        case .assessment(var v):
            v.respondent = nil
            return .assessment(v)
        case .interventionStarted(var v):
            v.legalBasis = nil; v.offeredAndDeclined = nil; v.accompanyingChildren = nil
            return .interventionStarted(v)
        case .duringFollowUp(var v):
            v.protectiveMeasures = nil; v.goalProgress = nil
            return .duringFollowUp(v)
        case .closure(var v):
            if v.reason == .planned {
                switch v.goalAttainment {
                case .full: v.reason = .goalFullyMet
                case .partly: v.reason = .goalPartlyMet
                case .notMet: v.reason = .goalNotMet
                default: break
                }
            }
            v.goalAttainment = nil; v.violenceSource = nil; v.livingSituation = nil; v.followUpConsent = nil
            v.safeContact = nil; v.partnerReportedNewViolence = nil
            v.survey?.feelingSafe = nil
            return .closure(v)
        case .followUp(var v):
            v.attempts = nil; v.notReachedReason = nil; v.source = nil; v.livingSituation = nil
            v.partnerReportedNewViolence = nil
            v.survey?.feelingSafe = nil
            return .followUp(v)
        case .correction(var correction):
            if case .amend(let amended, let date) = correction.action {
                correction.action = .amend(body: downgrade(amended, to: version), effectiveDate: date)
            }
            return .correction(correction)
        case .interventionEnded, .partnerContact, .handover, .unitSettings, .reopening:
            return body
        }
    }

    /// Whether an event of schema `version` can hold `body` (as today's model reads it): a schema-1
    /// event has no field schema 2 added, no kind or value schema 2 added, and its closure's reason
    /// and attainment are a pair the mapping makes.
    public static func isExpressible(_ body: EventBody, in version: Int) -> Bool {
        if body.kind.introducedIn > version { return false }
        if case .correction(let c) = body, case .amend(let amended, _) = c.action, amended.kind.introducedIn > version {
            return false
        }
        guard version < 2 else { return true }
        return upgrade(downgrade(body, to: version), from: version) == body && valuesExist(body, in: version)
    }

    /// Vocabulary values appended in schema 2 do not occur in a schema-1 event.
    private static func valuesExist(_ body: EventBody, in version: Int) -> Bool {
        guard version < 2 else { return true }
        switch body {
        case .intake(let v):
            return v.referral.wireIndex <= ReferralSource.unknown.wireIndex
                && (v.protectiveMeasures?.allSatisfy { $0 != .policeAlarmPackage } ?? true)
                && v.legalBasis != .withoutNeedsAssessment
        case .interventionStarted(let v):
            return v.type.wireIndex <= InterventionType.other.wireIndex
        case .partnerContact(let v):
            if case .attempt(let channel, _) = v { return channel != .doNotContact }
            return true
        case .closure(let v):
            // Schema 1's reasons: the goal pairs (read as planned + attainment) and the three others.
            if v.reason == .planned { return [.full, .partly, .notMet].contains(v.goalAttainment) }
            return [.endedByClient, .moved, .other].contains(v.reason)
        case .correction(let c):
            if case .amend(let amended, _) = c.action { return valuesExist(amended, in: version) }
            return true
        default:
            return true
        }
    }
}
