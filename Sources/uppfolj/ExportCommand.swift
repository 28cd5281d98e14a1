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
        no hidden figure can be derived, and there are no case codes, case dates finer than a month, birth \
        years, workers or free text. The header states period, unit, k, method, program version, the \
        as-of day and the journal's head after the last event included: the same journal, period, k \
        and --as-of day give the same file, byte for byte.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }
    enum Dialect: String, ExpressibleByArgument, CaseIterable { case rfc, sv }

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @OptionGroup var figures: FigureOptions
    @OptionGroup var asOf: AsOfOption
    @Option(help: "csv or json.") var format: Format = .json
    @Option(help: "CSV dialect: rfc (RFC 4180, comma, . decimals) or sv (; and decimal comma, UTF-8 BOM, for Swedish spreadsheets). Default: sv under --lang sv, rfc under --lang en.")
    var dialect: Dialect?
    @Option(help: ArgumentHelp("The file to write (- for standard output).", valueName: "file")) var out: String
    @Option(help: "Worker id in the access log (default: the OS user name).") var worker: String?

    func run() throws {
        let dialect = effectiveDialect
        let release = try Release.make(common: common, journal: journal, figures: figures, asOf: asOf, worker: worker,
                                       format: format == .csv ? "csv-\(dialect.rawValue)" : "json") { report, _ in
            try Self.render(report, format: format, dialect: dialect, language: common.language)
        }
        try release.write(to: out, common)
    }

    /// The dialect asked for; without `--dialect`, the Swedish spreadsheet dialect under `--lang sv`
    /// and RFC 4180 under `--lang en`.
    var effectiveDialect: Dialect { dialect ?? (common.language == .sv ? .sv : .rfc) }

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
            try writeOutput(data, to: out)
            printError(common.say("Skrev \(out): \(merged.metadata.units.joined(separator: ", ")).",
                                  "Wrote \(out): \(merged.metadata.units.joined(separator: ", "))."))
        }
    }
}
