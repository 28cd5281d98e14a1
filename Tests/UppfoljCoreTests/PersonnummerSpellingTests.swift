import XCTest
@testable import UppfoljCore

/// Issue 12, item 10: a personnummer is refused however it is spelt. The numbers are generated here
/// (a random plausible date and a computed Luhn digit), never written out in the source.
final class PersonnummerSpellingTests: XCTestCase {
    /// A small deterministic generator, so a failure can be replayed.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Ten Luhn-valid digits YYMMDDNNNN with a plausible date (day + 60 for a coordination number).
    static func validNumber(_ random: inout Random) -> [Int] {
        let yy = Int.random(in: 0...99, using: &random), mm = Int.random(in: 1...12, using: &random)
        var dd = Int.random(in: 1...28, using: &random)
        if Bool.random(using: &random), Int.random(in: 0...3, using: &random) == 0 { dd += 60 }
        var digits = [yy / 10, yy % 10, mm / 10, mm % 10, dd / 10, dd % 10]
        for _ in 0..<3 { digits.append(Int.random(in: 0...9, using: &random)) }
        for check in 0...9 where PersonalIdentityGuard.luhnValid(digits + [check]) { return digits + [check] }
        fatalError("unreachable")
    }

    static let separators = [" ", "-", "\u{2013}", "\u{2014}", "\u{2212}", "\u{2010}", ".", "_", "/", "+", "\u{00A0}", "\u{2009}", " - ", " \u{2013} ", "  "]
    static let digitSets: [[String]] = [
        (0...9).map { String($0) },
        (0...9).map { String(Character(Unicode.Scalar(0xFF10 + UInt32($0))!)) },  // full-width
        (0...9).map { String(Character(Unicode.Scalar(0x0660 + UInt32($0))!)) },  // Arabic-Indic
    ]

    /// One spelling: optional century, digits in a random script, random groupings and separators,
    /// embedded in text.
    static func spelling(_ number: [Int], _ random: inout Random) -> String {
        let digitSet = digitSets.randomElement(using: &random)!
        var digits = number
        if Bool.random(using: &random) { digits = [Int.random(in: 0...1, using: &random) == 0 ? 1 : 2, Int.random(in: 0...1, using: &random) == 0 ? 9 : 0] + digits }
        let dateEnd = digits.count - 4
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 {
                if index == dateEnd {
                    // Between date and number: a separator, a T, or nothing.
                    switch Int.random(in: 0...3, using: &random) {
                    case 0: break
                    case 1: text += "T"
                    default: text += separators.randomElement(using: &random)!
                    }
                } else if Int.random(in: 0...4, using: &random) == 0 {
                    text += separators.randomElement(using: &random)!
                }
            }
            text += digitSet[digit]
        }
        let prefixes = ["", "K-", "Ärende ", "pnr: ", "se (", "x", "U2024 "]
        let suffixes = ["", " ring tillbaka", ")", "_a", ".", " 2024"]
        return prefixes.randomElement(using: &random)! + text + suffixes.randomElement(using: &random)!
    }

    func testGeneratedSpellingsOfValidNumbersAreRefused() {
        var random = Random(state: 20_261_206)
        for _ in 0..<5_000 {
            let number = Self.validNumber(&random)
            let text = Self.spelling(number, &random)
            XCTAssertTrue(PersonalIdentityGuard.containsIdentityNumber(text), text)
        }
    }

    func testTheIssuesSpellings() {
        // The issue's examples are built from a generated number, in each of its shapes.
        var random = Random(state: 7)
        let n = Self.validNumber(&random).map(String.init)
        let d = n[0..<6].joined(), t = n[6..<10].joined()
        let fullWidth = String((d + "-" + t).unicodeScalars.map { s in
            s.properties.numericType == .decimal ? Character(Unicode.Scalar(0xFF10 + s.value - 48)!) : Character(s) })
        let pairs = stride(from: 0, to: 6, by: 2).map { n[$0..<$0 + 2].joined() }
        for text in ["\(d) \(t)", "\(d)\u{2013}\(t)", "\(pairs.joined(separator: " "))-\(t.prefix(2)) \(t.suffix(2))",
                     "\(pairs.joined(separator: "."))-\(t)", fullWidth, "19\(d)T\(t)", "K-\(d)_\(t)"] {
            XCTAssertTrue(PersonalIdentityGuard.containsIdentityNumber(text), text)
        }
    }

    /// Ordinary text: dates, date ranges, times, running numbers, lists. Chosen so no Luhn digit
    /// can make them match: a date alone has too few digits, a range continues past the four digits.
    func testOrdinaryTextIsAccepted() {
        for text in ["U2024-0042", "A2023-0042", "V-2024-00017", "2024-03-15", "15.03.2024", "2024-03-15–2024-04-01",
                     "2024-03-15 - 2024-04-01", "möte 2024-03-15 kl 14:30", "2024-03-15 14:30-16:00", "tel 08-123 45",
                     "1, 2, 3, 4, 5, 6, 7, 8, 9, 10", "insats I1 2024-03-15", "ärende 2024/0042 och 2024/0043",
                     "v. 12 2024, 3 samtal", "20240315-20240401"] {
            XCTAssertFalse(PersonalIdentityGuard.containsIdentityNumber(text), text)
        }
    }

    /// A number with a wrong check digit is not refused, whatever the spelling.
    func testWrongCheckDigitsAreAccepted() {
        var random = Random(state: 99)
        for _ in 0..<500 {
            var number = Self.validNumber(&random)
            number[9] = (number[9] + Int.random(in: 1...9, using: &random)) % 10
            let text = "\(number[0..<6].map(String.init).joined()) \(number[6..<10].map(String.init).joined())"
            XCTAssertFalse(PersonalIdentityGuard.containsIdentityNumber(text), text)
        }
    }
}
