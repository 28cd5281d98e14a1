/// Horizontal alignment of text inside a column.
public enum Alignment: Sendable, Hashable {
    case left
    case center
    case right
}

/// Width-aware text helpers. All widths are terminal columns; graphemes are never split.
public enum TextFitting {
    /// The text cut to at most `width` columns. When it had to be cut, it ends with `ellipsis`
    /// (spaces before the ellipsis are dropped). A double-width grapheme that would cross the
    /// limit is dropped whole.
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if text.displayWidth <= width { return text }
        let ellipsisWidth = ellipsis.displayWidth
        guard ellipsisWidth <= width else { return prefix(ellipsis, width: width) }
        var kept = prefix(text, width: width - ellipsisWidth)
        while kept.last == " " { kept.removeLast() } // "att…", not "att …"
        return kept + ellipsis
    }

    /// The longest leading part of `text` that fits in `width` columns (no ellipsis).
    public static func prefix(_ text: String, width: Int) -> String {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let w = text[index].displayWidth
            if used + w > width { break }
            used += w
            end = text.index(after: index)
        }
        return String(text[..<end])
    }

    /// The text padded with spaces to exactly `width` columns (longer text is returned as is).
    public static func pad(_ text: String, toWidth width: Int, alignment: Alignment = .left) -> String {
        let missing = width - text.displayWidth
        guard missing > 0 else { return text }
        switch alignment {
        case .left:
            return text + String(repeating: " ", count: missing)
        case .right:
            return String(repeating: " ", count: missing) + text
        case .center:
            let before = missing / 2
            return String(repeating: " ", count: before) + text + String(repeating: " ", count: missing - before)
        }
    }

    /// Truncated (with ellipsis) and padded to exactly `width` columns. When a double-width
    /// grapheme had to be dropped at the edge, the padding fills its place with a space.
    public static func fit(_ text: String, toWidth width: Int, alignment: Alignment = .left, ellipsis: String = "…") -> String {
        pad(truncate(text, toWidth: width, ellipsis: ellipsis), toWidth: width, alignment: alignment)
    }

    /// Word-wraps text to lines of at most `width` columns.
    /// - Newlines ("\n", "\r\n", "\r") end a line; tabs count as spaces; runs of spaces collapse.
    /// - A word longer than the width is broken between graphemes; a double-width grapheme that
    ///   does not fit at the end of a line moves to the next line.
    /// - A grapheme wider than the whole width (double-width, width 1) gets a line of its own.
    /// An empty text gives one empty line; a width below 1 gives no lines.
    public static func wrap(_ text: String, toWidth width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var paragraph = ""
        for character in text {
            if character == "\n" || character == "\r\n" || character == "\r" {
                wrapParagraph(paragraph, width: width, into: &lines)
                paragraph = ""
            } else {
                paragraph.append(character == "\t" ? " " : character)
            }
        }
        wrapParagraph(paragraph, width: width, into: &lines)
        return lines
    }

    private static func wrapParagraph(_ paragraph: String, width: Int, into lines: inout [String]) {
        var line = ""
        var lineWidth = 0
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
            let wordWidth = word.displayWidth
            if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
                line += " "
                line += word
                lineWidth += 1 + wordWidth
                continue
            }
            if lineWidth > 0 {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if wordWidth <= width {
                line = String(word)
                lineWidth = wordWidth
                continue
            }
            // Break a long word between graphemes.
            for character in word {
                let w = character.displayWidth
                if lineWidth + w > width && lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                line.append(character)
                lineWidth += w
            }
        }
        lines.append(line)
    }
}

extension String {
    /// See `TextFitting.truncate`.
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        TextFitting.truncate(self, toWidth: width, ellipsis: ellipsis)
    }

    /// See `TextFitting.pad`.
    public func padded(toWidth width: Int, alignment: Alignment = .left) -> String {
        TextFitting.pad(self, toWidth: width, alignment: alignment)
    }

    /// See `TextFitting.fit`.
    public func fitted(toWidth width: Int, alignment: Alignment = .left, ellipsis: String = "…") -> String {
        TextFitting.fit(self, toWidth: width, alignment: alignment, ellipsis: ellipsis)
    }

    /// See `TextFitting.wrap`.
    public func wrapped(toWidth width: Int) -> [String] {
        TextFitting.wrap(self, toWidth: width)
    }
}
