import TerminalKit
import UppfoljCore

/// Where a key binding is active. One scope gets each key (see `AppState.scope`).
public enum KeyScope: String, Sendable, Hashable, CaseIterable {
    case caseList, dueList, caseView, eventDetail, caseSummary, form, search, dialog, help
    /// The manager's view: all indicators, and one indicator's tables.
    case dashboard, indicator

    var title: Localized {
        switch self {
        case .caseList: Strings.scopeCaseList
        case .dueList: Strings.scopeDueList
        case .caseView: Strings.scopeCaseView
        case .eventDetail: Strings.scopeEventDetail
        case .caseSummary: Strings.scopeCaseSummary
        case .form: Strings.scopeForm
        case .search: Strings.scopeSearch
        case .dialog: Strings.scopeDialog
        case .help: Strings.scopeHelp
        case .dashboard: DashboardStrings.scopeDashboard
        case .indicator: DashboardStrings.scopeIndicator
        }
    }
}

/// Everything a key can ask the app to do.
public enum Action: String, Sendable, Hashable, CaseIterable {
    // everywhere
    case help, back
    // lists and the case screen
    case moveDown, moveUp, pageDown, pageUp, first, last, nextTab, previousTab, quit, open
    // case list
    case search, toggleMine, cycleRoleFilter, cycleStatusFilter, toggleDueOnly, cycleSort, reverseSort, newCase
    // due list
    case cycleDueRole, cycleDueKind, cycleDueSort
    // case screen (and T3 from the due list)
    case newAssessment, startIntervention, endIntervention, partnerContact, handover, duringFollowUp, closeCase,
         followUp, correct, showEvent, showSummary, reopen
    // forms
    case nextField, previousField, choiceNext, choicePrevious, toggle, pickValue, confirm, save
    // search line
    case endSearch, clearSearch
    // dialogs
    case dialogNext, dialogPrevious, dialogChoose, dialogYes, dialogNo
    // manager view
    case previousPeriod, nextPeriod, cycleGranularity
}

/// The help payload of one binding: what it does (help overlay, docs) and an optional short word
/// for the key-hint line at the bottom of the screen.
public struct BindingHelp: Sendable {
    public let text: Localized
    public let hint: Localized?
}

public typealias AppBinding = KeyBinding<Action, KeyScope, BindingHelp>

/// THE key table. Dispatch, the key-hint line, the `?` overlay and docs/keys.md all read it
/// (like tig's request table). Screen bindings win over global ones for the same key.
public enum AppKeymap {
    private static func bind(_ keys: [Key], _ action: Action, _ scopes: [KeyScope]?, _ text: Localized,
                             hint: Localized? = nil) -> AppBinding {
        AppBinding(keys: keys, action: action, help: BindingHelp(text: text, hint: hint),
                   screens: scopes.map(Set.init))
    }

    private static let lists: [KeyScope] = [.caseList, .dueList, .caseView, .eventDetail, .caseSummary, .help, .dashboard, .indicator]
    private static let manager: [KeyScope] = [.dashboard, .indicator]
    private static let tabs: [KeyScope] = [.caseList, .dueList]
    private static let digits: [Key] = (0...9).map { .char(Character(String($0))) }

