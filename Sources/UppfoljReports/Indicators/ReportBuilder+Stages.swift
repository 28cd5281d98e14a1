import ParallelWork
import UppfoljCore

// The two stages of disclosure control over one period's counts (see `ReportBuilder.indicators(facts:…)`):
// stage 1 decides each population's shared cells once, stage 2 each indicator's linked table
// around them.
extension ReportBuilder {
    /// Every indicator from raw counts, in the two stages described at `indicators(facts:…)`.
    func indicators(counts: ReportCounts, audit: (String, SuppressionResult) -> Void) throws(DisclosureError) -> [IndicatorReport] {
        let populations = try decidePopulations(keys: counts.groups.map(\.key), tables: counts.populationTables,
                                                narrowings: counts.groups.map { counts.layouts[$0.layouts[0]].narrowing },
                                                headlines: counts.groups.map { counts.layouts[$0.layouts[0]].prefersHeadlines },
                                                audit: audit)
        var decided = populations
        var result: [IndicatorReport] = []
        for (index, layout) in counts.layouts.enumerated() {
            let group = counts.groupOfLayout[index]
            result.append(try indicator(layout, population: &decided[group], table: counts.tables[index],
                                        medians: counts.medians[index]) { audit(layout.definition.id, $0) })
        }
        return result
    }

    /// Stage 1 for every population (`keys[i]`'s table `tables[i]`), wider populations first: a
    /// population that narrows another by one category (the closed victims within all closed
    /// cases, `Layout.narrowing`) takes its total from the wider one's decision.
    func decidePopulations(keys: [String], tables: [LinkedTable],
                                   narrowings: [(widerKey: String, field: FactField, category: String)?],
                                   headlines: [Bool],
                                   audit: (String, SuppressionResult) -> Void) throws(DisclosureError) -> [PopulationCells] {
        var decided: [PopulationCells?] = Array(repeating: nil, count: keys.count)
        for group in keys.indices.sorted(by: { (narrowings[$0] != nil ? 1 : 0, $0) < (narrowings[$1] != nil ? 1 : 0, $1) }) {
            var total: Int??
            if let narrowing = narrowings[group], let wider = keys.firstIndex(of: narrowing.widerKey), let cells = decided[wider],
               let category = tables[wider].dimensions.first(where: { $0.id == narrowing.field.rawValue })?.categories
                .firstIndex(where: { $0.id == narrowing.category }) {
                total = cells.published[PopulationCells.Cell(dimension: narrowing.field.rawValue, category: category)]
            }
            decided[group] = try populationCells(table: tables[group], total: total, headline: headlines[group]) {
                audit("population:" + keys[group], $0)
            }
        }
        return decided.map { $0! }
    }

    /// Stage 1: the shared population cells of the layouts in one population, suppressed once.
    /// `total`, when given, is the total as a wider population decided it (`Layout.narrowing`):
    /// `.some(nil)` hidden there, `.some(v)` published there. It is the same figure, so it is
    /// decided alike here: known to the reader, or hidden and guarded. `headline`: whether the
    /// total is marked a headline (`Layout.prefersHeadlines`).
    func populationCells(table: LinkedTable, total: Int?? = nil, headline: Bool = true,
                                 audit: (SuppressionResult) -> Void) throws(DisclosureError) -> PopulationCells {
        let dimensions = table.dimensions
        let totalIndex = table.keys.firstIndex { $0.values.allSatisfy { $0 == LinkedTable.Key.total } }
        let cells = table.counts.indices.map { index in
            // The population's total is the headline of every indicator of the population.
            guard index == totalIndex, let total else {
                return DisclosureTable.Cell(value: table.counts[index], isHeadline: headline && index == totalIndex)
            }
            return DisclosureTable.Cell(value: table.counts[index], isPublished: total != nil, isAnchor: total != nil,
                                        isHiddenElsewhere: total == nil)
        }
        let structure = table.disclosureStructure(firstSlack: cells.count)
        let disclosure = try DisclosureTable(cells: cells + structure.slacks, constraints: structure.constraints)
        let suppressed = suppress(disclosure)
        audit(suppressed)
        let statuses = suppressed.statuses
        var result = PopulationCells(published: [:])
        var hidden: [(cell: Int, figure: SharedFigure)] = []
        for (index, key) in table.keys.enumerated() {
            let fixed = key.values.indices.first { key.values[$0] != LinkedTable.Key.total }
            let cell = PopulationCells.Cell(dimension: fixed.map { dimensions[$0].id }, category: fixed.map { key.values[$0] })
            result.published[cell] = statuses[index].publishedValue
            if statuses[index].publishedValue == nil { hidden.append((index, .population(cell))) }
        }
        try result.derived.narrow(hidden, in: suppressed)
        return result
    }

