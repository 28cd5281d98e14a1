import TerminalKit
import UppfoljCore

/// What a form sees of the app while it is built, drawn and saved.
struct FormContext {
    let kind: FormKind
    let env: AppEnvironment
    let projection: Projection
    /// The case the form records on (nil for a new case's intake).
    let caseCode: String?
    let caseState: CaseState?
    /// When the form amends an event: the event as it stands now (earlier amendments applied)…
    let amending: Event?
    /// …and as it was first recorded (its date decides whether the amendment moves the date).
    let amendingOriginal: Event?
    let t: Translator

    var fields: Fields { Fields(t: t) }
    var isAmending: Bool { amending != nil }
}

/// What a form's values mean: the date and body of the event to record.
struct FormOutput {
    /// Only the intake form names the case (it creates it); other forms record on `FormContext.caseCode`.
    var caseCode: String?
    var date: Day
    var body: EventBody
}

/// One event form. The engine (`FormEngine`) does focus, editing, drawing, checks and saving;
/// a form only says which fields it has and what their values mean.
protocol EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized
    /// Values of a new form (dates default to today).
    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues
    /// Values of a form that amends `event` (pre-filled).
    static func values(from event: Event, _ ctx: FormContext) -> FormValues
    /// The fields to show for the current values (fields may appear as values change).
    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem]
    /// Live lines above the fields (e.g. an assessment's derived total).
    static func summary(_ values: FormValues, _ ctx: FormContext) -> [String]
    /// Called after the field `id` changed, to keep dependent values consistent.
    static func didChange(_ id: FieldPath, _ values: inout FormValues, _ ctx: FormContext)
    /// The event the values describe, or nil with problems in `reader`.
    static func build(_ reader: inout FormReader, _ ctx: FormContext) -> FormOutput?
}

extension EventFormSpec {
    static func summary(_ values: FormValues, _ ctx: FormContext) -> [String] { [] }
    static func didChange(_ id: FieldPath, _ values: inout FormValues, _ ctx: FormContext) {}

    /// A form whose only default is the date.
    static func datedValues(_ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, ctx.env.today.iso)
        return values
    }
}

/// Which form is open.
enum FormKind: Sendable, Equatable {
    case intake, assessment, interventionStart, interventionEnd, partnerContact, duringFollowUp, closure, handover
    /// Återaktualisering: a closed case's new episode, with its new intake.
    case reopening
    /// T3; `months` preselects the follow-up point (e.g. from the due list).
    case followUp(months: Int?)
    case retract(target: EventID)

    /// The form that edits events of a kind (for amending); nil for corrections.
    init?(editing kind: EventKind) {
        switch kind {
        case .intake: self = .intake
        case .assessment: self = .assessment
        case .interventionStarted: self = .interventionStart
        case .interventionEnded: self = .interventionEnd
        case .partnerContact: self = .partnerContact
        case .duringFollowUp: self = .duringFollowUp
        case .closure: self = .closure
        case .followUp: self = .followUp(months: nil)
        case .handover: self = .handover
        case .reopening: self = .reopening
        case .correction, .unitSettings: return nil
        }
    }

    /// The kind of event the form records (nil for a retraction, a correction).
    var eventKind: EventKind? {
        switch self {
        case .intake: .intake
        case .assessment: .assessment
        case .interventionStart: .interventionStarted
        case .interventionEnd: .interventionEnded
        case .partnerContact: .partnerContact
        case .duringFollowUp: .duringFollowUp
        case .closure: .closure
        case .handover: .handover
        case .reopening: .reopening
        case .followUp: .followUp
        case .retract: nil
        }
    }

    var spec: any EventFormSpec.Type {
        switch self {
        case .intake: IntakeForm.self
        case .assessment: AssessmentForm.self
        case .interventionStart: InterventionStartForm.self
        case .interventionEnd: InterventionEndForm.self
        case .partnerContact: PartnerContactForm.self
        case .duringFollowUp: DuringFollowUpForm.self
        case .closure: ClosureForm.self
        case .handover: HandoverForm.self
        case .reopening: ReopeningForm.self
        case .followUp: FollowUpForm.self
        case .retract: RetractForm.self
        }
    }
}

enum FormPhase: Sendable, Equatable {
    case editing
    /// The event was handed to the runner; waiting for `.saved` / `.refused` / `.saveFailed`.
    case saving(EventID)
}

/// An open form: which form, on which case, its values, focus, scroll and inline messages.
struct FormSession: Sendable {
    var kind: FormKind
    var caseCode: String?
    /// Set when the form amends this event (a correction with new values).
    var amendTarget: EventID?
    var values: FormValues
    var initial: FormValues
    var focusedId: FieldPath
    var scrollOffset = 0
    /// Inline messages by field id.
    var messages: [FieldPath: Localized] = [:]
    var phase: FormPhase = .editing
    /// The case's events when the form was opened: a save refused because of events other workers
    /// added meanwhile (the workbench folds them in while the form is open) names them (issue 16).
    var seenEvents: Set<EventID> = []
    /// Set when the event being saved reports new violence (issue 17 item 6): once it is saved the
    /// workbench offers a new risk assessment (`RiskPrompt`).
    var reportsNewViolence = false

    var isDirty: Bool { !values.sameContent(as: initial) }
    var isSaving: Bool { if case .saving = phase { return true } else { return false } }
}
