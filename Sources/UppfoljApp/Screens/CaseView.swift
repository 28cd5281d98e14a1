import TerminalKit
import UppfoljCore

/// Ärende: the case's header (code, role, status, high-risk flag, intake date, age band — never
/// the birth year), latest risk per instrument, open interventions, what is due, and the
/// timeline with corrections marked. Actions are keyed from the keymap.
enum CaseViewScreen {
    static let maxRiskLines = 3

    static func render(_ app: AppState, view: inout CaseViewState, into buffer: inout Buffer, area: Rect,
                       env: AppEnvironment) {
        let t = Translator(env.language)
        guard let state = app.projection[view.code], state.intake != nil || state.isVoided else {
            buffer.put(string: t(Strings.caseMissing(view.code)).truncated(toWidth: area.width), at: area.origin, style: .muted)
            return
        }
        var y = area.y
        y = renderHeader(state, into: &buffer, area: area, env: env, t)
        let lines = state.isVoided ? voidedLines(state, t) : detailLines(state, env: env, t)
        let labelWidth = lines.map(\.label.displayWidth).max() ?? 0
        for line in lines where y < area.maxY {
            buffer.put(string: line.label, at: Position(x: area.x, y: y), style: .muted)
            let x = area.x + labelWidth + 2
            buffer.put(string: line.text.truncated(toWidth: max(0, area.maxX - x)), at: Position(x: x, y: y),
                       style: Style(line.role))
            y += 1
        }
        guard y < area.maxY else { return }
        let heading = Rect(x: area.x, y: y, width: area.width, height: 1)
        buffer.put(string: t(Strings.timelineHeading), at: heading.origin, style: .header)
        y += 1
        let entries = timelineEntries(state, env: env, t)
        if view.timeline.selected == nil, !entries.isEmpty { view.timeline.selected = entries.count - 1 }
        let timelineArea = Rect(x: area.x, y: y, width: area.width, height: area.maxY - y)
        Timeline(entries: entries, emptyText: t(Strings.noEvents)).render(into: &buffer, area: timelineArea, state: &view.timeline)
    }

    /// "T-1 · Våldsutsatt · Öppet · Inskriven 2024-01-10 · Ålder 26–40" with "! HÖG RISK" on the right.
    private static func renderHeader(_ state: CaseState, into buffer: inout Buffer, area: Rect, env: AppEnvironment,
                                     _ t: Translator) -> Int {
        let line = area.row(0)
        var x = buffer.put(string: state.code, at: line.origin, style: .header)
        var parts: [String] = []
        if let role = state.role { parts.append(t(role.label)) }
        parts.append(t(state.status.label))
        if let date = state.intakeDate {
            // A reopened case says so, with the episode it is in (issue 17).
            parts.append(state.earlierEpisodes.isEmpty ? t(Strings.intakeOn(date.iso))
                         : t(Strings.reopenedOn(date.iso, episode: state.earlierEpisodes.count + 1)))
        }
        if let date = state.intakeDate {
            parts.append(t(Strings.ageBand(AgeBand(birthYear: state.intake?.birthYear, at: date))))
        }
        if let worker = state.responsibleWorker { parts.append(t(Strings.responsibleShort(worker))) }
        let flag = state.isHighRisk ? t(Strings.highRiskFlag) : ""
        let flagX = line.maxX - flag.displayWidth
        x = buffer.put(string: (" · " + parts.joined(separator: " · ")).truncated(toWidth: max(0, flagX - x - 1)),
                       at: Position(x: x, y: line.y))
        if state.isHighRisk { buffer.put(string: flag, at: Position(x: flagX, y: line.y), style: .warning) }
        return line.y + 1
    }

    struct DetailLine {
        var label: String
        var text: String
        var role: StyleRole
    }

    /// A voided case: who voided it, when and why, and how to restore it.
    static func voidedLines(_ state: CaseState, _ t: Translator) -> [DetailLine] {
        var lines: [DetailLine] = []
        if let voiding = state.voidingCorrection, case .correction(let correction) = voiding.body {
            lines.append(DetailLine(label: t(Strings.labelVoided),
                                    text: t(Strings.voidedBy(worker: voiding.worker, date: voiding.recordedAt.localDay.iso,
                                                             reason: correction.reason, comment: correction.comment)),
                                    role: .warning))
        }
        lines.append(DetailLine(label: "", text: t(Strings.voidedCaseHint), role: .muted))
        return lines
    }

