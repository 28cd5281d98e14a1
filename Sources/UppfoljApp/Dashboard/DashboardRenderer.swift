import TerminalKit
import UppfoljCore
import UppfoljReports

/// Draws the manager view. Every figure comes from the `Report` after disclosure control;
/// suppressed figures are drawn as `..` (never as a zero or an empty bar).
enum DashboardRenderer {
    static func frame(_ state: DashboardState, size: Size, env: AppEnvironment) -> Buffer {
        let t = Translator(env.language)
        if !minimumSize.isSatisfied(by: size) {
            return minimumSize.tooSmallFrame(size: size, message: t(Strings.tooSmall(minimumSize.text)))
        }
        var buffer = Buffer(size: size)
        let meta = state.report.metadata
        // Title bar and period line.
        var x = buffer.put(string: " " + t(Strings.appName) + " ", at: Position(x: 0, y: 0), style: .title)
        x = buffer.put(string: " " + t(DashboardStrings.title) + " ", at: Position(x: x + 1, y: 0), style: .selection)
        if case .indicator(let index) = state.screen, state.report.indicators.indices.contains(index) {
            let indicator = state.report.indicators[index]
            buffer.put(string: " › " + indicator.number + " " + t(indicator.name), at: Position(x: x, y: 0),
                       maxWidth: max(0, size.width - x - 24))
        }
        let right = t(KeyHints.dashboardTitle)
        buffer.put(string: right, at: Position(x: max(x, size.width - right.displayWidth - 1), y: 0), style: .muted)

        var line = buffer.put(string: t(DashboardStrings.period) + ": ", at: Position(x: 0, y: 1), style: .muted)
        let shown = state.loading ?? meta.period
        var shownText = "\(shown)"
        // A period not yet over says how far it goes (from a journal: the figures are as of today).
        if state.source == .journal, state.loading == nil, env.today < meta.period.lastDay, env.today >= meta.period.firstDay {
            shownText += " " + t(DashboardStrings.through(env.today))
        }
        line = buffer.put(string: "◂ \(shownText) ▸", at: Position(x: line, y: 1), style: Style(.normal, attributes: .bold))
        line = buffer.put(string: "  " + t(DashboardStrings.comparedWith) + " \(meta.previousPeriod)", at: Position(x: line, y: 1), style: .muted)
        if state.loading != nil {
            line = buffer.put(string: "  " + t(DashboardStrings.loading), at: Position(x: line, y: 1), style: .warning)
        }
        if state.source == .export {
            line = buffer.put(string: "  (" + t(DashboardStrings.fixedPeriod) + ")", at: Position(x: line, y: 1), style: .muted)
        }
        let unit = t(DashboardStrings.units(meta.units)) + " · " + t(DashboardStrings.kInWords(meta.minimumCellSize))
        if line + unit.displayWidth + 2 <= size.width {
            buffer.put(string: unit, at: Position(x: size.width - unit.displayWidth, y: 1), style: .muted)
        }

        let body = Rect(x: 0, y: 2, width: size.width, height: size.height - 5)
        var suppressedShown = false
        switch state.screen {
        case .overview:
            suppressedShown = overview(state, into: &buffer, area: body, t: t)
        case .indicator(let index):
            suppressedShown = indicator(state, index, into: &buffer, area: body, t: t, language: env.language)
        }
        var footnotes: [String] = []
        if !state.changed.isEmpty { footnotes.append(t(DashboardStrings.changedMark)) }
        if suppressedShown { footnotes.append(t(DashboardStrings.footnote(k: meta.minimumCellSize))) }
        if !footnotes.isEmpty {
            buffer.put(string: footnotes.joined(separator: "  ").truncated(toWidth: size.width),
                       at: Position(x: 0, y: size.height - 3), style: .muted)
        }
        Chrome.hintLine(state.scope, into: &buffer, area: Rect(x: 0, y: size.height - 2, width: size.width, height: 1), env: env)
        let status = Rect(x: 0, y: size.height - 1, width: size.width, height: 1)
        if let message = state.message {
            StatusLine(message: StatusMessage(t(message), role: .warning)).render(into: &buffer, area: status)
        } else {
            StatusLine(left: t(DashboardStrings.title) + " · " + t(DashboardStrings.units(meta.units)),
                       right: "\(meta.computedIn)").render(into: &buffer, area: status)
        }
        if let offset = state.helpOffset {
            HelpOverlay(title: t(Strings.helpTitle), rows: AppKeymap.helpRows(on: state.scope, t), offset: offset,
                        footer: t(KeyHints.helpFooter))
                .render(into: &buffer, area: buffer.area.inset(by: Margin(horizontal: 0, vertical: 1)))
        }
        buffer.cursor = nil
        return buffer
    }

