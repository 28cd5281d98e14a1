import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljStore

/// `uppfolj rekey`: a new passphrase for a journal, without rewriting any record.
struct RekeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Byt din lösenfras (som key passwd) / Change your passphrase (as key passwd).",
        discussion: """
        The same as uppfolj key passwd: the journal key is wrapped anew under the new passphrase in the \
        unlocking person's key slot and the key file <journal>.key is replaced atomically; no record of \
        the journal changes. The current passphrase is asked for \
        (or read from UPPFOLJ_PASSPHRASE_FILE), the new one twice (or read from \
        UPPFOLJ_NEW_PASSPHRASE_FILE). Copies of the old key file still open the journal with the old \
        passphrase: replace or destroy them (backups too).
        """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var journal: JournalArgument

    @Option(help: "Your worker id: your key slot is tried first.") var worker: String?

    func run() throws {
        try KeyCommand.changeOwnPassphrase(journal.path, worker: worker, common)
    }
}
