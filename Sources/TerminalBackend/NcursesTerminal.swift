#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcursesw
import TerminalKit

public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// stdin or stdout is not a terminal (e.g. output piped, or running under CI).
    case notATerminal
    /// ncurses could not set up the terminal named by TERM.
    case cannotInitialize(term: String)
    case alreadyStarted

    public var description: String {
        switch self {
        case .notATerminal: return "standard input and output must be a terminal"
        case .cannotInitialize(let term): return "cannot initialise terminal type '\(term)' (check TERM)"
        case .alreadyStarted: return "the terminal was already started"
        }
    }
}

/// Draws TerminalKit buffers through ncursesw and reads keys. Use it from one thread.
///
///     try withTerminal { terminal in
///         var frame = view(state, terminal.size)
///         terminal.draw(frame)
///         while let key = terminal.readKey() { ... terminal.draw(view(state, terminal.size)) }
///     }
///
/// The terminal is restored by `stop()`, by `withTerminal` on any exit from its body, on
/// SIGINT/SIGTERM/SIGHUP (exit status 128 + signal), on crashes, and on `exit()`.
/// Input is read in raw mode, so Ctrl-C arrives as `.ctrl("c")` and the app decides what it
/// means; Ctrl-S/Ctrl-Q are not taken by flow control.
public final class NcursesTerminal {
    private enum Phase { case idle, active, stopped }

    public let colorPreference: ColorPreference
    /// Known after `start()`.
    public private(set) var colorMode: ColorMode = .monochrome
    /// Whether the locale's character set is UTF-8; when false, pick `Glyphs.ascii`.
    public private(set) var isUnicode = false

    /// True once reading failed for a reason other than a timeout (the terminal went away).
    public private(set) var isInputClosed = false

    private var phase = Phase.idle
    private var previous: Buffer?
    private var cursorVisible = false
    private var wideText = [wchar_t](repeating: 0, count: 8)

    public init(colorPreference: ColorPreference = .automatic) {
        self.colorPreference = colorPreference
    }

    deinit { stop() }

    public var isActive: Bool { phase == .active }

    // MARK: Lifecycle

    /// Enters curses mode: locale, raw input without echo, keypad, hidden cursor, colours.
    public func start() throws {
        guard phase == .idle else { throw TerminalError.alreadyStarted }
        setlocale(LC_ALL, "")
        isUnicode = String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }

