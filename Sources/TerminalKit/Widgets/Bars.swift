/// A message shown in the status line, e.g. "Sparat" (success) or "Kunde inte spara" (error).
public struct StatusMessage: Sendable, Hashable {
    public var text: String
    public var role: StyleRole

    public init(_ text: String, role: StyleRole = .normal) {
        self.text = text
        self.role = role
    }
}

/// One line: left text, then the message, and right text flush right. Error and warning
/// messages get the flag glyph in front, so their meaning is not colour-only. When space runs
/// out, the right text is kept whole first, then the left text, and the message is cut.
public struct StatusLine: Widget, Sendable {
    public var left: String
    public var right: String
    public var message: StatusMessage?
    public var style: Style
    public var glyphs: Glyphs

    public init(left: String = "", right: String = "", message: StatusMessage? = nil, style: Style = .normal,
                glyphs: Glyphs = .unicode) {
        self.left = left
        self.right = right
        self.message = message
        self.style = style
        self.glyphs = glyphs
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        let line = area.row(0)
        buffer.withClip(line) { buffer in
            buffer.fill(line, style: style)
            let rightText = right.truncated(toWidth: line.width, ellipsis: glyphs.ellipsis)
            let rightWidth = rightText.displayWidth
            let rightX = line.maxX - rightWidth
            let gap = rightWidth > 0 ? 1 : 0
            var x = line.x
            if !left.isEmpty {
                let room = max(0, rightX - gap - x)
                x = buffer.put(string: left.truncated(toWidth: room, ellipsis: glyphs.ellipsis),
                               at: Position(x: x, y: line.y), style: style)
                x += 2
            }
            if let message, !message.text.isEmpty {
                let flagged = message.role == .error || message.role == .warning
                let text = flagged ? glyphs.flag + " " + message.text : message.text
                let room = max(0, rightX - gap - x)
                buffer.put(string: text.truncated(toWidth: room, ellipsis: glyphs.ellipsis),
                           at: Position(x: x, y: line.y), style: Style(message.role))
            }
            buffer.put(string: rightText, at: Position(x: rightX, y: line.y), style: style)
        }
    }
}

/// A title bar: title on the left, optional text on the right, whole line in the title role.
public struct TitleBar: Widget, Sendable {
    public var title: String
    public var right: String

    public init(title: String, right: String = "") {
        self.title = title
        self.right = right
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        StatusLine(left: " " + title, right: right.isEmpty ? "" : right + " ", style: .title)
            .render(into: &buffer, area: area)
    }
}

/// A row of tab titles separated by a divider; the selected one in the selection role.
/// ` Översikt │ Ärenden │ Rapporter `
public struct Tabs: Widget, Sendable {
    public var titles: [String]
    public var selected: Int
    public var glyphs: Glyphs

    public init(titles: [String], selected: Int, glyphs: Glyphs = .unicode) {
        self.titles = titles
        self.selected = selected
        self.glyphs = glyphs
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.withClip(area.row(0)) { buffer in
            var x = area.x
            for (i, title) in titles.enumerated() {
                if i > 0 {
                    x = buffer.put(string: glyphs.tabDivider, at: Position(x: x, y: area.y), style: .muted)
                }
                x = buffer.put(string: " " + title + " ", at: Position(x: x, y: area.y),
                               style: i == selected ? .selection : .normal)
            }
        }
    }
}

/// One bar of a bar chart.
public struct BarChartItem: Sendable, Hashable {
    public var label: String
    /// nil when suppressed (too few cases to show).
    public var value: Double?
    /// The value as the app formats it, e.g. "12" or "34 %".
    public var valueText: String

    public init(label: String, value: Double, valueText: String) {
        self.label = label
        self.value = value
        self.valueText = valueText
    }

    /// A suppressed value: no bar, shown with the chart's `suppressedText`.
    public static func suppressed(label: String) -> BarChartItem {
        var item = BarChartItem(label: label, value: 0, valueText: "")
        item.value = nil
        return item
    }
}

/// Horizontal bars, one per line: `label  ███████▌   value`. Bars are scaled to `maxValue`
/// (default: the largest value) in eighths of a cell.
public struct BarChart: Widget, Sendable {
    public var items: [BarChartItem]
    public var maxValue: Double?
    /// Statistical notation for a suppressed value (".." by default, as in official statistics).
    public var suppressedText: String
    public var glyphs: Glyphs

    public init(items: [BarChartItem], maxValue: Double? = nil, suppressedText: String = "..", glyphs: Glyphs = .unicode) {
        self.items = items
        self.maxValue = maxValue
        self.suppressedText = suppressedText
        self.glyphs = glyphs
    }

    /// The bar for a value as text of at most `width` cells.
    public func bar(for value: Double, scale: Double, width: Int) -> String {
        guard scale > 0, value > 0, width > 0 else { return "" }
        // Round half up without libm (`rounded()` needs it linked); the product is positive.
        let exact = min(Double(width * 8), value / scale * Double(width * 8))
        let eighths = Int(exact + 0.5)
        let full = String(repeating: glyphs.barEighths[7], count: eighths / 8)
        let rest = eighths % 8
        return rest == 0 ? full : full + glyphs.barEighths[rest - 1]
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard !area.isEmpty else { return }
        let scale = maxValue ?? items.compactMap(\.value).max() ?? 0
        let texts = items.map { $0.value == nil ? suppressedText : $0.valueText }
        let valueWidth = texts.map(\.displayWidth).max() ?? 0
        let labelWidth = min(items.map(\.label.displayWidth).max() ?? 0, area.width / 3)
        let barWidth = max(0, area.width - labelWidth - valueWidth - 2)
        buffer.withClip(area) { buffer in
            for (i, item) in items.prefix(area.height).enumerated() {
                let y = area.y + i
                buffer.put(string: item.label.fitted(toWidth: labelWidth, ellipsis: glyphs.ellipsis),
                           at: Position(x: area.x, y: y))
                let barX = area.x + labelWidth + 1
                if let value = item.value {
                    buffer.put(string: bar(for: value, scale: scale, width: barWidth), at: Position(x: barX, y: y),
                               style: .chart, maxWidth: barWidth)
                }
                buffer.put(string: texts[i].padded(toWidth: valueWidth, alignment: .right),
                           at: Position(x: barX + barWidth + 1, y: y), style: item.value == nil ? .muted : .normal)
            }
        }
    }
}

/// The minimum terminal size a screen needs, and the one frame shown below it.
public struct MinimumSize: Sendable, Hashable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public func isSatisfied(by size: Size) -> Bool {
        size.width >= width && size.height >= height
    }

    /// "W×H", for the app to put into its own sentence.
    public var text: String { "\(width)×\(height)" }

    /// A frame of `size` with `message` (the app's localized "window too small (needs W×H)")
    /// wrapped and centred.
    public func tooSmallFrame(size: Size, message: String) -> Buffer {
        var buffer = Buffer(size: size)
        let lines = message.wrapped(toWidth: size.width)
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.prefix(size.height).enumerated() {
            let x = max(0, (size.width - line.displayWidth) / 2)
            buffer.put(string: line, at: Position(x: x, y: top + i), style: .warning)
        }
        return buffer
    }
}
