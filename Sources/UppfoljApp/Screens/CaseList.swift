import TerminalKit
import UppfoljCore

enum RoleFilter: Int, Sendable, CaseIterable {
    case all, victim, perpetrator
    var role: Role? { self == .victim ? .victim : self == .perpetrator ? .perpetrator : nil }
}

enum StatusFilter: Int, Sendable, CaseIterable {
    case all, open, closed, retracted
}

enum CaseSortColumn: Int, Sendable, CaseIterable {
    case code, role, status, risk, opened, lastEvent, next
}

/// Filters, search, sort and selection of the case list, with the filtered codes cached so a
/// frame only formats the rows it shows.
struct CaseListState: Sendable {
    var roleFilter = RoleFilter.all
    var statusFilter = StatusFilter.all
    var dueOnly = false
    /// "Mina ärenden": only the cases this worker is responsible for (nil: "alla").
    var mine: String?
    var sort = CaseSortColumn.code
    var ascending = true
    var query = TextFieldState()
    var isSearching = false
    var table = TableState(selected: 0)
    /// The codes shown, filtered and sorted.
    private(set) var codes: [String] = []
    private(set) var totalCount = 0
    /// The widest code shown (display columns), for the code column.
    private(set) var codeWidth = 0

    var selectedCode: String? { table.selected.flatMap { codes.indices.contains($0) ? codes[$0] : nil } }

    /// The sort key of each row of `codes` (see `sortKey`), kept for the binary searches of `apply`.
    private var keys: [Int] = []
    /// How many shown codes have each display width (so `codeWidth` survives removing a row).
    private var widthCounts: [Int: Int] = [:]

    /// Whether the filters and the search admit a case.
    private func admits(_ summary: CaseSummary, firstDue: DueItem?, needle: String) -> Bool {
        if let role = roleFilter.role, summary.role != role { return false }
        switch statusFilter {
        case .all: break
        case .open: if summary.status != .open { return false }
        case .closed: if summary.status != .closed { return false }
        case .retracted: if summary.status != .retracted { return false }
        }
        if dueOnly, firstDue == nil { return false }
        if let mine, summary.responsible != mine { return false }
        if !needle.isEmpty, !summary.lowercasedCode.contains(needle) { return false }
        return true
    }

    mutating func rebuild(_ index: CaseIndex) {
        let keep = selectedCode
        let needle = query.text.lowercased()
        totalCount = index.summaries.count
        var shown = index.summaries.filter { admits($0, firstDue: index.firstDue[$0.code], needle: needle) }
        var shownKeys = shown.map { CaseListState.sortKey($0, by: sort, firstDue: index.firstDue[$0.code]) }
        if sort != .code || !ascending {
            let order = shown.indices.sorted { a, b in
                if shownKeys[a] != shownKeys[b] { return ascending ? shownKeys[a] < shownKeys[b] : shownKeys[a] > shownKeys[b] }
                return shown[a].codeRank < shown[b].codeRank
            }
            shown = order.map { shown[$0] }
            shownKeys = order.map { shownKeys[$0] }
        }
        codes = shown.map(\.code)
        keys = shownKeys
        widthCounts = [:]
        for summary in shown { widthCounts[summary.code.displayWidth, default: 0] += 1 }
        codeWidth = widthCounts.keys.max() ?? 0
        if let keep, let position = codes.firstIndex(of: keep) {
            table.selected = position
        } else {
            table.selected = codes.isEmpty ? nil : min(max(0, table.selected ?? 0), codes.count - 1)
        }
    }

    /// Whether row (key a, code a) comes before row (key b, code b) in the list's order: the same
    /// order `rebuild` sorts by (code order: natural, in the chosen direction; otherwise the key in
    /// the chosen direction, ties in natural code order).
    private func precedes(_ keyA: Int, _ codeA: String, _ naturalA: [UInt8], _ keyB: Int, _ codeB: String, _ naturalB: [UInt8]) -> Bool {
        if sort == .code {
            return ascending ? NaturalOrder.less(key: naturalA, codeA, than: naturalB, codeB)
                : NaturalOrder.less(key: naturalB, codeB, than: naturalA, codeA)
        }
        if keyA != keyB { return ascending ? keyA < keyB : keyA > keyB }
        return NaturalOrder.less(key: naturalA, codeA, than: naturalB, codeB)
    }

