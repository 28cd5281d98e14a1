import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljStore

@main
struct Uppfolj: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uppfolj",
        abstract: "Systematisk uppföljning av arbetet mot våld i nära relationer / Systematic follow-up of intimate-partner-violence work.",
        discussion: """
        The journal is an append-only, hash-chained file. Default location: $UPPFOLJ_JOURNAL, \
        else $XDG_DATA_HOME/uppfolj/journal (~/.local/share/uppfolj/journal).
        """,
        version: ProgramVersion.current,
        subcommands: [UICommand.self, StatusCommand.self, SampleCommand.self, VerifyCommand.self, LogCommand.self,
                      ImportCommand.self, RepairCommand.self, ExportCommand.self, MergeCommand.self, DashboardCommand.self,
                      AuditCommand.self, RekeyCommand.self, SettingsCommand.self, CaseCommand.self],
        defaultSubcommand: UICommand.self)

    static func main() {
        ProcessHardening.apply()
        main(nil)
    }
}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Språk / language: sv or en (default: from LANG, else sv).")
    var lang: String?

    @Option(name: .long, help: ArgumentHelp("The unit's own instrument catalogue, added to the built-in one (default: $UPPFOLJ_CATALOGUE).", valueName: "file"))
    var catalogue: String?

    var cataloguePath: String? {
        catalogue ?? ProcessInfo.processInfo.environment["UPPFOLJ_CATALOGUE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    var language: Language { Language.from(environment: ProcessInfo.processInfo.environment, explicit: lang) }

    func say(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }
    func text(_ localized: Localized) -> String { localized.text(language) }
}

/// Exit codes: 0 fine, 1 the data has a fault or was refused, 3 the journal could not be used.
enum Exit {
    static let refused = ExitCode(1)
    static let unusable = ExitCode(3)
}

/// Writes one message to standard error. Every message passes the one sanitiser (`SafeText`): a
/// control character that reached it from an input is shown escaped, and an overlong message is cut.
/// Messages embed user-derived values through `SafeText.display` too, which also caps each value.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((SafeText.display(message, limit: 4000, keepNewlines: true) + "\n").utf8))
}

/// A user-derived value for a listing or message (see `SafeText.display`).
func shown(_ text: some StringProtocol) -> String { SafeText.display(text) }

/// The built-in catalogue, with the unit's own file (if any) added on top.
func loadCatalogue(_ common: CommonOptions) throws -> InstrumentCatalogue {
    do {
        let builtIn = try InstrumentCatalogue.builtIn()
        guard let path = common.cataloguePath else { return builtIn }
        return try builtIn.merging(path: path)
    } catch let error as CatalogueError {
        printError(common.say("Instrumentkatalogen kunde inte läsas: ", "The instrument catalogue could not be read: ") + error.text(common.language))
        throw Exit.unusable
    } catch {
        printError(common.say("Instrumentkatalogen kunde inte läsas: \(error)", "The instrument catalogue could not be read: \(error)"))
        throw Exit.unusable
    }
}

/// Opens a journal for a command, turning store errors into a clear message and exit code.
/// New journals are encrypted: the passphrase is asked for (or read from UPPFOLJ_PASSPHRASE_FILE)
/// when the journal is created or unlocked; `demo` uses the published demo passphrase.
func openStore(_ path: String, _ common: CommonOptions, catalogue: InstrumentCatalogue, readOnly: Bool,
               create: Bool = false, demo: Bool = false, sharedWriter: Bool = false) throws -> CaseStore {
    do {
        let store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: readOnly, create: create,
                                       passphrase: PassphraseInput.source(demo: demo), sharedWriter: sharedWriter)
        tellOpened(store, common, demo: demo)
        return store
    } catch {
        throw openFailed(error, common)
    }
}

/// What opening a journal has to tell (a torn tail cut, an access-log warning, the demo passphrase).
func tellOpened(_ store: CaseStore, _ common: CommonOptions, demo: Bool) {
    if let notice = store.openNotice { printError(common.text(notice)) }
    if store.usesDemoPassphrase && !demo {
        printError(common.say(
            "Obs: journalen är låst med den publicerade demolösenfrasen. Skydda aldrig riktiga uppgifter med den (byt med: uppfolj rekey).",
            "Note: the journal is locked with the published demo passphrase. Never protect real data with it (change it with: uppfolj rekey)."))
    }
}

/// A failed open: a store error is printed and becomes "unusable" (exit 3); others pass through.
func openFailed(_ error: any Error, _ common: CommonOptions) -> any Error {
    guard let error = error as? StoreError else { return error }
    printError(common.text(error.message))
    return Exit.unusable
}

struct JournalArgument: ParsableArguments {
    @Argument(help: "The journal file (default: $UPPFOLJ_JOURNAL or $XDG_DATA_HOME/uppfolj/journal).")
    var journal: String?

    var path: String { journal ?? JournalLocation.defaultPath() }
}
