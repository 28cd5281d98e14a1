/// Refuses anything that looks like a Swedish personal identity number (personnummer) or
/// coordination number (samordningsnummer): YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN or
/// YYYYMMDDNNNN with a plausible date and a valid Luhn check digit, anywhere inside a text.
/// The follow-up journal must never hold one, in any field.
public enum PersonalIdentityGuard {
    /// True when `text` contains a personnummer-shaped, Luhn-valid number.
    public static func containsIdentityNumber(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        var start = 0
        while start < chars.count {
            let isDigitStart = isDigit(chars[start]) && (start == 0 || !isDigit(chars[start - 1]))
            if isDigitStart, matches(chars, from: start) { return true }
            start += 1
        }
        return false
    }

    /// The problem to report for a field, or nil.
    public static func check(_ text: String, field: String) -> Problem? {
        guard containsIdentityNumber(text) else { return nil }
        return Problem(code: "personnummer", field: field, message: Localized(
            sv: "Ser ut som ett personnummer. Journalen får inte innehålla personnummer eller namn – använd ärendets kod.",
            en: "Looks like a personal identity number. The journal must not hold identity numbers or names – use the case code."))
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private static func matches(_ chars: [UInt8], from start: Int) -> Bool {
        for dateLength in [6, 8] {
            var digits: [Int] = []
            var i = start
            while i < chars.count, digits.count < dateLength, isDigit(chars[i]) {
                digits.append(Int(chars[i] - 48)); i += 1
            }
            guard digits.count == dateLength else { continue }
            if i < chars.count, chars[i] == UInt8(ascii: "-") || chars[i] == UInt8(ascii: "+") { i += 1 }
            var tail: [Int] = []
            while i < chars.count, tail.count < 4, isDigit(chars[i]) {
                tail.append(Int(chars[i] - 48)); i += 1
            }
            guard tail.count == 4, i == chars.count || !isDigit(chars[i]) else { continue }
            let date = dateLength == 8 ? Array(digits[2...]) : digits
            guard plausibleDate(date) else { continue }
            if luhnValid(date + tail) { return true }
        }
        return false
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
