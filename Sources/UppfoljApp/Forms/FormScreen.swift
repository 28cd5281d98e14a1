import TerminalKit
import UppfoljCore

/// Draws any open form: title, live summary, the fields (scrolled to keep focus visible),
/// the [Spara] button and the focused field's hint.
enum FormScreen {
    static func render(_ app: AppState, session: inout FormSession, into buffer: inout Buffer, area: Rect,
                       env: AppEnvironment) {
        let t = Translator(env.language)
        let ctx = FormEngine.context(for: session, state: app, env: env)
        FormEngine.normalizeFocus(&session, ctx)
        let items = FormEngine.items(session, ctx)
        let summary = session.kind.spec.summary(session.values, ctx)
        let focused = items.compactMap(\.field).first { $0.id == session.focusedId }

        let parts = area.splitVertically([.length(1), .length(summary.count), .fill(), .length(1), .length(1)])
        renderTitle(session, ctx, into: &buffer, area: parts[0], t)
        for (i, line) in summary.enumerated() {
            buffer.put(string: line.truncated(toWidth: area.width), at: Position(x: area.x, y: parts[1].y + i),
                       style: i == 0 ? .normal : .muted)
        }
        renderFields(items, session: &session, into: &buffer, area: parts[2], t)
        renderButton(session, into: &buffer, area: parts[3], t)
        if let hint = focused?.hint {
            buffer.put(string: hint.truncated(toWidth: area.width), at: parts[4].origin, style: .muted)
        } else if session.focusedId == FormEngine.saveButtonId {
            buffer.put(string: t(KeyHints.saveButton).truncated(toWidth: area.width), at: parts[4].origin, style: .muted)
        }
    }

    private static func renderTitle(_ session: FormSession, _ ctx: FormContext, into buffer: inout Buffer, area: Rect,
                                    _ t: Translator) {
        var title = t(session.amendTarget == nil ? session.kind.spec.title(ctx) : Strings.amendTitle(session.kind.spec.title(ctx)))
        if let code = session.caseCode { title += " · " + code }
        let state: String
        switch session.phase {
        case .saving: state = t(Strings.saving)
        case .editing: state = session.isDirty ? t(Strings.unsavedMarker) : ""
        }
        let stateX = area.maxX - state.displayWidth
        buffer.put(string: title.truncated(toWidth: max(0, stateX - area.x - 1)), at: area.origin, style: .header)
        buffer.put(string: state, at: Position(x: stateX, y: area.y), style: .muted)
    }

    private static func renderButton(_ session: FormSession, into buffer: inout Buffer, area: Rect, _ t: Translator) {
        let focused = session.focusedId == FormEngine.saveButtonId
        let label = focused ? "< \(t(Strings.saveButton)) >" : "[ \(t(Strings.saveButton)) ]"
        let x = buffer.put(string: label, at: Position(x: area.x + 2, y: area.y), style: focused ? .focus : .normal)
        buffer.put(string: "  " + t(KeyHints.saveNote), at: Position(x: x, y: area.y), style: .muted)
    }

    /// Where values start: gutter (2), label, one space.
    static func valueOffset(labelWidth: Int) -> Int { 2 + labelWidth + 1 }

    static func labelWidth(_ items: [FormItem], totalWidth: Int) -> Int {
        min(items.compactMap { $0.field?.label.displayWidth }.max() ?? 0, totalWidth * 2 / 5)
    }

    /// The inline message of a field as wrapped lines ("! …") in the value column.
    private static func messageLines(_ spec: FieldSpec, _ session: FormSession, valueWidth: Int, _ t: Translator) -> [String] {
        guard let message = session.messages[spec.id] else { return [] }
        return (Glyphs.unicode.flag + " " + t(message)).wrapped(toWidth: max(1, valueWidth))
    }

    private static func height(_ item: FormItem, _ session: FormSession, valueWidth: Int, _ t: Translator) -> Int {
        guard let spec = item.field else { return 1 }
        let control: Int
        if case .multi(let options, _) = spec.control { control = max(1, options.count) } else { control = 1 }
        return control + messageLines(spec, session, valueWidth: valueWidth, t).count
    }

