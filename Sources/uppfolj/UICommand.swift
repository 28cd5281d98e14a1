import ArgumentParser
import Foundation
import TerminalBackend
import TerminalKit
import UppfoljApp
import UppfoljCore
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
        try withTerminal(colorPreference: noColor ? .never : .automatic) { terminal in
            var loading = LoadingState()
            switch opening.showProgress(on: terminal, &loading, env: loadingEnv) {
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
                try Workbench(store: store, env: env, terminal: terminal).run(typedWhileLoading: loading)
            case .failure(let error)?:
                failure = error
            case nil:
                return
            }
        }
        if let failure { throw openFailed(failure, common) }
        // Printed once the terminal is back (as before, when they were printed before it was taken).
        if let opened {
            tellOpened(opened, common, demo: demo)
            _ = try identity(opened, given: worker, common)   // says why a --worker was refused
        }
    }
}

/// The event loop: key → update → effects (durable appends) → results → update → draw.
final class Workbench {
    let store: CaseStore
    let env: AppEnvironment
    let terminal: NcursesTerminal
    /// The journal's record count when the open form was begun (nil: no form open).
    private var formBasis: Int?

    init(store: CaseStore, env: AppEnvironment, terminal: NcursesTerminal) {
        self.store = store
        self.env = env
        self.terminal = terminal
    }

    func run(typedWhileLoading loading: LoadingState = LoadingState()) throws {
        var size = terminal.size
        var state = AppState(projection: store.projection, env: env, size: size)
        state.beginSearch(loading)
        if let notice = store.openNotice { state.showNotice(notice, isError: false) }
        if store.isReadOnly {
            state.showNotice(Localized(sv: "Skrivskyddad: inget kan sparas i det här fönstret (uppfolj --read-only).",
                                       en: "Read-only: nothing can be saved in this window (uppfolj --read-only)."), isError: false)
        }
        while true {
            terminal.draw(view(state, size: size, env: env))
            guard let first = terminal.readKey(timeoutMs: Self.followMs) else {
                if terminal.isInputClosed { return }   // the terminal went away (hangup, closed pty)
                followOthers(&state)
                if env.idleLockSeconds != nil { handle(update(&state, .tick, env), &state) }
                continue
            }
            // Every key already waiting (a paste arrives as thousands) is handled before the next
            // frame is drawn: a frame per key made a 20,000-character paste take seconds.
            var next: Key? = first
            var handled = 0
            while let key = next {
                defer { noteFormBasis(state) }
                let effects: [Effect]
                if key == .resize {
                    size = terminal.size
                    effects = update(&state, .resize(width: size.width, height: size.height), env)
                    terminal.forceRedraw(view(state, size: size, env: env))
                } else {
                    effects = update(&state, .key(key), env)
                }
                var saved = false
                for effect in effects {
                    switch effect {
                    case .quit:
                        return
                    case .append(let event):
                        // Validated on the day of the message that made the event (the clock's, not launch day's).
                        // The store changes its projection in place while the state has lent its share.
                        let today = state.today
                        state.lendProjection()
                        let events = store.projection.eventCount
                        let (messages, warning) = perform(event, today: today, seenRecords: formBasis)
                        // Saved, or others' events folded in on the way (a conflict, a failure after it).
                        if store.projection.eventCount != events {
                            _ = update(&state, .projectionChanged(store.projection), env)
                        } else {
                            state.returnProjection(store.projection)
                        }
                        for message in messages { _ = update(&state, message, env) }
                        if let warning { state.showNotice(warning, isError: true) }
                        saved = true
                    case .caseOpened(let code):
                        logAccess(code, &state)
                    case .unlock(let typed):
                        checkUnlock(typed, &state)
                    }
                }
                handled += 1
                // A save is shown before anything typed after it is handled; a long burst still
                // gets a frame now and then.
                next = saved || handled >= Self.keysPerFrame ? nil : terminal.readKey(timeoutMs: 0)
            }
            if terminal.isInputClosed { return }
        }
    }

    /// At most this many waiting keys are handled between two frames.
    static let keysPerFrame = 2_000

    /// How long the loop waits for a key before it looks for other workers' appends (issue 16).
    static let followMs = 500

    /// Effects of a message that is not a key (the idle tick): only the lock can come of it.
    private func handle(_ effects: [Effect], _ state: inout AppState) {
        for case .unlock(let typed) in effects { checkUnlock(typed, &state) }
    }

