import Crypto
import Dispatch
import UppfoljCore
import UppfoljJournal

/// The key of a journal not created yet: `uppfolj import` into a new journal makes it before the
/// lines are checked, so that each block of events is sealed while the next is checked. It is
/// written nowhere until the journal is created (`CaseStore.open(newJournalKey:)`, after every
/// line has passed); a refused import drops it with the sealed records. The passphrase only wraps
/// the key (`KeyRing`), so it is still asked for only once the lines have passed.
///
/// Why the unchecked Sendable is safe: both properties are immutable values (see `RecordCipher`).
public struct NewJournalKey: @unchecked Sendable {
    let key: SymmetricKey
    let journalID: [UInt8]

    public init() {
        key = SymmetricKey(size: .bits256)
        journalID = randomBytes(16)
    }

    var cipher: RecordCipher { RecordCipher(key: key, journalID: journalID, domain: .journal) }

    /// A new encrypted journal's first event follows its encryption header (record 0).
    var headBeforeFirstEvent: ChainHash {
        JournalChain.next(JournalChain.genesis, kindByte: RecordKind.meta.rawValue,
                          payload: EncryptionHeader(journalID: journalID, key: key).payload)
    }
}

/// Encodes, seals and frames an import's events for a new journal on another thread, block by
/// block in input order, as they are handed over (`add`); the frames are kept, the events are not.
///
/// Why the unchecked Sendable is safe: `batch`, `failure` and `stopped` are touched only by work
/// on `queue` (a serial queue) and by `finish`/`stop`, which run on it too (`queue.sync`); `sealer`
/// (not Sendable: one EVP context) is made in `init`, before any work is queued, and used only there.
final class RecordPreparation: @unchecked Sendable {
    private let queue = DispatchQueue(label: "uppfolj.import.prepare", qos: .userInitiated)
    private let cipher: RecordCipher?
    /// The cipher's records sealed with one AES-GCM context (used only on `queue`); nil: through `cipher`.
    private let sealer: BulkRecordSealer?
    private var batch: PreparedBatch
    private var failure: (any Error)?
    private var stopped = false

    /// For a new journal sealed with `key`, or a plain one (`nil`: tests and tools).
    init(key: NewJournalKey?) {
        cipher = key?.cipher
        sealer = cipher.flatMap(BulkRecordSealer.init)
        batch = key.map { PreparedBatch(after: $0.headBeforeFirstEvent, records: 1) }
            ?? PreparedBatch(after: JournalChain.genesis, records: 0)
    }

    /// The next events of the input, prepared as the records that follow those added before.
    func add(_ events: [Event]) {
        queue.async { [self] in
            guard !stopped, failure == nil else { return }
            do {
                var aad: [UInt8] = []
                var plain: [UInt8] = []
                var start = 0
                while start < events.count {
                    // Nonces drawn 4,096 at a time (one read of the random source, not one system call a record).
                    let end = min(start + 4096, events.count)
                    let nonces = cipher == nil || sealer != nil ? [] : try RecordCipher.nonces(end - start)
                    let nonceBytes = sealer == nil ? [] : RecordCipher.nonceBytes(end - start)
                    for position in start..<end {
                        EventBinaryCodec.encode(events[position], into: &plain)
                        let index = batch.startRecords + batch.count
                        if let sealer {
                            let at = (position - start) * 12
                            try plain.withUnsafeBytes { plain in
                                try nonceBytes.withUnsafeBytes { nonces in
                                    try sealer.seal(plain, index: index, nonce: UnsafeRawBufferPointer(rebasing: nonces[at ..< at + 12])) {
                                        try batch.add(.data, payload: $0)
                                    }
                                }
                            }
                        } else if let cipher {
                            try batch.add(.data, payload: try cipher.seal(plain, index: index, nonce: nonces[position - start],
                                                                                 associatedData: &aad))
                        } else {
                            try batch.add(.data, payload: plain)
                        }
                    }
                    start = end
                }
            } catch {
                failure = error
            }
        }
    }

    /// Nothing will be written: what is prepared is dropped, what is handed over is not prepared.
    func stop() {
        queue.async { [self] in
            stopped = true
            batch = PreparedBatch(after: batch.start, records: batch.startRecords)
        }
    }

    /// Waits for every event handed over; the finished batch (nil once stopped).
    func finish() throws -> PreparedBatch? {
        try queue.sync {
            if let failure { throw failure }
            if stopped { return nil }
            batch.finish()
            return batch
        }
    }
}
