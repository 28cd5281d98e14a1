import Foundation
import XCTest

/// The social worker's workbench, end to end: the real binary under tmux on a fresh journal,
/// driven by keys, checked on screen and then in the journal itself (`uppfolj log --json`).
final class WorkbenchEndToEndTests: XCTestCase {
    private var session: TmuxSession!

    override func setUpWithError() throws {
        guard let tmux = TmuxSession.locateTmux() else { throw XCTSkip("tmux is not installed") }
        session = try TmuxSession(tmux: tmux)
    }

    override func tearDown() {
        session = nil   // kills the private tmux server and removes its folder
    }

    var journal: String { session.path("journal") }

    /// Starts the workbench on a fresh journal in the session's folder. When it ends, the shell in
    /// the pane records `stty -a` of the same tty and the exit status, then stays.
    func launch(width: Int = 100, height: Int = 30, options: String = "") throws {
        let command = """
            ulimit -c 0; env LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no UPPFOLJ_JOURNAL=\(shellQuoted(journal)) \
            \(shellQuoted(Uppfolj.binary.path)) --worker hl01 \(options); \
            code=$?; stty -a > \(shellQuoted(session.path("stty"))) 2>&1; \
            echo $code > \(shellQuoted(session.path("status"))); exec sleep 600
            """
        try session.start(command, width: width, height: height)
        waitFor("Ärenden")
    }