    /// The idle lock's passphrase: it must open the key slot this workbench was unlocked with.
    private func checkUnlock(_ typed: String, _ state: inout AppState) {
        terminal.draw(view(state, size: terminal.size, env: env))   // "Kontrollerar …" while scrypt runs
        let passphrase = Passphrase(typed)
        let opens: Bool
        do {
            opens = try store.opensOwnKeySlot(passphrase)
        } catch {
            let reason = (error as? StoreError)?.message ?? Localized(sv: "\(error)", en: "\(error)")
            _ = update(&state, .unlockRefused(reason), env)
            return
        }
        _ = update(&state, opens ? .unlocked : .unlockRefused(Localized(
            sv: "Fel lösenfras (den måste vara din, den som låste upp journalen).",
            en: "Wrong passphrase (it must be yours, the one that unlocked the journal).")), env)
    }

    /// Folds in what other workers appended to the journal since this workbench last read it (a
    /// size check when nothing is new); the screen keeps its place and selection, as after a save.
    private func followOthers(_ state: inout AppState) {
        // The state lends its projection back while the store folds others' events into it, so it
        // is changed in place instead of copied whole (see `AppState.lendProjection`).
        let before = store.recordCount
        state.lendProjection()
        defer {
            if store.recordCount != before {
                _ = update(&state, .projectionChanged(store.projection), env)
            } else {
                state.returnProjection(store.projection)
            }
        }
        do {
            _ = try store.catchUp()
        } catch {
            let reason = (error as? StoreError)?.message ?? Localized(sv: "\(error)", en: "\(error)")
            state.showNotice(Localized(sv: "Andras ändringar kunde inte läsas in: \(reason.sv)",
                                       en: "Other workers' changes could not be read: \(reason.en)"), isError: true)
        }
    }

    /// Records in the access log that this worker opened the case. A failure is shown, not fatal:
    /// the work with the client must go on, and the notice tells the worker to report it.
    private func logAccess(_ code: String, _ state: inout AppState) {
        let record = AccessRecord(time: env.clock.now().secondsSinceEpoch, worker: env.worker, action: .openCase, caseCode: code)
        do {
            try store.logAccess(record)
        } catch {
            let reason = (error as? StoreError)?.message ?? Localized(sv: "\(error)", en: "\(error)")
            state.showNotice(Localized(sv: "Öppnandet kunde inte skrivas i åtkomstloggen: \(reason.sv)",
                                       en: "Opening the case could not be written to the access log: \(reason.en)"), isError: true)
        }
    }

    /// The journal's record count when the open form was begun: a save refused because of what
    /// others appended since names them (StoreConflict).
    private func noteFormBasis(_ state: AppState) {
        if state.baseScope == .form {
            if formBasis == nil { formBasis = store.recordCount }
        } else {
            formBasis = nil
        }
    }

    /// One save: validate against the journal's state and append durably, then report back (the
    /// caller gives the state the store's projection first: `.projectionChanged`).
    /// The messages for the app, and a warning to show after them (the save is durable, but the
    /// access log could not record it).
    private func perform(_ event: Event, today: Day, seenRecords: Int?) -> ([Msg], Localized?) {
        do {
            let problems = try store.record(event, today: today, seenRecords: seenRecords)
            guard problems.isEmpty else { return ([.refused(problems)], nil) }
        } catch let error as StoreError {
            return ([.saveFailed(error.message)], nil)
        } catch let conflict as StoreConflict {
            // Another worker changed the case meanwhile: the form keeps what was typed (saveFailed).
            return ([.saveFailed(conflict.message)], nil)
        } catch {
            return ([.saveFailed(Localized(sv: "\(error)", en: "\(error)"))], nil)
        }
        // The save is durable; the access log records it with the journal's new head, so the
        // journal cannot later lose it at its end unnoticed (JournalAnchors).
        let entry = AccessRecord(time: env.clock.now().secondsSinceEpoch, worker: env.worker, action: .save,
                                 caseCode: event.caseCode)
        var warning: Localized?
        do {
            try store.logAccess(entry)
        } catch {
            let reason = (error as? StoreError)?.message ?? Localized(sv: "\(error)", en: "\(error)")
            warning = Localized(sv: "Sparat, men åtkomstloggen kunde inte skrivas: \(reason.sv)",
                                en: "Saved, but the access log could not be written: \(reason.en)")
        }
        return ([.saved(event.id)], warning)
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
