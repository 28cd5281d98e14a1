/// A centred modal box with a title, a wrapped message and a row of buttons, e.g.
/// "Kasta ändringar?" with [ Ja ] [ Nej ]. The selected button is drawn `< Ja >` in the focus
/// role, the others `[ Nej ]`, so the choice is visible without colour.
public struct Dialog: Widget, Sendable {
    public var title: String
    public var message: String
    public var buttons: [String]
    public var selectedButton: Int
    /// Widest box, border included.
    public var maxWidth: Int
    public var glyphs: Glyphs

    public init(title: String, message: String, buttons: [String], selectedButton: Int = 0,
                maxWidth: Int = 60, glyphs: Glyphs = .unicode) {
        self.title = title
        self.message = message
        self.buttons = buttons
        self.selectedButton = selectedButton
        self.maxWidth = maxWidth
        self.glyphs = glyphs
    }

    private func buttonLabel(_ index: Int) -> String {
        index == selectedButton ? "< \(buttons[index]) >" : "[ \(buttons[index]) ]"
    }

    private var buttonRow: String {
        buttons.indices.map(buttonLabel).joined(separator: "  ")
    }

    /// Where the box goes inside `area`.
    public func frame(in area: Rect) -> Rect {
        let limit = min(maxWidth, area.width) - 4
        let natural = max(message.split(separator: "\n").map(\.displayWidth).max() ?? 0,
                          buttonRow.displayWidth, title.displayWidth + 2)
        let innerWidth = max(1, min(natural, limit))
        let messageLines = message.wrapped(toWidth: innerWidth).count
        return area.centered(width: innerWidth + 4, height: messageLines + 4)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let box = frame(in: area)
        guard box.width >= 4 && box.height >= 3 else { return }
        Box(title: title, glyphs: glyphs, clearsInside: true).render(into: &buffer, area: box)
        let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
        buffer.withClip(inner) { buffer in
            for (i, line) in message.wrapped(toWidth: inner.width).enumerated() {
                buffer.put(string: line, at: Position(x: inner.x, y: inner.y + i))
            }
            var x = inner.x + max(0, (inner.width - buttonRow.displayWidth) / 2)
            let y = inner.maxY - 1
            for index in buttons.indices {
                x = buffer.put(string: buttonLabel(index), at: Position(x: x, y: y),
                               style: index == selectedButton ? .focus : .normal)
                x += 2
            }
        }
    }
}

/// One line of a help overlay: keys and what they do. A row with empty keys is a section heading.
public struct HelpRow: Sendable, Hashable {
    public var keys: String
    public var description: String

    public init(keys: String, description: String) {
        self.keys = keys
        self.description = description
    }

    public static func section(_ title: String) -> HelpRow { HelpRow(keys: "", description: title) }

    public var isSection: Bool { keys.isEmpty }
}

/// A centred box listing keys and descriptions (usually from `Keymap.helpRows`), scrollable
/// by `offset` rows.
public struct HelpOverlay: Widget, Sendable {
    public var title: String
    public var rows: [HelpRow]
    public var offset: Int
    /// Optional last line, e.g. "Esc: stäng".
    public var footer: String?
    public var glyphs: Glyphs

    public init(title: String, rows: [HelpRow], offset: Int = 0, footer: String? = nil, glyphs: Glyphs = .unicode) {
        self.title = title
        self.rows = rows
        self.offset = offset
        self.footer = footer
        self.glyphs = glyphs
    }

    private var keysWidth: Int { rows.filter { !$0.isSection }.map(\.keys.displayWidth).max() ?? 0 }

    public func frame(in area: Rect) -> Rect {
        let rowWidth = rows.map { $0.isSection ? $0.description.displayWidth : keysWidth + 2 + $0.description.displayWidth }
            .max() ?? 0
        let natural = max(rowWidth, title.displayWidth + 2, footer?.displayWidth ?? 0)
        let height = rows.count + (footer == nil ? 0 : 2) + 2
        return area.centered(width: natural + 4, height: height)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        let box = frame(in: area)
        guard box.width >= 4 && box.height >= 3 else { return }
        Box(title: title, glyphs: glyphs, clearsInside: true).render(into: &buffer, area: box)
        let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
        let footerLines = footer == nil ? 0 : 2
        let listHeight = max(0, inner.height - footerLines)
        let first = min(max(0, offset), max(0, rows.count - listHeight))
        let keyColumn = min(keysWidth, inner.width / 2)
        buffer.withClip(inner) { buffer in
            for (i, row) in rows.dropFirst(first).prefix(listHeight).enumerated() {
                let y = inner.y + i
                if row.isSection {
                    buffer.put(string: row.description.truncated(toWidth: inner.width, ellipsis: glyphs.ellipsis),
                               at: Position(x: inner.x, y: y), style: .header)
                    continue
                }
                buffer.put(string: row.keys.fitted(toWidth: keyColumn, ellipsis: glyphs.ellipsis),
                           at: Position(x: inner.x, y: y), style: Style(.normal, attributes: .bold))
                let x = inner.x + keyColumn + 2
                buffer.put(string: row.description.truncated(toWidth: inner.maxX - x, ellipsis: glyphs.ellipsis),
                           at: Position(x: x, y: y))
            }
            if let footer, inner.height >= 2 {
                buffer.put(string: footer.truncated(toWidth: inner.width, ellipsis: glyphs.ellipsis),
                           at: Position(x: inner.x, y: inner.maxY - 1), style: .muted)
            }
        }
    }
}