    public static let bindings: [AppBinding] = [
        // Global
        bind([.char("?"), .function(1)], .help, nil, Strings.Keys.help,
             hint: Strings.hintHelp),
        bind([.escape], .back, nil, Strings.Keys.back, hint: Strings.hintBack),

        // Moving in lists, the timeline and the help
        bind([.down, .char("j")], .moveDown, lists, Strings.Keys.moveDown),
        bind([.up, .char("k")], .moveUp, lists, Strings.Keys.moveUp),
        bind([.pageDown], .pageDown, lists, Strings.Keys.pageDown),
        bind([.pageUp], .pageUp, lists, Strings.Keys.pageUp),
        bind([.home, .char("g")], .first, lists, Strings.Keys.first),
        bind([.end, .char("G")], .last, lists, Strings.Keys.last),
        bind([.tab], .nextTab, tabs, Strings.Keys.nextTab, hint: Strings.hintTab),
        bind([.backTab], .previousTab, tabs, Strings.Keys.previousTab),
        bind([.enter], .open, tabs, Strings.Keys.open, hint: Strings.hintOpen),
        bind([.char("n")], .newCase, tabs, Strings.Keys.newCase, hint: Strings.hintNew),

        // Case list
        bind([.char("/")], .search, [.caseList, .dueList], Strings.Keys.search, hint: Strings.hintSearch),
        bind([.char("m")], .toggleMine, [.caseList], Strings.Keys.toggleMine),
        bind([.char("r")], .cycleRoleFilter, [.caseList], Strings.Keys.cycleRoleFilter, hint: Strings.hintRole),
        bind([.char("s")], .cycleStatusFilter, [.caseList], Strings.Keys.cycleStatusFilter, hint: Strings.hintStatus),
        bind([.char("a")], .toggleDueOnly, [.caseList], Strings.Keys.toggleDueOnly, hint: Strings.hintDueOnly),
        bind([.char("o")], .cycleSort, [.caseList], Strings.Keys.cycleSort,
             hint: Strings.hintSort),
        bind([.char("O")], .reverseSort, [.caseList], Strings.Keys.reverseSort),
        bind([.char("q")], .quit, tabs, Strings.Keys.quit, hint: Strings.hintQuit),

        // Due list (u for T3 is with the case screen's keys)
        bind([.char("r")], .cycleDueRole, [.dueList], Strings.Keys.dueRoleFilter, hint: Strings.hintRole),
        bind([.char("f")], .cycleDueKind, [.dueList], Strings.Keys.dueKindFilter, hint: Strings.hintKind),
        bind([.char("o")], .cycleDueSort, [.dueList], Strings.Keys.dueSort, hint: Strings.hintSort),

        // Search line
        bind([.enter], .endSearch, [.search], Strings.Keys.endSearch,
             hint: Strings.hintKeepSearch),
        bind([.escape], .clearSearch, [.search], Strings.Keys.clearSearch, hint: Strings.hintClearSearch),

        // Case screen (T3 also from the due list)
        bind([.char("b")], .newAssessment, [.caseView], Strings.Keys.newAssessment, hint: Strings.hintAssessment),
        bind([.char("i")], .startIntervention, [.caseView], Strings.Keys.startIntervention, hint: Strings.hintIntervention),
        bind([.char("e")], .endIntervention, [.caseView], Strings.Keys.endIntervention, hint: Strings.hintInterventionEnd),
        bind([.char("p")], .partnerContact, [.caseView], Strings.Keys.partnerContact, hint: Strings.hintPartner),
        bind([.char("h")], .handover, [.caseView], Strings.Keys.handover),
        bind([.char("t")], .duringFollowUp, [.caseView], Strings.Keys.duringFollowUp,
             hint: Strings.hintT1),
        bind([.char("a")], .closeCase, [.caseView], Strings.Keys.closeCase, hint: Strings.hintClose),
        bind([.char("u")], .followUp, [.caseView, .dueList], Strings.Keys.followUp, hint: Strings.hintT3),
        bind([.char("A")], .reopen, [.caseView], Strings.Keys.reopen),
        bind([.char("r")], .correct, [.caseView], Strings.Keys.correct, hint: Strings.hintCorrect),
        bind([.enter], .showEvent, [.caseView], Strings.Keys.showEvent, hint: Strings.hintDetails),
        bind([.char("q")], .back, [.caseView], Strings.Keys.backToList),
        bind([.char("s")], .showSummary, [.caseView], Strings.Keys.caseSummary, hint: Strings.hintSummary),
        bind([.char("q")], .back, [.eventDetail, .caseSummary], Strings.Keys.backToCase),

        // Forms
        bind([.tab, .down, .char("j")], .nextField, [.form], Strings.Keys.nextField, hint: Strings.hintNextField),
        bind([.backTab, .up, .char("k")], .previousField, [.form], Strings.Keys.previousField),
        bind([.right], .choiceNext, [.form], Strings.Keys.choiceNext),
        bind([.left], .choicePrevious, [.form], Strings.Keys.choicePrevious, hint: Strings.hintChange),
        bind([.char(" ")], .toggle, [.form], Strings.Keys.toggle),
        bind(digits + [.char("-")], .pickValue, [.form], Strings.Keys.pickValue),
        bind([.enter], .confirm, [.form], Strings.Keys.confirm),
        // Esc in a form says what it asks first (only a form can have unsaved changes).
        bind([.escape], .back, [.form], Strings.Keys.backFromForm),
        bind([.function(2), .ctrl("g")], .save, [.form], Strings.Keys.save, hint: Strings.hintSave),

        // Dialogs
        bind([.right, .tab, .char("l")], .dialogNext, [.dialog], Strings.Keys.dialogNext),
        bind([.left, .backTab, .char("h")], .dialogPrevious, [.dialog], Strings.Keys.dialogPrevious),
        bind([.enter], .dialogChoose, [.dialog], Strings.Keys.dialogChoose, hint: Strings.hintChoose),
        bind([.char("j"), .char("y")], .dialogYes, [.dialog], Strings.Keys.dialogYes),
        bind([.char("n")], .dialogNo, [.dialog], Strings.Keys.dialogNo),
        bind([.escape], .dialogNo, [.dialog], Strings.Keys.dialogCancel, hint: Strings.hintCancel),
        bind([.char("q")], .back, [.help], Strings.Keys.closeHelp),

        // Manager view
        bind([.enter], .open, [.dashboard], DashboardStrings.keyOpen, hint: Strings.hintOpen),
        bind([.left, .char("[")], .previousPeriod, manager, DashboardStrings.keyPreviousPeriod, hint: DashboardStrings.hintPrevious),
        bind([.right, .char("]")], .nextPeriod, manager, DashboardStrings.keyNextPeriod, hint: DashboardStrings.hintNext),
        bind([.char("p")], .cycleGranularity, manager, DashboardStrings.keyGranularity, hint: DashboardStrings.hintGranularity),
        bind([.char("q")], .quit, [.dashboard], Strings.Keys.quit, hint: Strings.hintQuit),
        bind([.char("q")], .back, [.indicator], DashboardStrings.keyBackToOverview, hint: DashboardStrings.hintOverview),
    ]

