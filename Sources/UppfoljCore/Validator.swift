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

    public func validate(_ event: Event, in projection: Projection) -> [Problem] {
        var problems = envelopeProblems(event)
        let state = projection[event.caseCode]
        switch event.body {
        case .intake:
            if let state, state.hasEvent(of: .intake) {
                problems.append(problem("case.duplicate", "caseCode",
                    "Det finns redan ett ärende med koden \(SafeText.display(event.caseCode)).",
                    "A case with the code \(SafeText.display(event.caseCode)) already exists."))
            }
            problems += bodyProblems(event.body, date: event.effectiveDate, state: nil, amending: nil)
        case .correction(let correction):
            if let state, state.isVoided {
                // A voided case takes one thing: the retraction of the correction that voided it.
                problems += restoreProblems(correction, event: event, state: state)
                break
            }
            guard let state = existingCase(state, event, &problems) else { break }
            problems += correctionProblems(correction, event: event, state: state)
        default:
            guard let state = existingCase(state, event, &problems) else { break }
            if state.status == .closed, event.kind != .followUp {
                problems.append(problem("case.closed", "caseCode",
                    "Ärendet är avslutat. Efter avslut kan bara uppföljning (T3) och rättelser registreras.",
                    "The case is closed. After closure only follow-ups (T3) and corrections can be recorded."))
            }
            problems += bodyProblems(event.body, date: event.effectiveDate, state: state, amending: nil)
        }
        return problems
    }

    // MARK: envelope

    private func envelopeProblems(_ event: Event) -> [Problem] {
        var problems: [Problem] = []
        let code = event.caseCode
        if code.allSatisfy(\.isWhitespace) {
            problems.append(problem("caseCode.empty", "caseCode", "Ärendekod saknas.", "The case code is missing."))
        } else if code.count > Validator.maxCaseCodeLength {
            problems.append(problem("caseCode.long", "caseCode",
                "Ärendekoden får vara högst \(Validator.maxCaseCodeLength) tecken.",
                "The case code may be at most \(Validator.maxCaseCodeLength) characters."))
        } else if !code.unicodeScalars.allSatisfy(Validator.isCaseCodeCharacter) {
            problems.append(problem("caseCode.characters", "caseCode",
                "Ärendekoden får bara innehålla bokstäver, siffror och - _ / . :",
                "The case code may only contain letters, digits and - _ / . :"))
        }
        problems += Validator.textProblems(code, field: "caseCode")
        if event.worker.isEmpty || event.worker.count > Validator.maxWorkerLength {
            problems.append(problem("worker.invalid", "worker",
                "Handläggarens id saknas eller är för långt (högst \(Validator.maxWorkerLength) tecken).",
                "The worker id is missing or too long (at most \(Validator.maxWorkerLength) characters)."))
        }
        problems += Validator.textProblems(event.worker, field: "worker")
        if event.schemaVersion < 1 || event.schemaVersion > Event.currentSchemaVersion {
            problems.append(problem("schema.unsupported", "schema",
                "Okänd schemaversion \(event.schemaVersion).", "Unknown schema version \(event.schemaVersion)."))
        }
        if event.effectiveDate > today {
            problems.append(problem("date.future", "date",
                "Datumet \(event.effectiveDate) ligger i framtiden.", "The date \(event.effectiveDate) is in the future."))
        }
        problems += floorProblems(event.effectiveDate, field: "date")
        if event.recordedAt.secondsSinceEpoch < Int64(earliestDate.daysSinceEpoch) * 86_400 {
            problems.append(problem("recordedAt.early", "recordedAt",
                "Registreringstiden \(event.recordedAt) ligger före \(earliestDate); stämmer klockan?",
                "The recording time \(event.recordedAt) is before \(earliestDate); is the clock right?"))
        } else if event.recordedAt.secondsSinceEpoch > now.secondsSinceEpoch + Validator.recordedAtTolerance {
            problems.append(problem("recordedAt.future", "recordedAt",
                "Registreringstiden \(event.recordedAt) ligger mer än ett dygn efter klockan (\(now)).",
                "The recording time \(event.recordedAt) is more than a day after the clock (\(now))."))
        }
        return problems
    }

    private func floorProblems(_ date: Day, field: String) -> [Problem] {
        guard date < earliestDate else { return [] }
        return [problem("date.early", field,
            "Datumet \(date) ligger före \(earliestDate) och är inte rimligt.",
            "The date \(date) is before \(earliestDate) and is not plausible.")]
    }

    /// The rules every stored text field follows, whatever its own rules: no control characters
    /// (see `SafeText`) and nothing that looks like a personnummer. The workbench forms run the same
    /// check on their text fields.
    public static func textProblems(_ text: String, field: String) -> [Problem] {
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
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_/.:".unicodeScalars.contains(scalar)
    }

    private func existingCase(_ state: CaseState?, _ event: Event, _ problems: inout [Problem]) -> CaseState? {
        guard let state, state.hasEvent(of: .intake) else {
            problems.append(problem("case.unknown", "caseCode",
                "Det finns inget ärende med koden \(SafeText.display(event.caseCode)). Börja med en inskrivning.",
                "There is no case with the code \(SafeText.display(event.caseCode)). Start with an intake."))
            return nil
        }
        guard state.intake != nil else {
            problems.append(problem("case.retracted", "caseCode",
                "Ärendet \(SafeText.display(event.caseCode)) är makulerat (inskrivningen är återkallad).",
                "The case \(SafeText.display(event.caseCode)) is retracted (its intake was retracted)."))
            return nil
        }
        return state
    }

    // MARK: bodies

    /// Problems with one event body on a date, against the case as it stands. `amending` names the
    /// event being replaced by a correction, which is left out of uniqueness and order checks.
    private func bodyProblems(_ body: EventBody, date: Day, state: CaseState?, amending: EventID?) -> [Problem] {
        var problems: [Problem] = []
        if let state, let intakeDate = state.intakeDate, body.kind != .intake, date < intakeDate {
            let (code, sv, en) = body.kind == .closure
                ? ("closure.beforeIntake", "Avslutsdatum \(date) ligger före inskrivningen \(intakeDate).",
                   "The closure date \(date) is before the intake \(intakeDate).")
                : ("date.beforeIntake", "Datumet \(date) ligger före inskrivningen \(intakeDate).",
                   "The date \(date) is before the intake \(intakeDate).")
            problems.append(problem(code, "date", sv, en))
        }
        switch body {
        case .intake(let intake):
            if let year = intake.birthYear, !(1900...today.year).contains(year) || year > date.year {
                problems.append(problem("birthYear.range", "birthYear",
                    "Födelseåret \(year) är inte rimligt.", "The birth year \(year) is not plausible."))
            }
            if let children = intake.childrenInHousehold, !(0...20).contains(children) {
                problems.append(problem("children.range", "childrenInHousehold",
                    "Antal barn i hushållet ska vara 0–20.", "Children in the household must be 0–20."))
            }
            if let state, let amending {
                let earliest = state.events.filter { $0.id != amending && $0.kind != .correction && $0.kind != .intake }
                    .map(\.effectiveDate).min()
                if let earliest, date > earliest {
                    problems.append(problem("date.afterLaterEvents", "date",
                        "Inskrivningen kan inte flyttas efter ärendets första händelse (\(earliest)).",
                        "The intake cannot move after the case's first event (\(earliest))."))
                }
            }
        case .assessment(let assessment):
            problems += assessmentProblems(assessment)
        case .interventionStarted(let start):
            problems += identifierProblems(start.interventionId, field: "interventionId")
            if let state, state.interventions.contains(where: { $0.interventionId == start.interventionId }),
               !isSameIntervention(start.interventionId, state: state, amending: amending) {
                problems.append(problem("intervention.duplicate", "interventionId",
                    "Insatsen \(SafeText.display(start.interventionId)) finns redan i ärendet.",
                    "The intervention \(SafeText.display(start.interventionId)) already exists on the case."))
            }
        case .interventionEnded(let end):
            problems += identifierProblems(end.interventionId, field: "interventionId")
            if let state {
                let started = state.interventions.first { $0.interventionId == end.interventionId }
                if started == nil {
                    problems.append(problem("intervention.unknown", "interventionId",
                        "Det finns ingen påbörjad insats \(SafeText.display(end.interventionId)) i ärendet.",
                        "There is no started intervention \(SafeText.display(end.interventionId)) on the case."))
                } else if let started, started.end != nil, amending == nil {
                    problems.append(problem("intervention.ended", "interventionId",
                        "Insatsen \(SafeText.display(end.interventionId)) är redan avslutad.",
                        "The intervention \(SafeText.display(end.interventionId)) has already ended."))
                } else if let started, date < started.start {
                    problems.append(problem("intervention.endBeforeStart", "date",
                        "Insatsen kan inte sluta (\(date)) före sin start (\(started.start)).",
                        "The intervention cannot end (\(date)) before it started (\(started.start))."))
                }
            }
        case .partnerContact(let contact):
            if let state, state.role == .victim {
                problems.append(problem("partnerContact.victimCase", "caseCode",
                    "Partnerkontakt registreras bara i ärenden för våldsutövare.",
                    "Partner contact is recorded only on perpetrator cases."))
            }
            if case .conversation(let conversation) = contact, conversation.newViolence != .yes,
               !conversation.newViolenceTypes.isEmpty {
                problems.append(problem("violenceTypes.withoutViolence", "newViolenceTypes",
                    "Våldsformer är angivna men nytt våld är inte markerat som ja.",
                    "Violence types are given but new violence is not marked yes."))
            }
        case .duringFollowUp(let followUp):
            if followUp.violenceSinceLast != .yes, !followUp.violenceTypes.isEmpty {
                problems.append(problem("violenceTypes.withoutViolence", "violenceTypes",
                    "Våldsformer är angivna men våld sedan senast är inte markerat som ja.",
                    "Violence types are given but violence since last time is not marked yes."))
            }
        case .closure(let closure):
            problems += surveyProblems(closure.survey)
            if let state, amending != nil, let firstFollowUp = state.followUps.map(\.date).min(), date > firstFollowUp {
                problems.append(problem("closure.afterFollowUp", "date",
                    "Avslutet kan inte ligga efter uppföljningen \(firstFollowUp).",
                    "The closure cannot be after the follow-up on \(firstFollowUp)."))
            }
        case .followUp(let followUp):
            problems += surveyProblems(followUp.survey)
            if !(1...36).contains(followUp.monthsAfterClosure) {
                problems.append(problem("followUp.months", "monthsAfterClosure",
                    "Uppföljningen ska gälla 1–36 månader efter avslut.", "The follow-up must be 1–36 months after closure."))
            }
            if !followUp.reached, followUp.newViolence != .unknown || followUp.survey != nil {
                problems.append(problem("followUp.notReached", "reached",
                    "Klienten nåddes inte: uppgifter om nytt våld och enkät kan inte anges.",
                    "The client was not reached: new violence and survey cannot be given."))
            }
            if let state {
                if let closure = state.closure {
                    if date < closure.date {
                        problems.append(problem("followUp.beforeClosure", "date",
                            "Uppföljningen (\(date)) ligger före avslutet (\(closure.date)).",
                            "The follow-up (\(date)) is before the closure (\(closure.date))."))
                    }
                } else {
                    problems.append(problem("followUp.notClosed", "caseCode",
                        "Uppföljning efter avslut (T3) kräver att ärendet är avslutat.",
                        "A follow-up after closure (T3) needs the case to be closed."))
                }
                if amending == nil, state.followUps.contains(where: { $0.value.monthsAfterClosure == followUp.monthsAfterClosure }) {
                    problems.append(problem("followUp.duplicate", "monthsAfterClosure",
                        "Uppföljningen \(followUp.monthsAfterClosure) månader efter avslut är redan registrerad.",
                        "The follow-up \(followUp.monthsAfterClosure) months after closure is already recorded."))
                }
            }
        case .correction:
            problems.append(problem("correction.nested", "type",
                "En rättelse kan inte rätta en annan rättelse.", "A correction cannot amend another correction."))
        }
        return problems
    }

    private func isSameIntervention(_ id: String, state: CaseState, amending: EventID?) -> Bool {
        guard let amending, let original = state.events.first(where: { $0.id == amending }),
              case .interventionStarted(let start) = original.body else { return false }
        return start.interventionId == id
    }

    private func assessmentProblems(_ assessment: Assessment) -> [Problem] {
        var problems: [Problem] = []
        for text in [assessment.instrument.id, assessment.instrument.version] + assessment.ratings.map(\.item)
            + assessment.judgements.flatMap({ [$0.judgement, $0.value] }) {
            problems += Validator.textProblems(text, field: "assessment")
        }
        guard let instrument = catalogue.instrument(assessment.instrument) else {
            let known = catalogue.versions(of: assessment.instrument.id)
            if known.isEmpty {
                problems.append(problem("instrument.unknown", "instrument",
                    "Okänt bedömningsinstrument \"\(SafeText.display(assessment.instrument.id))\".",
                    "Unknown assessment instrument \"\(SafeText.display(assessment.instrument.id))\"."))
            } else {
                let versions = known.map(\.version).joined(separator: ", ")
                problems.append(problem("instrument.unknownVersion", "instrument",
                    "\(SafeText.display(assessment.instrument.id)) finns inte i version \"\(SafeText.display(assessment.instrument.version))\" (finns: \(versions)).",
                    "\(SafeText.display(assessment.instrument.id)) has no version \"\(SafeText.display(assessment.instrument.version))\" (known: \(versions))."))
            }
            return problems
        }
        problems += instrument.validate(ratings: assessment.ratings, judgements: assessment.judgements)
        if assessment.clientEstimate != nil, !instrument.asksClientEstimate {
            problems.append(problem("clientEstimate.notAsked", "clientEstimate",
                "\(instrument.name.sv) frågar inte efter klientens egen skattning.",
                "\(instrument.name.en) does not ask for the client's own estimate."))
        }
        return problems
    }

    private func surveyProblems(_ survey: ClientSurvey?) -> [Problem] {
        guard let survey else { return [] }
        var problems: [Problem] = []
        for (value, field) in [(survey.situationImproved, "survey.situationImproved"), (survey.supportImportance, "survey.supportImportance")] {
            if let value, !(1...5).contains(value) {
                problems.append(problem("survey.range", field, "Enkätsvar ska vara 1–5.", "Survey answers must be 1–5."))
            }
        }
        return problems
    }

    private func identifierProblems(_ text: String, field: String) -> [Problem] {
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
            problems.append(problem("case.retracted", "caseCode",
                "Ärendet \(event.caseCode) är makulerat (inskrivningen är återkallad). Det kan återställas genom att makuleringen återkallas.",
                "The case \(event.caseCode) is retracted (its intake was retracted). It can be restored by retracting the retraction."))
            return problems
        }
        return problems
    }

    private func commentProblems(_ correction: Correction) -> [Problem] {
        var problems: [Problem] = []
        if let comment = correction.comment {
            if comment.count > Validator.maxCommentLength {
                problems.append(problem("comment.long", "comment",
                    "Kommentaren får vara högst \(Validator.maxCommentLength) tecken.",
                    "The comment may be at most \(Validator.maxCommentLength) characters."))
            }
            problems += Validator.textProblems(comment, field: "comment")
        }
        return problems
    }

    private func correctionProblems(_ correction: Correction, event: Event, state: CaseState) -> [Problem] {
        var problems = commentProblems(correction)
        let events = state.events
        guard let target = events.first(where: { $0.id == correction.target }) else {
            problems.append(problem("correction.unknownTarget", "target",
                "Händelsen \(correction.target.short) finns inte i ärendet \(SafeText.display(state.code)).",
                "The event \(correction.target.short) is not on the case \(SafeText.display(state.code))."))
            return problems
        }
        // A correction names exactly one event. Ids are unique in journals written since they are
        // checked across the journal; an older journal may hold two events with one id.
        if events.lazy.filter({ $0.id == correction.target }).count > 1 {
            problems.append(problem("correction.ambiguousTarget", "target",
                "Id:t \(correction.target.hex) delas av flera händelser i ärendet; en rättelse måste avse exakt en händelse.",
                "The id \(correction.target.hex) is shared by several events of the case; a correction must name exactly one event."))
            return problems
        }
        if target.kind == .correction {
            problems.append(problem("correction.nested", "target",
                "En rättelse kan inte rättas; rätta den ursprungliga händelsen.",
                "A correction cannot be corrected; correct the original event."))
            return problems
        }
        if case .retracted = state.standings[target.id] ?? .active {
            problems.append(problem("correction.retracted", "target",
                "Händelsen är redan återkallad.", "The event is already retracted."))
            return problems
        }
        switch correction.action {
        case .retract:
            if target.kind == .closure, !state.followUps.isEmpty {
                problems.append(problem("correction.closureWithFollowUp", "target",
                    "Avslutet har uppföljning efter avslut; återkalla uppföljningen först.",
                    "The closure has a follow-up after closure; retract the follow-up first."))
            }
            if target.kind == .interventionStarted, case .interventionStarted(let start) = target.body,
               events.contains(where: {
                   if case .interventionEnded(let end) = $0.body { return end.interventionId == start.interventionId
                       && state.standings[$0.id].map { if case .retracted = $0 { false } else { true } } ?? true }
                   return false
               }) {
                problems.append(problem("correction.interventionWithEnd", "target",
                    "Insatsen har ett avslut; återkalla avslutet först.",
                    "The intervention has an end; retract the end first."))
            }
        case .amend(let body, let date):
            guard body.kind == target.kind else {
                problems.append(problem("correction.kindMismatch", "type",
                    "En rättelse måste ha samma händelsetyp som originalet (\(target.kind.label.sv)).",
                    "A correction must have the same event type as the original (\(target.kind.label.en))."))
                return problems
            }
            let newDate = date ?? target.effectiveDate
            if newDate > today {
                problems.append(problem("date.future", "date",
                    "Datumet \(newDate) ligger i framtiden.", "The date \(newDate) is in the future."))
            }
            problems += floorProblems(newDate, field: "date")
            if case .intake(let amended) = body, case .intake(let original) = target.body,
               amended.role != original.role, state.hasEvent(of: .partnerContact) {
                problems.append(problem("correction.roleWithPartnerContact", "role",
                    "Rollen kan inte ändras: ärendet har partnerkontakter.",
                    "The role cannot change: the case has partner contacts."))
            }
            problems += bodyProblems(body, date: newDate, state: state, amending: target.id)
        }
        return problems
    }

    private func problem(_ code: String, _ field: String, _ sv: String, _ en: String) -> Problem {
        Problem(code: code, field: field, message: Localized(sv: sv, en: en))
    }
}
