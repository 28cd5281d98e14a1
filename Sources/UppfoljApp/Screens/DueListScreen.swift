import TerminalKit
import UppfoljCore

/// Which rows of the due list are shown (`f` cycles).
enum DueKindFilter: Int, Sendable, CaseIterable {
    case all, followUps, overdue, noAssessment, openInterventions

    func admits(_ kind: DueItem.Kind) -> Bool {
        switch (self, kind) {
        case (.all, _): return true
        case (.followUps, .followUpDue), (.followUps, .followUpOverdue), (.followUps, .followUpUpcoming),
             (.followUps, .followUpRetry): return true
        case (.overdue, .followUpOverdue): return true
        case (.noAssessment, .noRiskAssessment): return true
        case (.openInterventions, .openIntervention): return true
        default: return false
        }
    }
}

/// The due list's order (`o` cycles): most urgent first, by date, by case code.
enum DueSort: Int, Sendable, CaseIterable {
    case urgency, date, code
}

/// The unit's due list as a work list, cached from `DueList.items(in:today:policy:)`: filtered by
/// role and kind, sorted; open interventions without an end come after the follow-ups and risk
/// assessments due (they are a different kind of work: a decision to end them, not a contact).
struct DueListState: Sendable {
    private(set) var items: [DueItem] = []
    private(set) var totalCount = 0
    var roleFilter = RoleFilter.all
    var kindFilter = DueKindFilter.all
    var sort = DueSort.urgency
    var table = TableState(selected: 0)
    /// `/` searches the list by case code as you type (issue 17 item 4), as in the case list.
    var query = TextFieldState()
    var isSearching = false

    var selectedItem: DueItem? { table.selected.flatMap { items.indices.contains($0) ? items[$0] : nil } }

    private func admits(_ item: DueItem, role: Role?) -> Bool {
        if let wanted = roleFilter.role, role != wanted { return false }
        if !query.isEmpty, !item.caseCode.lowercased().contains(query.text.lowercased()) { return false }
        return kindFilter.admits(item.kind)
    }

    private static func group(_ item: DueItem) -> Int { if case .openIntervention = item.kind { return 1 } else { return 0 } }

    /// The list's order; items it calls equal are one case's, kept in the index's order.
    private func precedes(_ x: DueItem, _ y: DueItem) -> Bool {
        let (gx, gy) = (Self.group(x), Self.group(y))
        if gx != gy { return gx < gy }
        switch sort {
        case .urgency: break   // the list's own order (most urgent first)
        case .date: if x.date != y.date { return x.date < y.date }
        case .code: if x.caseCode != y.caseCode { return NaturalOrder.less(x.caseCode, y.caseCode) }
        }
        return CaseIndex.dueOrder(x, y)
    }

    mutating func rebuild(_ index: CaseIndex) {
        let keep = selectedItem
        totalCount = index.dueItems.count
        let shown = index.dueItems.filter { admits($0, role: index.roles[$0.caseCode]) }
        items = shown.enumerated().sorted { a, b in
            if precedes(a.element, b.element) { return true }
            if precedes(b.element, a.element) { return false }
            return a.offset < b.offset
        }.map(\.element)
        if let keep, let index = items.firstIndex(of: keep) {
            table.selected = index
        } else {
            table.selected = items.isEmpty ? nil : min(max(0, table.selected ?? 0), items.count - 1)
        }
    }

