import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljStore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Kontrollera hela journalens kedja / Check the journal's whole chain.",
        discussion: """
        Never writes, and needs no passphrase: frames, the hash chain and the sealed form of every \
        record are checked without it. With UPPFOLJ_PASSPHRASE_FILE set, every record is also opened \
        and decoded. Exits 1 and names the record and byte offset of the first fault.
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument

    func run() throws {
        let report = CaseStore.verify(path: journal.path, passphrase: PassphraseInput.fileSource())
        switch report {
        case .failure(let error):
            printError(common.text(error.message))
            throw Exit.unusable
        case .success(let result):
            print(common.say("Journal", "Journal") + ": " + SafeText.display(journal.path, limit: 4096))
            print(common.say("Poster", "Records") + ": \(result.records)")
            if result.contentChecked {
                print(common.say("Händelser", "Events") + ": \(result.events)")
                print(common.say("Ärenden", "Cases") + ": \(result.cases)")
            } else {
                print(common.say("Innehåll: krypterat; inte avkodat (ingen lösenfras, UPPFOLJ_PASSPHRASE_FILE)",
                                 "Content: encrypted; not decoded (no passphrase, UPPFOLJ_PASSPHRASE_FILE)"))
            }
            print(common.say("Kryptering", "Encryption") + ": "
                  + (result.encrypted ? "AES-256-GCM" : common.say("ingen", "none")))
            print(common.say("Huvudhash", "Head hash") + ": \(result.headHash)")
            if let fault = result.fault {
                print(common.say("FEL", "FAULT") + ": " + common.text(fault))
                throw Exit.refused
            }
            print(common.say("OK: kedjan är hel.", "OK: the chain is intact."))
        }
    }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Visa händelserna i ordning / Show the events in order.",
        discussion: "--json prints one JSON object per line (JSON Lines), the form `uppfolj import` reads.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @Option(name: .customLong("case"), help: "Only this case code.") var caseCode: String?
    @Flag(help: "JSON Lines.") var json = false

    func run() throws {
        let catalogue = try loadCatalogue(common)
        let store = try openStore(journal.path, common, catalogue: catalogue, readOnly: true)
        let out = FileHandle.standardOutput
        var buffer = ""
        for event in try store.allEvents() where caseCode == nil || event.caseCode == caseCode {
            if json {
                buffer += try EventJSON.line(event)
            } else {
                buffer += [event.effectiveDate.iso, shown(event.caseCode), common.text(event.kind.label), shown(event.worker),
                           event.id.short, detail(event)].joined(separator: "  ")
            }
            buffer += "\n"
            if buffer.utf8.count > 1 << 16 { out.write(Data(buffer.utf8)); buffer = "" }
        }
        out.write(Data(buffer.utf8))
    }

    private func detail(_ event: Event) -> String {
        switch event.body {
        case .intake(let v): return common.text(v.role.label)
        case .assessment(let v): return "\(shown(v.instrument.id)) \(shown(v.instrument.version)) \(v.timePoint.rawValue)"
        case .interventionStarted(let v): return "\(shown(v.interventionId)) \(common.text(v.type.label))"
        case .interventionEnded(let v): return "\(shown(v.interventionId)) \(common.text(v.outcome.label))"
        case .partnerContact(let v): return common.text(v.stepLabel)
        case .closure(let v): return common.text(v.reason.label)
        case .followUp(let v): return v.reached ? common.say("nådd", "reached") : common.say("ej nådd", "not reached")
        case .correction(let v):
            switch v.action {
            case .retract: return common.say("återkallar", "retracts") + " \(v.target.short): " + common.text(v.reason.label)
            case .amend: return common.say("ändrar", "amends") + " \(v.target.short): " + common.text(v.reason.label)
            }
        case .duringFollowUp: return ""
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Läs in händelser från JSON Lines / Append events given as JSON Lines.",
        discussion: "Every line is checked first; if any line is invalid, nothing is written and every bad line is reported with its number.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "The JSON Lines file (one event per line; - for standard input).") var file: String
    @Option(help: "The journal (default: $UPPFOLJ_JOURNAL or $XDG_DATA_HOME/uppfolj/journal).") var journal: String?

    func run() throws {
        let catalogue = try loadCatalogue(common)
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                               : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            printError(common.say("Kan inte läsa \(file): \(error.localizedDescription)", "Cannot read \(file): \(error.localizedDescription)"))
            throw Exit.unusable
        }
        var events: [Event] = []
        var lineNumbers: [Int] = []
        var bad = 0
        for line in EventJSON.decodeLines(data) {
            switch line.result {
            case .success(let event):
                events.append(event)
                lineNumbers.append(line.number)
            case .failure(let error):
                bad += 1
                printError(common.say("Rad \(line.number): kan inte tolkas: \(describe(error))", "Line \(line.number): cannot be read: \(describe(error))"))
            }
        }
        let path = journal ?? JournalLocation.defaultPath()
        let exists = FileManager.default.fileExists(atPath: path)
        // A new journal is created only once every line has passed: a refused import writes nothing.
        var store: CaseStore?
        var outcome: CaseStore.ImportOutcome
        if exists {
            store = try openStore(path, common, catalogue: catalogue, readOnly: false)
            outcome = try store!.importEvents(events, today: Day.today(), dryRun: bad > 0)
        } else {
            let checked = CaseStore.checkNewJournal(events, catalogue: catalogue, today: Day.today())
            outcome = checked.rejected.isEmpty ? .imported(0) : .rejected(checked.rejected)
            if checked.rejected.isEmpty, bad == 0 {
                try JournalLocation.prepareFolder(for: path)
                store = try openStore(path, common, catalogue: catalogue, readOnly: false, create: true)
                outcome = try store!.importEvents(checked)
            }
        }
        if case .rejected(let problems) = outcome {
            for (index, list) in problems {
                for problem in list {
                    printError(common.say("Rad \(lineNumbers[index]): ", "Line \(lineNumbers[index]): ") + "\(problem.field): " + common.text(problem.message))
                }
            }
            bad += problems.count
        }
        if bad > 0 {
            printError(common.say(bad == 1 ? "1 rad är felaktig; inget skrevs." : "\(bad) rader är felaktiga; inget skrevs.",
                                  bad == 1 ? "1 line is invalid; nothing was written." : "\(bad) lines are invalid; nothing was written."))
            throw Exit.refused
        }
        let head = store?.headHash ?? ""
        print(common.say("Läste in \(events.count) händelser. Huvudhash: \(head)",
                         "Imported \(events.count) events. Head hash: \(head)"))
    }

    private func describeRaw(_ error: Error) -> String {
        switch error {
        case let error as StrictJSONError: return error.text(common.language, withLine: false)
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \"\((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: return "\(error)"
        }
    }

    /// Why a line could not be read, with whatever it echoes from the line passed through the sanitiser.
    private func describe(_ error: Error) -> String {
        SafeText.display(describeRaw(error), limit: 1000)
    }
}

struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Klipp en skadad journal vid första felet / Cut a damaged journal at its first fault.",
        discussion: "Copies the whole journal to a backup next to it first. Needs --yes. Records after the fault are lost from the journal (they remain in the backup).")

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @Flag(help: "Really do it.") var yes = false

    func run() throws {
        guard yes else {
            printError(common.say("Lägg till --yes för att klippa journalen (en säkerhetskopia sparas först).",
                                  "Add --yes to cut the journal (a backup is kept first)."))
            throw Exit.refused
        }
        do {
            let result = try CaseStore.repair(path: journal.path)
            print(common.text(result))
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Översikt och att göra-lista / Overview and due list.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @Option(help: "How many due items to list.") var limit: Int = 15

    func run() throws {
        let catalogue = try loadCatalogue(common)
        guard FileManager.default.fileExists(atPath: journal.path) else {
            let shownPath = SafeText.display(journal.path, limit: 4096)
            print(common.say("Ingen journal på \(shownPath) ännu. Prova: uppfolj sample --out /tmp/uppfolj-demo",
                             "No journal at \(shownPath) yet. Try: uppfolj sample --out /tmp/uppfolj-demo"))
            return
        }
        let store = try openStore(journal.path, common, catalogue: catalogue, readOnly: true)
        let cases = store.projection.activeCases
        let open = cases.filter { $0.status == .open }.count
        print(SafeText.display(journal.path, limit: 4096))
        print(common.say("Ärenden: \(cases.count) (öppna \(open), avslutade \(cases.count - open)); högrisk: \(cases.filter(\.isHighRisk).count)",
                         "Cases: \(cases.count) (open \(open), closed \(cases.count - open)); high risk: \(cases.filter(\.isHighRisk).count)"))
        let due = DueList.items(in: store.projection, today: Day.today())
        print(common.say("Att göra (\(due.count)):", "Due (\(due.count)):"))
        for item in due.prefix(limit) {
            print("  \(item.isHighRisk ? "!" : " ") \(shown(item.caseCode))  \(item.date)  \(common.text(item.label))")
        }
    }
}
