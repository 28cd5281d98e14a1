/// Refuses anything that looks like a Swedish personal identity number (personnummer) or
/// coordination number (samordningsnummer) anywhere inside a text, however it is spelt:
/// YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN, and the same digits with
/// separators between any of them ("121212 1212", en dash, "12 12 12-12 12", "12.12.12-1212",
/// "19121212T1212", "K-121212_1212") and in any Unicode decimal digits (full-width, Arabic-Indic …),
/// with a plausible date and a valid Luhn check digit. The follow-up journal must never hold one,
/// in any field: a number once saved can never be removed from an append-only journal.
///
/// Normalisation: every Unicode decimal digit counts as its value. Between two digits may stand a
/// gap of at most three separators (spaces of any kind, dashes of any kind, + . _ /) or a single
/// letter T. A candidate starts at a digit that does not continue a number ("A2024-0042": the 0042
/// follows "2024-") and its last digit must not be followed by another digit, directly or after a
/// dash, dot, colon or slash (so a date range "2024-03-15–2024-04-01" is not read as date + number).
/// Colons and commas are not separators, so times ("2024-03-15 14:30") and lists stay free.
/// Ordinary running numbers ("U2024-0042", "V-2024-00017") have too few digits to match; a date
/// followed by exactly four digits ("2024-03-15 1430") can match when the Luhn digit happens to
/// fit: the guard errs on the side of refusing.
public enum PersonalIdentityGuard {
    /// True when `text` contains a personnummer-shaped, Luhn-valid number.
    public static func containsIdentityNumber(_ text: String) -> Bool {
        // Fast path: fewer than ten ASCII digits and no non-ASCII bytes cannot hold one.
        var asciiDigits = 0, nonASCII = false
        for byte in text.utf8 {
            if byte >= 0x80 { nonASCII = true; break }
            if byte >= 48 && byte <= 57 { asciiDigits += 1 }
        }
        if !nonASCII, asciiDigits < 10 { return false }
        let units = text.unicodeScalars.map(Unit.init)
        for start in units.indices where units[start].digit != nil && startsNumber(units, at: start) {
            if matches(units, from: start) { return true }
        }
        return false
    }

    /// One character, classified (two bytes, so a long text costs little).
    struct Unit {
        /// The value of a Unicode decimal digit, or -1.
        private let value: Int8
        private let flags: UInt8
        var digit: Int? { value >= 0 ? Int(value) : nil }
        var isSeparator: Bool { flags & 1 != 0 }
        var isContinuation: Bool { flags & 2 != 0 }
        var isT: Bool { flags & 4 != 0 }

        init(_ scalar: Unicode.Scalar) {
            if (48...57).contains(scalar.value) {
                value = Int8(scalar.value - 48)
                flags = 0
                return
            }
            if scalar.value >= 0x80, scalar.properties.numericType == .decimal,
               let number = scalar.properties.numericValue, number >= 0, number <= 9 {
                value = Int8(number)
                flags = 0
                return
            }
            value = -1
            let category = scalar.properties.generalCategory
            let dash = category == .dashPunctuation || scalar == "\u{2212}"
            var flags: UInt8 = 0
            if dash || "+._/\t".unicodeScalars.contains(scalar) || category == .spaceSeparator { flags |= 1 }
            // A dash, dot, colon or slash right after a number continues it ("2024-04", "15.3", "14:30").
            if dash || ".:/".unicodeScalars.contains(scalar) { flags |= 2 }
            if scalar == "T" || scalar == "t" { flags |= 4 }
            self.flags = flags
        }
    }

    /// A number starts here unless a digit stands right before it, or a digit and a continuation mark.
    private static func startsNumber(_ units: [Unit], at start: Int) -> Bool {
        guard start > 0 else { return true }
        if units[start - 1].digit != nil { return false }
        if start > 1, units[start - 1].isContinuation, units[start - 2].digit != nil { return false }
        return true
    }

    /// Collects up to `count` digits from `start`, across allowed gaps. Returns them and the index
    /// after the last one.
    private static func digits(_ units: [Unit], from start: Int, count: Int) -> (digits: [Int], end: Int) {
        var digits: [Int] = []
        var i = start
        while digits.count < count, i < units.count {
            if let d = units[i].digit { digits.append(d); i += 1; continue }
            guard !digits.isEmpty else { break }
            // A gap: one T, or one to three separators, then a digit.
            var j = i
            if units[j].isT { j += 1 } else { while j < units.count, j - i < 3, units[j].isSeparator { j += 1 } }
            guard j > i, j < units.count, units[j].digit != nil else { break }
            i = j
        }
        return (digits, i)
    }

    private static func endsNumber(_ units: [Unit], at end: Int) -> Bool {
        guard end < units.count else { return true }
        if units[end].digit != nil { return false }
        if end + 1 < units.count, units[end].isContinuation, units[end + 1].digit != nil { return false }
        return true
    }

    private static func matches(_ units: [Unit], from start: Int) -> Bool {
        for dateLength in [6, 8] {
            let (all, end) = digits(units, from: start, count: dateLength + 4)
            guard all.count == dateLength + 4, endsNumber(units, at: end) else { continue }
            let date = Array(all[(dateLength - 6)..<dateLength])
            guard plausibleDate(date) else { continue }
            if luhnValid(date + all[dateLength...]) { return true }
        }
        return false
    }

    /// The problem to report for a field, or nil.
    public static func check(_ text: String, field: FieldPath) -> Problem? {
        guard containsIdentityNumber(text) else { return nil }
        return Problem(code: "personnummer", field: field, message: Localized(
            sv: "Ser ut som ett personnummer. Journalen får inte innehålla personnummer eller namn – använd ärendets kod.",
            en: "Looks like a personal identity number. The journal must not hold identity numbers or names – use the case code."))
    }

    /// Month 01–12; day 01–31, or 61–91 for a coordination number.
    private static func plausibleDate(_ d: [Int]) -> Bool {
        let month = d[2] * 10 + d[3], day = d[4] * 10 + d[5]
        return (1...12).contains(month) && ((1...31).contains(day) || (61...91).contains(day))
    }

    /// Luhn over the ten digits YYMMDDNNNN (weights 2,1,2,1,…; the last digit is the check digit).
    static func luhnValid(_ digits: [Int]) -> Bool {
        guard digits.count == 10 else { return false }
        var sum = 0
        for (index, digit) in digits.enumerated() {
            var v = index % 2 == 0 ? digit * 2 : digit
            if v > 9 { v -= 9 }
            sum += v
        }
        return sum % 10 == 0
    }
}
