import Crypto
import Foundation
import UppfoljCore
import UppfoljJournal

/// What a person may do with the journal (issue 16). Enforced by the program over one shared
/// journal key: see docs/encryption.md, "Key slots and roles", for what that can and cannot stop.
public enum KeyRole: UInt8, Sendable, CaseIterable, Comparable {
    /// The workbench, `log`, `case`, `import`: the cases' content.
    case worker = 1
    /// The dashboard, `export`, `audit`: figures and the access log, never a single case's content.
    case manager = 2
    /// Everything, and key management, `repair`, `export --override-policy`.
    case admin = 3

    public static func < (a: KeyRole, b: KeyRole) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .worker: "worker"
        case .manager: "manager"
        case .admin: "admin"
        }
    }

    public var label: Localized {
        switch self {
        case .worker: Localized(sv: "handläggare", en: "worker")
        case .manager: Localized(sv: "chef", en: "manager")
        case .admin: Localized(sv: "administratör", en: "admin")
        }
    }

    public init?(name: String) {
        guard let role = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = role
    }

    /// Whether a holder of this role may do what `needed` allows (admin may do everything).
    public func allows(_ needed: Set<KeyRole>) -> Bool { self == .admin || needed.contains(self) }
}

/// Who unlocked the journal: the key slot whose passphrase was given.
public struct KeyHolder: Sendable, Equatable {
    public let slot: Int
    /// The person's worker id; nil for an unnamed slot (the first slot of a journal created or
    /// migrated from a single-passphrase key file): then `--worker` or the OS user names the person.
    public let worker: String?
    public let role: KeyRole

    public init(slot: Int, worker: String?, role: KeyRole) {
        self.slot = slot
        self.worker = worker
        self.role = role
    }
}

/// One key slot as `uppfolj key list` shows it: no secret.
public struct KeySlotInfo: Sendable, Equatable {
    public let id: Int
    public let worker: String?
    public let role: KeyRole
    /// Seconds since 1970; 0 = not known (a migrated single-passphrase key file).
    public let created: Int64
    /// Seconds since 1970 of the last unlock by a program that writes; 0 = never.
    public let lastUsed: Int64
}

/// One wrap of the journal key, for one person.
struct KeySlot: Sendable, Equatable {
    var id: UInt16
    var role: KeyRole
    /// Empty = unnamed.
    var worker: String
    var created: Int64
    var derivation: KeyDerivation
    var salt: [UInt8]
    var nonce: [UInt8]
    var wrapped: [UInt8]
    /// Not authenticated by the wrap (it changes at every use); covered by the file's check only.
    var lastUsed: Int64

    /// Everything of the slot the wrap authenticates: id, role, worker, created, KDF, salt.
    var boundBytes: [UInt8] {
        var out: [UInt8] = []
        appendLE(id, &out)
        out.append(role.rawValue)
        out.append(UInt8(worker.utf8.count))
        out += Array(worker.utf8)
        appendLE(created, &out)
        out.append(1)
        out.append(derivation.log2N)
        appendLE(derivation.blockSize, &out)
        appendLE(derivation.parallelism, &out)
        out += salt
        out.append(1)
        return out
    }

    var bytes: [UInt8] {
        var out = boundBytes
        out += nonce
        out += wrapped
        appendLE(lastUsed, &out)
        return out
    }

    var info: KeySlotInfo {
        KeySlotInfo(id: Int(id), worker: worker.isEmpty ? nil : worker, role: role, created: created, lastUsed: lastUsed)
    }

    var holder: KeyHolder { KeyHolder(slot: Int(id), worker: worker.isEmpty ? nil : worker, role: role) }
}

/// The key file with key slots (version 3), or an older single-passphrase key file read as one
/// unnamed admin slot (migrated, that is rewritten as version 3, by the first key command).
///
///     0   8  magic "UPPFKEY\0"
///     8   2  version (3)
///     10 16  journal id
///     26  2  next slot id (ids are never reused)
///     28  1  slot count (1…64)
///     29  …  the slots, each:
///              2 id · 1 role (1 worker, 2 manager, 3 admin) · 1 length w · w worker id (ASCII) ·
///              8 created (i64, s) · 1 KDF (1 = scrypt) · 1 log2 N · 4 r · 4 p · 16 salt ·
///              1 wrap cipher (1 = AES-256-GCM) · 12 nonce · 48 wrapped key and tag · 8 last used (i64, s)
///     end 32  SHA-256 of every byte before it: tells a damaged file from a wrong passphrase
///
/// The associated data of a slot's wrap is magic ‖ version ‖ journal id ‖ the slot's bytes up to
/// its nonce: its id, role and worker cannot be changed in the file without the unwrap failing.
struct KeyRing: Sendable, Equatable {
    static let version: UInt16 = 3
    static let maxSlots = 64
    static let maxWorkerLength = 32