    private static func renderFields(_ items: [FormItem], session: inout FormSession, into buffer: inout Buffer, area: Rect,
                                     _ t: Translator) {
        guard !area.isEmpty, !items.isEmpty else { return }
        let labelWidth = labelWidth(items, totalWidth: area.width)
        let valueWidth = area.width - FormScreen.valueOffset(labelWidth: labelWidth)
        let heights = items.map { height($0, session, valueWidth: valueWidth, t) }
        let focusIndex = items.firstIndex { $0.field?.id == session.focusedId } ?? (items.count - 1)
        var offset = ListScrolling.offset(current: session.scrollOffset, selected: focusIndex, heights: heights,
                                          visibleLines: area.height)
        // Show the heading above a focused field when both fit.
        if offset == focusIndex, focusIndex > 0, items[focusIndex - 1].field == nil,
           heights[focusIndex - 1] + heights[focusIndex] <= area.height {
            offset = focusIndex - 1
        }
        session.scrollOffset = offset
        let current = session
        buffer.withClip(area) { buffer in
            var y = area.y
            for index in offset..<items.count where y < area.maxY {
                let rect = Rect(x: area.x, y: y, width: area.width, height: heights[index])
                switch items[index] {
                case .heading(let text):
                    buffer.put(string: text, at: rect.origin, style: .header)
                case .field(let spec):
                    render(spec, current, into: &buffer, area: rect, labelWidth: labelWidth, t)
                    let messages = messageLines(spec, current, valueWidth: valueWidth, t)
                    let x = area.x + valueOffset(labelWidth: labelWidth)
                    for (i, line) in messages.enumerated() {
                        buffer.put(string: line, at: Position(x: x, y: rect.maxY - messages.count + i), style: .error)
                    }
                }
                y += heights[index]
            }
        }
    }

    private static func render(_ spec: FieldSpec, _ session: FormSession, into buffer: inout Buffer, area: Rect,
                               labelWidth: Int, _ t: Translator) {
        let focused = spec.id == session.focusedId
        let value = session.values[spec.id]
        let control: FormField.Control
        switch spec.control {
        case .text(let kind, let placeholder):
            var state = TextFieldState()
            if case .text(let s)? = value { state = s }
            control = .text(state, kind: kind, placeholder: placeholder)
        case .choice(let options, let placeholder):
            control = .choice(options: options, state: ChoiceState(selected: session.values.choice(spec.id)), placeholder: placeholder)
        case .multi(let options, _):
            var state = MultiChoiceState()
            if case .multi(let s)? = value { state = s }
            control = .multiChoice(options: options, state: state)
        case .tri:
            control = .triState(session.values.tri(spec.id) ?? .unknown,
                                 labels: TriStateLabels(yes: t(Strings.yes), no: t(Strings.no), unknown: t(Strings.unknown)))
        case .scale(let picks, _):
            renderScale(spec, picks: picks, selected: session.values.choice(spec.id), focused: focused,
                        into: &buffer, area: area, labelWidth: labelWidth)
            return
        }
        FormField(label: spec.label, control: control)
            .render(into: &buffer, area: area, isFocused: focused, labelWidth: labelWidth)
    }

    /// A scale as radio buttons, `(•) 1  ( ) 2 …  ( ) –`, then the chosen value's label.
    private static func renderScale(_ spec: FieldSpec, picks: [ScalePick], selected: Int?, focused: Bool,
                                    into buffer: inout Buffer, area: Rect, labelWidth: Int) {
        let glyphs = Glyphs.unicode
        buffer.withClip(area) { buffer in
            if focused { buffer.put(string: glyphs.pointer, at: area.origin, maxWidth: 1) }
            buffer.put(string: spec.label.fitted(toWidth: labelWidth, ellipsis: glyphs.ellipsis), at: Position(x: area.x + 2, y: area.y),
                       style: focused ? Style(.normal, attributes: .bold) : .normal, maxWidth: labelWidth)
            let valueX = area.x + 2 + labelWidth + 1
            let valueWidth = max(0, area.maxX - valueX)
            let row = Rect(x: valueX, y: area.y, width: valueWidth, height: 1)
            if focused { buffer.fill(row, style: .focus) }
            // The form's words as marks ("Nej", "N"); where they do not fit with the longest label,
            // the keys that pick them (the chosen value's word still follows).
            func radios(_ marks: [String]) -> String {
                zip(picks.indices, marks).map { (i, mark) in (i == selected ? glyphs.radioOn : glyphs.radioOff) + " " + mark }
                    .joined(separator: "  ")
            }
            let words = picks.map(\.mark)
            let longest = picks.map(\.label.displayWidth).max() ?? 0
            let marks = radios(words).displayWidth + 2 + longest <= valueWidth
                ? words : picks.map { $0.key.isNumber ? String($0.key) : $0.mark }
            var text = radios(marks)
            if let selected, picks.indices.contains(selected), picks[selected].label != marks[selected] {
                text += "  " + picks[selected].label
            }
            buffer.put(string: text.truncated(toWidth: valueWidth, ellipsis: glyphs.ellipsis), at: row.origin,
                       style: focused ? .focus : .normal)
        }
    }
}
