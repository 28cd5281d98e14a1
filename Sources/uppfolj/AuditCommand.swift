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
        let cipher: RecordCipher?
        do {
            cipher = try CaseStore.accessLogCipher(journalPath: journal.path, passphrase: PassphraseInput.source())
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
        do { records = try AccessLog.read(journalPath: journal.path, cipher: cipher) } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.refused
        }
        if records.isEmpty {
            print(common.say("Åtkomstloggen är tom.", "The access log is empty."))
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for record in records {
            if json {
                print(String(decoding: try encoder.encode(record), as: UTF8.self))
                continue
            }
            let when = Timestamp(secondsSinceEpoch: record.time)
            let what: String
            switch record.action {
            case .openCase: what = common.say("öppnade ärende", "opened case") + " \(shown(record.caseCode ?? "?"))"
            case .export:
                what = common.say("exporterade", "exported") + " \(shown(record.period ?? "?")) \(shown(record.format ?? "?")) k=\(record.minimumCellSize ?? 0)"
            case .dashboard: what = common.say("öppnade ledningsvyn", "opened the manager view")
            }
            print("\(when.iso)  \(shown(record.worker))  \(what)")
        }
    }
}
