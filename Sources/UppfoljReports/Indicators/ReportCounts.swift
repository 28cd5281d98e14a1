import Foundation
import UppfoljCore

/// The indicators sharing one population (same `Layout.populationKey`) and the table of their
/// shared cells: the total, each breakdown alone and the trend.
struct PopulationGroup {
    let key: String
    /// Layout indices, in catalogue order.
    let layouts: [Int]
    /// Per dimension of the population table: the layout (index into `layouts`) and its
    /// dimension the categories come from.
    let sources: [(layout: Int, dimension: Int)]

    /// The population table of these layouts: every breakdown any of them uses, and the trend.
    static func makeTable(_ layouts: [Layout]) -> LinkedTable {
        var dimensions: [LinkedTable.Dimension] = []
        for layout in layouts {
            for index in layout.breakdowns + (layout.trend.map { [$0] } ?? [])
            where !dimensions.contains(where: { $0.id == layout.dimensions[index].id }) {
                dimensions.append(layout.dimensions[index])
            }
        }
        return LinkedTable(dimensions: dimensions, patterns: [[]] + dimensions.indices.map { [$0] })
    }

    /// For each dimension, the first layout that has it and its index there.
    static func sources(_ layouts: [Layout], dimensions: [LinkedTable.Dimension]) -> [(Int, Int)] {
        dimensions.map { dimension in
            layouts.indices.lazy.compactMap { l in
                layouts[l].dimensions.firstIndex { $0.id == dimension.id }.map { (l, $0) }
            }.first!
        }
    }
}

/// The raw counts behind one period's report — every indicator's linked table, the values of
/// its medians per cell, and every population table — BEFORE disclosure control: never shown.
/// Counting is by masks (`Layout.fill`) and allocation-free per case; a case can be taken away
/// again (`add(_:amount: -1)`), so a rollup keeps these up to date as facts change and a new
/// report only re-runs disclosure control (`ReportBuilder.indicators(counts:audit:)`).
struct ReportCounts: Sendable {
    let period: ReportPeriod
    let asOf: Day
    let catalogue: IndicatorCatalogue
    let layouts: [Layout]
    let groups: [PopulationGroup]
    /// The group of each layout.
    let groupOfLayout: [Int]
    private(set) var tables: [LinkedTable]
    /// Per layout, per cell: the values of the median's cases counted there, sorted (empty for
    /// indicators without a value).
    private(set) var medians: [[[Int]]]
    private(set) var populationTables: [LinkedTable]
    private let coder: FieldCoder
    /// Distinct period fields, and for each layout its position among them.
    private let periodFields: [FactField]
    private let periodFieldOfLayout: [Int]
    // Scratch space for one case, reused so that counting a case allocates nothing.
    private var masks: [[UInt64]]
    private var accepted: [Bool]
    private var populationMasks: [[UInt64]]
    private var periodDays: [Day?]

    /// nil when some dimension has more than 64 categories (masks cannot count it).
    init?(catalogue: IndicatorCatalogue, instruments: InstrumentCatalogue, policy: FollowUpPolicy,
          period: ReportPeriod, asOf: Day) {
        let coder = FieldCoder(instruments: instruments, asOf: asOf, policy: policy)
        let layouts = catalogue.indicators.map { Layout(definition: $0, period: period, instruments: instruments) }
        guard coder.fitsMasks, layouts.allSatisfy(\.fitsMasks) else { return nil }
        self.period = period
        self.asOf = asOf
        self.catalogue = catalogue
        self.coder = coder
        self.layouts = layouts
        var groups: [PopulationGroup] = []
        var groupOfLayout: [Int] = []
        var tables: [LinkedTable] = []
        for layout in layouts {
            let key = layout.populationKey
            if let existing = groups.firstIndex(where: { $0.key == key }) {
                groupOfLayout.append(existing)
                continue
            }
            let sharing = layouts.indices.filter { layouts[$0].populationKey == key }
            let table = PopulationGroup.makeTable(sharing.map { layouts[$0] })
            let sources = PopulationGroup.sources(sharing.map { layouts[$0] }, dimensions: table.dimensions)
            groupOfLayout.append(groups.count)
            groups.append(PopulationGroup(key: key, layouts: sharing, sources: sources.map { ($0.0, $0.1) }))
            tables.append(table)
        }
        self.groups = groups
        self.groupOfLayout = groupOfLayout
        populationTables = tables
        self.tables = layouts.map { $0.makeTable() }
        medians = self.tables.map { Array(repeating: [], count: $0.keys.count) }
        var fields: [FactField] = []
        for layout in layouts where !fields.contains(layout.definition.period) { fields.append(layout.definition.period) }
        periodFields = fields
        periodFieldOfLayout = layouts.map { layout in fields.firstIndex(of: layout.definition.period)! }
        masks = layouts.map { Array(repeating: 0, count: $0.dimensions.count) }
        accepted = Array(repeating: false, count: layouts.count)
        populationMasks = tables.map { Array(repeating: 0, count: $0.dimensions.count) }
        periodDays = Array(repeating: nil, count: fields.count)
    }

