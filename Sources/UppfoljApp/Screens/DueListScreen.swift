import TerminalKit
import UppfoljCore

/// The unit's due list, cached from `DueList.items(in:today:policy:)`.
struct DueListState: Sendable {
    private(set) var items: [DueItem] = []
    var table = TableState(selected: 0)

    var selectedItem: DueItem? { table.selected.flatMap { items.indices.contains($0) ? items[$0] : nil } }

    mutating func rebuild(_ index: CaseIndex) {
        let keep = selectedItem
        items = index.dueItems
        if let keep, let index = items.firstIndex(of: keep) {
            table.selected = index
        } else {
            table.selected = items.isEmpty ? nil : min(max(0, table.selected ?? 0), items.count - 1)
        }
    }

    /// "3 försenade · 1 att göra · …" counts per kind of item.
    var counts: (overdue: Int, due: Int, noAssessment: Int, openInterventions: Int, upcoming: Int) {
        var c = (0, 0, 0, 0, 0)
        for item in items {
            switch item.kind {
            case .followUpOverdue: c.0 += 1
            case .followUpDue: c.1 += 1
            case .noRiskAssessment: c.2 += 1
            case .openIntervention: c.3 += 1
            case .followUpUpcoming: c.4 += 1
            }
        }
        return c
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
        let parts = area.splitVertically([.length(1), .fill()])
        let c = app.dueList.counts
        buffer.put(string: t(Strings.dueSummary(overdue: c.overdue, due: c.due, noAssessment: c.noAssessment,
                                                 openInterventions: c.openInterventions, upcoming: c.upcoming))
                    .truncated(toWidth: area.width), at: parts[0].origin, style: .muted)
        let items = app.dueList.items
        let projection = app.projection
        ListWindow.render(into: &buffer, area: parts[1], columns: columns(t), count: items.count, state: &app.dueList.table,
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
