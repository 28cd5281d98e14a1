import Foundation
import XCTest
import UppfoljCore
@testable import UppfoljReports

/// Issue 12, item 3: a voided case (intake retracted) counts in no figure; once the voiding is
/// retracted it counts again — in a rollup built from the journal and in one kept up to date
/// event by event (the dashboard's).
final class VoidedCaseCountingTests: XCTestCase {
    typealias T = IndicatorDefinitionTests

    func testAVoidedCaseIsNotCountedAndARestoredOneIsCountedAgain() {
        let intake = T.event("V-1", "2025-01-10", T.intake(.victim, .female, born: 1990, honour: .no, children: 0, exposed: .no,
                                                           violence: [.physical]), number: 1)
        let other = T.event("V-2", "2025-01-11", T.intake(.perpetrator, .male, born: 1980, honour: .no, children: 0, exposed: .no,
                                                          violence: [.physical]), number: 2)
        let voiding = T.event("V-1", "2025-02-01", .correction(Correction(target: intake.id, action: .retract, reason: .wrongCase)),
                              number: 3)
        let restore = T.event("V-1", "2025-02-02", .correction(Correction(target: voiding.id, action: .retract, reason: .wrongValue)),
                              number: 4)
        var projection = Projection(catalogue: T.catalogue, events: [intake, other])
        var live = IndicatorRollup(projection: projection)
        XCTAssertEqual(live.caseCount, 2)
        let validator = Validator(catalogue: T.catalogue, today: T.asOf)

        XCTAssertEqual(validator.validate(voiding, in: projection), [])
        projection.apply(voiding)
        live.refresh("V-1", in: projection)
        XCTAssertEqual(IndicatorRollup(projection: projection).caseCount, 1, "voided: not counted")
        XCTAssertEqual(live.caseCount, 1)
        XCTAssertEqual(IndicatorRollup(projection: projection).allFacts.map(\.role), [.perpetrator])

        XCTAssertEqual(validator.validate(restore, in: projection), [])
        projection.apply(restore)
        live.refresh("V-1", in: projection)
        XCTAssertEqual(IndicatorRollup(projection: projection).caseCount, 2, "restored: counted again")
        XCTAssertEqual(live.caseCount, 2)
        XCTAssertEqual(Set(live.allFacts.map(\.role)), [.victim, .perpetrator])
    }
}
