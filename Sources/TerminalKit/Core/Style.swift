/// What a piece of text means on screen. Widgets pick roles; only the backend turns roles into
/// colours (when the terminal has them and NO_COLOR is unset). In monochrome, `MonochromeStyle`
/// gives every role its own attribute set, so no meaning is carried by colour alone.
public enum StyleRole: UInt8, CaseIterable, Sendable, Hashable {
    case normal
    case focus
    case selection
    case error
    case muted
    case chart
    case header
    case title
    /// High-risk flag. Widgets pair it with a visible marker such as "!".
    case warning
    case success

    /// One letter per role, used by `Buffer.styleLines()` in snapshot tests.
    public var dumpLetter: Character {
        switch self {
        case .normal: return "."
        case .focus: return "F"
        case .selection: return "S"
        case .error: return "E"
        case .muted: return "M"
        case .chart: return "C"
        case .header: return "H"
        case .title: return "T"
        case .warning: return "W"
        case .success: return "G"
        }
    }
}

/// Terminal text attributes (a subset every ncurses terminal supports).
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let reverse = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let dim = TextAttributes(rawValue: 1 << 3)
}

/// A role plus extra attributes the widget wants on top of the role's own look.
public struct Style: Sendable, Hashable {
    public var role: StyleRole
    public var attributes: TextAttributes

    public init(_ role: StyleRole = .normal, attributes: TextAttributes = []) {
        self.role = role
        self.attributes = attributes
    }

    /// The same style with more attributes.
    public func adding(_ extra: TextAttributes) -> Style {
        Style(role, attributes: attributes.union(extra))
    }

    public static let normal = Style(.normal)
    public static let focus = Style(.focus)
    public static let selection = Style(.selection)
    public static let error = Style(.error)
    public static let muted = Style(.muted)
    public static let chart = Style(.chart)
    public static let header = Style(.header)
    public static let title = Style(.title)
    public static let warning = Style(.warning)
    public static let success = Style(.success)
}

/// The monochrome look of each role (also a good base for colour backends, which may add a
/// colour pair on top). Every role maps to a distinct set, and bold and dim are never combined
/// because many terminals treat them as one intensity setting.
///
/// | role      | attributes               |
/// |-----------|--------------------------|
/// | normal    | (none)                   |
/// | muted     | dim                      |
/// | chart     | dim, underline           |
/// | success   | underline                |
/// | warning   | bold                     |
/// | header    | bold, underline          |
/// | title     | bold, reverse            |
/// | selection | reverse                  |
/// | focus     | reverse, underline       |
/// | error     | bold, reverse, underline |
public enum MonochromeStyle {
    public static func attributes(for role: StyleRole) -> TextAttributes {
        switch role {
        case .normal: return []
        case .muted: return [.dim]
        case .chart: return [.dim, .underline]
        case .success: return [.underline]
        case .warning: return [.bold]
        case .header: return [.bold, .underline]
        case .title: return [.bold, .reverse]
        case .selection: return [.reverse]
        case .focus: return [.reverse, .underline]
        case .error: return [.bold, .reverse, .underline]
        }
    }

    /// The role's attributes plus the style's own extra attributes.
    public static func combinedAttributes(for style: Style) -> TextAttributes {
        attributes(for: style.role).union(style.attributes)
    }
}
