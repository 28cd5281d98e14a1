// uppfolj-bench: the performance budget (docs/benchmarks.md), measured side by side with SQLite.
//
//   swift run -c release uppfolj-bench [--events 10000,100000,1000000] [--reps 5] [--json FILE]
//   swift run -c release uppfolj-bench --contention 8 [--saves 500] [--lock block|poll|both] [--rounds R] [--access-log [old|new|both]]
//                                                                      (several writers: Contention.swift)
//
// Each size runs in its own child process (so peak memory is per size): it generates a synthetic
// journal of about that many events, loads the same payloads into SQLite (WAL), and measures
// import, open + replay, durable appends, the indicator rollup and report, SQL GROUP BY baselines,
// and one frame of the case list and of the manager overview at 200×60.
import CProcessHardening
import Foundation
import TerminalKit
import UppfoljApp
import UppfoljCore
import UppfoljJournal
import UppfoljReports
import UppfoljSample
import UppfoljStore

// The workbench's measurements run as the workbench does (`uppfolj ui`, malloc_policy.h): large
// blocks freed go back to the system. The one-shot commands' measurements as they run.
if CommandLine.arguments.contains("--workbench") { _ = uppfolj_fix_mmap_threshold() }

struct SizeResult: Codable {
    var events: Int
    var cases: Int
    var journalMB: Double
    var sqliteMB: Double
    var importJournalEventsPerSecond: Double
    var importSQLiteEventsPerSecond: Double
    var replayJournal: Timing
    var replayJournalMBPerSecond: Double
    var replaySQLite: Timing
    var replayRatio: Double
    var appendJournal: Latency
    var appendSQLite: Latency
    var appendRatioP50: Double
    var rollupFacts: Timing
    var reportFull: Timing
    var refreshOneCase: Timing
    var rollupIncremental: Timing
    var rollupIncrementalNewCase: Timing
    var countsOurs: Timing
    var countsSQL: Timing
    var countsRatio: Double
    var frameCaseList: Timing
    var frameOverview: Timing
    var peakMB: Double
    /// The same events through the program's encrypted path.
    var encrypted: EncryptedResult
    var replayEncryptedRatio: Double
}

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
}
if arguments.contains("--help") || arguments.contains("-h") {
    print("""
    uppfolj-bench: the performance budget (docs/benchmarks.md), measured side by side with SQLite.

    usage: swift run -c release uppfolj-bench [--events N,N,...] [--reps R] [--json FILE] [--keep DIR]

      --events N,N,...  journal sizes in events (default 10000,100000,1000000); each in its own process
      --reps R          repetitions after one warm-up (default 5; at 1M and above R-2, at least 3)
      --json FILE       also write the results as JSON (docs/benchmarks.json)
      --keep DIR        keep each generated journal as DIR/journal-<events> to measure the program on it
      --only STEP,...   only these steps of the run, per size, in this process (for comparing two builds
                        quickly): replay (plain open + replay), fold and fold-bytes (the journal's events
                        decoded and folded, each re-encoded or its record's bytes kept), sqlite (SQLite
                        replay), facts, report;
                        each with its CPU time beside the wall clock (default size 1000000)
      --postgres URL    the journal in PostgreSQL beside the file and SQLite (--events N,N; default 100000):
                        import, open + replay, durable append p50/p99; URL may create databases
      --workbench N,N   only what the worker sees, per size: launch → case list and → first frame,
                        F2 → "Sparat" before/after issue 20 (--saves S of each, default 100)
      --contention W    W writer processes saving at once to one journal: save latency p50/p99/max
                        (--saves S each, default 500; --lock block|poll|both, --rounds R alternate the
                        lock waits; --access-log [old|new|both] times the worker's whole save with its
                        access entry, as before issue 16's last latency work or now, or both alternately
                        (or a list such as store,old,new; store: the store's save alone);
                        --access-entries N fills the access log with N entries first)
      --releases N      the real `uppfolj export` of a year (release build beside this one) as the release
                        register grows to N earlier releases (--events E, default 1000000; one journal)
      -h, --help        this text
    """)
    exit(0)
}
let repetitions = Int(option("--reps") ?? "") ?? 5

