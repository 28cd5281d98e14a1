import ArgumentParser
import Foundation
import TerminalBackend
import TerminalKit
import UppfoljApp
import UppfoljCore
import UppfoljReports
import UppfoljRunner
import UppfoljStore

/// `uppfolj dashboard`: the unit manager's view of anonymised group-level figures, from a journal
/// (read-only; follows what workers append) or from an export file alone (no case data needed).
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Ledningsvy med anonymiserade indikatorer / Manager view of anonymised indicators.",
        discussion: """
        SOURCE is a journal (default: $UPPFOLJ_JOURNAL or the default journal) or a JSON export \
        (uppfolj export --format json); with an export the period is fixed and no journal is needed. \
        --demo opens a temporary copy of the synthetic sample journal.
        """)

    @OptionGroup var common: CommonOptions
    @Argument(help: "A journal or a JSON export.") var source: String?
    @OptionGroup var figures: FigureOptions
    @Flag(help: "Use a temporary copy of the synthetic sample journal (removed on exit).") var demo = false
    @Flag(name: .customLong("keep-demo"), help: "With --demo: keep the temporary copy after exit (its path is printed).")
    var keepDemo = false
    @Flag(name: .customLong("no-color"), help: "Never use colours (NO_COLOR in the environment does the same).")
    var noColor = false

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError(common.say("Ledningsvyn behöver en terminal. Utan terminal: uppfolj export.",
                                  "The manager view needs a terminal. Without one: uppfolj export."))
            throw Exit.refused
        }
        let today = Day.today()
        let env = AppEnvironment(catalogue: try loadCatalogue(common), today: today, language: common.language,
                                 worker: "", demo: demo)
        if let source, !demo, Self.isExport(source) {
            let report: Report
            do { report = try ReportJSON.decode(Data(contentsOf: URL(fileURLWithPath: source))) } catch let error as ReportJSON.ReadError {
                printError("\(source): " + common.text(error.message))
                throw Exit.refused
            }
            try withTerminal(colorPreference: noColor ? .never : .automatic) { terminal in
                try DashboardScreen.run(report, source: .export, figures: nil, env: env, on: terminal)
            }
            return
        }
        let path = demo ? try DemoJournal.make(catalogue: env.catalogue, common: common)
            : source ?? JournalLocation.defaultPath()
        defer { if demo { DemoJournal.finish(path, keep: keepDemo, common: common) } }
        guard self.figures.minCell == nil else {
            // Another k is checked against the unit's policy, read from the journal, with messages
            // printed before the terminal is taken: opened first, as before.
            let store = try openStore(path, common, catalogue: env.catalogue, readOnly: true, demo: demo, allow: Roles.figures,
                                      what: Localized(sv: "ledningsvyn", en: "the manager view"))
            let (figures, first) = try prepare(store, today: today)
            try withTerminal(colorPreference: noColor ? .never : .automatic) { terminal in
                try DashboardScreen.run(first, source: .journal, figures: figures, env: env, on: terminal)
            }
            return
        }
        // Options that need no journal are checked before it is read.
        let indicators = try self.figures.indicatorCatalogue(common)
        let period = try self.figures.reportPeriod(today: today, common)
        // The journal is read on a thread of its own while the terminal shows how far it has come;
        // a person whose role may not see the figures is refused right after the unlock, before the
        // journal is read (issue 16).
        let (catalogue, demo) = (env.catalogue, self.demo)
        let authorize = authorizer(allow: Roles.figures, what: Localized(sv: "ledningsvyn", en: "the manager view"))
        let opening = BackgroundOpen<CaseStore> { progress in
            try CaseStore.open(path: path, catalogue: catalogue, readOnly: true, passphrase: PassphraseInput.source(demo: demo),
                               authorize: authorize, progress: progress)
        }
        opening.waitUntilUnlocked()
        if let error = opening.earlyFailure { throw openFailed(error, common) }
        var opened: CaseStore?
        var failure: (any Error)?
        var accessWarning: String?
        try withTerminal(colorPreference: noColor ? .never : .automatic) { terminal in
            var loading = LoadingState(screen: .dashboard)
            switch try opening.showProgress(on: terminal, &loading, env: env) {
            case .success(let store)?:
                opened = store
                loading.phase = .counting
                terminal.draw(loadingView(loading, size: terminal.size, env: env))
                accessWarning = logDashboardAccess(store)
                let figures = FigureSource(store: store, rollup: IndicatorRollup(projection: store.projection), catalogue: indicators,
                                           control: try self.figures.control(common, policy: store.projection.unitSettings.minimumCellSize,
                                                                             releases: false),
                                           unit: self.figures.unitName, today: today)
                try DashboardScreen.run(try figures.report(period), source: .journal, figures: figures, env: env, on: terminal)
            case .failure(let error)?:
                failure = error
            case nil:
                return
            }
        }
        if let failure { throw openFailed(failure, common) }
        if let opened { tellOpened(opened, common, demo: demo) }
        if let accessWarning { printError(accessWarning) }
    }

    /// Records the manager view in the access log; the warning to print when that failed (the view
    /// shows group-level figures only, so it opens anyway).
    private func logDashboardAccess(_ store: CaseStore) -> String? {
        do {
            try store.logAccess(AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: try identity(store, given: nil, common),
                                             action: .dashboard))
            return nil
        } catch let error as StoreError {
            return common.say("Varning: åtkomstloggen kunde inte skrivas: ", "Warning: the access log could not be written: ")
                + common.text(error.message)
        } catch {
            return common.say("Varning: åtkomstloggen kunde inte skrivas: ", "Warning: the access log could not be written: ") + "\(error)"
        }
    }

    /// The figures of the journal and the first report (the path with another k).
    private func prepare(_ store: CaseStore, today: Day) throws -> (FigureSource, Report) {
        if let warning = logDashboardAccess(store) { printError(warning) }
        let figures = FigureSource(store: store, rollup: IndicatorRollup(projection: store.projection),
                                   catalogue: try self.figures.indicatorCatalogue(common),
                                   control: try self.figures.control(common, policy: store.projection.unitSettings.minimumCellSize, releases: false), unit: self.figures.unitName, today: today)
        return (figures, try figures.report(try self.figures.reportPeriod(today: today, common)))
    }

    /// A JSON export starts with "{"; a journal with its binary magic.
    static func isExport(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return path.hasSuffix(".json") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        return head.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }) == UInt8(ascii: "{")
    }
}
