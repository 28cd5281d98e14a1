import Crypto
import _CryptoExtras
import Foundation
import UppfoljPostgres
import UppfoljJournal
import UppfoljCore

/// scrypt's cost parameters, stored in the key file so they can be raised later without a new format.
public struct KeyDerivation: Sendable, Equatable {
    /// log2 of N (CPU/memory cost).
    public var log2N: UInt8
    /// Block size r.
    public var blockSize: UInt32
    /// Parallelism p.
    public var parallelism: UInt32

    /// N = 2^17, r = 8, p = 1: 128 MiB and ~0.3 s per unlock on this machine kind (release build).
    /// The memory makes guessing on GPUs and ASICs costly; the time is paid once per start.
    public static let standard = KeyDerivation(log2N: 17, blockSize: 8, parallelism: 1)

    /// N = 2^10: only for the published demo passphrase, which no KDF cost can protect (anyone can
    /// read it in the README); keeps tests and the demo quick.
    public static let demo = KeyDerivation(log2N: 10, blockSize: 8, parallelism: 1)

    /// What a key file may ask for: a crafted file must not make us allocate gigabytes.
    var isAcceptable: Bool {
        (10...22).contains(log2N) && (1...32).contains(blockSize) && (1...16).contains(parallelism)
            && (1 << Int(log2N)) * 128 * Int(blockSize) <= 1 << 30
    }

    /// One derivation with a fresh salt, the key thrown away: what an unlock costs (the benchmark).
    public func measureOnce(_ passphrase: Passphrase) throws {
        _ = try deriveKey(passphrase, salt: randomBytes(16))
    }

    func deriveKey(_ passphrase: Passphrase, salt: [UInt8]) throws -> SymmetricKey {
        try passphrase.withBytes { bytes in
            try KDF.Scrypt.deriveKey(from: bytes, salt: salt, outputByteCount: 32, rounds: 1 << Int(log2N),
                                     blockSize: Int(blockSize), parallelism: Int(parallelism))
        }
    }
}

/// The key file next to the journal (`<journal>.key`): the journal key wrapped (AES-256-GCM) by a
/// key derived from the passphrase (scrypt). 113 bytes, all little-endian:
///
///     0   8  magic "UPPFKEY\0"
///     8   2  version (1)
///     10  1  KDF (1 = scrypt)
///     11  1  log2 N
///     12  4  r
///     16  4  p
///     20 16  salt (random per wrap)
///     36 16  journal id (random per journal; also in the journal's encryption header)
///     52  1  wrap cipher (1 = AES-256-GCM)
///     53 12  nonce
///     65 48  wrapped journal key (32) + tag (16); bytes 0..<53 are the associated data
///     113 32 (version 2 only) SHA-256 of bytes 0..<113: tells a damaged file from a wrong passphrase
///
/// A separate file, replaced atomically by `rekey`, rather than a record in the append-only journal:
/// an old wrap left in the journal would keep opening it with the old passphrase for ever.
public struct KeyFile: Sendable, Equatable {
    static let magic: [UInt8] = Array("UPPFKEY".utf8) + [0]
    /// Version 1 (no check) is 113 bytes; version 2 adds a 32-byte SHA-256 of those bytes.
    static let length = 113
    static let checkedLength = length + 32
    static let headerLength = 53

    /// 2 for files this version writes; 1 for older ones (read, and rewritten by `rekey`).
    var version: UInt16 = 2
    public var derivation: KeyDerivation
    var salt: [UInt8]
    public var journalID: [UInt8]
    var nonce: [UInt8]
    var wrapped: [UInt8]

    public static func path(forJournal journalPath: String) -> String { journalPath + ".key" }