    var journalID: [UInt8]
    var nextSlotID: UInt16
    var slots: [KeySlot]
    /// Set when the file on disk is a version 1 or 2 single-passphrase key file.
    var legacy: KeyFile?

    var isLegacy: Bool { legacy != nil }

    private var prefix: [UInt8] {
        var out = KeyFile.magic
        appendLE(Self.version, &out)
        out += journalID
        return out
    }

    func associatedData(_ slot: KeySlot) -> [UInt8] { prefix + slot.boundBytes }

    var bytes: [UInt8] {
        var out = prefix
        appendLE(nextSlotID, &out)
        out.append(UInt8(slots.count))
        for slot in slots { out += slot.bytes }
        return out + Array(SHA256.hash(data: out))
    }

    /// A ring with one slot wrapping `key` under `passphrase`.
    static func create(key: SymmetricKey, journalID: [UInt8], passphrase: Passphrase, worker: String?, role: KeyRole,
                       derivation: KeyDerivation, now: Int64) throws -> KeyRing {
        var ring = KeyRing(journalID: journalID, nextSlotID: 1, slots: [], legacy: nil)
        try ring.add(key: key, passphrase: passphrase, worker: worker, role: role, derivation: derivation, now: now)
        return ring
    }

    /// Adds a slot wrapping `key` (fresh salt and nonce); returns its id.
    @discardableResult
    mutating func add(key: SymmetricKey, passphrase: Passphrase, worker: String?, role: KeyRole,
                      derivation: KeyDerivation, now: Int64) throws -> Int {
        precondition(legacy == nil, "migrate first")
        guard slots.count < Self.maxSlots else {
            throw StoreError(Localized(sv: "Nyckelfilen har redan \(Self.maxSlots) nycklar (det högsta antalet).",
                                       en: "The key file already holds \(Self.maxSlots) keys (the most it can)."))
        }
        var slot = KeySlot(id: nextSlotID, role: role, worker: worker ?? "", created: now, derivation: derivation,
                           salt: randomBytes(16), nonce: [], wrapped: [], lastUsed: 0)
        let wrappingKey = try derivation.deriveKey(passphrase, salt: slot.salt)
        var plainKey = key.withUnsafeBytes { Array($0) }
        defer { Passphrase.wipe(&plainKey) }
        let box = try AES.GCM.seal(plainKey, using: wrappingKey, authenticating: associatedData(slot))
        slot.nonce = Array(box.nonce)
        slot.wrapped = Array(box.ciphertext) + Array(box.tag)
        slots.append(slot)
        nextSlotID += 1
        return Int(slot.id)
    }