    public static let keymap = Keymap(bindings)

    /// "0–9" for the run of digits, otherwise the keys' own names joined with ", ".
    public static func keysText(_ keys: [Key]) -> String {
        var labels: [String] = []
        var index = 0
        while index < keys.count {
            if keys[index] == .char("0"), keys.count >= index + 10,
               Array(keys[index..<index + 10]) == digits {
                labels.append("0–9")
                index += 10
                continue
            }
            labels.append(keys[index].label)
            index += 1
        }
        return labels.joined(separator: ", ")
    }

    /// The short "key word" pairs for the hint line of a scope, in table order: the scope's own
    /// bindings only (the tab bar shows the global ones and Tab), first unshadowed key of each.
    static func hints(on scope: KeyScope, _ t: Translator) -> [(keys: String, word: String)] {
        keymap.bindings(on: scope).compactMap { binding in
            guard binding.screens != nil, binding.action != .nextTab, let hint = binding.help.hint,
                  let key = binding.keys.first(where: { keymap.action(for: $0, on: scope) == binding.action }) else { return nil }
            return (key.label, t(hint))
        }
    }

    /// Help rows for the overlay on a scope: the scope's own bindings, then the global ones.
    static func helpRows(on scope: KeyScope, _ t: Translator) -> [HelpRow] {
        let own = bindings.filter { $0.screens?.contains(scope) ?? false }
        // A global binding whose every key the scope binds itself is left out (the scope's row says it).
        let global = bindings.filter { binding in
            binding.screens == nil && !binding.keys.allSatisfy { key in own.contains { $0.keys.contains(key) } }
        }
        var rows: [HelpRow] = [.section(t(scope.title))]
        rows += own.map { HelpRow(keys: keysText($0.keys), description: t($0.help.text)) }
        rows.append(.section(t(Strings.scopeEverywhere)))
        rows += global.map { HelpRow(keys: keysText($0.keys), description: t($0.help.text)) }
        return rows
    }
}
