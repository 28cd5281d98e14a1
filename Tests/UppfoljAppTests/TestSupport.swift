import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore

/// Hand-built journals with synthetic case codes and worker ids; deterministic ids and times.
enum Fixture {
    static let catalogue = try! InstrumentCatalogue.builtIn()
    static let today = day("2024-06-01")

    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static func env(_ language: Language = .sv, demo: Bool = false) -> AppEnvironment {
        AppEnvironment(catalogue: catalogue, today: today, language: language, worker: "hl01", demo: demo)
    }

    static func event(_ code: String, _ date: String, _ body: EventBody, id: UInt64) -> Event {
        Event(id: EventID(high: 0xAB, low: id), caseCode: code,
              recordedAt: Timestamp(secondsSinceEpoch: Int64(day(date).daysSinceEpoch) * 86_400 + 36_000),
              effectiveDate: day(date), worker: "hl01", body: body)
    }

    static func intake(_ code: String, _ date: String, role: Role = .victim, birthYear: Int? = 1985, id: UInt64) -> Event {
        var intake = Intake(role: role)
        intake.sex = role == .victim ? .female : .male
        intake.birthYear = birthYear
        intake.violenceTypes = [.physical, .psychological]
        return event(code, date, .intake(intake), id: id)
    }

    static func assessment(_ code: String, _ date: String, risk: String, id: UInt64) -> Event {
        let a = Assessment(instrument: InstrumentRef(id: "freda-farlighet", version: "2014"), timePoint: .intake,
                           ratings: [ItemRating(item: "F1", value: 1), ItemRating(item: "F2", value: 0)],
                           judgements: [JudgementValue(judgement: "risk", value: risk)])
        return event(code, date, .assessment(a), id: id)
    }

    static func start(_ code: String, _ date: String, _ interventionId: String, _ type: InterventionType, id: UInt64) -> Event {
        event(code, date, .interventionStarted(InterventionStart(interventionId: interventionId, type: type)), id: id)
    }

    static func closure(_ code: String, _ date: String, id: UInt64) -> Event {
        var c = Closure(reason: .planned, goalAttainment: .full)
        c.violence = .stopped
        return event(code, date, .closure(c), id: id)
    }

    /// Five cases: a high-risk victim case with an open intervention, a perpetrator case, a
    /// closed case whose T3 is overdue, a closed one with T3 due, and one without assessment.
    static func journal() -> [Event] {
        var correction = Correction(target: EventID(high: 0xAB, low: 12), action: .amend(body: {
            var c = Closure(reason: .planned, goalAttainment: .partly); c.violence = .stopped; return .closure(c) }(), effectiveDate: nil),
                                    reason: .wrongValue)
        correction.comment = nil
        return [
            intake("T-1", "2024-01-10", id: 1),
            assessment("T-1", "2024-01-12", risk: "hog", id: 2),
            start("T-1", "2024-01-15", "I1", .supportiveTalks, id: 3),
            intake("T-2", "2024-02-01", role: .perpetrator, birthYear: 1979, id: 4),
            assessment("T-2", "2024-02-03", risk: "medel", id: 5),
            intake("T-3", "2023-06-01", id: 10),
            assessment("T-3", "2023-06-02", risk: "lag", id: 11),
            closure("T-3", "2023-10-20", id: 12),
            event("T-3", "2023-11-01", .correction(correction), id: 13),
            intake("T-10", "2023-09-01", role: .perpetrator, birthYear: nil, id: 20),
            assessment("T-10", "2023-09-05", risk: "medel", id: 21),
            closure("T-10", "2023-12-01", id: 22),
            intake("T-4", "2024-05-20", id: 30),
        ]
    }

    static func projection(_ events: [Event] = journal()) -> Projection {
        Projection(catalogue: catalogue, events: events)
    }
}

/// Drives the pure app the way the runner would, without a terminal or a store: keys in, effects
/// collected (the test plays the store's answer: `runnerAccepts`, `.refused`, `.saveFailed`),
/// frames out. The real loop with a real store is tested in UppfoljRunnerTests.
struct Driver {
    var state: AppState
    let env: AppEnvironment
    /// Effects on the journal and the program (appends, quit); access-log effects go to `opened`.
    var effects: [Effect] = []
    /// Cases the runner was asked to record as opened in the access log.
    var opened: [String] = []

    init(_ projection: Projection = Fixture.projection(), env: AppEnvironment = Fixture.env(),
         size: Size = Size(width: 80, height: 24)) {
        self.env = env
        state = AppState(projection: projection, env: env, size: size)
    }

    @discardableResult
    mutating func send(_ msg: Msg) -> [Effect] {
        let out = update(&state, msg, env)
        for effect in out {
            if case .caseOpened(let code) = effect { opened.append(code) } else { effects.append(effect) }
        }
        return out
    }

    mutating func press(_ keys: Key...) { for key in keys { send(.key(key)) } }
    mutating func press(_ keys: [Key]) { for key in keys { send(.key(key)) } }

    /// Types text key by key.
    mutating func type(_ text: String) { for c in text { send(.key(.char(c))) } }

