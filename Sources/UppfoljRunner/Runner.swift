import TerminalKit

/// What a screen asks of the runner after a key.
public enum KeyOutcome: Equatable, Sendable {
    /// Go on: the next waiting key, or a frame.
    case next
    /// Draw a frame before any further key is handled (a save is shown before what was typed after it).
    case drawNow
    /// Leave the loop.
    case quit
}

/// The terminal as a screen may use it while it handles a key: draw an intermediate frame
/// ("Kontrollerar …", "Räknar …") and know the size. It cannot read keys: only the runner does.
public struct Display {
    private let terminal: any TerminalDevice

    init(_ terminal: any TerminalDevice) { self.terminal = terminal }

    public var size: Size { terminal.size }
    public func draw(_ buffer: Buffer) { terminal.draw(buffer) }
}

/// A program the runner drives: the workbench (`Workbench`), the manager view (`DashboardScreen`)
/// or the loading frame while the journal is opened (`BackgroundOpen.showProgress`).
/// The runner owns the loop (draw, wait for a key, resize, idle, quit); a screen says what a key,
/// a resize or a quiet spell means.
public protocol RunnerScreen {
    /// The frame for the screen's state at `size`.
    func frame(size: Size) -> Buffer
    /// How long to wait for a key before `idle` is called (nil: wait for ever, never idle).
    var idleTimeoutMs: Int? { get }
    /// At most this many keys already waiting (a paste) are handled between two frames.
    var keysPerFrame: Int { get }
    /// The terminal changed size; the runner then redraws the whole screen.
    mutating func resized(to size: Size, _ display: Display) throws -> KeyOutcome
    /// A key (never `.resize`).
    mutating func handle(_ key: Key, _ display: Display) throws -> KeyOutcome
    /// Nothing was typed for `idleTimeoutMs`: follow others' saves, let the idle lock look at the
    /// clock, see whether the journal is open yet (`.drawNow` is the same as `.next` here).
    mutating func idle(_ display: Display) throws -> KeyOutcome
}

/// The one program loop of the workbench and the manager view: draw → key (or resize, or a quiet
/// spell) → the screen's update and effects → draw. It ends when the screen says quit or the
/// terminal's input goes away (hangup, closed pty).
public enum Runner {
    public static func run<Screen: RunnerScreen>(_ screen: inout Screen, on terminal: some TerminalDevice) throws {
        let display = Display(terminal)
        var size = terminal.size
        while true {
            terminal.draw(screen.frame(size: size))
            guard let first = terminal.readKey(timeoutMs: screen.idleTimeoutMs) else {
                if terminal.isInputClosed { return }
                if try screen.idle(display) == .quit { return }
                continue
            }
            // Every key already waiting is handled before the next frame is drawn (up to
            // `keysPerFrame`): a frame per key made a 20,000-character paste take seconds.
            var next: Key? = first
            var handled = 0
            while let key = next {
                let outcome: KeyOutcome
                if key == .resize {
                    size = terminal.size
                    outcome = try screen.resized(to: size, display)
                    terminal.forceRedraw(screen.frame(size: size))
                } else {
                    outcome = try screen.handle(key, display)
                }
                if outcome == .quit { return }
                handled += 1
                next = outcome == .drawNow || handled >= screen.keysPerFrame ? nil : terminal.readKey(timeoutMs: 0)
            }
            if terminal.isInputClosed { return }
        }
    }
}