// Some steps of the main run (Only.swift): --only replay,facts --events N,N.
if let only = option("--only") {
    let steps = only.split(separator: ",").map(String.init)
    guard !steps.isEmpty, steps.allSatisfy(OnlySteps.all.contains) else {
        FileHandle.standardError.write(Data("--only takes \(OnlySteps.all.joined(separator: ", "))\n".utf8))
        exit(64)
    }
    for size in (option("--events") ?? "1000000").split(separator: ",").compactMap({ Int($0) }) {
        try OnlySteps.run(events: size, steps: steps, repetitions: repetitions)
    }
    exit(0)
}

if let index = arguments.firstIndex(of: "--contention-writer"), arguments.count > index + 5,
   let worker = Int(arguments[index + 2]), let saves = Int(arguments[index + 3]) {
    try Contention.writer(path: arguments[index + 1], worker: worker, saves: saves, lock: arguments[index + 4],
                          accessLog: arguments[index + 5])
    exit(0)
}
// The release register's cost (Releases.swift): --releases N [--events E].
if let releases = option("--releases").flatMap(Int.init) {
    try ReleasesBench.run(releases: releases, events: Int(option("--events") ?? "") ?? 1_000_000)
    exit(0)
}
// The journal in PostgreSQL beside the file and SQLite (Postgres.swift): --postgres URL --events N,N.
if let url = option("--postgres") {
    try PostgresBench.run(url: url, sizes: (option("--events") ?? "100000").split(separator: ",").compactMap { Int($0) },
                          repetitions: repetitions)
    exit(0)
}
if let writers = option("--contention").flatMap(Int.init) {
    let lock = option("--lock") ?? "block"
    guard ["block", "poll", "both"].contains(lock) else {
        FileHandle.standardError.write(Data("--lock is block, poll or both\n".utf8))
        exit(64)
    }
    // --access-log [old|new|both|LIST]: the worker's whole save (default new); absent: the store's
    // save only. LIST: a comma-separated choice of store, old and new, run in that order each round.
    var accessLogs = ["-"]
    if let index = arguments.firstIndex(of: "--access-log") {
        let next = index + 1 < arguments.count ? arguments[index + 1] : ""
        let list = (next == "both" ? "old,new" : next).split(separator: ",").map { $0 == "store" ? "-" : String($0) }
        accessLogs = !list.isEmpty && list.allSatisfy({ ["-", "old", "new"].contains($0) }) ? list : ["new"]
    }
    try Contention.run(writers: writers, saves: Int(option("--saves") ?? "") ?? 500,
                       locks: lock == "both" ? ["poll", "block"] : [lock], rounds: Int(option("--rounds") ?? "") ?? 1,
                       accessLogs: accessLogs,
                       accessEntries: Int(option("--access-entries") ?? "") ?? 0)
    exit(0)
}

// What the worker sees (Workbench.swift): --workbench N,N,... runs each size in its own process.
if let single = option("--workbench-single").flatMap(Int.init) {
    let result = try WorkbenchBench.run(events: single, repetitions: repetitions, saves: Int(option("--saves") ?? "") ?? 100)
    FileHandle.standardOutput.write(try JSONEncoder().encode(result) + Data("\n".utf8))
    exit(0)
}
if let list = option("--workbench") {
    print("uppfolj-bench --workbench on \(ProcessInfo.processInfo.activeProcessorCount) cores; \(repetitions) opens after one warm-up; times are medians (min–max)")
    var results: [WorkbenchResult] = []
    for size in list.split(separator: ",").compactMap({ Int($0) }) {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        child.arguments = ["--workbench-single", String(size), "--reps", String(size >= 1_000_000 ? max(2, repetitions - 2) : repetitions),
                           "--saves", option("--saves") ?? "100"]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        guard child.terminationStatus == 0, let result = try? JSONDecoder().decode(WorkbenchResult.self, from: output) else {
            FileHandle.standardError.write(Data("size \(size) failed (status \(child.terminationStatus))\n".utf8))
            exit(1)
        }
        WorkbenchBench.report(result)
        results.append(result)
    }
    if let path = option("--json") {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: URL(fileURLWithPath: path))
        print("wrote \(path)")
    }
    exit(0)
}