    // MARK: Overview

    /// The overview's groups: the figures a unit is asked for first (Kolada's, SU-Kvinnofrid's, by
    /// their id prefixes), then the unit's own by role (from the built-in catalogue's population;
    /// an indicator it does not know goes with "all cases"). Each group keeps catalogue order.
    static func overviewGroups(_ report: Report) -> [(title: Localized, indices: [Int])] {
        func role(_ id: String) -> Role? {
            IndicatorCatalogue.builtIn.indicator(id)?.population.first { $0.field == .role && $0.in.count == 1 }?.in.first
                .flatMap(Role.init(rawValue:))
        }
        var groups: [(Localized, [Int])] = [(DashboardStrings.groupKolada, []), (DashboardStrings.groupSUKvinnofrid, []),
                                            (DashboardStrings.groupVictims, []), (DashboardStrings.groupPerpetrators, []),
                                            (DashboardStrings.groupAll, [])]
        for (index, indicator) in report.indicators.enumerated() {
            let group: Int
            if indicator.id.hasPrefix("kolada-") { group = 0 }
            else if indicator.id.hasPrefix("suk-") { group = 1 }
            else if role(indicator.id) == .victim { group = 2 }
            else if role(indicator.id) == .perpetrator { group = 3 }
            else { group = 4 }
            groups[group].1.append(index)
        }
        return groups.filter { !$0.1.isEmpty }.map { (title: $0.0, indices: $0.1) }
    }

    /// The indicators in overview order (`DashboardState.selected` is a position in it).
    static func overviewOrder(_ report: Report) -> [Int] { overviewGroups(report).flatMap(\.indices) }

    /// All indicators in groups, this period beside the previous one. Returns whether a `..` is visible.
    static func overview(_ state: DashboardState, into buffer: inout Buffer, area: Rect, t: Translator) -> Bool {
        let indicators = state.report.indicators
        var anySuppressed = false
        var widest = 0
        var rows: [TableRow] = []
        var selectedRow = 0
        var position = 0
        for group in overviewGroups(state.report) {
            rows.append(TableRow(["", t(group.title), "", ""], role: .header))
            for index in group.indices {
                let indicator = indicators[index]
                let now = headline(indicator, indicator.headline, t)
                let before = indicator.previousHeadline.map { headline(indicator, $0, t) } ?? "–"
                if now.contains("..") || before.contains("..") { anySuppressed = true }
                widest = max(widest, now.displayWidth, before.displayWidth)
                let mark = state.changed.contains(indicator.id) ? "● " : ""
                if position == state.selected { selectedRow = rows.count }
                rows.append(TableRow([indicator.number, mark + t(indicator.name), now, before]))
                position += 1
            }
        }
        // Wide enough for every figure shown ("100,0 % av 19" at 60 columns), never more than a
        // third of the screen each.
        let valueWidth = max(min(22, max(12, area.width / 5)), min(widest, area.width / 3))
        let columns = [
            TableColumn(t(DashboardStrings.columnNumber), width: .length(4)),
            TableColumn(t(DashboardStrings.columnIndicator), width: .fill()),
            TableColumn(t(DashboardStrings.columnValue), width: .length(valueWidth), alignment: .right),
            TableColumn(t(DashboardStrings.columnPrevious), width: .length(valueWidth), alignment: .right),
        ]
        var selection = TableState(selected: selectedRow)
        Table(columns: columns, rows: rows, emptyText: t(DashboardStrings.noFigures)).render(into: &buffer, area: area, state: &selection)
        return anySuppressed
    }

