import TerminalKit
import UppfoljApp
import UppfoljCore
import UppfoljStore

/// What the workbench needs from the journal: the projection, durable saves, others' saves, the
/// access log and the idle lock's passphrase check. `CaseStore` is the real one; tests wrap it to
/// make a save fail or be refused.
public protocol WorkbenchJournal: AnyObject {
    var projection: Projection { get }
    /// Records in the journal (a save refused because of what others appended since names them).
    var recordCount: Int { get }
    /// Something the worker must be told on opening (a torn tail was cut).
    var openNotice: Localized? { get }
    var isReadOnly: Bool { get }
    /// Validates against the journal's latest state and appends durably; the problems when refused.
    func record(_ event: Event, today: Day, seenRecords: Int?) throws -> [Problem]
    /// The worker's whole save: `record`, then the access entry `access` (with the journal's new
    /// head). Throws `AccessEntryNotWritten` when the event was saved but the entry was not.
    func record(_ event: Event, today: Day, seenRecords: Int?, access: AccessRecord) throws -> [Problem]
    /// Folds in what other processes appended; the cases they touched.
    func catchUp() throws -> [String]
    func logAccess(_ entry: AccessRecord) throws
    /// Whether the passphrase opens the key slot this journal was unlocked with.
    func opensOwnKeySlot(_ passphrase: Passphrase) throws -> Bool
}

extension WorkbenchJournal {
    /// `record`, then `logAccess`: what a journal without a cheaper way does.
    public func record(_ event: Event, today: Day, seenRecords: Int?, access: AccessRecord) throws -> [Problem] {
        let problems = try record(event, today: today, seenRecords: seenRecords)
        guard problems.isEmpty else { return problems }
        do { try logAccess(access) } catch { throw AccessEntryNotWritten(cause: error) }
        return []
    }
}

extension CaseStore: WorkbenchJournal {}

/// The workbench as the runner drives it: key → update → effects (durable appends, the access
/// log, the idle lock's check) → result messages → update. "Sparat" is shown only after the store
/// said the append is durable (`.saved` follows a `record` that returned no problems).
public final class Workbench: RunnerScreen {
    public let store: any WorkbenchJournal
    public let env: AppEnvironment
    public private(set) var state: AppState
    /// The journal's record count when the open form was begun (nil: no form open).
    private var formBasis: Int?

    /// The state at `size`, with keys typed while the journal was loading (the search).
    public init(store: any WorkbenchJournal, env: AppEnvironment, size: Size, typedWhileLoading loading: LoadingState = LoadingState()) {
        self.store = store
        self.env = env
        state = AppState(projection: store.projection, env: env, size: size)
        state.beginSearch(loading)
        if let notice = store.openNotice { state.showNotice(notice, isError: false) }
        if store.isReadOnly {
            state.showNotice(Localized(sv: "Skrivskyddad: inget kan sparas i det här fönstret (uppfolj --read-only).",
                                       en: "Read-only: nothing can be saved in this window (uppfolj --read-only)."), isError: false)
        }
    }

    /// Runs the workbench on `terminal` until the worker quits or the terminal goes away.
    public func run(on terminal: some TerminalDevice) throws {
        var screen = self
        try Runner.run(&screen, on: terminal)
    }

    /// How long the loop waits for a key before it looks for other workers' appends (issue 16).
    public static let followMs = 500

    public var idleTimeoutMs: Int? { Self.followMs }
    public var keysPerFrame: Int { 2_000 }

    public func frame(size: Size) -> Buffer { view(state, size: size, env: env) }

    public func resized(to size: Size, _ display: Display) throws -> KeyOutcome {
        defer { noteFormBasis() }
        return perform(update(&state, .resize(width: size.width, height: size.height), env), display)
    }

    public func handle(_ key: Key, _ display: Display) throws -> KeyOutcome {
        defer { noteFormBasis() }
        return perform(update(&state, .key(key), env), display)
    }

    public func idle(_ display: Display) throws -> KeyOutcome {
        followOthers()
        if env.idleLockSeconds != nil {
            for case .unlock(let typed) in update(&state, .tick, env) { checkUnlock(typed, display) }
        }
        return .next
    }

