import Foundation
import XCTest
@testable import UppfoljCore

/// The field a problem names: the forms place problems by it, and it is written as its dotted text.
final class FieldPathTests: XCTestCase {
    func testPartsAndContainment() {
        XCTAssertEqual(FieldPath.rating("R3").rawValue, "ratings.R3")
        XCTAssertEqual(FieldPath.earlierRating("R3").rawValue, "ratings.R3.earlier")
        XCTAssertEqual(FieldPath.criticalFlag("R3").rawValue, "ratings.R3.critical")
        XCTAssertEqual(FieldPath.judgement("akut").rawValue, "judgements.akut")
        XCTAssertEqual(FieldPath.surveyFeelingSafe.rawValue, "survey.feelingSafe")
        XCTAssertTrue(FieldPath.ratings.contains(.earlierRating("R3")))
        XCTAssertTrue(FieldPath.rating("R3").contains(.rating("R3")))
        XCTAssertFalse(FieldPath.rating("R3").contains(.rating("R31")), "a part, not a prefix of the name")
        XCTAssertFalse(FieldPath.date.contains(.caseCode))
    }

    /// Problems print and serialise their field as before: the dotted text.
    func testWrittenAsItsText() throws {
        let problem = Problem(code: "x", field: .rating("R3"), message: Localized(sv: "s", en: "e"))
        XCTAssertEqual(problem.description, "ratings.R3: e")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(problem), as: UTF8.self)
        XCTAssertEqual(json, #"{"code":"x","field":"ratings.R3","message":{"en":"e","sv":"s"}}"#)
        XCTAssertEqual(try JSONDecoder().decode(Problem.self, from: Data(json.utf8)), problem)
    }
}
