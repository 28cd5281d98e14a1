import UppfoljCore

/// Builds one synthetic case's events in causal order, with dates never after `until`.
struct CaseBuilder {
    var rng: SplitMix64
    let until: Day
    var code = ""
    var worker = ""
    private(set) var events: [Event] = []
    private var lastRecorded: Int64 = .min

    init(rng: SplitMix64, until: Day) {
        self.rng = rng
        self.until = until
    }

    /// Appends an event effective on `date`, recorded that day or up to two days later (never
    /// after `until`), strictly after the case's previous event.
    @discardableResult
    mutating func add(_ date: Day, _ body: EventBody) -> Event {
        let lag = min(rng.weighted([(0, 0.7), (1, 0.2), (2, 0.1)]), date.days(until: until))
        var seconds = Int64(date.adding(days: lag).daysSinceEpoch) * 86_400 + Int64(rng.int(in: 7 * 3600...16 * 3600))
        seconds = max(seconds, lastRecorded + Int64(rng.int(in: 60...900)))
        lastRecorded = seconds
        let event = Event(id: EventID(high: rng.next(), low: rng.next()), caseCode: code,
                          recordedAt: Timestamp(secondsSinceEpoch: seconds), effectiveDate: date,
                          worker: rng.chance(0.9) ? worker : "hl" + String(format2: rng.int(in: 1...8)), body: body)
        events.append(event)
        return event
    }

    /// A date `days` after `from`, or nil if that is after `until`.
    func after(_ from: Day, _ days: Int) -> Day? {
        let day = from.adding(days: days)
        return day <= until ? day : nil
    }

    /// The case after its intake: assessments, interventions, partner contact, T1s and, when
    /// their time has come, closure and T3s, and now and then a correction. The random draws
    /// come in a fixed order (the sample journal is the same for the same seed).
    mutating func populate(intake: Intake, generator: SampleGenerator) {
        guard let intakeDate = events.first?.effectiveDate else { return }
        let catalogue = generator.catalogue
        let risk = addIntakeAssessments(intake, on: intakeDate, catalogue: catalogue)
        var interventions = addInterventions(intake, from: intakeDate)
        addPartnerContacts(intake, treatmentStart: interventions.first(where: { $0.type.isTreatment })?.start)

        // Duration and closure.
        let duration = rng.weighted([(rng.int(in: 20...90), 0.35), (rng.int(in: 91...200), 0.45), (rng.int(in: 201...420), 0.2)])
        let plannedClosure = intakeDate.adding(days: duration)
        let latest = addDuringFollowUps(intake, from: intakeDate, duration: duration, risk: risk, catalogue: catalogue)
        let closureDate = max(plannedClosure, latest.adding(days: 1))
        guard closureDate < until else {
            maybeCorrect(generator: generator)
            return
        }
        endInterventions(&interventions, closingOn: closureDate)
        addClosingAssessment(on: closureDate, risk: risk, catalogue: catalogue)
        let closure = addClosure(intake, on: closureDate)
        addFollowUpsAfterClosure(intake, closure: closure, closedOn: closureDate, policy: generator.policy)
        maybeCorrect(generator: generator)
    }

    /// The instrument assessed at intake (nil: none) and the risk it found.
    typealias IntakeRisk = (instrument: String?, level: RiskLevel)
    /// An intervention as the builder follows it.
    typealias Intervention = (id: String, type: InterventionType, start: Day, ended: Bool)

    /// Whether a partner talk is recorded (perpetrator cases in treatment).
    var hasPartnerTalks: Bool {
        events.contains { if case .partnerContact(.conversation) = $0.body { true } else { false } }
    }

