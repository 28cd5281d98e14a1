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
        var result: [IndicatorReport] = []
        for (index, layout) in counts.layouts.enumerated() {
            let group = counts.groupOfLayout[index]
            result.append(try indicator(layout, population: populations[group], table: counts.tables[index],
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
        var published: [PopulationCells.Cell: Int?] = [:]
        for (index, key) in table.keys.enumerated() {
            let fixed = key.values.indices.first { key.values[$0] != LinkedTable.Key.total }
            let cell = PopulationCells.Cell(dimension: fixed.map { dimensions[$0].id }, category: fixed.map { key.values[$0] })
            published[cell] = statuses[index].publishedValue
        }
        return PopulationCells(published: published)
    }

    /// Stage 2: one indicator's linked table around the given population cells. `medians[cell]`
    /// are the values of the cases counted in that cell (medians only).
    func indicator(_ layout: Layout, population: PopulationCells, table: LinkedTable, medians: [[Int]],
                           audit: (SuppressionResult) -> Void) throws(DisclosureError) -> IndicatorReport {
        try decidedIndicator(layout, population: population, table: table, medians: medians, audit: audit).report
    }

    /// As `indicator`, with the cells' statuses, and with what earlier releases decided
    /// (`released(key, count)`, the release register): a cell shown before with this count is
    /// known to the reader (shown, never hidden, known in the audit); one hidden before stays
    /// hidden and guarded to k.
    func decidedIndicator(_ layout: Layout, population: PopulationCells, table: LinkedTable, medians: [[Int]],
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
            let disclosure = try DisclosureTable(cells: cells + structure.slacks, constraints: structure.constraints)
            let suppressed = suppress(disclosure)
            audit(suppressed)
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
}
