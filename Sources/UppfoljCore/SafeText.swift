/// Text that came from a user or an input file, made safe for two places:
///
/// - **Storing**: `refusedCharacter(in:)` names the first character no stored text field may hold
///   (C0 controls including TAB/CR/LF/ESC/BEL/NUL, DEL, C1 controls, and the invisible direction
///   and line-separator controls that can reorder or forge what a terminal or editor shows).
///   The validator refuses such text in every field, so import and the workbench forms refuse it alike.
/// - **Printing**: `display(_:limit:)` is the one sanitiser every CLI message and listing passes
///   user-derived text through: those characters are shown escaped (`\u{1B}`), and a long value is
///   cut with an ellipsis and its original length, so a 100 MB value is never echoed in full.
public enum SafeText {
    /// How many characters of one user-derived value a message shows.
    public static let defaultLimit = 80

    /// True for a character that may not be stored and is escaped when printed.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true                 // C0, DEL, C1
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // direction marks and overrides
        case 0x2028, 0x2029: return true                            // line and paragraph separators
        default: return false
        }
    }

    /// The first character `text` may not hold, or nil.
    public static func refusedCharacter(in text: String) -> Unicode.Scalar? {
        // Fast path: printable ASCII only.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        return text.unicodeScalars.first(where: isControl)
    }

    /// How a refused character is written in messages: "\u{1B}".
    public static func escaped(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// `text` for a message or a listing: controls escaped, at most `limit` characters (Unicode
    /// scalars) kept; a longer value ends in "…" and its original length, e.g. "abc…[längd/length 104857600]".
    /// `keepNewlines` leaves line feeds alone (for whole messages the program itself composed of lines).
    public static func display(_ text: some StringProtocol, limit: Int = defaultLimit, keepNewlines: Bool = false) -> String {
        let utf8 = text.utf8
        // Fast path: short printable ASCII, the usual case for codes and worker ids.
        if utf8.count <= limit, utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || (keepNewlines && $0 == 0x0A) }) {
            return String(text)
        }
        var out = ""
        var kept = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            guard kept < limit else { continue }
            kept += 1
            if isControl(scalar), !(keepNewlines && scalar == "\n") {
                out += escaped(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if total > limit { out += "…[längd/length \(total)]" }
        return out
    }
}
