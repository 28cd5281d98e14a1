/// A value that draws itself into a region of a buffer. Widgets hold no mutable state; state
/// such as selection or scroll lives in separate structs owned by the app.
public protocol Widget {
    func render(into buffer: inout Buffer, area: Rect)
}

/// Box-drawing characters for borders.
public struct BorderSet: Sendable, Hashable {
    public var topLeft: Character
    public var top: Character
    public var topRight: Character
    public var left: Character
    public var right: Character
    public var bottomLeft: Character
    public var bottom: Character
    public var bottomRight: Character

    public init(topLeft: Character, top: Character, topRight: Character, left: Character, right: Character,
                bottomLeft: Character, bottom: Character, bottomRight: Character) {
        self.topLeft = topLeft
        self.top = top
        self.topRight = topRight
        self.left = left
        self.right = right
        self.bottomLeft = bottomLeft
        self.bottom = bottom
        self.bottomRight = bottomRight
    }

    public static let unicode = BorderSet(topLeft: "┌", top: "─", topRight: "┐", left: "│", right: "│",
                                          bottomLeft: "└", bottom: "─", bottomRight: "┘")
    public static let ascii = BorderSet(topLeft: "+", top: "-", topRight: "+", left: "|", right: "|",
                                        bottomLeft: "+", bottom: "-", bottomRight: "+")
}

/// Every non-letter symbol widgets draw, in a Unicode and an ASCII variant. The app picks
/// `.ascii` when the terminal cannot show Unicode (one flag for all widgets).
public struct Glyphs: Sendable, Hashable {
    public var border: BorderSet
    public var ellipsis: String
    /// Bar pieces for 1/8 ... 7/8 of a cell, then the full cell (8 entries).
    public var barEighths: [String]
    /// Marks the selected row of a table / focused field.
    public var pointer: String
    /// Marks a flagged (e.g. high-risk) row or an error message; never only colour.
    public var flag: String
    public var checkboxOn: String
    public var checkboxOff: String
    public var radioOn: String
    public var radioOff: String
    public var choicePrevious: String
    public var choiceNext: String
    public var timelineBullet: String
    public var timelineSupersededBullet: String
    public var timelineConnector: String
    public var tabDivider: String

    public static let unicode = Glyphs(
        border: .unicode, ellipsis: "…",
        barEighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"],
        pointer: ">", flag: "!",
        checkboxOn: "[x]", checkboxOff: "[ ]", radioOn: "(•)", radioOff: "( )",
        choicePrevious: "◂", choiceNext: "▸",
        timelineBullet: "●", timelineSupersededBullet: "○", timelineConnector: "│",
        tabDivider: "│")

    public static let ascii = Glyphs(
        border: .ascii, ellipsis: "~",
        barEighths: ["", "", "", "#", "#", "#", "#", "#"],
        pointer: ">", flag: "!",
        checkboxOn: "[x]", checkboxOff: "[ ]", radioOn: "(*)", radioOff: "( )",
        choicePrevious: "<", choiceNext: ">",
        timelineBullet: "*", timelineSupersededBullet: "o", timelineConnector: "|",
        tabDivider: "|")

    /// `.ascii` when `asciiOnly`, else `.unicode`.
    public static func forTerminal(asciiOnly: Bool) -> Glyphs { asciiOnly ? .ascii : .unicode }
}

/// A border with an optional title in the top edge.
public struct Box: Widget, Sendable {
    public var title: String?
    public var glyphs: Glyphs
    public var borderStyle: Style
    public var titleStyle: Style
    /// Clear the inside to blanks first (for overlays drawn over other content).
    public var clearsInside: Bool

    public init(title: String? = nil, glyphs: Glyphs = .unicode, borderStyle: Style = .normal,
                titleStyle: Style = .title, clearsInside: Bool = false) {
        self.title = title
        self.glyphs = glyphs
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.clearsInside = clearsInside
    }

    /// The area inside the border.
    public static func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

    public func render(into buffer: inout Buffer, area: Rect) {
        guard area.width >= 2 && area.height >= 2 else { return }
        let b = glyphs.border
        buffer.withClip(area) { buffer in
            if clearsInside { buffer.fill(Box.inner(area)) }
            let horizontal = area.width - 2
            let top = String(b.topLeft) + String(repeating: b.top, count: horizontal) + String(b.topRight)
            let bottom = String(b.bottomLeft) + String(repeating: b.bottom, count: horizontal) + String(b.bottomRight)
            buffer.put(string: top, at: area.origin, style: borderStyle)
            buffer.put(string: bottom, at: Position(x: area.x, y: area.maxY - 1), style: borderStyle)
            for y in (area.y + 1)..<(area.maxY - 1) {
                buffer.put(string: String(b.left), at: Position(x: area.x, y: y), style: borderStyle)
                buffer.put(string: String(b.right), at: Position(x: area.maxX - 1, y: y), style: borderStyle)
            }
            if let title, !title.isEmpty, horizontal >= 3 {
                let text = " " + title.truncated(toWidth: horizontal - 2, ellipsis: glyphs.ellipsis) + " "
                buffer.put(string: text, at: Position(x: area.x + 1, y: area.y), style: titleStyle)
            }
        }
    }
}

/// Text in one style, word-wrapped (or cut with an ellipsis) to the area.
public struct Paragraph: Widget, Sendable {
    public var text: String
    public var style: Style
    public var alignment: Alignment
    public var wraps: Bool
    public var glyphs: Glyphs

    public init(_ text: String, style: Style = .normal, alignment: Alignment = .left, wraps: Bool = true,
                glyphs: Glyphs = .unicode) {
        self.text = text
        self.style = style
        self.alignment = alignment
        self.wraps = wraps
        self.glyphs = glyphs
    }

    /// Lines the paragraph needs at a given width.
    public func lines(width: Int) -> [String] {
        if wraps { return text.wrapped(toWidth: width) }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0).truncated(toWidth: width, ellipsis: glyphs.ellipsis) }
    }

    public func render(into buffer: inout Buffer, area: Rect) {
        buffer.withClip(area) { buffer in
            for (i, line) in lines(width: area.width).prefix(area.height).enumerated() {
                let text = alignment == .left ? line : line.padded(toWidth: area.width, alignment: alignment)
                buffer.put(string: text, at: Position(x: area.x, y: area.y + i), style: style, maxWidth: area.width)
            }
        }
    }
}
