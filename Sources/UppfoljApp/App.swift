import TerminalKit
import UppfoljCore

// The application's contract with its runner (the ncurses loop and the journal):
//
//     var state = AppState(projection: store.projection, env: env, size: terminalSize)
//     draw(view(state, size: terminalSize, env: env))
//     loop: for every key (or resize) → update(&state, .key(k), env) → effects
//           .append(event): validate + append durably, then send .saved(event.id) (or .refused /
//           .saveFailed) followed by .projectionChanged(newProjection)
//           .quit: leave the loop
//           draw(view(state, size: terminalSize, env: env))
//
// Everything here is pure: no I/O. The time and new event ids come from the environment's clock
// and id source (`AppClock`, `EventIDSource`), which tests replace; the clock is read once per
// message, so the day moves on at midnight while the workbench runs.

/// Where the app gets the time. One clock for the whole app, read once per message.
public protocol AppClock: Sendable {
    func now() -> Timestamp
}

/// The machine's clock.
public struct SystemClock: AppClock {
    public init() {}
    public func now() -> Timestamp { .now() }
}

/// A clock that always says the same moment.
public struct FixedClock: AppClock {
    public var instant: Timestamp
    public init(_ instant: Timestamp) { self.instant = instant }
    /// Noon (UTC) of `day`: that day in every time zone within ±12 hours.
    public init(day: Day) { self.init(Timestamp(secondsSinceEpoch: Int64(day.daysSinceEpoch) * 86_400 + 43_200)) }
    public func now() -> Timestamp { instant }
}

/// Where new events get their ids. One source for the whole app.
public protocol EventIDSource: Sendable {
    func next() -> EventID
}

/// Fresh random ids from the system's cryptographically secure generator.
public struct RandomEventIDs: EventIDSource {
    public init() {}
    public func next() -> EventID { .random() }
}

/// What the app needs from the world: settings that do not change while it runs, the clock and
/// the id source.
public struct AppEnvironment: Sendable {
    public var catalogue: InstrumentCatalogue
    public var clock: any AppClock
    public var ids: any EventIDSource
    /// The moment the message being handled arrived (see `reading(_:)`), and its local day.
    public private(set) var now: Timestamp
    public private(set) var today: Day
    public var language: Language
    /// The pseudonymous worker id stamped on every new event.
    public var worker: String
    public var policy: FollowUpPolicy
    /// The journal holds synthetic demo data (shown in the status line).
    public var demo: Bool
    /// The case list starts with "mina ärenden" (the cases `worker` is responsible for): for a
    /// worker identified by their own key (issue 16); "alla" otherwise.
    public var mineByDefault = false
    /// Lock the screen after this many seconds without a key (issue 16); nil: never.
    public var idleLockSeconds: Int64?

    public init(catalogue: InstrumentCatalogue, clock: any AppClock = SystemClock(), ids: any EventIDSource = RandomEventIDs(),
                language: Language = .sv, worker: String, policy: FollowUpPolicy = .standard, demo: Bool = false) {
        self.catalogue = catalogue
        self.clock = clock
        self.ids = ids
        now = clock.now()
        today = now.localDay
        self.language = language
        self.worker = worker
        self.policy = policy
        self.demo = demo
    }

    /// An environment whose clock stands still on `today` (tests, tools).
    public init(catalogue: InstrumentCatalogue, today: Day, language: Language = .sv, worker: String,
                policy: FollowUpPolicy = .standard, demo: Bool = false) {
        self.init(catalogue: catalogue, clock: FixedClock(day: today), language: language, worker: worker,
                  policy: policy, demo: demo)
    }

    /// This environment as at `instant`: what `now` and `today` say while one message is handled.
    public func reading(_ instant: Timestamp) -> AppEnvironment {
        var copy = self
        copy.now = instant
        copy.today = instant.localDay
        return copy
    }
}

/// Everything that can happen to the app.
public enum Msg: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// The event with this id is durably in the journal.
    case saved(EventID)
    /// The journal could not take the event (I/O error, lock lost, …); the message says why.
    case saveFailed(Localized)
    /// The runner's validator refused the event; the problems name the fields.
    case refused([Problem])
    /// The projection after an append (or any other change of the journal).
    case projectionChanged(Projection)
    /// Time passed without a key (the runner's wait ran out): the idle lock may engage.
    case tick
    /// The passphrase typed on the lock screen is the person's: the workbench opens again.
    case unlocked
    /// It is not (the message says so); the lock stays.
    case unlockRefused(Localized)
}

/// What the app asks its runner to do.
public enum Effect: Equatable, Sendable {
    /// Validate and append this event durably, then report back (see `Msg`).
    case append(Event)
    /// A case screen was opened: record it in the access log.
    case caseOpened(String)
    /// Check this passphrase against the key slot of the person at work, then send `.unlocked`
    /// or `.unlockRefused` (the idle lock).
    case unlock(String)
    case quit
}

/// The smallest terminal the screens are laid out for; below it only a notice is shown.
public let minimumSize = MinimumSize(width: 60, height: 16)

/// Applies one message to the state and returns what the runner must do.
public func update(_ state: inout AppState, _ msg: Msg, _ env: AppEnvironment) -> [Effect] {
    // The clock is read once per message; a new day (midnight passed) refreshes the due list.
    let env = env.reading(env.clock.now())
    let dayChanged = env.today != state.today
    state.now = env.now
    if dayChanged { state.replaceProjection(state.projection, env) }
    var effects: [Effect] = []
    let shownCase = state.openCaseCode
    switch msg {
    case .key(let key) where state.lock != nil:
        effects = IdleLock.handle(key, &state)
    case .key where IdleLock.isDue(state, env):
        // The first key after the idle time locks (it is not acted on): the runner may not have
        // had a tick since.
        IdleLock.engage(&state)
    case .key(let key):
        state.lastActivity = env.now
        effects = KeyDispatch.handle(key, &state, env)
    case .tick:
        if IdleLock.isDue(state, env) { IdleLock.engage(&state) }
    case .unlocked:
        IdleLock.unlocked(&state, env)
    case .unlockRefused(let message):
        IdleLock.refused(message, &state)
    case .resize(let width, let height):
        state.size = Size(width: max(0, width), height: max(0, height))
    case .saved(let id):
        SaveFlow.saved(id, &state, env)
    case .saveFailed(let message):
        SaveFlow.failed(message, &state, env)
    case .refused(let problems):
        SaveFlow.refused(problems, &state, env)
    case .projectionChanged(let projection):
        state.replaceProjection(projection, env)
    }
    if let code = state.openCaseCode, code != shownCase, case .caseView? = state.routes.last {
        effects.append(.caseOpened(code))
    }
    // Layout pass: render once so scroll offsets that keep the selection visible are stored.
    _ = Renderer.frame(&state, size: state.size, env: env)
    return effects
}

/// The whole frame for the state at a terminal size. Pure.
public func view(_ state: AppState, size: Size, env: AppEnvironment) -> Buffer {
    let env = env.reading(state.now)   // the time of the last message, as its update saw it
    if let lock = state.lock { return IdleLock.frame(lock, size: size, env: env) }
    var copy = state
    return Renderer.frame(&copy, size: size, env: env)
}
