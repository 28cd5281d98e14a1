/// Terminal display width of grapheme clusters, in pure Swift.
///
/// Rules, applied to the first scalar of a cluster that is not zero-width:
/// - ASCII control characters, other `Cc` controls and line/paragraph separators: 0 (not printable;
///   `Buffer.put` drops them).
/// - Combining marks (`Mn`, `Me`), format characters (`Cf`: ZWJ, ZWSP, soft hyphen...) and
///   variation selectors: 0. Inside a cluster they add nothing to the base's width.
/// - A cluster with VS16 (U+FE0F) after an emoji base, or whose base has Emoji_Presentation
///   (including regional-indicator flags and ZWJ family sequences): 2.
/// - East Asian Wide/Fullwidth scalars from `wideRanges`: 2.
/// - Everything else: 1 (East Asian Ambiguous counts as narrow, as in most Western locales).
/// VS15 (text presentation) is not special-cased: terminals disagree about it.
public enum DisplayWidth {
    /// East Asian Wide (W) and Fullwidth (F) blocks that are not emoji. Emoji are found through
    /// `Unicode.Scalar.Properties.isEmojiPresentation` instead, which keeps this table small.
    /// Sorted by lower bound for binary search.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo leading consonants
        0x2E80...0x303E,   // CJK radicals, Kangxi radicals, CJK symbols and punctuation
        0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
        0x3400...0x4DBF,   // CJK unified ideographs extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA000...0xA4CF,   // Yi syllables and radicals
        0xA960...0xA97F,   // Hangul Jamo extended A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19,   // vertical forms
        0xFE30...0xFE6F,   // CJK compatibility forms, small form variants
        0xFF00...0xFF60,   // fullwidth ASCII forms
        0xFFE0...0xFFE6,   // fullwidth signs
        0x16FE0...0x16FE4, // ideographic symbols and punctuation
        0x17000...0x18CFF, // Tangut
        0x1B000...0x1B2FF, // Kana supplement and extensions, Nushu
        0x1F200...0x1F2FF, // enclosed ideographic supplement
        0x20000...0x2FFFD, // CJK extensions B-F (plane 2)
        0x30000...0x3FFFD, // CJK extension G and later (plane 3)
    ]

    static func isWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if value < range.lowerBound {
                high = mid - 1
            } else if value > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// True for scalars that never take a column of their own.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x300 {
            // Fast path: only controls and the soft hyphen are zero-width below U+0300.
            return value < 0x20 || (value >= 0x7F && value < 0xA0) || value == 0xAD
        }
        if value >= 0x1160 && value <= 0x11FF { return true } // Hangul medial vowels, final consonants
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return scalar.properties.isVariationSelector
        }
    }

    /// Display width of one grapheme cluster: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue {
            return ascii >= 0x20 && ascii != 0x7F ? 1 : 0
        }
        let scalars = character.unicodeScalars
        var iterator = scalars.makeIterator()
        if let only = iterator.next(), iterator.next() == nil {
            // Fast path for single scalars below the first wide block (Latin, Greek, Cyrillic...).
            if isZeroWidth(only) { return 0 }
            if only.value < 0x1100 { return 1 }
        }
        guard let base = scalars.first(where: { !isZeroWidth($0) }) else { return 0 }
        let properties = base.properties
        if properties.isEmojiPresentation { return 2 }
        if properties.isEmoji && scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        return isWide(base.value) ? 2 : 1
    }

    /// Total display width of a string.
    public static func of<S: StringProtocol>(_ string: S) -> Int {
        var total = 0
        for character in string {
            total += of(character)
        }
        return total
    }
}

extension Character {
    /// Terminal columns this grapheme cluster takes (0, 1 or 2).
    public var displayWidth: Int { DisplayWidth.of(self) }
}

extension StringProtocol {
    /// Terminal columns this text takes.
    public var displayWidth: Int { DisplayWidth.of(self) }
}
