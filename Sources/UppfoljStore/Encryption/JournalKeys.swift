import Crypto
import Foundation
import UppfoljCore
import UppfoljJournal

/// Unlocking, setting up and changing a journal's key. The rules:
/// - a journal is encrypted when its first record is an encryption header (kind `meta`); then every
///   data record is sealed and the key file `<journal>.key` must be there;
/// - the key file is read and unwrapped before the journal is opened (a wrong passphrase changes
///   nothing), then checked against the header's key commitment;
/// - a new journal gets its key file first and its header second, so a crash in between leaves an
///   empty journal whose next open finishes the set-up with the key already on disk.
enum JournalKeys {
    struct Unlocked {
        let ring: KeyRing
        /// The person whose key slot the passphrase opened.
        let holder: KeyHolder
        let key: SymmetricKey
        /// Kept only to migrate a single-passphrase key file (wrapped anew under it); wiped when released.
        let passphrase: Passphrase
        var passphraseIsDemo: Bool { passphrase.isDemo }
        var journalID: [UInt8] { ring.journalID }
    }

    /// Reads and unwraps the key file, if the journal has one: the passphrase is tried against the
    /// key slots (those of `worker` first), and the slot it opens says who is at work. `authorize`
    /// may refuse that person before anything else is read.
    static func unlock(journalPath: String, passphrase: PassphraseSource?, worker: String? = nil,
                       authorize: ((KeyHolder) throws -> Void)? = nil) throws -> Unlocked? {
        guard let ring = try KeyRing.read(journalPath: journalPath) else { return nil }
        guard let passphrase else { throw StoreError.passphraseNeeded(journalPath) }
        let given = try passphrase(.unlock(journal: journalPath))
        guard let (holder, key) = try ring.unwrap(given, preferring: worker) else {
            throw ring.failedUnwrapMeansWrongPassphrase ? StoreError.wrongPassphrase(journalPath)
                : StoreError.wrongPassphraseOrDamagedKeyFile(journalPath)
        }
        try authorize?(holder)
        return Unlocked(ring: ring, holder: holder, key: key, passphrase: given)
    }

    /// The first record's encryption header, if it has one (reads only that record).
    static func header(of journal: any JournalBackend) throws -> EncryptionHeader? {
        struct Stop: Error {}
        var header: EncryptionHeader?
        do {
            try journal.forEachRecord { record in
                if record.kind == .meta { header = EncryptionHeader(payload: record.payload) }
                throw Stop()
            }
        } catch is Stop {
        } catch {
            throw StoreError.journal(error)
        }
        return header
    }

