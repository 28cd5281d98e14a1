import CNcursesw
import TerminalKit

/// What one `get_wch` call delivered, separated from the C call so the mapping is testable.
public enum CursesInput: Sendable, Hashable {
    /// `get_wch` returned `OK`: a wide character (a Unicode scalar value or a control code).
    case character(UInt32)
    /// `get_wch` returned `KEY_CODE_YES`: a curses key code such as `KEY_UP` or `KEY_RESIZE`.
    case keyCode(Int32)

    /// Classifies a `get_wch` result; nil for `ERR` (timeout, no input).
    public init?(status: Int32, value: UInt32) {
        switch status {
        case OK: self = .character(value)
        case KEY_CODE_YES: self = .keyCode(Int32(bitPattern: value))
        default: return nil
        }
    }
}

/// Maps curses input to TerminalKit keys. Unknown keys map to nil and are ignored.
public enum KeyDecoder {
    /// Highest function key number reported (xterm sends Shift-F1..F12 as F13..F24 and so on).
    public static let maxFunctionKey = 63

    public static func key(for input: CursesInput) -> Key? {
        switch input {
        case .character(let value): return key(forCharacter: value)
        case .keyCode(let code): return key(forKeyCode: code)
        }
    }

    /// A character from the keyboard: controls become named keys or `.ctrl`, the rest `.char`.
    public static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace          // Ctrl-H / DEL: what terminals send for Backspace
        case 27: return .escape
        case 1...26:
            return .ctrl(Character(Unicode.Scalar(UInt8(value) + 0x60)))   // 1 -> "a"
        case 0..<32, 128..<160:
            return nil                           // Ctrl-@, Ctrl-\ ... and C1 controls
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }   // surrogates, > U+10FFFF
            return .char(Character(scalar))
        }
    }

    /// A curses key code (`KEY_*`).
    public static func key(forKeyCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_FIND: return .home     // some terminfo entries call Home "find"
        case KEY_END, KEY_SELECT: return .end     // ... and End "select"
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_RESIZE: return .resize
        case KEY_F0 + 1...KEY_F0 + Int32(maxFunctionKey):
            return .function(Int(code - KEY_F0))
        default:
            return nil
        }
    }
}
