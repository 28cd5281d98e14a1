import AppTestSupport
import Foundation
import TerminalKit
import TerminalKitTestSupport
import XCTest
@testable import UppfoljApp
import UppfoljCore
import UppfoljRunner
import UppfoljStore

/// The real program loop (`Runner` with `Workbench`) on an in-memory terminal over a real journal
/// in a temporary folder: what the worker sees when a durable save fails, is refused, when the
/// terminal is resized in the middle of a form, and when another worker appends (issue 18 item 1).
final class WorkbenchRunnerTests: JournalFolderTestCase {
    static let today = Day(iso: "2024-06-01")!

    static func event(_ code: String, _ date: String, _ body: EventBody, id: UInt64) -> Event {
        let day = Day(iso: date)!
        return Event(id: EventID(high: 0xAB, low: id), caseCode: code, recordedAt: FixedClock(day: day).now(),
                     effectiveDate: day, worker: "hl01", body: body)
    }

    static func intake(_ code: String, _ date: String, id: UInt64) -> Event {
        var intake = Intake(role: .victim)
        intake.sex = .female
        intake.birthYear = 1985
        intake.violenceTypes = [.physical, .psychological]
        return event(code, date, .intake(intake), id: id)
    }

    /// One victim case, T-1, assessed and in a supportive-talks intervention (a T1 can be recorded).
    static let journal: [Event] = [
        intake("T-1", "2024-01-10", id: 1),
        event("T-1", "2024-01-12", .assessment(Assessment(
            instrument: InstrumentRef(id: "freda-farlighet", version: "2014"), timePoint: .intake,
            ratings: [ItemRating(item: "F1", value: 1), ItemRating(item: "F2", value: 0)],
            judgements: [JudgementValue(judgement: "risk", value: "hog")])), id: 2),
        event("T-1", "2024-01-15", .interventionStarted(InterventionStart(interventionId: "I1", type: .supportiveTalks)), id: 3),
    ]

    /// A journal with `journal` in it, opened as a workbench opens it (several writers).
    func openStore() throws -> CaseStore {
        let store = try CaseStore.open(path: path, catalogue: Self.catalogue, readOnly: false, create: true, sharedWriter: true)
        if store.projection.eventCount == 0 { _ = try store.importEvents(Self.journal, today: Self.today) }
        return store
    }

    func env(clock: any AppClock = FixedClock(day: today)) -> AppEnvironment {
        AppEnvironment(catalogue: Self.catalogue, clock: clock, ids: CountingIDs(), language: .sv, worker: "hl01", demo: false)
    }

    /// Events in the journal as a fresh process reads it from disk.
    func eventsOnDisk() throws -> Int {
        try CaseStore.open(path: path, catalogue: Self.catalogue, readOnly: true).projection.eventCount
    }

    // MARK: Saves

    func testADurableSaveShowsSparatAndIsInTheJournal() throws {
        let session = Session(try openStore(), env: env())
        try session.fillT1()
        try session.run([.key(.function(2))])
        XCTAssertTrue(session.screen.contains("Sparat: Uppföljning under insats (T1) · T-1"), session.screen)
        XCTAssertEqual(try eventsOnDisk(), Self.journal.count + 1)
    }

    func testASaveWhoseAppendFailsShowsTheFailureAndNeverSparat() throws {
        let journal = ScriptedJournal(try openStore())
        journal.failure = StoreError(Localized(sv: "Disken är full.", en: "The disk is full."))
        let session = Session(journal, env: env())
        try session.fillT1()
        let before = session.terminal.frames.count
        try session.run([.key(.function(2)), .pause, .key(.down)])
        let after = session.terminal.frames[before...].map { text($0) }
        XCTAssertFalse(after.contains { $0.contains("Sparat") }, "no frame after a failed append says Sparat")
        XCTAssertTrue(after[1].contains("! Kunde inte spara: Disken är full. Formuläret finns kvar."), after[1])
        XCTAssertEqual(journal.saves, 1)
        let form = try XCTUnwrap(session.workbench.state.topForm, "the form stays")
        XCTAssertFalse(form.isSaving)
        XCTAssertEqual(form.values.tri(.violenceSinceLast), .yes, "what was typed is kept")
        XCTAssertEqual(try eventsOnDisk(), Self.journal.count, "nothing was appended")
        // Once the disk has room again, the same form saves.
        journal.failure = nil
        try session.run([.key(.function(2))])
        XCTAssertTrue(session.screen.contains("Sparat: Uppföljning under insats (T1) · T-1"), session.screen)
        XCTAssertEqual(try eventsOnDisk(), Self.journal.count + 1)
    }

