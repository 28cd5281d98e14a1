import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljStore

/// `uppfolj settings`: shows the unit's settings in force, or records new ones as a unit-settings
/// event in the journal (not bound to a case; the latest wins field by field). Who may change them
/// is a later question: today anyone who can write the journal.
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Visa eller ändra enhetens inställningar / Show or change the unit's settings.",
        discussion: """
        Without options: shows the settings in force. With options: records them as one event in the \
        journal (fields left out keep their values). --population-18plus and --population-year go together.
        """)

    @OptionGroup var common: CommonOptions
    @Option(help: "The journal (default: $UPPFOLJ_JOURNAL or $XDG_DATA_HOME/uppfolj/journal).") var journal: String?
    @Option(name: .customLong("min-cell"), help: "Minimum cell size k of the disclosure control (3–100).") var minCell: Int?
    @Option(name: .customLong("population-18plus"), help: "The unit's population aged 18 and over.") var population: Int?
    @Option(name: .customLong("population-year"), help: "The year of that population figure.") var populationYear: Int?
    @Option(name: .customLong("t3-months"), help: "Months after closure of the follow-up T3 (1–36; default 6).") var t3Months: Int?
    @Option(name: .customLong("t4-months"), help: "Months after closure of the optional T4 (0 = none).") var t4Months: Int?
    @Option(help: "Worker id recorded with the event (default: the OS user name).") var worker: String?

    func run() throws {
        let catalogue = try loadCatalogue(common)
        let path = journal ?? JournalLocation.defaultPath()
        var settings = UnitSettings()
        settings.minimumCellSize = minCell
        settings.population18Plus = population
        settings.populationYear = populationYear
        settings.t3Months = t3Months
        settings.t4Months = t4Months
        let store: CaseStore
        do {
            // Reading the settings: anyone with a key; changing the unit's policy: a manager or admin.
            store = try openStore(path, common, catalogue: catalogue, readOnly: settings == UnitSettings(),
                                  allow: settings == UnitSettings() ? Roles.anyone : Roles.figures,
                                  what: Localized(sv: "ändringar av enhetens inställningar", en: "changes to the unit's settings"),
                                  worker: worker)
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
        if settings != UnitSettings() {
            let who = try identity(store, given: worker, common)
            let event = Event(caseCode: "", effectiveDate: Day.today(), worker: who, body: .unitSettings(settings))
            let problems: [Problem]
            do {
                problems = try store.record(event, today: Day.today())
            } catch let error as StoreError {
                printError(common.text(error.message))
                throw Exit.unusable
            }
            if !problems.isEmpty {
                for problem in problems { printError("\(problem.field): " + common.text(problem.message)) }
                printError(common.say("Inget sparades.", "Nothing was saved."))
                throw Exit.refused
            }
            logWrite(store, AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: who, action: .importEvents, count: 1), common)
        }
        let now = store.projection.unitSettings
        func shown(_ value: Int?, _ fallback: String) -> String { value.map(String.init) ?? fallback }
        print(common.say("Minsta cellstorlek: ", "Minimum cell size: ") + shown(now.minimumCellSize, common.say("standard", "default")))
        print(common.say("Befolkning 18+: ", "Population 18+: ")
              + (now.population18Plus.map { "\($0) (\(now.populationYear.map(String.init) ?? "?"))" } ?? common.say("ej angiven", "not given")))
        print("T3: " + shown(now.t3Months ?? 6, "6") + common.say(" månader efter avslut", " months after closure"))
        print("T4: " + ((now.t4Months ?? 0) > 0 ? "\(now.t4Months!)" + common.say(" månader efter avslut", " months after closure")
                                                  : common.say("ingen", "none")))
    }
}
