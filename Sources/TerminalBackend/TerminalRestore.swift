#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcursesw

/// Puts the terminal back when the process ends in a way `NcursesTerminal.stop()` cannot see.
///
/// - SIGINT, SIGTERM, SIGHUP, and the signals whose default action ends the process without a
///   core (SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF — each only while its
///   disposition is the default; an ignored SIGPIPE stays ignored): the handler writes reset
///   sequences prepared at start (attributes off, cursor on, keypad off, leave the alternate
///   screen), restores the tty modes saved before curses started (`tcsetattr`) and calls
///   `_exit(128 + signo)`. `write`, `tcsetattr` and `_exit` are async-signal-safe; the handler
///   never calls into curses, Swift's runtime, locks or the allocator. Journal appends are durable
///   before they are acknowledged, and file locks are released by the kernel, so exiting this way
///   loses nothing.
/// - SIGABRT, SIGILL, SIGTRAP, SIGFPE, SIGBUS, SIGSEGV, SIGSYS, SIGXCPU, SIGXFSZ (crashes, Swift
///   traps, limits): the same reset, then the previous disposition is put back and the signal
///   raised again, so core dumps and Swift's crash backtrace still happen.
/// - SIGQUIT (Ctrl-\\, or `kill -QUIT`): the same reset, then the default disposition (end with a
///   core dump), not the previous one: Swift's runtime catches SIGQUIT too and would open its
///   interactive backtracer on the user's screen, which is no crash report to show a social worker.
/// - `exit()`: an `atexit` hook calls `endwin()` if curses is still active.
/// - SIGKILL (and SIGSTOP) cannot be caught: after `kill -9` the terminal stays in raw mode (no
///   echo, no line editing) until the user types `reset` (or `stty sane`) and Enter.
/// SIGWINCH is left to ncurses (KEY_RESIZE); SIGTSTP/SIGCONT too.
///
/// Everything the handlers read lives behind `let` pointers to memory allocated once (the
/// static `let` holding them is initialised in `prepare`, before any handler is installed), so
/// a handler never reads or writes a Swift `var`: no exclusivity checks, no allocation.
enum TerminalRestore {
    static let terminatingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// Signals that end the process by default but that nobody sends a workbench on purpose; a
    /// handler is installed only while the disposition is the default (never over SIG_IGN).
    static let defaultTerminatingSignals: [Int32] = [SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF]
    static let crashSignals: [Int32] = [SIGABRT, SIGILL, SIGTRAP, SIGFPE, SIGBUS, SIGSEGV, SIGSYS, SIGXCPU, SIGXFSZ]
    static let quitSignals: [Int32] = [SIGQUIT]
    static var allSignals: [Int32] { terminatingSignals + defaultTerminatingSignals + crashSignals + quitSignals }

    private static let resetCapacity = 256
    private static let signalSlots = 65

