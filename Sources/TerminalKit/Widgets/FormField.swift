/// One labelled input in a form. The app builds it each frame from its own state.
///
/// Layout (one line per control line, plus one for a validation message):
/// ```
/// > Label      value
///              ! message
/// ```
/// The first two columns are a gutter holding the pointer glyph when the field is focused.
/// The focused field's value area is drawn in the focus role; the message is drawn in the
/// error role and prefixed with the flag glyph so the meaning is not carried by colour.
public struct FormField: Sendable {
    public enum Control: Sendable {
        /// Free text, number or date, depending on `kind`.
        case text(TextFieldState, kind: TextInputKind, placeholder: String)
        /// One of N, shown as the chosen label (or the placeholder, muted).
        case choice(options: [String], state: ChoiceState, placeholder: String)
        /// A checkbox list, one option per line.
        case multiChoice(options: [String], state: MultiChoiceState)
        /// Yes / no / unknown, all three shown as radio buttons.
        case triState(TriState?, labels: TriStateLabels)
    }

    public var label: String
    public var control: Control
    /// Inline validation message; nil when the value is fine.
    public var message: String?

    public init(label: String, control: Control, message: String? = nil) {
        self.label = label
        self.control = control
        self.message = message
    }

    static let gutterWidth = 2

    /// Lines of the control itself (without the message).
    public var controlHeight: Int {
        if case .multiChoice(let options, _) = control { return max(1, options.count) }
        return 1
    }

    /// Lines the field takes, message included.
    public var height: Int { controlHeight + (message == nil ? 0 : 1) }

    /// Renders the field with its label padded to `labelWidth` columns.
    public func render(into buffer: inout Buffer, area: Rect, isFocused: Bool, labelWidth: Int, glyphs: Glyphs = .unicode) {
        guard !area.isEmpty else { return }
        buffer.withClip(area) { buffer in
            let gutter = FormField.gutterWidth
            if isFocused {
                buffer.put(string: glyphs.pointer, at: area.origin, style: .normal, maxWidth: 1)
            }
            let labelStyle = isFocused ? Style(.normal, attributes: .bold) : .normal
            buffer.put(string: label.fitted(toWidth: labelWidth, ellipsis: glyphs.ellipsis),
                       at: Position(x: area.x + gutter, y: area.y), style: labelStyle, maxWidth: labelWidth)
            let valueX = area.x + gutter + labelWidth + 1
            let valueWidth = max(0, area.maxX - valueX)
            let value = Rect(x: valueX, y: area.y, width: valueWidth, height: controlHeight)
            renderControl(into: &buffer, area: value, isFocused: isFocused, glyphs: glyphs)
            if let message {
                let text = glyphs.flag + " " + message
                buffer.put(string: text.truncated(toWidth: valueWidth, ellipsis: glyphs.ellipsis),
                           at: Position(x: valueX, y: area.y + controlHeight), style: .error, maxWidth: valueWidth)
            }
        }
    }

    private func renderControl(into buffer: inout Buffer, area: Rect, isFocused: Bool, glyphs: Glyphs) {
        let valueStyle: Style = isFocused ? .focus : .normal
        switch control {
        case .text(let state, _, let placeholder):
            if isFocused {
                buffer.fill(area, style: .focus)
                let window = TextWindow(state: state, width: area.width)
                // A selected pre-filled value (typing replaces it) is drawn as a selection.
                buffer.put(string: window.visibleText, at: area.origin, style: state.isSelected ? Style(.selection) : .focus,
                           maxWidth: area.width)
                let cursor = Position(x: area.x + window.cursorColumn, y: area.y)
                if buffer.clipRect.contains(cursor) { buffer.cursor = cursor }
            } else if state.isEmpty {
                buffer.put(string: placeholder.truncated(toWidth: area.width, ellipsis: glyphs.ellipsis),
                           at: area.origin, style: .muted)
            } else {
                buffer.put(string: state.text.truncated(toWidth: area.width, ellipsis: glyphs.ellipsis),
                           at: area.origin, style: .normal)
            }

        case .choice(let options, let state, let placeholder):
            let chosen = state.selected.flatMap { options.indices.contains($0) ? options[$0] : nil }
            let text = chosen ?? placeholder
            if isFocused {
                buffer.fill(area.row(0), style: .focus)
                let shown = glyphs.choicePrevious + " " + text + " " + glyphs.choiceNext
                buffer.put(string: shown.truncated(toWidth: area.width, ellipsis: glyphs.ellipsis),
                           at: area.origin, style: .focus)
            } else {
                buffer.put(string: text.truncated(toWidth: area.width, ellipsis: glyphs.ellipsis),
                           at: area.origin, style: chosen == nil ? .muted : .normal)
            }

        case .multiChoice(let options, let state):
            for (i, option) in options.enumerated() {
                let onCursor = isFocused && i == state.cursor
                let style: Style = onCursor ? .focus : .normal
                let line = area.row(i)
                if onCursor { buffer.fill(line, style: style) }
                let box = state.checked.contains(i) ? glyphs.checkboxOn : glyphs.checkboxOff
                buffer.put(string: (box + " " + option).truncated(toWidth: area.width, ellipsis: glyphs.ellipsis),
                           at: line.origin, style: style)
            }

        case .triState(let value, let labels):
            if isFocused { buffer.fill(area.row(0), style: valueStyle) }
            let parts = TriState.allCases.map { option in
                (value == option ? glyphs.radioOn : glyphs.radioOff) + " " + labels.label(for: option)
            }
            buffer.put(string: parts.joined(separator: "  ").truncated(toWidth: area.width, ellipsis: glyphs.ellipsis),
                       at: area.origin, style: valueStyle)
        }
    }
}

