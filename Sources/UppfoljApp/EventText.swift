import UppfoljCore

/// One-line descriptions of events for the timeline and for messages. Never shows a birth year
/// (only the age band).
enum EventText {
    /// "Bedömning 2024-02-01": what and when, to name an event in a message.
    static func dated(_ event: Event, _ catalogue: InstrumentCatalogue) -> Localized {
        both { t in "\(t(event.kind.label)) \(event.effectiveDate.iso)" }
    }

    static func describe(_ event: Event, in state: CaseState?, _ catalogue: InstrumentCatalogue) -> Localized {
        both { t in
            let kind = t(event.kind.label)
            let detail = details(event, in: state, catalogue, t)
            return detail.isEmpty ? kind : kind + ": " + detail
        }
    }

    private static func both(_ text: (Translator) -> String) -> Localized {
        Localized(sv: text(Translator(.sv)), en: text(Translator(.en)))
    }

    /// Which attempt at its point a T3 is, when its episode has several T3s at that point (a T3
    /// that did not reach the client followed by another attempt); nil for a point's only T3.
    static func attemptNumber(_ event: Event, _ t3: FollowUpAfterClosure, in state: CaseState?) -> Int? {
        guard let state else { return nil }
        for episode in state.episodes {
            let same = state.episodeState(episode).followUps.filter { $0.value.monthsAfterClosure == t3.monthsAfterClosure }
            guard let index = same.firstIndex(where: { $0.eventId == event.id }) else { continue }
            return same.count > 1 ? index + 1 : nil
        }
        return nil
    }

    private static func details(_ event: Event, in state: CaseState?, _ catalogue: InstrumentCatalogue, _ t: Translator) -> String {
        switch event.body {
        case .intake(let intake):
            var parts = [t(intake.role.label), t(intake.sex.label), t(Strings.ageBand(AgeBand(birthYear: intake.birthYear, at: event.effectiveDate)))]
            if let types = intake.violenceTypes, !types.isEmpty { parts.append(types.map { t($0.label) }.joined(separator: ", ")) }
            if intake.honourContext == .yes { parts.append(t(Strings.honourShort)) }
            return parts.joined(separator: " · ")
        case .assessment(let a):
            let instrument = catalogue.instrument(a.instrument)
            var text = (instrument.map { t($0.displayName) } ?? a.instrument.description) + " (\(a.timePoint.rawValue))"
            // Whom it was done with, when not the client (the partner's FREDA is not the case's own risk).
            if let respondent = a.respondent, respondent != .client { text += " · " + t(Strings.doneWith(respondent)) }
            var judgements: [String] = []
            for value in a.judgements {
                guard let judgement = instrument?.judgement(value.judgement), let option = judgement.option(value.value) else { continue }
                judgements.append("\(t(judgement.name)): \(t(option.label))")
            }
            if !judgements.isEmpty { text += " – " + judgements.joined(separator: ", ") }
            if let instrument, let total = instrument.derivedTotal(a.ratings).total, let maximum = instrument.derivedTotal(a.ratings).maximum,
               !instrument.items.isEmpty {
                if case .anyYes = instrument.total {} else { text += " · " + t(Strings.totalShort(total, maximum)) }
            }
            // FREDA-kortfrågor: the result in words ("Våld identifierat"), once it can be decided.
            if let instrument, case .anyYes = instrument.total, let derived = Optional(instrument.derivedTotal(a.ratings)),
               derived.total != nil, let result = derived.note {
                text += " · " + t(result)
            }
            if let estimate = a.clientEstimate { text += " · " + t(Strings.clientEstimateShort(estimate)) }
            return text
        case .interventionStarted(let start):
            return "\(start.interventionId) \(t(start.type.label))"
        case .interventionEnded(let end):
            return "\(end.interventionId) – \(t(end.outcome.label))"
        case .partnerContact(let contact):
            var text = t(contact.stepLabel)
            switch contact {
            case .asked(let consent): text += " – " + t(Strings.consentShort(consent))
            case .attempt(let channel, let reached): text += " – \(t(channel.label)), " + t(reached ? Strings.reachedShort : Strings.notReachedShort)
            case .response(let response): text += " – " + t(response.label)
            case .conversation(let c):
                var parts = [t(Strings.newViolenceShort(c.newViolence))]
                if c.safetyPlanning { parts.append(t(Strings.safetyPlanningShort)) }
                if c.treatmentInformation { parts.append(t(Strings.treatmentInfoShort)) }
                if c.concernForChildren == .yes { parts.append(t(Strings.concernShort)) }
                if c.referralMade { parts.append(t(Strings.referralShort)) }
                text += " – " + parts.joined(separator: ", ")
            }
            return text
        case .duringFollowUp(let t1):
            return t(Strings.violenceSinceLastShort(t1.violenceSinceLast))
        case .closure(let closure):
            var text = t(closure.reason.label)
            if let attainment = closure.goalAttainment { text += " · " + t(Strings.goalAttainmentShort(attainment)) }
            return text + " – " + t(Strings.violenceStatusShort(closure.violence))
        case .followUp(let t3):
            var text = t(Strings.monthsLabel(t3.monthsAfterClosure))
            if let attempt = attemptNumber(event, t3, in: state) { text += ", " + t(Strings.attemptNumber(attempt)) }
            text += ", " + t(t3.reached ? Strings.reachedShort : Strings.notReachedShort)
            if !t3.reached, let reason = t3.notReachedReason { text += " (" + t(reason.label) + ")" }
            if t3.reached { text += " – " + t(Strings.newViolenceShort(t3.newViolence)) }
            if let source = t3.source { text += " (" + t(source.label) + ")" }
            if let partner = t3.partnerReportedNewViolence { text += " · " + t(Strings.partnerReportShort(partner)) }
            return text
        case .handover(let handover):
            return t(Strings.handoverTo(handover.toWorker))
        case .unitSettings:
            return ""
        case .reopening(let reopening):
            let episode = state?.episodes.first { $0.startEventId == event.id }?.number
            return t(Strings.reopeningDetail(reopening.reason.label, episode: episode))
        case .correction(let correction):
            let target = state?.events.first { $0.id == correction.target }
            let targetText = target.map { "\(t($0.kind.label)) \($0.effectiveDate.iso)" } ?? correction.target.short
            var text: String
            switch correction.action {
            case .amend: text = t(Strings.amends(targetText))
            case .retract: text = t(Strings.retracts(targetText))
            }
            text += " (\(t(correction.reason.label)))"
            if let comment = correction.comment, !comment.isEmpty { text += " – \"\(comment)\"" }
            return text
        }
    }
}
