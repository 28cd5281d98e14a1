import UppfoljCore

/// Issue 14, "periods on a grid, protected as one structure": a release's population figures
/// are decided together with the other periods of its calendar year.
///
/// A reader who holds a year's export and some of its quarters' exports (or the year's trend
/// rows) subtracts: Q4 = year − Q1 − Q2 − Q3, for every cell. Suppressing each period's tables
/// on their own cannot see that. Here the population tables (stage 1 of the report: totals,
/// single breakdowns, trend parts, the figures most indicators share) of the year and of its four
/// quarters are one disclosure table per population — each period's own cells and constraints,
/// plus "year cell = sum of the four quarters' cells" for every cell, and "the year's trend part
/// q = quarter q's cell" — and go through the engine once. The hierarchy is always laid out the
/// same way (year, Q1…Q4), whichever period is asked for, so every export of those five periods
/// made from the same facts gets its cells from one pattern, protected as a whole: what a
/// quarter publishes the year does not contradict, and no difference of published cells gives
/// back a hidden one (the engine's LP audit sees the time constraints). Every period of the year
/// is in the table with its figures as they would be published, whether or not it is ever
/// exported, so the pattern does not depend on which export asks.
///
/// Not joint yet: each indicator's own cells (numerators, categories, crossings; stage 2) are still
/// decided per period around the jointly decided population cells — the joint stage 2 did not
/// finish in reasonable time with the engine's exact LP repair (docs/disclosure-control.md §10b).
/// Nor does this alone keep exports made on different days consistent: from different facts
/// (late registrations, or Q1 exported in April and the year in January, when Q2–Q4 have filled
/// in) they get patterns from two different tables. Keeping earlier releases' cells as they were
/// published needs the release register (issue 14 item 1), which is not built yet.
extension ReportBuilder {
    /// The periods whose tables are protected together with `period`: its year and the year's
    /// quarters, in that order, and the position of `period` among them; nil for periods off the
    /// export grid (months, ranges), which are then decided alone.
    static func yearHierarchy(of period: ReportPeriod) -> (periods: [ReportPeriod], target: Int)? {
        guard period.isQuarter || period.isYear else { return nil }
        let year = period.first.year
        guard let whole = ReportPeriod("\(year)") else { return nil }
        var periods = [whole]
        for quarter in 1...4 {
            guard let part = ReportPeriod("\(year)Q\(quarter)") else { return nil }
            periods.append(part)
        }
        guard let target = periods.firstIndex(of: period) else { return nil }
        return (periods, target)
    }

    /// Every indicator of `hierarchy[target]`, decided jointly over the hierarchy (`counts` are
    /// the raw counts of `yearHierarchy(of:)`'s periods, in its order).
    func jointIndicators(_ counts: [ReportCounts], target: Int,
                         audit: (String, SuppressionResult) -> Void) throws(DisclosureError) -> [IndicatorReport] {
        try jointIndicators(counts, target: target, history: ReleaseHistory(), audit: audit).indicators
    }

