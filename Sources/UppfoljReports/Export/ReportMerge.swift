import UppfoljCore

/// Combines the exports of several units (e.g. a region) — only where it is honest:
/// - the inputs must agree on period, format version, indicator catalogue and k;
/// - a count is the sum of the units' counts when every unit published it; if any unit hid it,
///   the merged figure is `..` too (a sum over a hidden figure cannot be known, and guessing would
///   reveal the hidden one);
/// - shares are recomputed from the merged numerator and denominator;
/// - medians cannot be combined from medians: they are `..` with a note.
/// Every merged figure is a function of published figures only, so a merge never reveals more
/// than its inputs did.
public enum ReportMerge {
    public struct MergeError: Error, Equatable, CustomStringConvertible {
        public let message: Localized
        public var description: String { message.sv }
    }

    public static func merge(_ reports: [Report]) throws(MergeError) -> Report {
        guard let first = reports.first else {
            throw MergeError(message: Localized(sv: "Inga exporter att slå samman.", en: "No exports to merge."))
        }
        for report in reports.dropFirst() {
            let a = first.metadata, b = report.metadata
            func refuse(_ sv: String, _ en: String) -> MergeError {
                MergeError(message: Localized(sv: "Exporterna kan inte slås samman: \(sv).", en: "The exports cannot be merged: \(en)."))
            }
            if a.period != b.period { throw refuse("olika perioder (\(a.period) och \(b.period))", "different periods (\(a.period) and \(b.period))") }
            if a.formatVersion != b.formatVersion { throw refuse("olika formatversioner", "different format versions") }
            if a.catalogueVersion != b.catalogueVersion {
                throw refuse("olika indikatorkataloger (\(a.catalogueVersion) och \(b.catalogueVersion))",
                             "different indicator catalogues (\(a.catalogueVersion) and \(b.catalogueVersion))")
            }
            if a.minimumCellSize != b.minimumCellSize {
                throw refuse("olika k (\(a.minimumCellSize) och \(b.minimumCellSize))", "different k (\(a.minimumCellSize) and \(b.minimumCellSize))")
            }
            if report.indicators.map(\.id) != first.indicators.map(\.id) { throw refuse("olika indikatorer", "different indicators") }
            if Set(a.units).intersection(b.units).isEmpty == false {
                throw refuse("samma enhet finns i flera exporter", "the same unit is in several exports")
            }
        }
        // The same journal under two unit names would double every figure (and a reader could
        // subtract the honest export from the doubled one): a journal is identified by its head hash.
        var seenHeads: Set<String> = []
        for report in reports {
            for head in report.metadata.journalHeadHashes where !seenHeads.insert(head).inserted {
                throw MergeError(message: Localized(
                    sv: "Exporterna kan inte slås samman: samma journal (huvudhash \(head.prefix(12))…) finns i flera exporter.",
                    en: "The exports cannot be merged: the same journal (head hash \(head.prefix(12))…) is in several exports."))
            }
        }
        var metadata = first.metadata
        metadata.units = reports.flatMap(\.metadata.units)
        metadata.journalHeadHashes = reports.flatMap(\.metadata.journalHeadHashes)
        metadata.programVersion = Array(Set(reports.map(\.metadata.programVersion))).sorted().joined(separator: ", ")
        metadata.computedIn = reports.map(\.metadata.computedIn).max()!
        metadata.asOf = reports.compactMap(\.metadata.asOf).max()
        metadata.suppressionMethod = Localized(
            sv: first.metadata.suppressionMethod.sv + " Sammanslagning av \(reports.count) enheter: summor av publicerade tal; "
                + "ett tal som är dolt i någon enhet är dolt även i summan; andelar räknas om; medianer kan inte slås samman.",
            en: first.metadata.suppressionMethod.en + " Merge of \(reports.count) units: sums of published figures; "
                + "a figure hidden in any unit stays hidden in the sum; shares recomputed; medians cannot be merged.")
        // Rates: over the units' populations added up, when every unit gave one for the same year.
        let populations = reports.compactMap(\.metadata.population)
        if populations.count == reports.count, Set(populations.map(\.year)).count == 1 {
            metadata.population = ReportPopulation(inhabitants18Plus: populations.reduce(0) { $0 + $1.inhabitants18Plus },
                                                   year: populations[0].year)
        } else {
            metadata.population = nil
        }
        var indicators: [IndicatorReport] = []
        for (index, indicator) in first.indicators.enumerated() {
            let parts = reports.map { $0.indicators[index] }
            var merged = indicator
            merged.headline = mergeRows(parts.map(\.headline))
            merged.previousHeadline = parts.allSatisfy({ $0.previousHeadline != nil })
                ? mergeRows(parts.map { $0.previousHeadline! }) : nil
            merged.tables = indicator.tables.map { table in
                var result = table
                result.rows = table.rows.map { row in
                    mergeRows(parts.map { part in part.table(table.kind)?.row(row.key) ?? ReportRow(key: row.key) }, like: row)
                }
                return result
            }
            if let per = parts.lazy.compactMap({ $0.headline.rate?.per }).first {
                merged.notes.removeAll { $0.sv.hasPrefix("Per ") || $0.sv.hasPrefix("Ingen befolkningssiffra") }
                if let population = metadata.population {
                    let count = indicator.kind == .share ? merged.headline.numerator : merged.headline.count
                    merged.headline.rate = RateFigure(count: count, per: per, population: population.inhabitants18Plus)
                    merged.notes.append(Localized(sv: "Per \(per) invånare 18 år och äldre: enheternas befolkning sammanlagt \(population.inhabitants18Plus) (år \(population.year)).",
                                                  en: "Per \(per) inhabitants aged 18+: the units' population together \(population.inhabitants18Plus) (year \(population.year))."))
                } else {
                    merged.notes.append(Localized(sv: "Ingen kvot per invånare: alla enheter har inte angett befolkning för samma år.",
                                                  en: "No rate per inhabitants: not every unit gave a population for the same year."))
                }
            }
            if indicator.kind == .median {
                merged.notes.append(Localized(sv: "Medianer kan inte slås samman mellan enheter och visas som ..",
                                              en: "Medians cannot be combined across units and show as .."))
            }
            indicators.append(merged)
        }
        return Report(metadata: metadata, indicators: indicators)
    }

    /// One row from the same row of every unit.
    private static func mergeRows(_ rows: [ReportRow], like template: ReportRow? = nil) -> ReportRow {
        let shape = template ?? rows[0]
        func sum(_ figure: (ReportRow) -> Figure?) -> Figure? {
            guard figure(shape) != nil else { return nil }
            var total = 0
            for row in rows {
                guard let value = figure(row)?.value else { return .suppressed }
                total += value
            }
            return Figure(total)
        }
        var merged = ReportRow(key: shape.key)
        merged.count = sum(\.count)
        merged.numerator = sum(\.numerator)
        merged.denominator = sum(\.denominator)
        if shape.share != nil {
            if let n = merged.numerator?.value, let d = merged.denominator?.value, d > 0 {
                merged.share = ShareFigure(numerator: n, denominator: d)
            } else {
                merged.share = .suppressed
            }
        }
        if shape.median != nil { merged.median = .suppressed }
        return merged
    }
}
