import TerminalKit
import UppfoljCore

/// One event opened from a case's timeline (Enter), read-only.
struct EventDetailState: Sendable {
    var code: String
    var eventId: EventID
    /// First line shown (the lines scroll with ↑/↓, PgUp/PgDn, g/G).
    var offset = 0
}

/// Händelse: every value of one event in the words of its form, who recorded it and when, its
/// standing, and the corrections that touch it (who, when, why). Amended values show what was
/// first recorded beside them.
enum EventDetailScreen {
    struct Line: Equatable {
        enum Kind: Equatable { case heading, field, note }
        var kind: Kind
        var label: String
        var text: String
        var role: StyleRole = .normal
    }

    static func title(_ event: Event, _ t: Translator) -> String { t(event.kind.label) }

    /// The lines of the screen (before scrolling); empty when the event is not in the case.
    static func lines(_ detail: EventDetailState, _ app: AppState, env: AppEnvironment) -> [Line] {
        let t = Translator(env.language)
        guard let state = app.projection[detail.code],
              let entry = state.timeline().first(where: { $0.original.id == detail.eventId }) else { return [] }
        let event = entry.current
        var lines: [Line] = []
        lines.append(Line(kind: .field, label: t(Strings.detailDate), text: event.effectiveDate.iso))
        lines.append(Line(kind: .field, label: t(Strings.detailRecorded),
                          text: t(Strings.recordedAtBy(recordedText(entry.original.recordedAt), worker: entry.original.worker))))
        let standing: String
        var standingRole = StyleRole.normal
        switch entry.standing {
        case .active: standing = t(Strings.standingActive)
        case .amended(_, let reason): standing = t(Strings.amendedTag(reason))
        case .retracted(_, let reason): standing = t(Strings.retractedTag(reason)); standingRole = .warning
        }
        lines.append(Line(kind: .field, label: t(Strings.detailStanding), text: standing, role: standingRole))

        lines.append(Line(kind: .heading, label: t(Strings.detailValues), text: ""))
        lines += valueLines(entry, app: app, env: env, t)

        lines.append(Line(kind: .heading, label: t(Strings.detailCorrections), text: ""))
        let corrections = state.events.filter {
            if case .correction(let c) = $0.body { return c.target == detail.eventId } else { return false }
        }
        if corrections.isEmpty {
            lines.append(Line(kind: .note, label: "", text: t(Strings.noCorrections), role: .muted))
        }
        for correction in corrections {
            guard case .correction(let c) = correction.body else { continue }
            var text = t(Strings.correctionLine(action: c.action, reason: c.reason, worker: correction.worker))
            if let comment = c.comment, !comment.isEmpty { text += " · “" + SafeText.display(comment) + "”" }
            var role = StyleRole.normal
            if case .retracted? = state.standings[correction.id] { role = .muted; text += " " + t(Strings.itselfRetracted) }
            lines.append(Line(kind: .field, label: recordedText(correction.recordedAt), text: text, role: role))
        }
        return lines
    }

    /// "2024-01-12 10:00 UTC": the recording time as stored (the same on every machine).
    static func recordedText(_ time: Timestamp) -> String {
        let iso = time.iso   // YYYY-MM-DDTHH:MM:SSZ
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
    }

    /// The event's values in its form's words (every field the form would show for it), each
    /// amended one with what was first recorded.
    static func valueLines(_ entry: UppfoljCore.TimelineEntry, app: AppState, env: AppEnvironment, _ t: Translator) -> [Line] {
        let event = entry.current
        guard let kind = FormKind(editing: event.kind) else {
            return [Line(kind: .note, label: "", text: t(EventText.describe(event, in: app.projection[event.caseCode], env.catalogue)))]
        }
        let session = FormSession(kind: kind, caseCode: event.caseCode, amendTarget: entry.original.id, values: FormValues(),
                                  initial: FormValues(), focusedId: FormEngine.saveButtonId)
        let ctx = FormEngine.context(for: session, state: app, env: env)
        let values = kind.spec.values(from: event, ctx)
        let originalValues = kind.spec.values(from: entry.original, ctx)
        let changed = event != entry.original
        var lines: [Line] = []
        for item in kind.spec.items(values, ctx) {
            switch item {
            case .heading(let text):
                lines.append(Line(kind: .heading, label: "  " + text, text: ""))
            case .field(let spec):
                if spec.id == .date { continue }   // shown above
                var text = display(spec, values[spec.id], t)
                if changed {
                    let first = display(spec, originalValues[spec.id], t)
                    if first != text { text += " " + t(Strings.firstRecorded(first)) }
                }
                lines.append(Line(kind: .field, label: spec.label, text: text))
            }
        }
        return lines
    }

    /// A field's value as text: the chosen option's word, the checked options, "–" for nothing.
    static func display(_ spec: FieldSpec, _ value: FieldValue?, _ t: Translator) -> String {
        let none = "–"
        switch spec.control {
        case .text:
            if case .text(let field)? = value, !field.isEmpty { return SafeText.display(field.text) }
            return none
        case .choice(let options, _):
            if case .choice(let index?)? = value, options.indices.contains(index) { return options[index] }
            return none
        case .scale(let picks, _):
            if case .choice(let index?)? = value, picks.indices.contains(index) { return picks[index].label }
            return none
        case .multi(let options, _):
            if case .multi(let list)? = value, !list.checked.isEmpty {
                return list.checked.sorted().compactMap { options.indices.contains($0) ? options[$0] : nil }.joined(separator: ", ")
            }
            return none
        case .tri:
            guard case .tri(let answer?)? = value else { return none }
            switch answer {
            case .yes: return t(Strings.yes)
            case .no: return t(Strings.no)
            case .unknown: return t(Strings.unknown)
            }
        }
    }

    static func render(_ app: AppState, detail: inout EventDetailState, into buffer: inout Buffer, area: Rect, env: AppEnvironment) {
        let t = Translator(env.language)
        guard let event = app.projection[detail.code]?.timeline().first(where: { $0.original.id == detail.eventId })?.current else {
            buffer.put(string: t(Strings.caseMissing(detail.code)).truncated(toWidth: area.width), at: area.origin, style: .muted)
            return
        }
        let header = title(event, t) + " · " + detail.code
        buffer.put(string: header.truncated(toWidth: area.width), at: area.origin, style: .header)
        let all = lines(detail, app, env: env)
        let body = Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 1))
        detail.offset = min(max(0, detail.offset), max(0, all.count - body.height))
        let labelWidth = min(all.filter { $0.kind == .field }.map(\.label.displayWidth).max() ?? 0, area.width * 2 / 5)
        for (row, line) in all.dropFirst(detail.offset).prefix(body.height).enumerated() {
            let y = body.y + row
            switch line.kind {
            case .heading:
                buffer.put(string: line.label.truncated(toWidth: area.width), at: Position(x: area.x, y: y), style: .header)
            case .note:
                buffer.put(string: ("  " + line.text).truncated(toWidth: area.width), at: Position(x: area.x, y: y), style: Style(line.role))
            case .field:
                buffer.put(string: ("  " + line.label).fitted(toWidth: labelWidth + 2), at: Position(x: area.x, y: y), style: .muted)
                let x = area.x + labelWidth + 3
                buffer.put(string: line.text.truncated(toWidth: max(0, area.maxX - x)), at: Position(x: x, y: y), style: Style(line.role))
            }
        }
    }

    /// How many lines there are to scroll over.
    static func lineCount(_ detail: EventDetailState, _ app: AppState, env: AppEnvironment) -> Int {
        lines(detail, app, env: env).count
    }
}