    /// As above, keeping the decisions of earlier releases (`history`, the release register) and
    /// returning the figures this release shows or hides (`headlinesOnly`: only each indicator's
    /// headline, for a previous period shown beside the current one).
    func jointIndicators(_ counts: [ReportCounts], target: Int, history: ReleaseHistory, headlinesOnly: Bool = false,
                         audit: (String, SuppressionResult) -> Void) throws(DisclosureError)
        -> (indicators: [IndicatorReport], figures: [ReleasedFigure]) {
        let first = counts[0]
        let groupCount = first.groups.count
        let registered = history.isEmpty ? nil : Self.registeredPopulationCells(counts, history: history)
        // Stage 1, jointly: the population cells of every period.
        var populations: [[PopulationCells]?] = Array(repeating: nil, count: groupCount)
        let narrowings = first.groups.map { first.layouts[$0.layouts[0]].narrowing }
        for group in first.groups.indices.sorted(by: { (narrowings[$0] != nil ? 1 : 0, $0) < (narrowings[$1] != nil ? 1 : 0, $1) }) {
            let tables = counts.map { $0.populationTables[group] }
            let headlines = first.layouts[first.groups[group].layouts[0]].prefersHeadlines
            var fixedTotals: [Int??] = Array(repeating: nil, count: counts.count)
            if let narrowing = narrowings[group],
               let wider = first.groups.firstIndex(where: { $0.key == narrowing.widerKey }), let decided = populations[wider] {
                for period in counts.indices {
                    let dimensions = counts[period].populationTables[wider].dimensions
                    if let category = dimensions.first(where: { $0.id == narrowing.field.rawValue })?.categories
                        .firstIndex(where: { $0.id == narrowing.category }) {
                        fixedTotals[period] = decided[period].published[PopulationCells.Cell(dimension: narrowing.field.rawValue, category: category)]
                    }
                }
            }
            let joint = try JointTable(tables: tables) { period, index, key, value in
                if let registered {
                    let fixed = key.values.indices.first { key.values[$0] != LinkedTable.Key.total }
                    let cell = PopulationCells.Cell(dimension: fixed.map { tables[period].dimensions[$0].id }, category: fixed.map { key.values[$0] })
                    switch registered[period][group][cell] {
                    case .known?: return DisclosureTable.Cell(value: value, isKnown: true)
                    case .hidden?: return DisclosureTable.Cell(value: value, isPublished: false, isHiddenElsewhere: true)
                    case nil: break
                    }
                }
                let isTotal = key.values.allSatisfy { $0 == LinkedTable.Key.total }
                // A period's total is the headline of every indicator of the population.
                guard isTotal, let total = fixedTotals[period] else {
                    return DisclosureTable.Cell(value: value, isHeadline: isTotal && headlines)
                }
                return DisclosureTable.Cell(value: value, isPublished: total != nil, isAnchor: total != nil,
                                            isHiddenElsewhere: total == nil)
            }
            let suppressed = suppressJoint(joint.table)
            audit("population:" + first.groups[group].key, suppressed)
            var decided: [PopulationCells] = []
            for period in counts.indices {
                let table = tables[period]
                var cells = PopulationCells(published: [:])
                var hidden: [(cell: Int, figure: SharedFigure)] = []
                for (index, key) in table.keys.enumerated() {
                    let fixed = key.values.indices.first { key.values[$0] != LinkedTable.Key.total }
                    let cell = PopulationCells.Cell(dimension: fixed.map { table.dimensions[$0].id }, category: fixed.map { key.values[$0] })
                    let value = suppressed.statuses[joint.offsets[period] + index].publishedValue
                    cells.published[cell] = value
                    if value == nil { hidden.append((joint.offsets[period] + index, .population(cell))) }
                }
                // What the joint table lets a reader derive of the hidden cells starts the ranges
                // the target period's indicators carry on (`DerivedRanges`).
                if period == target { try cells.derived.narrow(hidden, in: suppressed) }
                decided.append(cells)
            }
            populations[group] = decided
        }
        // Stage 2, per period: each indicator around its population cells as the joint stage 1
        // decided them for the target period. (A joint stage 2 — every indicator's own cells,
        // numerators, categories and crossings over the five periods — is what the rule asks
        // for, but the engine's exact LP repair does not finish in reasonable time on tables of
        // that size: docs/disclosure-control.md §10b.)
        var result: [IndicatorReport] = []
        var figures: [ReleasedFigure] = []
        let period = counts[target].period.description
        // Crossings of breakdowns that several indicators of one population show (role × age band
        // in indicator 2 and in the with-intervention share's denominators) are the same figures:
        // the first indicator decides them, the later ones take that decision (same figure, one cell).
        var crossings: [Int: [String: ReleaseHistory.Decision]] = [:]
        for (index, layout) in counts[target].layouts.enumerated() {
            let group = counts[target].groupOfLayout[index]
            let table = counts[target].tables[index]
            let id = layout.definition.id
            let shared = crossings[group] ?? [:]
            let decided = try decidedIndicator(
                layout, population: &populations[group]![target], table: table, medians: counts[target].medians[index],
                released: { key, value in
                    let name = layout.cellName(key)
                    return history.decision(ReleasedFigure.Key(period: period, indicator: id, cell: name), value: value)
                        ?? (layout.isCrossing(key) ? shared[name] : nil)
                }) { audit(id, $0) }
            if layout.definition.kind != .median {
                for (cell, key) in table.keys.enumerated() where layout.isCrossing(key) && crossings[group]?[layout.cellName(key)] == nil {
                    crossings[group, default: [:]][layout.cellName(key)] = decided.statuses[cell].publishedValue != nil ? .known : .hidden
                }
            }
            result.append(decided.report)
            // Medians publish no count of their own (their n is the population's, registered there).
            guard layout.definition.kind != .median else { continue }
            for (cell, key) in table.keys.enumerated() where !headlinesOnly || layout.isHeadline(key) {
                figures.append(ReleasedFigure(period: period, indicator: id, cell: layout.cellName(key), value: table.counts[cell],
                                              published: decided.statuses[cell].publishedValue != nil))
            }
        }
        return (result, figures)
    }

