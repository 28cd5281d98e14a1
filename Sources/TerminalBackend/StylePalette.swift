import TerminalKit

/// Whether the terminal shows colours.
public enum ColorMode: Sendable, Hashable {
    case color
    /// Attributes only (`MonochromeStyle`): no terminal colours, or NO_COLOR is set.
    case monochrome
}

/// What the application allows.
public enum ColorPreference: Sendable, Hashable {
    /// Colours when the terminal has them and NO_COLOR is unset or empty.
    case automatic
    /// Never colours (for example a `--no-color` flag).
    case never
}

/// The eight basic curses colours, plus the terminal's own default (`use_default_colors`).
public enum TerminalColor: Int16, Sendable, Hashable {
    case terminalDefault = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How one style role looks: attributes plus foreground/background colours.
public struct RoleLook: Sendable, Hashable {
    public var attributes: TextAttributes
    public var foreground: TerminalColor
    public var background: TerminalColor

    public init(_ attributes: TextAttributes, foreground: TerminalColor = .terminalDefault,
                background: TerminalColor = .terminalDefault) {
        self.attributes = attributes
        self.foreground = foreground
        self.background = background
    }

    public var usesColor: Bool { foreground != .terminalDefault || background != .terminalDefault }
}

/// What the backend hands to `setcchar`: attributes and a colour pair number (0 = default).
public struct Rendition: Sendable, Hashable {
    public var attributes: TextAttributes
    public var colorPair: Int16

    public init(attributes: TextAttributes, colorPair: Int16) {
        self.attributes = attributes
        self.colorPair = colorPair
    }
}

/// Style roles to terminal looks. In colour every role still keeps a non-colour cue where its
/// meaning matters (bold for error/warning, background for focus/selection), and widgets add
/// markers ("!", ">"), so nothing is carried by colour alone. In monochrome the looks are
/// TerminalKit's `MonochromeStyle`.
///
/// | role      | colour                        | monochrome               |
/// |-----------|-------------------------------|--------------------------|
/// | normal    | terminal default              | (none)                   |
/// | focus     | black on cyan                 | reverse, underline       |
/// | selection | bold white on blue            | reverse                  |
/// | error     | bold red                      | bold, reverse, underline |
/// | warning   | bold yellow on red            | bold                     |
/// | muted     | dim                           | dim                      |
/// | chart     | cyan                          | dim, underline           |
/// | header    | bold, underline               | bold, underline          |
/// | title     | bold, reverse                 | bold, reverse            |
/// | success   | green                         | underline                |
public enum StylePalette {
    public static func look(for role: StyleRole, mode: ColorMode) -> RoleLook {
        guard mode == .color else { return RoleLook(MonochromeStyle.attributes(for: role)) }
        switch role {
        case .normal: return RoleLook([])
        case .focus: return RoleLook([], foreground: .black, background: .cyan)
        case .selection: return RoleLook([.bold], foreground: .white, background: .blue)
        case .error: return RoleLook([.bold], foreground: .red)
        case .warning: return RoleLook([.bold], foreground: .yellow, background: .red)
        case .muted: return RoleLook([.dim])
        case .chart: return RoleLook([], foreground: .cyan)
        case .header: return RoleLook([.bold, .underline])
        case .title: return RoleLook([.bold, .reverse])
        case .success: return RoleLook([], foreground: .green)
        }
    }

    /// The colour pair a role uses in colour mode: one fixed pair per coloured role, 0 otherwise.
    public static func colorPair(for role: StyleRole) -> Int16 {
        look(for: role, mode: .color).usesColor ? Int16(role.rawValue) : 0
    }

    /// Colour pairs the colour mode needs (pair numbers run 1...this).
    public static var requiredColorPairs: Int {
        Int(StyleRole.allCases.map { colorPair(for: $0) }.max() ?? 0)
    }

    /// Attributes and colour pair for a cell style: the role's look plus the style's own extras.
    public static func rendition(for style: Style, mode: ColorMode) -> Rendition {
        let look = look(for: style.role, mode: mode)
        return Rendition(attributes: look.attributes.union(style.attributes),
                         colorPair: mode == .color ? colorPair(for: style.role) : 0)
    }

    /// Colour when allowed, NO_COLOR is unset or empty (https://no-color.org), and the terminal
    /// has at least 8 colours and enough pairs.
    public static func colorMode(preference: ColorPreference, noColor: String?, hasColors: Bool,
                                 colorCount: Int, pairCount: Int) -> ColorMode {
        guard preference == .automatic else { return .monochrome }
        if let noColor, !noColor.isEmpty { return .monochrome }
        guard hasColors, colorCount >= 8, pairCount > requiredColorPairs else { return .monochrome }
        return .color
    }
}
