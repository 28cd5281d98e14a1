import Foundation
import UppfoljCore
import UppfoljSample
import XCTest

/// The sample's joint distributions are plausible (issue 13, item 7): every event is of the current
/// schema (3 since issue 17; the sample has no reopening) and valid, ages and occupations agree, reasons and goal attainment agree, the roles' own fields
/// stay on their role, and perpetrator cases carry the partner's account.
final class SampleDistributionTests: XCTestCase {
    static let until = Day(iso: "2026-11-23")!
    static let events: [Event] = SampleGenerator(cases: 1_000, seed: 3, until: until, catalogue: try! InstrumentCatalogue.builtIn()).events()

    func testEveryEventIsOfTheCurrentSchemaAndValid() throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let validator = Validator(catalogue: catalogue, today: Self.until, now: Timestamp(secondsSinceEpoch: Int64(Self.until.daysSinceEpoch + 1) * 86_400))
        var projection = Projection(catalogue: catalogue)
        for event in Self.events {
            XCTAssertEqual(event.schemaVersion, Event.currentSchemaVersion)
            let problems = validator.validate(event, in: projection)
            XCTAssertEqual(problems, [], "\(event.caseCode) \(event.kind)")
            if !problems.isEmpty { return }
            projection.apply(event)
        }
    }

    func testJointDistributionsArePlausible() {
        var intakes: [String: (Intake, Day)] = [:]
        var perpetratorMen = 0, perpetrators = 0, patriarkVictimHonour = 0, patriarkOther = 0
        var partnerAccounts = 0, closedPerpetratorsWithTalks = 0
        var casesWithTalks = Set<String>()
        for event in Self.events {
            switch event.body {
            case .intake(let intake):
                intakes[event.caseCode] = (intake, event.effectiveDate)
                let age = intake.birthYear.map { event.effectiveDate.year - $0 }
                if let age, age < 60 { XCTAssertNotEqual(intake.occupation, .retired, "no pensioners under 60") }
                if let age, age < 16 { XCTAssertNotEqual(intake.occupation, .working, "no working children") }
                if intake.role == .perpetrator {
                    perpetrators += 1
                    if intake.sex == .male { perpetratorMen += 1 }
                    XCTAssertNil(intake.protectiveMeasures)
                    XCTAssertEqual(intake.policeReport, .unknown)
                } else {
                    XCTAssertNil(intake.mandate)
                }
                XCTAssertEqual(intake.legalBasis, .unknown)
            case .assessment(let a) where a.instrument.id == "patriark":
                let (intake, _) = intakes[event.caseCode]!
                if intake.role == .victim, intake.honourContext == .yes { patriarkVictimHonour += 1 } else { patriarkOther += 1 }
            case .partnerContact(.conversation):
                casesWithTalks.insert(event.caseCode)
            case .closure(let c):
                XCTAssertFalse(c.reason.isSchemaOneOnly)
                if c.reason == .planned { XCTAssertNotEqual(c.goalAttainment, .notAssessed) }
                if c.goalAttainment == .full || c.goalAttainment == .partly || c.goalAttainment == .notMet {
                    XCTAssertEqual(c.reason, .planned, "goals are assessed at a planned closure in the sample")
                }
                if intakes[event.caseCode]!.0.role == .perpetrator, casesWithTalks.contains(event.caseCode) {
                    closedPerpetratorsWithTalks += 1
                    if c.partnerReportedNewViolence != nil { partnerAccounts += 1 }
                }
            case .interventionStarted(let s):
                let (_, intakeDate) = intakes[event.caseCode]!
                _ = intakeDate
                XCTAssertTrue(s.legalBasis!.isValid(on: event.effectiveDate), "legal basis by the law of the day")
            default:
                break
            }
        }
        XCTAssertGreaterThan(Double(perpetratorMen) / Double(perpetrators), 0.8, "perpetrators mostly men")
        XCTAssertGreaterThan(patriarkVictimHonour, 5 * max(1, patriarkOther), "PATRIARK mostly on honour-related victim cases")
        XCTAssertGreaterThan(closedPerpetratorsWithTalks, 10)
        XCTAssertEqual(partnerAccounts, closedPerpetratorsWithTalks, "perpetrator cases with partner talks carry the partner's account")
    }
}
