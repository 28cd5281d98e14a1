import Foundation
import UppfoljCore

/// A passphrase in memory: Unicode-normalised (NFC, so "å" typed as one or two code points is the
/// same passphrase) UTF-8 bytes, overwritten with zeros when the last reference goes away.
///
/// Why the unchecked Sendable is safe: `storage` is a `var` only so that `deinit` can overwrite it;
/// it is set in `init` and never changed after, so threads sharing a passphrase only read it.
public final class Passphrase: @unchecked Sendable {
    /// The published passphrase of the synthetic demo and test journals (README, docs/encryption.md).
    /// Never protect real data with it: `uppfolj` warns whenever a journal is unlocked with it.
    public static let demo = Passphrase("uppfolj-demo")

    /// New passphrases (creation, rekey) need at least this many characters.
    public static let minimumLength = 8

    private var storage: [UInt8]

    public init(_ text: String) {
        storage = Array(text.precomposedStringWithCanonicalMapping.utf8)
    }

    /// From the bytes of a passphrase file: UTF-8, one trailing line break removed.
    public init?(fileContents: [UInt8]) {
        var bytes = fileContents
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            Self.wipe(&bytes)
            return nil
        }
        storage = Array(text.precomposedStringWithCanonicalMapping.utf8)
        Self.wipe(&bytes)
    }

    deinit { Self.wipe(&storage) }

    public var isEmpty: Bool { storage.isEmpty }
    public var characterCount: Int { String(decoding: storage, as: UTF8.self).count }
    /// The published demo passphrase, or one of the demo journal's per-person ones
    /// (`uppfolj-demo-hl01` …, docs/encryption.md): synthetic data only.
    public var isDemo: Bool { storage == Self.demo.storage || storage.starts(with: Self.demoPrefix) }
    private static let demoPrefix = Array("uppfolj-demo-".utf8)

    func withBytes<R>(_ body: ([UInt8]) throws -> R) rethrows -> R { try body(storage) }

    public static func == (a: Passphrase, b: Passphrase) -> Bool { a.storage == b.storage }

    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            memset_s_portable(base, raw.count)
        }
    }
}

/// A zeroing write the optimiser may not drop (the buffer is dead afterwards).
@inline(never)
func memset_s_portable(_ pointer: UnsafeMutableRawPointer, _ count: Int) {
    let volatile = pointer.bindMemory(to: UInt8.self, capacity: count)
    for i in 0..<count { volatile[i] = 0 }
    withExtendedLifetime(pointer) {}
}

/// Why a passphrase is asked for: to unlock an existing journal, or to protect a new key (ask twice).
public enum PassphrasePurpose: Sendable, Equatable {
    case unlock(journal: String)
    case create(journal: String)
    /// A new passphrase for an existing journal (`rekey`): ask twice.
    case change(journal: String)
}

/// Where the store gets a passphrase when (and only when) it needs one: a prompt, a file, the demo.
public typealias PassphraseSource = (PassphrasePurpose) throws -> Passphrase

extension StoreError {
    static func wrongPassphrase(_ journal: String) -> StoreError {
        StoreError(Localized(
            sv: "Fel lösenfras för journalen \(journal). Ingenting ändrades.",
            en: "Wrong passphrase for the journal \(journal). Nothing was changed."))
    }

    static func passphraseTooShort() -> StoreError {
        StoreError(Localized(
            sv: "Lösenfrasen måste ha minst \(Passphrase.minimumLength) tecken.",
            en: "The passphrase needs at least \(Passphrase.minimumLength) characters."))
    }
}