    func testARefusedSaveKeepsWhatWasTypedAndShowsWhy() throws {
        let journal = ScriptedJournal(try openStore())
        journal.refusal = [Problem(code: "x", field: .violenceTypes, message: Localized(sv: "Fel i våldsformer.", en: "Wrong types."))]
        let session = Session(journal, env: env())
        try session.fillT1()
        let before = session.terminal.frames.count
        try session.run([.key(.function(2))])
        XCTAssertFalse(session.terminal.frames[before...].contains { text($0).contains("Sparat") })
        let form = try XCTUnwrap(session.workbench.state.topForm)
        XCTAssertEqual(form.values.tri(.violenceSinceLast), .yes)
        XCTAssertEqual(form.values.checked(.violenceTypes), [0])
        XCTAssertEqual(form.focusedId, .violenceTypes, "the problem's field has the focus")
        XCTAssertTrue(session.screen.contains("! Fel i våldsformer."), session.screen)
        XCTAssertEqual(try eventsOnDisk(), Self.journal.count)
    }

    func testASaveShowsItsFrameBeforeTheKeysTypedAfterIt() throws {
        let session = Session(try openStore(), env: env())
        try session.fillT1()
        let before = session.terminal.frames.count
        // Typed ahead in one burst: the save ends the burst, a frame with "Sparat" is drawn, then Esc.
        try session.run([.key(.function(2)), .key(.escape)])
        let after = session.terminal.frames[before...].map { text($0) }
        XCTAssertEqual(after.count, 3, "the first frame, the frame after the save, the frame after Esc")
        XCTAssertTrue(after[1].contains("Sparat"), after[1])
    }

    func testAPasteIsHandledInOneFrame() throws {
        let session = Session(try openStore(), env: env())
        try session.run([.key(.tab), .key(.char("/"))])
        let before = session.terminal.frames.count
        try session.run("T-1xyz".map { .key(.char($0)) })
        XCTAssertEqual(session.terminal.frames.count - before, 2, "one frame before the keys, one after all of them")
        XCTAssertTrue(session.screen.contains("T-1xyz"), session.screen)
    }

    // MARK: Resize

    func testAResizeInTheMiddleOfAFormRedrawsAndKeepsTheForm() throws {
        let session = Session(try openStore(), env: env())
        try session.fillT1()
        let wide = Size(width: 120, height: 40)
        try session.run([.resize(wide)])
        XCTAssertEqual(session.terminal.forcedRedraws, 1)
        XCTAssertEqual(session.terminal.lastFrame.size, wide)
        XCTAssertEqual(session.workbench.state.size, wide)
        let form = try XCTUnwrap(session.workbench.state.topForm)
        XCTAssertEqual(form.values.tri(.violenceSinceLast), .yes)
        XCTAssertEqual(form.values.checked(.violenceTypes), [0])
        XCTAssertTrue(session.screen.contains("T1"), session.screen)
        // And it still saves at the new size.
        try session.run([.key(.function(2))])
        XCTAssertTrue(session.screen.contains("Sparat"), session.screen)
        XCTAssertEqual(try eventsOnDisk(), Self.journal.count + 1)
    }

    // MARK: Others' saves

    func testAJournalAppendedByAnotherWriterShowsUpOnTheTick() throws {
        let session = Session(try openStore(), env: env())
        try session.run([.key(.tab)])   // the case list
        XCTAssertFalse(session.screen.contains("T-9"))
        let other = try CaseStore.open(path: path, catalogue: Self.catalogue, readOnly: false, sharedWriter: true)
        XCTAssertEqual(try other.record(Self.intake("T-9", "2024-05-30", id: 90), today: Self.today), [])
        try session.run([.key(.char("j"))])   // a key is not the tick: nothing is read from the journal
        XCTAssertFalse(session.screen.contains("T-9"), session.screen)
        try session.run([.pause])   // nothing typed for 500 ms
        XCTAssertTrue(session.screen.contains("T-9"), session.screen)
        XCTAssertEqual(session.terminal.timeouts.first, Workbench.followMs)
    }

    func testAFailedCatchUpIsShownNotFatal() throws {
        let journal = ScriptedJournal(try openStore())
        journal.catchUpFailure = StoreError(Localized(sv: "Journalen är skadad.", en: "The journal is damaged."))
        let session = Session(journal, env: env())
        try session.run([.pause])
        XCTAssertTrue(session.screen.contains("Andras ändringar kunde inte läsas in: Journalen är skadad."), session.screen)
    }

    // MARK: Idle lock and quitting

