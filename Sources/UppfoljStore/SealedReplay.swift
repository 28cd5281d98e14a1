import Foundation
import ParallelWork
import UppfoljCore
import UppfoljJournal

/// Replay of an encrypted journal with the opening and decoding of records on worker threads,
/// while the calling thread reads the file and applies events, in journal order, to the projection.
///
/// Records are gathered in batches (payload bytes copied, as the scanner's buffer is reused); a full
/// batch is handed to the workers, and the batch before it — finished by then, or waited for — is
/// applied. Opening a sealed record costs about as much as decoding and applying it (swift-crypto
/// sets up an AEAD context per call), so this overlap is what keeps encrypted replay close to plain.
enum SealedReplay {
    static let batchSize = 4_096

    /// `start`: replay only the records after it (a projection snapshot holds those before).
    static func run(_ journal: any JournalBackend, cipher: RecordCipher, from start: JournalCursor? = nil,
                    observe: ((JournalRecord) -> Void)? = nil, _ body: (Event) -> Void) throws {
        var inFlight: Batch?
        var filling = Batch()
        func finish(_ batch: Batch) throws {
            batch.done.wait()
            if let failure = batch.firstFailure {
                let span = batch.spans[failure.position]
                throw StoreError.undecodable(record: span.index, offset: span.offset, failure.error)
            }
            for part in batch.decoded { for event in part.events { body(event) } }
        }
        do {
            let visit = { (record: JournalRecord) throws in
                observe?(record)
                guard record.kind == .data else { return }
                filling.add(record)
                guard filling.spans.count == batchSize else { return }
                filling.start(cipher)
                if let previous = inFlight { try finish(previous) }
                inFlight = filling
                filling = Batch()
            }
            if let start { try journal.forEachRecord(since: start, visit) } else { try journal.forEachRecord(visit) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.journal(error)
        }
        if !filling.spans.isEmpty { filling.start(cipher) }
        if let previous = inFlight { try finish(previous) }
        if !filling.spans.isEmpty { try finish(filling) }
    }

    struct Span {
        let start: Int
        let count: Int
        let index: Int
        let offset: Int
    }

    /// One batch: filled by the reading thread until started, then decoded on the workers, then
    /// read after `done`.
    ///
    /// Why the unchecked Sendable is safe: `bytes` and `spans` are written only by the reading
    /// thread before `start` (the workers get copies of them); `decoded` is written once, by the
    /// worker, before `done.leave()`, and read by the reading thread only after `done.wait()`
    /// (`finish`, `deinit`), which orders the write before the read.
    final class Batch: @unchecked Sendable {
        var bytes: [UInt8] = []
        var spans: [Span] = []
        /// Per part of the batch (`WorkSplit`), in order: the events decoded, and the first record
        /// that could not be opened or decoded (the part stops there).
        struct Part: Sendable {
            var events: [Event] = []
            var failure: (position: Int, error: any Error)?
        }
        private(set) var decoded: [Part] = []
        let done = DispatchGroup()

        init() {
            bytes.reserveCapacity(SealedReplay.batchSize * 160)
            spans.reserveCapacity(SealedReplay.batchSize)
        }

        deinit { done.wait() }

        func add(_ record: JournalRecord) {
            spans.append(Span(start: bytes.count, count: record.payload.count, index: record.index, offset: record.offset))
            bytes.append(contentsOf: record.payload)
        }

        var firstFailure: (position: Int, error: any Error)? {
            decoded.compactMap(\.failure).min { $0.position < $1.position }
        }

        func start(_ cipher: RecordCipher) {
            let bytes = bytes, spans = spans
            done.enter()
            DispatchQueue.global().async { [self] in
                decoded = Parallel.map(WorkSplit.ranges(count: spans.count, minimumPerPart: 256)) { range in
                    Self.decode(range, bytes, spans, cipher)
                }
                done.leave()
            }
        }

        private static func decode(_ range: Range<Int>, _ bytes: [UInt8], _ spans: [Span], _ cipher: RecordCipher) -> Part {
            var aad: [UInt8] = []
            var part = Part()
            part.events.reserveCapacity(range.count)
            bytes.withUnsafeBytes { all in
                for position in range {
                    let span = spans[position]
                    do {
                        let plain = try cipher.open(UnsafeRawBufferPointer(rebasing: all[span.start..<span.start + span.count]),
                                                    index: span.index, associatedData: &aad)
                        part.events.append(try plain.withUnsafeBytes { try EventBinaryCodec.decode($0) })
                    } catch {
                        part.failure = (position, error)
                        return
                    }
                }
            }
            return part
        }
    }
}

/// Encodes (and for an encrypted journal seals) a batch of events on worker threads, in order.
///
/// Why the unchecked Sendable is safe: `payloads` and `failure` are written once, on the worker,
/// before `done.leave()`, and read only in `wait()` after `done.wait()`; everything else is `let`.
final class PayloadSealing: @unchecked Sendable {
    private let events: [Event]
    private let firstIndex: Int
    private let cipher: RecordCipher?
    private var payloads: [[UInt8]]
    private var failure: (any Error)?
    private let done = DispatchGroup()

    private init(_ events: [Event], firstIndex: Int, cipher: RecordCipher?) {
        self.events = events
        self.firstIndex = firstIndex
        self.cipher = cipher
        self.payloads = []
    }

    static func start(_ events: [Event], firstIndex: Int, cipher: RecordCipher?) -> PayloadSealing {
        let work = PayloadSealing(events, firstIndex: firstIndex, cipher: cipher)
        work.done.enter()
        DispatchQueue.global().async {
            work.run()
            work.done.leave()
        }
        return work
    }

    private func run() {
        let (events, firstIndex, cipher) = (events, firstIndex, cipher)
        let sealed = Parallel.map(WorkSplit.ranges(count: events.count, minimumPerPart: 512)) { range in
            Result { () throws -> [[UInt8]] in
                guard let cipher else { return range.map { EventBinaryCodec.encode(events[$0]) } }
                var result: [[UInt8]] = []
                result.reserveCapacity(range.count)
                // Nonces drawn 4,096 at a time (one read of the random source, not one system call a record).
                var start = range.lowerBound
                while start < range.upperBound {
                    let end = min(start + 4096, range.upperBound)
                    let nonces = try RecordCipher.nonces(end - start)
                    for position in start..<end {
                        result.append(try cipher.seal(EventBinaryCodec.encode(events[position]), index: firstIndex + position,
                                                      nonce: nonces[position - start]))
                    }
                    start = end
                }
                return result
            }
        }
        do {
            payloads = try sealed.flatMap { try $0.get() }
        } catch {
            failure = error
        }
    }

    /// The payloads in input order, once all are done.
    func wait() throws -> [[UInt8]] {
        done.wait()
        if let failure { throw failure }
        return payloads
    }
}