    /// Where a row belongs in `codes` (the first row that does not come before it).
    private func position(key: Int, code: String, natural: [UInt8]) -> Int {
        var low = 0, high = codes.count
        while low < high {
            let mid = (low + high) / 2
            if precedes(keys[mid], codes[mid], NaturalOrder.key(codes[mid]), key, code, natural) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Moves the rows of the cases the index changed (`CaseIndex.update`): takes each old row out
    /// and puts the new one in where `rebuild` would, keeping the selection as `rebuild` does —
    /// without looking at any other case.
    mutating func apply(_ changes: [CaseIndexChange], totalCount: Int) {
        let keep = selectedCode
        let oldSelected = table.selected
        var tracked = oldSelected   // the kept row's place, while its case is not one of the changed
        var keepChange: CaseIndexChange?
        let needle = query.text.lowercased()
        self.totalCount = totalCount
        for change in changes {
            if change.code == keep { keepChange = change }
            let natural = NaturalOrder.key(change.code)
            if let old = change.oldSummary, admits(old, firstDue: change.oldDue.first, needle: needle) {
                let key = Self.sortKey(old, by: sort, firstDue: change.oldDue.first)
                var at = position(key: key, code: change.code, natural: natural)
                if !(at < codes.count && codes[at] == change.code) { at = codes.firstIndex(of: change.code) ?? -1 }
                if at >= 0 {
                    codes.remove(at: at)
                    keys.remove(at: at)
                    let width = change.code.displayWidth
                    widthCounts[width, default: 1] -= 1
                    if widthCounts[width] == 0 { widthCounts[width] = nil }
                    if width == codeWidth { codeWidth = widthCounts.keys.max() ?? 0 }
                    if let s = tracked, s > at { tracked = s - 1 }
                }
            }
            if let new = change.newSummary, admits(new, firstDue: change.newDue.first, needle: needle) {
                let key = Self.sortKey(new, by: sort, firstDue: change.newDue.first)
                let at = position(key: key, code: change.code, natural: natural)
                codes.insert(change.code, at: at)
                keys.insert(key, at: at)
                let width = change.code.displayWidth
                widthCounts[width, default: 0] += 1
                codeWidth = max(codeWidth, width)
                if let s = tracked, s >= at { tracked = s + 1 }
            }
        }
        if keep != nil, keepChange == nil {
            table.selected = tracked
            return
        }
        if let change = keepChange, let new = change.newSummary {
            let at = position(key: Self.sortKey(new, by: sort, firstDue: change.newDue.first), code: change.code,
                              natural: NaturalOrder.key(change.code))
            if at < codes.count, codes[at] == change.code {
                table.selected = at
                return
            }
        }
        table.selected = codes.isEmpty ? nil : min(max(0, oldSelected ?? 0), codes.count - 1)
    }

    /// An integer key per column (ties fall back to code order).
    static func sortKey(_ s: CaseSummary, by column: CaseSortColumn, firstDue: DueItem?) -> Int {
        switch column {
        case .code: return s.codeRank
        case .role: return s.role?.wireIndex ?? 9
        case .status: return s.status.wireIndex
        case .risk:
            // Highest risk first when ascending: the most urgent on top.
            switch s.risk { case .high: return 0; case .medium: return 1; case .low: return 2; case nil: return 3 }
        case .opened: return Int(s.opened?.daysSinceEpoch ?? Int32.min)
        case .lastEvent: return Int(s.lastEvent?.daysSinceEpoch ?? Int32.min)
        case .next:
            guard let item = firstDue else { return Int.max }
            return item.urgency << 40 + Int(item.date.daysSinceEpoch) + (1 << 39)
        }
    }
}

/// Ärenden: every case with role, status, risk, dates and what is next, filtered and searched.
enum CaseListScreen {
    /// The columns for a width: the code column fits the codes; "Senaste händelse" is shortened
    /// below 100 columns and left out below 80 (cells are built to match, see `row`).
    static func columns(width: Int, codeWidth: Int, _ t: Translator) -> [TableColumn] {
        let code = min(max(codeWidth, t(Strings.colCode).displayWidth, 4), 20)
        var columns = [
            TableColumn(t(Strings.colCode), width: .length(code)),
            TableColumn(t(Strings.colRole), width: .length(12)),
            TableColumn(t(Strings.colStatus), width: .length(width >= 100 ? 9 : 8)),
            TableColumn(t(Strings.colRisk), width: .length(riskWidth(t, withFamily: width >= 100))),
            TableColumn(t(Strings.colOpened), width: .length(12)),
        ]
        if width >= 80 {
            columns.append(TableColumn(t(width >= 100 ? Strings.colLastEvent : Strings.colLastEventShort),
                                       width: .length(width >= 100 ? 16 : 10)))
        }
        columns.append(TableColumn(t(Strings.colNext), width: .fill()))
        return columns
    }

    /// The risk column fits every level's word in the language (and, when wide, the longest
    /// instrument family name after it), so "Medium" is never cut.
    static func riskWidth(_ t: Translator, withFamily: Bool) -> Int {
        let level = ([t(Strings.colRisk)] + RiskLevel.allCases.map { t(Strings.riskLevel($0)) }).map(\.displayWidth).max() ?? 5
        return withFamily ? level + 1 + 8 : level
    }

    /// The risk cell: the highest current judgement per instrument family, with the family when wide.
    static func riskCell(_ state: CaseState?, withFamily: Bool, _ t: Translator) -> String {
        guard let record = state?.highestCurrentRisk, let level = record.riskLevel else { return "–" }
        return withFamily ? t(Strings.riskWithFamily(record)) : t(Strings.riskLevel(level))
    }

    static func row(_ state: CaseState, due: DueItem?, withLastEvent: Bool, withFamily: Bool = false, _ t: Translator) -> TableRow {
        var cells = [
            state.code,
            state.role.map { t($0.label) } ?? "–",
            t(state.status.label),
            riskCell(state, withFamily: withFamily, t),
            state.intakeDate?.iso ?? "–",
        ]
        if withLastEvent { cells.append(state.lastEventDate?.iso ?? "–") }
        cells.append(due.map { t($0.label) } ?? "–")
        // "!" only for open cases (a closed case's old judgement is history, not a warning).
        return state.isHighRisk ? .warning(cells) : TableRow(cells)
    }

    static func render(_ app: inout AppState, into buffer: inout Buffer, area: Rect, env: AppEnvironment) {
        let t = Translator(env.language)
        let parts = area.splitVertically([.length(1), .fill()])
        renderFilterLine(app, into: &buffer, area: parts[0], t)
        let columns = columns(width: area.width, codeWidth: app.caseList.codeWidth, t)
        let codes = app.caseList.codes
        let emptyText = app.caseList.totalCount == 0 ? t(Strings.noCases) : t(Strings.noMatchingCases)
        ListWindow.render(into: &buffer, area: parts[1], columns: columns, count: codes.count, state: &app.caseList.table,
                          emptyText: emptyText) { index in
            let code = codes[index]
            guard let state = app.projection[code] else { return TableRow([code]) }
            return row(state, due: app.index.firstDue[code], withLastEvent: area.width >= 80, withFamily: area.width >= 100, t)
        }
    }

    /// "Sök: [query]" at the start of a list's filter line while searching or a search is kept
    /// (the case list and Att göra); returns the column after it.
    static func renderSearchField(_ query: TextFieldState, isSearching: Bool, into buffer: inout Buffer, area: Rect,
                                  _ t: Translator) -> Int {
        guard isSearching || !query.isEmpty else { return area.x }
        var x = buffer.put(string: t(Strings.searchLabel), at: area.origin, style: .header)
        x = buffer.put(string: " ", at: Position(x: x, y: area.y))
        let fieldWidth = max(8, min(24, query.text.displayWidth + 2))
        let field = Rect(x: x, y: area.y, width: fieldWidth, height: 1)
        buffer.fill(field, style: isSearching ? .focus : .normal)
        let window = TextWindow(state: query, width: fieldWidth)
        let textStyle: Style = isSearching ? (query.isSelected ? Style(.selection) : .focus) : .normal
        buffer.put(string: window.visibleText, at: field.origin, style: textStyle, maxWidth: fieldWidth)
        if isSearching { buffer.cursor = Position(x: field.x + window.cursorColumn, y: area.y) }
        return field.maxX + 2
    }

    private static func renderFilterLine(_ app: AppState, into buffer: inout Buffer, area: Rect, _ t: Translator) {
        let list = app.caseList
        let x = renderSearchField(list.query, isSearching: list.isSearching, into: &buffer, area: area, t)
        let filters = t(Strings.filterSummary(mine: list.mine != nil, role: list.roleFilter, status: list.statusFilter, dueOnly: list.dueOnly,
                                               sort: list.sort, ascending: list.ascending))
        let count = t(Strings.caseCount(shown: list.codes.count, total: list.totalCount))
        let countX = area.maxX - count.displayWidth
        buffer.put(string: filters.truncated(toWidth: max(0, countX - 1 - x)), at: Position(x: x, y: area.y), style: .muted)
        buffer.put(string: count, at: Position(x: countX, y: area.y), style: .muted)
    }
}

/// A table of many rows that formats only the visible window (50 000 cases stay cheap).
enum ListWindow {
    static func render(into buffer: inout Buffer, area: Rect, columns: [TableColumn], count: Int, state: inout TableState,
                       emptyText: String, row: (Int) -> TableRow) {
        let visible = max(0, area.height - 1)
        if count == 0 { state.selected = nil } else if let s = state.selected { state.selected = min(max(0, s), count - 1) }
        state.scrollToSelection(visibleRows: visible, rowCount: count)
        let end = min(count, state.offset + visible)
        let rows = (state.offset..<max(state.offset, end)).map(row)
        var window = TableState(selected: state.selected.map { $0 - state.offset }, offset: 0)
        Table(columns: columns, rows: rows, emptyText: emptyText).render(into: &buffer, area: area, state: &window)
    }
}