    /// What the register says of each population cell of each period (`[period][group][cell]`):
    /// a population cell is the same figure as the cells that stand for it in every indicator of
    /// its population (`Layout.populationCell`), so what was released of any of them decides it.
    /// Known wins over hidden: a figure one release showed is in readers' hands, whatever
    /// another one hid.
    static func registeredPopulationCells(_ counts: [ReportCounts], history: ReleaseHistory)
        -> [[[PopulationCells.Cell: ReleaseHistory.Decision]]] {
        counts.map { periodCounts in
            var groups = Array(repeating: [PopulationCells.Cell: ReleaseHistory.Decision](), count: periodCounts.groups.count)
            let period = periodCounts.period.description
            for (index, layout) in periodCounts.layouts.enumerated() {
                let group = periodCounts.groupOfLayout[index]
                let table = periodCounts.tables[index]
                for (position, key) in table.keys.enumerated() {
                    guard let cell = layout.populationCell(key),
                          let decision = history.decision(ReleasedFigure.Key(period: period, indicator: layout.definition.id,
                                                                             cell: layout.cellName(key)), value: table.counts[position])
                    else { continue }
                    if groups[group][cell] != .known { groups[group][cell] = decision }
                }
            }
            return groups
        }
    }

    private func suppressJoint(_ table: DisclosureTable) -> SuppressionResult {
        if let cache = suppressionCache { return cache.result(for: table, control: control) }
        return control.suppress(table)
    }
}

/// The linked tables of one population or indicator for a year and its quarters as one
/// disclosure table: each period's cells one after another (`offsets`), each period's own
/// constraints, and the constraints of time. The year's table has a trend dimension (its
/// quarters) that the quarters' tables lack; every other dimension is matched by id.
struct JointTable {
    let table: DisclosureTable
    let offsets: [Int]

    /// `tables[0]` is the year's, `tables[1...4]` the quarters'. `cell` makes each period's cell
    /// (period, index in its table, key, count).
    init(tables: [LinkedTable],
         cell: (Int, Int, LinkedTable.Key, Int) -> DisclosureTable.Cell) throws(DisclosureError) {
        var cells: [DisclosureTable.Cell] = []
        var offsets: [Int] = []
        var constraints: [DisclosureTable.AdditiveConstraint] = []
        for (period, table) in tables.enumerated() {
            offsets.append(cells.count)
            for (index, key) in table.keys.enumerated() {
                cells.append(cell(period, index, key, table.counts[index]))
            }
        }
        // Each period's own relations; the slacks of its "several per case" bounds after every
        // period's cells, so that `offsets` place the periods' cells alone.
        for (period, table) in tables.enumerated() {
            let structure = table.disclosureStructure(offset: offsets[period], firstSlack: cells.count)
            constraints += structure.constraints
            cells += structure.slacks
        }
        // Time: year cell = Σ quarters' cells; the year's trend part q = quarter q's cell.
        let year = tables[0]
        let trend = year.dimensions.firstIndex { dimension in
            !tables[1].dimensions.contains { $0.id == dimension.id }
        }
        // For each quarter dimension, the year's dimension with the same id.
        let yearDimension: [Int] = tables[1].dimensions.map { dimension in
            year.dimensions.firstIndex { $0.id == dimension.id } ?? -1
        }
        if tables.count == 5, !yearDimension.contains(-1) {
            for (index, key) in year.keys.enumerated() {
                let quarterKey = LinkedTable.Key(values: yearDimension.map { key.values[$0] })
                // Only relations that hold are stated: a figure whose cases are not placed by one
                // date in the period (none in today's catalogue) does not add up over quarters.
                if let trend, key.values[trend] != LinkedTable.Key.total {
                    let quarter = key.values[trend] + 1
                    guard quarter < tables.count, let part = tables[quarter].index(of: quarterKey),
                          tables[quarter].counts[part] == year.counts[index] else { continue }
                    constraints.append(.init(total: offsets[0] + index, parts: [offsets[quarter] + part]))
                } else {
                    var parts: [Int] = []
                    var sum = 0
                    for quarter in 1..<tables.count {
                        guard let part = tables[quarter].index(of: quarterKey) else { break }
                        parts.append(offsets[quarter] + part)
                        sum += tables[quarter].counts[part]
                    }
                    if parts.count == tables.count - 1, sum == year.counts[index] {
                        constraints.append(.init(total: offsets[0] + index, parts: parts))
                    }
                }
            }
        }
        table = try DisclosureTable(cells: cells, constraints: constraints)
        self.offsets = offsets
    }
}