    /// Carries out a message's effects; a save asks for a frame before the next key.
    private func perform(_ effects: [Effect], _ display: Display) -> KeyOutcome {
        var outcome = KeyOutcome.next
        for effect in effects {
            switch effect {
            case .quit:
                return .quit
            case .append(let event):
                // Validated on the day of the message that made the event (the clock's, not launch day's).
                // The store changes its projection in place while the state has lent its share.
                let today = state.today
                state.lendProjection()
                let events = store.projection.eventCount
                let (messages, warning) = save(event, today: today, seenRecords: formBasis)
                // Saved, or others' events folded in on the way (a conflict, a failure after it).
                if store.projection.eventCount != events {
                    _ = update(&state, .projectionChanged(store.projection), env)
                } else {
                    state.returnProjection(store.projection)
                }
                for message in messages { _ = update(&state, message, env) }
                if let warning { state.showNotice(warning, isError: true) }
                outcome = .drawNow
            case .caseOpened(let code):
                logAccess(code)
            case .unlock(let typed):
                checkUnlock(typed, display)
            }
        }
        return outcome
    }

    /// The idle lock's passphrase: it must open the key slot this workbench was unlocked with.
    private func checkUnlock(_ typed: String, _ display: Display) {
        display.draw(view(state, size: display.size, env: env))   // "Kontrollerar …" while scrypt runs
        let passphrase = Passphrase(typed)
        let opens: Bool
        do {
            opens = try store.opensOwnKeySlot(passphrase)
        } catch {
            _ = update(&state, .unlockRefused(Self.reason(error)), env)
            return
        }
        _ = update(&state, opens ? .unlocked : .unlockRefused(Localized(
            sv: "Fel lösenfras (den måste vara din, den som låste upp journalen).",
            en: "Wrong passphrase (it must be yours, the one that unlocked the journal).")), env)
    }

    /// Folds in what other workers appended to the journal since this workbench last read it (a
    /// size check when nothing is new); the screen keeps its place and selection, as after a save.
    private func followOthers() {
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
            let reason = Self.reason(error)
            state.showNotice(Localized(sv: "Andras ändringar kunde inte läsas in: \(reason.sv)",
                                       en: "Other workers' changes could not be read: \(reason.en)"), isError: true)
        }
    }

    /// Records in the access log that this worker opened the case. A failure is shown, not fatal:
    /// the work with the client must go on, and the notice tells the worker to report it.
    private func logAccess(_ code: String) {
        let record = AccessRecord(time: env.clock.now().secondsSinceEpoch, worker: env.worker, action: .openCase, caseCode: code)
        do {
            try store.logAccess(record)
        } catch {
            let reason = Self.reason(error)
            state.showNotice(Localized(sv: "Öppnandet kunde inte skrivas i åtkomstloggen: \(reason.sv)",
                                       en: "Opening the case could not be written to the access log: \(reason.en)"), isError: true)
        }
    }

    /// The journal's record count when the open form was begun: a save refused because of what
    /// others appended since names them (StoreConflict).
    private func noteFormBasis() {
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
    private func save(_ event: Event, today: Day, seenRecords: Int?) -> ([Msg], Localized?) {
        // Once the save is durable, the access log records it with the journal's new head, so the
        // journal cannot later lose it at its end unnoticed (JournalAnchors); the store writes both
        // in one turn at the journal's lock.
        let entry = AccessRecord(time: env.clock.now().secondsSinceEpoch, worker: env.worker, action: .save,
                                 caseCode: event.caseCode)
        do {
            let problems = try store.record(event, today: today, seenRecords: seenRecords, access: entry)
            guard problems.isEmpty else { return ([.refused(problems)], nil) }
        } catch let failure as AccessEntryNotWritten {
            let reason = Self.reason(failure.cause)
            return ([.saved(event.id)], Localized(sv: "Sparat, men åtkomstloggen kunde inte skrivas: \(reason.sv)",
                                                  en: "Saved, but the access log could not be written: \(reason.en)"))
        } catch let error as StoreError {
            return ([.saveFailed(error.message)], nil)
        } catch let conflict as StoreConflict {
            // Another worker changed the case meanwhile: the form keeps what was typed (saveFailed).
            return ([.saveFailed(conflict.message)], nil)
        } catch {
            return ([.saveFailed(Localized(sv: "\(error)", en: "\(error)"))], nil)
        }
        return ([.saved(event.id)], nil)
    }

    private static func reason(_ error: any Error) -> Localized {
        (error as? StoreError)?.message ?? Localized(sv: "\(error)", en: "\(error)")
    }
}