    static func detailLines(_ state: CaseState, env: AppEnvironment, _ t: Translator) -> [DetailLine] {
        var lines: [DetailLine] = []
        // A closed case says how it is reopened; a reopened one lists its episodes (issue 17).
        if let closure = state.closure {
            lines.append(DetailLine(label: t(Strings.labelClosed), text: t(Strings.closedReopenHint(closure.date.iso)),
                                    role: .muted))
        }
        if !state.earlierEpisodes.isEmpty {
            let spans = state.episodes.map { t(Strings.episodeSpan($0.number, $0.start.iso, $0.closure?.date.iso)) }
            lines.append(DetailLine(label: t(Strings.labelEpisodes), text: spans.joined(separator: " · "), role: .normal))
        }
        let risks = latestPerInstrument(state)
        if risks.isEmpty {
            lines.append(DetailLine(label: t(Strings.labelRisk), text: t(Strings.noAssessment), role: .muted))
        }
        for (index, record) in risks.prefix(maxRiskLines).enumerated() {
            var text = t(riskText(record, env.catalogue))
            if index == maxRiskLines - 1, risks.count > maxRiskLines { text += " " + t(Strings.andMore(risks.count - index - 1)) }
            lines.append(DetailLine(label: index == 0 ? t(Strings.labelRisk) : "", text: text,
                                    role: record.riskLevel == .high ? .warning : .normal))
        }
        let open = state.openInterventions
        lines.append(DetailLine(label: t(Strings.labelInterventions),
                                text: open.isEmpty ? t(Strings.noOpenInterventions)
                                    : open.map { t(Strings.interventionChoice($0)) }.joined(separator: ", "),
                                role: open.isEmpty ? .muted : .normal))
        let due = DueList.items(for: state, today: env.today, policy: env.policy)
        lines.append(DetailLine(label: t(Strings.labelNext),
                                text: due.first.map { t($0.label) + " (" + $0.date.iso + ")" } ?? t(Strings.nothingNext),
                                role: due.isEmpty ? .muted : .normal))
        return lines
    }

    /// The latest assessment of each instrument (any version), in the order first assessed.
    static func latestPerInstrument(_ state: CaseState) -> [AssessmentRecord] {
        var order: [String] = []
        var latest: [String: AssessmentRecord] = [:]
        for record in state.assessments {
            let id = record.assessment.instrument.id
            if latest[id] == nil { order.append(id) }
            if latest[id].map({ record.date >= $0.date }) ?? true { latest[id] = record }
        }
        return order.compactMap { latest[$0] }
    }

    static func riskText(_ record: AssessmentRecord, _ catalogue: InstrumentCatalogue) -> Localized {
        let instrument = catalogue.instrument(record.assessment.instrument)
        let name = instrument?.displayName ?? Localized(sv: record.assessment.instrument.description, en: record.assessment.instrument.description)
        let result: Localized
        if let level = record.riskLevel {
            result = Strings.riskLevel(level)
        } else if let instrument, let note = instrument.derivedTotal(record.assessment.ratings).note {
            result = note
        } else {
            result = Strings.noRiskLevel
        }
        return Localized(sv: "\(name.sv): \(result.sv) (\(record.date.iso))", en: "\(name.en): \(result.en) (\(record.date.iso))")
    }

    static func timelineEntries(_ state: CaseState, env: AppEnvironment, _ t: Translator) -> [TerminalKit.TimelineEntry] {
        state.timeline().map { entry in
            let event = entry.current
            let isCorrection = event.kind == .correction
            let date = isCorrection ? event.recordedAt.localDay : event.effectiveDate
            var tag: String?
            var superseded = false
            switch entry.standing {
            case .active: break
            case .amended(_, let reason): tag = t(Strings.amendedTag(reason))
            case .retracted(_, let reason): tag = t(Strings.retractedTag(reason)); superseded = true
            }
            var role = StyleRole.normal
            if isCorrection { role = .muted }
            if case .assessment(let a) = event.body, env.catalogue.instrument(a.instrument)?.riskLevel(a.judgements) == .high,
               !superseded { role = .warning }
            // Who recorded it (issue 16): the event's own worker, on every line of the timeline.
            let text = t(EventText.describe(event, in: state, env.catalogue)) + " · " + t(Strings.recordedBy(event.worker))
            return TerminalKit.TimelineEntry(date: date.iso, text: text,
                                             isSuperseded: superseded, tag: tag, role: role)
        }
    }
}
