import TerminalKit

/// An in-memory `TerminalDevice` for tests of the real program loop: it plays a script of input
/// (keys, resizes, quiet spells, actions of the test between two reads) and keeps every frame
/// drawn. When the script is used up, the loop's next wait finds input closed, so the loop draws
/// its last frame and ends.
public final class MemoryTerminal: TerminalDevice {
    public enum Input {
        case key(Key)
        /// The terminal takes this size and the loop reads `.resize`.
        case resize(Size)
        /// Nothing is typed for the whole wait: the loop's read times out (its idle step).
        case pause
        /// Runs at this point of the script (another process appends, the clock moves on), then
        /// reading goes on with the next input.
        case action(() -> Void)
    }

    public private(set) var size: Size
    public private(set) var isInputClosed = false
    /// Every frame drawn, in order (a forced redraw too).
    public private(set) var frames: [Buffer] = []
    /// How many full redraws were forced (after a resize).
    public private(set) var forcedRedraws = 0
    /// Every timeout the loop asked for, in order (nil: wait for ever).
    public private(set) var timeouts: [Int?] = []
    private var script: [Input]

    public init(size: Size = Size(width: 80, height: 24), script: [Input] = []) {
        self.size = size
        self.script = script
    }

    /// Adds input at the end of the script; input is open again (the loop can be run again).
    public func append(_ inputs: [Input]) {
        script += inputs
        isInputClosed = false
    }

    /// The last frame drawn (an empty buffer before the first).
    public var lastFrame: Buffer { frames.last ?? Buffer(width: 0, height: 0) }

    public func draw(_ buffer: Buffer) { frames.append(buffer) }

    public func forceRedraw(_ buffer: Buffer?) {
        forcedRedraws += 1
        if let frame = buffer ?? frames.last { frames.append(frame) }
    }

    public func readKey(timeoutMs: Int?) -> Key? {
        timeouts.append(timeoutMs)
        while !script.isEmpty {
            switch script[0] {
            case .key(let key):
                script.removeFirst()
                return key
            case .resize(let new):
                script.removeFirst()
                size = new
                return .resize
            case .pause:
                // A poll (timeout 0) for keys already waiting sees nothing, and leaves the pause
                // for the next wait; a wait for ever never times out.
                if timeoutMs == 0 { return nil }
                script.removeFirst()
                if timeoutMs != nil { return nil }
            case .action(let body):
                script.removeFirst()
                body()
            }
        }
        // Used up: a poll for keys already waiting sees none (so the loop draws its frame); the
        // next wait finds the input closed.
        if timeoutMs != 0 { isInputClosed = true }
        return nil
    }
}
