import Foundation
import TerminalKit
import UppfoljApp
import UppfoljStore

/// Opens the journal on a thread of its own while the terminal shows how far it has come (issue
/// 20: something on screen at once). The passphrase is still asked before the terminal is taken
/// over: the caller waits (`waitUntilUnlocked`) until the store says nothing more will be asked,
/// and only then starts curses.
public final class BackgroundOpen<Value>: @unchecked Sendable {
    // Why the unchecked Sendable is safe: every field is read and written only under `condition`;
    // the value is made on the opening thread and handed over once, under the lock, to the thread
    // that takes it (it is not touched by the opening thread after that).
    private let condition = NSCondition()
    private var progress: OpenProgress?
    private var result: Result<Value, any Error>?

    /// Starts `body` (given a progress callback for `CaseStore.open`) on a new thread.
    public init(_ body: @escaping @Sendable (_ progress: @escaping @Sendable (OpenProgress) -> Void) throws -> Value) {
        let thread = Thread { [self] in
            let outcome = Result { try body { step in self.report(step) } }
            condition.lock()
            result = outcome
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func report(_ step: OpenProgress) {
        condition.lock()
        progress = step
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the key is unlocked (no more prompts at the terminal) or the opening ended.
    public func waitUntilUnlocked() {
        condition.lock()
        while progress == nil && result == nil { condition.wait() }
        condition.unlock()
    }

    /// Where the opening stands: its last progress and, once it ended, its outcome.
    public var state: (progress: OpenProgress?, result: Result<Value, any Error>?) {
        condition.lock()
        defer { condition.unlock() }
        return (progress, result)
    }

    /// The failure, if the opening has already ended with one (before the terminal is taken over).
    public var earlyFailure: (any Error)? {
        if case .failure(let error)? = state.result { return error }
        return nil
    }

    /// Draws the loading frame with the progress until the opening ends; keys typed meanwhile go to
    /// `loading` (the search). Returns the outcome, or nil when the terminal went away or the worker
    /// pressed Ctrl-C (the opening thread is left to end with the process).
    public func showProgress(on terminal: some TerminalDevice, _ loading: inout LoadingState, env: AppEnvironment) throws
        -> Result<Value, any Error>? {
        var screen = OpeningScreen(opening: self, loading: loading, env: env)
        defer { loading = screen.loading }
        // An opening that already ended draws no loading frame.
        guard screen.poll() == .next else { return screen.outcome }
        try Runner.run(&screen, on: terminal)
        return screen.outcome
    }
}

/// The loading frame as the runner drives it: it looks at the opening every 50 ms and after every
/// key, shows how far the reading has come, and ends (quit) when the opening has ended.
struct OpeningScreen<Value>: RunnerScreen {
    let opening: BackgroundOpen<Value>
    var loading: LoadingState
    let env: AppEnvironment
    /// The opening's outcome once it ended (nil: cancelled, or the terminal went away).
    private(set) var outcome: Result<Value, any Error>?

    var idleTimeoutMs: Int? { 50 }
    var keysPerFrame: Int { 1 }

    func frame(size: Size) -> Buffer { loadingView(loading, size: size, env: env) }

    mutating func resized(to size: Size, _ display: Display) throws -> KeyOutcome { poll() }

    mutating func handle(_ key: Key, _ display: Display) throws -> KeyOutcome {
        if LoadingState.cancels(key) { return .quit }
        loading.handle(key)
        return poll()
    }

    mutating func idle(_ display: Display) throws -> KeyOutcome { poll() }

    /// Takes the outcome when the opening ended (quit), else its progress.
    mutating func poll() -> KeyOutcome {
        let (progress, result) = opening.state
        if let result {
            outcome = result
            return .quit
        }
        if case .replaying(let records, let total)? = progress { loading.progress(records: records, of: total) }
        return .next
    }
}
