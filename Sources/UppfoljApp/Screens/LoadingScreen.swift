import TerminalKit
import UppfoljCore

/// What the workbench (and the manager view) shows while the journal is opened (issue 20): the
/// frame at once, how far the reading has come (records read, of how many), and a search field
/// the worker can type the case code into meanwhile; the search is applied when the list is there.
public struct LoadingState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// The key is unlocked; the journal's frames and hash chain are being checked.
        case checking
        /// Records replayed so far, of the journal's records.
        case reading(records: Int, of: Int)
        /// The figures are being counted (the manager view).
        case counting
    }

    public enum Screen: Sendable, Equatable {
        case workbench, dashboard
    }

    public var phase = Phase.checking
    public var screen = Screen.workbench
    /// What the worker typed meanwhile (the workbench only).
    public private(set) var query = TextFieldState()

    public init(screen: Screen = .workbench) { self.screen = screen }

    public mutating func progress(records: Int, of total: Int) {
        phase = .reading(records: min(records, total), of: total)
    }

    /// Ctrl-C while loading leaves the program (the terminal is in raw mode, so it is a key, not a
    /// signal; nothing has been written yet).
    public static func cancels(_ key: Key) -> Bool { key == .ctrl("c") }

    /// A key typed while loading: text edits the search (Esc empties it); anything else waits
    /// for the list. Returns whether the key changed what is shown.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        guard screen == .workbench else { return false }
        if key == .escape {
            query.clear()
            return true
        }
        guard TextFieldState.isEditingKey(key) else { return false }
        query.handle(key, kind: .text(maxLength: Validator.maxCaseCodeLength))
        return true
    }
}

extension AppState {
    /// Starts the case list's search with what was typed while the journal was read (nothing
    /// happens when nothing was typed).
    public mutating func beginSearch(_ loading: LoadingState) {
        guard !loading.query.isEmpty else { return }
        tab = .cases
        caseList.isSearching = true
        caseList.query = loading.query
        caseList.table.selected = 0
        refreshCaseList()
    }
}

/// The frame while loading. Pure.
public func loadingView(_ state: LoadingState, size: Size, env: AppEnvironment) -> Buffer {
    var buffer = Buffer(size: size)
    let t = Translator(env.language)
    let area = Rect(x: 0, y: 0, width: size.width, height: size.height)
    guard size.width >= 20, size.height >= 6 else {
        buffer.put(string: t(LoadingStrings.opening).truncated(toWidth: size.width), at: area.origin)
        return buffer
    }
    let rows = area.splitVertically([.length(1), .length(1), .fill(), .length(1)])
    buffer.fill(rows[0], style: .title)
    let title = state.screen == .workbench ? Strings.appName : LoadingStrings.managerView
    buffer.put(string: " " + t(title) + " ", at: rows[0].origin, style: .title)
    let body = rows[2]
    var y = body.y + 1
    let x = body.x + 2
    let width = max(0, body.width - 4)
    func line(_ text: String, _ style: Style = .normal) {
        guard y < body.maxY else { return }
        buffer.put(string: text.truncated(toWidth: width), at: Position(x: x, y: y), style: style)
        y += 1
    }
    switch state.phase {
    case .checking:
        line(t(LoadingStrings.checking))
        y += 1
    case .reading(let records, let total):
        line(t(LoadingStrings.reading(records: records, of: total)))
        let barWidth = max(0, min(width, 60) - 2)
        let filled = total > 0 ? barWidth * records / total : 0
        line("[" + String(repeating: "█", count: filled) + String(repeating: "·", count: barWidth - filled) + "]", .muted)
    case .counting:
        line(t(LoadingStrings.counting))
        y += 1
    }
    if state.screen == .workbench {
        y += 1
        line(t(LoadingStrings.typeToSearch), .muted)
        if y < body.maxY {
            let label = t(Strings.searchLabel)
            var fx = buffer.put(string: label, at: Position(x: x, y: y), style: .header)
            fx += 1
            let fieldWidth = max(8, min(24, state.query.text.displayWidth + 2))
            let field = Rect(x: fx, y: y, width: min(fieldWidth, max(0, body.maxX - fx)), height: 1)
            buffer.fill(field, style: .focus)
            let window = TextWindow(state: state.query, width: field.width)
            buffer.put(string: window.visibleText, at: field.origin, style: .focus, maxWidth: field.width)
            buffer.cursor = Position(x: field.x + window.cursorColumn, y: y)
        }
    }
    buffer.put(string: t(LoadingStrings.hint).truncated(toWidth: size.width), at: rows[3].origin, style: .muted)
    return buffer
}

enum LoadingStrings {
    static let opening = Localized(sv: "Öppnar journalen…", en: "Opening the journal…")
    static let managerView = Localized(sv: "Uppfölj · ledningsvy", en: "Uppfölj · manager view")
    static let checking = Localized(sv: "Kontrollerar journalens kedja…", en: "Checking the journal's chain…")
    static let counting = Localized(sv: "Räknar nyckeltalen…", en: "Computing the figures…")
    static let typeToSearch = Localized(sv: "Skriv ärendekoden så söks den när listan är klar.",
                                        en: "Type a case code; it is searched as soon as the list is ready.")
    static let hint = Localized(sv: "Ctrl-C avbryter", en: "Ctrl-C cancels")

    static func reading(records: Int, of total: Int) -> Localized {
        let percent = total > 0 ? records * 100 / total : 0
        return Localized(sv: "Läser journalen: \(grouped(records, " ")) av \(grouped(total, " ")) poster (\(percent) %)",
                         en: "Reading the journal: \(grouped(records, ",")) of \(grouped(total, ",")) records (\(percent) %)")
    }

    static func grouped(_ value: Int, _ separator: String) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += separator }
            out.append(digit)
        }
        return out
    }
}