    mutating func addIntakeAssessments(_ intake: Intake, on intakeDate: Day, catalogue: InstrumentCatalogue) -> IntakeRisk {
        let honour = intake.honourContext == .yes
        // Risk assessment at intake: FREDA in about half of victim cases, no method in most others;
        // PATRIARK mostly on honour-related victim cases (social services use it with the victim).
        let intakeInstrument: String?
        switch intake.role {
        case .victim:
            intakeInstrument = honour && rng.chance(0.6) ? "patriark"
                : rng.weighted([("freda-farlighet", 0.48), ("utan-metod", 0.43), (nil, 0.09)])
            if rng.chance(0.5), let date = after(intakeDate, rng.int(in: 0...3)) {
                add(date, .assessment(SampleAssessments.make("freda-kort", timePoint: .intake, level: .low, catalogue: catalogue, rng: &rng)!))
            }
        case .perpetrator:
            intakeInstrument = rng.weighted([("sara-sv", 0.35), ("sara", 0.2), ("utan-metod", 0.35), (nil, 0.1)])
        }
        var intakeLevel = rng.weighted([(RiskLevel.low, 0.4), (.medium, 0.4), (.high, 0.2)])
        if honour { intakeLevel = rng.weighted([(RiskLevel.medium, 0.4), (.high, 0.6)]) }
        if let id = intakeInstrument, let date = after(intakeDate, rng.int(in: 0...14)),
           let assessment = SampleAssessments.make(id, timePoint: .intake, level: intakeLevel, catalogue: catalogue, rng: &rng) {
            add(date, .assessment(assessment))
            if id == "freda-farlighet", rng.chance(0.3), let described = after(date, rng.int(in: 0...7)),
               let beskrivning = SampleAssessments.make("freda-beskrivning", timePoint: .intake, level: intakeLevel, catalogue: catalogue, rng: &rng) {
                add(described, .assessment(beskrivning))
            }
        }

        return (intakeInstrument, intakeLevel)
    }

    mutating func addInterventions(_ intake: Intake, from intakeDate: Day) -> [Intervention] {
        let honour = intake.honourContext == .yes
        var interventions: [(id: String, type: InterventionType, start: Day, ended: Bool)] = []
        let interventionCount = rng.weighted([(0, 0.05), (1, 0.3), (2, 0.35), (3, 0.2), (4, 0.1)])
        for n in 0..<interventionCount {
            guard let start = after(intakeDate, rng.int(in: 1...45) + n * rng.int(in: 0...30)) else { break }
            let type: InterventionType
            switch intake.role {
            case .victim:
                type = rng.weighted([(.supportiveTalks, 0.36), (.supportGroup, 0.04), (.shelter, 0.08), (.temporaryHousing, 0.05),
                                     (.permanentHousingSupport, 0.04), (.financialAssistance, 0.08), (.legalProcessSupport, 0.1),
                                     (.childTalks, 0.06), (.kibb, 0.02), (.contactPerson, 0.02),
                                     (.remoteAdvice, 0.05), (.authorityContactSupport, 0.05), (.practicalSupport, 0.04),
                                     (.honourFamilyWork, honour ? 0.1 : 0), (.other, 0.03)])
            case .perpetrator:
                type = rng.weighted([(.individualTreatment, 0.38), (.ivin, 0.07), (.groupTreatment, 0.25), (.motivationalInterviewing, 0.15),
                                     (.supportiveTalks, 0.06), (.substanceOutpatient, intake.substanceUse == .yes ? 0.1 : 0),
                                     (.honourFamilyWork, honour ? 0.1 : 0), (.other, 0.02)])
            }
            interventions.append(("I\(n + 1)", type, start, false))
            var started = InterventionStart(interventionId: "I\(n + 1)", type: type)
            // The legal basis by the law of the day (SoL 2025:400 from 2025-07-01).
            let withoutDecision: LegalBasis = start < LegalBasis.newSocialServicesActDate ? .serviceWithoutDecision : .withoutNeedsAssessment
            started.legalBasis = [.supportiveTalks, .remoteAdvice, .supportGroup].contains(type)
                ? rng.weighted([(withoutDecision, 0.7), (.assistanceDecision, 0.3)])
                : rng.weighted([(.assistanceDecision, 0.95), (.unknown, 0.05)])
            started.offeredAndDeclined = .no
            if type == .shelter, let children = intake.childrenInHousehold { started.accompanyingChildren = rng.int(in: 0...children) }
            add(start, .interventionStarted(started))
        }

        return interventions
    }

