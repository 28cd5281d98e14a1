/// One row of the keymap table: which keys trigger which action, on which screens, with what
/// help text. The same table drives dispatch, the help overlay and generated docs.
///
/// `Help` is the app's payload (for example a Swedish/English text pair); TerminalKit never
/// looks inside it except through the closures the app passes.
public struct KeyBinding<Action: Hashable & Sendable, Screen: Hashable & Sendable, Help: Sendable>: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: Help
    /// Screens where the binding is active; nil means everywhere (global).
    public var screens: Set<Screen>?
    /// False for bindings that should work but not clutter the help (e.g. vi aliases).
    public var showsInHelp: Bool

    public init(keys: [Key], action: Action, help: Help, screens: Set<Screen>? = nil, showsInHelp: Bool = true) {
        self.keys = keys
        self.action = action
        self.help = help
        self.screens = screens
        self.showsInHelp = showsInHelp
    }

    public func isActive(on screen: Screen) -> Bool {
        screens?.contains(screen) ?? true
    }
}

/// Something wrong with a keymap table, found by `Keymap.problems()`.
public enum KeymapProblem<Action: Hashable & Sendable, Screen: Hashable & Sendable>: Sendable, Hashable {
    /// A reserved key (Ctrl-S, Ctrl-Q) is bound.
    case reservedKey(Key, Action)
    /// One key bound to two actions at the same scope (both global, or both on `screen`).
    case conflict(Key, Action, Action, screen: Screen?)
}

/// Key lookup over a binding table. A screen-specific binding wins over a global one for the
/// same key; otherwise the first binding in table order wins.
public struct Keymap<Action: Hashable & Sendable, Screen: Hashable & Sendable, Help: Sendable>: Sendable {
    public typealias Binding = KeyBinding<Action, Screen, Help>

    public let bindings: [Binding]
    private let indicesByKey: [Key: [Int]]

    public init(_ bindings: [Binding]) {
        self.bindings = bindings
        var index: [Key: [Int]] = [:]
        for (i, binding) in bindings.enumerated() {
            for key in binding.keys where !Key.reserved.contains(key.normalized) {
                index[key.normalized, default: []].append(i)
            }
        }
        indicesByKey = index
    }

    /// The binding a key triggers on a screen, if any. Reserved keys never match.
    public func binding(for key: Key, on screen: Screen) -> Binding? {
        guard let candidates = indicesByKey[key.normalized] else { return nil }
        var global: Binding?
        for i in candidates {
            let binding = bindings[i]
            guard binding.isActive(on: screen) else { continue }
            if binding.screens != nil { return binding }
            if global == nil { global = binding }
        }
        return global
    }

    /// The action a key triggers on a screen, if any.
    public func action(for key: Key, on screen: Screen) -> Action? {
        binding(for: key, on: screen)?.action
    }

    /// All keys that trigger `action` (on `screen`, when given), in table order.
    public func keys(for action: Action, on screen: Screen? = nil) -> [Key] {
        bindings.filter { $0.action == action && (screen.map($0.isActive(on:)) ?? true) }.flatMap(\.keys)
    }

    /// Bindings active on a screen, in table order (global ones included).
    public func bindings(on screen: Screen) -> [Binding] {
        bindings.filter { $0.isActive(on: screen) }
    }

    /// Help rows for the bindings active on `screen` (all bindings when nil), skipping hidden
    /// ones. Keys are joined with ", ".
    public func helpRows(on screen: Screen?, keyLabel: (Key) -> String = { $0.label },
                         describe: (Help) -> String) -> [HelpRow] {
        bindings
            .filter { $0.showsInHelp && (screen.map($0.isActive(on:)) ?? true) }
            .map { HelpRow(keys: $0.keys.map(keyLabel).joined(separator: ", "), description: describe($0.help)) }
    }

    /// Reserved keys and conflicting bindings; an app's test should assert this is empty.
    public func problems() -> [KeymapProblem<Action, Screen>] {
        var found: [KeymapProblem<Action, Screen>] = []
        for binding in bindings {
            for key in binding.keys where Key.reserved.contains(key.normalized) {
                found.append(.reservedKey(key.normalized, binding.action))
            }
        }
        for (key, indices) in indicesByKey.sorted(by: { $0.key.label < $1.key.label }) {
            for (n, i) in indices.enumerated() {
                for j in indices[(n + 1)...] {
                    let a = bindings[i]
                    let b = bindings[j]
                    guard a.action != b.action else { continue }
                    switch (a.screens, b.screens) {
                    case (nil, nil):
                        found.append(.conflict(key, a.action, b.action, screen: nil))
                    case (let sa?, let sb?):
                        for screen in sa.intersection(sb) {
                            found.append(.conflict(key, a.action, b.action, screen: screen))
                        }
                    default:
                        break // a screen binding overriding a global one is allowed
                    }
                }
            }
        }
        return found
    }
}