    /// Wraps `journalKey` under `passphrase` with a fresh salt and nonce.
    static func wrap(_ journalKey: SymmetricKey, journalID: [UInt8], passphrase: Passphrase,
                     derivation: KeyDerivation) throws -> KeyFile {
        let salt = randomBytes(16)
        let wrappingKey = try derivation.deriveKey(passphrase, salt: salt)
        var file = KeyFile(derivation: derivation, salt: salt, journalID: journalID, nonce: [], wrapped: [])
        var plainKey = journalKey.withUnsafeBytes { Array($0) }
        defer { Passphrase.wipe(&plainKey) }
        let box = try AES.GCM.seal(plainKey, using: wrappingKey, authenticating: file.associatedData)
        file.nonce = Array(box.nonce)
        file.wrapped = Array(box.ciphertext) + Array(box.tag)
        return file
    }

    /// The journal key, or nil when the passphrase is wrong (or the file was altered).
    func unwrap(_ passphrase: Passphrase) throws -> SymmetricKey? {
        let wrappingKey = try derivation.deriveKey(passphrase, salt: salt)
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce), ciphertext: wrapped.prefix(32),
                                            tag: wrapped.suffix(16))
            var key = try AES.GCM.open(box, using: wrappingKey, authenticating: associatedData)
            defer { key.resetBytes(in: 0..<key.count) }
            return SymmetricKey(data: key)
        } catch {
            return nil
        }
    }

    var associatedData: [UInt8] { Array(wrappedBody.prefix(Self.headerLength)) }

    var bytes: [UInt8] {
        let body = wrappedBody
        return version >= 2 ? body + Array(SHA256.hash(data: body)) : body
    }

    private var wrappedBody: [UInt8] {
        var out = Self.magic
        appendLE(version, &out)
        out.append(1)
        out.append(derivation.log2N)
        appendLE(derivation.blockSize, &out)
        appendLE(derivation.parallelism, &out)
        out += salt
        out += journalID
        out.append(1)
        out += nonce
        out += wrapped
        return out
    }

    init(derivation: KeyDerivation, salt: [UInt8], journalID: [UInt8], nonce: [UInt8], wrapped: [UInt8]) {
        self.derivation = derivation
        self.salt = salt
        self.journalID = journalID
        self.nonce = nonce
        self.wrapped = wrapped
    }

    /// Parses a key file; nil when it is not one this version can use (or, for version 2, when
    /// its check does not match: the file is damaged).
    init?(bytes: [UInt8]) {
        guard bytes.count >= Self.length, Array(bytes[0..<8]) == Self.magic, bytes[9] == 0,
              bytes[10] == 1, bytes[52] == 1 else { return nil }
        switch bytes[8] {
        case 1 where bytes.count == Self.length: version = 1
        case 2 where bytes.count == Self.checkedLength:
            guard Array(SHA256.hash(data: bytes[0..<Self.length])) == Array(bytes[Self.length...]) else { return nil }
            version = 2
        default: return nil
        }
        func u32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        derivation = KeyDerivation(log2N: bytes[11], blockSize: u32(12), parallelism: u32(16))
        guard derivation.isAcceptable else { return nil }
        salt = Array(bytes[20..<36])
        journalID = Array(bytes[36..<52])
        nonce = Array(bytes[53..<65])
        wrapped = Array(bytes[65..<113])
    }

    // MARK: files

    /// Reads and parses a single-passphrase key file (version 1 or 2); nil when there is none.
    static func read(journalPath: String) throws -> KeyFile? {
        guard let data = try readBytes(journalPath: journalPath) else { return nil }
        guard let file = KeyFile(bytes: data) else { throw StoreError.keyFileDamaged(path(forJournal: journalPath)) }
        return file
    }

    /// The largest key file read: 64 key slots fit well within it (docs/encryption.md).
    static let maximumFileLength = 16 << 10

    /// The bytes of a journal's key file; nil when there is none. A link is not followed; a file
    /// others can write is refused.
    static func readBytes(journalPath: String) throws -> [UInt8]? {
        if case .database(let url) = JournalPlace(journalPath) {
            do { return try PostgresKeyFile.read(url: url) } catch { throw StoreError.journal(error) }
        }
        let path = path(forJournal: journalPath)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            if code == ELOOP {
                throw StoreError(Localized(
                    sv: "Nyckelfilen \(path) är en symbolisk länk; den följs inte. Lägg den riktiga nyckelfilen på platsen.",
                    en: "The key file \(path) is a symbolic link; it is not followed. Put the real key file in its place."))
            }
            throw StoreError(Localized(sv: "Nyckelfilen \(path) kan inte läsas: \(String(cString: strerror(code)))",
                                       en: "The key file \(path) cannot be read: \(String(cString: strerror(code)))"))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError(Localized(sv: "Nyckelfilen \(path) kan inte läsas: den är inte en vanlig fil.", en: "The key file \(path) cannot be read: it is not a regular file."))
        }
        if info.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            throw StoreError(Localized(
                sv: "Nyckelfilen \(path) är skrivbar för andra (rättigheter \(String(info.st_mode & 0o777, radix: 8))); den används inte. Ändra med: chmod 600 \(path)",
                en: "The key file \(path) is writable by others (mode \(String(info.st_mode & 0o777, radix: 8))); it is not used. Fix with: chmod 600 \(path)"))
        }
        var data = [UInt8](repeating: 0, count: maximumFileLength + 1)
        var got = 0
        while got < data.count {
            let n = data.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + got, $0.count - got) }
            if n > 0 { got += n } else if n == 0 || errno != EINTR { break }
        }
        return Array(data[0..<got])
    }

    /// Writes the key file atomically (temporary file, fsync, rename, fsync of the folder), mode 0600:
    /// after a crash there is either the old key file or the new one, never a mix.
    func write(journalPath: String) throws {
        try Self.writeAtomically(bytes, journalPath: journalPath)
    }

    /// Writes `data` as the journal's key file atomically (temporary file created 0600 with
    /// O_EXCL|O_NOFOLLOW, fsync, rename, fsync of the folder). Key slots are written only under the
    /// journal's write lock, so two writers never interleave their read-modify-write.
    static func writeAtomically(_ data: [UInt8], journalPath: String) throws {
        if case .database(let url) = JournalPlace(journalPath) {
            do { return try PostgresKeyFile.write(url: url, bytes: data) } catch { throw StoreError.journal(error) }
        }
        let path = Self.path(forJournal: journalPath)
        let temporary = path + ".new"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw Self.writeError(path, errno) }
        let written = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == data.count, synced == 0 else {
            let code = errno
            unlink(temporary)
            throw Self.writeError(path, code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Self.writeError(path, code)
        }
        let dir = open(parentFolder(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    /// Whether a failed unwrap proves a wrong passphrase: only a version-2 file (checked intact) does.
    var failedUnwrapMeansWrongPassphrase: Bool { version >= 2 }

    private static func writeError(_ path: String, _ code: Int32) -> StoreError {
        let reason = String(cString: strerror(code))
        return StoreError(Localized(sv: "Nyckelfilen \(path) kunde inte skrivas: \(reason)",
                                    en: "The key file \(path) could not be written: \(reason)"))
    }
}

extension StoreError {
    static func keyFileDamaged(_ path: String) -> StoreError {
        StoreError(Localized(
            sv: "Nyckelfilen \(path) är skadad (eller av en okänd version); journalen kan inte låsas upp med den. Det är inte lösenfrasen som är fel. Lägg tillbaka nyckelfilen från säkerhetskopian.",
            en: "The key file \(path) is damaged (or of an unknown version); the journal cannot be unlocked with it. The passphrase is not what is wrong. Restore the key file from the backup."))
    }
}

func randomBytes(_ count: Int) -> [UInt8] {
    SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { Array($0) }
}

func appendLE<T: FixedWidthInteger>(_ value: T, _ bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
}
