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
        report.metadata.asOf = context.asOf
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
}

/// A release's report and the figures it shows and hides (for the release register).
public struct ReleasedReport: Sendable {
    public var report: Report
    public var figures: [ReleasedFigure]
}
