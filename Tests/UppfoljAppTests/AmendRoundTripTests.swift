import XCTest
@testable import UppfoljApp
@testable import UppfoljCore
import UppfoljSample

/// Opening an event's correction form and saving without touching a value must give back the
/// event as it stands: a form that pre-fills a value wrongly would otherwise change the record
/// silently whenever a worker corrects only another field (e.g. the date).
final class AmendRoundTripTests: XCTestCase {
    /// The names of the stored values that differ ("goalProgress", "respondent").
    static func changedFields(_ a: EventBody, _ b: EventBody) -> [String] {
        if case .assessment(let x) = a, case .assessment(let y) = b {
            var out: [String] = []
            for (r, q) in zip(x.ratings, y.ratings) where r != q { out.append("rating \(r) → \(q)") }
            if x.ratings.count != y.ratings.count { out.append("ratings \(x.ratings.count) → \(y.ratings.count)") }
            if x.judgements != y.judgements { out.append("judgements \(x.judgements) → \(y.judgements)") }
            if x.respondent != y.respondent { out.append("respondent \(String(describing: x.respondent)) → \(String(describing: y.respondent))") }
            return out
        }
        func children(_ body: EventBody) -> [(String, String)] {
            guard let payload = Mirror(reflecting: body).children.first?.value else { return [] }
            return Mirror(reflecting: payload).children.map { ($0.label ?? "?", String(describing: $0.value)) }
        }
        let (x, y) = (children(a), children(b))
        guard x.count == y.count else { return ["(shape)"] }
        return zip(x, y).filter { Self.parts($0.1) != Self.parts($1.1) }.map { "\($0.0): \($0.1) → \($1.1)" }
    }

    /// A value's description as a sorted list of parts, so a dictionary's order does not count.
    static func parts(_ text: String) -> [Substring] {
        text.split(whereSeparator: { "[], ".contains($0) }).sorted()
    }

    func testEveryRecordedEventOfTheSampleSurvivesItsCorrectionFormUnchanged() throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let events = SampleGenerator(cases: 250, seed: 7, until: Fixture.today, catalogue: catalogue).events()
        let projection = Projection(catalogue: catalogue, events: events)
        let env = Fixture.env()
        let state = AppState(projection: projection, env: env, size: .init(width: 120, height: 40))
        var checked: [EventKind: Int] = [:]
        var differing: [String] = []
        for code in projection.caseCodes {
            guard let caseState = projection[code] else { continue }
            for entry in caseState.timeline() {
                guard let kind = FormKind(editing: entry.current.kind) else { continue }
                let session = FormEngine.open(kind, caseCode: code, amending: entry.original.id, state: state, env: env)
                let ctx = FormEngine.context(for: session, state: state, env: env)
                var reader = FormReader(session.values)
                guard let output = kind.spec.build(&reader, ctx) else {
                    differing.append("\(code) \(entry.current.kind): the form refuses its own values: \(reader.problems.map(\.message.en))")
                    continue
                }
                checked[entry.current.kind, default: 0] += 1
                if output.body != entry.current.body {
                    differing.append("\(entry.current.kind) \(Self.changedFields(entry.current.body, output.body))")
                }
                XCTAssertEqual(output.date, entry.current.effectiveDate, "\(code) \(entry.current.kind)")
            }
        }
        let kinds = Dictionary(differing.map { ($0, 1) }, uniquingKeysWith: +)
        XCTAssertTrue(differing.isEmpty, "\(differing.count) events change when their form is saved unchanged:\n"
                      + kinds.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: "\n"))
        // The sample has every kind a form edits, so the check covered them all.
        for kind in [EventKind.intake, .assessment, .interventionStarted, .interventionEnded, .partnerContact, .closure, .followUp] {
            XCTAssertGreaterThan(checked[kind] ?? 0, 0, "no \(kind) in the sample")
        }
    }
}
