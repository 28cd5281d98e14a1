import Foundation
import ParallelWork
import UppfoljCore

/// Where the figures come from, for the report's metadata.
public struct ReportContext: Sendable, Equatable {
    public var unit: String
    public var journalHeadHash: String
    public var programVersion: String
    /// The day the figures are computed on: it decides which T3 windows have passed.
    public var asOf: Day
    /// The unit's population aged 18+ (its settings), for the rates of indicators with a `ratePer`;
    /// nil when the unit has set none (then those indicators say so and give no rate).
    public var population: ReportPopulation?

    public init(unit: String, journalHeadHash: String, programVersion: String, asOf: Day, population: ReportPopulation? = nil) {
        self.unit = unit
        self.journalHeadHash = journalHeadHash
        self.programVersion = programVersion
        self.asOf = asOf
        self.population = population
    }
}

/// Computes every indicator of a catalogue for a period from case facts, through disclosure
/// control, into a `Report`. Pure and deterministic: the same facts, period, k and catalogue give
/// the same report (facts are taken in a fixed order; nothing depends on dictionary order).
public struct ReportBuilder: Sendable {
    public let catalogue: IndicatorCatalogue
    public let instruments: InstrumentCatalogue
    public let control: DisclosureControl
    public let policy: FollowUpPolicy
    /// Suppression patterns already found (kept by an `IndicatorRollup` between reports).
    let suppressionCache: SuppressionCache?

    public init(catalogue: IndicatorCatalogue = .builtIn, instruments: InstrumentCatalogue,
                control: DisclosureControl, policy: FollowUpPolicy = .standard) {
        self.init(catalogue: catalogue, instruments: instruments, control: control, policy: policy, suppressionCache: nil)
    }

    init(catalogue: IndicatorCatalogue, instruments: InstrumentCatalogue, control: DisclosureControl,
         policy: FollowUpPolicy, suppressionCache: SuppressionCache?) {
        self.catalogue = catalogue
        self.instruments = instruments
        self.control = control
        self.policy = policy
        self.suppressionCache = suppressionCache
    }

    public static func suppressionMethod(k: Int) -> Localized {
        Localized(
            sv: "Primär: antal 1–\(k - 1) visas som .. (k = \(k)); andelar med nämnare under k döljs. "
                + "Sekundär: komplementära celler döljs i varje indikators länkade tabeller (uppdelningar, kategorier, trend) "
                + "tills inget dolt värde kan räknas ut exakt ur publicerade celler och summor; kontrollerat med linjärprogrammering "
                + "(skyddsintervall minst k för små celler). Noll är inte känsligt. Metod \(DisclosureControl.methodVersion).",
            en: "Primary: counts 1–\(k - 1) are shown as .. (k = \(k)); shares with a denominator below k are hidden. "
                + "Secondary: complementary cells are hidden in each indicator's linked tables (breakdowns, categories, trend) "
                + "until no hidden value can be derived exactly from published cells and totals; audited by linear programming "
                + "(protection interval at least k for small cells). Zero is not sensitive. Method \(DisclosureControl.methodVersion).")
    }

    /// The report for `period`, with the previous period's headlines beside it.
    public func report(facts: [CaseFacts], period: ReportPeriod, context: ReportContext) throws(DisclosureError) -> Report {
        if let (current, previous) = countsForReport(facts: facts, period: period, asOf: context.asOf) {
            return try report(counts: current, previous: previous, context: context)
        }
        // The two periods are independent: compute them side by side.
        let results = Parallel.map([period, period.previous]) { part in
            Result { () throws(DisclosureError) -> [IndicatorReport] in
                try self.referenceIndicators(facts: facts, period: part, asOf: context.asOf) { _, _ in }
            }
        }
        return assemble(current: try results[0].get(), previous: try results[1].get(), period: period, context: context)
    }

    /// Every indicator of the catalogue for one period, in two stages:
    /// 1. per population (the same cases: same conditions, period rule and, where it does not
    ///    apply to every case, the same field), one table of its totals, single breakdowns and
    ///    trend parts goes through disclosure control — these "population cells" are the figures
    ///    several indicators share (cases opened, by role, …);
    /// 2. each indicator's linked table then takes those cells as given (published ones as
    ///    anchors that are never hidden as complements, hidden ones as unknowns) and protects
    ///    its own cells (numerators, categories, crossings) around them.
    /// So a shared figure is shown or hidden alike everywhere, and no indicator hides as a
    /// complement a figure another one publishes.
    public func indicators(facts: [CaseFacts], period: ReportPeriod, asOf: Day) throws(DisclosureError) -> [IndicatorReport] {
        try indicators(facts: facts, period: period, asOf: asOf) { _, _ in }
    }