    /// Stage 2: one indicator's linked table around the given population cells. `medians[cell]`
    /// are the values of the cases counted in that cell (medians only).
    func indicator(_ layout: Layout, population: inout PopulationCells, table: LinkedTable, medians: [[Int]],
                           audit: (SuppressionResult) -> Void) throws(DisclosureError) -> IndicatorReport {
        try decidedIndicator(layout, population: &population, table: table, medians: medians, audit: audit).report
    }

    /// As `indicator`, with the cells' statuses, and with what earlier releases decided
    /// (`released(key, count)`, the release register): a cell shown before with this count is
    /// known to the reader (shown, never hidden, known in the audit); one hidden before stays
    /// hidden and guarded to k.
    ///
    /// `population.derived` holds what a reader can already derive of the population's hidden
    /// figures from the tables decided before this one; this table is audited with those ranges
    /// known, and narrows them with what it publishes (see `DerivedRanges`).
    func decidedIndicator(_ layout: Layout, population: inout PopulationCells, table: LinkedTable, medians: [[Int]],
                          released: (LinkedTable.Key, Int) -> ReleaseHistory.Decision? = { _, _ in nil },
                          audit: (SuppressionResult) -> Void) throws(DisclosureError) -> (report: IndicatorReport, statuses: [CellStatus]) {
        let definition = layout.definition
        let k = control.rule.minimumCellSize
        var statuses: [CellStatus] = []
        if definition.kind == .median {
            // Shown only over at least k cases (as decided for the population); the number of
            // cases is not published, because the same cases are counted in another indicator.
            for key in table.keys {
                let shown = layout.populationCell(key).flatMap { population.published[$0] ?? nil } != nil
                statuses.append(shown ? .published(0) : .suppressedPrimary)
            }
        } else {
            let cells = table.keys.indices.map { index -> DisclosureTable.Cell in
                let value = table.counts[index]
                switch released(table.keys[index], value) {
                case .known?: return DisclosureTable.Cell(value: value, isKnown: true)
                case .hidden?: return DisclosureTable.Cell(value: value, isPublished: false, isHiddenElsewhere: true)
                case nil: break
                }
                guard let cell = layout.populationCell(table.keys[index]), let decided = population.published[cell] else {
                    return DisclosureTable.Cell(value: value, isHeadline: layout.prefersHeadlines && layout.isHeadline(table.keys[index]))
                }
                // Published for the population: an anchor. Hidden there: unknown here too, and it
                // must stay as well protected here as there (every hidden count, docs/domain.md §7).
                return DisclosureTable.Cell(value: value, isPublished: decided != nil, isAnchor: decided != nil,
                                            isHiddenElsewhere: decided == nil)
            }
            let structure = table.disclosureStructure(firstSlack: cells.count)
            var allCells = cells + structure.slacks
            var constraints = structure.constraints
            // The population's hidden figures in this table, and what earlier tables let a reader
            // derive of them: stated as known bounds.
            var shared: [(cell: Int, figure: SharedFigure)] = []
            for (index, key) in table.keys.enumerated() where cells[index].isHiddenElsewhere {
                guard let figure = layout.populationCell(key).map(SharedFigure.population)
                        ?? (layout.isCrossing(key) ? .crossing(layout.cellName(key)) : nil) else { continue }
                shared.append((index, figure))
                population.derived.state(figure, of: index, value: table.counts[index], cells: &allCells, constraints: &constraints)
            }
            let disclosure = try DisclosureTable(cells: allCells, constraints: constraints)
            let suppressed = suppress(disclosure)
            audit(suppressed)
            try population.derived.narrow(shared, in: suppressed)
            statuses = Array(suppressed.statuses.prefix(table.keys.count))
        }
        return (layout.render(table: table, statuses: statuses, medians: medians, k: k), statuses)
    }

