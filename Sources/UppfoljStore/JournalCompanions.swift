import Foundation
import UppfoljCore
import UppfoljJournal

/// The journal's companion files (`<journal>.key`, `<journal>.access`) as evidence: what they prove
/// about a journal that is missing, and what an interrupted creation or rekey leaves behind.
enum JournalCompanions {
    /// True when something (a file, a link, anything) is at `path`; links are not followed.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// A key file, or an access log with entries, proves a journal existed at `path`: refuse to
    /// start a new, empty one there (it would open as "0 cases" and hide the loss).
    static func refuseToReplaceLostJournal(_ path: String) throws {
        let key = KeyFile.path(forJournal: path)
        let access = AccessLog.path(forJournal: path)
        var evidence: [String] = []
        if exists(key) { evidence.append(key) }
        var info = stat()
        if lstat(access, &info) == 0, info.st_size > 32 { evidence.append(access) }
        guard !evidence.isEmpty else { return }
        let files = evidence.joined(separator: ", ")
        throw StoreError(Localized(
            sv: "Journalen \(path) saknas, men \(files) finns: en journal har funnits här. En ny tom journal skapas inte i dess ställe (det skulle dölja att den försvann). Lägg tillbaka journalen från en säkerhetskopia. Ska en ny journal verkligen börja här: flytta först undan \(files).",
            en: "The journal \(path) is missing, but \(files) exists: a journal was here. A new empty journal is not created in its place (that would hide that it was lost). Restore the journal from a backup. If a new journal really should start here, first move \(files) away."))
    }

    /// A key file written under its temporary name by an interrupted `rekey` (or creation) holds
    /// the journal key wrapped under a passphrase that was never confirmed: remove it. Called only
    /// with the journal's write lock held, so no rekey is writing it at this moment.
    static func removeUnfinishedKeyFile(_ path: String) {
        unlink(KeyFile.path(forJournal: path) + ".new")
    }

    /// A journal this call created (header only, perhaps its encryption header) whose set-up then
    /// failed (no passphrase, a refused one): remove it and the key file made for it, so that a
    /// refused command leaves no stub behind.
    static func removeUnfinishedCreation(_ path: String, journal: Journal, keyExisted: Bool) {
        guard journal.recordCount <= 1 else { return }
        journal.close()
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= 32 + 41 + 64 else { return }
        unlink(path)
        if !keyExisted { unlink(KeyFile.path(forJournal: path)) }
    }
}

extension StoreError {
    /// A reader found an incomplete end while no writer is at work: the journal needs attention
    /// before figures are read from it.
    static func needsAttention(path: String, torn: TornTail, cutByItself: Bool) -> StoreError {
        if torn.inHeader {
            let fault = JournalFault(record: nil, offset: 0, reason: .tornHeader(bytes: torn.bytes))
            return StoreError(Localized(
                sv: "Journalen \(path) behöver åtgärdas: \(fault.svMessage). Inga siffror visas från den. Lägg tillbaka journalen från en säkerhetskopia (uppfolj repair --yes skriver ett nytt filhuvud och sparar först en kopia).",
                en: "The journal \(path) needs attention: \(fault.enMessage). No figures are shown from it. Restore the journal from a backup (uppfolj repair --yes writes a new file header, keeping a copy first)."))
        }
        let remedy = cutByItself
            ? Localized(sv: "Nästa öppning för skrivning (arbetsbänken eller uppfolj import) klipper bort det och sparar de borttagna byten bredvid journalen; eller kör uppfolj repair --yes \(path).",
                        en: "The next read-write open (the workbench or uppfolj import) cuts it off and saves the removed bytes beside the journal; or run uppfolj repair --yes \(path).")
            : Localized(sv: "Kör uppfolj repair --yes \(path) (den sparar först en säkerhetskopia av hela filen), eller lägg tillbaka journalen från en säkerhetskopia.",
                        en: "Run uppfolj repair --yes \(path) (it first keeps a backup of the whole file), or restore the journal from a backup.")
        return StoreError(Localized(
            sv: "Journalen \(path) behöver åtgärdas: den slutar ofullständigt (\(torn.svContents)) och ingen skriver i den just nu. Inga siffror visas från den, eftersom de skulle sakna det som finns där. \(remedy.sv)",
            en: "The journal \(path) needs attention: it ends incompletely (\(torn.enContents)) and nobody is writing to it now. No figures are shown from it, as they would miss what is there. \(remedy.en)"))
    }
}
