import Foundation
import XCTest
@testable import UppfoljCore
import UppfoljSample


enum RandomEvents {
    static func pick<V: Vocabulary>(_ rng: inout SplitMix64) -> V { V.allCases.randomElement(using: &rng)! }
    static func set<V: Vocabulary>(_ rng: inout SplitMix64) -> VocabularySet<V> {
        VocabularySet(V.allCases.filter { _ in Bool.random(using: &rng) })
    }
    static func maybe<T>(_ rng: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
        Bool.random(using: &rng) ? make(&rng) : nil
    }

    static func body(_ rng: inout SplitMix64, allowCorrection: Bool = true) -> EventBody {
        switch Int.random(in: 0..<(allowCorrection ? 9 : 8), using: &rng) {
        case 0:
            var v = Intake(role: pick(&rng))
            v.sex = pick(&rng); v.birthYear = maybe(&rng) { Int.random(in: 1930...2010, using: &$0) }
            v.referral = pick(&rng); v.relation = pick(&rng); v.multiplePerpetrators = pick(&rng)
            v.violenceTypes = maybe(&rng) { set(&$0) }; v.honourContext = pick(&rng)
            v.childrenInHousehold = maybe(&rng) { Int.random(in: 0...6, using: &$0) }
            v.childrenWitnessed = pick(&rng); v.childrenExposed = pick(&rng); v.policeReport = pick(&rng)
            v.protectiveMeasures = maybe(&rng) { set(&$0) }; v.housing = pick(&rng); v.occupation = pick(&rng)
            v.substanceUse = pick(&rng); v.functionalImpairment = pick(&rng); v.interpreterNeeded = pick(&rng)
            v.reportOfConcern = pick(&rng); v.legalBasis = pick(&rng)
            return .intake(v)
        case 1:
            let ratings = (0..<Int.random(in: 0...20, using: &rng)).map { i in
                ItemRating(item: "R\(i + 1)", value: maybe(&rng) { Int.random(in: -1...3, using: &$0) },
                           earlier: maybe(&rng) { Int.random(in: 0...2, using: &$0) }, critical: Bool.random(using: &rng))
            }
            return .assessment(Assessment(instrument: InstrumentRef(id: "sara", version: "1999-sv"), timePoint: pick(&rng),
                                          ratings: ratings, judgements: [JudgementValue(judgement: "risk", value: "hog")],
                                          clientEstimate: maybe(&rng) { RiskLevel.allCases.randomElement(using: &$0)! }))
        case 2: return .interventionStarted(InterventionStart(interventionId: "I\(Int.random(in: 1...9, using: &rng))", type: pick(&rng)))
        case 3: return .interventionEnded(InterventionEnd(interventionId: "I2", outcome: pick(&rng)))
        case 4:
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: return .partnerContact(.asked(consent: pick(&rng)))
            case 1: return .partnerContact(.attempt(channel: pick(&rng), reached: Bool.random(using: &rng)))
            case 2: return .partnerContact(.response(pick(&rng)))
            default:
                var c = PartnerConversation()
                c.safetyPlanning = Bool.random(using: &rng); c.treatmentInformation = Bool.random(using: &rng)
                c.newViolence = pick(&rng); c.newViolenceTypes = set(&rng); c.concernForChildren = pick(&rng)
                c.referralMade = Bool.random(using: &rng)
                return .partnerContact(.conversation(c))
            }
        case 5:
            var v = DuringFollowUp()
            v.violenceSinceLast = pick(&rng); v.violenceTypes = set(&rng); v.policeReport = pick(&rng); v.housing = pick(&rng)
            return .duringFollowUp(v)
        case 6:
            var v = Closure(reason: pick(&rng))
            v.violence = pick(&rng)
            for type in ViolenceType.allCases where Bool.random(using: &rng) { v.violenceByType[type] = pick(&rng) }
            v.survey = maybe(&rng) { ClientSurvey(situationImproved: Int.random(in: 1...5, using: &$0), supportImportance: nil) }
            return .closure(v)
        case 7:
            var v = FollowUpAfterClosure(reached: Bool.random(using: &rng))
            v.monthsAfterClosure = [6, 12].randomElement(using: &rng)!
            v.newViolence = pick(&rng); v.newViolenceTypes = set(&rng); v.newPoliceReport = pick(&rng)
            v.housing = pick(&rng); v.survey = maybe(&rng) { ClientSurvey(situationImproved: nil, supportImportance: Int.random(in: 1...5, using: &$0)) }
            return .followUp(v)
        default:
            let action: Correction.Action = Bool.random(using: &rng)
                ? .retract
                : .amend(body: body(&rng, allowCorrection: false),
                         effectiveDate: maybe(&rng) { Day(daysSinceEpoch: Int32.random(in: 15_000...20_000, using: &$0)) })
            return .correction(Correction(target: EventID(high: rng.next(), low: rng.next()), action: action,
                                          reason: pick(&rng), comment: maybe(&rng) { _ in "dubbel – rättad" }))
        }
    }

    static func event(_ rng: inout SplitMix64) -> Event {
        Event(id: EventID(high: rng.next(), low: rng.next()), caseCode: "K-\(Int.random(in: 1...999, using: &rng))-å",
              recordedAt: Timestamp(secondsSinceEpoch: Int64.random(in: 0...2_000_000_000, using: &rng)),
              effectiveDate: Day(daysSinceEpoch: Int32.random(in: -1000...25_000, using: &rng)),
              worker: "hl0\(Int.random(in: 1...9, using: &rng))", body: body(&rng))
    }
}