/// The part of a text field's text that is visible in `width` columns, scrolled so the cursor
/// (and one cell for it) stays inside.
public struct TextWindow: Sendable, Hashable {
    public var visibleText: String
    /// Cursor column relative to the start of the field.
    public var cursorColumn: Int

    /// Looks only at the graphemes that can be on screen (from the cursor back, then forward),
    /// so it costs the same for a long text as for a short one.
    public init(state: TextFieldState, width: Int) {
        let characters = state.characters
        let cursor = min(state.cursor, characters.count)
        let cursorCell = cursor < characters.count ? max(1, characters[cursor].displayWidth) : 1
        // The first grapheme shown: as far back from the cursor as fits with the cursor's cell.
        var start = cursor
        var widthBeforeCursor = 0
        while start > 0, widthBeforeCursor + characters[start - 1].displayWidth + cursorCell <= width {
            widthBeforeCursor += characters[start - 1].displayWidth
            start -= 1
        }
        var end = start
        var shownWidth = 0
        while end < characters.count, shownWidth <= width {
            shownWidth += characters[end].displayWidth
            end += 1
        }
        visibleText = TextFitting.prefix(String(characters[start..<end]), width: max(0, width))
        cursorColumn = min(widthBeforeCursor, max(0, width - 1))
    }
}

/// Which field has focus and which field is first on screen. The app's State owns it.
public struct FormState: Sendable, Hashable {
    public var focused: Int
    /// Index of the first visible field.
    public var offset: Int

    public init(focused: Int = 0, offset: Int = 0) {
        self.focused = focused
        self.offset = offset
    }

    /// Tab: next field, wrapping around.
    public mutating func focusNext(fieldCount: Int) {
        guard fieldCount > 0 else { return }
        focused = (focused + 1) % fieldCount
    }

    /// Shift-Tab: previous field, wrapping around.
    public mutating func focusPrevious(fieldCount: Int) {
        guard fieldCount > 0 else { return }
        focused = (focused - 1 + fieldCount) % fieldCount
    }
}

/// Fields stacked top to bottom with a shared label column, scrolled so the focused field is
/// fully visible (when it fits).
public struct Form: Sendable {
    public var fields: [FormField]
    /// Label column width; nil sizes it to the widest label, capped at a third of the width.
    public var labelWidth: Int?
    /// Blank lines between fields.
    public var spacing: Int
    public var glyphs: Glyphs

    public init(fields: [FormField], labelWidth: Int? = nil, spacing: Int = 0, glyphs: Glyphs = .unicode) {
        self.fields = fields
        self.labelWidth = labelWidth
        self.spacing = spacing
        self.glyphs = glyphs
    }

    public func resolvedLabelWidth(totalWidth: Int) -> Int {
        if let labelWidth { return labelWidth }
        let widest = fields.map(\.label.displayWidth).max() ?? 0
        return max(0, min(widest, totalWidth / 3))
    }

    public func render(into buffer: inout Buffer, area: Rect, state: inout FormState) {
        guard !area.isEmpty else { return }
        if !fields.isEmpty { state.focused = min(max(0, state.focused), fields.count - 1) }
        let heights = fields.map { $0.height + spacing }
        state.offset = ListScrolling.offset(current: state.offset, selected: fields.isEmpty ? nil : state.focused,
                                            heights: heights, visibleLines: area.height + spacing)
        let labelWidth = resolvedLabelWidth(totalWidth: area.width)
        let current = state
        buffer.withClip(area) { buffer in
            var y = area.y
            for index in current.offset..<fields.count where y < area.maxY {
                let field = fields[index]
                field.render(into: &buffer, area: Rect(x: area.x, y: y, width: area.width, height: field.height),
                             isFocused: index == current.focused, labelWidth: labelWidth, glyphs: glyphs)
                y += heights[index]
            }
        }
    }
}
