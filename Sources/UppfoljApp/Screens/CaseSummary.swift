import TerminalKit
import UppfoljCore

/// A case's summary on one screen (`s` on the case screen), scrolled with ↑/↓.
struct CaseSummaryState: Sendable {
    var code: String
    var offset = 0
}

/// The case summary: where the case stands, its risk per instrument family, its interventions,
/// what is due and every event (with who recorded it and its corrections). One model, two
/// renderings: the screen and the Markdown document `uppfolj case CODE --out FILE` writes. It
/// holds this case only: no other case's code or data.
public enum CaseSummaryDocument {
    struct Section: Equatable {
        var title: String
        var lines: [String]
    }

    static func title(_ code: String, _ t: Translator) -> String { t(Strings.summaryTitle(code)) }

    /// The sections, or nil when there is no such case.
    static func sections(_ code: String, projection: Projection, env: AppEnvironment) -> [Section]? {
        guard let state = projection[code], state.intake != nil || state.isVoided else { return nil }
        let t = Translator(env.language)
        var sections: [Section] = []

        var status: [String] = []
        var facts: [String] = []
        if let role = state.role { facts.append(t(role.label)) }
        facts.append(t(state.status.label))
        if let date = state.intakeDate {
            facts.append(state.earlierEpisodes.isEmpty ? t(Strings.intakeOn(date.iso))
                         : t(Strings.reopenedOn(date.iso, episode: state.earlierEpisodes.count + 1)))
            facts.append(t(Strings.ageBand(AgeBand(birthYear: state.intake?.birthYear, at: date))))
        }
        status.append(facts.joined(separator: " · "))
        if !state.earlierEpisodes.isEmpty {
            // A reopened case (issue 17): every episode with its intake and closure dates.
            let spans = state.episodes.map { t(Strings.episodeSpan($0.number, $0.start.iso, $0.closure?.date.iso)) }
            status.append(t(Strings.labelEpisodes) + ": " + spans.joined(separator: " · "))
        }
        if let worker = state.responsibleWorker { status.append(t(Strings.responsibleShort(worker))) }
        if let closure = state.closure {
            status.append(t(Strings.closedOn(closure.date.iso, reason: closure.value.reason.label,
                                             goal: closure.value.goalAttainment?.label ?? Strings.notGiven)))
        }
        if state.isHighRisk { status.append(t(Strings.highRiskFlag)) }
        if state.isVoided { status.append(t(Strings.labelVoided)) }
        sections.append(Section(title: t(Strings.summaryState), lines: status))

        let risks = state.currentRiskAssessments
        sections.append(Section(title: t(Strings.labelRisk), lines: risks.isEmpty ? [t(Strings.noAssessment)]
            : risks.map { t(CaseViewScreen.riskText($0, env.catalogue)) }))

        let interventions = state.interventions.map { record -> String in
            var text = t(Strings.interventionChoice(record))
            if let end = record.end {
                text += " – " + t(Strings.endedOn(end.iso)) + (record.outcome.map { ", " + t($0.label) } ?? "")
            } else {
                text += " – " + t(Strings.ongoing)
            }
            return text
        }
        sections.append(Section(title: t(Strings.labelInterventions), lines: interventions.isEmpty ? [t(Strings.noInterventions)] : interventions))

        let due = DueList.items(for: state, today: env.today, policy: env.policy)
        sections.append(Section(title: t(Strings.labelNext), lines: due.isEmpty ? [t(Strings.nothingNext)]
            : due.map { $0.date.iso + "  " + t($0.label) }))

        let events = state.timeline().map { entry -> String in
            let event = entry.current
            let date = event.kind == .correction ? event.recordedAt.localDay : event.effectiveDate
            var text = date.iso + "  " + t(EventText.describe(event, in: state, env.catalogue)) + " · " + t(Strings.recordedBy(event.worker))
            switch entry.standing {
            case .active: break
            case .amended(_, let reason): text += " " + t(Strings.amendedTag(reason))
            case .retracted(_, let reason): text += " " + t(Strings.retractedTag(reason))
            }
            return text
        }
        sections.append(Section(title: t(Strings.timelineHeading), lines: events))
        return sections
    }

    /// The summary as a Markdown document to print or attach; nil when there is no such case.
    public static func markdown(_ code: String, projection: Projection, env: AppEnvironment) -> String? {
        guard let sections = sections(code, projection: projection, env: env) else { return nil }
        let t = Translator(env.language)
        var lines = ["# " + SafeText.display(title(code, t)), ""]
        for section in sections {
            lines.append("## " + section.title)
            lines.append("")
            lines += section.lines.map { "- " + SafeText.display($0, limit: 4096).replacingOccurrences(of: "*", with: "\\*") }
            lines.append("")
        }
        lines.append("_" + t(Strings.summaryFooter(today: env.today.iso, worker: env.worker)) + "_")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// The screen's lines: headings and their lines, indented.
    static func screenLines(_ code: String, projection: Projection, env: AppEnvironment) -> [(text: String, heading: Bool)] {
        guard let sections = sections(code, projection: projection, env: env) else { return [] }
        return sections.flatMap { section in
            [(section.title, true)] + section.lines.map { ("  " + $0, false) }
        }
    }

    static func render(_ app: AppState, summary: inout CaseSummaryState, into buffer: inout Buffer, area: Rect, env: AppEnvironment) {
        let t = Translator(env.language)
        let lines = screenLines(summary.code, projection: app.projection, env: env)
        guard !lines.isEmpty else {
            buffer.put(string: t(Strings.caseMissing(summary.code)).truncated(toWidth: area.width), at: area.origin, style: .muted)
            return
        }
        buffer.put(string: title(summary.code, t).truncated(toWidth: area.width), at: area.origin, style: .header)
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 1))
        summary.offset = min(max(0, summary.offset), max(0, lines.count - body.height))
        for (row, line) in lines.dropFirst(summary.offset).prefix(body.height).enumerated() {
            buffer.put(string: line.text.truncated(toWidth: area.width), at: Position(x: area.x, y: body.y + row),
                       style: line.heading ? .header : .normal)
        }
    }
}
