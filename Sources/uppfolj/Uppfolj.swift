import ArgumentParser
import CProcessHardening
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
                      AuditCommand.self, ReleasesCommand.self, RekeyCommand.self, KeyCommand.self, SettingsCommand.self, CaseCommand.self, BoardReportCommand.self,
                      PgCommand.self, CopyCommand.self],
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
///
/// `allow`: the roles whose key slots may use this command (an admin always may); anyone else is
/// refused right after the unlock, before the journal is read (issue 16, docs/encryption.md).
/// `worker`: the `--worker` given, tried first among the key slots.
func openStore(_ path: String, _ common: CommonOptions, catalogue: InstrumentCatalogue, readOnly: Bool,
               create: Bool = false, demo: Bool = false, sharedWriter: Bool = false,
               allow: Set<KeyRole>, what: Localized, worker: String? = nil,
               passphrase: PassphraseSource? = nil, recordedThrough: Day? = nil, folding: Bool = true,
               newJournalKey: NewJournalKey? = nil) throws -> CaseStore {
    do {
        let store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: readOnly, create: create,
                                       passphrase: passphrase ?? PassphraseInput.source(demo: demo), sharedWriter: sharedWriter,
                                       worker: worker, authorize: authorizer(allow: allow, what: what),
                                       recordedThrough: recordedThrough, folding: folding, newJournalKey: newJournalKey)
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

/// The check `CaseStore.open` makes right after the unlock: a key slot whose role is not in `allow`
/// (an admin always may) is refused before the journal is read.
func authorizer(allow: Set<KeyRole>, what: Localized) -> @Sendable (KeyHolder) throws -> Void {
    { holder in
        guard holder.role.allows(allow) else { throw StoreError.roleRefused(holder, needed: allow, what: what) }
    }
}

/// Who is at work: the unlocking key slot's worker. `--worker` (or the OS user) names the person
/// only for an unnamed slot (a journal's first key, or a migrated single passphrase) and for a
/// plain journal; given with a named slot it must be that slot's worker.
func identity(_ store: CaseStore, given: String?, _ common: CommonOptions) throws -> String {
    if let who = personAtWork(store, given: given) { return who }
    if let given, let named = store.keyHolder?.worker {
        printError(common.say(
            "--worker \(shown(given)) stämmer inte med nyckeln som låste upp journalen (\(shown(named))); lösenfrasen avgör vem som arbetar.",
            "--worker \(shown(given)) does not match the key that unlocked the journal (\(shown(named))); the passphrase says who is at work."))
    }
    throw Exit.refused
}

/// `identity` without a word: nil when `--worker` names someone else than the unlocking slot's
/// worker (for a caller that cannot print yet, such as the workbench while curses has the terminal).
func personAtWork(_ store: CaseStore, given: String?) -> String? {
    guard let named = store.keyHolder?.worker else { return given ?? WorkerIdentity.current() }
    if let given, given != named { return nil }
    return named
}

/// What each command may be used by (docs/encryption.md, "Key slots and roles").
enum Roles {
    /// The cases' content: the workbench, `log`, `case`, `status`, `import`.
    static let caseContent: Set<KeyRole> = [.worker]
    /// Figures and the access log: the dashboard, `export`, `audit`, `settings` changes.
    static let figures: Set<KeyRole> = [.manager]
    /// Key management, `repair`, `export --override-policy`, `sample`.
    static let admin: Set<KeyRole> = []
    /// Anyone with a key (reading the unit's settings).
    static let anyone: Set<KeyRole> = Set(KeyRole.allCases)
}

struct JournalArgument: ParsableArguments {
    @Argument(help: "The journal file (default: $UPPFOLJ_JOURNAL or $XDG_DATA_HOME/uppfolj/journal).")
    var journal: String?

    var path: String { journal ?? JournalLocation.defaultPath() }
}

/// Writes a command's output file. A regular file (or a new one) is replaced atomically, so a
/// reader never sees half of it; anything else that exists at `path` — a device such as /dev/null,
/// a FIFO, a terminal — is written through, never replaced (an atomic write renames a temporary
/// file over the path, which for root would turn /dev/null into an ordinary file holding the data).
func writeOutput(_ data: Data, to path: String) throws {
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
        return
    }
    try data.write(to: URL(fileURLWithPath: path), options: .atomic)
}