    /// Opens a case from the case list: search by code, select the exact row, Enter.
    mutating func openCase(_ code: String, file: StaticString = #filePath, line: UInt = #line) {
        // Back to the list first (Enter on a case screen opens an event, so it is no longer a no-op there).
        for _ in 0..<5 where !state.routes.isEmpty && state.topForm == nil && state.overlay == nil { press(.escape) }
        // From the case list (Att göra has its own search since issue 17).
        if state.routes.isEmpty, state.tab == .due { press(.tab) }
        press(.char("/"))
        type(code)
        press(.enter)
        guard let index = state.caseList.codes.firstIndex(of: code) else { return XCTFail("no case \(code)", file: file, line: line) }
        press(.home)
        for _ in 0..<index { press(.down) }
        press(.enter)
        XCTAssertEqual(state.currentCaseCode, code, file: file, line: line)
    }

    /// Moves focus to the form field `id` with Tab (fails after a full round).
    mutating func focus(_ id: FieldPath, file: StaticString = #filePath, line: UInt = #line) {
        for _ in 0..<400 {
            if state.topForm?.focusedId == id { return }
            send(.key(.tab))
        }
        XCTFail("no field \(id)", file: file, line: line)
    }

    /// Clears the focused text field and types `text`.
    mutating func fill(_ id: FieldPath, _ text: String, file: StaticString = #filePath, line: UInt = #line) {
        focus(id, file: file, line: line)
        press(.end)
        for _ in 0..<60 { send(.key(.backspace)) }
        type(text)
    }

    /// Presses → until the choice field `id` shows option `index`.
    mutating func choose(_ id: FieldPath, _ index: Int, file: StaticString = #filePath, line: UInt = #line) {
        focus(id, file: file, line: line)
        for _ in 0..<40 {
            if state.topForm?.values.choice(id) == index { return }
            send(.key(.right))
        }
        XCTFail("cannot choose \(index) in \(id)", file: file, line: line)
    }

    mutating func choose<V: Vocabulary>(_ id: FieldPath, _ value: V, file: StaticString = #filePath, line: UInt = #line) {
        choose(id, V.allCases.firstIndex(of: value)!, file: file, line: line)
    }

    /// Sets a yes/no/unknown field.
    mutating func answer(_ id: FieldPath, _ value: Answer, file: StaticString = #filePath, line: UInt = #line) {
        focus(id, file: file, line: line)
        for _ in 0..<4 {
            if state.topForm?.values.tri(id) == TriState(value) { return }
            send(.key(.right))
        }
        XCTFail("cannot answer \(id)", file: file, line: line)
    }

    /// Checks exactly the options `indices` of a checkbox list.
    mutating func check(_ id: FieldPath, _ indices: Set<Int>, optionCount: Int, file: StaticString = #filePath, line: UInt = #line) {
        focus(id, file: file, line: line)
        for index in 0..<optionCount {
            guard case .multi(let list)? = state.topForm?.values[id] ?? .multi(MultiChoiceState()) else { return }
            let cursor = list.cursor
            if index > cursor { for _ in cursor..<index { send(.key(.down)) } }
            if index < cursor { for _ in index..<cursor { send(.key(.up)) } }
            let checked = state.topForm?.values.checked(id).contains(index) ?? false
            if checked != indices.contains(index) { send(.key(.char(" "))) }
        }
        XCTAssertEqual(state.topForm?.values.checked(id), indices, file: file, line: line)
    }

    func frame(_ width: Int = 80, _ height: Int = 24) -> Buffer {
        view(state, size: Size(width: width, height: height), env: env)
    }

    var appended: [Event] {
        effects.compactMap { if case .append(let e) = $0 { return e } else { return nil } }
    }

    /// Plays the runner: validates, "appends", reports back.
    mutating func runnerAccepts(file: StaticString = #filePath, line: UInt = #line) {
        guard let event = appended.last else { return XCTFail("nothing appended", file: file, line: line) }
        let problems = Validator(catalogue: env.catalogue, today: state.today).validate(event, in: state.projection)
        XCTAssertEqual(problems, [], file: file, line: line)
        var projection = state.projection
        projection.apply(event)
        send(.saved(event.id))
        send(.projectionChanged(projection))
    }
}

func assertLines(_ buffer: Buffer, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    let actual = buffer.lines()
    if actual != expected {
        XCTFail("lines differ\n--- expected\n\(show(expected))\n--- actual\n\(show(actual))\n--- as Swift\n\(swiftLiteral(actual))",
                file: file, line: line)
    }
}

func assertStyles(_ buffer: Buffer, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    let actual = buffer.styleLines()
    if actual != expected {
        XCTFail("styles differ\n--- expected\n\(show(expected))\n--- actual\n\(show(actual))\n--- as Swift\n\(swiftLiteral(actual))",
                file: file, line: line)
    }
}

func show(_ rows: [String]) -> String { rows.map { "|" + $0 + "|" }.joined(separator: "\n") }

func swiftLiteral(_ rows: [String]) -> String {
    "[\n" + rows.map { "    \"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"," }
        .joined(separator: "\n") + "\n]"
}

func text(_ buffer: Buffer) -> String { buffer.lines().joined(separator: "\n") }
