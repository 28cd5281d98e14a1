import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljStore

/// `uppfolj key list|add|remove|passwd|rename`: a key slot per person (issue 16), like restic's `key`.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Nycklar per person / Key slots, one per person.",
        discussion: """
        The journal key is wrapped once per person in <journal>.key; the passphrase a person gives \
        says who they are and what role they have (worker, manager, admin). list, add and remove \
        need an admin's passphrase; passwd changes the unlocking person's own; rename names one's own \
        unnamed key (the first key of a migrated journal). The passphrase is \
        asked for at the terminal or read from UPPFOLJ_PASSPHRASE_FILE; a new one is asked twice or \
        read from UPPFOLJ_NEW_PASSPHRASE_FILE. A single-passphrase key file of an older version \
        becomes slot 1 (admin) at the first change. See docs/encryption.md.
        """,
        subcommands: [List.self, Add.self, Remove.self, Passwd.self, Rename.self])

    static func newPassphrase() -> PassphraseSource {
        let environment = ProcessInfo.processInfo.environment
        return { purpose in
            if let file = environment["UPPFOLJ_NEW_PASSPHRASE_FILE"], !file.isEmpty {
                return try PassphraseInput.fromFile(file)
            }
            return try PassphraseInput.prompt(for: purpose)
        }
    }

    static func date(_ seconds: Int64, _ common: CommonOptions) -> String {
        guard seconds > 0 else { return common.say("–", "–") }
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withSpaceBetweenDateAndTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date) + "Z"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Visa nycklarna (inga hemligheter) / List the key slots (no secrets).")
        @OptionGroup var common: CommonOptions
        @OptionGroup var journal: JournalArgument
        @Option(help: "Your worker id: your key slot is tried first.") var worker: String?
        @Flag(help: "JSON Lines.") var json = false

        func run() throws {
            let listing: (holder: KeyHolder, slots: [KeySlotInfo], migrationPending: Bool)
            do {
                listing = try CaseStore.keySlots(path: journal.path, passphrase: PassphraseInput.source(), worker: worker)
            } catch let error as StoreError {
                printError(common.text(error.message))
                throw Exit.unusable
            }
            if json {
                for slot in listing.slots {
                    let object: [String: Any] = ["id": slot.id, "worker": slot.worker ?? NSNull(), "role": slot.role.name,
                                                 "created": slot.created, "lastUsed": slot.lastUsed]
                    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                }
                return
            }
            print(common.say("id  handläggare  roll           skapad                senast använd", "id  worker       role           created               last used"))
            for slot in listing.slots {
                let name = slot.worker.map { shown($0) } ?? common.say("(namnlös)", "(unnamed)")
                let columns = [String(slot.id).padding(toLength: 3, withPad: " ", startingAt: 0),
                               name.padding(toLength: 12, withPad: " ", startingAt: 0),
                               common.text(slot.role.label).padding(toLength: 14, withPad: " ", startingAt: 0),
                               KeyCommand.date(slot.created, common).padding(toLength: 21, withPad: " ", startingAt: 0),
                               KeyCommand.date(slot.lastUsed, common)]
                print(columns.joined(separator: " "))
            }
            if listing.migrationPending {
                print(common.say("Nyckelfilen är av den äldre sorten (en lösenfras); den blir nyckel 1 (administratör) vid första ändringen.",
                                 "The key file is of the older kind (one passphrase); it becomes key 1 (admin) at the first change."))
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Lägg till en nyckel för en person / Add a key slot for a person.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var journal: JournalArgument
        @Option(name: .customLong("worker"), help: "The person's worker id (a pseudonymous handle such as hl07).") var person: String
        @Option(help: "worker, manager or admin.") var role: String
        @Option(name: .customLong("as"), help: "Your (the admin's) worker id: your key slot is tried first.") var admin: String?

        func run() throws {
            guard let role = KeyRole(name: role) else {
                printError(common.say("--role ska vara worker, manager eller admin.", "--role must be worker, manager or admin."))
                throw ExitCode(64)
            }
            let slot: KeySlotInfo
            do {
                slot = try CaseStore.addKeySlot(path: journal.path, passphrase: PassphraseInput.source(),
                                                newPassphrase: KeyCommand.newPassphrase(), worker: person, role: role, asWorker: admin)
            } catch let error as StoreError {
                printError(common.text(error.message))
                throw Exit.unusable
            }
            print(common.say("Nyckel \(slot.id) lades till för \(shown(person)) (\(common.text(role.label))).",
                             "Key \(slot.id) was added for \(shown(person)) (\(common.text(role.label)))."))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Ta bort en nyckel / Remove a key slot.",
            discussion: "Stops new unlocks with that slot's passphrase. It cannot take back a copy of an older key file, nor the journal key already in someone's memory: docs/encryption.md.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The key slot's id (uppfolj key list).") var id: Int
        @OptionGroup var journal: JournalArgument
        @Option(name: .customLong("as"), help: "Your (the admin's) worker id: your key slot is tried first.") var admin: String?

        func run() throws {
            let slot: KeySlotInfo
            do {
                slot = try CaseStore.removeKeySlot(path: journal.path, passphrase: PassphraseInput.source(), slot: id, asWorker: admin)
            } catch let error as StoreError {
                printError(common.text(error.message))
                throw Exit.unusable
            }
            let name = slot.worker.map { shown($0) } ?? common.say("(namnlös)", "(unnamed)")
            print(common.say(
                "Nyckel \(slot.id) (\(name)) är borttagen: dess lösenfras låser inte längre upp \(journal.path). Äldre kopior av nyckelfilen (säkerhetskopior) gör det fortfarande; se docs/encryption.md.",
                "Key \(slot.id) (\(name)) is removed: its passphrase no longer unlocks \(journal.path). Older copies of the key file (backups) still do; see docs/encryption.md."))
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd", abstract: "Byt din egen lösenfras / Change your own passphrase.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var journal: JournalArgument
        @Option(help: "Your worker id: your key slot is tried first.") var worker: String?

        func run() throws {
            try KeyCommand.changeOwnPassphrase(journal.path, worker: worker, common)
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rename", abstract: "Ge din namnlösa nyckel ett namn / Name your own unnamed key slot.",
            discussion: """
            The first key of a journal migrated from a single-passphrase key file has no worker id: \
            its holder is named by --worker or the OS user. With that key's passphrase, this names it \
            for good (the name is bound into the key's wrap); events and access entries made with it \
            then carry that name. A key that has a name keeps it. See docs/encryption.md.
            """)
        @OptionGroup var common: CommonOptions
        @OptionGroup var journal: JournalArgument
        @Option(name: .customLong("worker"), help: "The name to give your key (a pseudonymous handle such as hl07).") var person: String

        func run() throws {
            let holder: KeyHolder
            do {
                holder = try CaseStore.renameKeySlot(path: journal.path, passphrase: PassphraseInput.source(), worker: person)
            } catch let error as StoreError {
                printError(common.text(error.message))
                throw Exit.unusable
            }
            print(common.say("Nyckel \(holder.slot) (\(common.text(holder.role.label))) heter nu \(shown(person)) i \(journal.path). Inga poster skrevs om.",
                             "Key \(holder.slot) (\(common.text(holder.role.label))) is now named \(shown(person)) in \(journal.path). No record was rewritten."))
        }
    }

    static func changeOwnPassphrase(_ path: String, worker: String?, _ common: CommonOptions) throws {
        let holder: KeyHolder
        do {
            holder = try CaseStore.rekey(path: path, current: PassphraseInput.source(), new: newPassphrase(), asWorker: worker)
        } catch let error as StoreError {
            printError(common.text(error.message))
            throw Exit.unusable
        }
        let name = holder.worker.map { shown($0) } ?? common.say("namnlös", "unnamed")
        print(common.say("Lösenfrasen för nyckel \(holder.slot) (\(name)) är bytt i \(path). Inga poster skrevs om.",
                         "The passphrase of key \(holder.slot) (\(name)) of \(path) is changed. No record was rewritten."))
    }
}

/// The demo journal's people (docs/encryption.md, "The demo and test passphrases"): besides the
/// unnamed admin slot under `uppfolj-demo`, two workers and a manager with published passphrases.
enum DemoKeys {
    static let people: [(worker: String, role: KeyRole, passphrase: String)] = [
        ("hl01", .worker, "uppfolj-demo-hl01"),
        ("hl02", .worker, "uppfolj-demo-hl02"),
        ("chef01", .manager, "uppfolj-demo-chef"),
    ]

    /// Adds the demo people's key slots that are missing (the admin's demo passphrase unlocks).
    static func ensure(_ path: String) throws {
        let present = Set(try CaseStore.keySlots(path: path, passphrase: { _ in Passphrase.demo }).slots.compactMap(\.worker))
        for person in people where !present.contains(person.worker) {
            try CaseStore.addKeySlot(path: path, passphrase: { _ in Passphrase.demo },
                                     newPassphrase: { _ in Passphrase(person.passphrase) }, worker: person.worker, role: person.role)
        }
    }
}
