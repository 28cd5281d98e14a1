/// What a text field accepts.
public enum TextInputKind: Sendable, Hashable {
    /// Any printable text, optionally limited to a number of graphemes.
    case text(maxLength: Int? = nil)
    /// Digits with an optional leading minus.
    case integer
    /// Digits, an optional leading minus and one decimal separator ("," or ".").
    case decimal
    /// YYYY-MM-DD: digits and "-", at most 10 characters. Whether the date exists is for the
    /// app to validate.
    case date

    public var maxLength: Int? {
        switch self {
        case .text(let limit): return limit
        case .date: return 10
        case .integer, .decimal: return nil
        }
    }

    /// Whether `character` may be inserted at `index` into `current`.
    public func accepts(_ character: Character, into current: [Character], at index: Int) -> Bool {
        // Controls (C0, DEL, C1), the invisible direction marks and overrides, and line/paragraph
        // separators: none may be stored (UppfoljCore's SafeText), so a field never takes them in.
        if character.unicodeScalars.contains(where: { scalar in
            switch scalar.value {
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
            default: return scalar.properties.generalCategory == .control
            }
        }) {
            return false
        }
        switch self {
        case .text:
            return true
        case .integer:
            return character.isASCIIDigit || (character == "-" && index == 0 && !current.contains("-"))
        case .decimal:
            if character.isASCIIDigit { return true }
            if character == "-" { return index == 0 && !current.contains("-") }
            if character == "," || character == "." { return !current.contains(",") && !current.contains(".") }
            return false
        case .date:
            return character.isASCIIDigit || character == "-"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}

/// Text and cursor of an editable field. The cursor counts graphemes (0...count), so editing
/// never splits "é", "👩‍👩‍👧" or a flag.
///
/// Editing works like a shell line: Ctrl-A/Home and Ctrl-E/End move to the start and end, Ctrl-U
/// deletes to the start, Ctrl-K to the end, Ctrl-W the word before the cursor. A pre-filled value
/// may be *selected* (`selectAll()`): until the first editing key, typing replaces it, and
/// Backspace, Delete, Ctrl-U, Ctrl-K or Ctrl-W clear it; a moving key just ends the selection.
///
/// The graphemes are kept beside the text, so an edit re-reads only the graphemes next to it
/// (where a combining mark or a second regional indicator may join its neighbour), never the whole
/// text: typing or pasting at the end costs the same in a 20,000-character field as in an empty one.
public struct TextFieldState: Sendable, Hashable {
    public private(set) var text: String
    public private(set) var cursor: Int
    /// `text` split into graphemes.
    public private(set) var characters: [Character]
    /// The whole text is selected (a pre-filled value not yet edited).
    public private(set) var isSelected: Bool = false

    /// A field holding `text`, with the cursor at the end unless given.
    public init(text: String = "", cursor: Int? = nil, selected: Bool = false) {
        self.text = text
        characters = Array(text)
        let count = characters.count
        self.cursor = min(max(0, cursor ?? count), count)
        isSelected = selected && !text.isEmpty
    }

    /// Selects the whole text (if any), with the cursor at the end: the next typed character
    /// replaces it.
    public mutating func selectAll() {
        isSelected = !characters.isEmpty
        cursor = characters.count
    }

    public var isEmpty: Bool { text.isEmpty }

    /// Replaces the text and puts the cursor at the end.
    public mutating func setText(_ newText: String) {
        text = newText
        characters = Array(newText)
        cursor = characters.count
        isSelected = false
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Inserts at the cursor the characters `kind` accepts (respecting its length limit).
    /// Returns whether anything was inserted.
    @discardableResult
    public mutating func insert(_ string: String, kind: TextInputKind = .text()) -> Bool {
        var added: [Character] = []
        for character in string {
            if let limit = kind.maxLength, characters.count + added.count >= limit { break }
            var current: [Character] { Array(characters[..<cursor]) + added + Array(characters[cursor...]) }
            // Only the number kinds look at the current text (short fields); text fields accept any
            // printable character without building it.
            let accepted: Bool
            switch kind {
            case .text, .date: accepted = kind.accepts(character, into: [], at: cursor + added.count)
            case .integer, .decimal: accepted = kind.accepts(character, into: current, at: cursor + added.count)
            }
            if accepted { added.append(character) }
        }
        guard !added.isEmpty else { return false }
        cursor = splice(cursor..<cursor, with: added)
        return true
    }

    /// Deletes the grapheme before the cursor.
    @discardableResult
    public mutating func backspace() -> Bool {
        guard cursor > 0 else { return false }
        cursor = splice(cursor - 1..<cursor, with: [])
        return true
    }

    /// Deletes the grapheme under the cursor.
    @discardableResult
    public mutating func deleteForward() -> Bool {
        guard cursor < characters.count else { return false }
        cursor = splice(cursor..<cursor + 1, with: [])
        return true
    }

    /// Replaces the graphemes in `range` with `new`, in `text` and `characters`, re-reading the
    /// graphemes only from the one before the range to where the grouping is as before. (Whether
    /// two graphemes stay apart never depends on what follows them, so the left edge holds; on the
    /// right, a joiner or a regional indicator may pull the next grapheme in, so the window grows
    /// until its last grapheme and the next one stay apart.) Returns the grapheme position just
    /// after the new ones (where the cursor goes).
    private mutating func splice(_ range: Range<Int>, with new: [Character]) -> Int {
        let low = max(0, range.lowerBound - 1)
        var high = min(characters.count, range.upperBound + 1)
        let before = String(characters[low..<range.lowerBound]) + String(new)
        var joined = before + String(characters[range.upperBound..<high])
        var regrouped = Array(joined)
        while high < characters.count, let last = regrouped.last,
              !Array(String(last) + String(characters[high])).elementsEqual([last, characters[high]]) {
            joined += String(characters[high])
            high += 1
            regrouped = Array(joined)
        }
        // Byte offsets of the window in `text`, counted from the nearer end.
        let windowBytes = characters[low..<high].reduce(0) { $0 + $1.utf8.count }
        let startByte: Int
        if low <= characters.count - high {
            startByte = characters[..<low].reduce(0) { $0 + $1.utf8.count }
        } else {
            startByte = text.utf8.count - windowBytes - characters[high...].reduce(0) { $0 + $1.utf8.count }
        }
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: startByte)
        let to = utf8.index(from, offsetBy: windowBytes)
        text.replaceSubrange(from..<to, with: joined)
        characters.replaceSubrange(low..<high, with: regrouped)
        // A combining mark merges with the grapheme before it: count the graphemes up to the end
        // of the new text as they are now grouped.
        return min(low + before.count, characters.count)
    }

    public mutating func clear() {
        text = ""
        characters = []
        cursor = 0
        isSelected = false
    }

    /// Deletes from the start of the line to the cursor (Ctrl-U).
    @discardableResult
    public mutating func deleteToStart() -> Bool {
        guard cursor > 0 else { return false }
        cursor = splice(0..<cursor, with: [])
        return true
    }

    /// Deletes from the cursor to the end of the line (Ctrl-K).
    @discardableResult
    public mutating func deleteToEnd() -> Bool {
        guard cursor < characters.count else { return false }
        cursor = splice(cursor..<characters.count, with: [])
        return true
    }

    /// Deletes the word before the cursor and the blanks after it (Ctrl-W, as in a shell: words
    /// are separated by whitespace).
    @discardableResult
    public mutating func deleteWordBackward() -> Bool {
        guard cursor > 0 else { return false }
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        cursor = splice(start..<cursor, with: [])
        return true
    }

    /// The keys `handle(_:kind:)` takes.
    public static func isEditingKey(_ key: Key) -> Bool {
        switch key.normalized {
        case .char, .backspace, .delete, .left, .right, .home, .end: return true
        case .ctrl(let c): return "aeukw".contains(c)
        default: return false
        }
    }

    /// Applies an editing key: printable characters, Backspace, Delete, Left, Right, Home, End,
    /// and the shell keys Ctrl-A, Ctrl-E, Ctrl-U, Ctrl-K, Ctrl-W. Returns false for keys a text
    /// field does not handle (the app's keymap gets them).
    @discardableResult
    public mutating func handle(_ key: Key, kind: TextInputKind = .text()) -> Bool {
        let key = key.normalized
        guard TextFieldState.isEditingKey(key) else { return false }
        if isSelected {
            isSelected = false
            switch key {
            case .char(let c):
                // Typing over the selection replaces it (unless the field cannot take the key).
                var fresh = TextFieldState()
                if fresh.insert(String(c), kind: kind) { self = fresh }
                return true
            case .backspace, .delete, .ctrl("u"), .ctrl("k"), .ctrl("w"):
                clear()
                return true
            default:
                break  // moving keys end the selection and then move
            }
        }
        switch key {
        case .char(let c): insert(String(c), kind: kind)
        case .backspace: backspace()
        case .delete: deleteForward()
        case .left: moveLeft()
        case .right: moveRight()
        case .home, .ctrl("a"): moveHome()
        case .end, .ctrl("e"): moveEnd()
        case .ctrl("u"): deleteToStart()
        case .ctrl("k"): deleteToEnd()
        case .ctrl("w"): deleteWordBackward()
        default: return false
        }
        return true
    }
}

/// One-of-N choice. Left/Right or Space cycles; nil means nothing chosen yet.
public struct ChoiceState: Sendable, Hashable {
    public var selected: Int?

    public init(selected: Int? = nil) { self.selected = selected }

    public mutating func selectNext(count: Int) {
        guard count > 0 else { selected = nil; return }
        selected = selected.map { ($0 + 1) % count } ?? 0
    }

    public mutating func selectPrevious(count: Int) {
        guard count > 0 else { selected = nil; return }
        selected = selected.map { ($0 - 1 + count) % count } ?? count - 1
    }

    @discardableResult
    public mutating func handle(_ key: Key, optionCount: Int) -> Bool {
        switch key {
        case .right, .char(" "): selectNext(count: optionCount); return true
        case .left: selectPrevious(count: optionCount); return true
        default: return false
        }
    }
}

/// A checkbox list with a cursor. Up/Down move inside the list, Space toggles.
public struct MultiChoiceState: Sendable, Hashable {
    public var checked: Set<Int>
    public var cursor: Int

    public init(checked: Set<Int> = [], cursor: Int = 0) {
        self.checked = checked
        self.cursor = cursor
    }

    public mutating func toggle() {
        if checked.contains(cursor) { checked.remove(cursor) } else { checked.insert(cursor) }
    }

    /// Up at the first option and Down at the last are not handled, so the form can move focus.
    @discardableResult
    public mutating func handle(_ key: Key, optionCount: Int) -> Bool {
        switch key {
        case .up:
            guard cursor > 0 else { return false }
            cursor -= 1
            return true
        case .down:
            guard cursor < optionCount - 1 else { return false }
            cursor += 1
            return true
        case .char(" "):
            guard optionCount > 0 else { return false }
            cursor = min(max(0, cursor), optionCount - 1)
            toggle()
            return true
        default:
            return false
        }
    }
}

/// Yes / no / unknown answer.
public enum TriState: Int, Sendable, Hashable, CaseIterable {
    case yes
    case no
    case unknown

    /// Cycles yes → no → unknown → yes (Right/Space) or backwards (Left); from unanswered, Right
    /// gives yes and Left gives unknown.
    public static func cycle(_ value: TriState?, forward: Bool) -> TriState {
        guard let value else { return forward ? .yes : .unknown }
        let count = allCases.count
        return TriState(rawValue: (value.rawValue + (forward ? 1 : count - 1)) % count)!
    }

    @discardableResult
    public static func handle(_ key: Key, value: inout TriState?) -> Bool {
        switch key {
        case .right, .char(" "): value = cycle(value, forward: true); return true
        case .left: value = cycle(value, forward: false); return true
        default: return false
        }
    }
}

/// The caller's words for a yes/no/unknown field.
public struct TriStateLabels: Sendable, Hashable {
    public var yes: String
    public var no: String
    public var unknown: String

    public init(yes: String, no: String, unknown: String) {
        self.yes = yes
        self.no = no
        self.unknown = unknown
    }

    public func label(for value: TriState) -> String {
        switch value {
        case .yes: return yes
        case .no: return no
        case .unknown: return unknown
        }
    }
}

/// Typing a letter in a long list jumps to the next entry that starts with it (after the current
/// one, wrapping around), as in a file manager: "K" twice goes to the second entry starting with K.
public enum LetterJump {
    /// The index of the next option after `current` whose first letter is `letter` (compared
    /// case-insensitively, "å" and "a" apart), or nil when no option starts with it.
    public static func index(of letter: Character, in options: [String], after current: Int?) -> Int? {
        guard letter.isLetter || letter.isNumber, !options.isEmpty else { return nil }
        let wanted = String(letter).lowercased()
        let start = (current ?? -1) + 1
        for step in 0..<options.count {
            let index = (start + step) % options.count
            let first = options[index].drop { !$0.isLetter && !$0.isNumber }.first
            if let first, String(first).lowercased() == wanted { return index }
        }
        return nil
    }
}
