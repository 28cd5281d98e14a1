import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljReports
import UppfoljRunner
import UppfoljStore

enum ProgramVersion {
    static let current = "0.4.0"
}

/// `--as-of DATE` of a release (export, board report): the figures as the journal stood at the end
/// of that day — only events recorded up to and including it, and that day as "today" — so the same
/// journal, period, k and day give the same file, byte for byte (issue 14 item 6).
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("Figures as of the end of this day (YYYY-MM-DD, not after today): only events recorded up to and including it (default: today).",
                               valueName: "date"))
    var asOf: String?

    /// The day asked for, or `today`; refused when unreadable or later than `today`.
    func day(today: Day, _ common: CommonOptions) throws -> Day {
        guard let text = asOf else { return today }
        guard let day = Day(iso: text) else {
            printError(common.say("Datumet \"\(SafeText.display(text))\" går inte att läsa; skriv ÅÅÅÅ-MM-DD.",
                                  "The date \"\(SafeText.display(text))\" cannot be read; write YYYY-MM-DD."))
            throw ExitCode.validationFailure
        }
        guard day <= today else {
            printError(common.say("--as-of \(day.iso) ligger efter i dag (\(today.iso)): siffror kan inte tas fram för en dag som inte varit.",
                                  "--as-of \(day.iso) is after today (\(today.iso)): figures cannot be made for a day that has not been."))
            throw ExitCode.validationFailure
        }
        return day
    }
}

/// Options shared by everything that computes group-level figures.
struct FigureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Period: 2025-03, 2025Q1, 2025 or a range such as 2025Q1..2025Q4 (default: the last whole quarter).",
                               valueName: "period"))
    var period: String?

    @Option(name: .customLong("min-cell"), help: "Minsta cellstorlek k / minimum cell size k (default: the unit's policy, uppfolj settings --min-cell; else 5). Never below the policy without --override-policy.")
    var minCell: Int?

    @Flag(name: .customLong("override-policy"),
          help: "Allow a k other than the unit's policy (the hook for the admin role of issue 16; recorded in the access log).")
    var overridePolicy = false

    @Option(help: "The unit's name in the figures' metadata (default: $UPPFOLJ_UNIT, else \"ej angiven\").")
    var unit: String?

    @Option(help: ArgumentHelp("The unit's own indicator catalogue instead of the built-in one.", valueName: "file"))
    var indicators: String?

    var unitName: String {
        unit ?? ProcessInfo.processInfo.environment["UPPFOLJ_UNIT"].flatMap { $0.isEmpty ? nil : $0 } ?? "ej angiven"
    }

    /// The period asked for, or the last whole quarter before `today`.
    func reportPeriod(today: Day, _ common: CommonOptions) throws -> ReportPeriod {
        guard let text = period else { return ReportPeriod.quarter(containing: today).previous }
        guard let parsed = ReportPeriod(text) else {
            printError(common.say("Perioden \"\(text)\" går inte att läsa; skriv t.ex. 2025-03, 2025Q1, 2025 eller 2025Q1..2025Q4.",
                                  "The period \"\(text)\" cannot be read; write e.g. 2025-03, 2025Q1, 2025 or 2025Q1..2025Q4."))
            throw ExitCode.validationFailure
        }
        return parsed
    }

    /// k is the unit's policy (issue 14 item 4): the journal's unit settings, else the default.
    /// Another k is refused unless `--override-policy` is given: below the policy it would show
    /// counts the unit decided to hide; above it, a second pattern of the same cells gives a
    /// differencing reader more equations. (Who may override is issue 16's admin role; until then
    /// the flag is the hook, and the access log records the k used.) `releases` says whether the
    /// figures leave the unit (exports) or stay in it (the manager view, where a higher k only hides more).
    func control(_ common: CommonOptions, policy: Int?, releases: Bool) throws -> DisclosureControl {
        let policyK = policy ?? DisclosureControl.defaultMinimumCellSize
        let k = minCell ?? policyK
        if k != policyK && !overridePolicy && (releases || k < policyK) {
            printError(common.say(
                "k = \(k) avviker från enhetens policy k = \(policyK) (uppfolj settings --min-cell). Ett annat k kräver --override-policy (och loggas).",
                "k = \(k) differs from the unit's policy k = \(policyK) (uppfolj settings --min-cell). Another k needs --override-policy (and is logged)."))
            throw Exit.refused
        }
        do { return try DisclosureControl(minimumCellSize: k) } catch {
            printError(common.say("k måste vara minst \(DisclosureControl.lowestAllowedMinimumCellSize).",
                                  "k must be at least \(DisclosureControl.lowestAllowedMinimumCellSize)."))
            throw ExitCode.validationFailure
        }
    }

    func indicatorCatalogue(_ common: CommonOptions) throws -> IndicatorCatalogue {
        guard let indicators else { return .builtIn }
        do {
            return try IndicatorCatalogue.load(Data(contentsOf: URL(fileURLWithPath: indicators)))
        } catch let error as IndicatorCatalogueError {
            printError(common.text(error.message))
            throw Exit.unusable
        } catch {
            printError(common.say("Indikatorkatalogen kunde inte läsas: \(error)", "The indicator catalogue could not be read: \(error)"))
            throw Exit.unusable
        }
    }
}

/// The figures of a journal for a period: open read-only, roll up, suppress.
struct FigureSource: DashboardFigures {
    let store: CaseStore
    var rollup: IndicatorRollup
    let catalogue: IndicatorCatalogue
    let control: DisclosureControl
    let unit: String
    let today: Day

    /// The report's context; Kolada's rates use the unit's population setting
    /// (uppfolj settings --population-18plus).
    private var context: ReportContext {
        let settings = store.projection.unitSettings
        let population = settings.population18Plus.flatMap { count in
            settings.populationYear.map { ReportPopulation(inhabitants18Plus: count, year: $0) }
        }
        return ReportContext(unit: unit, journalHeadHash: store.eventsHeadHash, programVersion: ProgramVersion.current,
                             asOf: today, population: population)
    }

    func report(_ period: ReportPeriod) throws -> Report {
        try rollup.report(period: period, catalogue: catalogue, control: control, context: context)
    }

    /// New events in the journal? Refresh the touched cases' facts; true when something changed.
    mutating func catchUp() throws -> Bool {
        let touched = try store.catchUp()
        for code in touched { rollup.refresh(code, in: store.projection) }
        return !touched.isEmpty
    }

    /// A release (export, board report): decided jointly with the other periods of its year, and
    /// keeping what earlier releases showed and hid (`history`, the release register; issue 14).
    func releaseReport(_ period: ReportPeriod, history: ReleaseHistory) throws -> ReleasedReport {
        try rollup.releaseReport(period: period, catalogue: catalogue, control: control, context: context, history: history)
    }
}
