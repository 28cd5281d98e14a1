import Foundation
import TerminalKit
import UppfoljApp
import UppfoljCore
import UppfoljReports
import UppfoljSample
import UppfoljStore

/// What the worker sees (issue 20): the workbench's own path without the terminal, on the
/// program's encrypted journal, opened as the workbench opens it (a shared writer).
///
/// - launch → case list: `CaseStore.open` (light KDF; the standard unlock is measured apart) +
///   `AppState` (the case index) + the first frame at 200×60; launch → first frame: the loading
///   frame the workbench draws before the replay (`LoadingScreen`), which needs only the unlock.
/// - F2 → "Sparat": a T1 form on an open case, F2, and what the runner does (`Workbench` in
///   `Sources/uppfolj/UICommand.swift`): validate + seal + durable append, the access-log entry and
///   its anchor, `.projectionChanged`, `.saved`, and the frame, which must show "Sparat".
///   "before" is the path before issue 20 (the index and lists rebuilt from the whole projection,
///   the state keeping its copy of the projection while the store changes its own); "after" is
///   today's. Both in one process on one journal, alternating, so the load is the same.
struct WorkbenchResult: Codable {
    var events: Int
    var cases: Int
    var openToCaseList: Timing
    /// The same with the journal replayed whole (no projection snapshot): the launch before it.
    var openToCaseListReplaying: Timing
    var indexBuild: Timing
    var loadingFrame: Timing
    /// From the start of the open to the moment the key is unlocked (light KDF), after which the
    /// workbench draws the loading frame.
    var openToUnlocked: Timing
    var saveBefore: Latency
    var saveAfter: Latency
    var saveBeforeMax: Double
    /// Of "after": the time in the store (validate, seal, append, access-log entry and anchor).
    var saveAfterStore: Latency
    var saveAfterMax: Double
    /// The first save after the launch (the workbench's path), which also gathers the journal's
    /// event ids from the projection (a duplicate id is refused) when the open started from a snapshot.
    var firstSave: Double
    /// The manager view: read-only open, the facts of every case, the report of the year with
    /// disclosure control, the first frame (`uppfolj dashboard`'s path).
    var openToDashboard: Timing
    var dashboardFacts: Timing
    var dashboardReport: Timing
    /// A keypress in a form's text field holding 200, 2,000 and 20,000 characters: the field's
    /// state (`TextFieldState`) and the window of it the form draws (`TextWindow`), per key.
    var keypress: [Int: Double]
    /// Whether the opens started from the projection snapshot (`CaseStore.snapshotUse`).
    var openedFromSnapshot: Bool
    var peakMB: Double
}

/// When the opening said the key is unlocked (the moment the workbench draws its loading frame).
final class Stamp: @unchecked Sendable {
    // Written by the progress callback, which `CaseStore.open` calls on the calling thread.
    var time = 0.0
}

enum WorkbenchBench {
    static let size = Size(width: 200, height: 60)

    static func run(events target: Int, repetitions: Int, saves: Int) throws -> WorkbenchResult {
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-11-23")!
        var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-bench-wb-XXXXXX").path.utf8CString)
        guard let folderPointer = mkdtemp(&template) else { throw SQLiteDatabase.Failure(description: "mkdtemp") }
        let folder = String(cString: folderPointer)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/journal"
        let passphrase: PassphraseSource = { _ in Passphrase("bench passphrase, not secret") }

        let cases = max(10, Int(Double(target) / 10.8))
        do {
            let events = SampleGenerator(cases: cases, seed: 1, until: until, catalogue: catalogue).events()
            let writer = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, create: true,
                                            passphrase: passphrase, derivation: .demo)
            guard case .imported = try writer.importEvents(events, today: until) else {
                throw SQLiteDatabase.Failure(description: "the import was refused")
            }
        }
        let env = AppEnvironment(catalogue: catalogue, today: until, worker: "hl99")

