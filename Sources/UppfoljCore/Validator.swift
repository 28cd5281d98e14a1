/// Checks an event against the journal's current state before it is appended. Returns every
/// problem found (never only the first), each with a Swedish and an English message.
public struct Validator: Sendable {
    public let catalogue: InstrumentCatalogue
    public let today: Day

    public static let maxCaseCodeLength = 40
    public static let maxWorkerLength = 64
    public static let maxCommentLength = 500
    public static let maxInterventionIdLength = 16

    /// No date (effective or recorded) may lie before this: earlier ones are typing errors (year 0001,
    /// 1899, a clock reset to 1970), not follow-up work.
    public let earliestDate: Day
    /// The clock's time, against which `recordedAt` is checked.
    public let now: Timestamp

    public static let defaultEarliestDate = Day(year: 1990, month: 1, day: 1)!
    /// How far `recordedAt` may lie ahead of the clock: clocks of different machines disagree a
    /// little; a recording time more than a day ahead is not a skew but an error.
    public static let recordedAtTolerance: Int64 = 86_400

    public init(catalogue: InstrumentCatalogue, today: Day, now: Timestamp = .now(),
                earliestDate: Day = Validator.defaultEarliestDate) {
        self.catalogue = catalogue
        self.today = today
        self.now = now
        self.earliestDate = earliestDate
    }

    /// Whether `event` passes the checks that depend on nothing but the event and this validator:
    /// its envelope, its schema and, for an assessment, the catalogue's rules. A bulk import runs
    /// this on the other cores as lines are decoded; `validate(_:in:contextFreeChecked:)` then
    /// skips those checks (they would find nothing) and does only what needs the journal's state.
    public func passesContextFreeChecks(_ event: Event) -> Bool {
        if case .unitSettings = event.body { return false }
        guard envelopeProblems(event).isEmpty, schemaProblems(event).isEmpty else { return false }
        if case .assessment(let assessment) = event.body { return assessmentProblems(assessment).isEmpty }
        return true
    }

    /// Every problem with `event` against `projection`. `contextFreeChecked`: this validator's
    /// `passesContextFreeChecks(event)` is known to be true (the same problems, found faster).
    public func validate(_ event: Event, in projection: Projection, contextFreeChecked: Bool = false) -> [Problem] {
        if case .unitSettings(let settings) = event.body {
            return envelopeProblems(event, caseBound: false) + schemaProblems(event) + settingsProblems(settings)
        }
        var problems = contextFreeChecked ? [] : envelopeProblems(event) + schemaProblems(event)
        let state = projection[event.caseCode]
        let schema = event.schemaVersion
        switch event.body {
        case .intake:
            if let state, state.hasEvent(of: .intake) {
                problems.append(problem("case.duplicate", .caseCode,
                    "Det finns redan ett ärende med koden \(SafeText.display(event.caseCode)).",
                    "A case with the code \(SafeText.display(event.caseCode)) already exists."))
            }
            problems += bodyProblems(event.body, date: event.effectiveDate, state: nil, amending: nil, schema: schema)
        case .correction(let correction):
            if let state, state.isVoided {
                // A voided case takes one thing: the retraction of the correction that voided it.
                problems += restoreProblems(correction, event: event, state: state)
                break
            }
            guard let state = existingCase(state, event, &problems) else { break }
            problems += correctionProblems(correction, event: event, state: state)
        case .handover(let handover):
            guard let state = existingCase(state, event, &problems) else { break }
            if state.status == .closed {
                problems.append(problem("case.closed", .caseCode,
                    "Ärendet är avslutat; ansvaret kan inte lämnas över.", "The case is closed; it cannot be handed over."))
            }
            problems += workerProblems(handover.toWorker, field: .toWorker)
            if handover.toWorker == state.responsibleWorker {
                problems.append(problem("handover.sameWorker", .toWorker,
                    "\(SafeText.display(handover.toWorker)) är redan ansvarig för ärendet.",
                    "\(SafeText.display(handover.toWorker)) is already responsible for the case."))
            }
            problems += bodyProblems(event.body, date: event.effectiveDate, state: state, amending: nil, schema: schema)
        case .unitSettings:
            break   // handled above
        case .reopening(let reopening):
            guard let state = existingCase(state, event, &problems) else { break }
            if state.closure != nil {
                problems += reopeningDateProblems(event.effectiveDate, state: state)
            } else {
                problems.append(problem("reopening.notClosed", .caseCode,
                    "Ärendet är aktivt; bara ett avslutat ärende kan återaktualiseras.",
                    "The case is active; only a closed case can be reopened."))
            }
            if let role = state.role, reopening.intake.role != role {
                problems.append(problem("reopening.role", .role,
                    "Ärendet gäller en \(role.label.sv.lowercased()); rollen är densamma i den nya episoden.",
                    "The case is a \(role.label.en.lowercased())'s; the role is the same in the new episode."))
            }
            problems += bodyProblems(event.body, date: event.effectiveDate, state: state, amending: nil, schema: schema)
        default:
            guard let state = existingCase(state, event, &problems) else { break }
            if state.status == .closed, event.kind != .followUp {
                problems.append(problem("case.closed", .caseCode,
                    "Ärendet är avslutat. Efter avslut kan bara uppföljning (T3) och rättelser registreras.",
                    "The case is closed. After closure only follow-ups (T3) and corrections can be recorded."))
            }
            problems += bodyProblems(event.body, date: event.effectiveDate, state: state, amending: nil, schema: schema,
                                     assessmentChecked: contextFreeChecked)
        }
        return problems
    }

