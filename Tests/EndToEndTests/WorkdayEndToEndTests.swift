import Foundation
import XCTest

/// Issue 17 end to end: the real workbench under tmux, keys counted. Each task's count must equal
/// the number docs/keys.md gives for it (the "Keystrokes for common tasks" table).
final class WorkdayEndToEndTests: XCTestCase {
    private var session: TmuxSession!
    private var pressed = 0

    override func setUpWithError() throws {
        guard let tmux = TmuxSession.locateTmux() else { throw XCTSkip("tmux is not installed") }
        session = try TmuxSession(tmux: tmux)
    }

    override func tearDown() { session = nil }

    var journal: String { session.path("journal") }

    func launch(width: Int = 100, height: Int = 30) throws {
        let command = """
            ulimit -c 0; env LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no UPPFOLJ_JOURNAL=\(shellQuoted(journal)) \
            \(shellQuoted(Uppfolj.binary.path)) --worker hl01; \
            echo $? > \(shellQuoted(session.path("status"))); exec sleep 600
            """
        try session.start(command, width: width, height: height)
        waitFor("Ärenden")
    }

    /// Key presses, counted (one per key name).
    func keys(_ names: String...) {
        pressed += names.count
        XCTAssertNoThrow(try session.sendKeys(names))
    }
    /// Typed text, counted one press per character.
    func type(_ text: String) {
        pressed += text.count
        XCTAssertNoThrow(try session.type(text))
    }
    @discardableResult
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        session.waitForText(text, timeout: 15, file: file, line: line).joined(separator: "\n")
    }

    func events() throws -> [[String: Any]] {
        let log = try Uppfolj.run(["log", journal, "--json"])
        XCTAssertEqual(log.status, 0, log.stderr)
        return try log.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// The presses docs/keys.md gives for a task (its row starts with "| `id`").
    static func documentedPresses(_ id: String) -> Int? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/keys.md")
        guard let doc = try? String(contentsOf: url, encoding: .utf8),
              let row = doc.split(separator: "\n").first(where: { $0.hasPrefix("| `\(id)`") }) else { return nil }
        let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        return cells.last.flatMap { Int($0) }
    }

    func checkBudget(_ id: String, measured: Int, file: StaticString = #filePath, line: UInt = #line) {
        print("keystrokes \(id): \(measured)")
        XCTAssertEqual(measured, Self.documentedPresses(id), "docs/keys.md's count for \(id)", file: file, line: line)
    }

    static func isoDay(daysAgo: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(-Double(daysAgo) * 86_400))
    }

    /// A new victim case from the case list whose intake is typed over the offered date.
    func newVictimCase(_ code: String, intakeDaysAgo: Int) {
        keys("n")
        waitFor("Ärendekod")
        type(code)
        keys("Tab")
        type(Self.isoDay(daysAgo: intakeDaysAgo))   // replaces the offered date (it is selected)
        keys("Tab", "Tab", "Right")                  // past the date known; role: the first (victim)
        keys("F2")
        waitFor("\(code) · Våldsutsatt")
    }

    // Issue 17 acceptance: a T1 back-dated by typing a date over the default takes at most 12 keys
    // from the form opening to "Sparat"; then a closure, counted too.
    func testBackdatingAT1AndClosingTheCase() throws {
        try launch()
        newVictimCase("DAG-1", intakeDaysAgo: 60)
        let t1Date = Self.isoDay(daysAgo: 9)
        pressed = 0
        keys("t")
        waitFor("Uppföljning under insats (T1) · DAG-1")
        type(t1Date)
        keys("F2")
        waitFor("Sparat")
        XCTAssertLessThanOrEqual(pressed, 12)
        checkBudget("t1-backdated", measured: pressed)

        pressed = 0
        keys("a")
        waitFor("Avslut (T2) · DAG-1")
        keys("Tab", "Right", "Tab", "Right")   // planned; goals fully reached
        keys("F2")
        waitFor("Sparat")
        checkBudget("closure", measured: pressed)

        let events = try events()
        XCTAssertEqual(events.map { $0["type"] as? String }, ["intake", "duringFollowUp", "closure"])
        guard events.count == 3 else { return }
        XCTAssertEqual(events[0]["date"] as? String, Self.isoDay(daysAgo: 60), "the intake's typed date")
        XCTAssertEqual(events[1]["date"] as? String, t1Date, "the T1's typed date, not today")
    }

    // Issue 17 item 2 acceptance: reopen a closed case and record a new intake (one form, one save:
    // the reopening carries the new episode's intake), counted from the closed case's screen.
    func testReopeningAClosedCaseRecordsANewIntake() throws {
        try launch()
        newVictimCase("DAG-5", intakeDaysAgo: 200)
        keys("a")
        waitFor("Avslut (T2) · DAG-5")
        type(Self.isoDay(daysAgo: 100))   // the closure, back-dated over the offered date
        keys("Tab", "Right", "Tab", "Right", "F2")
        waitFor("Sparat")
        waitFor("A återaktualiserar")

        pressed = 0
        keys("A")
        waitFor("Återaktualisering – ny inskrivning · DAG-5")
        waitFor("Episod 2")
        keys("Right")   // the reason: the first, Nytt våld; the new intake date offered is today
        keys("F2")
        waitFor("Sparat")
        checkBudget("reopen", measured: pressed)
        let screen = waitFor("återaktualiserat \(Self.isoDay(daysAgo: 0)) (episod 2)")
        XCTAssertTrue(screen.contains("Episoder"), screen)
        XCTAssertTrue(screen.contains("Ingen riskbedömning"), "the new episode asks for a risk assessment:\n\(screen)")

        let events = try events()
        XCTAssertEqual(events.map { $0["type"] as? String }, ["intake", "closure", "reopening"])
        guard events.count == 3 else { return }
        XCTAssertEqual(events[2]["schema"] as? Int, 3)
        XCTAssertEqual(events[2]["date"] as? String, Self.isoDay(daysAgo: 0))
        let data = try XCTUnwrap(events[2]["data"] as? [String: Any])
        XCTAssertEqual(data["reason"] as? String, "newViolence")
        XCTAssertEqual((data["intake"] as? [String: Any])?["role"] as? String, "victim")
        XCTAssertEqual(events[0]["schema"] as? Int, 3)
    }

    // The T3 from Att göra: a case closed seven months ago is due for its 6-month follow-up.
    func testT3FromTheDueList() throws {
        try launch()
        newVictimCase("DAG-3", intakeDaysAgo: 400)
        keys("a")
        waitFor("Avslut (T2) · DAG-3")
        type(Self.isoDay(daysAgo: 215))   // the closure, back-dated over the offered date
        keys("Tab", "Right", "Tab", "Right", "F2")
        waitFor("Sparat")
        keys("q")
        waitFor("Kod")

        pressed = 0
        keys("Tab")
        waitFor("T3 (6 mån)")
        keys("u")
        waitFor("Uppföljning efter avslut (T3) · DAG-3")
        keys("Tab", "Tab", "Right")   // reached: Ja
        keys("F2")
        waitFor("Sparat")
        checkBudget("t3-from-due-list", measured: pressed)

        let events = try events()
        XCTAssertEqual(events.map { $0["type"] as? String }, ["intake", "closure", "followUp"])
        guard events.count == 3 else { return }
        XCTAssertEqual((events[2]["data"] as? [String: Any])?["reached"] as? Bool, true)
        XCTAssertEqual((events[2]["data"] as? [String: Any])?["monthsAfterClosure"] as? Int, 6)
    }
}