    /// The journal key and who holds it, or nil when the passphrase opens no slot. Slots of
    /// `preferring` (a worker id) are tried first; each try costs one key derivation.
    func unwrap(_ passphrase: Passphrase, preferring worker: String? = nil) throws -> (KeyHolder, SymmetricKey)? {
        if let legacy {
            guard let key = try legacy.unwrap(passphrase) else { return nil }
            return (slots[0].holder, key)
        }
        let ordered = slots.filter { $0.worker == worker } + slots.filter { $0.worker != worker }
        for slot in ordered {
            let wrappingKey = try slot.derivation.deriveKey(passphrase, salt: slot.salt)
            guard let box = try? AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: slot.nonce), ciphertext: slot.wrapped.prefix(32),
                                                   tag: slot.wrapped.suffix(16)),
                  var key = try? AES.GCM.open(box, using: wrappingKey, authenticating: associatedData(slot)) else { continue }
            defer { key.resetBytes(in: 0..<key.count) }
            return (slot.holder, SymmetricKey(data: key))
        }
        return nil
    }

    /// Whether a failed unwrap proves a wrong passphrase (the file's check is intact).
    var failedUnwrapMeansWrongPassphrase: Bool { legacy?.failedUnwrapMeansWrongPassphrase ?? true }

    /// The old single-passphrase file as a ring of one slot (id 1, admin, unnamed), wrapped anew
    /// under the same passphrase (which the caller has just unlocked it with).
    /// Its creation time is not known (0; the wrap binds it, so it is given to the wrap).
    func migrated(key: SymmetricKey, passphrase: Passphrase) throws -> KeyRing {
        guard let legacy else { return self }
        return try KeyRing.create(key: key, journalID: legacy.journalID, passphrase: passphrase, worker: nil, role: .admin,
                                  derivation: legacy.derivation, now: 0)
    }

    static func fromLegacy(_ file: KeyFile) -> KeyRing {
        let slot = KeySlot(id: 1, role: .admin, worker: "", created: 0, derivation: file.derivation, salt: file.salt,
                           nonce: file.nonce, wrapped: file.wrapped, lastUsed: 0)
        return KeyRing(journalID: file.journalID, nextSlotID: 2, slots: [slot], legacy: file)
    }

    init(journalID: [UInt8], nextSlotID: UInt16, slots: [KeySlot], legacy: KeyFile?) {
        self.journalID = journalID
        self.nextSlotID = nextSlotID
        self.slots = slots
        self.legacy = legacy
    }

    /// Parses a key file of any version this program knows; nil when it is damaged or unknown.
    init?(bytes: [UInt8]) {
        guard bytes.count >= 10, Array(bytes[0..<8]) == KeyFile.magic else { return nil }
        let version = UInt16(bytes[8]) | UInt16(bytes[9]) << 8
        if version == 1 || version == 2 {
            guard let file = KeyFile(bytes: bytes) else { return nil }
            self = Self.fromLegacy(file)
            return
        }
        guard version == Self.version, bytes.count >= 29 + 32 else { return nil }
        let body = bytes[0..<bytes.count - 32]
        guard Array(SHA256.hash(data: body)) == Array(bytes[(bytes.count - 32)...]) else { return nil }
        var at = 10
        func take(_ n: Int) -> ArraySlice<UInt8>? {
            guard at + n <= body.count else { return nil }
            defer { at += n }
            return body[at..<at + n]
        }
        func int<T: FixedWidthInteger>(_ type: T.Type) -> T? {
            guard let raw = take(MemoryLayout<T>.size) else { return nil }
            return raw.reversed().reduce(T(0)) { $0 << 8 | T($1) }
        }
        guard let id = take(16), let next = int(UInt16.self), let count = take(1)?.first,
              (1...Self.maxSlots).contains(Int(count)) else { return nil }
        journalID = Array(id)
        nextSlotID = next
        legacy = nil
        slots = []
        for _ in 0..<count {
            guard let slotID = int(UInt16.self), slotID >= 1, slotID < next,
                  let roleByte = take(1)?.first, let role = KeyRole(rawValue: roleByte),
                  let length = take(1)?.first, Int(length) <= Self.maxWorkerLength,
                  let name = take(Int(length)), let worker = String(validating: Array(name), as: UTF8.self),
                  let created = int(Int64.self), take(1)?.first == 1,
                  let log2N = take(1)?.first, let r = int(UInt32.self), let p = int(UInt32.self),
                  let salt = take(16), take(1)?.first == 1, let nonce = take(12), let wrapped = take(48),
                  let lastUsed = int(Int64.self) else { return nil }
            let derivation = KeyDerivation(log2N: log2N, blockSize: r, parallelism: p)
            guard derivation.isAcceptable, !slots.contains(where: { $0.id == slotID }) else { return nil }
            slots.append(KeySlot(id: slotID, role: role, worker: worker, created: created, derivation: derivation,
                                 salt: Array(salt), nonce: Array(nonce), wrapped: Array(wrapped), lastUsed: lastUsed))
        }
        guard at == body.count else { return nil }
    }

    // MARK: files

    /// Reads and parses the key file of a journal (any version); nil when there is none.
    static func read(journalPath: String) throws -> KeyRing? {
        guard let data = try KeyFile.readBytes(journalPath: journalPath) else { return nil }
        guard let ring = KeyRing(bytes: data) else { throw StoreError.keyFileDamaged(KeyFile.path(forJournal: journalPath)) }
        return ring
    }

    /// Writes the key file atomically (see `KeyFile.writeAtomically`).
    func write(journalPath: String) throws {
        if let legacy { return try legacy.write(journalPath: journalPath) }
        try KeyFile.writeAtomically(bytes, journalPath: journalPath)
    }

    /// A worker id a key slot may carry: 1…32 of a–z, 0–9, '.', '_', '-' (a pseudonymous handle),
    /// never a personal identity number.
    static func checkWorkerID(_ worker: String) throws {
        let allowed = worker.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-"
        }
        guard allowed, (1...maxWorkerLength).contains(worker.utf8.count),
              Validator.textProblems(worker, field: .worker).isEmpty else {
            throw StoreError(Localized(
                sv: "Handläggar-id:t \"\(SafeText.display(worker))\" går inte att använda: 1–\(maxWorkerLength) tecken av a–z, 0–9, '.', '_', '-' (en pseudonym, aldrig ett personnummer).",
                en: "The worker id \"\(SafeText.display(worker))\" cannot be used: 1–\(maxWorkerLength) characters of a–z, 0–9, '.', '_', '-' (a pseudonym, never an identity number)."))
        }
    }
}