    /// Partner contact on perpetrator cases in treatment: asked, attempts, the answer, talks.
    mutating func addPartnerContacts(_ intake: Intake, treatmentStart: Day?) {
        if intake.role == .perpetrator, let treatmentStart,
           rng.chance(0.8), var date = after(treatmentStart, rng.int(in: 0...14)) {
            let consent = rng.weighted([(Answer.yes, 0.65), (.no, 0.3), (.unknown, 0.05)])
            add(date, .partnerContact(.asked(consent: consent)))
            if consent == .yes {
                var reached = false
                for attempt in 0..<rng.int(in: 1...3) {
                    guard let next = after(date, rng.int(in: 1...10)) else { break }
                    date = next
                    reached = attempt > 0 || rng.chance(0.6)
                    add(date, .partnerContact(.attempt(channel: rng.weighted([(.phone, 0.7), (.letter, 0.15), (.textMessage, 0.1), (.email, 0.05)]), reached: reached)))
                    if reached { break }
                }
                if reached, let answered = after(date, rng.int(in: 0...3)) {
                    date = answered
                    let accepted = rng.chance(0.75)
                    add(date, .partnerContact(.response(accepted ? .accepted : .declined)))
                    if accepted {
                        for _ in 0..<rng.weighted([(rng.int(in: 1...3), 0.3), (rng.int(in: 4...6), 0.7)]) {
                            guard let talk = after(date, rng.int(in: 7...30)) else { break }
                            date = talk
                            var c = PartnerConversation()
                            c.safetyPlanning = rng.chance(0.8)
                            c.treatmentInformation = rng.chance(0.9)
                            c.newViolence = rng.weighted([(.no, 0.75), (.yes, 0.15), (.unknown, 0.1)])
                            if c.newViolence == .yes { c.newViolenceTypes = rng.chance(0.5) ? [.psychological] : [.psychological, .physical] }
                            c.concernForChildren = (intake.childrenInHousehold ?? 0) > 0 ? rng.weighted([(.yes, 0.2), (.no, 0.8)]) : .no
                            c.referralMade = rng.chance(0.15)
                            add(date, .partnerContact(.conversation(c)))
                        }
                    }
                }
            }
        }

    }

    /// T1 follow-ups during the work, some with a reassessment on the intake instrument; the
    /// latest event's date after them.
    mutating func addDuringFollowUps(_ intake: Intake, from intakeDate: Day, duration: Int, risk: IntakeRisk,
                                     catalogue: InstrumentCatalogue) -> Day {
        let (intakeInstrument, intakeLevel) = risk
        let latestSoFar = events.map(\.effectiveDate).max() ?? intakeDate
        let duringCount = rng.weighted([(0, 0.3), (1, 0.3), (2, 0.25), (3, 0.15)])
        var latest = latestSoFar
        for n in 0..<duringCount {
            guard let during = after(intakeDate, duration * (n + 1) / (duringCount + 1)) else { break }
            var t1 = DuringFollowUp()
            t1.violenceSinceLast = rng.weighted([(.no, 0.65), (.yes, 0.25), (.unknown, 0.1)])
            if t1.violenceSinceLast == .yes { t1.violenceTypes = rng.chance(0.7) ? [.psychological] : [.psychological, .physical] }
            if intake.role == .victim {
                t1.policeReport = rng.weighted([(.no, 0.8), (.yes, 0.1), (.unknown, 0.1)])
                t1.housing = intake.housing
            }
            t1.goalProgress = rng.weighted([(.partly, 0.55), (.full, 0.15), (.notMet, 0.25), (.notAssessed, 0.05)])
            add(during, .duringFollowUp(t1))
            latest = max(latest, during)
            if let id = intakeInstrument, rng.chance(0.5),
               let assessment = SampleAssessments.make(id, timePoint: .during, level: rng.weighted([(intakeLevel, 0.5), (.medium, 0.3), (.low, 0.2)]),
                                                       catalogue: catalogue, rng: &rng) {
                add(during, .assessment(assessment))
            }
        }

        return latest
    }

