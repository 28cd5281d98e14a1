/// A key press (or terminal event), independent of ncurses. The backend maps curses codes here.
public enum Key: Sendable, Hashable {
    /// A printable grapheme (letters are case-sensitive: "g" and "G" differ).
    case char(Character)
    case enter
    case escape
    case tab
    case backTab
    case up
    case down
    case left
    case right
    case home
    case end
    case pageUp
    case pageDown
    case backspace
    case delete
    /// F1...F12 (and beyond).
    case function(Int)
    /// Ctrl plus a letter. Lookups fold the letter to lowercase (see `normalized`).
    case ctrl(Character)
    /// The terminal was resized (ncurses KEY_RESIZE).
    case resize

    /// Ctrl-letter keys compare case-insensitively; this folds them to lowercase.
    public var normalized: Key {
        if case .ctrl(let c) = self {
            let lower = c.lowercased()
            return lower.count == 1 ? .ctrl(Character(lower)) : self
        }
        return self
    }

    /// A short, language-neutral key name for help screens and docs ("Enter", "C-x", "↑", "F1").
    /// Apps that want other names pass their own naming function where one is accepted.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .function(let n): return "F\(n)"
        case .ctrl(let c): return "C-\(c.lowercased())"
        case .resize: return "Resize"
        }
    }

    /// Keys reserved for terminal flow control (XOFF/XON); never bind them.
    public static let reserved: Set<Key> = [.ctrl("s"), .ctrl("q")]
}
