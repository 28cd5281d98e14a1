import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljSample
import UppfoljStore

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Skapa en syntetisk exempeljournal / Make a synthetic sample journal.",
        discussion: """
        Writes OUT/journal (with its key file OUT/journal.key and its access log OUT/journal.access, \
        which records the import) and OUT/instruments.json. Every value \
        is synthetic, so the journal is locked with the published demo passphrase "uppfolj-demo". \
        The same --cases, --seed and --until give the same events (`uppfolj log --json` prints the \
        same lines; the encrypted bytes differ, as every record has a fresh nonce); --until defaults \
        to today, so runs on different days differ in their dates.
        """)

    @OptionGroup var common: CommonOptions
    @Option(help: "Number of cases.") var cases: Int = 300
    @Option(help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(help: "Output folder (created with mode 0700).") var out: String = "sample-data"
    @Option(help: "Last date of the sample, YYYY-MM-DD (default: today).") var until: String?
    @Option(help: "Years of history before --until.") var years: Int = 4
    @Flag(help: "Replace an existing OUT/journal.") var force = false

    func validate() throws {
        guard (1...5_000_000).contains(cases) else { throw ValidationError("--cases must be 1–5000000") }
        guard (1...30).contains(years) else { throw ValidationError("--years must be 1–30") }
        if let until, Day(iso: until) == nil { throw ValidationError("--until must be a date YYYY-MM-DD") }
    }

    func run() throws {
        let catalogue = try loadCatalogue(common)
        let endDate = until.flatMap(Day.init(iso:)) ?? Day.today()
        let journalPath = (out as NSString).appendingPathComponent("journal")
        if FileManager.default.fileExists(atPath: journalPath) {
            guard force else {
                printError(common.say("\(journalPath) finns redan; använd --force för att ersätta den.",
                                      "\(journalPath) exists already; use --force to replace it."))
                throw Exit.refused
            }
            for companion in [journalPath, KeyFile.path(forJournal: journalPath), AccessLog.path(forJournal: journalPath)]
            where FileManager.default.fileExists(atPath: companion) {
                try FileManager.default.removeItem(atPath: companion)
            }
        }
        try JournalLocation.prepareFolder(for: journalPath)
        let generator = SampleGenerator(cases: cases, seed: seed, until: endDate, years: years, catalogue: catalogue)
        let events = generator.events()
        let store = try openStore(journalPath, common, catalogue: catalogue, readOnly: false, create: true, demo: true,
                                  sharedWriter: true, allow: Roles.admin, what: Localized(sv: "uppfolj sample", en: "uppfolj sample"))
        if case .rejected(let problems) = try store.importEvents(events, today: endDate) {
            for (index, list) in problems.prefix(5) { printError("sample event \(index + 1): \(list)") }
            throw Exit.refused
        }
        logWrite(store, AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: WorkerIdentity.current(),
                                     action: .importEvents, count: events.count), common)
        // The demo people's keys (two workers and a manager, published passphrases).
        do { try DemoKeys.ensure(journalPath) } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
        let catalogueCopy = (out as NSString).appendingPathComponent("instruments.json")
        try InstrumentCatalogue.builtInData().write(to: URL(fileURLWithPath: catalogueCopy))
        print(common.say("Skrev \(events.count) händelser i \(store.projection.caseCodes.count) ärenden till \(journalPath)",
                         "Wrote \(events.count) events in \(store.projection.caseCodes.count) cases to \(journalPath)"))
        print(common.say("Huvudhash", "Head hash") + ": \(store.headHash)")
    }
}