    /// Checks the unlocked key against the journal (or sets up encryption of an empty journal) and
    /// returns the cipher for its records (nil for a plain journal) and whether the passphrase is the
    /// published demo one.
    static func attach(_ journal: any JournalBackend, path: String, unlocked: Unlocked?, passphrase: PassphraseSource?,
                       derivation: KeyDerivation?, writable: Bool? = nil,
                       newKey: NewJournalKey? = nil) throws -> (cipher: RecordCipher?, demo: Bool) {
        // Whether this store may write (a database handle can append even for a read-only store).
        let writable = writable ?? journal.writes
        if let header = try header(of: journal) {
            guard let unlocked else {
                throw StoreError(Localized(
                    sv: "Journalen \(path) är krypterad men nyckelfilen \(KeyFile.path(forJournal: path)) saknas. Lägg tillbaka den (från säkerhetskopian).",
                    en: "The journal \(path) is encrypted but its key file \(KeyFile.path(forJournal: path)) is missing. Put it back (from the backup)."))
            }
            guard header.journalID == unlocked.journalID, header.matches(unlocked.key) else {
                throw StoreError(Localized(
                    sv: "Nyckelfilen \(KeyFile.path(forJournal: path)) hör inte till journalen \(path).",
                    en: "The key file \(KeyFile.path(forJournal: path)) does not belong to the journal \(path)."))
            }
            return (RecordCipher(key: unlocked.key, journalID: header.journalID, domain: .journal), unlocked.passphraseIsDemo)
        }
        guard journal.recordCount == 0 else {
            if unlocked != nil {
                throw StoreError(Localized(
                    sv: "Journalen \(path) är inte krypterad, men det finns en nyckelfil bredvid den; den öppnas inte.",
                    en: "The journal \(path) is not encrypted, yet there is a key file beside it; it is not opened."))
            }
            return (nil, false)
        }
        // An empty journal: set up encryption when it is writable and a passphrase can be had.
        if unlocked != nil && !writable {
            // Its creation stopped between the key file and the encryption header. Read-only it
            // would look like a plain journal (and its access log would be written in the clear).
            throw StoreError(Localized(
                sv: "Journalen \(path) är inte färdigskapad (nyckelfilen finns men journalens krypteringshuvud saknas). Öppna den för skrivning (arbetsbänken eller uppfolj import) så görs skapandet klart.",
                en: "The journal \(path) was not fully created (its key file exists but the journal's encryption header is missing). Open it read-write (the workbench or uppfolj import) to finish creating it."))
        }
        guard writable, let passphrase else { return (nil, false) }
        let key: SymmetricKey
        let journalID: [UInt8]
        let demo: Bool
        if let unlocked {
            // The key file of an interrupted creation: finish it.
            key = unlocked.key
            journalID = unlocked.journalID
            demo = unlocked.passphraseIsDemo
        } else {
            let chosen = try passphrase(.create(journal: path))
            guard chosen.isDemo || chosen.characterCount >= Passphrase.minimumLength else { throw StoreError.passphraseTooShort() }
            // A new journal's key: made here, or before an import's lines were checked (`NewJournalKey`).
            key = newKey?.key ?? SymmetricKey(size: .bits256)
            journalID = newKey?.journalID ?? randomBytes(16)
            // One key slot, the creator's: admin, unnamed (docs/encryption.md, "Key slots and roles").
            let ring = try KeyRing.create(key: key, journalID: journalID, passphrase: chosen, worker: nil, role: .admin,
                                          derivation: derivation ?? (chosen.isDemo ? .demo : .standard),
                                          now: Int64(Date().timeIntervalSince1970))
            try ring.write(journalPath: path)
            demo = chosen.isDemo
        }
        do {
            try journal.append(kind: .meta, payload: EncryptionHeader(journalID: journalID, key: key).payload)
        } catch {
            throw StoreError.journal(error)
        }
        return (RecordCipher(key: key, journalID: journalID, domain: .journal), demo)
    }

    /// The access log's cipher of an encrypted journal, without replaying the journal (for `audit`).
    static func accessLogCipher(journalPath: String, passphrase: PassphraseSource?,
                                authorize: ((KeyHolder) throws -> Void)? = nil) throws -> RecordCipher? {
        guard let unlocked = try unlock(journalPath: journalPath, passphrase: passphrase, authorize: authorize) else { return nil }
        return RecordCipher(key: unlocked.key, journalID: unlocked.journalID, domain: .journal).forAccessLog()
    }
}

extension StoreError {
    static func wrongPassphraseOrDamagedKeyFile(_ journal: String) -> StoreError {
        let key = KeyFile.path(forJournal: journal)
        return StoreError(Localized(
            sv: "Journalen \(journal) kunde inte låsas upp: fel lösenfras, eller så är nyckelfilen \(key) skadad (den är av den äldre sorten utan kontrollsumma, så de två går inte att skilja åt; uppfolj rekey skriver en ny med kontrollsumma). Ingenting ändrades.",
            en: "The journal \(journal) could not be unlocked: a wrong passphrase, or the key file \(key) is damaged (it is of the older kind without a check, so the two cannot be told apart; uppfolj rekey writes a new one with a check). Nothing was changed."))
    }

    static func passphraseNeeded(_ journal: String) -> StoreError {
        StoreError(Localized(
            sv: "Journalen \(journal) är krypterad: en lösenfras behövs (i terminalen, eller i en fil som UPPFOLJ_PASSPHRASE_FILE pekar på).",
            en: "The journal \(journal) is encrypted: a passphrase is needed (at the terminal, or in a file named by UPPFOLJ_PASSPHRASE_FILE)."))
    }
}

extension CaseStore {
    /// The access log's cipher for `audit` (nil for a plain journal); asks for the passphrase.
    public static func accessLogCipher(journalPath: String, passphrase: PassphraseSource?,
                                       authorize: ((KeyHolder) throws -> Void)? = nil) throws -> RecordCipher? {
        try JournalKeys.accessLogCipher(journalPath: journalPath, passphrase: passphrase, authorize: authorize)
    }
}
