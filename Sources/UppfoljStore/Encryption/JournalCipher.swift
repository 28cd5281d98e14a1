import Crypto
import Foundation
import UppfoljCore

/// The journal's encryption header: the payload of its first record (kind `meta`). It names the
/// cipher and the journal id and commits to the journal key, so that the hash chain binds which key
/// the journal is written under (a key file from elsewhere, or a forged one, is refused):
///
///     0   1  meta type (1 = encryption header)
///     1   1  record cipher (1 = AES-256-GCM)
///     2  16  journal id
///     18 32  key check = HMAC-SHA256(journal key, "uppfolj key check v1" || journal id)
struct EncryptionHeader: Equatable {
    static let length = 50
    var journalID: [UInt8]
    var keyCheck: [UInt8]

    init(journalID: [UInt8], key: SymmetricKey) {
        self.journalID = journalID
        self.keyCheck = Self.check(key: key, journalID: journalID)
    }

    init?(payload: UnsafeRawBufferPointer) {
        guard payload.count == Self.length, payload[0] == 1, payload[1] == 1 else { return nil }
        journalID = Array(payload[2..<18])
        keyCheck = Array(payload[18..<50])
    }

    var payload: [UInt8] { [1, 1] + journalID + keyCheck }

    func matches(_ key: SymmetricKey) -> Bool {
        // Both sides are public-length MACs; compare without an early exit anyway.
        let expected = Self.check(key: key, journalID: journalID)
        return zip(expected, keyCheck).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0 && keyCheck.count == expected.count
    }

    static func check(key: SymmetricKey, journalID: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array("uppfolj key check v1".utf8) + journalID, using: key))
    }
}

/// Seals and opens record payloads with AES-256-GCM under the journal key. Each payload:
///
///     0   1  cipher (1 = AES-256-GCM)
///     1  12  nonce (random: a record cut off by a crash and written again under the same index
///            must not reuse one)
///     13  n  ciphertext
///     13+n 16 tag
///
/// Associated data: journal id || record index (u64 LE) || domain byte (0 = journal, 1 = access
/// log, 2 = release register, 3 = a projection snapshot's part), so a record cannot be moved to another place, journal or log without failing to open.
///
/// Why the unchecked Sendable is safe: every property is a `let`; `journalID` and `domain` are
/// Sendable, and swift-crypto's `SymmetricKey` (not marked Sendable) is an immutable value whose
/// key bytes are never written after it is made, so sharing it between the replay workers only reads.
public struct RecordCipher: @unchecked Sendable {
    public enum Domain: UInt8, Sendable { case journal = 0, accessLog = 1, releaseRegister = 2, projectionSnapshot = 3 }

    static let overhead = 1 + 12 + 16
    let key: SymmetricKey
    let journalID: [UInt8]
    let domain: Domain

    init(key: SymmetricKey, journalID: [UInt8], domain: Domain) {
        self.key = key
        self.journalID = journalID
        self.domain = domain
    }

