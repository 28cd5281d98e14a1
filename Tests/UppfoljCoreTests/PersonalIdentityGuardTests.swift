import XCTest
@testable import UppfoljCore

/// The numbers here are made up for the test; they are built to pass or fail the Luhn check and
/// belong to no one as far as we know (the guard must refuse them precisely because they could).
final class PersonalIdentityGuardTests: XCTestCase {
    /// Builds a Luhn-valid ten-digit number from nine digits.
    static func withCheckDigit(_ nine: String) -> String {
        let digits = nine.compactMap { $0.wholeNumberValue }
        for check in 0...9 where PersonalIdentityGuard.luhnValid(digits + [check]) { return nine + String(check) }
        fatalError("unreachable")
    }

    func testLuhn() {
        XCTAssertTrue(PersonalIdentityGuard.luhnValid([8, 1, 1, 2, 1, 8, 9, 8, 7, 6]))
        XCTAssertFalse(PersonalIdentityGuard.luhnValid([8, 1, 1, 2, 1, 8, 9, 8, 7, 5]))
    }

    func testRefusesValidNumbersInEveryShape() {
        let ten = Self.withCheckDigit("811218987")  // 811218-9876
        let yymmdd = String(ten.prefix(6)), last4 = String(ten.suffix(4))
        for text in ["\(yymmdd)-\(last4)", "\(yymmdd)+\(last4)", ten, "19\(yymmdd)-\(last4)", "19\(ten)",
                     "ärende \(yymmdd)-\(last4) x", "A-\(ten)"] {
            XCTAssertTrue(PersonalIdentityGuard.containsIdentityNumber(text), text)
            XCTAssertEqual(PersonalIdentityGuard.check(text, field: FieldPath("f"))?.code, "personnummer")
        }
    }

    func testRefusesCoordinationNumbers() {
        let ten = Self.withCheckDigit("811278987")  // day 18 + 60
        XCTAssertTrue(PersonalIdentityGuard.containsIdentityNumber(String(ten.prefix(6)) + "-" + ten.suffix(4)))
    }

    func testAcceptsWrongCheckDigitsAndOtherNumbers() {
        let ten = Self.withCheckDigit("811218987")
        let wrong = String(ten.dropLast()) + String((Int(String(ten.last!))! + 1) % 10)
        for text in [String(wrong.prefix(6)) + "-" + wrong.suffix(4), wrong, "19" + wrong,
                     "A2023-0042", "2023-0042", "811318-9876" /* month 13 */, "12345", "1234567890123",
                     "V-2024-00017", ""] {
            XCTAssertFalse(PersonalIdentityGuard.containsIdentityNumber(text), text)
        }
    }

    func testDoesNotMatchInsideLongerDigitRuns() {
        let ten = Self.withCheckDigit("811218987")
        XCTAssertFalse(PersonalIdentityGuard.containsIdentityNumber("1" + ten + "1"))
    }
}
