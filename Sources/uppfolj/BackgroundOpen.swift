import Foundation
import TerminalBackend
import TerminalKit
import UppfoljApp
import UppfoljStore

/// Opens the journal on a thread of its own while the terminal shows how far it has come (issue
/// 20: something on screen at once). The passphrase is still asked before the terminal is taken
/// over: the caller waits (`waitUntilUnlocked`) until the store says nothing more will be asked,
/// and only then starts curses.
final class BackgroundOpen<Value>: @unchecked Sendable {
    // Why the unchecked Sendable is safe: every field is read and written only under `condition`;
    // the value is made on the opening thread and handed over once, under the lock, to the thread
    // that takes it (it is not touched by the opening thread after that).
    private let condition = NSCondition()
    private var progress: OpenProgress?
    private var result: Result<Value, any Error>?

    /// Starts `body` (given a progress callback for `CaseStore.open`) on a new thread.
    init(_ body: @escaping @Sendable (_ progress: @escaping @Sendable (OpenProgress) -> Void) throws -> Value) {
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
    func waitUntilUnlocked() {
        condition.lock()
        while progress == nil && result == nil { condition.wait() }
        condition.unlock()
    }

    /// Where the opening stands: its last progress and, once it ended, its outcome.
    var state: (progress: OpenProgress?, result: Result<Value, any Error>?) {
        condition.lock()
        defer { condition.unlock() }
        return (progress, result)
    }

    /// The failure, if the opening has already ended with one (before the terminal is taken over).
    var earlyFailure: (any Error)? {
        if case .failure(let error)? = state.result { return error }
        return nil
    }

    /// Draws the loading frame with the progress until the opening ends; keys typed meanwhile go to
    /// `loading` (the search). Returns the outcome, or nil when the terminal went away or the worker
    /// pressed Ctrl-C (the opening thread is left to end with the process).
    func showProgress(on terminal: NcursesTerminal, _ loading: inout LoadingState, env: AppEnvironment) -> Result<Value, any Error>? {
        var size = terminal.size
        while true {
            let (progress, result) = state
            if let result { return result }
            if case .replaying(let records, let total)? = progress { loading.progress(records: records, of: total) }
            terminal.draw(loadingView(loading, size: size, env: env))
            guard let key = terminal.readKey(timeoutMs: 50) else {
                if terminal.isInputClosed { return nil }
                continue
            }
            if LoadingState.cancels(key) { return nil }
            if key == .resize {
                size = terminal.size
                terminal.forceRedraw(loadingView(loading, size: size, env: env))
            } else {
                loading.handle(key)
            }
        }
    }
}
