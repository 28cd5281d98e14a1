/// One dated entry of a timeline.
public struct TimelineEntry: Sendable, Hashable {
    /// Already formatted by the app, e.g. "2024-03-01".
    public var date: String
    public var text: String
    /// Corrected or retracted: drawn muted with a hollow bullet.
    public var isSuperseded: Bool
    /// Appended to the text, e.g. "[rättad]" (the app's words).
    public var tag: String?
    /// Role for current entries (e.g. `.warning`); superseded entries are always muted.
    public var role: StyleRole

    public init(date: String, text: String, isSuperseded: Bool = false, tag: String? = nil, role: StyleRole = .normal) {
        self.date = date
        self.text = text
        self.isSuperseded = isSuperseded
        self.tag = tag
        self.role = role
    }
}

/// A vertical list of dated entries:
/// ```
/// 2024-03-01 ● First contact, text wrapped
///            │ under itself
/// 2024-03-15 ○ Assessment [corrected]
/// ```
/// Uses `TableState` for selection and scrolling (offset = first visible entry).
public struct Timeline: Widget, Sendable {
    public var entries: [TimelineEntry]
    public var emptyText: String
    public var glyphs: Glyphs

    public init(entries: [TimelineEntry], emptyText: String, glyphs: Glyphs = .unicode) {
        self.entries = entries
        self.emptyText = emptyText
        self.glyphs = glyphs
    }

    private func dateWidth() -> Int { entries.map(\.date.displayWidth).max() ?? 0 }

    private func textWidth(totalWidth: Int) -> Int {
        max(1, totalWidth - dateWidth() - 3)
    }

    private func lines(of entry: TimelineEntry, width: Int) -> [String] {
        let full = entry.tag.map { entry.text + " " + $0 } ?? entry.text
        return full.wrapped(toWidth: width)
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        var state = TableState()
        render(into: &buffer, area: area, state: &state)
    }

    public func render(into buffer: inout Buffer, area: Rect, state: inout TableState) {
        guard !area.isEmpty else { return }
        let width = textWidth(totalWidth: area.width)
        let wrapped = entries.map { lines(of: $0, width: width) }
        if let selected = state.selected {
            state.selected = entries.isEmpty ? nil : min(max(0, selected), entries.count - 1)
        }
        state.offset = ListScrolling.offset(current: state.offset, selected: state.selected,
                                            heights: wrapped.map(\.count), visibleLines: area.height)
        let current = state
        let dateWidth = dateWidth()
        buffer.withClip(area) { buffer in
            guard !entries.isEmpty else {
                buffer.put(string: emptyText.truncated(toWidth: area.width, ellipsis: glyphs.ellipsis),
                           at: area.origin, style: .muted)
                return
            }
            var y = area.y
            for index in current.offset..<entries.count where y < area.maxY {
                let entry = entries[index]
                let style = Style(index == current.selected ? .selection : (entry.isSuperseded ? .muted : entry.role))
                let bullet = entry.isSuperseded ? glyphs.timelineSupersededBullet : glyphs.timelineBullet
                for (n, text) in wrapped[index].enumerated() {
                    let line = Rect(x: area.x, y: y, width: area.width, height: 1)
                    buffer.fill(line, style: style)
                    let prefix = n == 0
                        ? entry.date.padded(toWidth: dateWidth) + " " + bullet + " "
                        : String(repeating: " ", count: dateWidth + 1) + glyphs.timelineConnector + " "
                    let x = buffer.put(string: prefix, at: line.origin, style: style)
                    buffer.put(string: text, at: Position(x: x, y: y), style: style)
                    y += 1
                }
            }
        }
    }
}