    /// Every intervention ends before the closure.
    mutating func endInterventions(_ interventions: inout [Intervention], closingOn closureDate: Day) {
        for index in interventions.indices {
            let end = max(interventions[index].start, closureDate.adding(days: -rng.int(in: 0...20)))
            let outcome: InterventionOutcome = rng.weighted([(.completed, 0.68), (.endedByClient, 0.17), (.endedByUnit, 0.06),
                                                             (.moved, 0.05), (.other, 0.04)])
            add(min(end, closureDate), .interventionEnded(InterventionEnd(interventionId: interventions[index].id, outcome: outcome)))
            interventions[index].ended = true
        }
    }

    /// A closing assessment with the intake's instrument in about half of assessed cases.
    mutating func addClosingAssessment(on closureDate: Day, risk: IntakeRisk, catalogue: InstrumentCatalogue) {
        let (intakeInstrument, intakeLevel) = risk
        if let id = intakeInstrument, rng.chance(0.5) {
            let level = rng.weighted([(RiskLevel.low, 0.55), (.medium, 0.3), (intakeLevel, 0.15)])
            if let assessment = SampleAssessments.make(id, timePoint: .closure, level: level, catalogue: catalogue, rng: &rng) {
                add(closureDate, .assessment(assessment))
            }
        }
    }

    mutating func addClosure(_ intake: Intake, on closureDate: Day) -> Closure {
        let partnerTalks = hasPartnerTalks
        // Schema 2: the reason apart from the goal attainment, in the proportions schema 1 had (a
        // planned closure with its goals assessed; an interrupted one not assessed).
        let (reason, attainment) = rng.weighted([((ClosureReason.planned, GoalAttainment.full), 0.38), ((.planned, .partly), 0.3),
                                                 ((.planned, .notMet), 0.08), ((.endedByClient, .notAssessed), 0.14),
                                                 ((.moved, .notAssessed), 0.05), ((.other, .notAssessed), 0.05)])
        var closure = Closure(reason: reason, goalAttainment: attainment)
        closure.violence = rng.weighted([(.stopped, 0.6), (.ongoing, 0.15), (.unknown, 0.25)])
        closure.violenceSource = intake.role == .perpetrator ? rng.weighted([(.client, 0.6), (.partner, 0.35), (.other, 0.05)])
            : rng.weighted([(.client, 0.95), (.other, 0.05)])
        closure.livingSituation = intake.livingSituation
        closure.followUpConsent = rng.weighted([(.yes, 0.8), (.no, 0.15), (.unknown, 0.05)])
        if closure.followUpConsent == .yes {
            closure.safeContact = rng.weighted([(.phone, 0.6), (.textMessage, 0.25), (.email, 0.1), (.letter, 0.05)])
        } else if intake.role == .victim, rng.chance(0.5) {
            closure.safeContact = .doNotContact
        }
        if intake.role == .perpetrator, partnerTalks {
            closure.partnerReportedNewViolence = rng.weighted([(.no, 0.7), (.yes, 0.2), (.unknown, 0.1)])
        }
        if let types = intake.violenceTypes, closure.violence != .unknown {
            for type in types { closure.violenceByType[type] = closure.violence == .stopped || rng.chance(0.5) ? .stopped : .ongoing }
        }
        if rng.chance(0.45) {
            closure.survey = ClientSurvey(situationImproved: rng.weighted([(5, 0.35), (4, 0.43), (3, 0.14), (2, 0.05), (1, 0.03)]),
                                          supportImportance: rng.weighted([(5, 0.5), (4, 0.3), (3, 0.12), (2, 0.05), (1, 0.03)]))
        }
        add(closureDate, .closure(closure))

        return closure
    }

