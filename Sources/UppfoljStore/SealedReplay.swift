import Foundation
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

    static func run(_ journal: Journal, cipher: RecordCipher, observe: ((JournalRecord) -> Void)? = nil,
                    _ body: (Event) -> Void) throws {
        var inFlight: Batch?
        var filling = Batch()
        func finish(_ batch: Batch) throws {
            batch.done.wait()
            if let failure = batch.firstFailure {
                let span = batch.spans[failure.position]
                throw StoreError.undecodable(record: span.index, offset: span.offset, failure.error)
            }
            for position in 0..<batch.spans.count { body(batch.events[position]!) }
        }
        do {
            try journal.forEachRecord { record in
                observe?(record)
                guard record.kind == .data else { return }
                filling.add(record)
                guard filling.spans.count == batchSize else { return }
                filling.start(cipher)
                if let previous = inFlight { try finish(previous) }
                inFlight = filling
                filling = Batch()
            }
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

    /// One batch: written by the reading thread until started, then only by the workers (each its
    /// own range of `events` and `failures`), then read after `done`.
    final class Batch: @unchecked Sendable {
        var bytes: [UInt8] = []
        var spans: [Span] = []
        /// Slots the workers fill (fixed memory, so no array is mutated from two threads).
        private(set) var events = UnsafeMutableBufferPointer<Event?>(start: nil, count: 0)
        private var failures = UnsafeMutableBufferPointer<(position: Int, error: any Error)?>(start: nil, count: 0)
        let done = DispatchGroup()

        init() {
            bytes.reserveCapacity(SealedReplay.batchSize * 160)
            spans.reserveCapacity(SealedReplay.batchSize)
        }

        deinit {
            done.wait()
            if events.baseAddress != nil {
                events.baseAddress!.deinitialize(count: events.count)
                events.deallocate()
            }
            if failures.baseAddress != nil {
                failures.baseAddress!.deinitialize(count: failures.count)
                failures.deallocate()
            }
        }

        func add(_ record: JournalRecord) {
            spans.append(Span(start: bytes.count, count: record.payload.count, index: record.index, offset: record.offset))
            bytes.append(contentsOf: record.payload)
        }

        var firstFailure: (position: Int, error: any Error)? {
            failures.compactMap { $0 }.min { $0.position < $1.position }
        }

        func start(_ cipher: RecordCipher) {
            let parts = WorkSplit.ranges(count: spans.count, minimumPerPart: 256)
            events = .allocate(capacity: spans.count)
            events.initialize(repeating: nil)
            failures = .allocate(capacity: parts.count)
            failures.initialize(repeating: nil)
            done.enter()
            DispatchQueue.global().async { [self] in
                DispatchQueue.concurrentPerform(iterations: parts.count) { part in
                    decode(parts[part], part: part, cipher)
                }
                done.leave()
            }
        }

        private func decode(_ range: Range<Int>, part: Int, _ cipher: RecordCipher) {
            var aad: [UInt8] = []
            let out = events
            bytes.withUnsafeBytes { all in
                for position in range {
                    let span = spans[position]
                    do {
                        let plain = try cipher.open(UnsafeRawBufferPointer(rebasing: all[span.start..<span.start + span.count]),
                                                    index: span.index, associatedData: &aad)
                        out[position] = try plain.withUnsafeBytes { try EventBinaryCodec.decode($0) }
                    } catch {
                        failures[part] = (position, error)
                        return
                    }
                }
            }
        }
    }
}

/// Encodes (and for an encrypted journal seals) a batch of events on worker threads, in order.
final class PayloadSealing: @unchecked Sendable {
    private let events: [Event]
    private let firstIndex: Int
    private let cipher: RecordCipher?
    private var payloads: [[UInt8]]
    private var failure: (any Error)?
    private let lock = NSLock()
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
        let parts = WorkSplit.ranges(count: events.count, minimumPerPart: 512)
        nonisolated(unsafe) let out = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: events.count)
        out.initialize(repeating: [])
        defer {
            payloads = Array(out)
            out.deinitialize()
            out.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: parts.count) { part in
            for position in parts[part] {
                let plain = EventBinaryCodec.encode(events[position])
                do {
                    out[position] = try cipher.map { try $0.seal(plain, index: firstIndex + position) } ?? plain
                } catch {
                    lock.lock()
                    failure = failure ?? error
                    lock.unlock()
                    return
                }
            }
        }
    }

    /// The payloads in input order, once all are done.
    func wait() throws -> [[UInt8]] {
        done.wait()
        if let failure { throw failure }
        return payloads
    }
}
