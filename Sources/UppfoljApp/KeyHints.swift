import TerminalKit
import UppfoljCore

/// The texts outside the key table that name keys (the tab bar, the help's footer, a form's save
/// note and its fields' hints, the manager view's title, a due-list message): each key name is
/// taken from the key table (`AppKeymap`), so a key moved there is named right everywhere.
enum KeyHints {
    /// The keys that do `action` on `scope`, in table order; a key another binding takes there is
    /// left out. With `typing`, characters are left out too (in a form they are typed).
    static func keys(_ action: Action, on scope: KeyScope, typing: Bool = false) -> [Key] {
        var result: [Key] = []
        for binding in AppKeymap.keymap.bindings(on: scope) where binding.action == action {
            for key in binding.keys where AppKeymap.keymap.action(for: key, on: scope) == action && !result.contains(key) {
                if typing, case .char = key { continue }
                result.append(key)
            }
        }
        return result
    }

    /// The first key that does `action` on `scope`, by its name in running text.
    static func key(_ action: Action, on scope: KeyScope, typing: Bool = false) -> Localized {
        guard let key = keys(action, on: scope, typing: typing).first else {
            preconditionFailure("no key does \(action) on \(scope)")
        }
        return name(key)
    }

    /// A key's name in running text: its label, except the space bar ("mellanslag", "Space").
    static func name(_ key: Key) -> Localized {
        key == .char(" ") ? Strings.spaceKey : Localized(sv: key.label, en: key.label)
    }

    // MARK: The texts

    static let tabBarList = Strings.tabBarListKeys(tab: key(.nextTab, on: .caseList), help: key(.help, on: .caseList))
    static let tabBarCase = Strings.tabBarBackKeys(back: key(.back, on: .caseView), help: key(.help, on: .caseView))
    /// In a form `?` is typed into text fields, so the help is named by its other key.
    static let tabBarForm = Strings.tabBarBackKeys(back: key(.back, on: .form), help: key(.help, on: .form, typing: true))

    static let helpFooter = Strings.helpFooter(close: key(.back, on: .help), closeToo: key(.help, on: .help),
                                               scroll: joined(key(.moveUp, on: .help), key(.moveDown, on: .help)))

    static let saveNote: Localized = {
        let save = keys(.save, on: .form, typing: true).map(name)
        return Strings.saveKeysNote(save: save[0], saveToo: save[1], back: key(.back, on: .form))
    }()
    static let saveButton = Strings.saveButtonHint(confirm: key(.confirm, on: .form))

    static let choice = Strings.choiceHint(previous: key(.choicePrevious, on: .form), next: key(.choiceNext, on: .form),
                                           toggle: key(.toggle, on: .form))
    static let tri = Strings.triHint(previous: key(.choicePrevious, on: .form), next: key(.choiceNext, on: .form),
                                     toggle: key(.toggle, on: .form))
    static let set = Strings.setHint(toggle: key(.toggle, on: .form))
    static let setWithUnknown = Strings.setWithUnknownHint(toggle: key(.toggle, on: .form))
    static let instrument = Strings.instrumentHint(previous: key(.choicePrevious, on: .form), next: key(.choiceNext, on: .form))
    static let critical = Strings.criticalHint(toggle: key(.toggle, on: .form))

    static let notAFollowUpRow = Strings.notAFollowUpRow(open: key(.open, on: .dueList))

    static let dashboardTitle = DashboardStrings.titleKeys(previous: key(.previousPeriod, on: .dashboard),
                                                           next: key(.nextPeriod, on: .dashboard), help: key(.help, on: .dashboard))

    /// Two key names written together ("↑↓").
    private static func joined(_ a: Localized, _ b: Localized) -> Localized { Localized(sv: a.sv + b.sv, en: a.en + b.en) }
}