    /// Moves the rows of the cases the index changed (`CaseIndex.update`), as `rebuild` would
    /// place them, keeping the selection as `rebuild` does — without looking at other cases.
    mutating func apply(_ changes: [CaseIndexChange], totalCount: Int) {
        let keep = selectedItem
        let oldSelected = table.selected
        var tracked = oldSelected   // the kept row's place, while its case is not one of the changed
        var keepTouched = false
        self.totalCount = totalCount
        for change in changes {
            if change.code == keep?.caseCode { keepTouched = true }
            for item in change.oldDue where admits(item, role: change.oldRole) {
                var at = items.lowerBound { precedes($0, item) }
                while at < items.count, items[at] != item, !precedes(item, items[at]) { at += 1 }
                guard at < items.count, items[at] == item else { continue }
                items.remove(at: at)
                if let s = tracked, s > at { tracked = s - 1 }
            }
            let newRole = change.newSummary?.role
            for item in change.newDue where admits(item, role: newRole) {
                let at = items.lowerBound { !precedes(item, $0) }
                items.insert(item, at: at)
                if let s = tracked, s >= at { tracked = s + 1 }
            }
        }
        if keep != nil, !keepTouched {
            table.selected = tracked
            return
        }
        if let keep {
            var at = items.lowerBound { precedes($0, keep) }
            while at < items.count, items[at] != keep, !precedes(keep, items[at]) { at += 1 }
            if at < items.count, items[at] == keep {
                table.selected = at
                return
            }
        }
        table.selected = items.isEmpty ? nil : min(max(0, oldSelected ?? 0), items.count - 1)
    }
}

/// Att göra: T3 follow-ups due and overdue (overdue first), open interventions, cases without a
/// risk assessment. Enter opens the case; `u` on a T3 row opens the T3 form directly.
enum DueListScreen {
    static func columns(_ t: Translator) -> [TableColumn] {
        [
            TableColumn(t(Strings.colCode), width: .fill(weight: 1)),
            TableColumn(t(Strings.colTask), width: .fill(weight: 3)),
            TableColumn(t(Strings.colDate), width: .length(10)),
            TableColumn(t(Strings.colRole), width: .length(12)),
            TableColumn(t(Strings.colRisk), width: .length(CaseListScreen.riskWidth(t, withFamily: false))),
        ]
    }

    static func render(_ app: inout AppState, into buffer: inout Buffer, area: Rect, env: AppEnvironment) {
        let t = Translator(env.language)
        let parts = area.splitVertically([.length(1), .length(1), .fill()])
        let c = app.index.dueCounts
        buffer.put(string: t(Strings.dueSummary(overdue: c.overdue, due: c.due, noAssessment: c.noAssessment,
                                                 openInterventions: c.openInterventions, upcoming: c.upcoming))
                    .truncated(toWidth: area.width), at: parts[0].origin, style: .muted)
        let list = app.dueList
        let count = t(Strings.dueCount(shown: list.items.count, total: list.totalCount))
        let filters = t(Strings.dueFilterSummary(role: list.roleFilter, kind: list.kindFilter, sort: list.sort))
        let countX = area.maxX - count.displayWidth
        let x = CaseListScreen.renderSearchField(list.query, isSearching: list.isSearching, into: &buffer, area: parts[1], t)
        buffer.put(string: filters.truncated(toWidth: max(0, countX - 1 - x)), at: Position(x: x, y: parts[1].y), style: .muted)
        buffer.put(string: count, at: Position(x: countX, y: parts[1].y), style: .muted)
        let items = app.dueList.items
        let projection = app.projection
        ListWindow.render(into: &buffer, area: parts[2], columns: columns(t), count: items.count, state: &app.dueList.table,
                          emptyText: t(Strings.nothingDue)) { index in
            row(items[index], projection[items[index].caseCode], t)
        }
    }

    /// One row of the list. A function of its own rather than inside the renderer's closure: the
    /// Swift 6.3 optimiser crashed ("Found ownership error") on the closure form in release builds.
    static func row(_ item: DueItem, _ state: CaseState?, _ t: Translator) -> TableRow {
        var cells = [item.caseCode, t(item.label), item.date.iso]
        cells.append(state?.role.map { t($0.label) } ?? "–")
        cells.append(CaseListScreen.riskCell(state, withFamily: false, t))
        return item.isHighRisk ? .warning(cells) : TableRow(cells)
    }
}
