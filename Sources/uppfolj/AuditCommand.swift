import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljStore

/// `uppfolj audit`: the access log — who opened which case when, and every export — without any
/// case content.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Visa åtkomstloggen / Show the access log.",
        discussion: "The log is <journal>.access, hash-chained like the journal; it is verified as it is read.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument
    @Flag(help: "JSON Lines instead of a table.") var json = false

    func run() throws {
        let records: [AccessRecord]
        let journalProblem: Localized?
        let cipher: RecordCipher?
        do {
            cipher = try CaseStore.accessLogCipher(journalPath: journal.path, passphrase: PassphraseInput.source(), authorize: { holder in
                guard holder.role.allows(Roles.figures) else {
                    throw StoreError.roleRefused(holder, needed: Roles.figures, what: Localized(sv: "uppfolj audit", en: "uppfolj audit"))
                }
            })
        } catch let error as StoreError {
            // The key could not be had (wrong passphrase, damaged key file): the journal is unusable here.
            printError(common.text(error.message))
            throw Exit.unusable
        }
        do {
            // Checked against the journal's anchor: a deleted, cut or replaced log is reported.
            (records, journalProblem) = try CaseStore.audit(journalPath: journal.path, cipher: cipher)
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.refused
        }
        printEntries(records)
        if let journalProblem {
            // The log is shown, but the journal it belongs to needs attention: say so and fail.
            printError(common.text(journalProblem))
            throw Exit.refused
        }
    }

    private func printEntries(_ records: [AccessRecord]) {
        if records.isEmpty {
            print(common.say("Åtkomstloggen är tom.", "The access log is empty."))
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for record in records {
            if json {
                print(String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self))
                continue
            }
            let when = Timestamp(secondsSinceEpoch: record.time)
            let what: String
            switch record.action {
            case .openCase: what = common.say("öppnade ärende", "opened case") + " \(shown(record.caseCode ?? "?"))"
            case .export:
                what = common.say("exporterade", "exported") + " \(shown(record.period ?? "?")) \(shown(record.format ?? "?")) k=\(record.minimumCellSize ?? 0)"
            case .dashboard: what = common.say("öppnade ledningsvyn", "opened the manager view")
            case .save: what = common.say("sparade i ärende", "saved in case") + " \(record.caseCode ?? "?")"
            case .importEvents: what = common.say("läste in \(record.count ?? 0) händelser", "imported \(record.count ?? 0) events")
            case .caseSummary: what = common.say("skrev ut sammanfattning av ärende", "wrote out the summary of case")
                + " \(shown(record.caseCode ?? "?"))"
            case .repair: what = common.say("reparerade journalen (\(record.journalRecords ?? 0) poster kvar)",
                                            "repaired the journal (\(record.journalRecords ?? 0) records kept)")
            }
            print("\(when.iso)  \(shown(record.worker))  \(what)")
        }
    }
}