    /// An event of an older schema holds only what that schema had (EventSchema); a kind newer than
    /// the event's schema does not exist in it.
    private func schemaProblems(_ event: Event) -> [Problem] {
        guard (1...Event.currentSchemaVersion).contains(event.schemaVersion) else { return [] }  // envelope says so
        if event.kind.introducedIn > event.schemaVersion {
            return [problem("schema.kind", .type,
                "Händelsetypen \(event.kind.label.sv) finns inte i schemaversion \(event.schemaVersion).",
                "The event type \(event.kind.label.en) does not exist in schema version \(event.schemaVersion).")]
        }
        if !EventSchema.isExpressible(event.body, in: event.schemaVersion) {
            return [problem("schema.field", .data,
                "Händelsen har en uppgift eller ett värde som inte finns i schemaversion \(event.schemaVersion).",
                "The event holds a field or value that schema version \(event.schemaVersion) does not have.")]
        }
        return []
    }

    private func workerProblems(_ worker: String, field: FieldPath) -> [Problem] {
        var problems: [Problem] = []
        if worker.allSatisfy(\.isWhitespace) || worker.count > Validator.maxWorkerLength {
            problems.append(problem("worker.invalid", field,
                "Handläggarens id saknas eller är för långt (högst \(Validator.maxWorkerLength) tecken).",
                "The worker id is missing or too long (at most \(Validator.maxWorkerLength) characters)."))
        }
        return problems + Validator.textProblems(worker, field: field)
    }

    /// The ranges of the unit's settings.
    public static let minimumCellSizeRange = 3...100
    public static let populationRange = 1...20_000_000
    public static let followUpMonthsRange = 1...36

    private func settingsProblems(_ settings: UnitSettings) -> [Problem] {
        var problems: [Problem] = []
        if settings == UnitSettings() {
            problems.append(problem("settings.empty", .data,
                "Inga inställningar angivna.", "No settings given."))
        }
        if let k = settings.minimumCellSize, !Validator.minimumCellSizeRange.contains(k) {
            problems.append(problem("settings.minCell", .minimumCellSize,
                "Minsta cellstorlek ska vara \(Validator.minimumCellSizeRange.lowerBound)–\(Validator.minimumCellSizeRange.upperBound).",
                "The minimum cell size must be \(Validator.minimumCellSizeRange.lowerBound)–\(Validator.minimumCellSizeRange.upperBound)."))
        }
        switch (settings.population18Plus, settings.populationYear) {
        case (nil, nil): break
        case (let population?, let year?):
            if !Validator.populationRange.contains(population) {
                problems.append(problem("settings.population", .population18Plus,
                    "Befolkningen 18 år och äldre ska vara 1–20 000 000.", "The population aged 18+ must be 1–20,000,000."))
            }
            if !(earliestDate.year...today.year).contains(year) {
                problems.append(problem("settings.populationYear", .populationYear,
                    "Befolkningsårets ska vara \(earliestDate.year)–\(today.year).",
                    "The population's year must be \(earliestDate.year)–\(today.year)."))
            }
        default:
            problems.append(problem("settings.populationYear", .populationYear,
                "Befolkningen och året den gäller anges tillsammans.", "The population and its year are given together."))
        }
        if let t3 = settings.t3Months, !Validator.followUpMonthsRange.contains(t3) {
            problems.append(problem("settings.t3", .t3Months,
                "T3 ska ligga 1–36 månader efter avslut.", "T3 must be 1–36 months after closure."))
        }
        if let t4 = settings.t4Months, t4 != 0 {
            if !Validator.followUpMonthsRange.contains(t4) {
                problems.append(problem("settings.t4", .t4Months,
                    "T4 ska ligga 1–36 månader efter avslut (0 = ingen T4).", "T4 must be 1–36 months after closure (0 = no T4)."))
            } else if t4 <= (settings.t3Months ?? 6) {
                problems.append(problem("settings.t4", .t4Months,
                    "T4 ska ligga efter T3.", "T4 must come after T3."))
            }
        }
        return problems
    }

    // MARK: envelope

