import TerminalKit
import UppfoljCore

/// The idle lock (issue 16 item 5): after `AppEnvironment.idleLockSeconds` without a key the screen
/// is blanked and asks for the passphrase of the person at work again. Nothing of the state is
/// dropped — an open form keeps its unsaved contents, in memory only — and the runner checks the
/// typed passphrase against that person's key slot (`Effect.unlock`), answering `.unlocked` or
/// `.unlockRefused`. The time comes from the environment's clock, so tests move it by hand.
struct IdleLockState: Sendable {
    /// What is typed, shown as dots; cleared after each try. (A Swift value: not wiped from memory,
    /// best effort like the terminal's own buffers — docs/encryption.md.)
    var typed: [Character] = []
    var message: Localized?
    var checking = false
}

enum IdleLock {
    /// Whether the workbench should lock now: a limit is set and no key came for that long.
    static func isDue(_ app: AppState, _ env: AppEnvironment) -> Bool {
        guard app.lock == nil, let limit = env.idleLockSeconds, limit > 0 else { return false }
        return env.now.secondsSinceEpoch - app.lastActivity.secondsSinceEpoch >= limit
    }

    static func engage(_ app: inout AppState) {
        app.lock = IdleLockState()
        app.overlay = nil
    }

    /// A key on the lock screen: typing, Backspace, Esc/Ctrl-U clear, Enter asks the runner to check.
    static func handle(_ key: Key, _ app: inout AppState) -> [Effect] {
        guard var lock = app.lock, !lock.checking else { return [] }
        var effects: [Effect] = []
        switch key {
        case .char(let c) where !c.isNewline:
            if lock.typed.count < 4_095 { lock.typed.append(c) }
        case .backspace:
            if !lock.typed.isEmpty { lock.typed.removeLast() }
        case .escape, .ctrl("u"):
            lock.typed.removeAll()
        case .enter:
            guard !lock.typed.isEmpty else { break }
            effects = [.unlock(String(lock.typed))]
            lock.typed.removeAll()
            lock.checking = true
            lock.message = nil
        default:
            break
        }
        app.lock = lock
        return effects
    }

    static func unlocked(_ app: inout AppState, _ env: AppEnvironment) {
        app.lock = nil
        app.lastActivity = env.now
    }

    static func refused(_ message: Localized, _ app: inout AppState) {
        guard var lock = app.lock else { return }
        lock.checking = false
        lock.typed.removeAll()
        lock.message = message
        app.lock = lock
    }

    /// The blank screen with the prompt: nothing of a case, a list or a form is drawn.
    static func frame(_ lock: IdleLockState, size: Size, env: AppEnvironment) -> Buffer {
        let t = Translator(env.language)
        var buffer = Buffer(size: size)
        let minutes = Int((env.idleLockSeconds ?? 0) / 60)
        var lines: [(String, Style)] = [
            (t(Strings.idleLocked(minutes: minutes)), .normal),
            ("", .normal),
            (t(Strings.idlePassphrase(env.worker)) + String(repeating: "•", count: min(lock.typed.count, 40)), .focus),
        ]
        if lock.checking { lines.append(("", .normal)); lines.append((t(Strings.idleChecking), .muted)) }
        if let message = lock.message { lines.append(("", .normal)); lines.append((t(message), .error)) }
        let top = max(0, (size.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() where top + offset < size.height {
            let width = DisplayWidth.of(line.0)
            let x = max(0, (size.width - width) / 2)
            _ = buffer.put(string: line.0, at: Position(x: x, y: top + offset), style: line.1, maxWidth: max(0, size.width - x))
        }
        return buffer
    }
}
