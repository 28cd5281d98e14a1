import Foundation
import UppfoljCore
import XCTest
@testable import UppfoljReports

/// An indicator's kind carries exactly its parts (`IndicatorMeasure`): the catalogue file's
/// flat form is checked into it on load, and written back the same.
final class IndicatorMeasureTests: XCTestCase {
    func indicator(_ kind: String, _ parts: String) -> String {
        """
        {"version": "t", "indicators": [{"id": "x", "number": "1", "name": {"sv": "X", "en": "X"},
         "definition": {"sv": "X", "en": "X"}, "kind": "\(kind)", "period": "intakeDate"\(parts)}]}
        """
    }

    func load(_ text: String) -> Result<IndicatorCatalogue, IndicatorCatalogueError> {
        Result { () throws(IndicatorCatalogueError) in try IndicatorCatalogue.load(Data(text.utf8)) }
    }

    func testEachKindReadsIntoItsMeasure() throws {
        let share = try load(indicator("share", #", "field": "honour", "numerator": ["yes"]"#)).get()
        XCTAssertEqual(share.indicators[0].measure, .share(field: .honour, numerator: ["yes"]))
        XCTAssertEqual(share.indicators[0].kind, .share)
        XCTAssertEqual(share.indicators[0].field, .honour)
        XCTAssertNil(share.indicators[0].value)
        let median = try load(indicator("median", #", "value": "daysToFirstIntervention""#)).get()
        XCTAssertEqual(median.indicators[0].measure, .median(value: .daysToFirstIntervention))
        XCTAssertNil(median.indicators[0].field)
        XCTAssertEqual(try load(indicator("count", "")).get().indicators[0].measure, .count)
    }

    func testAMissingPartIsNamedAsBefore() {
        guard case .failure(let error) = load(indicator("share", #", "field": "honour""#)) else { return XCTFail() }
        XCTAssertEqual(error.message.sv, "Indikator x: en andel behöver ett fält och en täljare")
        guard case .failure(let median) = load(indicator("median", "")) else { return XCTFail() }
        XCTAssertEqual(median.message.en, "Indicator x: a median needs a number field")
    }

    func testAPartOfAnotherKindIsRefused() {
        guard case .failure(let error) = load(indicator("count", #", "field": "honour""#)) else { return XCTFail() }
        XCTAssertEqual(error.message.en, "Indicator x: field does not belong to the kind count")
    }

    /// The built-in catalogue written out and read again gives the same definitions.
    func testTheBuiltInCatalogueRoundTrips() throws {
        let data = try JSONEncoder().encode(IndicatorCatalogue.builtIn)
        XCTAssertEqual(try IndicatorCatalogue.load(data), IndicatorCatalogue.builtIn)
    }
}
