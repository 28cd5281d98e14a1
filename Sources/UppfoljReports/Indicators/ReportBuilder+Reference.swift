import UppfoljCore

// Counting by the names of the categories, the original way: for tables a 64-bit mask cannot
// hold, for the tests that check the counting by masks against it, and for `rawCells`.
extension ReportBuilder {
    /// The same report, counted the original way: each indicator's members found by the names of
    /// their categories (`FactField.values`). For tables a 64-bit mask cannot hold, and for the
    /// tests that check the counting by masks against it.
    func referenceIndicators(facts: [CaseFacts], period: ReportPeriod, asOf: Day,
                             audit: (String, SuppressionResult) -> Void) throws(DisclosureError) -> [IndicatorReport] {
        let layouts = catalogue.indicators.map { Layout(definition: $0, period: period, instruments: instruments) }
        // Each date field's cases in the period, found once (most cases lie outside any period).
        var inPeriod: [FactField: [(Int, Day)]] = [:]
        for field in Set(catalogue.indicators.map(\.period)) {
            inPeriod[field] = facts.indices.compactMap { index in
                field.day(of: facts[index]).flatMap { period.contains($0) ? (index, $0) : nil }
            }
        }
        let memberLists = layouts.map { self.members($0, facts: facts, candidates: inPeriod[$0.definition.period]!, asOf: asOf) }
        var keys: [String] = []
        var tables: [LinkedTable] = []
        var narrowings: [(widerKey: String, field: FactField, category: String)?] = []
        var headlines: [Bool] = []
        for layout in layouts where !keys.contains(layout.populationKey) {
            let key = layout.populationKey
            let sharing = layouts.indices.filter { layouts[$0].populationKey == key }
            keys.append(key)
            tables.append(populationTable(sharing.map { layouts[$0] }, members: sharing.map { memberLists[$0] }))
            narrowings.append(layout.narrowing)
            headlines.append(layout.prefersHeadlines)
        }
        var decided = try decidePopulations(keys: keys, tables: tables, narrowings: narrowings, headlines: headlines, audit: audit)
        var result: [IndicatorReport] = []
        for (index, layout) in layouts.enumerated() {
            let key = layout.populationKey
            var table = layout.makeTable()
            var medianValues = Array(repeating: [Int](), count: table.keys.count)
            for member in memberLists[index] {
                table.add(member.categories)
                if let value = member.value {
                    for key in layout.keysForMedian(member.categories) { medianValues[table.index(of: key)!].append(value) }
                }
            }
            result.append(try indicator(layout, population: &decided[keys.firstIndex(of: key)!], table: table, medians: medianValues) {
                audit(layout.definition.id, $0)
            })
        }
        return result
    }

    /// One indicator's cell counts BEFORE disclosure control, keyed like "total", "role=victim",
    /// "outcome=yes|role=victim", "category=goalFullyMet", "period=2025Q1"; medians as
    /// "median:<key>". Same layout and counting as `indicators`. For tests of the definitions and
    /// the benchmark only: these figures must never be shown or exported.
    public func rawCells(_ id: String, facts: [CaseFacts], period: ReportPeriod, asOf: Day) -> [String: Int] {
        guard let index = catalogue.indicators.firstIndex(where: { $0.id == id }) else { return [:] }
        let definition = catalogue.indicators[index]
        let layout = Layout(definition: definition, period: period, instruments: instruments)
        var table: LinkedTable
        var medians: [[Int]]
        if let single = try? IndicatorCatalogue(version: catalogue.version, indicators: [definition]),
           var counts = ReportCounts(catalogue: single, instruments: instruments, policy: policy, period: period, asOf: asOf) {
            counts.addAll(facts)
            table = counts.tables[0]
            medians = counts.medians[0]
        } else {
            let candidates = facts.indices.compactMap { index in
                definition.period.day(of: facts[index]).flatMap { period.contains($0) ? (index, $0) : nil }
            }
            table = layout.makeTable()
            medians = Array(repeating: [], count: table.keys.count)
            for member in members(layout, facts: facts, candidates: candidates, asOf: asOf) {
                table.add(member.categories)
                if let value = member.value {
                    for key in layout.keysForMedian(member.categories) { medians[table.index(of: key)!].append(value) }
                }
            }
        }
        func name(_ key: LinkedTable.Key) -> String {
            let parts = key.values.indices.compactMap { d -> String? in
                key.values[d] == LinkedTable.Key.total ? nil
                    : "\(layout.dimensions[d].id)=\(layout.dimensions[d].categories[key.values[d]].id)"
            }.sorted()
            return parts.isEmpty ? "total" : parts.joined(separator: "|")
        }
        var result: [String: Int] = [:]
        for (index, key) in table.keys.enumerated() {
            result[name(key)] = table.counts[index]
            if !medians[index].isEmpty { result["median:" + name(key)] = Layout.median(medians[index]) }
        }
        return result
    }

    /// One case of an indicator's population: its categories per dimension, and its value for a median.
    struct Member {
        var categories: [[Int]]
        var value: Int?
    }

    /// The cases of a layout's population in the period, in facts order.
    func members(_ layout: Layout, facts: [CaseFacts], candidates: [(Int, Day)], asOf: Day) -> [Member] {
        let definition = layout.definition
        let conditions = definition.population.map { ($0.field, Set($0.in)) }
        var members: [Member] = []
        for (index, day) in candidates {
            let case_ = facts[index]
            guard conditions.allSatisfy({ field, allowed in
                field.values(of: case_, asOf: asOf, policy: policy).contains(where: allowed.contains)
            }) else { continue }
            guard let categories = layout.categories(of: case_, day: day, asOf: asOf, policy: policy) else { continue }
            members.append(Member(categories: categories, value: definition.value?.number(of: case_)))
        }
        return members
    }

    /// Stage 1's table (reference counting): the population's totals, single breakdowns and trend.
    func populationTable(_ layouts: [Layout], members perLayout: [[Member]]) -> LinkedTable {
        var table = PopulationGroup.makeTable(layouts)
        let sources = PopulationGroup.sources(layouts, dimensions: table.dimensions)
        // The layouts count the same cases in the same order (that is what sharing a population
        // key means), so their members line up position by position.
        for position in perLayout[0].indices {
            table.add(sources.map { perLayout[$0.0][position].categories[$0.1] })
        }
        return table
    }
}
