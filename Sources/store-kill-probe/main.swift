// The writer of the store-level kill test: `store-kill-probe PATH CASES SEED UNTIL` opens (or
// creates) an encrypted journal with the demo passphrase and appends the events of
// `SampleGenerator(cases:seed:until:)` in order, as the
// program does — single saves (`CaseStore.record`) and batches of 2–6 (`importEvents`, all or
// nothing) — printing "ack N" after each returns (N = events durable). The parent SIGKILLs it at
// random moments, reopens the journal with the key and checks every acknowledged event is there.
import Foundation
import UppfoljCore
import UppfoljSample
import UppfoljStore

func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
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
