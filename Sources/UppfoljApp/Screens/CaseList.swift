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

    mutating func rebuild(_ index: CaseIndex) {
        let keep = selectedCode
        let needle = query.text.lowercased()
        totalCount = index.summaries.count
        var shown = index.summaries.filter { summary in
            if let role = roleFilter.role, summary.role != role { return false }
            switch statusFilter {
            case .all: break
            case .open: if summary.status != .open { return false }
            case .closed: if summary.status != .closed { return false }
            case .retracted: if summary.status != .retracted { return false }
            }
            if dueOnly, index.firstDue[summary.code] == nil { return false }
            if let mine, summary.responsible != mine { return false }
            if !needle.isEmpty, !summary.lowercasedCode.contains(needle) { return false }
            return true
        }
        if sort != .code || !ascending {
            let keys = shown.map { CaseListState.sortKey($0, by: sort, due: index.firstDue) }
            let order = shown.indices.sorted { a, b in
                if keys[a] != keys[b] { return ascending ? keys[a] < keys[b] : keys[a] > keys[b] }
                return shown[a].codeRank < shown[b].codeRank
            }
            shown = order.map { shown[$0] }
        }
        codes = shown.map(\.code)
        codeWidth = shown.reduce(0) { max($0, $1.code.displayWidth) }
        if let keep, let position = codes.firstIndex(of: keep) {
            table.selected = position
        } else {
            table.selected = codes.isEmpty ? nil : min(max(0, table.selected ?? 0), codes.count - 1)
        }
    }

    /// An integer key per column (ties fall back to code order).
    static func sortKey(_ s: CaseSummary, by column: CaseSortColumn, due: [String: DueItem]) -> Int {
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
            guard let item = due[s.code] else { return Int.max }
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

    private static func renderFilterLine(_ app: AppState, into buffer: inout Buffer, area: Rect, _ t: Translator) {
        let list = app.caseList
        var x = area.x
        if list.isSearching || !list.query.isEmpty {
            let label = t(Strings.searchLabel)
            x = buffer.put(string: label, at: area.origin, style: .header)
            x = buffer.put(string: " ", at: Position(x: x, y: area.y))
            let fieldWidth = max(8, min(24, list.query.text.displayWidth + 2))
            let field = Rect(x: x, y: area.y, width: fieldWidth, height: 1)
            buffer.fill(field, style: list.isSearching ? .focus : .normal)
            let window = TextWindow(state: list.query, width: fieldWidth)
            let textStyle: Style = list.isSearching ? (list.query.isSelected ? Style(.selection) : .focus) : .normal
            buffer.put(string: window.visibleText, at: field.origin, style: textStyle, maxWidth: fieldWidth)
            if list.isSearching { buffer.cursor = Position(x: field.x + window.cursorColumn, y: area.y) }
            x = field.maxX + 2
        }
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