        // Launch → case list on screen (unlock with the light KDF; replay; index; first frame).
        var store: CaseStore?
        var indexTimes: [Double] = []
        var toUnlocked: [Double] = []
        let launch = try measure(repetitions: repetitions) {
            store = nil
            let began = now()
            let unlocked = Stamp()
            let opened = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, passphrase: passphrase,
                                            sharedWriter: true, progress: { step in if step == .unlocked { unlocked.time = now() } })
            toUnlocked.append(unlocked.time - began)
            let start = now()
            let state = AppState(projection: opened.projection, env: env, size: size)
            indexTimes.append(now() - start)
            _ = view(state, size: size, env: env)
            store = opened
        }
        // The launch as it was before the snapshot: the whole journal replayed, in the same run.
        CaseStore.usesSnapshots = false
        let launchReplaying = try measure(repetitions: repetitions, warmUp: false) {
            let opened = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, passphrase: passphrase, sharedWriter: true)
            _ = view(AppState(projection: opened.projection, env: env, size: size), size: size, env: env)
        }
        CaseStore.usesSnapshots = true
        let loading = measure(repetitions: max(repetitions, 10)) {
            var screen = LoadingState()
            screen.progress(records: 1234, of: 1_000_000)
            _ = loadingView(screen, size: size, env: env)
        }
        guard let store else { throw SQLiteDatabase.Failure(description: "no store") }
        let openedFromSnapshot = store.snapshotUse.loadedFromSnapshot

        // The first save after the launch, on the workbench's path (which gathers the event ids on
        // another thread once its first screen is built).
        var state = AppState(projection: store.projection, env: env, size: size)
        store.gatherEventIdsInBackground()
        let openCodes = store.projection.activeCases.filter { $0.status == .open }.map(\.code)
        guard openCodes.count >= 2 * saves + 1 else { throw SQLiteDatabase.Failure(description: "too few open cases") }
        try openT1(openCodes[openCodes.count / 2], &state, env)
        var firstStart = now()
        try save(&state, store: store, env: env, oldPath: false)
        let firstSave = now() - firstStart

        // The manager view: launch → its first frame.
        let control = try DisclosureControl(minimumCellSize: 5)
        let period = ReportPeriod("2025")!
        var factTimes: [Double] = [], reportTimes: [Double] = []
        let dashboard = try measure(repetitions: repetitions) {
            let reader = try CaseStore.open(path: path, catalogue: catalogue, readOnly: true, passphrase: passphrase)
            firstStart = now()
            let rollup = IndicatorRollup(projection: reader.projection)
            factTimes.append(now() - firstStart)
            firstStart = now()
            let report = try rollup.report(period: period, control: control,
                                           context: ReportContext(unit: "bench", journalHeadHash: reader.eventsHeadHash,
                                                                  programVersion: "bench", asOf: until))
            reportTimes.append(now() - firstStart)
            _ = dashboardView(DashboardState(report: report, source: .journal, size: size), size: size, env: env)
        }

        // A keypress in a long text field.
        var keypress: [Int: Double] = [:]
        for length in [200, 2_000, 20_000] {
            var field = TextFieldState(text: String(repeating: "å", count: length))
            let keys = 2_000
            let start = now()
            for _ in 0..<keys {
                field.handle(.char("x"), kind: .text())
                _ = TextWindow(state: field, width: 60)
            }
            keypress[length] = (now() - start) / Double(keys)
        }

        // F2 → "Sparat", before and after, alternating.
        var before: [Double] = [], after: [Double] = [], afterStore: [Double] = []
        for round in 0..<(2 * saves + 2) {
            let oldPath = round % 2 == 0
            state.rebuildsIndexFully = oldPath
            let code = openCodes[(round * 7919) % openCodes.count]
            try openT1(code, &state, env)
            let start = now()
            let inStore = try save(&state, store: store, env: env, oldPath: oldPath)
            let elapsed = now() - start
            if round >= 2 {
                if oldPath { before.append(elapsed) } else { after.append(elapsed); afterStore.append(inStore) }
            }
        }
        return WorkbenchResult(events: store.projection.eventCount, cases: cases, openToCaseList: launch,
                               openToCaseListReplaying: launchReplaying, indexBuild: Timing(indexTimes),
                               loadingFrame: loading, openToUnlocked: Timing(toUnlocked.suffix(repetitions)), saveBefore: Latency(before), saveAfter: Latency(after),
                               saveBeforeMax: (before.max() ?? 0) * 1000, saveAfterStore: Latency(afterStore), saveAfterMax: (after.max() ?? 0) * 1000,
                               firstSave: firstSave, openToDashboard: dashboard, dashboardFacts: Timing(factTimes.suffix(repetitions)),
                               dashboardReport: Timing(reportTimes.suffix(repetitions)), keypress: keypress,
                               openedFromSnapshot: openedFromSnapshot, peakMB: peakResidentMB())
    }

    /// From wherever the state is, back to the case list, search the code, open the case, `t`.
    static func openT1(_ code: String, _ state: inout AppState, _ env: AppEnvironment) throws {
        func press(_ key: Key) { _ = update(&state, .key(key), env) }
        for _ in 0..<4 where state.scope != .caseList { press(.escape) }
        press(.char("/"))
        for character in code { press(.char(character)) }
        press(.enter)
        press(.home)
        press(.enter)
        guard state.currentCaseCode == code else { throw SQLiteDatabase.Failure(description: "could not open \(code)") }
        press(.char("t"))
        guard state.scope == .form else { throw SQLiteDatabase.Failure(description: "no T1 form on \(code)") }
    }

    /// F2 and what the workbench's runner does with the append, up to the frame showing "Sparat".
    /// Returns the time spent in the store (`record(_:today:access:)`: validate + seal + append, the
    /// access-log entry; two `fdatasync`s, the entry's anchor riding on the next save), the rest
    /// being the app's.
    @discardableResult
    static func save(_ state: inout AppState, store: CaseStore, env: AppEnvironment, oldPath: Bool) throws -> Double {
        let effects = update(&state, .key(.function(2)), env)
        guard case .append(let event)? = effects.first(where: { if case .append = $0 { true } else { false } }) else {
            throw SQLiteDatabase.Failure(description: "F2 gave no append: \(view(state, size: size, env: env).lines().joined(separator: "\n"))")
        }
        if !oldPath { state.lendProjection() }
        let storeStart = now()
        let problems = try store.record(event, today: state.today,
                                        access: AccessRecord(time: env.clock.now().secondsSinceEpoch, worker: env.worker,
                                                             action: .save, caseCode: event.caseCode))
        guard problems.isEmpty else { throw SQLiteDatabase.Failure(description: "refused: \(problems)") }
        let storeTime = now() - storeStart
        if oldPath {
            _ = update(&state, .saved(event.id), env)
            _ = update(&state, .projectionChanged(store.projection), env)
        } else {
            _ = update(&state, .projectionChanged(store.projection), env)
            _ = update(&state, .saved(event.id), env)
        }
        let frame = view(state, size: size, env: env)
        guard frame.lines().contains(where: { $0.contains("Sparat") }) else {
            throw SQLiteDatabase.Failure(description: "no Sparat: \(frame.lines().joined(separator: "\n"))")
        }
        return storeTime
    }

    static func report(_ r: WorkbenchResult) {
        print("""
        \(r.events) events, \(r.cases) cases — workbench (shared writer, encrypted, light KDF), frames at 200×60, peak \(Int(r.peakMB)) MB
          launch → case list    open + index + frame \(r.openToCaseList.text)   of which the index \(r.indexBuild.millis)   \(r.openedFromSnapshot ? "(open from the projection snapshot)" : "(no snapshot: the journal replayed whole)")
                                the same, the journal replayed whole (before the snapshot) \(r.openToCaseListReplaying.text)
          launch → manager view open + facts + report of a year + frame \(r.openToDashboard.text)   of which facts \(r.dashboardFacts.millis), report \(r.dashboardReport.millis)
          launch → first frame  before: the case list (above); after: unlocked \(r.openToUnlocked.millis) + the loading frame \(r.loadingFrame.millis)
          F2 → "Sparat"         before (full rebuild) p50 \(String(format: "%.2f", r.saveBefore.p50)) ms, p99 \(String(format: "%.2f", r.saveBefore.p99)) ms, max \(String(format: "%.2f", r.saveBeforeMax)) ms   after p50 \(String(format: "%.2f", r.saveAfter.p50)) ms, p99 \(String(format: "%.2f", r.saveAfter.p99)) ms, max \(String(format: "%.2f", r.saveAfterMax)) ms   (\(r.saveAfter.count) saves each)
                                of "after", in the store (validate, seal, append, access-log entry: 2 fdatasyncs) p50 \(String(format: "%.2f", r.saveAfterStore.p50)) ms, p99 \(String(format: "%.2f", r.saveAfterStore.p99)) ms
                                the first save after the launch \(String(format: "%.2f", r.firstSave * 1000)) ms
          keypress in a field   \([200, 2_000, 20_000].map { "\($0) characters \(String(format: "%.1f", (r.keypress[$0] ?? 0) * 1e6)) µs" }.joined(separator: ", "))
        """)
    }
}
