import Foundation
import XCTest
import UppfoljCore
@testable import UppfoljReports

/// The choices a case's facts make when a case has several candidates: which assessment is the
/// risk at intake and at closure, which treatment ended last, which T3 counts, and the order of
/// listed categories. Written down event by event, so a faster derivation cannot change them.
final class CaseFactsTests: XCTestCase {
    typealias T = IndicatorDefinitionTests

    func facts(_ bodies: [(String, EventBody)]) throws -> CaseFacts {
        let events = bodies.enumerated().map { T.event("F1", $0.element.0, $0.element.1, number: UInt64($0.offset + 1)) }
        let projection = Projection(catalogue: T.catalogue, events: events)
        return try XCTUnwrap(IndicatorRollup(projection: projection).allFacts.first)
    }

    func testWhichAssessmentIsTheRiskAtIntakeAndAtClosure() throws {
        let f = try facts([
            ("2025-01-10", T.intake(.victim, .female, born: 1990, honour: .no, children: 0, exposed: .no, violence: [.digital, .physical])),
            ("2025-01-11", .assessment(Assessment(instrument: InstrumentRef(id: "freda-kort", version: "2014"), timePoint: .intake))),
            ("2025-01-12", T.assessment("freda-farlighet", .intake, "medel")),
            ("2025-01-12", T.assessment("sara", .intake, "hog")),          // same day, later in the journal: this one
            ("2025-01-14", T.assessment("freda-farlighet", .intake, "lag")),  // later day: not the intake risk
            ("2025-02-20", T.assessment("sara", .closure, "hog")),
            ("2025-02-28", T.assessment("sara", .closure, "lag")),
            ("2025-02-28", T.assessment("freda-farlighet", .closure, "medel")),  // latest day, last in the journal
        ])
        XCTAssertEqual(f.intakeRiskInstrument, "sara")
        XCTAssertEqual(f.intakeRisk, .high)
        XCTAssertEqual(f.closureRiskInstrument, "freda-farlighet")
        XCTAssertEqual(f.closureRisk, .medium)
        XCTAssertEqual(f.violenceTypes, [.physical, .digital], "vocabulary order, not the order given")
    }

    func testNoRiskInstrumentMeansNoRisk() throws {
        let f = try facts([
            ("2025-01-10", T.intake(.victim, .female, born: 1990, honour: .no, children: 0, exposed: .no, violence: nil)),
            ("2025-01-11", .assessment(Assessment(instrument: InstrumentRef(id: "freda-kort", version: "2014"), timePoint: .intake))),
            ("2025-01-12", .assessment(Assessment(instrument: InstrumentRef(id: "freda-beskrivning", version: "2014"), timePoint: .closure))),
        ])
        XCTAssertNil(f.intakeRiskInstrument)
        XCTAssertNil(f.intakeRisk)
        XCTAssertNil(f.closureRisk)
        XCTAssertEqual(f.violenceTypes, [])
    }

    func testInterventionsAndTheFollowUpThatCounts() throws {
        let f = try facts([
            ("2025-01-10", T.intake(.perpetrator, .male, born: 1980, honour: .no, children: 0, exposed: .no, violence: [.physical])),
            ("2025-01-20", .interventionStarted(InterventionStart(interventionId: "I1", type: .individualTreatment))),
            ("2025-01-25", .interventionStarted(InterventionStart(interventionId: "I2", type: .groupTreatment))),
            ("2025-01-18", .interventionStarted(InterventionStart(interventionId: "I3", type: .supportiveTalks))),
            ("2025-02-10", .interventionEnded(InterventionEnd(interventionId: "I1", outcome: .completed))),
            ("2025-02-10", .interventionEnded(InterventionEnd(interventionId: "I2", outcome: .endedByClient))),  // same end, later: this one
            ("2025-03-01", T.closure(.goalFullyMet, .stopped, survey: nil)),
            ("2025-09-01", T.t3(reached: false, newViolence: .unknown)),
            ("2025-08-30", T.t3(reached: true, newViolence: .no)),   // earlier date, though later in the journal: this one
        ])
        XCTAssertEqual(f.interventionTypes, [.supportiveTalks, .individualTreatment, .groupTreatment])
        XCTAssertEqual(f.firstInterventionDate, Day(iso: "2025-01-18"))
        XCTAssertEqual(f.treatmentEndDate, Day(iso: "2025-02-10"))
        XCTAssertEqual(f.treatmentCompleted, false)
        XCTAssertEqual(f.t3Date, Day(iso: "2025-08-30"))
        XCTAssertEqual(f.t3Reached, true)
        XCTAssertEqual(f.t3NewViolence, Answer.no)
        XCTAssertEqual(f.t3DueDate, Day(iso: "2025-09-01"))
    }

    /// The first catalogue entry of an id and version decides its kind (as `InstrumentCatalogue.instrument`).
    func testRiskInstrumentsFollowTheCatalogueLookup() {
        for instrument in T.catalogue.instruments {
            let ref = InstrumentRef(id: instrument.id, version: instrument.version)
            XCTAssertEqual(RiskInstruments(T.catalogue).isRisk(ref), T.catalogue.instrument(ref)?.kind == .riskAssessment, "\(ref)")
        }
        XCTAssertFalse(RiskInstruments(T.catalogue).isRisk(InstrumentRef(id: "sara", version: "0")))
    }
}