    /// The headline figure as text: "73", "76,4 % av 72", "20 dagar", ".. av 72".
    static func headline(_ indicator: IndicatorReport, _ row: ReportRow, _ t: Translator) -> String {
        switch indicator.kind {
        case .count, .distribution, .funnel:
            return row.count?.text ?? "–"
        case .share:
            let share = shareText(row, t)
            let of = t.language == .sv ? "av" : "of"
            return share + " \(of) " + (row.denominator?.text ?? "–")
        case .median:
            return (row.median?.value).map { "\($0) " + t(medianUnit(indicator)) } ?? ReportText.suppressed
        }
    }

    /// What a median counts: interventions for the built-in catalogue's interventions per case
    /// (SU-Kvinnofrid), days otherwise (the medians before it were all of days).
    static func medianUnit(_ indicator: IndicatorReport) -> Localized {
        IndicatorCatalogue.builtIn.indicator(indicator.id)?.value == .interventionCount ? DashboardStrings.interventions : DashboardStrings.days
    }

    /// "61,5 %", ".." when suppressed, "–" when there is nobody to take a share of.
    static func shareText(_ row: ReportRow, _ t: Translator) -> String {
        if row.denominator?.value == 0 { return "–" }
        guard let share = row.share else { return "–" }
        return share.isSuppressed ? ReportText.suppressed : share.percentText(decimals: 1, language: t.language) + " %"
    }

    // MARK: One indicator

    /// The indicator's definition, tables, charts and trend, scrolled. Returns whether a `..` is visible.
    static func indicator(_ state: DashboardState, _ index: Int, into buffer: inout Buffer, area: Rect, t: Translator,
                          language: Language) -> Bool {
        guard state.report.indicators.indices.contains(index) else { return false }
        let indicator = state.report.indicators[index]
        var blocks: [Block] = []
        blocks.append(.text([indicator.number + "  " + t(indicator.name)], .header))
        blocks.append(.text(t(indicator.definition).wrapped(toWidth: max(10, area.width - 1)), .muted))
        let meta = state.report.metadata
        let now = headline(indicator, indicator.headline, t)
        let before = indicator.previousHeadline.map { headline(indicator, $0, t) } ?? "–"
        blocks.append(.text(["\(meta.period): \(now)    \(meta.previousPeriod): \(before)"], .normal))
        var anySuppressed = now.contains("..") || before.contains("..")
        for table in indicator.tables {
            blocks.append(.gap)
            blocks.append(.text([t(table.title)], .header))
            if usesBarChart(table) {
                // The total is the headline above; as a bar it would dwarf the parts.
                let items = table.rows.filter { $0.key.first != ReportRow.total }
                    .map { row -> BarChartItem in
                        let label = rowLabel(row, table, t)
                        guard let (value, text) = barValue(row, indicator, t) else {
                            anySuppressed = true
                            return .suppressed(label: label)
                        }
                        return BarChartItem(label: label, value: value, valueText: text)
                    }
                // Shares on a fixed 0–100 % scale, so a bar's length is its share, whatever the others.
                let isShare = table.rows.contains { $0.share != nil }
                blocks.append(.chart(BarChart(items: items, maxValue: isShare ? 100 : nil)))
            } else {
                let (widget, suppressed) = breakdownTable(table, indicator, t)
                anySuppressed = anySuppressed || suppressed
                blocks.append(.table(widget, rows: table.rows.count + 1))
            }
        }
        for note in indicator.notes {
            blocks.append(.gap)
            blocks.append(.text(t(note).wrapped(toWidth: max(10, area.width - 1)), .muted))
        }
        let total = blocks.reduce(0) { $0 + $1.height }
        let scroll = min(state.scroll, max(0, total - area.height))
        buffer.withClip(area) { buffer in
            var y = area.y - scroll
            for block in blocks {
                let height = block.height
                if y + height > area.y && y < area.maxY {
                    block.render(into: &buffer, area: Rect(x: area.x, y: y, width: area.width, height: height))
                }
                y += height
            }
        }
        return anySuppressed
    }