    /// The access log's cipher: its own key, derived from the journal key (HKDF-SHA256).
    func forAccessLog() -> RecordCipher {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, salt: journalID,
                                             info: Array("uppfolj access log v1".utf8), outputByteCount: 32)
        return RecordCipher(key: derived, journalID: journalID, domain: .accessLog)
    }

    /// The release register's cipher: its own key, derived from the journal key (HKDF-SHA256).
    func forReleaseRegister() -> RecordCipher {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, salt: journalID,
                                             info: Array("uppfolj release register v1".utf8), outputByteCount: 32)
        return RecordCipher(key: derived, journalID: journalID, domain: .releaseRegister)
    }

    /// A projection snapshot's cipher: a key of its own for each snapshot, derived from the journal
    /// key and the digest of the snapshot's header (HKDF-SHA256), so that a part authenticates
    /// only under the header it was written with, and nowhere else.
    func forProjectionSnapshot(headerDigest: [UInt8]) -> RecordCipher {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, salt: journalID + headerDigest,
                                             info: Array("uppfolj projection snapshot v1".utf8), outputByteCount: 32)
        return RecordCipher(key: derived, journalID: journalID, domain: .projectionSnapshot)
    }

    func seal(_ plaintext: [UInt8], index: Int) throws -> [UInt8] {
        try seal(plaintext, index: index, nonce: AES.GCM.Nonce())
    }

    /// `seal` with a nonce the caller drew from the system's random source (`RecordCipher.nonces`):
    /// a bulk import draws them a few thousand at a time instead of one system call per record.
    func seal(_ plaintext: [UInt8], index: Int, nonce: AES.GCM.Nonce) throws -> [UInt8] {
        var aad: [UInt8] = []
        return try seal(plaintext, index: index, nonce: nonce, associatedData: &aad)
    }

    /// `seal(_:index:nonce:)` with a caller-kept buffer for the associated data and the sealed
    /// box's combined form copied once (an import seals a million records this way).
    func seal(_ plaintext: [UInt8], index: Int, nonce: AES.GCM.Nonce, associatedData aad: inout [UInt8]) throws -> [UInt8] {
        setAssociatedData(&aad, index: index)
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: aad)
        let combined = box.combined!  // a 12-byte nonce: always in combined form
        var out = [UInt8]()
        out.reserveCapacity(1 + combined.count)
        out.append(1)
        out.append(contentsOf: combined)
        return out
    }

    /// journal id || index (u64 LE) || domain, written into `aad` (made once, then only the index changes).
    private func setAssociatedData(_ aad: inout [UInt8], index: Int) {
        if aad.count != journalID.count + 9 {
            aad = journalID
            aad += [UInt8](repeating: 0, count: 9)
        }
        withUnsafeBytes(of: UInt64(index).littleEndian) { word in
            for i in 0..<8 { aad[journalID.count + i] = word[i] }
        }
        aad[journalID.count + 8] = domain.rawValue
    }

    /// `count` fresh random nonces from the kernel's random source (/dev/urandom, the same
    /// generator getrandom(2) reads for `AES.GCM.Nonce()`), in one read; each its own nonce as
    /// before, when the source cannot be read.
    static func nonces(_ count: Int) throws -> [AES.GCM.Nonce] {
        let length = count * 12
        var bytes = [UInt8](repeating: 0, count: length)
        let filled = bytes.withUnsafeMutableBytes(readSystemRandom)
        guard filled else { return (0..<count).map { _ in AES.GCM.Nonce() } }
        return try (0..<count).map { try AES.GCM.Nonce(data: bytes[$0 * 12 ..< $0 * 12 + 12]) }
    }

    /// `nonces(count)` as 12 bytes each, one after the other (for `BulkRecordSealer`); from the
    /// system's generator through `SystemRandomNumberGenerator` when the source cannot be read.
    static func nonceBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count * 12)
        if !bytes.withUnsafeMutableBytes(readSystemRandom) {
            var generator = SystemRandomNumberGenerator()
            for i in bytes.indices { bytes[i] = generator.next() }
        }
        return bytes
    }

    enum OpenFailure: Error, CustomStringConvertible {
        case notSealed
        case authentication
        var description: String {
            switch self {
            case .notSealed: "the payload is not encrypted, or of an unknown cipher"
            case .authentication: "the payload does not authenticate under the journal key (altered, moved, or another key)"
            }
        }
    }

    func open(_ sealed: UnsafeRawBufferPointer, index: Int) throws -> Data {
        var scratch = journalID
        return try open(sealed, index: index, associatedData: &scratch)
    }

    /// `open` with a caller-kept buffer for the associated data (no allocation per record in replay).
    func open(_ sealed: UnsafeRawBufferPointer, index: Int, associatedData aad: inout [UInt8]) throws -> Data {
        guard sealed.count >= Self.overhead, sealed[0] == 1 else { throw OpenFailure.notSealed }
        setAssociatedData(&aad, index: index)
        do {
            // nonce ‖ ciphertext ‖ tag is exactly GCM's combined form.
            let box = try AES.GCM.SealedBox(combined: UnsafeRawBufferPointer(rebasing: sealed[1...]))
            return try AES.GCM.open(box, using: key, authenticating: aad)
        } catch {
            throw OpenFailure.authentication
        }
    }
}

/// Fills `buffer` from /dev/urandom; false if it cannot be read in full.
private func readSystemRandom(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
    let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { _ = close(fd) }
    var filled = 0
    while filled < buffer.count {
        let n = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
        if n > 0 { filled += n } else if n < 0, errno == EINTR { continue } else { return false }
    }
    return true
}