        TerminalRestore.prepare(ttyDescriptor: STDOUT_FILENO)
        guard cnc_newterm() != nil else {
            throw TerminalError.cannotInitialize(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        phase = .active
        if getenv("ESCDELAY") == nil { set_escdelay(25) }
        raw()
        noecho()
        nonl()
        keypad(cnc_stdscr(), true)
        curs_set(0)
        cursorVisible = false
        defineMissingKeys()
        setUpColors()
        TerminalRestore.arm(resetSequence: TerminalRestore.resetSequence(
            capabilities: ["sgr0", "cnorm", "rmkx", "rmcup"].compactMap(Self.terminfoString)))
    }

    /// Leaves curses mode and restores the terminal. Safe to call more than once.
    public func stop() {
        guard phase == .active else { return }
        phase = .stopped
        endwin()
        TerminalRestore.disarm()
    }

    // MARK: Drawing

    /// The terminal's size in cells (zero when not active).
    public var size: Size {
        guard isActive else { return Size(width: 0, height: 0) }
        return Size(width: Int(cnc_screen_width()), height: Int(cnc_screen_height()))
    }

    /// Draws `buffer`, writing only the cells that changed since the last draw (everything
    /// when the size changed), places or hides the cursor (`buffer.cursor`), and refreshes.
    public func draw(_ buffer: Buffer) {
        guard isActive else { return }
        let runs: [CellRun]
        if let previous, previous.size == buffer.size {
            runs = buffer.diff(from: previous)
        } else {
            werase(cnc_stdscr())
            runs = buffer.diff(from: Buffer(width: 0, height: 0))
        }
        put(runs)
        previous = buffer
        placeCursor(buffer.cursor)
        wnoutrefresh(cnc_stdscr())
        doupdate()
    }

    /// Clears the physical screen and draws `buffer` (or the last frame) in full. Use after
    /// `.resize`, or for Ctrl-L.
    public func forceRedraw(_ buffer: Buffer? = nil) {
        guard isActive else { return }
        clearok(cnc_curscr(), true)
        guard let frame = buffer ?? previous else { return }
        previous = nil
        draw(frame)
    }

    /// Shows the cursor at a cell (until the next `draw`, which follows `buffer.cursor`).
    public func setCursor(x: Int, y: Int) {
        guard isActive else { return }
        placeCursor(Position(x: x, y: y))
        wrefresh(cnc_stdscr())
    }

    public func hideCursor() {
        guard isActive else { return }
        placeCursor(nil)
        wrefresh(cnc_stdscr())
    }

    private func put(_ runs: [CellRun]) {
        let maxScalars = Int(cnc_cchar_max())
        let mode = colorMode
        DrawPlan.forEachGlyph(in: runs, screen: size, maxScalars: maxScalars,
                              columnsOf: { Int(cnc_wcwidth($0.value)) }) { glyph in
            let rendition = StylePalette.rendition(for: glyph.style, mode: mode)
            for (i, scalar) in glyph.scalars.enumerated() { wideText[i] = wchar_t(bitPattern: scalar.value) }
            wideText[glyph.scalars.count] = 0
            // ERR in the bottom-right corner is expected (the cursor cannot advance); the cell
            // is still stored and drawn.
            _ = cnc_put_glyph(Int32(glyph.y), Int32(glyph.x), wideText,
                              cnc_attributes(UInt32(rendition.attributes.rawValue)), rendition.colorPair)
        }
    }

    private func placeCursor(_ position: Position?) {
        let screen = size
        if let position, position.x >= 0, position.y >= 0, position.x < screen.width, position.y < screen.height {
            wmove(cnc_stdscr(), Int32(position.y), Int32(position.x))
            if !cursorVisible { curs_set(1) }
            cursorVisible = true
        } else if cursorVisible {
            curs_set(0)
            cursorVisible = false
        }
    }

    // MARK: Input

    /// The next key, waiting at most `timeoutMs` milliseconds (nil: wait until one arrives).
    /// Returns nil on timeout, or when input failed: then `isInputClosed` is true and the
    /// caller should quit rather than read again (which would return at once, forever).
    /// Keys without a mapping are skipped. `.resize` means the size changed: render a new
    /// frame for `size` and draw it (or `forceRedraw` it).
    public func readKey(timeoutMs: Int? = nil) -> Key? {
        guard isActive, !isInputClosed else { return nil }
        let clock = ContinuousClock()
        let deadline = timeoutMs.map { clock.now.advanced(by: .milliseconds(max(0, $0))) }
        while true {
            var wait: Int32 = -1
            if let deadline {
                let left = clock.now.duration(to: deadline).components
                wait = Int32(clamping: max(0, left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000))
            }
            wtimeout(cnc_stdscr(), wait)
            var value: wint_t = 0
            errno = 0
            let status = wget_wch(cnc_stdscr(), &value)
            guard let input = CursesInput(status: status, value: UInt32(value)) else {
                if errno == EINTR { continue }   // a signal, not the end of input
                // curses waits out the whole timeout; ERR before the deadline is a failed read.
                if deadline.map({ clock.now < $0.advanced(by: .milliseconds(-1)) }) ?? true {
                    isInputClosed = true
                }
                return nil
            }
            if let key = KeyDecoder.key(for: input) { return key }
            if let deadline, clock.now >= deadline { return nil }
        }
    }

    // MARK: Setup helpers

    private func setUpColors() {
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }
        let wanted = StylePalette.colorMode(preference: colorPreference, noColor: noColor, hasColors: has_colors(),
                                            colorCount: Int.max, pairCount: Int.max)
        guard wanted == .color, start_color() == OK else {
            colorMode = .monochrome
            return
        }
        colorMode = StylePalette.colorMode(preference: colorPreference, noColor: noColor, hasColors: true,
                                           colorCount: Int(cnc_colors()), pairCount: Int(cnc_color_pairs()))
        guard colorMode == .color else { return }
        let defaultsAllowed = use_default_colors() == OK
        for role in StyleRole.allCases {
            let pair = StylePalette.colorPair(for: role)
            guard pair > 0 else { continue }
            let look = StylePalette.look(for: role, mode: .color)
            let foreground = look.foreground == .terminalDefault && !defaultsAllowed ? .white : look.foreground
            let background = look.background == .terminalDefault && !defaultsAllowed ? .black : look.background
            init_pair(pair, foreground.rawValue, background.rawValue)
        }
    }

    /// Home/End sequences some terminals send without their terminfo entry naming them
    /// (PuTTY and rxvt with TERM=xterm, for example).
    private func defineMissingKeys() {
        let sequences: [(String, Int32)] = [
            ("\u{1B}[1~", KEY_HOME), ("\u{1B}[4~", KEY_END), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[8~", KEY_END),
            ("\u{1B}[H", KEY_HOME), ("\u{1B}[F", KEY_END), ("\u{1B}OH", KEY_HOME), ("\u{1B}OF", KEY_END),
        ]
        for (sequence, code) in sequences where key_defined(sequence) == 0 {
            define_key(sequence, code)
        }
    }

    private static func terminfoString(_ name: String) -> String? {
        guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
        return String(cString: value)
    }
}

/// Runs `body` with a started terminal and always stops it afterwards, also when `body`
/// throws. Errors are rethrown after the terminal is restored, so they can be printed.
public func withTerminal<T>(colorPreference: ColorPreference = .automatic,
                            _ body: (NcursesTerminal) throws -> T) throws -> T {
    let terminal = NcursesTerminal(colorPreference: colorPreference)
    try terminal.start()
    defer { terminal.stop() }
    return try body(terminal)
}

extension NcursesTerminal: TerminalDevice {}
