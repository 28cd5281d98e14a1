import Foundation
import UppfoljCore
import UppfoljJournal
import UppfoljReports
import UppfoljSample
import UppfoljStore

/// `--only STEP,STEP`: some steps of the main run at one size, in this process, for comparing two
/// builds quickly (docs/benchmarks.md, "Event model v2 against v1"). The journal is generated and
/// imported as in the main run (not timed); each chosen step is then timed as the main run times it,
/// and its CPU time (all threads of the process) beside it: on a machine shared with other work, the
/// CPU time moves far less than the wall clock.
enum OnlySteps {
    static let all = ["replay", "fold", "fold-bytes", "sqlite", "facts", "report"]

    static func run(events target: Int, steps: [String], repetitions: Int) throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let until = Day(iso: "2026-11-23")!
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-bench-only-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let cases = max(10, Int(Double(target) / 10.8))
        let payloads = SampleGenerator(cases: cases, seed: 1, until: until, catalogue: catalogue).events()
            .map { EventBinaryCodec.encode($0) }
        let journalPath = folder + "/journal"
        let journal = try Journal.open(path: journalPath, mode: .readWrite, create: true)
        for chunk in stride(from: 0, to: payloads.count, by: 10_000) {
            try journal.append(contentsOf: payloads[chunk..<min(payloads.count, chunk + 10_000)].map { (RecordKind.data, $0) })
        }
        journal.close()
        print("\(payloads.count) events, \(cases) cases; \(repetitions) repetitions after one warm-up; medians (min–max), wall clock | CPU")

        // Plain open + replay (the journal verifies its hash chain too), as the main run's "open + replay".
        var store: CaseStore?
        if steps.contains("replay") {
            let timing = try timed(repetitions: repetitions) {
                store = nil
                store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true)
            }
            print("  open + replay      \(timing.wall.text) | \(timing.cpu.text)")
        }
        // The journal's records decoded and folded as the plain open does (hash chain verified by
        // the open), the projection logging each event by encoding it again ("fold") or by keeping
        // the record's bytes ("fold-bytes": `Projection.apply(_:encoded:)`).
        for (step, keepBytes) in [("fold", false), ("fold-bytes", true)] where steps.contains(step) {
            let timing = try timed(repetitions: repetitions) {
                let journal = try Journal.open(path: journalPath, mode: .readOnly)
                defer { journal.close() }
                var projection = Projection(catalogue: catalogue)
                try journal.forEachRecord { record in
                    guard record.kind == .data else { return }
                    let event = try EventBinaryCodec.decode(record.payload)
                    if keepBytes { projection.apply(event, encoded: record.payload) } else { projection.apply(event) }
                }
            }
            print("  \(step.padding(toLength: 18, withPad: " ", startingAt: 0)) \(timing.wall.text) | \(timing.cpu.text)")
        }
        // The same payloads from SQLite into a projection (decode + fold, no chain to verify).
        if steps.contains("sqlite") {
            let (db, _) = try SQLiteDatabase.importing(payloads, at: folder + "/events.sqlite")
            let select = try db.prepare("SELECT payload FROM events ORDER BY seq")
            let timing = try timed(repetitions: repetitions) {
                var projection = Projection(catalogue: catalogue)
                select.reset()
                while try select.step() { projection.apply(try EventBinaryCodec.decode(select.blob(0))) }
            }
            print("  SQLite replay      \(timing.wall.text) | \(timing.cpu.text)")
        }
        guard steps.contains("facts") || steps.contains("report") else { return }
        if store == nil { store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true) }
        let projection = store!.projection
        var rollup = IndicatorRollup(projection: projection)
        if steps.contains("facts") {
            let timing = timed(repetitions: repetitions) { rollup = IndicatorRollup(projection: projection) }
            print("  facts, every case  \(timing.wall.text) | \(timing.cpu.text)")
        }
        if steps.contains("report") {
            let control = try DisclosureControl(minimumCellSize: 5)
            let context = ReportContext(unit: "bench", journalHeadHash: store!.headHash, programVersion: "bench", asOf: until)
            let builder = ReportBuilder(instruments: catalogue, control: control)
            let timing = try timed(repetitions: repetitions) {
                _ = try builder.report(facts: rollup.allFacts, period: ReportPeriod("2025")!, context: context)
            }
            print("  report             \(timing.wall.text) | \(timing.cpu.text)")
        }
    }
}

/// Wall clock and process CPU time of `body`, like `measure` (one warm-up, then `repetitions`).
private func timed(repetitions: Int, _ body: () throws -> Void) rethrows -> (wall: Timing, cpu: Timing) {
    func cpuNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
    try body()
    var wall: [Double] = [], cpu: [Double] = []
    for _ in 0..<repetitions {
        let (start, startCPU) = (now(), cpuNow())
        try body()
        wall.append(now() - start)
        cpu.append(cpuNow() - startCPU)
    }
    return (Timing(wall), Timing(cpu))
}