if let single = option("--single").flatMap(Int.init) {
    let result = try runSize(events: single, repetitions: repetitions)
    let data = try JSONEncoder().encode(result)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
    exit(0)
}

let sizes = (option("--events") ?? "10000,100000,1000000").split(separator: ",").compactMap { Int($0) }
var results: [SizeResult] = []
let machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_048_576) MB RAM"
print("uppfolj-bench on \(machine); \(repetitions) repetitions after one warm-up; times are medians (min–max)")
for size in sizes {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    child.arguments = ["--single", String(size), "--reps", String(size >= 1_000_000 ? max(3, repetitions - 2) : repetitions)]
        + (option("--keep").map { ["--keep", $0] } ?? [])
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    child.waitUntilExit()
    guard child.terminationStatus == 0, let result = try? JSONDecoder().decode(SizeResult.self, from: output) else {
        FileHandle.standardError.write(Data("size \(size) failed (status \(child.terminationStatus))\n".utf8))
        exit(1)
    }
    results.append(result)
    report(result)
}
if let path = option("--json") {
    struct Output: Codable {
        var machine: String
        var repetitions: Int
        var command: String
        var results: [SizeResult]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let command = "swift run -c release uppfolj-bench " + CommandLine.arguments.dropFirst().joined(separator: " ")
    try encoder.encode(Output(machine: machine, repetitions: repetitions, command: command, results: results))
        .write(to: URL(fileURLWithPath: path))
    print("wrote \(path)")
}
if results.count > 1 {
    print("\ngrowth (time per event relative to the smallest size; 1.0 = linear):")
    let base = results[0]
    for result in results.dropFirst() {
        let scale = Double(result.events) / Double(base.events)
        func growth(_ a: Double, _ b: Double) -> String { String(format: "%.2f", (b / a) / scale) }
        print("  \(result.events) events: replay \(growth(base.replayJournal.median, result.replayJournal.median)), "
              + "facts \(growth(base.rollupFacts.median, result.rollupFacts.median)), "
              + "report \(growth(base.reportFull.median, result.reportFull.median)), "
              + "SQLite replay \(growth(base.replaySQLite.median, result.replaySQLite.median))")
    }
}

func report(_ r: SizeResult) {
    print("""

        \(r.events) events, \(r.cases) cases — journal \(String(format: "%.1f", r.journalMB)) MB, SQLite \(String(format: "%.1f", r.sqliteMB)) MB, peak \(String(format: "%.0f", r.peakMB)) MB
          bulk import        journal \(Int(r.importJournalEventsPerSecond)) ev/s   SQLite \(Int(r.importSQLiteEventsPerSecond)) ev/s
          open + replay      journal \(r.replayJournal.text) (\(String(format: "%.0f", r.replayJournalMBPerSecond)) MB/s)   SQLite \(r.replaySQLite.text)   ratio \(String(format: "%.2f", r.replayRatio))
          encrypted          import (validate + seal + append) \(Int(r.encrypted.importEventsPerSecond)) ev/s   open + replay \(r.encrypted.replay.text) (\(String(format: "%.0f", r.encrypted.replayMBPerSecond)) MB/s, ratio to SQLite \(String(format: "%.2f", r.replayEncryptedRatio)))
                             save (validate + seal + fdatasync) \(r.encrypted.append.text)   unlock (scrypt 2^17, once per start) \(r.encrypted.unlock.text)
                             physical floor of the journal file: read \(String(format: "%.3f", r.encrypted.floor.read)) s, SHA-256 \(String(format: "%.3f", r.encrypted.floor.sha256)) s, AES-256-GCM \(String(format: "%.3f", r.encrypted.floor.aesGCM)) s (one core each; \(String(format: "%.3f", r.encrypted.floor.onAllCores)) s on \(ProcessInfo.processInfo.activeProcessorCount) cores)
                             open from the projection snapshot \(r.encrypted.snapshotOpen?.text ?? "– (no snapshot below the size the program writes one)")\(r.encrypted.openWritingSnapshot.map { String(format: "   first open, writing it: %.3f s", $0) } ?? "")\(r.encrypted.snapshotMB.map { String(format: " (%.1f MB)", $0) } ?? "")
          durable append     journal \(r.appendJournal.text)   SQLite \(r.appendSQLite.text)   ratio p50 \(String(format: "%.2f", r.appendRatioP50))
          indicators         facts for every case \(r.rollupFacts.text)   report (the built-in catalogue's \(IndicatorCatalogue.builtIn.indicators.count) indicators, 2 periods, suppression) \(r.reportFull.text)
          after one append   refresh the case's facts \(r.refreshOneCase.millis)   + new report \(r.rollupIncremental.millis)   a new case in the period + new report \(r.rollupIncrementalNewCase.millis)
          raw counts 1 + 3   ours \(r.countsOurs.millis)   SQL GROUP BY \(r.countsSQL.millis)   ratio \(String(format: "%.2f", r.countsRatio))
          frame 200×60       case list \(r.frameCaseList.millis)   manager overview \(r.frameOverview.millis)
        """)
}

func runSize(events target: Int, repetitions: Int) throws -> SizeResult {
    let catalogue = try InstrumentCatalogue.builtIn()
    let until = Day(iso: "2026-11-23")!
    var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-bench-XXXXXX").path.utf8CString)
    guard let folderPointer = mkdtemp(&template) else { throw SQLiteDatabase.Failure(description: "mkdtemp") }
    let folder = String(cString: folderPointer)
    defer {
        // --keep DIR: keep the generated journal (DIR/journal-<events>) for measuring the program itself.
        if let keep = option("--keep") {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            let kept = keep + "/journal-\(target)"
            try? FileManager.default.removeItem(atPath: kept)
            try? FileManager.default.moveItem(atPath: folder + "/journal", toPath: kept)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    // The synthetic journal: about 10.8 events per case.
    let cases = max(10, Int(Double(target) / 10.8))
    let events = SampleGenerator(cases: cases, seed: 1, until: until, catalogue: catalogue).events()
    let payloads = events.map { EventBinaryCodec.encode($0) }

    // Bulk import: the journal (chunks of 10,000 records, each chunk one durable batch) …
    let journalPath = folder + "/journal"
    let journal = try Journal.open(path: journalPath, mode: .readWrite, create: true)
    let start = now()
    for chunk in stride(from: 0, to: payloads.count, by: 10_000) {
        try journal.append(contentsOf: payloads[chunk..<min(payloads.count, chunk + 10_000)].map { (RecordKind.data, $0) })
    }
    let importJournal = Double(payloads.count) / (now() - start)
    journal.close()

    // … and SQLite: one row per event with the same payload, WAL, synchronous=FULL, one transaction per chunk.
    let sqlitePath = folder + "/events.sqlite"
    let (db, importSQLite) = try SQLiteDatabase.importing(payloads, at: sqlitePath)
    try db.exec("PRAGMA wal_checkpoint(TRUNCATE)")

    let journalBytes = Double((try FileManager.default.attributesOfItem(atPath: journalPath)[.size] as? Int) ?? 0)
    let sqliteBytes = Double((try FileManager.default.attributesOfItem(atPath: sqlitePath)[.size] as? Int) ?? 0)

    // Open + replay into the projection (the journal also verifies its whole hash chain).
    var store: CaseStore?
    let replayJournal = try measure(repetitions: repetitions) {
        store = nil
        store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true)
    }
    let select = try db.prepare("SELECT payload FROM events ORDER BY seq")
    var sqliteProjection: Projection?
    let replaySQLite = try measure(repetitions: repetitions) {
        sqliteProjection = nil
        var projection = Projection(catalogue: catalogue)
        select.reset()
        while try select.step() { projection.apply(try EventBinaryCodec.decode(select.blob(0))) }
        sqliteProjection = projection
    }
    guard let store, sqliteProjection?.eventCount == store.projection.eventCount else {
        throw SQLiteDatabase.Failure(description: "the two replays disagree")
    }

    let (encrypted, _) = try measureEncrypted(events: events, folder: folder, catalogue: catalogue, until: until,
                                              repetitions: repetitions)

    // Durable single appends (fsync each) on a fresh journal vs autocommit inserts with synchronous=FULL.
    let appendEvents = Array(payloads.prefix(200))
    let small = try Journal.open(path: folder + "/append-journal", mode: .readWrite, create: true)
    var journalLatencies: [Double] = []
    for payload in appendEvents {
        let t = now()
        try small.append(kind: .data, payload: payload)
        journalLatencies.append(now() - t)
    }
    small.close()
    let appendDB = try SQLiteDatabase(path: folder + "/append.sqlite")
    try appendDB.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE events (seq INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
    let appendInsert = try appendDB.prepare("INSERT INTO events (payload) VALUES (?)")
    var sqliteLatencies: [Double] = []
    for payload in appendEvents {
        let t = now()
        appendInsert.bind(1, payload)
        try appendInsert.step()
        appendInsert.reset()
        sqliteLatencies.append(now() - t)
    }

    // Rollup of every indicator + the report (both periods, disclosure control) for 2025.
    let control = try DisclosureControl(minimumCellSize: 5)
    let context = ReportContext(unit: "bench", journalHeadHash: store.headHash, programVersion: "bench", asOf: until)
    let period = ReportPeriod("2025")!
    var rollup = IndicatorRollup(projection: store.projection)
    let rollupFacts = measure(repetitions: repetitions) { rollup = IndicatorRollup(projection: store.projection) }
    var lastReport: Report?
    // From the facts alone (a rollup keeps its counts between reports, so not `rollup.report`).
    let fullBuilder = ReportBuilder(instruments: catalogue, control: control)
    let reportFull = try measure(repetitions: repetitions) {
        lastReport = try fullBuilder.report(facts: rollup.allFacts, period: period, context: context)
    }
    lastReport = try rollup.report(period: period, control: control, context: context)
    // After one append: fold the event, refresh that case's facts (and report again).
    var projection = store.projection
    let openCase = projection.activeCases.last { $0.status == .open }!.code
    func appendOne() {
        let event = Event(caseCode: openCase, effectiveDate: until, worker: "bench", body: .duringFollowUp(DuringFollowUp()))
        projection.apply(event)
        rollup.refresh(openCase, in: projection)
    }
    let refreshOneCase = measure(repetitions: max(repetitions, 20)) { appendOne() }
    let rollupIncremental = try measure(repetitions: max(repetitions, 20)) {
        appendOne()
        lastReport = try rollup.report(period: period, control: control, context: context)
    }
    // An append that changes the figures: a new case's intake in the period (the count of cases
    // opened, and every table sharing it, changes).
    var newCases = 0
    let rollupIncrementalNewCase = try measure(repetitions: max(repetitions, 20)) {
        newCases += 1
        let code = "BENCH-\(newCases)"
        projection.apply(Event(caseCode: code, effectiveDate: Day(year: 2025, month: 6, day: 2)!, worker: "bench",
                               body: .intake(Intake(role: newCases % 2 == 0 ? .victim : .perpetrator))))
        rollup.refresh(code, in: projection)
        lastReport = try rollup.report(period: period, control: control, context: context)
    }

    // The raw counts of indicators 1 (role × sex × age band) and 3 (closure reasons) vs SQL GROUP BY
    // over a facts table in SQLite.
    let facts = rollup.allFacts
    let builder = ReportBuilder(instruments: catalogue, control: control)
    let countsOurs = measure(repetitions: repetitions) {
        _ = builder.rawCells("opened", facts: facts, period: period, asOf: until)
        _ = builder.rawCells("goal-reached", facts: facts, period: period, asOf: until)
    }
    try db.exec("CREATE TABLE facts (role TEXT, sex TEXT, age TEXT, intake TEXT, closure TEXT, reason TEXT)")
    let factInsert = try db.prepare("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?)")
    try db.exec("BEGIN")
    for fact in facts {
        factInsert.bind(1, fact.role.rawValue); factInsert.bind(2, fact.sex.rawValue); factInsert.bind(3, fact.ageBand.rawValue)
        factInsert.bind(4, fact.intakeDate.iso); factInsert.bind(5, fact.closureDate?.iso ?? ""); factInsert.bind(6, fact.closureReason?.rawValue ?? "")
        try factInsert.step()
        factInsert.reset()
    }
    try db.exec("COMMIT")
    let queries = [
        "SELECT role, sex, age, count(*) FROM facts WHERE intake BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY role, sex, age",
        "SELECT role, sex, count(*) FROM facts WHERE intake BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY role, sex",
        "SELECT role, age, count(*) FROM facts WHERE intake BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY role, age",
        "SELECT sex, age, count(*) FROM facts WHERE intake BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY sex, age",
        "SELECT role, count(*) FROM facts WHERE intake BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY role",
        "SELECT sex, count(*) FROM facts WHERE intake BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY sex",
        "SELECT age, count(*) FROM facts WHERE intake BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY age",
        "SELECT reason, count(*) FROM facts WHERE closure BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY reason",
    ].map { try! db.prepare($0) }
    let countsSQL = try measure(repetitions: repetitions) {
        for query in queries {
            query.reset()
            while try query.step() { _ = query.int(0) }
        }
    }

    // One frame (view + diff against the previous frame) at 200×60.
    let size = Size(width: 200, height: 60)
    let env = AppEnvironment(catalogue: catalogue, today: until, worker: "bench")
    var app = AppState(projection: store.projection, env: env, size: size)
    var previous = view(app, size: size, env: env)
    let frameCaseList = measure(repetitions: max(repetitions, 10)) {
        _ = update(&app, .key(.down), env)
        let frame = view(app, size: size, env: env)
        _ = frame.diff(from: previous)
        previous = frame
    }
    var dashboard = DashboardState(report: lastReport!, source: .journal, size: size)
    var previousOverview = dashboardView(dashboard, size: size, env: env)
    let frameOverview = measure(repetitions: max(repetitions, 10)) {
        _ = dashboardUpdate(&dashboard, .key(.down), env)
        let frame = dashboardView(dashboard, size: size, env: env)
        _ = frame.diff(from: previousOverview)
        previousOverview = frame
    }

    let journalLatency = Latency(journalLatencies), sqliteLatency = Latency(sqliteLatencies)
    return SizeResult(
        events: payloads.count, cases: cases, journalMB: journalBytes / 1_048_576, sqliteMB: sqliteBytes / 1_048_576,
        importJournalEventsPerSecond: importJournal, importSQLiteEventsPerSecond: importSQLite,
        replayJournal: replayJournal, replayJournalMBPerSecond: journalBytes / 1_048_576 / replayJournal.median,
        replaySQLite: replaySQLite, replayRatio: replayJournal.median / replaySQLite.median,
        appendJournal: journalLatency, appendSQLite: sqliteLatency, appendRatioP50: journalLatency.p50 / sqliteLatency.p50,
        rollupFacts: rollupFacts, reportFull: reportFull, refreshOneCase: refreshOneCase, rollupIncremental: rollupIncremental,
        rollupIncrementalNewCase: rollupIncrementalNewCase,
        countsOurs: countsOurs, countsSQL: countsSQL, countsRatio: countsOurs.median / countsSQL.median,
        frameCaseList: frameCaseList, frameOverview: frameOverview, peakMB: peakResidentMB(),
        encrypted: encrypted, replayEncryptedRatio: encrypted.replay.median / replaySQLite.median)
}