    /// As above; `audit` sees every suppressed table (population tables as "population:<key>",
    /// indicator tables by id) — for the tests that re-check them from the published view.
    func indicators(facts: [CaseFacts], period: ReportPeriod, asOf: Day,
                    audit: (String, SuppressionResult) -> Void) throws(DisclosureError) -> [IndicatorReport] {
        guard let counts = counts(facts: facts, period: period, asOf: asOf) else {
            return try referenceIndicators(facts: facts, period: period, asOf: asOf, audit: audit)
        }
        return try indicators(counts: counts, audit: audit)
    }

    /// The raw counts of every indicator for `period` (see `ReportCounts`); nil when some table
    /// has more than 64 categories in a dimension (then only `referenceIndicators` counts it).
    func counts(facts: [CaseFacts], period: ReportPeriod, asOf: Day) -> ReportCounts? {
        guard var counts = ReportCounts(catalogue: catalogue, instruments: instruments, policy: policy,
                                        period: period, asOf: asOf) else { return nil }
        counts.addAll(facts)
        return counts
    }

    /// Both periods' raw counts, side by side on the cores; nil as for `counts`.
    func countsForReport(facts: [CaseFacts], period: ReportPeriod, asOf: Day) -> (ReportCounts, ReportCounts)? {
        let both = Parallel.map([period, period.previous]) { part in self.counts(facts: facts, period: part, asOf: asOf) }
        guard let current = both[0], let previous = both[1] else { return nil }
        return (current, previous)
    }

    /// The report from both periods' raw counts: only disclosure control and tables remain.
    func report(counts current: ReportCounts, previous: ReportCounts, context: ReportContext) throws(DisclosureError) -> Report {
        let results = Parallel.map([current, previous]) { counts in
            Result { () throws(DisclosureError) -> [IndicatorReport] in try self.indicators(counts: counts) { _, _ in } }
        }
        return assemble(current: try results[0].get(), previous: try results[1].get(), period: current.period, context: context)
    }

    /// The report of a release (an export, the board report): on the export grid, each of the two
    /// periods is decided jointly with the other periods of its year (`jointIndicators`), so that
    /// every release of those periods made from the same facts is cut from one protected pattern.
    /// Off the grid, as `report(facts:period:context:)`.
    public func releaseReport(facts: [CaseFacts], period: ReportPeriod, context: ReportContext) throws(DisclosureError) -> Report {
        try releaseReport(facts: facts, period: period, context: context, history: ReleaseHistory()).report
    }

    /// As above, keeping every decision of the earlier releases in `history` (the release
    /// register: consistent patterns), and with the figures this release shows and hides, for
    /// the register. Periods off the grid are decided alone and register nothing.
    public func releaseReport(facts: [CaseFacts], period: ReportPeriod, context: ReportContext,
                              history: ReleaseHistory) throws(DisclosureError) -> ReleasedReport {
        guard let current = Self.yearHierarchy(of: period), let previous = Self.yearHierarchy(of: period.previous) else {
            return ReleasedReport(report: try report(facts: facts, period: period, context: context), figures: [])
        }
        let periods = current.periods + previous.periods
        let counted = Parallel.map(periods) { part in self.counts(facts: facts, period: part, asOf: context.asOf) }
        guard counted.allSatisfy({ $0 != nil }) else {
            return ReleasedReport(report: try report(facts: facts, period: period, context: context), figures: [])
        }
        let all = counted.map { $0! }
        let split = current.periods.count
        let results = Parallel.map([(Array(all[..<split]), current.target, false), (Array(all[split...]), previous.target, true)]) { hierarchy, target, headlines in
            Result { () throws(DisclosureError) -> (indicators: [IndicatorReport], figures: [ReleasedFigure]) in
                try self.jointIndicators(hierarchy, target: target, history: history, headlinesOnly: headlines) { _, _ in }
            }
        }
        let (now, before) = (try results[0].get(), try results[1].get())
        return ReleasedReport(report: assemble(current: now.indicators, previous: before.indicators, period: period, context: context),
                              figures: now.figures + before.figures)
    }