    enum Block {
        case text([String], StyleRole)
        case chart(BarChart)
        case table(Table, rows: Int)
        case gap

        var height: Int {
            switch self {
            case .text(let lines, _): lines.count
            case .chart(let chart): chart.items.count
            case .table(_, let rows): rows
            case .gap: 1
            }
        }

        func render(into buffer: inout Buffer, area: Rect) {
            switch self {
            case .text(let lines, let role):
                for (i, line) in lines.enumerated() {
                    buffer.put(string: line, at: Position(x: area.x, y: area.y + i), style: Style(role), maxWidth: area.width)
                }
            case .chart(let chart): chart.render(into: &buffer, area: area)
            case .table(let table, _): table.render(into: &buffer, area: area)
            case .gap: break
            }
        }
    }

    /// Categories, funnel stages and the trend are bar charts; breakdowns are tables.
    static func usesBarChart(_ table: ReportTable) -> Bool {
        guard table.dimensions.count == 1 else { return false }
        switch table.kind {
        case .categories, .stages, .trend: return true
        case .breakdown, .crossing: return false
        }
    }

    static func rowLabel(_ row: ReportRow, _ table: ReportTable, _ t: Translator) -> String {
        zip(table.dimensions, row.key).map { dimension, id in
            id == ReportRow.total ? t(DashboardStrings.total) : (dimension.categories.first { $0.id == id }.map { t($0.name) } ?? id)
        }.joined(separator: " · ")
    }

    /// A bar's value and text, or nil when the figure is suppressed.
    static func barValue(_ row: ReportRow, _ indicator: IndicatorReport, _ t: Translator) -> (Double, String)? {
        if let count = row.count { return count.value.map { (Double($0), String($0)) } }
        if let share = row.share {
            guard let fraction = share.fraction else { return nil }
            return (fraction * 100, share.percentText(decimals: 1, language: t.language) + " %")
        }
        if let median = row.median { return median.value.map { (Double($0), "\($0) " + t(medianUnit(indicator))) } }
        return nil
    }

    /// A breakdown as a table with the indicator's measures as columns.
    static func breakdownTable(_ table: ReportTable, _ indicator: IndicatorReport, _ t: Translator) -> (Table, Bool) {
        var columns = [TableColumn(table.dimensions.map { t($0.name) }.joined(separator: " · "), width: .fill())]
        let measures: [(Localized, (ReportRow) -> String)]
        switch indicator.kind {
        case .share:
            measures = [
                (DashboardStrings.columnShare, { row in shareText(row, t) }),
                (DashboardStrings.columnNumerator, { $0.numerator?.text ?? "–" }),
                (DashboardStrings.columnDenominator, { $0.denominator?.text ?? "–" }),
            ]
        case .median:
            measures = [(medianUnit(indicator) == DashboardStrings.interventions ? DashboardStrings.columnMedianInterventions
                                                                                  : DashboardStrings.columnMedian, { $0.median?.text ?? "–" })]
        case .count, .distribution, .funnel:
            measures = [(DashboardStrings.columnCount, { $0.count?.text ?? "–" })]
        }
        columns += measures.map { TableColumn(t($0.0), width: .length(max(10, t($0.0).displayWidth + 1)), alignment: .right) }
        var suppressed = false
        let rows = table.rows.map { row -> TableRow in
            let cells = measures.map { $0.1(row) }
            if cells.contains(ReportText.suppressed) || cells.contains(where: { $0.hasPrefix("..") }) { suppressed = true }
            let isTotal = row.key.allSatisfy { $0 == ReportRow.total }
            return TableRow([rowLabel(row, table, t)] + cells, role: isTotal ? .header : .normal)
        }
        return (Table(columns: columns, rows: rows, emptyText: ""), suppressed)
    }
}
