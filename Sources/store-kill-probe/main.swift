// The writer of the store-level kill test: `store-kill-probe PATH CASES SEED UNTIL` opens (or
// creates) an encrypted journal with the demo passphrase and appends the events of
// `SampleGenerator(cases:seed:until:)` in order, as the
// program does — single saves (`CaseStore.record`) and batches of 2–6 (`importEvents`, all or
// nothing) — printing "ack N" after each returns (N = events durable). The parent SIGKILLs it at
// random moments, reopens the journal with the key and checks every acknowledged event is there.
//
// `store-kill-probe shared PATH WORKER COUNT CASES SEED UNTIL` is one of several writers of one
// journal at once (a shared-writer store, the lock taken per save): see `sharedWriter` below.
// `store-kill-probe shared-access …` (same arguments) is that writer saving as the workbench does:
// every own event with its access entry (`CaseStore.record(_:today:access:)`).
//
// `store-kill-probe watch URL STOP` watches a database journal's appends through LISTEN/NOTIFY, as
// another worker's workbench does, and prints what it was notified of: see `watcher` below.
import Foundation
import UppfoljCore
import UppfoljPostgres
import UppfoljSample
import UppfoljStore

func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
if (8...9).contains(arguments.count), arguments[1] == "shared" || arguments[1] == "shared-access" {
    sharedWriter(Array(arguments.dropFirst(2)), withAccess: arguments[1] == "shared-access")
}
if arguments.count == 4, arguments[1] == "watch" {
    watcher(url: arguments[2], stop: arguments[3])
}
guard arguments.count == 5, let cases = Int(arguments[2]), let seed = UInt64(arguments[3]), let until = Day(iso: arguments[4]) else {
    FileHandle.standardError.write(Data("usage: store-kill-probe PATH CASES SEED UNTIL\n".utf8))
    exit(64)
}
do {
    let catalogue = try InstrumentCatalogue.builtIn()
    let events = SampleGenerator(cases: cases, seed: seed, until: until, catalogue: catalogue).events()
    let store = try CaseStore.open(path: CommandLine.arguments[1], catalogue: catalogue, readOnly: false, create: true,
                                   passphrase: { _ in Passphrase.demo })
    var next = store.projection.eventCount
    while next < events.count {
        let batch = min(events.count - next, next % 3 == 0 ? 1 : next % 5 + 2)
        if batch == 1 {
            let problems = try store.record(events[next], today: until)
            guard problems.isEmpty else { throw StoreError(Localized(sv: "\(problems)", en: "\(problems)")) }
        } else {
            guard case .imported = try store.importEvents(Array(events[next..<next + batch]), today: until) else {
                throw StoreError(Localized(sv: "refused", en: "refused"))
            }
        }
        next += batch
        say("ack \(next)")
    }
    say("done \(next)")
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}