    private func assemble(current: [IndicatorReport], previous: [IndicatorReport], period: ReportPeriod,
                          context: ReportContext) -> Report {
        var indicators: [IndicatorReport] = []
        for (index, var indicator) in current.enumerated() {
            indicator.previousHeadline = previous[index].headline
            if let per = catalogue.indicators[index].ratePer {
                Self.addRate(to: &indicator, per: per, population: context.population)
            }
            indicators.append(indicator)
        }
        let metadata = ReportMetadata(
            period: period, previousPeriod: period.previous, units: [context.unit],
            minimumCellSize: control.rule.minimumCellSize,
            suppressionMethod: Self.suppressionMethod(k: control.rule.minimumCellSize),
            programVersion: context.programVersion, journalHeadHashes: [context.journalHeadHash],
            computedIn: ReportMonth(context.asOf), catalogueVersion: catalogue.version)
        var report = Report(metadata: metadata, indicators: indicators)
        report.metadata.population = context.population
        return report
    }

    /// Kolada's rate on the headline: its count (a share's numerator) per `per` inhabitants 18+,
    /// hidden exactly when that count is (it is the count divided by a public number), with a
    /// note naming the population used, or saying plainly that none is set. Only the current
    /// period's headline: the population is one year's figure, and breakdowns have none of their own.
    static func addRate(to indicator: inout IndicatorReport, per: Int, population: ReportPopulation?) {
        let perText = per == 10_000 ? "10 000" : String(per)
        let perTextEn = per == 10_000 ? "10,000" : String(per)
        guard let population else {
            indicator.notes.append(L(
                "Ingen befolkningssiffra är angiven för enheten, så ingen kvot per \(perText) invånare 18 år och äldre ges (ange den med uppfolj settings --population-18plus N --population-year ÅR).",
                "The unit has set no population figure, so no rate per \(perTextEn) inhabitants aged 18+ is given (set it with uppfolj settings --population-18plus N --population-year YEAR)."))
            return
        }
        let count = indicator.kind == .share ? indicator.headline.numerator : indicator.headline.count
        indicator.headline.rate = RateFigure(count: count, per: per, population: population.inhabitants18Plus)
        indicator.notes.append(L(
            "Per \(perText) invånare 18 år och äldre: enhetens befolkning \(population.inhabitants18Plus) (år \(population.year)).",
            "Per \(perTextEn) inhabitants aged 18+: the unit's population \(population.inhabitants18Plus) (year \(population.year))."))
    }

