/// What a program loop needs from a terminal: its size, drawing a Buffer, reading a key (or
/// `.resize`) with a timeout, and knowing when input has gone away. TerminalBackend's
/// `NcursesTerminal` is the real one; the tests have an in-memory one (TerminalKitTestSupport).
/// Restoring the terminal is not the loop's job: `withTerminal` and TerminalRestore do it on
/// every exit path.
public protocol TerminalDevice: AnyObject {
    /// The size in cells; changes only after `readKey` returned `.resize`.
    var size: Size { get }
    /// Draws a frame (only what changed since the last one).
    func draw(_ buffer: Buffer)
    /// Clears the screen and draws `buffer` (or the last frame) in full, after `.resize`.
    func forceRedraw(_ buffer: Buffer?)
    /// The next key, waiting at most `timeoutMs` milliseconds (nil: until one arrives); nil on a
    /// timeout or when input failed (then `isInputClosed` is true).
    func readKey(timeoutMs: Int?) -> Key?
    /// True once input failed for a reason other than a timeout (the terminal went away).
    var isInputClosed: Bool { get }
}