    func testTheIdleLockFollowsTheInjectedClockOnTheTick() throws {
        let start = FixedClock(day: Self.today).now()
        let clock = ManualClock(start)
        var env = env(clock: clock)
        env.idleLockSeconds = 600
        let journal = ScriptedJournal(try openStore())
        let session = Session(journal, env: env)
        try session.run([.pause])
        XCTAssertNil(session.workbench.state.lock, "not yet")
        clock.set(Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 601))
        try session.run([.pause])
        XCTAssertNotNil(session.workbench.state.lock, "locked after ten quiet minutes")
        try session.run("fel".map { .key(.char($0)) } + [.key(.enter)])
        XCTAssertNotNil(session.workbench.state.lock, "a wrong passphrase keeps it locked")
        XCTAssertEqual(journal.passphrasesTried, 1)
        try session.run("rätt".map { .key(.char($0)) } + [.key(.enter)])
        XCTAssertNil(session.workbench.state.lock)
        XCTAssertEqual(journal.passphrasesTried, 2)
    }

    func testQuitEndsTheLoopAndKeysAfterItAreNotRead() throws {
        let session = Session(try openStore(), env: env())
        session.terminal.append([.key(.char("q")), .key(.char("/"))])
        try session.workbench.run(on: session.terminal)
        XCTAssertFalse(session.terminal.isInputClosed, "the loop ended on q, not on the end of input")
    }
}

/// A test with a temporary folder for its journal (removed afterwards).
class JournalFolderTestCase: XCTestCase {
    static let catalogue = try! InstrumentCatalogue.builtIn()
    private(set) var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    var path: String { folder.appendingPathComponent("journal").path }
}

/// A workbench on an in-memory terminal; each `run` plays more input through the real loop until
/// it is used up.
final class Session {
    let terminal = MemoryTerminal(size: Size(width: 80, height: 24))
    let workbench: Workbench

    init(_ journal: any WorkbenchJournal, env: AppEnvironment) {
        workbench = Workbench(store: journal, env: env, size: terminal.size)
    }

    func run(_ inputs: [MemoryTerminal.Input]) throws {
        terminal.append(inputs)
        try workbench.run(on: terminal)
    }

    var screen: String { text(terminal.lastFrame) }
    var state: AppState { workbench.state }

    /// Opens T-1 from the case list and fills a T1: violence since last time, physical.
    func fillT1(file: StaticString = #filePath, line: UInt = #line) throws {
        try run([.key(.tab), .key(.char("/"))] + "T-1".map { .key(.char($0)) } + [.key(.enter), .key(.home), .key(.enter)])
        XCTAssertEqual(state.currentCaseCode, "T-1", file: file, line: line)
        try run([.key(.char("t"))])
        try focus(.violenceSinceLast, file: file, line: line)
        for _ in 0..<4 where state.topForm?.values.tri(.violenceSinceLast) != .yes { try run([.key(.right)]) }
        try focus(.violenceTypes, file: file, line: line)
        try run([.key(.char(" "))])
        XCTAssertEqual(state.topForm?.values.tri(.violenceSinceLast), .yes, file: file, line: line)
        XCTAssertEqual(state.topForm?.values.checked(.violenceTypes), [0], file: file, line: line)
    }

    func focus(_ id: FieldPath, file: StaticString = #filePath, line: UInt = #line) throws {
        for _ in 0..<400 {
            if state.topForm?.focusedId == id { return }
            try run([.key(.tab)])
        }
        XCTFail("no field \(id)", file: file, line: line)
    }
}

/// The real store, with saves that fail or are refused, and a passphrase check, as a test says.
final class ScriptedJournal: WorkbenchJournal {
    let store: CaseStore
    var failure: (any Error)?
    var refusal: [Problem] = []
    var catchUpFailure: (any Error)?
    private(set) var saves = 0
    private(set) var passphrasesTried = 0

    init(_ store: CaseStore) { self.store = store }

    var projection: Projection { store.projection }
    var recordCount: Int { store.recordCount }
    var openNotice: Localized? { store.openNotice }
    var isReadOnly: Bool { store.isReadOnly }

    func record(_ event: Event, today: Day, seenRecords: Int?) throws -> [Problem] {
        saves += 1
        if let failure { throw failure }
        if !refusal.isEmpty { return refusal }
        return try store.record(event, today: today, seenRecords: seenRecords)
    }

    func catchUp() throws -> [String] {
        if let catchUpFailure { throw catchUpFailure }
        return try store.catchUp()
    }

    func logAccess(_ entry: AccessRecord) throws { try store.logAccess(entry) }

    func opensOwnKeySlot(_ passphrase: Passphrase) throws -> Bool {
        passphrasesTried += 1
        return passphrase == Passphrase("rätt")
    }
}

func text(_ buffer: Buffer) -> String { buffer.lines().joined(separator: "\n") }