    /// Every indicator from raw counts, in the two stages described at `indicators(facts:…)`.
    func indicators(counts: ReportCounts, audit: (String, SuppressionResult) -> Void) throws(DisclosureError) -> [IndicatorReport] {
        let populations = try decidePopulations(keys: counts.groups.map(\.key), tables: counts.populationTables,
                                                narrowings: counts.groups.map { counts.layouts[$0.layouts[0]].narrowing },
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
    private func decidePopulations(keys: [String], tables: [LinkedTable],
                                   narrowings: [(widerKey: String, field: FactField, category: String)?],
                                   audit: (String, SuppressionResult) -> Void) throws(DisclosureError) -> [PopulationCells] {
        var decided: [PopulationCells?] = Array(repeating: nil, count: keys.count)
        for group in keys.indices.sorted(by: { (narrowings[$0] != nil ? 1 : 0, $0) < (narrowings[$1] != nil ? 1 : 0, $1) }) {
            var total: Int??
            if let narrowing = narrowings[group], let wider = keys.firstIndex(of: narrowing.widerKey), let cells = decided[wider],
               let category = tables[wider].dimensions.first(where: { $0.id == narrowing.field.rawValue })?.categories
                .firstIndex(where: { $0.id == narrowing.category }) {
                total = cells.published[PopulationCells.Cell(dimension: narrowing.field.rawValue, category: category)]
            }
            decided[group] = try populationCells(table: tables[group], total: total) { audit("population:" + keys[group], $0) }
        }
        return decided.map { $0! }
    }

    /// Disclosure control of one table, through the cache when there is one (suppression is a
    /// function of the table and the rule alone, so a cached pattern is the pattern).
    private func suppress(_ table: DisclosureTable) -> SuppressionResult {
        if let cache = suppressionCache { return cache.result(for: table, control: control) }
        return control.suppress(table)
    }

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
        for layout in layouts where !keys.contains(layout.populationKey) {
            let key = layout.populationKey
            let sharing = layouts.indices.filter { layouts[$0].populationKey == key }
            keys.append(key)
            tables.append(populationTable(sharing.map { layouts[$0] }, members: sharing.map { memberLists[$0] }))
            narrowings.append(layout.narrowing)
        }
        let decided = try decidePopulations(keys: keys, tables: tables, narrowings: narrowings, audit: audit)
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
            result.append(try indicator(layout, population: decided[keys.firstIndex(of: key)!], table: table, medians: medianValues) {
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
    private struct Member {
        var categories: [[Int]]
        var value: Int?
    }

    /// The cases of a layout's population in the period, in facts order.
    private func members(_ layout: Layout, facts: [CaseFacts], candidates: [(Int, Day)], asOf: Day) -> [Member] {
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
    private func populationTable(_ layouts: [Layout], members perLayout: [[Member]]) -> LinkedTable {
        var table = PopulationGroup.makeTable(layouts)
        let sources = PopulationGroup.sources(layouts, dimensions: table.dimensions)
        // The layouts count the same cases in the same order (that is what sharing a population
        // key means), so their members line up position by position.
        for position in perLayout[0].indices {
            table.add(sources.map { perLayout[$0.0][position].categories[$0.1] })
        }
        return table
    }

    /// Stage 1: the shared population cells of the layouts in one population, suppressed once.
    /// `total`, when given, is the total as a wider population decided it (`Layout.narrowing`):
    /// `.some(nil)` hidden there, `.some(v)` published there. It is the same figure, so it is
    /// decided alike here: known to the reader, or hidden and guarded.
    private func populationCells(table: LinkedTable, total: Int?? = nil,
                                 audit: (SuppressionResult) -> Void) throws(DisclosureError) -> PopulationCells {
        let dimensions = table.dimensions
        let totalIndex = table.keys.firstIndex { $0.values.allSatisfy { $0 == LinkedTable.Key.total } }
        let disclosure = try DisclosureTable(
            cells: table.counts.indices.map { index in
                guard index == totalIndex, let total else { return DisclosureTable.Cell(value: table.counts[index]) }
                return DisclosureTable.Cell(value: table.counts[index], isPublished: total != nil, isAnchor: total != nil,
                                            isHiddenElsewhere: total == nil)
            },
            constraints: table.constraints.map { DisclosureTable.AdditiveConstraint(total: $0.total, parts: $0.parts) })
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
                    return DisclosureTable.Cell(value: value)
                }
                // Published for the population: an anchor. Hidden there: unknown here too, and it
                // must stay as well protected here as there (every hidden count, docs/domain.md §7).
                return DisclosureTable.Cell(value: value, isPublished: decided != nil, isAnchor: decided != nil,
                                            isHiddenElsewhere: decided == nil)
            }
            let disclosure = try DisclosureTable(
                cells: cells,
                constraints: table.constraints.map { DisclosureTable.AdditiveConstraint(total: $0.total, parts: $0.parts) })
            let suppressed = suppress(disclosure)
            audit(suppressed)
            statuses = suppressed.statuses
        }
        return (layout.render(table: table, statuses: statuses, medians: medians, k: k), statuses)
    }
}

/// A release's report and the figures it shows and hides (for the release register).
public struct ReleasedReport: Sendable {
    public var report: Report
    public var figures: [ReleasedFigure]
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

/// How one indicator's cases map to table dimensions, and how the suppressed cells become
/// report tables.
final class Layout: Sendable {
    let definition: IndicatorDefinition
    let dimensions: [LinkedTable.Dimension]
    let patterns: [[Int]]
    /// Dimension indices.
    let outcome: Int?
    let category: Int?
    let breakdowns: [Int]
    let trend: Int?
    let numeratorCategories: Set<Int>
    let numeratorIds: Set<String>
    let periodParts: [ReportPeriod]
    let categoryIndex: [[String: Int]]
    /// For counting by masks (`fill`): the period's first and last day, each trend part's, the
    /// population conditions as masks over their field's categories (with the names, for values
    /// outside them), and the numerator's categories as a mask over the field's categories.
    let firstDay: Day
    let lastDay: Day
    let partDays: [(first: Day, last: Day)]
    let conditionMasks: [(field: FactField, allowed: UInt64, names: Set<String>)]
    let numeratorMask: UInt64
    /// Every dimension (and condition field) has at most 64 categories, so masks can count it.
    let fitsMasks: Bool

    init(definition: IndicatorDefinition, period: ReportPeriod, instruments: InstrumentCatalogue) {
        self.definition = definition
        var dimensions: [LinkedTable.Dimension] = []
        var outcome: Int?, category: Int?, trend: Int?
        var numerator = Set<Int>()
        switch definition.measure {
        case .share(let field, let numeratorIds):
            outcome = dimensions.count
            dimensions.append(.init(id: "outcome", categories: [ReportCategory(id: "yes", name: L("Ja", "Yes")),
                                                                ReportCategory(id: "no", name: L("Nej", "No"))], additive: true))
            let categories = field.categories(instruments: instruments)
            numerator = Set(categories.indices.filter { numeratorIds.contains(categories[$0].id) })
            // The categories table is shown when it says more than yes/no.
            if categories.count > 2 || numerator.count > 1 {
                category = dimensions.count
                dimensions.append(.init(id: "category", categories: categories, additive: true))
            }
        case .distribution(let field), .funnel(let field, _):
            category = dimensions.count
            dimensions.append(.init(id: "category",
                                    categories: field.categories(instruments: instruments),
                                    additive: field.shape == .category))
        case .count, .median:
            break
        }
        var breakdowns: [Int] = []
        for field in definition.breakdowns {
            breakdowns.append(dimensions.count)
            dimensions.append(.init(id: field == .interventionTypes ? "interventionType" : field.rawValue,
                                    categories: field.categories(instruments: instruments),
                                    additive: field.shape == .category))
        }
        let parts = period.trendParts
        if parts.count > 1 {
            trend = dimensions.count
            dimensions.append(.init(id: "period", categories: parts.map { ReportCategory(id: $0.description, name: L($0.description, $0.description)) },
                                    additive: true))
        }
        self.periodParts = parts
        self.dimensions = dimensions
        self.outcome = outcome
        self.category = category
        self.breakdowns = breakdowns
        self.trend = trend
        self.numeratorCategories = numerator
        self.numeratorIds = Set(definition.measure.numerator)

        // Patterns: the total, each breakdown alone (or every combination when crossed), the trend;
        // for shares each of those also split by outcome; categories at the total level and, for
        // distributions, by each breakdown.
        var base: [[Int]] = [[]]
        if definition.crossBreakdowns {
            for mask in 1..<(1 << breakdowns.count) {
                base.append(breakdowns.indices.filter { mask & (1 << $0) != 0 }.map { breakdowns[$0] })
            }
        } else {
            base += breakdowns.map { [$0] }
            // `cross`: every combination of two or more of the named breakdowns.
            let crossed = definition.cross.compactMap { field in definition.breakdowns.firstIndex(of: field).map { breakdowns[$0] } }
            if crossed.count > 1 {
                for mask in 1..<(1 << crossed.count) where mask.nonzeroBitCount > 1 {
                    base.append(crossed.indices.filter { mask & (1 << $0) != 0 }.map { crossed[$0] })
                }
            }
        }
        if let trend { base.append([trend]) }
        var patterns = base
        if let outcome { patterns += base.map { $0 + [outcome] } }
        if let category {
            if definition.kind == .share {
                patterns.append([category])
            } else {
                patterns += base.filter { !$0.contains(trend ?? -1) }.map { $0 + [category] }
            }
        }
        self.patterns = patterns
        categoryIndex = dimensions.map { dimension in
            Dictionary(uniqueKeysWithValues: dimension.categories.enumerated().map { ($1.id, $0) })
        }
        firstDay = period.firstDay
        lastDay = period.lastDay
        partDays = parts.map { ($0.firstDay, $0.lastDay) }
        conditionMasks = definition.population.map { condition in
            (condition.field, categoryBits(condition.in, among: condition.field.categories(instruments: instruments)), Set(condition.in))
        }
        numeratorMask = definition.field.map { categoryBits(definition.measure.numerator, among: $0.categories(instruments: instruments)) } ?? 0
        fitsMasks = dimensions.allSatisfy { $0.categories.count <= 64 }
            && definition.population.allSatisfy { $0.field.categories(instruments: instruments).count <= 64 }
            && (definition.field.map { $0.categories(instruments: instruments).count <= 64 } ?? true)
    }

    /// Whether `day` (the case's date in the period field) lies in the period.
    func isInPeriod(_ day: Day) -> Bool { day >= firstDay && day <= lastDay }

    /// The same decision as `categories(of:day:asOf:policy:)` (and the population conditions
    /// before it), by masks: false when the case is not counted; else `masks[d]` has bit c set
    /// for each category c of dimension d the case is in. Allocates nothing.
    func fill(_ masks: inout [UInt64], facts: CaseFacts, day: Day, coder: FieldCoder) -> Bool {
        for condition in conditionMasks {
            let mask = coder.mask(condition.field, of: facts)
            if mask.bits & condition.allowed != 0 { continue }
            if mask.outside, condition.field.values(of: facts, asOf: coder.asOf, policy: coder.policy)
                .contains(where: condition.names.contains) { continue }
            return false
        }
        for dimension in masks.indices { masks[dimension] = 0 }
        if let field = definition.field {
            let mask = coder.mask(field, of: facts)
            if mask.isEmpty { return false }
            if let category {
                if mask.bits == 0 { return false }
                masks[category] = mask.bits
            }
            if let outcome {
                var isNumerator = mask.bits & numeratorMask != 0
                if !isNumerator && mask.outside {
                    isNumerator = field.values(of: facts, asOf: coder.asOf, policy: coder.policy).contains(where: numeratorIds.contains)
                }
                masks[outcome] = isNumerator ? 0b01 : 0b10   // "yes" is category 0, "no" category 1
            }
        }
        if definition.kind == .median {
            guard definition.value?.number(of: facts) != nil else { return false }
        }
        for (position, field) in definition.breakdowns.enumerated() {
            let dimension = breakdowns[position]
            let bits = coder.mask(field, of: facts).bits
            if dimensions[dimension].additive && bits == 0 { return false }
            masks[dimension] = bits
        }
        if let trend {
            guard let part = partDays.firstIndex(where: { day >= $0.first && day <= $0.last }) else { return false }
            masks[trend] = 1 << UInt64(part)
        }
        return true
    }

    /// The population cell a key stands for (no outcome fixed, at most one breakdown, trend part or
    /// category of a single-valued field), or nil for the indicator's own cells.
    func populationCell(_ key: LinkedTable.Key) -> PopulationCells.Cell? {
        if let outcome, key.values[outcome] != LinkedTable.Key.total { return nil }
        let fixed = key.values.indices.filter { key.values[$0] != LinkedTable.Key.total }
        guard fixed.count <= 1 else { return nil }
        if let category, fixed.first == category {
            // A category of a single-valued field (honour = yes in indicator 15) counts the same
            // cases as that category of the field as a breakdown (honour = yes in indicator 2).
            guard let field = definition.field, field.shape == .category else { return nil }
            return PopulationCells.Cell(dimension: field.rawValue, category: key.values[category])
        }
        return PopulationCells.Cell(dimension: fixed.first.map { dimensions[$0].id }, category: fixed.first.map { key.values[$0] })
    }

    /// The cells of the headline: the total, and for a share its numerator (outcome = yes).
    func isHeadline(_ key: LinkedTable.Key) -> Bool {
        key.values.indices.allSatisfy { d in key.values[d] == LinkedTable.Key.total || (d == outcome && key.values[d] == 0) }
    }

    /// A crossing of the population's own breakdowns (two or more fixed, no outcome and no
    /// category): the same figure in every indicator of the population that shows it.
    func isCrossing(_ key: LinkedTable.Key) -> Bool {
        if let outcome, key.values[outcome] != LinkedTable.Key.total { return false }
        if let category, key.values[category] != LinkedTable.Key.total { return false }
        return key.values.filter { $0 != LinkedTable.Key.total }.count >= 2
    }

    /// A cell's name across releases (`ReleasedFigure.cell`): "total", or its fixed categories as
    /// "dimension=category" joined by "|", dimension ids sorted.
    func cellName(_ key: LinkedTable.Key) -> String {
        let parts = key.values.indices.compactMap { d -> String? in
            key.values[d] == LinkedTable.Key.total ? nil : "\(dimensions[d].id)=\(dimensions[d].categories[key.values[d]].id)"
        }.sorted()
        return parts.isEmpty ? "total" : parts.joined(separator: "|")
    }

    /// When this population is a wider one narrowed by one category of one single-valued field
    /// (indicator 6's closed victims within all closed cases): the wider population's key, the
    /// field and the category. Its total is the wider population's cell for that category.
    var narrowing: (widerKey: String, field: FactField, category: String)? {
        guard definition.population.count == 1, let only = definition.population.first, only.in.count == 1,
              only.field.shape == .category else { return nil }
        var key = "|\(definition.period.rawValue)"
        if let field = definition.field, !field.appliesToEveryCase(placedBy: definition.period) { key += "|\(field.rawValue)" }
        if let value = definition.value { key += "|\(value.rawValue)" }
        return (key, only.field, only.in[0])
    }

    /// Indicators with equal keys count exactly the same cases: the same conditions and period
    /// rule, and the same requirement that the field (or value) applies where it does not to all.
    var populationKey: String {
        let conditions = definition.population.map { "\($0.field.rawValue)∈\($0.in.sorted())" }.sorted().joined(separator: "&")
        var key = "\(conditions)|\(definition.period.rawValue)"
        if let field = definition.field, !field.appliesToEveryCase(placedBy: definition.period) { key += "|\(field.rawValue)" }
        if let value = definition.value { key += "|\(value.rawValue)" }
        return key
    }

    func makeTable() -> LinkedTable {
        var table = LinkedTable(dimensions: dimensions, patterns: patterns)
        if definition.kind == .share, let outcome, let category {
            // outcome "yes" = the numerator categories, "no" = the rest: links the two views.
            var totalKey = LinkedTable.Key(values: Array(repeating: LinkedTable.Key.total, count: dimensions.count))
            for (value, members) in [(0, numeratorCategories), (1, Set(dimensions[category].categories.indices).subtracting(numeratorCategories))] {
                totalKey.values[outcome] = value
                let parts = members.sorted().map { member -> LinkedTable.Key in
                    var key = LinkedTable.Key(values: Array(repeating: LinkedTable.Key.total, count: dimensions.count))
                    key.values[category] = member
                    return key
                }
                table.addConstraint(total: totalKey, parts: parts)
            }
        }
        return table
    }

    /// The categories of one case per dimension; nil when the case is outside the indicator
    /// (its field does not apply).
    func categories(of facts: CaseFacts, day: Day, asOf: Day, policy: FollowUpPolicy) -> [[Int]]? {
        var result = Array(repeating: [Int](), count: dimensions.count)
        if let field = definition.field {
            let values = field.values(of: facts, asOf: asOf, policy: policy)
            guard !values.isEmpty else { return nil }
            if let category {
                result[category] = values.compactMap { categoryIndex[category][$0] }
                guard !result[category].isEmpty else { return nil }
            }
            if let outcome { result[outcome] = [values.contains(where: numeratorIds.contains) ? 0 : 1] }
        }
        if definition.kind == .median {
            guard definition.value?.number(of: facts) != nil else { return nil }
        }
        for (position, field) in definition.breakdowns.enumerated() {
            let dimension = breakdowns[position]
            result[dimension] = field.values(of: facts, asOf: asOf, policy: policy).compactMap { categoryIndex[dimension][$0] }
            if dimensions[dimension].additive && result[dimension].isEmpty { return nil }
        }
        if let trend {
            guard let part = periodParts.firstIndex(where: { $0.contains(day) }) else { return nil }
            result[trend] = [part]
        }
        return result
    }

    /// Keys of the count cells a median belongs to.
    func keysForMedian(_ categories: [[Int]]) -> [LinkedTable.Key] {
        var keys: [LinkedTable.Key] = []
        for pattern in patterns {
            var partial: [[Int]] = [Array(repeating: LinkedTable.Key.total, count: dimensions.count)]
            for dimension in pattern {
                partial = partial.flatMap { key in categories[dimension].map { var k = key; k[dimension] = $0; return k } }
            }
            keys += partial.map { LinkedTable.Key(values: $0) }
        }
        return keys
    }

    // MARK: Rendering

    func render(table: LinkedTable, statuses: [CellStatus], medians: [[Int]], k: Int) -> IndicatorReport {
        func figure(_ key: LinkedTable.Key) -> Figure? {
            guard let index = table.index(of: key) else { return nil }
            return Figure(statuses[index].publishedValue)
        }
        func key(_ fixed: [Int: Int]) -> LinkedTable.Key {
            var values = Array(repeating: LinkedTable.Key.total, count: dimensions.count)
            for (dimension, category) in fixed { values[dimension] = category }
            return LinkedTable.Key(values: values)
        }
        func row(_ fixed: [Int: Int], label: [String]) -> ReportRow {
            switch definition.kind {
            case .count, .distribution, .funnel:
                return ReportRow(key: label, count: figure(key(fixed)))
            case .share:
                var yes = fixed
                yes[outcome!] = 0
                let numerator = figure(key(yes)), denominator = figure(key(fixed))
                let share: ShareFigure
                if let n = numerator?.value, let d = denominator?.value, d > 0 {
                    share = ShareFigure(numerator: n, denominator: d)
                } else {
                    share = .suppressed
                }
                return ReportRow(key: label, numerator: numerator, denominator: denominator, share: share)
            case .median:
                let n = figure(key(fixed))
                var median = Figure.suppressed
                if n?.value != nil, let cell = table.index(of: key(fixed)), !medians[cell].isEmpty {
                    let values = medians[cell]
                    median = Figure(Self.median(values))
                }
                return ReportRow(key: label, median: median)
            }
        }

        var tables: [ReportTable] = []
        func dimension(_ index: Int) -> ReportDimension {
            let field: FactField? = index == category ? definition.field
                : breakdowns.firstIndex(of: index).map { definition.breakdowns[$0] }
            let name = index == trend ? L("Period", "Period") : field?.name ?? L(dimensions[index].id, dimensions[index].id)
            return ReportDimension(id: dimensions[index].id, name: name, categories: dimensions[index].categories)
        }
        /// A table over `dims` with every combination and its margins ("total").
        func grid(_ kind: ReportTableKind, title: Localized, dims: [Int], countOnly: Bool = false) -> ReportTable {
            var rows: [ReportRow] = []
            var combos: [[Int: Int]] = [[:]]
            for d in dims {
                combos = combos.flatMap { combo in
                    (dimensions[d].categories.indices.map { Optional($0) } + [nil]).map { value -> [Int: Int] in
                        var next = combo
                        if let value { next[d] = value }
                        return next
                    }
                }
            }
            for combo in combos where table.index(of: key(combo)) != nil {
                let label = dims.map { d in combo[d].map { dimensions[d].categories[$0].id } ?? ReportRow.total }
                rows.append(countOnly ? ReportRow(key: label, count: figure(key(combo))) : row(combo, label: label))
            }
            return ReportTable(kind: kind, title: title, dimensions: dims.map(dimension), rows: rows)
        }

        let headline = row([:], label: [])
        if definition.crossBreakdowns && breakdowns.count > 1 {
            let title = Localized(sv: definition.breakdowns.map(\.name.sv).joined(separator: " × "),
                                  en: definition.breakdowns.map(\.name.en).joined(separator: " × "))
            tables.append(grid(.crossing(definition.breakdowns), title: title, dims: breakdowns))
        }
        if !definition.crossBreakdowns && definition.cross.count > 1 {
            let fields = definition.cross
            let title = Localized(sv: fields.map(\.name.sv).joined(separator: " × "), en: fields.map(\.name.en).joined(separator: " × "))
            let dims = fields.compactMap { field in definition.breakdowns.firstIndex(of: field).map { breakdowns[$0] } }
            tables.append(grid(.crossing(fields), title: title, dims: dims))
        }
        for (position, dimensionIndex) in breakdowns.enumerated() {
            let field = definition.breakdowns[position]
            let title = Localized(sv: "Efter \(field.name.sv.lowercased())", en: "By \(field.name.en.lowercased())")
            if definition.kind == .distribution, let category {
                tables.append(grid(.breakdown(field), title: title, dims: [category, dimensionIndex], countOnly: true))
            } else {
                tables.append(grid(.breakdown(field), title: title, dims: [dimensionIndex]))
            }
        }
        if let category, let field = definition.field {
            if case .funnel(_, let stages) = definition.measure {
                tables.append(funnelTable(stages: stages, table: table, statuses: statuses, category: category, key: key))
            }
            tables.append(grid(.categories, title: field.name, dims: [category], countOnly: true))
        }
        if let trend {
            tables.append(grid(.trend, title: L("Trend", "Trend"), dims: [trend]))
        }
        var notes: [Localized] = []
        if definition.kind == .median {
            notes.append(L("Medianen visas bara när den bygger på minst \(k) ärenden; antalet visas inte.",
                           "The median is shown only when it rests on at least \(k) cases; the number is not shown."))
        }
        if definition.field?.shape == .multiCategory || definition.breakdowns.contains(where: { $0.shape == .multiCategory }) {
            notes.append(L("Ett ärende kan höra till flera kategorier; kategorierna summerar inte till totalen.",
                           "A case may be in several categories; the categories do not add up to the total."))
        }
        return IndicatorReport(id: definition.id, number: definition.number, name: definition.name,
                               definition: definition.definition, kind: definition.kind, headline: headline,
                               previousHeadline: nil, tables: tables, notes: notes)
    }

    /// Cumulative stage counts, each published only when it follows from published cells.
    private func funnelTable(stages: [FunnelStage], table: LinkedTable, statuses: [CellStatus], category: Int,
                             key: ([Int: Int]) -> LinkedTable.Key) -> ReportTable {
        let all = Set(dimensions[category].categories.indices)
        func published(_ members: Set<Int>) -> Int? {
            let values = members.map { statuses[table.index(of: key([category: $0]))!].publishedValue }
            if values.allSatisfy({ $0 != nil }) { return values.reduce(0) { $0 + $1! } }
            let total = statuses[table.index(of: key([:]))!].publishedValue
            let rest = all.subtracting(members).map { statuses[table.index(of: key([category: $0]))!].publishedValue }
            if let total, rest.allSatisfy({ $0 != nil }) { return total - rest.reduce(0) { $0 + $1! } }
            return nil
        }
        let rows = stages.map { stage in
            let members = Set(stage.categories.compactMap { categoryIndex[category][$0] })
            return ReportRow(key: [stage.id], count: Figure(published(members)))
        }
        let dimension = ReportDimension(id: "stage", name: L("Steg", "Stage"),
                                        categories: stages.map { ReportCategory(id: $0.id, name: $0.name) })
        return ReportTable(kind: .stages, title: definition.name, dimensions: [dimension], rows: rows)
    }

    /// The median, halves rounded up.
    static func median(_ values: [Int]) -> Int {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        let sum = sorted[middle - 1] + sorted[middle]
        return (sum + 1) / 2
    }
}