    private func envelopeProblems(_ event: Event, caseBound: Bool = true) -> [Problem] {
        var problems: [Problem] = []
        let code = event.caseCode
        if !caseBound {
            if !code.isEmpty {
                problems.append(problem("caseCode.notEmpty", .caseCode,
                    "Enhetens inställningar hör inte till något ärende (ärendekoden ska vara tom).",
                    "The unit's settings belong to no case (the case code must be empty)."))
            }
        } else if code.allSatisfy(\.isWhitespace) {
            problems.append(problem("caseCode.empty", .caseCode, "Ärendekod saknas.", "The case code is missing."))
        } else if code.count > Validator.maxCaseCodeLength {
            problems.append(problem("caseCode.long", .caseCode,
                "Ärendekoden får vara högst \(Validator.maxCaseCodeLength) tecken.",
                "The case code may be at most \(Validator.maxCaseCodeLength) characters."))
        } else if !code.unicodeScalars.allSatisfy(Validator.isCaseCodeCharacter) {
            problems.append(problem("caseCode.characters", .caseCode,
                "Ärendekoden får bara innehålla bokstäver, siffror och - _ / . :",
                "The case code may only contain letters, digits and - _ / . :"))
        }
        problems += Validator.textProblems(code, field: .caseCode)
        if event.worker.isEmpty || event.worker.count > Validator.maxWorkerLength {
            problems.append(problem("worker.invalid", .worker,
                "Handläggarens id saknas eller är för långt (högst \(Validator.maxWorkerLength) tecken).",
                "The worker id is missing or too long (at most \(Validator.maxWorkerLength) characters)."))
        }
        problems += Validator.textProblems(event.worker, field: .worker)
        if event.schemaVersion < 1 || event.schemaVersion > Event.currentSchemaVersion {
            problems.append(problem("schema.unsupported", .schema,
                "Okänd schemaversion \(event.schemaVersion).", "Unknown schema version \(event.schemaVersion)."))
        }
        problems += futureProblems(event.effectiveDate)
        problems += floorProblems(event.effectiveDate, field: .date)
        if event.recordedAt.secondsSinceEpoch < Int64(earliestDate.daysSinceEpoch) * 86_400 {
            problems.append(problem("recordedAt.early", .recordedAt,
                "Registreringstiden \(event.recordedAt) ligger före \(earliestDate); stämmer klockan?",
                "The recording time \(event.recordedAt) is before \(earliestDate); is the clock right?"))
        } else if event.recordedAt.secondsSinceEpoch > now.secondsSinceEpoch + Validator.recordedAtTolerance {
            problems.append(problem("recordedAt.future", .recordedAt,
                "Registreringstiden \(event.recordedAt) ligger mer än ett dygn efter klockan (\(now)).",
                "The recording time \(event.recordedAt) is more than a day after the clock (\(now))."))
        }
        return problems
    }

    private func futureProblems(_ date: Day) -> [Problem] {
        guard date > today else { return [] }
        return [problem("date.future", .date, "Datumet \(date) ligger i framtiden.", "The date \(date) is in the future.")]
    }

    /// A new event is not dated before the current episode's intake; an amended one (which may
    /// belong to an earlier episode) not before the case's first intake.
    private func beforeIntakeProblems(_ date: Day, kind: EventKind, state: CaseState?, amending: Bool = false) -> [Problem] {
        guard let state, let intakeDate = amending ? state.firstIntakeDate : state.intakeDate,
              kind != .intake, kind != .reopening, date < intakeDate else { return [] }
        let (code, sv, en) = kind == .closure
            ? ("closure.beforeIntake", "Avslutsdatum \(date) ligger före inskrivningen \(intakeDate).",
               "The closure date \(date) is before the intake \(intakeDate).")
            : ("date.beforeIntake", "Datumet \(date) ligger före inskrivningen \(intakeDate).",
               "The date \(date) is before the intake \(intakeDate).")
        return [problem(code, .date, sv, en)]
    }

    /// The problems with a new event's date that do not depend on the rest of it: in the future,
    /// before the plausible floor, before the case's intake. A form shows them beside its other
    /// fields' problems while those still keep it from building the event (the full `validate`
    /// finds the same ones once it can).
    public func dateProblems(_ date: Day, kind: EventKind, caseCode: String?, in projection: Projection) -> [Problem] {
        let state = caseCode.flatMap { projection[$0] }
        return futureProblems(date) + floorProblems(date, field: .date) + beforeIntakeProblems(date, kind: kind, state: state)
            + (kind == .reopening ? reopeningDateProblems(date, state: state) : [])
    }

    /// A reopening is not dated before the closure it reopens.
    private func reopeningDateProblems(_ date: Day, state: CaseState?) -> [Problem] {
        guard let closure = state?.closure, date < closure.date else { return [] }
        return [problem("reopening.beforeClosure", .date,
            "Återaktualiseringen (\(date)) ligger före avslutet (\(closure.date)).",
            "The reopening (\(date)) is before the closure (\(closure.date)).")]
    }

    private func floorProblems(_ date: Day, field: FieldPath) -> [Problem] {
        guard date < earliestDate else { return [] }
        return [problem("date.early", field,
            "Datumet \(date) ligger före \(earliestDate) och är inte rimligt.",
            "The date \(date) is before \(earliestDate) and is not plausible.")]
    }

    /// The rules every stored text field follows, whatever its own rules: no control characters
    /// (see `SafeText`) and nothing that looks like a personnummer. The workbench forms run the same
    /// check on their text fields.
    public static func textProblems(_ text: String, field: FieldPath) -> [Problem] {
        var problems: [Problem] = []
        if let scalar = SafeText.refusedCharacter(in: text) {
            let shown = SafeText.escaped(scalar)
            problems.append(Problem(code: "text.control", field: field, message: Localized(
                sv: "Texten innehåller ett styrtecken (\(shown)); sådana tecken får inte sparas.",
                en: "The text holds a control character (\(shown)); such characters cannot be saved.")))
        }
        if let guardProblem = PersonalIdentityGuard.check(text, field: field) { problems.append(guardProblem) }
        return problems
    }

