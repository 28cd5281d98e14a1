import Crypto
import Foundation
import UppfoljCore
import UppfoljJournal

/// Key slots (issue 16): `uppfolj key list/add/remove/passwd` and `rekey`. Every change of the key
/// file is a read-modify-write under the journal's write lock (so it never interleaves with another
/// writer's, nor with a workbench noting its last use), written atomically (temporary file 0600,
/// O_EXCL|O_NOFOLLOW, fsync, rename, fsync of the folder). A single-passphrase key file (version 1
/// or 2) is migrated by the first change: its wrap becomes slot 1, an unnamed admin.
extension CaseStore {
    /// The key slots (no secret); only an admin may list them.
    public static func keySlots(path: String, passphrase: @escaping PassphraseSource, worker: String? = nil) throws
        -> (holder: KeyHolder, slots: [KeySlotInfo], migrationPending: Bool) {
        let unlocked = try unlockForKeys(path: path, passphrase: passphrase, worker: worker, admin: true)
        return (unlocked.holder, unlocked.ring.slots.map(\.info), unlocked.ring.isLegacy)
    }

    /// Adds a key slot for `worker` with `role`, wrapping the journal key under `newPassphrase`.
    /// Only an admin may; the admin's passphrase unlocks first. Returns the new slot.
    @discardableResult
    public static func addKeySlot(path: String, passphrase: @escaping PassphraseSource, newPassphrase: @escaping PassphraseSource,
                                  worker: String, role: KeyRole, derivation: KeyDerivation? = nil,
                                  asWorker: String? = nil, now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> KeySlotInfo {
        try KeyRing.checkWorkerID(worker)
        return try changeKeys(path: path, passphrase: passphrase, worker: asWorker, admin: true, now: now) { unlocked, ring in
            if let taken = ring.slots.first(where: { $0.worker == worker }) {
                throw StoreError(Localized(
                    sv: "\(worker) har redan nyckel \(taken.id). Byt dess lösenfras med uppfolj key passwd, eller ta bort den först.",
                    en: "\(worker) already has key \(taken.id). Change its passphrase with uppfolj key passwd, or remove it first."))
            }
            let chosen = try newPassphrase(.create(journal: path))
            guard chosen.isDemo || chosen.characterCount >= Passphrase.minimumLength else { throw StoreError.passphraseTooShort() }
            if try ring.unwrap(chosen) != nil {
                throw StoreError(Localized(sv: "Den lösenfrasen öppnar redan en annan nyckel; välj en egen.",
                                           en: "That passphrase already opens another key; choose one of the person's own."))
            }
            let id = try ring.add(key: unlocked.key, passphrase: chosen, worker: worker, role: role,
                                  derivation: derivation ?? (chosen.isDemo ? .demo : .standard), now: now)
            return ring.slots.first { Int($0.id) == id }!.info
        }
    }

    /// Removes key slot `slot`: its passphrase no longer unlocks this key file. Only an admin may,
    /// and the last admin slot is never removed. What removal cannot do: docs/encryption.md.
    @discardableResult
    public static func removeKeySlot(path: String, passphrase: @escaping PassphraseSource, slot: Int, asWorker: String? = nil,
                                     now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> KeySlotInfo {
        try changeKeys(path: path, passphrase: passphrase, worker: asWorker, admin: true, now: now) { _, ring in
            guard let index = ring.slots.firstIndex(where: { Int($0.id) == slot }) else {
                throw StoreError(Localized(sv: "Det finns ingen nyckel \(slot) (se uppfolj key list).",
                                           en: "There is no key \(slot) (see uppfolj key list)."))
            }
            let removed = ring.slots[index]
            if removed.role == .admin && ring.slots.filter({ $0.role == .admin }).count == 1 {
                throw StoreError(Localized(
                    sv: "Nyckel \(slot) är den sista administratörsnyckeln; den tas inte bort (lägg först till en annan med --role admin).",
                    en: "Key \(slot) is the last admin key; it is not removed (add another with --role admin first)."))
            }
            ring.slots.remove(at: index)
            return removed.info
        }
    }

    /// Changes the passphrase of the unlocking person's own key slot (`key passwd`, `rekey`): the
    /// journal key is wrapped anew (fresh salt) under `new`. No record is rewritten.
    @discardableResult
    public static func rekey(path: String, current: @escaping PassphraseSource, new: PassphraseSource,
                             derivation: KeyDerivation? = nil, asWorker: String? = nil,
                             now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> KeyHolder {
        try changeKeys(path: path, passphrase: current, worker: asWorker, admin: false, now: now) { unlocked, ring in
            let chosen = try new(.change(journal: path))
            guard chosen.isDemo || chosen.characterCount >= Passphrase.minimumLength else { throw StoreError.passphraseTooShort() }
            guard let index = ring.slots.firstIndex(where: { Int($0.id) == unlocked.holder.slot }) else {
                throw StoreError.keyRemovedMeanwhile(unlocked.holder.slot)
            }
            let old = ring.slots[index]
            var replacement = ring
            replacement.slots = [old]
            replacement.nextSlotID = old.id
            try replacement.add(key: unlocked.key, passphrase: chosen, worker: old.worker.isEmpty ? nil : old.worker,
                                role: old.role, derivation: derivation ?? (chosen.isDemo ? .demo : .standard), now: old.created)
            ring.slots[index] = replacement.slots[1]
            ring.slots[index].lastUsed = now   // changing one's passphrase is a use
            return unlocked.holder
        }
    }

    /// Names the unlocking person's own key slot `worker` (`key rename`), when it has no name: the
    /// first slot of a journal created before key slots or migrated from a single-passphrase key
    /// file, whose holder was named only by `--worker` or the OS user. From then on unlocking with
    /// it stamps `worker` on events and access entries. The name is bound into the slot's wrap, so
    /// the journal key is wrapped anew under the same passphrase (fresh salt; id, role, creation
    /// time kept); only the holder, who knows the passphrase, can do it. A slot that has a name
    /// keeps it: events already carry it (to hand a key to someone else, add theirs and remove it).
    @discardableResult
    public static func renameKeySlot(path: String, passphrase: @escaping PassphraseSource, worker: String,
                                     now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> KeyHolder {
        try KeyRing.checkWorkerID(worker)
        return try changeKeys(path: path, passphrase: passphrase, worker: nil, admin: false, now: now) { unlocked, ring in
            guard let index = ring.slots.firstIndex(where: { Int($0.id) == unlocked.holder.slot }) else {
                throw StoreError.keyRemovedMeanwhile(unlocked.holder.slot)
            }
            let old = ring.slots[index]
            guard old.worker.isEmpty else {
                throw StoreError(Localized(
                    sv: "Nyckel \(old.id) heter redan \(old.worker); bara en namnlös nyckel kan få ett namn (händelser och åtkomstposter bär redan namnet). Lägg hellre till en ny nyckel (uppfolj key add) och ta bort den gamla.",
                    en: "Key \(old.id) is already named \(old.worker); only an unnamed key can be given a name (events and access entries already carry the name). Add a new key instead (uppfolj key add) and remove the old one."))
            }
            if let taken = ring.slots.first(where: { $0.worker == worker }) {
                throw StoreError(Localized(sv: "\(worker) har redan nyckel \(taken.id); välj ett annat handläggar-id.",
                                           en: "\(worker) already has key \(taken.id); choose another worker id."))
            }
            var replacement = ring
            replacement.slots = [old]
            replacement.nextSlotID = old.id
            try replacement.add(key: unlocked.key, passphrase: unlocked.passphrase, worker: worker, role: old.role,
                                derivation: old.derivation, now: old.created)
            ring.slots[index] = replacement.slots[1]
            ring.slots[index].lastUsed = now
            return ring.slots[index].holder
        }
    }

    /// Whether `passphrase` opens the key slot of the person who unlocked this store (the idle
    /// lock asks for it again). Read from the key file as it is now: a slot removed meanwhile no
    /// longer opens. Costs one key derivation per slot tried.
    public func opensOwnKeySlot(_ passphrase: Passphrase) throws -> Bool {
        guard let holder = keyHolder, let ring = try KeyRing.read(journalPath: path) else { return false }
        guard let (found, _) = try ring.unwrap(passphrase, preferring: holder.worker) else { return false }
        return found.slot == holder.slot && found.worker == holder.worker
    }

    /// Notes that `holder` unlocked the journal now (`key list`'s "last used"); under `journal`'s
    /// write lock, which the caller holds. Nothing is written for a single-passphrase key file.
    static func noteKeyUse(path: String, holder: KeyHolder, now: Int64) throws {
        guard var ring = try KeyRing.read(journalPath: path), !ring.isLegacy,
              let index = ring.slots.firstIndex(where: { Int($0.id) == holder.slot }) else { return }
        ring.slots[index].lastUsed = now
        try ring.write(journalPath: path)
    }

    private static func unlockForKeys(path: String, passphrase: @escaping PassphraseSource, worker: String?, admin: Bool) throws
        -> JournalKeys.Unlocked {
        try JournalLocation.checkPermissions(journalPath: path)
        guard let unlocked = try JournalKeys.unlock(journalPath: path, passphrase: passphrase, worker: worker, authorize: { holder in
            if admin && holder.role != .admin { throw StoreError.roleRefused(holder, needed: [.admin], what: keyManagementWhat) }
        }) else {
            throw StoreError(Localized(
                sv: "Journalen \(path) har ingen nyckelfil (\(KeyFile.path(forJournal: path))): den är inte krypterad eller finns inte.",
                en: "The journal \(path) has no key file (\(KeyFile.path(forJournal: path))): it is not encrypted or does not exist."))
        }
        return unlocked
    }

    static let keyManagementWhat = Localized(sv: "nyckelhantering", en: "key management")

    /// Unlocks, then under the journal's write lock re-reads the key file, checks it still belongs
    /// to the journal and still holds the unlocking slot, migrates a single-passphrase file, lets
    /// `change` edit the slots and writes the result atomically.
    private static func changeKeys<T>(path: String, passphrase: @escaping PassphraseSource, worker: String?, admin: Bool, now: Int64,
                                      _ change: (JournalKeys.Unlocked, inout KeyRing) throws -> T) throws -> T {
        let unlocked = try unlockForKeys(path: path, passphrase: passphrase, worker: worker, admin: admin)
        let journal: any JournalBackend
        do {
            journal = try JournalPlace(path).openJournal(writes: true)
        } catch {
            throw StoreError.journal(error)
        }
        defer { journal.close() }
        do {
            return try journal.withWriteLock(keeping: 0) { _ in
                if !JournalPlace(path).isDatabase { JournalCompanions.removeUnfinishedKeyFile(path) }
                if let header = try JournalKeys.header(of: journal),
                   header.journalID != unlocked.journalID || !header.matches(unlocked.key) {
                    throw StoreError(Localized(
                        sv: "Nyckelfilen \(KeyFile.path(forJournal: path)) hör inte till journalen \(path).",
                        en: "The key file \(KeyFile.path(forJournal: path)) does not belong to the journal \(path)."))
                }
                guard var ring = try KeyRing.read(journalPath: path), ring.journalID == unlocked.journalID else {
                    throw StoreError.keyRemovedMeanwhile(unlocked.holder.slot)
                }
                if ring.isLegacy {
                    ring = try ring.migrated(key: unlocked.key, passphrase: unlocked.passphrase)
                } else if !ring.slots.contains(where: { Int($0.id) == unlocked.holder.slot && $0.role == unlocked.holder.role }) {
                    throw StoreError.keyRemovedMeanwhile(unlocked.holder.slot)
                }
                let result = try change(unlocked, &ring)
                try ring.write(journalPath: path)
                return result
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
    }
}

extension StoreError {
    static func keyRemovedMeanwhile(_ slot: Int) -> StoreError {
        StoreError(Localized(sv: "Nyckel \(slot) togs bort (eller byttes) medan kommandot väntade; ingenting ändrades.",
                             en: "Key \(slot) was removed (or replaced) while the command waited; nothing was changed."))
    }

    /// The unlocking person's role does not allow `what`.
    public static func roleRefused(_ holder: KeyHolder, needed: Set<KeyRole>, what: Localized) -> StoreError {
        let who = holder.worker ?? "nyckel \(holder.slot)"
        let whoEn = holder.worker ?? "key \(holder.slot)"
        let allowed = (needed.union([.admin])).sorted()
        return StoreError(Localized(
            sv: "\(who) har rollen \(holder.role.label.sv) och får inte använda \(what.sv) (kräver \(allowed.map(\.label.sv).joined(separator: " eller "))). Ingenting lästes.",
            en: "\(whoEn) has the role \(holder.role.label.en) and may not use \(what.en) (needs \(allowed.map(\.label.en).joined(separator: " or "))). Nothing was read."))
    }
}