    /// Disclosure control of one table, through the cache when there is one (suppression is a
    /// function of the table and the rule alone, so a cached pattern is the pattern).
    func suppress(_ table: DisclosureTable) -> SuppressionResult {
        if let cache = suppressionCache { return cache.result(for: table, control: control) }
        return control.suppress(table)
    }
}

/// Stage 1's decisions: for each population cell (the total, or one category of one breakdown
/// or trend dimension), its published count or nil when hidden.
struct PopulationCells {
    struct Cell: Hashable {
        var dimension: String?
        var category: Int?
    }
    var published: [Cell: Int?]
    /// What a reader can derive of the population's hidden figures from the tables decided so far.
    var derived = DerivedRanges()
}

/// A figure shared by the tables of one population: one of its population cells, or a crossing
/// of its breakdowns (`Layout.isCrossing`), the same cases in every table that shows it.
enum SharedFigure: Hashable {
    case population(PopulationCells.Cell)
    case crossing(String)
}

/// Ranges carried from table to table (issue 14, one export's tables together). Each table is
/// audited on its own, but a reader holds them all: a population's victims hidden in every table
/// may be bounded from below by one table (a shown numerator of victims) and from above by
/// another (the total less a shown lower bound of the perpetrators), each range k wide and
/// their intersection not. So what a reader can derive of each hidden shared figure is carried
/// on: each table is audited with the earlier tables' ranges stated as known bounds (`state`),
/// so it cannot narrow a figure below k together with them, and its own published figures
/// narrow the ranges for the tables after it (`narrow`). The stage-1 table of the population
/// starts them. This is interval reasoning, a relaxation of one joint audit of every table
/// (docs/disclosure-control.md §10b): a reader who combines hidden figures of several tables in
/// one equation can still know more than the ranges say.
struct DerivedRanges {
    private(set) var ranges: [SharedFigure: (lower: Int, upper: Int?)] = [:]

    /// States what is known of `figure` (cell `cell` of the table, true count `value`) as
    /// `cell = lower + slack` and `upper = cell + slack`, with the bounds as known cells.
    func state(_ figure: SharedFigure, of cell: Int, value: Int,
               cells: inout [DisclosureTable.Cell], constraints: inout [DisclosureTable.AdditiveConstraint]) {
        guard let range = ranges[figure] else { return }
        if range.lower > 0 {
            cells.append(DisclosureTable.Cell(value: range.lower, isKnown: true))
            cells.append(DisclosureTable.Cell(value: value - range.lower, isPublished: false))
            constraints.append(.init(total: cell, parts: [cells.count - 2, cells.count - 1]))
        }
        if let upper = range.upper {
            cells.append(DisclosureTable.Cell(value: upper, isKnown: true))
            cells.append(DisclosureTable.Cell(value: upper - value, isPublished: false))
            constraints.append(.init(total: cells.count - 2, parts: [cell, cells.count - 1]))
        }
    }

    /// Narrows the ranges of `shared` figures to what `result`'s published view lets a reader
    /// derive of them (exact LP, rounded inwards).
    mutating func narrow(_ shared: [(cell: Int, figure: SharedFigure)], in result: SuppressionResult) throws(DisclosureError) {
        let targets = shared.filter { result.statuses[$0.cell].publishedValue == nil }
        guard !targets.isEmpty else { return }
        let found = try DisclosureAudit.feasibleRanges(of: result.publishedView, for: targets.map(\.cell))
        for (cell, figure) in targets {
            guard let range = found[cell] else { continue }
            let old = ranges[figure]
            let lower = max(old?.lower ?? 0, range.lowerInteger)
            let upper: Int? = switch (old?.upper, range.upperInteger) {
            case let (a?, b?): min(a, b)
            case let (a, b): a ?? b
            }
            ranges[figure] = (lower, upper)
        }
    }
}