final class EventCodecTests: XCTestCase {
    func testBinaryRoundTripOfRandomEvents() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            let event = RandomEvents.event(&rng)
            let bytes = EventBinaryCodec.encode(event)
            XCTAssertEqual(try EventBinaryCodec.decode(bytes), event)
        }
    }

    func testJSONRoundTripOfRandomEvents() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<1000 {
            let event = RandomEvents.event(&rng)
            let line = try EventJSON.line(event)
            XCTAssertFalse(line.contains("\n"))
            XCTAssertEqual(try EventJSON.decodeStrict(line), event, line)
        }
    }

    func testJSONIsDeterministic() throws {
        var rng = SplitMix64(seed: 9)
        let event = RandomEvents.event(&rng)
        XCTAssertEqual(try EventJSON.line(event), try EventJSON.line(event))
    }

    func testEveryTruncationOfAPayloadIsRejectedNotCrashing() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let bytes = EventBinaryCodec.encode(RandomEvents.event(&rng))
            for cut in 0..<bytes.count {
                XCTAssertThrowsError(try EventBinaryCodec.decode(Array(bytes[0..<cut])))
            }
            XCTAssertThrowsError(try EventBinaryCodec.decode(bytes + [0]))
        }
    }

    func testRandomBytesNeverCrashTheDecoder() {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...80, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? EventBinaryCodec.decode(bytes)
        }
    }

    func testStrictJSONRefusesUnknownFields() throws {
        let event = Fixture.intake("A1", "2024-01-02")
        var line = try EventJSON.line(event)
        line = line.replacingOccurrences(of: "\"birthYear\"", with: "\"birthyear\"")
        XCTAssertThrowsError(try EventJSON.decodeStrict(line)) { error in
            XCTAssertTrue("\(error)".contains("birthyear"), "\(error)")
        }
    }

    /// An import's lines are decoded on several workers: results stay in input order with their
    /// line numbers (blank lines counted, not returned), whitespace and CRLF around a line are fine,
    /// and a bad line anywhere is reported at its own number while the others still decode.
    func testDecodeLinesKeepsOrderAndLineNumbers() throws {
        var rng = SplitMix64(seed: 21)
        let events = (0..<1500).map { _ in RandomEvents.event(&rng) }
        var lines: [String] = []
        var expected: [(number: Int, event: Event?)] = []
        for (index, event) in events.enumerated() {
            var line = try EventJSON.line(event)
            switch index % 7 {
            case 1: line = "  " + line + "\r"        // padded, CRLF
            case 2: lines.append("")                  // a blank line before it
            case 3: line = String(line.dropLast()) + ",\"stray\":1}"   // an unknown key: refused
            default: break
            }
            lines.append(line)
            expected.append((lines.count, index % 7 == 3 ? nil : event))
        }
        lines.append("{not json")
        expected.append((lines.count, nil))
        let decoded = EventJSON.decodeLines(Data((lines.joined(separator: "\n") + "\n\n").utf8))
        XCTAssertEqual(decoded.map(\.number), expected.map(\.number))
        for (line, want) in zip(decoded, expected) {
            switch line.result {
            case .success(let event): XCTAssertEqual(event, want.event, "line \(line.number)")
            case .failure(let error): XCTAssertNil(want.event, "line \(line.number): \(error)")
            }
        }
        XCTAssertTrue(decoded.contains { if case .failure(let e) = $0.result { "\(e)".contains("stray") } else { false } })
    }

    /// The binary codec stores a value's position in its vocabulary: reordering would silently
    /// change the meaning of every stored event. New values may only be appended.
    func testVocabularyWireOrderIsPinned() {
        XCTAssertEqual(Role.allCases.map(\.rawValue), ["victim", "perpetrator"])
        XCTAssertEqual(Answer.allCases.map(\.rawValue), ["yes", "no", "unknown"])
        XCTAssertEqual(EventKind.allCases.map(\.rawValue), ["intake", "assessment", "interventionStarted",
            "interventionEnded", "partnerContact", "duringFollowUp", "closure", "followUp", "correction",
            "handover", "unitSettings", "reopening"])
        XCTAssertEqual(ReopeningReason.allCases.map(\.rawValue), ["newViolence", "clientSeeksSupport", "newReport", "other"])
        XCTAssertEqual(ViolenceType.allCases.map(\.rawValue), ["physical", "psychological", "sexual", "economic",
            "material", "neglect", "latent", "digital"])
        XCTAssertEqual(ClosureReason.allCases.map(\.rawValue), ["goalFullyMet", "goalPartlyMet", "goalNotMet",
            "endedByClient", "moved", "other", "planned", "endedByUnit", "handedOver", "contactCeased", "deceased"])
        XCTAssertEqual(InterventionType.allCases.count, 21)
        XCTAssertEqual(InterventionType.allCases[15...].map(\.rawValue), ["supportGroup", "ivin", "talkingAboutViolence",
            "kibb", "contactPerson", "substanceOutpatient"])
        XCTAssertEqual(ReferralSource.allCases[10...].map(\.rawValue), ["unknown", "probationService", "relativeOrPartner"])
        XCTAssertEqual(LegalBasis.allCases.map(\.rawValue), ["assistanceDecision", "serviceWithoutDecision", "unknown",
            "withoutNeedsAssessment"])
        XCTAssertEqual(ContactChannel.allCases.last, .doNotContact)
        XCTAssertEqual(ProtectiveMeasure.allCases.last, .policeAlarmPackage)
        XCTAssertEqual(Housing.allCases.map(\.rawValue), ["ownHome", "lodger", "shelter", "temporary", "homeless", "other", "unknown"])
    }
}
