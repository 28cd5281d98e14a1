import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljReports
import UppfoljStore

/// `uppfolj report`: the board report (nämndrapport) — one self-contained, printable HTML page of
/// the period's figures for the socialnämnd. It is a release like an export: the same period grid,
/// the same k policy, the same suppressed `Report` and the same access-log entry (`Release.make`).
struct BoardReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Nämndrapport som HTML / The board report as one printable HTML page.",
        discussion: """
        One self-contained HTML page (no script, no external resources; print CSS for A4) in Swedish, \
        or English with --lang en: headline figures first, then every indicator with its tables, a \
        chart and the previous period, the suppression explained in words, and the provenance \
        (period, as-of day, k, program version, journal head hash). The figures are the export's, \
        after the same disclosure control, and the report is logged in the access log like an export.
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @OptionGroup var figures: FigureOptions
    @OptionGroup var asOf: AsOfOption
    @Option(help: ArgumentHelp("The HTML file to write (- for standard output).", valueName: "file")) var out: String
    @Option(help: "Worker id in the access log (default: the OS user name).") var worker: String?

    func run() throws {
        let language = common.language
        let release = try Release.make(common: common, journal: journal, figures: figures, asOf: asOf, worker: worker,
                                       format: "html-\(language.rawValue)") { report, asOf in
            Data(ReportHTML.render(report, asOf: asOf, language: language).utf8)
        }
        try release.write(to: out, common)
    }
}
