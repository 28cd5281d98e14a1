import XCTest
@testable import UppfoljCore

/// Issue 12, items 8 and 11 at the validator: control characters are refused in every stored text
/// field, values echoed in messages pass the sanitiser, implausible dates and times are refused.
final class HostileTextTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let today = Day(iso: "2025-06-30")!
    let now = Timestamp(iso: "2025-06-30T12:00:00Z")!
    var validator: Validator { Validator(catalogue: catalogue, today: today, now: now) }

    func codes(_ event: Event, _ p: Projection) -> [String] { validator.validate(event, in: p).map(\.code) }

    func withCase() -> Projection {
        var p = Projection(catalogue: catalogue)
        let intake = Fixture.intake("A-1", "2025-01-10", role: .perpetrator)
        XCTAssertEqual(validator.validate(intake, in: p), [])
        p.apply(intake)
        return p
    }

    static let controls: [String] = ["\u{1B}[2J", "\u{07}", "\r", "\n", "\0", "\t", "\u{7F}", "\u{9B}31m", "\u{202E}", "\u{2028}"]

    func testControlCharactersAreRefusedInEveryTextField() {
        let p = withCase()
        for control in Self.controls {
            var worker = Fixture.intake("A-2", "2025-01-10")
            worker.worker = "hl\(control)01"
            XCTAssertEqual(codes(worker, p), ["text.control"], "worker \(control.debugDescription)")
            let start = Fixture.event("A-1", "2025-01-12", .interventionStarted(InterventionStart(interventionId: "I\(control)1", type: .other)))
            XCTAssertEqual(codes(start, p), ["text.control"], "interventionId \(control.debugDescription)")
            let end = Fixture.event("A-1", "2025-01-12", .interventionEnded(InterventionEnd(interventionId: "I\(control)1", outcome: .completed)))
            XCTAssertTrue(codes(end, p).contains("text.control"), "end \(control.debugDescription)")
            let intakeID = p["A-1"]!.events[0].id
            let correction = Fixture.event("A-1", "2025-01-12", .correction(Correction(
                target: intakeID, action: .retract, reason: .wrongCase, comment: "fel\(control)ärende")))
            XCTAssertEqual(codes(correction, p), ["text.control"], "comment \(control.debugDescription)")
            XCTAssertTrue(codes(Fixture.intake("A\(control)3", "2025-01-10"), p).contains("text.control"), "case code")
        }
        // Ordinary text stays fine: letters of any script, punctuation, spaces.
        var worker = Fixture.intake("A-2", "2025-01-10")
        worker.worker = "hl-01 Åsa/ö"
        XCTAssertEqual(codes(worker, p), [])
    }

    func testMessagesEchoUserValuesThroughTheSanitiser() {
        let huge = String(repeating: "x", count: 1_000_000) + "\u{1B}]0;owned\u{07}"
        let event = Fixture.event(huge, "2025-01-12", .interventionStarted(InterventionStart(interventionId: "I1", type: .other)))
        let problems = validator.validate(event, in: withCase())
        XCTAssertFalse(problems.isEmpty)
        for problem in problems {
            for text in [problem.message.sv, problem.message.en, problem.field.rawValue] {
                XCTAssertLessThan(text.count, 400, problem.code)
                XCTAssertNil(SafeText.refusedCharacter(in: text), problem.code)
            }
        }
    }

    func testSanitiserEscapesAndCaps() {
        XCTAssertEqual(SafeText.display("hl01"), "hl01")
        XCTAssertEqual(SafeText.display("a\u{1B}[2Jb\n\u{7}\u{9B}"), "a\\u{1B}[2Jb\\u{A}\\u{7}\\u{9B}")
        XCTAssertEqual(SafeText.display("rad 1\nrad 2", keepNewlines: true), "rad 1\nrad 2")
        let long = SafeText.display(String(repeating: "å", count: 1000), limit: 10)
        XCTAssertEqual(long, String(repeating: "å", count: 10) + "…[längd/length 1000]")
        XCTAssertNil(SafeText.refusedCharacter(in: "Ärende Ω 漢字 -_/.:"))
    }

    func testNonCanonicalTimesAreRefused() {
        XCTAssertNotNil(Timestamp(iso: "2026-11-01T10:00:00Z"))
        for text in ["2026-11-01T+1:+0:-0Z", "2026-11-01T 1:00:00Z", "2026-11-01T1:00:00Z", "2026-11-01T10:00:00+01:00",
                     "2026-11-01t10:00:00z", "2026-11-01T１０:00:00Z", "+026-11-01T10:00:00Z"] {
            XCTAssertNil(Timestamp(iso: text), text)
        }
        let line = #"{"case":"A-1","data":{"role":"victim"},"date":"2025-01-10","id":"000000000000000000000000000000ab","recordedAt":"2025-01-10T+1:+0:-0Z","schema":1,"type":"intake","worker":"hl01"}"#
        XCTAssertThrowsError(try EventJSON.decodeStrict(line))
    }

    func testImplausibleDatesAreRefused() {
        let empty = Projection(catalogue: catalogue)
        for date in ["0001-01-01", "1899-12-31", "1989-12-31"] {
            XCTAssertEqual(codes(Fixture.intake("A-9", date), empty).filter { $0 == "date.early" }, ["date.early"], date)
        }
        XCTAssertFalse(codes(Fixture.intake("A-9", "1990-01-01"), empty).contains("date.early"))
        // The floor is configurable.
        let strict = Validator(catalogue: catalogue, today: today, now: now, earliestDate: Day(iso: "2020-01-01")!)
        XCTAssertTrue(strict.validate(Fixture.intake("A-9", "2019-05-01"), in: empty).map(\.code).contains("date.early"))

        var recorded = Fixture.intake("A-9", "2025-01-10")
        recorded.recordedAt = Timestamp(iso: "1970-01-01T00:00:00Z")!
        XCTAssertEqual(codes(recorded, empty), ["recordedAt.early"])
        recorded.recordedAt = Timestamp(iso: "2999-01-01T00:00:00Z")!
        XCTAssertEqual(codes(recorded, empty), ["recordedAt.future"])
        // Within a day ahead of the clock is a skew, not an error.
        recorded.recordedAt = Timestamp(secondsSinceEpoch: now.secondsSinceEpoch + 86_000)
        XCTAssertEqual(codes(recorded, empty), [])
        recorded.recordedAt = Timestamp(secondsSinceEpoch: now.secondsSinceEpoch + 86_401)
        XCTAssertEqual(codes(recorded, empty), ["recordedAt.future"])
    }
}