    private struct Shared {
        /// 1 while the terminal is in curses mode and the handlers may restore it.
        let armed = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        let ttyDescriptor = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        let shellModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        let resetBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: TerminalRestore.resetCapacity)
        let resetCount = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        /// Dispositions before `start`, indexed by signal number.
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: TerminalRestore.signalSlots)

        init() {
            armed.pointee = 0
            ttyDescriptor.pointee = -1
            shellModes.initialize(to: termios())
            resetCount.pointee = 0
            previous.initialize(repeating: sigaction(), count: TerminalRestore.signalSlots)
        }
    }

    /// Why the unchecked isolation is safe: `Shared` holds only `let` pointers (not Sendable, hence
    /// the annotation), set once when the static is first read, in `prepare` before any handler is
    /// installed; the memory behind them is written by `prepare`/`arm`/`disarm` on the main thread
    /// and by a handler that first clears `armed` (a `sig_atomic_t`), never by two at once.
    nonisolated(unsafe) private static let shared = Shared()

    /// Whether the handlers would restore the terminal now.
    static var isArmed: Bool { shared.armed.pointee != 0 }

    /// Step 1, before curses touches the tty: remember its modes and the current dispositions.
    static func prepare(ttyDescriptor: Int32) {
        _ = registerAtExit
        let s = shared
        s.armed.pointee = 0
        s.ttyDescriptor.pointee = ttyDescriptor
        if tcgetattr(ttyDescriptor, s.shellModes) != 0 { s.ttyDescriptor.pointee = -1 }
        for signo in allSignals where signo < Int32(signalSlots) {
            sigaction(signo, nil, s.previous + Int(signo))
        }
    }

    /// Step 2, after curses started: store the reset bytes and install the handlers.
    static func arm(resetSequence: [UInt8]) {
        let s = shared
        let count = min(resetSequence.count, resetCapacity)
        resetSequence.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress { s.resetBytes.update(from: base, count: count) }
        }
        s.resetCount.pointee = count
        s.armed.pointee = 1
        let exitHandler: @convention(c) (Int32) -> Void = { signo in
            TerminalRestore.restoreFromSignal()
            _exit(128 + signo)
        }
        install(terminatingSignals, handler: exitHandler)
        install(defaultTerminatingSignals.filter { signo in
            signo < Int32(signalSlots) && isDefault(s.previous[Int(signo)])
        }, handler: exitHandler)
        install(quitSignals, handler: { signo in
            TerminalRestore.restoreFromSignal()
            // The default action (core dump), never Swift's interactive backtracer on the screen.
            signal(signo, SIG_DFL)
            raise(signo)
        })
        install(crashSignals, handler: { signo in
            TerminalRestore.restoreFromSignal()
            // Back to the old disposition; the signal is delivered again when this returns.
            sigaction(signo, TerminalRestore.shared.previous + Int(signo), nil)
            raise(signo)
        })
    }

    /// After `endwin()`: handlers off, dispositions as they were before `start`.
    static func disarm() {
        let s = shared
        s.armed.pointee = 0
        for signo in allSignals where signo < Int32(signalSlots) {
            sigaction(signo, s.previous + Int(signo), nil)
        }
    }

    private static func isDefault(_ action: sigaction) -> Bool {
        #if canImport(Glibc)
        let handler = action.__sigaction_handler.sa_handler
        #else
        let handler = action.__sigaction_u.__sa_handler
        #endif
        return handler == nil && action.sa_flags & Int32(SA_SIGINFO) == 0
    }

    private static func install(_ signals: [Int32], handler: @escaping @convention(c) (Int32) -> Void) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigfillset(&action.sa_mask)   // no other signal interrupts a restore in progress
        action.sa_flags = 0
        for signo in signals {
            sigaction(signo, &action, nil)
        }
    }

    /// Async-signal-safe: write + tcsetattr on memory prepared in advance.
    private static func restoreFromSignal() {
        let s = shared
        guard s.armed.pointee != 0 else { return }
        s.armed.pointee = 0
        let fd = s.ttyDescriptor.pointee
        guard fd >= 0 else { return }
        var offset = 0
        let count = s.resetCount.pointee
        while offset < count {
            let written = write(fd, s.resetBytes + offset, count - offset)
            if written <= 0 { break }
            offset += written
        }
        tcsetattr(fd, TCSADRAIN, s.shellModes)
    }

    /// Last resort for `exit()` while curses is active (not a signal context, so endwin is fine).
    private static let registerAtExit: Void = {
        atexit {
            if TerminalRestore.isArmed {
                TerminalRestore.shared.armed.pointee = 0
                endwin()
            }
        }
    }()

    /// Builds the reset bytes from terminfo capability strings, dropping `$<..>` padding.
    static func resetSequence(capabilities: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for capability in capabilities {
            bytes += stripPadding(Array(capability.utf8))
        }
        return bytes
    }

    /// Removes terminfo delay specifications such as `$<5>` or `$<2/*>`.
    static func stripPadding(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "<"),
               let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: ">")) {
                i = close + 1
                continue
            }
            result.append(bytes[i])
            i += 1
        }
        return result
    }
}
