import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljStore

/// `uppfolj rekey`: a new passphrase for a journal, without rewriting any record.
struct RekeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Byt journalens lösenfras / Change the journal's passphrase.",
        discussion: """
        The journal key is wrapped anew under the new passphrase and the key file <journal>.key is \
        replaced atomically; no record of the journal changes. The current passphrase is asked for \
        (or read from UPPFOLJ_PASSPHRASE_FILE), the new one twice (or read from \
        UPPFOLJ_NEW_PASSPHRASE_FILE). Copies of the old key file still open the journal with the old \
        passphrase: replace or destroy them (backups too).
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        do {
            let newPassphrase: PassphraseSource = { purpose in
                if let file = environment["UPPFOLJ_NEW_PASSPHRASE_FILE"], !file.isEmpty {
                    return try PassphraseInput.fromFile(file)
                }
                return try PassphraseInput.prompt(for: purpose)
            }
            try CaseStore.rekey(path: journal.path, current: PassphraseInput.source(), new: newPassphrase)
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
        print(common.say("Lösenfrasen är bytt för \(journal.path). Inga poster skrevs om.",
                         "The passphrase of \(journal.path) is changed. No record was rewritten."))
    }
}