    static func isCaseCodeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            // The same answer without the Unicode tables: the ASCII letters are the only alphabetic ASCII.
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", "/", ".", ":": return true
            default: return false
            }
        }
        return scalar.properties.isAlphabetic
    }

    private func existingCase(_ state: CaseState?, _ event: Event, _ problems: inout [Problem]) -> CaseState? {
        guard let state, state.hasEvent(of: .intake) else {
            problems.append(problem("case.unknown", .caseCode,
                "Det finns inget ärende med koden \(SafeText.display(event.caseCode)). Börja med en inskrivning.",
                "There is no case with the code \(SafeText.display(event.caseCode)). Start with an intake."))
            return nil
        }
        guard state.intake != nil else {
            problems.append(problem("case.retracted", .caseCode,
                "Ärendet \(SafeText.display(event.caseCode)) är makulerat (inskrivningen är makulerad).",
                "The case \(SafeText.display(event.caseCode)) is retracted (its intake was retracted)."))
            return nil
        }
        return state
    }

    // MARK: bodies

    /// Problems with one event body on a date, against the case as it stands. `amending` names the
    /// event being replaced by a correction, which is left out of uniqueness and order checks.
    private func bodyProblems(_ body: EventBody, date: Day, state: CaseState?, amending: EventID?, schema: Int,
                              assessmentChecked: Bool = false) -> [Problem] {
        var problems: [Problem] = []
        if schema >= 2 { problems += schemaTwoProblems(body, date: date, state: state) }
        problems += beforeIntakeProblems(date, kind: body.kind, state: state, amending: amending != nil)
        switch body {
        case .intake(let intake):
            problems += intakeProblems(intake, date: date, state: state, amending: amending)
        case .assessment(let assessment):
            if !assessmentChecked { problems += assessmentProblems(assessment) }
        case .interventionStarted(let start):
            problems += interventionStartProblems(start, state: state, amending: amending)
        case .interventionEnded(let end):
            problems += interventionEndProblems(end, date: date, state: state, amending: amending)
        case .partnerContact(let contact):
            problems += partnerContactProblems(contact, state: state)
        case .duringFollowUp(let followUp):
            if followUp.violenceSinceLast != .yes, !followUp.violenceTypes.isEmpty {
                problems.append(problem("violenceTypes.withoutViolence", .violenceTypes,
                    "Våldsformer är angivna men våld sedan senast är inte markerat som ja.",
                    "Violence types are given but violence since last time is not marked yes."))
            }
        case .closure(let closure):
            problems += closureProblems(closure, date: date, state: state, amending: amending)
        case .followUp(let followUp):
            problems += followUpProblems(followUp, date: date, state: state, amending: amending)
        case .correction:
            problems.append(problem("correction.nested", .type,
                "En rättelse kan inte rätta en annan rättelse.", "A correction cannot amend another correction."))
        case .handover:
            break   // see validate
        case .reopening(let reopening):
            // The new episode's intake is held to an intake's rules (the case's role, its fields).
            problems += bodyProblems(.intake(reopening.intake), date: date, state: nil, amending: nil, schema: schema)
        case .unitSettings:
            problems.append(problem("correction.settings", .type,
                "Enhetens inställningar rättas genom att nya inställningar sparas.",
                "The unit's settings are corrected by saving new settings."))
        }
        return problems
    }

    /// An intake: a plausible birth year and number of children; amended, it stays before the case's other events.
    private func intakeProblems(_ intake: Intake, date: Day, state: CaseState?, amending: EventID?) -> [Problem] {
        var problems: [Problem] = []
        if let year = intake.birthYear, !(1900...today.year).contains(year) || year > date.year {
            problems.append(problem("birthYear.range", .birthYear,
                "Födelseåret \(year) är inte rimligt.", "The birth year \(year) is not plausible."))
        }
        if let children = intake.childrenInHousehold, !(0...20).contains(children) {
            problems.append(problem("children.range", .childrenInHousehold,
                "Antal barn i hushållet ska vara 0–20.", "Children in the household must be 0–20."))
        }
        if let state, let amending {
            let earliest = state.events.filter { $0.id != amending && $0.kind != .correction && $0.kind != .intake }
                .map(\.effectiveDate).min()
            if let earliest, date > earliest {
                problems.append(problem("date.afterLaterEvents", .date,
                    "Inskrivningen kan inte flyttas efter ärendets första händelse (\(earliest)).",
                    "The intake cannot move after the case's first event (\(earliest))."))
            }
        }
        return problems
    }

    /// An intervention started: its id, not one the case already has.
    private func interventionStartProblems(_ start: InterventionStart, state: CaseState?, amending: EventID?) -> [Problem] {
        var problems: [Problem] = []
        problems += identifierProblems(start.interventionId, field: .interventionId)
        if let state, state.interventions.contains(where: { $0.interventionId == start.interventionId }),
           !isSameIntervention(start.interventionId, state: state, amending: amending) {
            problems.append(problem("intervention.duplicate", .interventionId,
                "Insatsen \(SafeText.display(start.interventionId)) finns redan i ärendet.",
                "The intervention \(SafeText.display(start.interventionId)) already exists on the case."))
        }
        return problems
    }

    /// An intervention ended: one the case started and has not ended, not before its start.
    private func interventionEndProblems(_ end: InterventionEnd, date: Day, state: CaseState?, amending: EventID?) -> [Problem] {
        var problems: [Problem] = []
        problems += identifierProblems(end.interventionId, field: .interventionId)
        if let state {
            let started = state.interventions.first { $0.interventionId == end.interventionId }
            if started == nil {
                problems.append(problem("intervention.unknown", .interventionId,
                    "Det finns ingen påbörjad insats \(SafeText.display(end.interventionId)) i ärendet.",
                    "There is no started intervention \(SafeText.display(end.interventionId)) on the case."))
            } else if let started, started.end != nil, amending == nil {
                problems.append(problem("intervention.ended", .interventionId,
                    "Insatsen \(SafeText.display(end.interventionId)) är redan avslutad.",
                    "The intervention \(SafeText.display(end.interventionId)) has already ended."))
            } else if let started, date < started.start {
                problems.append(problem("intervention.endBeforeStart", .date,
                    "Insatsen kan inte sluta (\(date)) före sin start (\(started.start)).",
                    "The intervention cannot end (\(date)) before it started (\(started.start))."))
            }
        }
        return problems
    }

    /// A partner contact: only on a perpetrator's case; violence types only with new violence.
    private func partnerContactProblems(_ contact: PartnerContact, state: CaseState?) -> [Problem] {
        var problems: [Problem] = []
        if let state, state.role == .victim {
            problems.append(problem("partnerContact.victimCase", .caseCode,
                "Partnerkontakt registreras bara i ärenden för våldsutövare.",
                "Partner contact is recorded only on perpetrator cases."))
        }
        if case .conversation(let conversation) = contact, conversation.newViolence != .yes,
           !conversation.newViolenceTypes.isEmpty {
            problems.append(problem("violenceTypes.withoutViolence", .newViolenceTypes,
                "Våldsformer är angivna men nytt våld är inte markerat som ja.",
                "Violence types are given but new violence is not marked yes."))
        }
        return problems
    }

    /// A closure: its survey; amended, not after the first follow-up.
    private func closureProblems(_ closure: Closure, date: Day, state: CaseState?, amending: EventID?) -> [Problem] {
        var problems: [Problem] = []
        problems += surveyProblems(closure.survey)
        if let state, amending != nil, let firstFollowUp = state.followUps.map(\.date).min(), date > firstFollowUp {
            problems.append(problem("closure.afterFollowUp", .date,
                "Avslutet kan inte ligga efter uppföljningen \(firstFollowUp).",
                "The closure cannot be after the follow-up on \(firstFollowUp)."))
        }
        return problems
    }

    /// A follow-up after closure (T3): its point, its answers only when reached, on a closed case, once a point is reached.
    private func followUpProblems(_ followUp: FollowUpAfterClosure, date: Day, state: CaseState?, amending: EventID?) -> [Problem] {
        var problems: [Problem] = []
        problems += surveyProblems(followUp.survey)
        if !(1...36).contains(followUp.monthsAfterClosure) {
            problems.append(problem("followUp.months", .monthsAfterClosure,
                "Uppföljningen ska gälla 1–36 månader efter avslut.", "The follow-up must be 1–36 months after closure."))
        }
        if !followUp.reached, followUp.newViolence != .unknown || followUp.survey != nil {
            problems.append(problem("followUp.notReached", .reached,
                "Klienten nåddes inte: uppgifter om nytt våld och enkät kan inte anges.",
                "The client was not reached: new violence and survey cannot be given."))
        }
        if let state {
            if let closure = state.closure {
                if date < closure.date {
                    problems.append(problem("followUp.beforeClosure", .date,
                        "Uppföljningen (\(date)) ligger före avslutet (\(closure.date)).",
                        "The follow-up (\(date)) is before the closure (\(closure.date))."))
                }
            } else {
                problems.append(problem("followUp.notClosed", .caseCode,
                    "Uppföljning efter avslut (T3) kräver att ärendet är avslutat.",
                    "A follow-up after closure (T3) needs the case to be closed."))
            }
            // Another attempt at a point whose T3s so far did not reach the client is a new
            // attempt, not a duplicate (issue 17 item 4); once one reached the client, the point is done.
            if amending == nil, state.currentFollowUps.contains(where: {
                $0.value.monthsAfterClosure == followUp.monthsAfterClosure && $0.value.reached }) {
                problems.append(problem("followUp.duplicate", .monthsAfterClosure,
                    "Uppföljningen \(followUp.monthsAfterClosure) månader efter avslut är redan registrerad.",
                    "The follow-up \(followUp.monthsAfterClosure) months after closure is already recorded."))
            }
        }
        return problems
    }

    // MARK: schema 2

    /// The rules of the fields schema 2 added (docs/domain.md §4): role-specific fields, whom an
    /// assessment describes, legal basis by date, closure reason and goal attainment, consent
    /// before T3. Schema-1 events never had these fields and are not held to them.
    private func schemaTwoProblems(_ body: EventBody, date: Day, state: CaseState?) -> [Problem] {
        var problems: [Problem] = []
        let role: Role? = if case .intake(let intake) = body { intake.role } else { state?.role }
        func notForRole(_ field: FieldPath, _ belongs: Role) {
            let (sv, en) = belongs == .victim
                ? ("Uppgiften hör bara till den våldsutsattas ärende (SUV-våldsutsatthet).",
                   "This field belongs only to a victim's case (SUV-våldsutsatthet).")
                : ("Uppgiften hör bara till våldsutövarens ärende (SUV-våldsutövare).",
                   "This field belongs only to a perpetrator's case (SUV-våldsutövare).")
            problems.append(problem("field.wrongRole", field, sv, en))
        }
        switch body {
        case .intake(let v):
            if v.role == .perpetrator {
                if v.policeReport != .unknown { notForRole(.policeReport, .victim) }
                if v.protectiveMeasures != nil { notForRole(.protectiveMeasures, .victim) }
                if v.multiplePerpetrators != .unknown { notForRole(.multiplePerpetrators, .victim) }
                if v.housing != .unknown { notForRole(.housing, .victim) }
            } else {
                if v.mandate != nil { notForRole(.mandate, .perpetrator) }
                if v.underInvestigationOrConvicted != nil { notForRole(.underInvestigationOrConvicted, .perpetrator) }
                if v.treatmentOfferDeclined != nil { notForRole(.treatmentOfferDeclined, .perpetrator) }
            }
            if let goals = v.goals, let wrong = goals.first(where: { !$0.applies(to: v.role) }) {
                problems.append(problem("goals.wrongRole", .goals,
                    "Målområdet \(wrong.label.sv) hör inte till rollen \(v.role.label.sv.lowercased()).",
                    "The goal area \(wrong.label.en) does not belong to the role \(v.role.label.en.lowercased())."))
            }
            if v.legalBasis != .unknown {
                problems.append(problem("legalBasis.perIntervention", .legalBasis,
                    "Lagrum registreras per insats.", "The legal basis is recorded per intervention."))
            }
            if let known = v.knownDate {
                if known > date {
                    problems.append(problem("knownDate.afterIntake", .knownDate,
                        "Datumet då ärendet aktualiserades (\(known)) ligger efter inskrivningen (\(date)).",
                        "The date the case became known (\(known)) is after the intake (\(date))."))
                }
                problems += floorProblems(known, field: .knownDate)
            }
            if let worker = v.responsibleWorker { problems += workerProblems(worker, field: .responsibleWorker) }
        case .assessment(let a):
            guard let role else { break }
            let respondent = a.respondent ?? .client
            if respondent == .partner, role != .perpetrator {
                problems.append(problem("respondent.partner", .respondent,
                    "En bedömning med partnern görs bara i våldsutövarens ärende (partnerkontakt).",
                    "An assessment with the partner is made only on a perpetrator's case (partner contact)."))
            } else if let instrument = catalogue.instrument(a.instrument) {
                let described = Instrument.describedRole(caseRole: role, respondent: respondent)
                if !instrument.roles.contains(described) || !instrument.respondents.contains(respondent) {
                    problems.append(problem("respondent.instrument", .respondent,
                        "\(instrument.name.sv) används inte för \(respondent.label.sv.lowercased()) i ett ärende för \(role.label.sv.lowercased()).",
                        "\(instrument.name.en) is not used for \(respondent.label.en.lowercased()) on a case of a \(role.label.en.lowercased())."))
                }
            }
        case .interventionStarted(let v):
            if let basis = v.legalBasis, !basis.isValid(on: date) {
                let (sv, en) = basis == .serviceWithoutDecision
                    ? ("Service utan beslut finns inte från 2025-07-01 (SoL 2025:400): välj insats utan behovsprövning.",
                       "Service without decision does not exist from 2025-07-01 (SoL 2025:400): choose without needs assessment.")
                    : ("Insats utan behovsprövning finns från 2025-07-01 (SoL 2025:400); före dess: service utan beslut.",
                       "Without needs assessment exists from 2025-07-01 (SoL 2025:400); before then: service without decision.")
                problems.append(problem("legalBasis.date", .legalBasis, sv, en))
            }
            if let children = v.accompanyingChildren {
                if v.type != .shelter {
                    problems.append(problem("accompanyingChildren.notShelter", .accompanyingChildren,
                        "Medföljande barn anges bara för skyddat boende.", "Accompanying children are given only for protected accommodation."))
                } else if !(0...20).contains(children) {
                    problems.append(problem("children.range", .accompanyingChildren,
                        "Antal medföljande barn ska vara 0–20.", "Accompanying children must be 0–20."))
                }
            }
        case .duringFollowUp(let v):
            if role == .perpetrator {
                if v.policeReport != .unknown { notForRole(.policeReport, .victim) }
                if v.housing != .unknown { notForRole(.housing, .victim) }
                if v.protectiveMeasures != nil { notForRole(.protectiveMeasures, .victim) }
            }
        case .closure(let v):
            if v.reason.isSchemaOneOnly {
                problems.append(problem("closure.reasonSchemaOne", .reason,
                    "Orsak och måluppfyllelse anges var för sig.", "The reason and the goal attainment are given separately."))
            }
            switch (v.reason, v.goalAttainment) {
            case (_, nil):
                problems.append(problem("closure.goalAttainment", .goalAttainment,
                    "Måluppfyllelse saknas (välj inte bedömt om den inte bedömdes).",
                    "The goal attainment is missing (choose not assessed if it was not assessed)."))
            case (.planned, .notAssessed?):
                problems.append(problem("closure.reasonAttainment", .goalAttainment,
                    "Ett planerat avslut har en bedömd måluppfyllelse (helt, delvis eller inte uppnått).",
                    "A planned closure has an assessed goal attainment (fully, partly or not reached)."))
            case (.deceased, let attainment?) where attainment != .notAssessed:
                problems.append(problem("closure.reasonAttainment", .goalAttainment,
                    "Måluppfyllelsen bedöms inte när klienten har avlidit.", "The goal attainment is not assessed when the client has died."))
            default:
                break
            }
            if v.violenceSource == .register {
                problems.append(problem("source.register", .violenceSource,
                    "Våld vid avslut kommer från klienten, partnern eller annan källa.",
                    "Violence at closure comes from the client, the partner or another source."))
            }
            if v.violenceSource == .partner, role != .perpetrator { notForRole(.violenceSource, .perpetrator) }
            if v.partnerReportedNewViolence != nil, role != .perpetrator { notForRole(.partnerReportedNewViolence, .perpetrator) }
            if v.followUpConsent != .yes, let channel = v.safeContact, channel != .doNotContact {
                problems.append(problem("closure.contactWithoutConsent", .safeContact,
                    "Kontaktsätt anges bara när klienten samtycker till uppföljning.",
                    "A contact channel is given only when the client consents to follow-up."))
            }
            if v.followUpConsent == .yes, v.safeContact == .doNotContact {
                problems.append(problem("closure.consentDoNotContact", .safeContact,
                    "Klienten samtycker till uppföljning men kontaktsättet är kontakta ej.",
                    "The client consents to follow-up but the contact channel is do not contact."))
            }
            if v.reason == .deceased, v.followUpConsent == .yes {
                problems.append(problem("closure.consentDeceased", .followUpConsent,
                    "Ingen uppföljning efter avslut när klienten har avlidit.", "No follow-up after closure when the client has died."))
            }
            problems += surveyScaleProblems(v.survey?.feelingSafe)
        case .followUp(let v):
            if let closure = state?.closure?.value, closure.followUpConsent == .no || closure.safeContact == .doNotContact,
               v.source != .register, v.source != .partner {
                problems.append(problem("followUp.noConsent", .source,
                    "Klienten avböjde uppföljning vid avslut (eller ska inte kontaktas): bara uppgifter ur register eller från partnern kan registreras.",
                    "The client declined follow-up at closure (or is not to be contacted): only information from a register or the partner can be recorded."))
            }
            if v.reached, v.notReachedReason != nil {
                problems.append(problem("followUp.reasonWhenReached", .notReachedReason,
                    "Orsak till att klienten inte nåddes anges bara när klienten inte nåddes.",
                    "A reason for not reaching the client is given only when the client was not reached."))
            }
            if let attempts = v.attempts, !(1...50).contains(attempts) {
                problems.append(problem("followUp.attempts", .attempts,
                    "Antal kontaktförsök ska vara 1–50.", "The number of contact attempts must be 1–50."))
            }
            if v.source == .partner, role != .perpetrator { notForRole(.source, .perpetrator) }
            if v.partnerReportedNewViolence != nil, role != .perpetrator { notForRole(.partnerReportedNewViolence, .perpetrator) }
            problems += surveyScaleProblems(v.survey?.feelingSafe)
        case .interventionEnded, .partnerContact, .correction, .handover, .unitSettings, .reopening:
            break
        }
        return problems
    }

    private func surveyScaleProblems(_ value: Int?) -> [Problem] {
        guard let value, !(1...5).contains(value) else { return [] }
        return [problem("survey.range", .surveyFeelingSafe, "Enkätsvar ska vara 1–5.", "Survey answers must be 1–5.")]
    }

    private func isSameIntervention(_ id: String, state: CaseState, amending: EventID?) -> Bool {
        guard let amending, let original = state.events.first(where: { $0.id == amending }),
              case .interventionStarted(let start) = original.body else { return false }
        return start.interventionId == id
    }

    private func assessmentProblems(_ assessment: Assessment) -> [Problem] {
        var problems: [Problem] = []
        let (ratings, judgements) = assessment.unpacked()
        for text in [assessment.instrument.id, assessment.instrument.version] { problems += Validator.textProblems(text, field: .assessment) }
        for rating in ratings { problems += Validator.textProblems(rating.item, field: .assessment) }
        for judgement in judgements {
            problems += Validator.textProblems(judgement.judgement, field: .assessment)
            problems += Validator.textProblems(judgement.value, field: .assessment)
        }
        guard let instrument = catalogue.instrument(assessment.instrument) else {
            let known = catalogue.versions(of: assessment.instrument.id)
            if known.isEmpty {
                problems.append(problem("instrument.unknown", .instrument,
                    "Okänt bedömningsinstrument \"\(SafeText.display(assessment.instrument.id))\".",
                    "Unknown assessment instrument \"\(SafeText.display(assessment.instrument.id))\"."))
            } else {
                let versions = known.map(\.version).joined(separator: ", ")
                problems.append(problem("instrument.unknownVersion", .instrument,
                    "\(SafeText.display(assessment.instrument.id)) finns inte i version \"\(SafeText.display(assessment.instrument.version))\" (finns: \(versions)).",
                    "\(SafeText.display(assessment.instrument.id)) has no version \"\(SafeText.display(assessment.instrument.version))\" (known: \(versions))."))
            }
            return problems
        }
        problems += instrument.validate(ratings: ratings, judgements: judgements)
        if assessment.clientEstimate != nil, !instrument.asksClientEstimate {
            problems.append(problem("clientEstimate.notAsked", .clientEstimate,
                "\(instrument.name.sv) frågar inte efter klientens egen skattning.",
                "\(instrument.name.en) does not ask for the client's own estimate."))
        }
        return problems
    }

    private func surveyProblems(_ survey: ClientSurvey?) -> [Problem] {
        guard let survey else { return [] }
        var problems: [Problem] = []
        for (value, field) in [(survey.situationImproved, FieldPath.surveySituationImproved), (survey.supportImportance, .surveySupportImportance)] {
            if let value, !(1...5).contains(value) {
                problems.append(problem("survey.range", field, "Enkätsvar ska vara 1–5.", "Survey answers must be 1–5."))
            }
        }
        return problems
    }

    private func identifierProblems(_ text: String, field: FieldPath) -> [Problem] {
        var problems: [Problem] = []
        if text.isEmpty || text.count > Validator.maxInterventionIdLength {
            problems.append(problem("identifier.length", field,
                "Id:t ska vara 1–\(Validator.maxInterventionIdLength) tecken.",
                "The id must be 1–\(Validator.maxInterventionIdLength) characters."))
        }
        problems += Validator.textProblems(text, field: field)
        return problems
    }

    // MARK: corrections

    /// A correction on a voided case: only the retraction of the voiding correction, which
    /// restores the case as it was.
    private func restoreProblems(_ correction: Correction, event: Event, state: CaseState) -> [Problem] {
        var problems = commentProblems(correction)
        guard let voiding = state.voidingCorrection, correction.target == voiding.id, case .retract = correction.action else {
            problems.append(problem("case.retracted", .caseCode,
                "Ärendet \(event.caseCode) är makulerat (inskrivningen är makulerad). Det kan återställas genom att makuleringen hävs.",
                "The case \(event.caseCode) is retracted (its intake was retracted). It can be restored by retracting the retraction."))
            return problems
        }
        return problems
    }

    private func commentProblems(_ correction: Correction) -> [Problem] {
        var problems: [Problem] = []
        if let comment = correction.comment {
            if comment.count > Validator.maxCommentLength {
                problems.append(problem("comment.long", .comment,
                    "Kommentaren får vara högst \(Validator.maxCommentLength) tecken.",
                    "The comment may be at most \(Validator.maxCommentLength) characters."))
            }
            problems += Validator.textProblems(comment, field: .comment)
        }
        return problems
    }

    private func correctionProblems(_ correction: Correction, event: Event, state: CaseState) -> [Problem] {
        var problems = commentProblems(correction)
        let events = state.events
        guard let target = events.first(where: { $0.id == correction.target }) else {
            problems.append(problem("correction.unknownTarget", .target,
                "Händelsen \(correction.target.short) finns inte i ärendet \(SafeText.display(state.code)).",
                "The event \(correction.target.short) is not on the case \(SafeText.display(state.code))."))
            return problems
        }
        // A correction names exactly one event. Ids are unique in journals written since they are
        // checked across the journal; an older journal may hold two events with one id.
        if events.lazy.filter({ $0.id == correction.target }).count > 1 {
            problems.append(problem("correction.ambiguousTarget", .target,
                "Id:t \(correction.target.hex) delas av flera händelser i ärendet; en rättelse måste avse exakt en händelse.",
                "The id \(correction.target.hex) is shared by several events of the case; a correction must name exactly one event."))
            return problems
        }
        if target.kind == .correction {
            problems.append(problem("correction.nested", .target,
                "En rättelse kan inte rättas; rätta den ursprungliga händelsen.",
                "A correction cannot be corrected; correct the original event."))
            return problems
        }
        if case .retracted = state.standings[target.id] ?? .active {
            problems.append(problem("correction.retracted", .target,
                "Händelsen är redan makulerad.", "The event is already retracted."))
            return problems
        }
        switch correction.action {
        case .retract:
            if target.kind == .closure, state.earlierEpisodes.contains(where: { $0.closure?.eventId == target.id }) {
                problems.append(problem("correction.closureReopened", .target,
                    "Ärendet har återaktualiserats efter avslutet; makulera återaktualiseringen först.",
                    "The case was reopened after this closure; retract the reopening first."))
            } else if target.kind == .closure, !state.currentFollowUps.isEmpty {
                problems.append(problem("correction.closureWithFollowUp", .target,
                    "Avslutet har uppföljning efter avslut; makulera uppföljningen först.",
                    "The closure has a follow-up after closure; retract the follow-up first."))
            }
            if target.kind == .reopening {
                let later = events.drop { $0.id != target.id }.dropFirst().contains {
                    if $0.kind == .correction { return false }
                    if case .retracted = state.standings[$0.id] ?? .active { return false }
                    return true
                }
                if later || state.episodes.last?.startEventId != target.id {
                    problems.append(problem("correction.reopeningWithEvents", .target,
                        "Episoden har händelser; makulera dem först.",
                        "The episode has events; retract them first."))
                }
            }
            if target.kind == .interventionStarted, case .interventionStarted(let start) = target.body,
               events.contains(where: {
                   if case .interventionEnded(let end) = $0.body { return end.interventionId == start.interventionId
                       && state.standings[$0.id].map { if case .retracted = $0 { false } else { true } } ?? true }
                   return false
               }) {
                problems.append(problem("correction.interventionWithEnd", .target,
                    "Insatsen har ett avslut; makulera avslutet först.",
                    "The intervention has an end; retract the end first."))
            }
        case .amend(let body, let date):
            guard body.kind == target.kind else {
                problems.append(problem("correction.kindMismatch", .type,
                    "En rättelse måste ha samma händelsetyp som originalet (\(target.kind.label.sv)).",
                    "A correction must have the same event type as the original (\(target.kind.label.en))."))
                return problems
            }
            let newDate = date ?? target.effectiveDate
            if newDate > today {
                problems.append(problem("date.future", .date,
                    "Datumet \(newDate) ligger i framtiden.", "The date \(newDate) is in the future."))
            }
            problems += floorProblems(newDate, field: .date)
            if case .intake(let amended) = body, case .intake(let original) = target.body,
               amended.role != original.role, state.hasEvent(of: .partnerContact) {
                problems.append(problem("correction.roleWithPartnerContact", .role,
                    "Rollen kan inte ändras: ärendet har partnerkontakter.",
                    "The role cannot change: the case has partner contacts."))
            }
            problems += bodyProblems(body, date: newDate, state: state, amending: target.id, schema: event.schemaVersion)
        }
        return problems
    }

    private func problem(_ code: String, _ field: FieldPath, _ sv: String, _ en: String) -> Problem {
        Problem(code: code, field: field, message: Localized(sv: sv, en: en))
    }
}