    /// Follow-ups after closure (T3) at the policy's points that have come, when the client consented.
    mutating func addFollowUpsAfterClosure(_ intake: Intake, closure: Closure, closedOn closureDate: Day, policy: FollowUpPolicy) {
        let partnerTalks = hasPartnerTalks
        for months in policy.monthsAfterClosure {
            let due = closureDate.adding(months: months)
            guard due <= until else { continue }
            let timing = rng.weighted([("onTime", 0.65), ("late", 0.1), ("missing", 0.25)])
            let date: Day?
            switch timing {
            case "onTime": date = after(due, rng.int(in: -7...25)).map { max($0, closureDate) }
            case "late": date = after(due, rng.int(in: 31...90))
            default: date = nil
            }
            guard let date else { continue }
            guard closure.followUpConsent != .no, closure.safeContact != .doNotContact else { continue }
            var t3 = FollowUpAfterClosure(reached: rng.chance(0.75))
            t3.monthsAfterClosure = months
            t3.attempts = t3.reached ? rng.int(in: 1...3) : rng.int(in: 2...5)
            if !t3.reached {
                t3.notReachedReason = rng.weighted([(.noAnswer, 0.6), (.contactOutdated, 0.25), (.declined, 0.1), (.other, 0.05)])
            } else {
                t3.source = intake.role == .perpetrator && partnerTalks && rng.chance(0.5) ? .partner : .client
                t3.livingSituation = closure.livingSituation
                if intake.role == .perpetrator, partnerTalks {
                    t3.partnerReportedNewViolence = rng.weighted([(.no, 0.7), (.yes, 0.2), (.unknown, 0.1)])
                }
            }
            if t3.reached {
                t3.newViolence = rng.weighted([(.no, 0.7), (.yes, 0.2), (.unknown, 0.1)])
                if t3.newViolence == .yes { t3.newViolenceTypes = rng.chance(0.6) ? [.psychological] : [.psychological, .physical] }
                t3.newPoliceReport = rng.weighted([(.no, 0.85), (.yes, 0.1), (.unknown, 0.05)])
                t3.housing = rng.weighted([(.ownHome, 0.8), (.temporary, 0.08), (.other, 0.07), (.unknown, 0.05)])
                if rng.chance(0.4) { t3.survey = ClientSurvey(situationImproved: rng.weighted([(5, 0.3), (4, 0.45), (3, 0.15), (2, 0.07), (1, 0.03)])) }
            }
            add(date, .followUp(t3))
        }
    }

    /// About 4 % of cases carry a correction: a mistyped intake answer, a wrong closure reason, or a
    /// duplicated assessment retracted.
    private mutating func maybeCorrect(generator: SampleGenerator) {
        guard rng.chance(0.04), let last = events.last else { return }
        let when = max(last.effectiveDate, events[0].effectiveDate)
        guard let date = after(when, rng.int(in: 0...20)) else { return }
        let choice = rng.int(in: 0...2)
        if choice == 0, case .intake(var intake) = events[0].body {
            intake.referral = intake.referral == .police ? .selfReferral : .police
            add(date, .correction(Correction(target: events[0].id, action: .amend(body: .intake(intake), effectiveDate: nil),
                                             reason: .wrongValue)))
        } else if choice == 1, let closureEvent = events.last(where: { $0.kind == .closure }), case .closure(var closure) = closureEvent.body {
            if closure.reason == .planned {
                closure.goalAttainment = closure.goalAttainment == .full ? .partly : .full
            } else {
                closure.reason = closure.reason == .moved ? .other : .moved
            }
            add(date, .correction(Correction(target: closureEvent.id, action: .amend(body: .closure(closure), effectiveDate: nil),
                                             reason: .wrongValue)))
        } else if let assessment = events.first(where: { $0.kind == .assessment }) {
            add(date, .correction(Correction(target: assessment.id, action: .retract, reason: .duplicate)))
        }
    }
}