    /// Counts every case (a new rollup's or report's counts).
    mutating func addAll(_ facts: [CaseFacts]) {
        for case_ in facts { add(case_, amount: 1, keepingMediansSorted: false) }
        for layout in medians.indices where layouts[layout].definition.value != nil {
            for cell in medians[layout].indices { medians[layout][cell].sort() }
        }
    }

    /// Counts one case `amount` times: 1 adds it, -1 takes away a case counted before.
    mutating func add(_ facts: CaseFacts, amount: Int) {
        add(facts, amount: amount, keepingMediansSorted: true)
    }

    private mutating func add(_ facts: CaseFacts, amount: Int, keepingMediansSorted: Bool) {
        // Each period field's day, when in the period (most cases lie outside any period).
        var anyInPeriod = false
        for (position, field) in periodFields.enumerated() {
            if let day = field.day(of: facts), day >= layouts[0].firstDay, day <= layouts[0].lastDay {
                periodDays[position] = day
                anyInPeriod = true
            } else {
                periodDays[position] = nil
            }
        }
        guard anyInPeriod else { return }
        for index in layouts.indices {
            let layout = layouts[index]
            let day = periodDays[periodFieldOfLayout[index]]
            guard let day, layout.fill(&masks[index], facts: facts, day: day, coder: coder) else {
                accepted[index] = false
                continue
            }
            accepted[index] = true
            tables[index].add(masks: masks[index], amount: amount)
            if let value = layout.definition.value?.number(of: facts) {
                var values = medians[index]
                medians[index] = []   // (moved out, so the update does not copy)
                tables[index].forEachCell(masks: masks[index]) { cell in
                    if !keepingMediansSorted {
                        values[cell].append(value)
                    } else if amount > 0 {
                        values[cell].insert(value, at: Self.lowerBound(value, in: values[cell]))
                    } else {
                        let at = Self.lowerBound(value, in: values[cell])
                        precondition(at < values[cell].count && values[cell][at] == value, "taking away a value never counted")
                        values[cell].remove(at: at)
                    }
                }
                medians[index] = values
            }
        }
        // Population tables: the cases of the group's first layout (the layouts of a group count
        // the same cases), with each dimension's categories from the layout it comes from.
        for (g, group) in groups.enumerated() where accepted[group.layouts[0]] {
            for (dimension, source) in group.sources.enumerated() {
                let layout = group.layouts[source.layout]
                populationMasks[g][dimension] = accepted[layout] ? masks[layout][source.dimension] : 0
            }
            populationTables[g].add(masks: populationMasks[g], amount: amount)
        }
    }

    private static func lowerBound(_ value: Int, in sorted: [Int]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Suppression patterns by table and rule. `DisclosureControl.suppress` is a pure function of
/// the two, so an unchanged table (most of them, after one append) is not suppressed again.
///
/// Why the unchecked Sendable is safe: `results` is read and written only under `lock`.
final class SuppressionCache: @unchecked Sendable {
    private struct Key: Hashable {
        var table: DisclosureTable
        var control: DisclosureControl
    }
    private var results: [Key: SuppressionResult] = [:]
    private let lock = NSLock()
    /// Enough for several periods' tables; past it the cache starts over.
    private let capacity = 2_000

    func result(for table: DisclosureTable, control: DisclosureControl) -> SuppressionResult {
        let key = Key(table: table, control: control)
        lock.lock()
        let cached = results[key]
        lock.unlock()
        if let cached { return cached }
        let result = control.suppress(table)
        lock.lock()
        if results.count >= capacity { results.removeAll(keepingCapacity: true) }
        results[key] = result
        lock.unlock()
        return result
    }
}