/// One of several writers at once. The sample of `CASES` cases (seed `SEED`) is split by case number:
/// number % 9 == 0 is the pool (imported by the parent before the writers start), number % 9 ==
/// WORKER + 1 are this writer's own cases. The writer appends its first COUNT own events in order
/// (skipping those already in the journal: it may be a restart after a kill), printing
/// "ack <id>" after each; about one save in eight is instead the retraction of a random pool
/// assessment (the one the writers' progress points at), which only the first writer to get there may make: the outcome is printed as
/// "won <target>", "conflict <target> <other worker>" (StoreConflict) or "refused <target>" (this
/// writer had already seen the retraction). Every tenth own save is also written to the access log,
/// as the workbench does. An own event refused is a failure (exit 3).
///
/// With a seventh argument GO (a file path), the writer first opens its store, prints "ready",
/// waits until GO exists and then, before anything else, retracts the pool's last assessment (which
/// the random retractions never pick), printing "forced won|conflict|refused <target> …": the
/// parent creates GO once every writer is ready, so all of them try with a view from before any
/// of them wrote, and every writer but the first to take the lock must get a `StoreConflict`.
///
/// `withAccess`: every own save is the workbench's whole save, the event with its access entry
/// (`record(_:today:access:)`; the entry's case code is the event's), "ack <id>" printed once both
/// are durable; a save whose entry was not written (`AccessEntryNotWritten`) is a failure (exit 4).
func sharedWriter(_ a: [String], withAccess: Bool) -> Never {
    guard let worker = Int(a[1]), let count = Int(a[2]), let cases = Int(a[3]), let seed = UInt64(a[4]),
          let until = Day(iso: a[5]) else { exit(64) }
    do {
        let catalogue = try InstrumentCatalogue.builtIn()
        let events = SampleGenerator(cases: cases, seed: seed, until: until, catalogue: catalogue).events()
        func part(_ e: Event) -> Int { (Int(e.caseCode.split(separator: "-").last ?? "") ?? 0) % 9 }
        let own = Array(events.filter { part($0) == worker + 1 }.prefix(count))
        var pool = SharedPool.targets(events.filter { part($0) == 0 })
        let forced = pool.popLast()
        let store = try CaseStore.open(path: a[0], catalogue: catalogue, readOnly: false,
                                       passphrase: { _ in Passphrase.demo }, sharedWriter: true)
        let present = Set(try store.allEvents().map(\.id))
        var rng = SplitMix64(seed: UInt64(getpid()) &* 0x9E37_79B9 &+ UInt64(worker))
        let name = "w\(worker)"
        if a.count == 7, let forced {
            say("ready")
            while access(a[6], F_OK) != 0 { usleep(1_000) }
            let retraction = Event(caseCode: forced.caseCode, effectiveDate: until, worker: name,
                                   body: .correction(Correction(target: forced.id, action: .retract, reason: .duplicate)))
            do {
                let problems = try store.record(retraction, today: until)
                say(problems.isEmpty ? "forced won \(forced.id.hex)" : "forced refused \(forced.id.hex)")
            } catch let conflict as StoreConflict {
                say("forced conflict \(forced.id.hex) \(conflict.others.first?.worker ?? "?")")
            }
        }
        var saves = 0
        for event in own where !present.contains(event.id) {
            // The writers go through the pool at about the same pace, so they race for the same targets.
            while rng.chance(0.125), !pool.isEmpty {
                let target = pool[(present.count / 8 + saves) / 4 % pool.count]
                let retraction = Event(caseCode: target.caseCode, effectiveDate: until, worker: name,
                                       body: .correction(Correction(target: target.id, action: .retract, reason: .duplicate)))
                do {
                    let problems = try store.record(retraction, today: until)
                    say(problems.isEmpty ? "won \(target.id.hex)" : "refused \(target.id.hex)")
                } catch let conflict as StoreConflict {
                    say("conflict \(target.id.hex) \(conflict.others.first?.worker ?? "?")")
                }
            }
            let problems: [Problem]
            do {
                problems = withAccess
                    ? try store.record(event, today: until, access: AccessRecord(time: Timestamp.now().secondsSinceEpoch, worker: name,
                                                                                 action: .save, caseCode: event.caseCode))
                    : try store.record(event, today: until)
            } catch let failure as AccessEntryNotWritten {
                FileHandle.standardError.write(Data("saved without its access entry: \(failure)\n".utf8))
                exit(4)
            }
            guard problems.isEmpty else {
                FileHandle.standardError.write(Data("own event refused: \(problems)\n".utf8))
                exit(3)
            }
            say("ack \(event.id.hex)")
            saves += 1
            if !withAccess && saves % 10 == 0 {
                try store.logAccess(AccessRecord(time: Timestamp.now().secondsSinceEpoch, worker: name, action: .save,
                                                 caseCode: event.caseCode))
            }
        }
        if withAccess { try store.anchorAccessLog() }
        say("done")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}

/// The pool's retraction targets: its assessments that no correction of the sample touches (the
/// test computes the same list to check that each was retracted at most once).
enum SharedPool {
    static func targets(_ pool: [Event]) -> [Event] {
        var corrected = Set<EventID>()
        for event in pool { if case .correction(let c) = event.body { corrected.insert(c.target) } }
        return pool.filter { $0.kind == .assessment && !corrected.contains($0.id) }
    }
}

/// A process watching a database journal (issue 19: "LISTEN/NOTIFY delivers every append to a
/// watching process"). It opens the journal read-only, LISTENs, prints "ready N" (N = the records
/// it verified), then "notified FIRST LAST" for every notification (the records one committed
/// transaction added), reading nothing from the tables meanwhile. When the file STOP appears,
/// holding the number of records the parent expects, it waits until it was notified of every
/// record up to there (at most 10 s more), reads and verifies the new rows once (`refresh`) and
/// prints "done N" with the number of records it then holds.
func watcher(url: String, stop: String) -> Never {
    do {
        let journal = try PostgresJournal.open(url: url, writes: false)
        try journal.startWatching()
        let start = journal.recordCount
        say("ready \(start)")
        var notified = IndexSet()
        var expected: Int?
        var deadline = Date.distantFuture
        while Date() < deadline {
            for range in try journal.waitForAppends(timeout: 0.1) {
                notified.insert(integersIn: range.lowerBound..<(range.upperBound + 1))
                say("notified \(range.lowerBound) \(range.upperBound)")
            }
            if expected == nil, let text = try? String(contentsOfFile: stop, encoding: .utf8),
               let count = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                expected = count
                deadline = Date().addingTimeInterval(10)
            }
            if let expected, notified.contains(integersIn: start..<max(start, expected)) { break }
        }
        try journal.refresh()
        say("done \(journal.recordCount)")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}
