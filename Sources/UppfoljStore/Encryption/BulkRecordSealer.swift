import CLibcrypto
import Crypto

/// Seals record after record of one `RecordCipher` (a bulk import's million) with one AES-256-GCM
/// context, its key schedule made once: the same payload, byte for byte, as
/// `RecordCipher.seal(_:index:nonce:)` with the same nonce (cipher byte, nonce, ciphertext, tag),
/// which swift-crypto opens as any other. swift-crypto sets up a context for every record and
/// copies the result into new buffers three times; its API has no context to keep. This one is
/// OpenSSL's libcrypto, which the program loads anyway (through libpq).
///
/// Not Sendable: one thread at a time (`RecordPreparation` uses it on its serial queue).
final class BulkRecordSealer {
    private let context: OpaquePointer
    private let journalID: [UInt8]
    private let domain: RecordCipher.Domain
    private var aad: [UInt8]
    /// The last payload sealed (overwritten by the next).
    private var output: UnsafeMutableRawBufferPointer

    /// Nil when libcrypto cannot set up the context (the caller then seals through `RecordCipher`).
    init?(_ cipher: RecordCipher) {
        guard let context = EVP_CIPHER_CTX_new() else { return nil }
        let ready = cipher.key.withUnsafeBytes { key in
            key.count == 32 && EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil,
                                                  key.baseAddress!.assumingMemoryBound(to: UInt8.self), nil) == 1
        }
        guard ready else {
            EVP_CIPHER_CTX_free(context)
            return nil
        }
        self.context = context
        journalID = cipher.journalID
        domain = cipher.domain
        // journal id || index (u64 LE) || domain, as RecordCipher's associated data.
        aad = cipher.journalID + [UInt8](repeating: 0, count: 8) + [cipher.domain.rawValue]
        output = .allocate(byteCount: 4096, alignment: 16)
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
        output.deallocate()
    }

    enum Failure: Error, CustomStringConvertible {
        case sealing
        var description: String { "a record could not be sealed (AES-256-GCM in libcrypto)" }
    }

    /// `plain` sealed as record `index` under the 12 bytes of `nonce`, handed to `body` (valid only there).
    func seal<R>(_ plain: UnsafeRawBufferPointer, index: Int, nonce: UnsafeRawBufferPointer,
                 _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        precondition(nonce.count == 12, "a 12-byte nonce")
        let length = RecordCipher.overhead + plain.count
        if output.count < length {
            output.deallocate()
            output = .allocate(byteCount: max(length, output.count * 2), alignment: 16)
        }
        withUnsafeBytes(of: UInt64(index).littleEndian) { word in
            for i in 0..<8 { aad[journalID.count + i] = word[i] }
        }
        output[0] = 1  // the cipher: AES-256-GCM
        UnsafeMutableRawBufferPointer(rebasing: output[1..<13]).copyMemory(from: nonce)
        let sealed = aad.withUnsafeBufferPointer { aad in
            uppfolj_aes_gcm_seal(context, nonce.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                 aad.baseAddress!, Int32(aad.count),
                                 plain.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(plain.count),
                                 output.baseAddress!.assumingMemoryBound(to: UInt8.self) + 13)
        }
        guard sealed == 1 else { throw Failure.sealing }
        return try body(UnsafeRawBufferPointer(rebasing: output[0..<length]))
    }
}
