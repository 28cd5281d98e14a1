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
        record are checked without it, and so is the access log beside the journal (its chain, and \
        that it still holds what the journal anchored). With UPPFOLJ_PASSPHRASE_FILE set, every record \
        is also opened and decoded, and the journal is checked against the head its access log \
        recorded. Exits 1 and names the first fault. Given <journal>.access, verifies that access log.
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument

    func run() throws {
        let place = JournalPlace(journal.path)
        if place.isDatabase { return try verifyDatabase(place) }
        if let journalPath = AccessLog.journalPath(forLog: journal.path) {
            return try verifyAccessLog(journalPath)
        }
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
                  + (!result.encryptionKnown ? common.say("okänd (första posten är skadad)", "unknown (the first record is damaged)")
                     : result.encrypted ? "AES-256-GCM" : common.say("ingen", "none")))
            print(common.say("Huvudhash", "Head hash") + ": \(result.headHash)")
            if let fault = result.fault {
                print(common.say("FEL", "FAULT") + ": " + common.text(fault))
                throw Exit.refused
            }
            print(common.say("OK: kedjan är hel.", "OK: the chain is intact."))
        }
    }

    /// An access log given: its chain, and that it holds what its journal anchored.
    private func verifyAccessLog(_ journalPath: String) throws {
        switch CaseStore.verifyAccessLog(journalPath: journalPath) {
        case .failure(let error):
            printError(common.text(error.message))
            throw Exit.unusable
        case .success(let result):
            print(common.say("Åtkomstlogg", "Access log") + ": \(journal.path) " + common.say("(för journalen \(journalPath))", "(of the journal \(journalPath))"))
            print(common.say("Poster", "Entries") + ": \(result.entries)")
            print(common.say("Huvudhash", "Head hash") + ": \(result.headHash)")
            if let fault = result.fault {
                print(common.say("FEL", "FAULT") + ": " + common.text(fault))
                throw Exit.refused
            }
            print(common.say("OK: kedjan är hel och stämmer med journalens förankring.", "OK: the chain is intact and matches the journal's anchor."))
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
        // Streamed: the journal is verified and read, not folded into cases, and each event is
        // written as it is decoded (memory does not grow with the journal).
        let store = try openStore(journal.path, common, catalogue: catalogue, readOnly: true, allow: Roles.caseContent,
                                  what: Localized(sv: "uppfolj log", en: "uppfolj log"), folding: false)
        let out = FileHandle.standardOutput
        var buffer = ""
        var failure: (any Error)?
        try store.forEachEvent { event in
            guard failure == nil, caseCode == nil || event.caseCode == caseCode else { return }
            if json {
                do { buffer += try EventJSON.line(event) } catch { failure = error; return }
            } else {
                buffer += [event.effectiveDate.iso, shown(event.caseCode), common.text(event.kind.label), shown(event.worker),
                           event.id.short, detail(event)].joined(separator: "  ")
            }
            buffer += "\n"
            if buffer.utf8.count > 1 << 16 { out.write(Data(buffer.utf8)); buffer = "" }
        }
        if let failure { throw failure }
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
            case .retract: return common.say("makulerar", "retracts") + " \(v.target.short): " + common.text(v.reason.label)
            case .amend: return common.say("ändrar", "amends") + " \(v.target.short): " + common.text(v.reason.label)
            }
        case .duringFollowUp: return ""
        case .handover(let v): return common.say("till", "to") + " " + shown(v.toWorker)
        case .unitSettings: return ""
        case .reopening(let v): return common.text(v.reason.label)
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Läs in händelser från JSON Lines / Append events given as JSON Lines.",
        discussion: "Every line is checked first; if any line is invalid, nothing is written and every bad line is reported with its number.")
    static let what = Localized(sv: "uppfolj import", en: "uppfolj import")
    /// Bytes of input read and decoded at a time (some 35,000 lines of `log --json`), validated
    /// while the next block is read and decoded.
    static let blockSize = 16 << 20

    @OptionGroup var common: CommonOptions
    @Argument(help: "The JSON Lines file (one event per line; - for standard input).") var file: String
    @Option(help: "The journal (default: $UPPFOLJ_JOURNAL or $XDG_DATA_HOME/uppfolj/journal).") var journal: String?

    func run() throws {
        let catalogue = try loadCatalogue(common)
        // Read a block at a time (never the whole file at once): the block after the one being
        // validated is read and decoded on the other cores.
        let input: FileHandle
        do {
            input = file == "-" ? FileHandle.standardInput : try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
        } catch {
            printError(common.say("Kan inte läsa \(file): \(error.localizedDescription)", "Cannot read \(file): \(error.localizedDescription)"))
            throw Exit.unusable
        }
        // The input's size when it is a file (an estimate of the events to come; nil for a pipe).
        let inputSize: Int? = {
            var info = stat()
            guard fstat(input.fileDescriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            return Int(info.st_size)
        }()
        var events: [Event] = []
        var lineNumbers: [Int] = []
        var bad = 0
        let path = journal ?? JournalLocation.defaultPath()
        let exists = FileManager.default.fileExists(atPath: path)
        // Into a new journal, each chunk of lines is validated while the next is decoded.
        // Its key is made now (written only when the journal is created, after every line has
        // passed), so that each block is sealed and framed on the other core while it is validated.
        var check = exists ? nil : CaseStore.NewJournalCheck(catalogue: catalogue, today: Day.today(), key: NewJournalKey())
        // The checks that need no journal state run on the other cores as the lines are decoded.
        var precheck: (@Sendable (Event) -> Bool)?
        if let validator = check?.validator {
            precheck = { @Sendable event in validator.passesContextFreeChecks(event) }
        }
        do {
            try EventJSON.decodeLines(reading: { try readSome(input.fileDescriptor, $0) }, blockSize: Self.blockSize,
                                      precheck: precheck) { parts in
                for part in parts {
                    for (number, error) in part.refused {
                        bad += 1
                        printError(common.say("Rad \(number): kan inte tolkas: \(describe(error))", "Line \(number): cannot be read: \(describe(error))"))
                    }
                }
                let first = lineNumbers.isEmpty
                for part in parts { lineNumbers += part.numbers }
                if check != nil {
                    if first, let size = inputSize, size > Self.blockSize {
                        // After the first block (~`blockSize` bytes): about as many events per as many bytes in the rest.
                        check!.expect(events: Int(Double(lineNumbers.count) * Double(size) / Double(Self.blockSize) * 1.05))
                    }
                    // A line that cannot be read: nothing will be written, so nothing more is sealed.
                    if bad > 0 { check!.stopPreparing() }
                    for part in parts { check!.add(part.events, prechecked: part.prechecked) }
                } else {
                    for part in parts { events += part.events }
                }
            }
        } catch {
            printError(common.say("Kan inte läsa \(file): \(error.localizedDescription)", "Cannot read \(file): \(error.localizedDescription)"))
            throw Exit.unusable
        }
        // A new journal is created only once every line has passed: a refused import writes nothing.
        var store: CaseStore?
        var outcome: CaseStore.ImportOutcome
        do {
            if exists {
                store = try openStore(path, common, catalogue: catalogue, readOnly: false, allow: Roles.caseContent, what: Self.what)
                outcome = try store!.importEvents(events, today: Day.today(), dryRun: bad > 0)
            } else {
                let checked = check!.finish()
                check = nil
                outcome = checked.rejected.isEmpty ? .imported(0) : .rejected(checked.rejected)
                if checked.rejected.isEmpty, bad == 0 {
                    try JournalLocation.prepareFolder(for: path)
                    store = try openStore(path, common, catalogue: catalogue, readOnly: false, create: true, allow: Roles.caseContent,
                                          what: Self.what, newJournalKey: checked.key)
                    outcome = try store!.importEvents(checked)
                }
            }
        } catch let error as StoreError {
            // The journal could not be used (a full disk, say): it is unchanged.
            printError(common.text(error.message))
            throw Exit.unusable
        }
        // The projection of the imported events stays in memory until the process ends: freeing
        // its cases one by one would only delay the exit (the OS reclaims it at once).
        if let store { _ = Unmanaged.passRetained(store) }
        if case .imported(let count) = outcome, count > 0, let store {
            logWrite(store, AccessRecord(time: Int64(Date().timeIntervalSince1970), worker: try identity(store, given: nil, common),
                                         action: .importEvents, count: count), common)
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
        print(common.say("Läste in \(lineNumbers.count) händelser. Huvudhash: \(head)",
                         "Imported \(lineNumbers.count) events. Head hash: \(head)"))
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
        discussion: """
        Copies the whole file to a backup next to it first. Needs --yes. Records after the fault are \
        lost from the journal (they remain in the backup). Given <journal>.access, mends the access \
        log instead: cut at its first damaged or unreadable entry (backup kept), or started anew if it \
        was deleted; the journal then anchors the mended log. A repair is written to the access log \
        (so the passphrase is needed when the journal is encrypted and has one).

        On a postgresql:// journal, without --yes it says what is wrong and what a cut would remove; \
        --yes (as the tables' owner, the role that ran `uppfolj pg init`) copies every row to a \
        backup table uppfolj_journal_backup_<time> and cuts after the last whole batch before the \
        first record that does not match (docs/postgresql.md, "Repair").
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @Flag(help: "Really do it.") var yes = false

    func run() throws {
        if JournalPlace(journal.path).isDatabase { return try repairDatabase() }
        guard yes else {
            printError(common.say("Lägg till --yes för att klippa journalen (en säkerhetskopia sparas först).",
                                  "Add --yes to cut the journal (a backup is kept first)."))
            throw Exit.refused
        }
        do {
            let worker = WorkerIdentity.current()
            let result: Localized
            if let journalPath = AccessLog.journalPath(forLog: journal.path) {
                result = try CaseStore.repairAccessLog(journalPath: journalPath, passphrase: PassphraseInput.source(), worker: worker)
            } else {
                result = try CaseStore.repair(path: journal.path, passphrase: PassphraseInput.source(), worker: worker)
            }
            print(common.text(result))
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
    }
}

extension RepairCommand {
    /// A database journal: a report without --yes, the cut with it.
    private func repairDatabase() throws {
        let result: (message: Localized, needsRepair: Bool)
        do {
            result = try CaseStore.repairDatabase(url: journal.path, cut: yes, passphrase: PassphraseInput.source(),
                                                  worker: WorkerIdentity.current())
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
        print(common.text(result.message))
        if !yes && result.needsRepair {
            printError(common.say("Lägg till --yes för att klippa journalen (en säkerhetskopia sparas först).",
                                  "Add --yes to cut the journal (a backup is kept first)."))
            throw Exit.refused
        }
    }
}

/// Some bytes from `fd` into `buffer` (as many as one read(2) gives); 0 at the end.
private func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    while true {
        let n = read(fd, buffer.baseAddress!, buffer.count)
        if n >= 0 { return n }
        if errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}

/// Records a write (an import) in the access log; a failure is said, not fatal: the events are saved.
func logWrite(_ store: CaseStore, _ entry: AccessRecord, _ common: CommonOptions) {
    do {
        try store.logAccess(entry)
    } catch let error as StoreError {
        printError(common.say("Varning: åtkomstloggen kunde inte skrivas: ", "Warning: the access log could not be written: ")
                   + common.text(error.message))
    } catch {
        printError(common.say("Varning: åtkomstloggen kunde inte skrivas: \(error)", "Warning: the access log could not be written: \(error)"))
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
        guard CaseStore.journalExists(journal.path) else {
            let shownPath = SafeText.display(journal.path, limit: 4096)
            print(common.say("Ingen journal på \(shownPath) ännu. Prova: uppfolj sample --out /tmp/uppfolj-demo",
                             "No journal at \(shownPath) yet. Try: uppfolj sample --out /tmp/uppfolj-demo"))
            return
        }
        let store = try openStore(journal.path, common, catalogue: catalogue, readOnly: true, allow: Roles.caseContent,
                                  what: Localized(sv: "uppfolj status", en: "uppfolj status"))
        // Counted where the projection keeps the cases (an array of them would copy every state).
        var (count, open, highRisk, voided) = (0, 0, 0, 0)
        store.projection.forEachCase { state in
            // Voided cases count nowhere, but are said to exist (the workbench lists them as makulerade).
            if state.isVoided { voided += 1 }
            guard state.intake != nil else { return }
            count += 1
            if state.status == .open { open += 1 }
            if state.isHighRisk { highRisk += 1 }
        }
        print(SafeText.display(journal.path, limit: 4096))
        print(common.say("Ärenden: \(count) (öppna \(open), avslutade \(count - open)); högrisk: \(highRisk)"
                            + (voided > 0 ? "; makulerade: \(voided)" : ""),
                         "Cases: \(count) (open \(open), closed \(count - open)); high risk: \(highRisk)"
                            + (voided > 0 ? "; voided: \(voided)" : "")))
        let due = DueList.items(in: store.projection, today: Day.today())
        print(common.say("Att göra (\(due.count)):", "Due (\(due.count)):"))
        for item in due.prefix(limit) {
            print("  \(item.isHighRisk ? "!" : " ") \(shown(item.caseCode))  \(item.date)  \(common.text(item.label))")
        }
    }
}
