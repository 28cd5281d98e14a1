import CProcessHardening
import ArgumentParser
import Foundation
import TerminalBackend
import TerminalKit
import UppfoljApp
import UppfoljCore
import UppfoljRunner
import UppfoljSample
import UppfoljStore

/// `uppfolj` with no subcommand: the social worker's terminal workbench.
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Öppna arbetsbänken i terminalen / Open the terminal workbench (the default).",
        discussion: """
        --demo opens a temporary copy of the synthetic sample journal (sample-data/journal, or a \
        freshly generated one), so everything can be tried without touching real data.
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @Flag(help: "Work on a temporary copy of the synthetic sample journal (removed on exit).") var demo = false
    @Flag(name: .customLong("keep-demo"), help: "With --demo: keep the temporary copy after exit (its path is printed).")
    var keepDemo = false
    @Flag(name: .customLong("read-only"), help: "Open the journal read-only: nothing can be saved, no write lock is taken; others' saves still show.")
    var readOnly = false
    @Option(help: "Worker id stamped on every event (default: the OS user name).") var worker: String?
    @Option(name: .customLong("idle-lock"), help: "Minutes without a key before the screen is locked and your passphrase asked for again (default 10; 0 = never, not recommended).")
    var idleLockMinutes: Int = 10
    @Flag(name: .customLong("no-color"), help: "Never use colours (NO_COLOR in the environment does the same).")
    var noColor = false

    func run() throws {
        // A long session: large blocks freed (the open's buffers) go back to the system instead of
        // staying in the heap (malloc_policy.h; issue 20). Not for one-shot commands, which end soon.
        _ = uppfolj_fix_mmap_threshold()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError(common.say("Arbetsbänken behöver en terminal. Utan terminal: uppfolj status, log, verify.",
                                  "The workbench needs a terminal. Without one: uppfolj status, log, verify."))
            throw Exit.refused
        }
        guard (0...24 * 60).contains(idleLockMinutes) else {
            printError(common.say("--idle-lock ska vara 0–1440 minuter.", "--idle-lock must be 0–1440 minutes."))
            throw ExitCode(64)
        }
        let catalogue = try loadCatalogue(common)
        let path = demo ? try DemoJournal.make(catalogue: catalogue, common: common) : journal.path
        defer { if demo { DemoJournal.finish(path, keep: keepDemo, common: common) } }
        if !demo { try JournalLocation.prepareFolder(for: path) }
        // The loading frame's environment; the workbench's is made once the store is there (the
        // unlocking key slot says who is at work).
        let loadingEnv = AppEnvironment(catalogue: catalogue, clock: SystemClock(), ids: RandomEventIDs(), language: common.language,
                                        worker: worker ?? WorkerIdentity.current(), policy: .standard, demo: demo)
        // The journal is read on a thread of its own while the terminal shows the frame and how far
        // the reading has come; the passphrase is asked first, before curses takes the terminal. A
        // person whose role may not use the workbench is refused right after the unlock, before the
        // journal is read (issue 16).
        let (readOnly, demo, worker) = (self.readOnly, self.demo, self.worker)
        let authorize = authorizer(allow: Roles.caseContent, what: Localized(sv: "arbetsbänken", en: "the workbench"))
        let opening = BackgroundOpen<CaseStore> { progress in
            try CaseStore.open(path: path, catalogue: catalogue, readOnly: readOnly, create: !readOnly,
                               passphrase: PassphraseInput.source(demo: demo), sharedWriter: !readOnly,
                               worker: worker, authorize: authorize, progress: progress)
        }
        opening.waitUntilUnlocked()
        if let error = opening.earlyFailure { throw openFailed(error, common) }
        var opened: CaseStore?
        var failure: (any Error)?
        var anchorWarning: Localized?
        try withTerminal(colorPreference: noColor ? .never : .automatic) { terminal in
            var loading = LoadingState()
            switch try opening.showProgress(on: terminal, &loading, env: loadingEnv) {
            case .success(let store)?:
                opened = store
                // A --worker that is not the unlocking slot's is refused once the terminal is back.
                guard let who = personAtWork(store, given: worker) else { return }
                var env = loadingEnv
                env.worker = who
                // A worker identified by their own key starts on "mina ärenden" (issue 16); others on "alla".
                env.mineByDefault = store.keyHolder?.role == .worker && store.keyHolder?.worker != nil
                // The idle lock needs a key slot to check the passphrase against (an encrypted journal).
                if idleLockMinutes > 0 && store.keyHolder != nil { env.idleLockSeconds = Int64(idleLockMinutes) * 60 }
                let workbench = Workbench(store: store, env: env, size: terminal.size, typedWhileLoading: loading)
                // Once the case list is built: the event ids a save is checked against, meanwhile.
                store.gatherEventIdsInBackground()
                try workbench.run(on: terminal)
                // The session's last save entries are anchored by the next journal write; make it now.
                do {
                    try store.anchorAccessLog()
                } catch {
                    let reason = (error as? StoreError)?.message ?? Localized(sv: "\(error)", en: "\(error)")
                    anchorWarning = Localized(sv: "Varning: åtkomstloggens senaste poster kunde inte förankras i journalen: \(reason.sv)",
                                              en: "Warning: the access log's latest entries could not be anchored in the journal: \(reason.en)")
                }
            case .failure(let error)?:
                failure = error
            case nil:
                return
            }
        }
        if let failure { throw openFailed(failure, common) }
        if let anchorWarning { printError(common.text(anchorWarning)) }
        // Printed once the terminal is back (as before, when they were printed before it was taken).
        if let opened {
            tellOpened(opened, common, demo: demo)
            _ = try identity(opened, given: worker, common)   // says why a --worker was refused
        }
    }
}

enum WorkerIdentity {
    /// The OS user name: the worker id when `--worker` is not given.
    static func current() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "okand"
    }
}

/// A private temporary copy of the sample journal for `--demo`.
enum DemoJournal {
    static func make(catalogue: InstrumentCatalogue, common: CommonOptions) throws -> String {
        var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-demo-XXXXXX").path.utf8CString)
        guard let folder = mkdtemp(&template) else { throw Exit.unusable }
        let path = String(cString: folder) + "/journal"
        let shipped = FileManager.default.currentDirectoryPath + "/sample-data/journal"
        if FileManager.default.fileExists(atPath: shipped),
           FileManager.default.fileExists(atPath: KeyFile.path(forJournal: shipped)) {
            for (from, to) in [(shipped, path), (KeyFile.path(forJournal: shipped), KeyFile.path(forJournal: path)),
                               (AccessLog.path(forJournal: shipped), AccessLog.path(forJournal: path))]
            where FileManager.default.fileExists(atPath: from) {
                try FileManager.default.copyItem(atPath: from, toPath: to)
                chmod(to, 0o600)
            }
        } else {
            let today = Day.today()
            let events = SampleGenerator(cases: 300, seed: 1, until: today, catalogue: catalogue).events()
            let store = try openStore(path, common, catalogue: catalogue, readOnly: false, create: true, demo: true,
                                      sharedWriter: true, allow: Roles.admin, what: Localized(sv: "demon", en: "the demo"))
            _ = try store.importEvents(events, today: today)
        }
        // The demo people's keys (docs/encryption.md): a copy of an older sample gets them here.
        do { try DemoKeys.ensure(path) } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
        return path
    }

    /// Removes the temporary copy (its whole folder: journal, key file, access log), or, when it is
    /// kept on purpose, says where it is.
    static func finish(_ path: String, keep: Bool, common: CommonOptions) {
        let folder = (path as NSString).deletingLastPathComponent
        guard (folder as NSString).lastPathComponent.hasPrefix("uppfolj-demo-") else { return }
        if keep {
            print(common.say("Demojournalen finns kvar i \(path) (tillfällig kopia; ta bort mappen \(folder) när du är klar).",
                             "The demo journal is kept at \(path) (a temporary copy; remove the folder \(folder) when done)."))
        } else {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}