    // Thin wrappers so the scripts below read as key presses.
    func keys(_ names: String...) { XCTAssertNoThrow(try session.sendKeys(names)) }
    func keys(_ names: [String]) { XCTAssertNoThrow(try session.sendKeys(names)) }
    func type(_ text: String) { XCTAssertNoThrow(try session.type(text)) }
    func screen() -> String { session.capture().joined(separator: "\n") }
    @discardableResult
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        session.waitForText(text, timeout: 15, file: file, line: line).joined(separator: "\n")
    }

    /// Quits from the case list and returns the exit status.
    func quit(file: StaticString = #filePath, line: UInt = #line) -> Int? {
        keys("q")
        return exitStatus(file: file, line: line)
    }

    func exitStatus(file: StaticString = #filePath, line: UInt = #line) -> Int? {
        session.waitForFile("status", timeout: 15, file: file, line: line)
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    func events() throws -> [[String: Any]] {
        let log = try Uppfolj.run(["log", journal, "--json"])
        XCTAssertEqual(log.status, 0, log.stderr)
        return try log.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    func data(_ event: [String: Any]) -> [String: Any] { event["data"] as? [String: Any] ?? [:] }

    /// Intake of a new case from the case list: code, then role by `roleSteps` presses of Right.
    func newCase(_ code: String, roleSteps: Int) {
        keys("n")
        waitFor("Ärendekod")   // the form itself (the list's key hints also name "Nytt ärende")
        type(code)
        keys("Tab", "Tab", "Tab")   // past the intake date and the date the case became known
        keys(Array(repeating: "Right", count: roleSteps))
    }

    func save(expect text: String) {
        keys("F2")
        waitFor(text)
    }

    // (a) a victim case with every intake field, a FREDA farlighetsbedömning and a SARA:SV judgement,
    // closed; then `log --json` shows exactly those events.
    func testVictimCaseWithAllIntakeFieldsAssessmentsAndClosure() throws {
        try launch(width: 120, height: 40)
        newCase("E2E-1", roleSteps: 1)
        // referral: first value; responsible worker: empty (the recording worker); goals: the first
        // (ökad säkerhet); sex: first value; birth year; occupation: first value; substance use,
        // impairment, interpreter: yes; relation, the perpetrator's sex, living situation: first value.
        // (Referral: Okänt is followed by the two values schema 2 appended, then wraps to the first.)
        keys("Tab", "Right", "Right", "Right", "Tab", "Tab", "Space", "Tab", "Right", "Tab")
        type("1984")
        keys("Tab", "Right", "Tab", "Right", "Tab", "Right", "Tab", "Right", "Tab", "Right", "Tab", "Right", "Tab", "Right", "Tab")
        // violence types: physical and psychological; severity, duration, last violence: first value;
        // honour: yes; then the victim's own: housing: first value; more than one perpetrator: yes;
        // police report: yes; protective: contact ban.
        keys("Space", "Down", "Space", "Tab", "Right", "Tab", "Right", "Tab", "Right", "Tab", "Right")
        keys("Tab", "Right", "Tab", "Right", "Tab", "Right", "Tab", "Space", "Tab")
        type("2")
        // children witnessed: yes; exposed: no; report of concern: yes.
        keys("Tab", "Right", "Tab", "Right", "Right", "Tab", "Right")
        save(expect: "Sparat")
        waitFor("E2E-1 · Våldsutsatt · Öppet")

        // FREDA farlighetsbedömning: 20 yes/no items, the worker's judgement hög, the client's låg.
        keys("b")
        waitFor("Bedömning · E2E-1")
        keys("Tab", "Tab", "Right", "Right", "Right")
        waitFor("FREDA-farlighetsbedömning")
        for value in [1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0] {
            keys("Tab")
            type(String(value))
        }
        keys("Tab", "Right", "Right", "Right", "Tab", "Right")
        waitFor("Summa: 6 av högst 20")
        save(expect: "! HÖG RISK")

        // SARA:SV: no item ratings (omitted), the three judgements låg, medel, hög.
        keys("b")
        waitFor("Bedömning · E2E-1")
        keys("Tab", "Tab", "Right", "Right", "Right", "Right", "Right", "Right")  // the sixth offered version
        waitFor("SARA:SV")
        keys(Array(repeating: "Tab", count: 31))
        keys("Right", "Tab", "Right", "Right", "Tab", "Right", "Right", "Right")
        save(expect: "SARA:SV (utgåva okänd) (T1)")

        // Closure: planned, goals fully reached, violence stopped.
        keys("a")
        waitFor("Avslut (T2) · E2E-1")
        keys("Tab", "Right", "Tab", "Right", "Tab", "Right", "Right")
        save(expect: "Avslutat")
        keys("q")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)

        let events = try events()
        XCTAssertEqual(events.map { $0["type"] as? String }, ["intake", "assessment", "assessment", "closure"])
        guard events.count == 4 else { return }
        XCTAssertTrue(events.allSatisfy { $0["case"] as? String == "E2E-1" && $0["worker"] as? String == "hl01" })
        let intake = data(events[0])
        XCTAssertEqual(intake["role"] as? String, "victim")
        XCTAssertEqual(intake["sex"] as? String, "female")
        XCTAssertEqual(intake["birthYear"] as? Int, 1984)
        XCTAssertEqual(intake["referral"] as? String, "selfReferral")
        XCTAssertEqual(intake["legalBasis"] as? String, "unknown", "schema 2 records the legal basis per intervention")
        XCTAssertEqual(events[0]["schema"] as? Int, 3, "written in the current schema (3 since issue 17's reopening)")
        XCTAssertEqual(intake["goals"] as? [String], ["safety"])
        XCTAssertEqual(intake["otherPartySex"] as? String, "female")
        XCTAssertEqual(intake["livingSituation"] as? String, "livingTogether")
        XCTAssertEqual(intake["severity"] as? String, "mild")
        XCTAssertNil(intake["mandate"], "a perpetrator's field is not on a victim's intake")
        XCTAssertEqual(intake["occupation"] as? String, "working")
        XCTAssertEqual(intake["housing"] as? String, "ownHome")
        XCTAssertEqual(intake["relation"] as? String, "currentPartner")
        XCTAssertEqual(intake["violenceTypes"] as? [String], ["physical", "psychological"])
        XCTAssertEqual(intake["protectiveMeasures"] as? [String], ["contactBan"])
        XCTAssertEqual(intake["childrenInHousehold"] as? Int, 2)
        for key in ["substanceUse", "functionalImpairment", "interpreterNeeded", "multiplePerpetrators", "honourContext",
                    "policeReport", "childrenWitnessed", "reportOfConcern"] {
            XCTAssertEqual(intake[key] as? String, "yes", key)
        }
        XCTAssertEqual(intake["childrenExposed"] as? String, "no")

        let freda = data(events[1])
        XCTAssertEqual((freda["instrument"] as? [String: Any])?["id"] as? String, "freda-farlighet")
        XCTAssertEqual((freda["ratings"] as? [[String: Any]])?.compactMap { $0["value"] as? Int }.reduce(0, +), 6)
        XCTAssertEqual((freda["judgements"] as? [[String: Any]])?.first?["value"] as? String, "hog")
        XCTAssertEqual(freda["clientEstimate"] as? String, "lag")
        let saraSV = data(events[2])
        XCTAssertEqual((saraSV["instrument"] as? [String: Any])?["id"] as? String, "sara-sv")
        XCTAssertEqual((saraSV["instrument"] as? [String: Any])?["version"] as? String, "utgava-okand")
        XCTAssertEqual((freda["instrument"] as? [String: Any])?["version"] as? String, "2014-10")
        XCTAssertEqual((saraSV["judgements"] as? [[String: Any]])?.map { $0["value"] as? String }, ["lag", "medel", "hog"])
        let closure = data(events[3])
        XCTAssertEqual(closure["reason"] as? String, "planned")
        XCTAssertEqual(closure["goalAttainment"] as? String, "full")
        XCTAssertEqual(closure["violence"] as? String, "stopped")

        // Every save is in the access log with the journal's head (issue 12, item 6), so a journal cut
        // at a record boundary afterwards is refused instead of opening without the last save.
        let audit = try Uppfolj.run(["audit", journal])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        XCTAssertEqual(audit.stdout.components(separatedBy: "sparade i ärende").count - 1, events.count, audit.stdout)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: journal))
        var offsets: [Int] = []
        var o = 32
        while o + 9 <= bytes.count {
            offsets.append(o)
            o += 41 + (Int(bytes[o]) | Int(bytes[o + 1]) << 8 | Int(bytes[o + 2]) << 16 | Int(bytes[o + 3]) << 24)
        }
        // Quitting anchored the session's last save entry (it rides on the next save otherwise).
        XCTAssertEqual(bytes[offsets[offsets.count - 1] + 8] & 0x7F, 1, "the last record is the anchor written at the quit")
        // The last save and its anchor record (the last two records) cut off at a record boundary.
        try bytes.prefix(offsets[offsets.count - 2]).write(to: URL(fileURLWithPath: journal))
        let status = try Uppfolj.run(["status", journal])
        XCTAssertEqual(status.status, 3, status.stdout)
        XCTAssertTrue(status.stderr.contains("sparade poster saknas i slutet"), status.stderr)
    }

    // (b) a perpetrator case with an intervention and two partner contacts.
    func testPerpetratorCaseWithInterventionAndTwoPartnerContacts() throws {
        try launch()
        newCase("E2E-2", roleSteps: 2)
        save(expect: "E2E-2 · Våldsutövare")
        keys("i")
        waitFor("Insats påbörjad · E2E-2")
        keys("Tab", "Tab", "Right", "Right")  // type: the second kind of intervention
        save(expect: "Insatser  I1")
        keys("p")
        waitFor("Partnerkontakt · E2E-2")
        keys("Tab", "Tab", "Right")  // asked; consent yes
        save(expect: "Sparat")
        keys("p")
        waitFor("Partnerkontakt · E2E-2")
        keys("Tab", "Right", "Right")  // step: from "välj …" past "asked" to a contact attempt
        waitFor("Kontaktförsök")
        keys("Tab", "Right", "Tab", "Right")  // channel, reached
        save(expect: "Sparat")
        keys("q")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)

        let events = try events()
        XCTAssertEqual(events.map { $0["type"] as? String }, ["intake", "interventionStarted", "partnerContact", "partnerContact"])
        guard events.count == 4 else { return }
        XCTAssertEqual(data(events[0])["role"] as? String, "perpetrator")
        XCTAssertEqual(data(events[1])["interventionId"] as? String, "I1")
        XCTAssertEqual(data(events[2])["step"] as? String, "asked")
        XCTAssertEqual(data(events[2])["consent"] as? String, "yes")
        XCTAssertEqual(data(events[3])["step"] as? String, "attempt")
    }

    // Issue 13: a perpetrator's case closed and followed up (T3) through the partner, who reports
    // that the violence has stopped; `log --json` shows the source and the partner's account.
    func testPerpetratorT3WithThePartnersAccount() throws {
        try launch(width: 120, height: 40)
        newCase("E2E-13", roleSteps: 2)
        waitFor("Relation till den våldsutsatta")   // the labels name the other party
        save(expect: "E2E-13 · Våldsutövare")
        keys("a")
        waitFor("Avslut (T2) · E2E-13")
        keys("Tab", "Right", "Tab", "Right")   // planned; goals fully reached
        save(expect: "Avslutat")
        keys("u")
        waitFor("Uppföljning efter avslut (T3) · E2E-13")
        keys("Tab", "Tab", "Right")           // reached: Ja
        waitFor("Uppgiftskälla")
        keys("Tab")
        type("2")                             // two attempts
        keys("Tab", "Right", "Right")         // source: the partner
        waitFor("Partnern: nytt våld")
        keys("Tab", "Right", "Right")         // the partner: no new violence
        save(expect: "Sparat: Uppföljning efter avslut (T3) · E2E-13")
        waitFor("(Partnern)")
        keys("q")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)

        let events = try events()
        XCTAssertEqual(events.map { $0["type"] as? String }, ["intake", "closure", "followUp"])
        guard events.count == 3 else { return }
        XCTAssertTrue(events.allSatisfy { $0["schema"] as? Int == 3 }, "the current schema (3 since issue 17)")
        XCTAssertEqual(data(events[0])["role"] as? String, "perpetrator")
        XCTAssertEqual(data(events[0])["mandate"] as? String, "unknown")
        XCTAssertNil(data(events[0])["protectiveMeasures"], "the victim's fields are not on a perpetrator's intake")
        let t3 = data(events[2])
        XCTAssertEqual(t3["reached"] as? Bool, true)
        XCTAssertEqual(t3["source"] as? String, "partner")
        XCTAssertEqual(t3["partnerReportedNewViolence"] as? String, "no")
        XCTAssertEqual(t3["attempts"] as? Int, 2)
    }

    // (c) a correction of an earlier event shows as corrected in the timeline and in the projection:
    // retracting the only risk assessment, which judged the risk high, takes the case off high risk,
    // in this session and after the journal is replayed by a new one.
    func testRetractionShowsInTheTimelineAndTheProjection() throws {
        try launch()
        newCase("E2E-3", roleSteps: 1)
        save(expect: "E2E-3 · Våldsutsatt")
        keys("b")
        waitFor("Bedömning · E2E-3")
        keys("Tab", "Tab", "Right", "Right", "Right")
        waitFor("FREDA-farlighetsbedömning")
        keys(Array(repeating: "Tab", count: 21))  // all 20 items left unrated, to the worker's judgement
        keys("Right", "Right", "Right")           // hög
        save(expect: "HÖG RISK")

        keys("End", "r")
        waitFor("Makulera")
        keys("Right", "Enter")
        waitFor("Orsak")
        keys("Right")  // the reason field has the focus: the first reason
        save(expect: "[makulerad")
        var screen = screen()
        XCTAssertFalse(screen.contains("HÖG RISK"), screen)
        XCTAssertTrue(screen.contains("ingen riskbedömning"), screen)
        keys("q")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)

        let events = try events()
        XCTAssertEqual(events.map { $0["type"] as? String }, ["intake", "assessment", "correction"])
        guard events.count == 3 else { return }
        XCTAssertEqual(data(events[2])["target"] as? String, events[1]["id"] as? String)
        XCTAssertEqual(data(events[2])["action"] as? String, "retract")
        let status = try Uppfolj.run(["status", journal])
        XCTAssertTrue(status.stdout.contains("högrisk: 0"), status.stdout)

        // A new session replays the journal: the retraction holds there too.
        try session.stopServer()
        try FileManager.default.removeItem(atPath: session.path("status"))
        try launch()
        waitFor("E2E-3")
        keys("Enter")
        screen = waitFor("[makulerad")
        XCTAssertFalse(screen.contains("HÖG RISK"), screen)
        keys("q")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)
    }

    /// Issue 12, item 3, in the real workbench: voiding a case asks first, the voided case stays on
    /// screen as makulerat (a long pasted comment included), and retracting the voiding restores it.
    func testVoidingAsksFirstAndAVoidedCaseCanBeRestored() throws {
        try launch()
        newCase("E2E-V", roleSteps: 1)
        save(expect: "E2E-V · Våldsutsatt")
        keys("End", "r")
        waitFor("Makulera")
        keys("Right", "Enter")
        waitFor("Makulera ärendet?")
        keys("j")
        waitFor("Orsak")
        keys("Right", "Tab")                       // the first reason; then the comment
        type(String(repeating: "x", count: 5_000)) // a paste: the field keeps its 500
        save(expect: "E2E-V · Makulerat")
        XCTAssertTrue(screen().contains("av hl01"), screen())
        let voided = try Uppfolj.run(["status", journal])
        XCTAssertTrue(voided.stdout.contains("Ärenden: 0 (öppna 0, avslutade 0); högrisk: 0; makulerade: 1"), voided.stdout)

        keys("End", "r")
        waitFor("Återställ ärendet?")
        keys("Enter")
        waitFor("Återställ makulerat ärende")
        keys("Right")
        save(expect: "E2E-V · Våldsutsatt · Öppet")
        keys("q")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)

        let events = try events()
        XCTAssertEqual(events.map { $0["type"] as? String }, ["intake", "correction", "correction"])
        guard events.count == 3 else { return }
        XCTAssertEqual(data(events[1])["target"] as? String, events[0]["id"] as? String)
        XCTAssertEqual((data(events[1])["comment"] as? String)?.count, 500)
        XCTAssertEqual(data(events[2])["target"] as? String, events[1]["id"] as? String)
        let status = try Uppfolj.run(["status", journal])
        XCTAssertTrue(status.stdout.contains("Ärenden: 1 (öppna 1"), status.stdout)
    }

    // (d) bad input shows the message in the form and writes nothing.
    func testBadInputShowsMessagesAndWritesNothing() throws {
        try launch()
        newCase("811218-9876", roleSteps: 1)  // deliberately invalid: a Luhn-valid identity number
        keys("F2")
        waitFor("personnummer")
        let written = FileManager.default.fileExists(atPath: journal) ? try events().count : 0
        XCTAssertEqual(written, 0)
        keys("Escape")
        waitFor("Kasta")
        keys("j")
        waitFor("Kod")

        newCase("E2E-4", roleSteps: 1)
        save(expect: "E2E-4 · Våldsutsatt")
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))

        // A rating out of scale: 3 on a yes/no item.
        keys("b")
        waitFor("Bedömning · E2E-4")
        keys("Tab", "Tab", "Right", "Right", "Right")
        waitFor("FREDA-farlighetsbedömning")
        keys("Tab")
        type("3")
        waitFor("utanför skalan")
        keys("Escape")
        waitFor("Kasta")
        keys("j")

        // Closure before intake.
        keys("a")
        waitFor("Avslut (T2) · E2E-4")
        keys(Array(repeating: "BSpace", count: 10))
        type("2020-01-01")
        keys("Tab", "Right", "Tab", "Right")   // a reason and a goal attainment
        keys("F2")
        waitFor("före inskrivningen")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: journal)), before, "nothing written")
        keys("Escape")
        waitFor("Kasta")
        keys("j")
        keys("q")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)
        XCTAssertEqual(try events().map { $0["type"] as? String }, ["intake"])
    }

    // Issue 12's hostile input at the real workbench: a personnummer spelt with an underscore inside
    // a case code (allowed characters, so only the guard stops it) is refused; nothing is written.
    func testPersonnummerInAnotherSpellingIsRefusedInTheForm() throws {
        try launch()
        newCase("K-811218_9876", roleSteps: 1)  // deliberately invalid: a Luhn-valid identity number
        keys("F2")
        // The message itself (the field's hint also says "personnummer").
        let screen = waitFor("Ser ut som ett personnummer")
        XCTAssertTrue(screen.contains("K-811218_9876"), "the form keeps what was typed:\n\(screen)")
        let written = FileManager.default.fileExists(atPath: journal) ? try events().count : 0
        XCTAssertEqual(written, 0)
        keys("Escape")
        waitFor("Kasta")
        keys("j")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)
    }

    // The newcomer's path from the README: open the demo, find a case due for T3 on the due list,
    // record the follow-up. Runs in the repository so --demo copies the shipped sample-data.
    func testDemoDueListLeadsToARecordedT3() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let command = """
            cd \(shellQuoted(repository)) && env LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no TMPDIR=\(shellQuoted(session.path(""))) \
            \(shellQuoted(Uppfolj.binary.path)) --demo --keep-demo --worker hl01; \
            echo $? > \(shellQuoted(session.path("status"))); exec sleep 600
            """
        try session.start(command, width: 100, height: 30)
        waitFor("DEMO")
        keys("?")
        waitFor("Nästa flik (Ärenden, Att göra)")
        keys("Escape", "Tab")
        let dueList = waitFor("T3: försenade")
        let line = try XCTUnwrap(dueList.split(separator: "\n").first { $0.hasPrefix(">") && $0.contains("T3") })
        let code = try XCTUnwrap(line.dropFirst(2).split(separator: " ").first.map(String.init))
        keys("?")
        waitFor("Uppföljning efter avslut (T3)")
        keys("Escape", "u")
        waitFor("Uppföljning efter avslut (T3) · \(code)")
        keys("Tab", "Tab", "Right")   // the client was reached: Ja
        waitFor("Nytt våld sedan avslut")
        keys("F2")
        waitFor("Sparat: Uppföljning efter avslut (T3) · \(code)")
        XCTAssertEqual(quit(), 0)

        let said = waitFor("Demojournalen finns kvar i")
        let demoJournal = try XCTUnwrap(said.split(whereSeparator: \.isWhitespace).first { $0.hasSuffix("/journal") }
            .map(String.init), said)
        XCTAssertTrue(demoJournal.hasPrefix(session.path("")), "the demo works on a temporary copy: \(said)")
        let log = try Uppfolj.run(["log", demoJournal, "--json", "--case", code])
        let last = try XCTUnwrap(log.stdout.split(separator: "\n").last)
        let event = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        XCTAssertEqual(event["type"] as? String, "followUp")
        XCTAssertEqual(event["worker"] as? String, "hl01")
        XCTAssertEqual(data(event)["reached"] as? Bool, true)
        let shipped = repository + "/sample-data/journal"
        XCTAssertEqual(try Uppfolj.run(["log", shipped, "--json", "--case", code]).stdout.split(separator: "\n").count,
                       log.stdout.split(separator: "\n").count - 1, "the shipped sample journal is untouched")
    }

    // The manager view on the demo journal: the period can be switched, an indicator opened, and
    // nothing on screen is a case code.
    func testDashboardOfTheDemoJournalSwitchesPeriod() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let command = """
            cd \(shellQuoted(repository)) && env LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no TMPDIR=\(shellQuoted(session.path(""))) \
            \(shellQuoted(Uppfolj.binary.path)) dashboard --demo --unit 'Enhet Demo' --period 2025Q2; \
            code=$?; stty -a > \(shellQuoted(session.path("stty"))) 2>&1; \
            echo $code > \(shellQuoted(session.path("status"))); exec sleep 600
            """
        // Tall enough for the whole overview (36 indicators in 5 groups, issue 15).
        try session.start(command, width: 100, height: 50)
        var screen = waitFor("◂ 2025Q2 ▸")
        XCTAssertTrue(screen.contains("jämfört med 2025Q1"), screen)
        XCTAssertTrue(screen.contains("Koladas nyckeltal") && screen.contains("Aktualiserade ärenden"), screen)
        keys("Left")
        screen = waitFor("◂ 2025Q1 ▸  jämfört med 2024Q4")
        keys("p")
        screen = waitFor("◂ 2025 ▸  jämfört med 2024")
        // The overview is grouped (Kolada 3, SU-Kvinnofrid 10, victims 1, perpetrators 6, then all
        // cases): indicator 1 is the 21st.
        keys(Array(repeating: "Down", count: 20))
        keys("Enter")
        screen = waitFor("Roll × Kön × Åldersgrupp")
        XCTAssertTrue(screen.contains("1  Aktualiserade ärenden"), screen)
        keys("Right")
        screen = waitFor("◂ 2026 ▸")
        let log = try Uppfolj.run(["log", repository + "/sample-data/journal", "--json"])
        let codes = Set(log.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["case"] as? String
        })
        XCTAssertGreaterThan(codes.count, 100)
        for code in codes where screen.contains(code) { XCTFail("the manager view shows the case code \(code)") }
        keys("q")
        waitFor("Nr   Indikator")
        XCTAssertEqual(quit(), 0)
        try assertTerminalRestored()
        // The temporary copy is gone (it was made in TMPDIR, the session's folder).
        let left = try FileManager.default.contentsOfDirectory(atPath: session.path("")).filter { $0.hasPrefix("uppfolj-demo-") }
        XCTAssertEqual(left, [], "dashboard --demo left its temporary copy behind")
    }

    // The manager view follows a journal that another process appends to: the figures change
    // on screen without a restart, and end equal to an export of the whole journal.
    func testDashboardFollowsAppendsByAnotherProcess() throws {
        let sample = try Uppfolj.run(["sample", "--cases", "120", "--seed", "4", "--until", "2026-06-30", "--out", session.path("s")])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        // First the cases opened before 2025, then the rest (the import checks each case's order).
        try Uppfolj.splitByIntake(journal: session.path("s/journal"), before: "2025-01-01",
                                  first: session.path("first.jsonl"), rest: session.path("rest.jsonl"))
        let journal = session.path("j")
        XCTAssertEqual(try Uppfolj.run(["import", session.path("first.jsonl"), "--journal", journal]).status, 0)

        let command = """
            env LANG=C.UTF-8 SWIFT_BACKTRACE=enable=no \(shellQuoted(Uppfolj.binary.path)) dashboard \(shellQuoted(journal)) \
            --period 2025 --unit 'Enhet Test'; echo $? > \(shellQuoted(session.path("status"))); exec sleep 600
            """
        // Tall enough for indicator 1, below the Kolada and SU-Kvinnofrid groups (issue 15).
        try session.start(command, width: 100, height: 50)
        var screen = waitFor("◂ 2025 ▸")
        let before = try XCTUnwrap(screen.split(separator: "\n").first { $0.contains("Aktualiserade ärenden") })
        XCTAssertTrue(before.hasSuffix(" 0") || before.contains(" 0 "), "no case opened in 2025 yet: \(before)")

        let imported = try Uppfolj.run(["import", session.path("rest.jsonl"), "--journal", journal])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let export = try Uppfolj.run(["export", journal, "--period", "2025", "--format", "json", "--out", "-"])
        let report = try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as! [String: Any]
        let opened = (report["indicators"] as! [[String: Any]]).first { $0["id"] as? String == "opened" }!
        let count = try XCTUnwrap(((opened["headline"] as! [String: Any])["count"] as! [String: Any])["value"] as? Int)
        XCTAssertGreaterThan(count, 0)
        // The view polls the journal every 2 s; wait (bounded) for the new figure.
        screen = session.waitForScreen("the 2025 figure after the import", timeout: 15) { lines in
            lines.contains { $0.contains("Aktualiserade ärenden") && $0.split(separator: " ").dropLast().last == Substring(String(count)) }
        }.joined(separator: "\n")
        keys("q")
        XCTAssertEqual(exitStatus(), 0)
    }

    // Issue 16: the workbench holds no lock between saves, so another process can append (here
    // `uppfolj import`, a writer of its own) while it is open; the case list shows the new cases
    // within 2 s without a key press.
    func testWorkbenchShowsAnotherProcessesAppendsWithoutAKey() throws {
        let sample = try Uppfolj.run(["sample", "--cases", "12", "--seed", "4", "--until", "2026-06-30", "--out", session.path("s")])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        let lines = try Uppfolj.run(["log", session.path("s/journal"), "--json"]).stdout.split(separator: "\n")
        let events = lines.map { (String($0), try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]) }
        let codes = Array(Set(events.map { $0.1["case"] as! String })).sorted()
        let late = Set(codes.suffix(3))
        let first = events.filter { !late.contains($0.1["case"] as! String) }.map(\.0)
        let rest = events.filter { late.contains($0.1["case"] as! String) }.map(\.0)
        try (first.joined(separator: "\n") + "\n").write(toFile: session.path("first.jsonl"), atomically: true, encoding: .utf8)
        try (rest.joined(separator: "\n") + "\n").write(toFile: session.path("rest.jsonl"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try Uppfolj.run(["import", session.path("first.jsonl"), "--journal", journal]).status, 0)
        try launch()
        let shown = screen()
        for code in late { XCTAssertFalse(shown.contains(code), "\(code) is not in the journal yet") }

        let imported = try Uppfolj.run(["import", session.path("rest.jsonl"), "--journal", journal])
        XCTAssertEqual(imported.status, 0, "the open workbench does not hold the journal's lock: \(imported.stderr)")
        let newest = codes.last!
        let start = Date()
        _ = session.waitForScreen("the imported case \(newest) on the case list", timeout: 5) { lines in
            lines.contains { $0.contains(newest) }
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.0, "shown within 2 s")
        XCTAssertEqual(quit(), 0)
    }

    // Issue 16 item 5: `uppfolj --read-only` shows the journal, says it is read-only, refuses a save
    // with that message (the form keeps what was typed) and writes nothing.
    func testReadOnlyWorkbenchSavesNothing() throws {
        let sample = try Uppfolj.run(["sample", "--cases", "6", "--seed", "4", "--until", "2026-06-30", "--out", session.path("s")])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        let lines = try Uppfolj.run(["log", session.path("s/journal"), "--json"]).stdout
        try lines.write(toFile: session.path("all.jsonl"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try Uppfolj.run(["import", session.path("all.jsonl"), "--journal", journal]).status, 0)
        let before = try events().count
        try launch(options: "--read-only")
        waitFor("Skrivskyddad")
        newCase("RO-1", roleSteps: 1)
        keys("F2")
        let screen = waitFor("skrivskyddad och kan inte ändras")
        XCTAssertTrue(screen.contains("RO-1"), "the form keeps what was typed: \(screen)")
        XCTAssertEqual(try events().count, before, "nothing was written")
    }

    // The access log: a worker opens a case, a manager exports; `uppfolj audit` lists both, with
    // no case content.
    func testAccessLogListsCaseOpeningsAndExports() throws {
        let sample = try Uppfolj.run(["sample", "--cases", "20", "--seed", "3", "--until", "2026-06-30", "--out", session.path("s")])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        try FileManager.default.moveItem(atPath: session.path("s/journal"), toPath: journal)
        try FileManager.default.moveItem(atPath: session.path("s/journal.key"), toPath: journal + ".key")
        // The access log goes with them: the journal anchors it (sample recorded its import there).
        try FileManager.default.moveItem(atPath: session.path("s/journal.access"), toPath: journal + ".access")
        try launch()
        keys("Enter")
        let screen = waitFor("Händelser")
        let code = try XCTUnwrap(screen.split(separator: "\n").dropFirst().first?.split(separator: " ").first.map(String.init))
        keys("q")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)
        let export = try Uppfolj.run(["export", journal, "--period", "2025", "--format", "json", "--out", session.path("e.json"),
                                      "--worker", "chef1"])
        XCTAssertEqual(export.status, 0, export.stderr)

        let audit = try Uppfolj.run(["audit", journal])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        let lines = audit.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, audit.stdout)
        XCTAssertTrue(lines[0].contains("läste in"), audit.stdout)
        XCTAssertTrue(lines[1].hasSuffix("hl01  öppnade ärende \(code)"), audit.stdout)
        XCTAssertTrue(lines[2].hasSuffix("chef1  exporterade 2025 json k=5"), audit.stdout)
        let json = try Uppfolj.run(["audit", journal, "--json"])
        XCTAssertTrue(json.stdout.contains("\"action\":\"openCase\""), json.stdout)
    }

    // A resize to 50×12 and back without a crash.
    func testResizeBelowTheMinimumAndBack() throws {
        try launch()
        try session.resize(width: 50, height: 12)
        waitFor("för litet")
        try session.resize(width: 100, height: 30)
        waitFor("Ärenden")
        keys("n")
        waitFor("Nytt ärende")
        try session.resize(width: 50, height: 12)
        waitFor("för litet")
        try session.resize(width: 120, height: 40)
        waitFor("Nytt ärende")
        keys("Escape")
        waitFor("Kod")
        XCTAssertEqual(quit(), 0)
    }

    // The terminal is restored after q, after SIGTERM and after an error.
    func testTerminalIsRestoredAfterQuit() throws {
        try launch()
        XCTAssertEqual(quit(), 0)
        try assertTerminalRestored()
    }

    func testTerminalIsRestoredAfterSIGTERM() throws {
        try launch()
        let shell = try XCTUnwrap(session.panePID())
        let workbench = childProcesses(of: shell, named: "uppfolj")
        XCTAssertEqual(workbench.count, 1, "the workbench runs as the pane shell's child")
        for pid in workbench { XCTAssertEqual(kill(pid, SIGTERM), 0) }
        XCTAssertEqual(exitStatus(), 128 + Int(SIGTERM))
        try assertTerminalRestored()
    }

    func assertTerminalRestored(file: StaticString = #filePath, line: UInt = #line) throws {
        let flags = sttyFlags(try String(contentsOfFile: session.path("stty"), encoding: .utf8))
        for flag in ["icanon", "echo", "isig", "icrnl"] {
            XCTAssertTrue(flags.contains(flag), "tty should be back to \(flag): \(flags.sorted())", file: file, line: line)
        }
    }
}
