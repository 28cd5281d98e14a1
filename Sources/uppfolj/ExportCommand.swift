import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljReports
import UppfoljStore

/// `uppfolj export`: the anonymised indicator figures of a period, for receivers outside the unit.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Exportera anonymiserade indikatorer / Export anonymised indicator figures.",
        discussion: """
        Only group-level figures leave: counts below k show as .., complementary cells are hidden so \
        no hidden figure can be derived, and there are no case codes, dates finer than a month, birth \
        years, workers or free text. The header states period, unit, k, method, program version and \
        the journal's head hash.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }
    enum Dialect: String, ExpressibleByArgument, CaseIterable { case rfc, sv }

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @OptionGroup var figures: FigureOptions
    @Option(help: "csv or json.") var format: Format = .json
    @Option(help: "CSV dialect: rfc (RFC 4180, comma, . decimals) or sv (; and decimal comma, UTF-8 BOM, for Swedish spreadsheets).")
    var dialect: Dialect = .rfc
    @Option(help: ArgumentHelp("The file to write (- for standard output).", valueName: "file")) var out: String
    @Option(help: "Worker id in the access log (default: the OS user name).") var worker: String?

    func run() throws {
        let today = Day.today()
        let period = try figures.reportPeriod(today: today, common)
        // Periods on a grid (issue 14 item 2): only calendar quarters and years leave the unit, so
        // every release, its previous-period row and its trend rows (quarters) are grid periods.
        // A range equal to a grid period is that period (2025Q1..2025Q4 reads as 2025).
        guard period.isOnReleaseGrid else {
            printError(common.say(
                "Perioden \(period) ligger inte i exportens rutnät: exportera ett kvartal (t.ex. 2025Q1) eller ett år (t.ex. 2025). Månader, godtyckliga intervall och rullande perioder exporteras inte, eftersom skillnader mellan överlappande perioder kan röja små antal.",
                "The period \(period) is not on the export grid: export a quarter (e.g. 2025Q1) or a year (e.g. 2025). Months, arbitrary ranges and rolling periods are not exported, since differences between overlapping periods can reveal small counts."))
            throw Exit.refused
        }
        let catalogue = try figures.indicatorCatalogue(common)
        let instruments = try loadCatalogue(common)
        // --override-policy is the admin's (issue 16); the export itself a manager's.
        let store = try openStore(journal.path, common, catalogue: instruments, readOnly: true,
                                  allow: figures.overridePolicy ? Roles.admin : Roles.figures,
                                  what: figures.overridePolicy ? Localized(sv: "export --override-policy", en: "export --override-policy")
                                      : Localized(sv: "uppfolj export", en: "uppfolj export"), worker: worker)
        let who = try identity(store, given: worker, common)
        let control = try figures.control(common, policy: store.projection.unitSettings.minimumCellSize, releases: true)
        let rollup = IndicatorRollup(projection: store.projection)
        // The journal's events stay in memory until the process ends: freeing half a million
        // objects one by one would cost longer than the report (the OS reclaims it at exit).
        _ = Unmanaged.passRetained(store)
        let source = FigureSource(store: store, rollup: rollup, catalogue: catalogue,
                                  control: control, unit: figures.unitName, today: today)
        let report = try source.releaseReport(period)
        let data = try Self.render(report, format: format, dialect: dialect, language: common.language)
        // Every export is in the access log before it leaves: period, format and k.
        do {
            var entry = AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: who,
                                     action: .export, period: period.description,
                                     format: format == .csv ? "csv-\(dialect.rawValue)" : "json",
                                     minimumCellSize: control.rule.minimumCellSize)
            if control.rule.minimumCellSize != (store.projection.unitSettings.minimumCellSize ?? DisclosureControl.defaultMinimumCellSize) {
                entry.policyOverride = true
            }
            try store.logAccess(entry)
        } catch let error as StoreError {
            printError(common.say("Exporten gjordes inte: åtkomstloggen kunde inte skrivas. ", "Nothing exported: the access log could not be written. ")
                       + common.text(error.message))
            throw Exit.unusable
        }
        if out == "-" {
            FileHandle.standardOutput.write(data)
        } else {
            do {
                try data.write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                printError(common.say("Kunde inte skriva \(out): \(error.localizedDescription)", "Could not write \(out): \(error.localizedDescription)"))
                throw Exit.unusable
            }
            let tally = report.countFigureTally
            let percent = tally.figures == 0 ? 0 : (200 * tally.hidden + tally.figures) / (2 * tally.figures)
            printError(common.say("Skrev \(out): \(report.indicators.count) indikatorer för \(period), k = \(control.rule.minimumCellSize); dolda antal: \(tally.hidden) av \(tally.figures) (\(percent) %).",
                                  "Wrote \(out): \(report.indicators.count) indicators for \(period), k = \(control.rule.minimumCellSize); hidden counts: \(tally.hidden) of \(tally.figures) (\(percent) %)."))
        }
    }

    static func render(_ report: Report, format: Format, dialect: Dialect, language: Language) throws -> Data {
        switch format {
        case .json: return try ReportJSON.encode(report)
        case .csv: return Data(ReportCSV.render(report, dialect: dialect == .sv ? .swedish : .rfc4180, language: language).utf8)
        }
    }
}

/// `uppfolj merge`: combine the JSON exports of several units (a region) into one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Slå samman exporter från flera enheter / Merge the exports of several units.",
        discussion: """
        Counts are summed where every unit published them; a figure hidden in any unit stays hidden; \
        shares are recomputed; medians cannot be merged. The inputs must have the same period, k and \
        indicator catalogue.
        """)

    @OptionGroup var common: CommonOptions
    @Argument(help: "The JSON exports to merge.") var exports: [String]
    @Option(help: ArgumentHelp("The merged JSON file to write (- for standard output).", valueName: "file")) var out: String

    func run() throws {
        guard exports.count >= 2 else {
            printError(common.say("Ange minst två exporter.", "Give at least two exports."))
            throw ExitCode.validationFailure
        }
        var reports: [Report] = []
        for path in exports {
            do {
                reports.append(try ReportJSON.decode(Data(contentsOf: URL(fileURLWithPath: path))))
            } catch let error as ReportJSON.ReadError {
                printError("\(path): " + common.text(error.message))
                throw Exit.refused
            } catch {
                printError(common.say("Kunde inte läsa \(path): \(error.localizedDescription)", "Could not read \(path): \(error.localizedDescription)"))
                throw Exit.unusable
            }
        }
        let merged: Report
        do { merged = try ReportMerge.merge(reports) } catch {
            printError(common.text(error.message))
            throw Exit.refused
        }
        let data = try ReportJSON.encode(merged)
        if out == "-" {
            FileHandle.standardOutput.write(data)
        } else {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
            printError(common.say("Skrev \(out): \(merged.metadata.units.joined(separator: ", ")).",
                                  "Wrote \(out): \(merged.metadata.units.joined(separator: ", "))."))
        }
    }
}
