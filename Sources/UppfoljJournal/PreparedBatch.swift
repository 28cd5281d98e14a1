/// Records framed and hash-chained ahead of their append, as one batch (docs/journal-format.md):
/// `uppfolj import` into a new journal frames each block of events on another core while the
/// main thread checks the next, so that the append at the end is only a write and a sync.
///
/// A batch is prepared to follow a given head (`start`, after `startRecords` records);
/// `Journal.append(_:)` writes it only where the journal still ends there. Each record but the last
/// carries the batch flag; the last record's frame is made again without it by `finish()`.
public struct PreparedBatch: Sendable {
    /// The head the batch follows, and how many records come before it.
    public let start: ChainHash
    public let startRecords: Int
    /// The frames in order, in chunks of about `chunkSize` bytes.
    private(set) var chunks: [[UInt8]] = []
    /// The chain hash after the last record added.
    public private(set) var head: ChainHash
    public private(set) var count = 0
    /// Where the last frame begins in the last chunk, and the head before it.
    private var lastFrameStart = 0
    private var beforeLast: ChainHash
    private var finished = false
    private let chunkSize: Int

    public init(after start: ChainHash, records: Int, chunkSize: Int = 8 << 20) {
        self.start = start
        self.startRecords = records
        self.head = start
        self.beforeLast = start
        self.chunkSize = chunkSize
    }

    /// Frames one more record (with the batch flag: more records follow, until `finish`).
    public mutating func add(_ kind: RecordKind, payload: UnsafeRawBufferPointer) throws(JournalError) {
        precondition(!finished, "a finished batch takes no more records")
        guard payload.count <= Format.maxPayloadLength else {
            throw .payloadTooLarge(bytes: payload.count, limit: Format.maxPayloadLength)
        }
        if chunks.isEmpty || chunks[chunks.count - 1].count + payload.count + Format.frameOverhead > chunkSize {
            var chunk: [UInt8] = []
            chunk.reserveCapacity(max(chunkSize, payload.count + Format.frameOverhead))
            chunks.append(chunk)
        }
        let last = chunks.count - 1
        lastFrameStart = chunks[last].count
        beforeLast = head
        head = Format.appendFrame(to: &chunks[last], previous: head, kindByte: kind.rawValue | Format.batchContinues,
                                  payload: payload)
        count += 1
    }

    public mutating func add(_ kind: RecordKind, payload: [UInt8]) throws(JournalError) {
        var failure: JournalError?
        payload.withUnsafeBytes { bytes in
            do throws(JournalError) { try add(kind, payload: bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Ends the batch: its last record is framed again without the batch flag (and the head with it).
    public mutating func finish() {
        guard !finished else { return }
        finished = true
        guard count > 0 else { return }
        let last = chunks.count - 1
        let frame = Array(chunks[last][lastFrameStart...])
        chunks[last].removeSubrange(lastFrameStart...)
        let kindByte = frame[2 * 4] & ~Format.batchContinues
        frame.withUnsafeBytes { bytes in
            let payload = UnsafeRawBufferPointer(rebasing: bytes[Format.frameHeaderLength ..< bytes.count - Format.hashLength])
            head = Format.appendFrame(to: &chunks[last], previous: beforeLast, kindByte: kindByte, payload: payload)
        }
    }

    public var isFinished: Bool { finished }

    /// Every record's kind and payload, in order (to use them otherwise when the batch cannot be appended).
    public func forEachRecord(_ body: (RecordKind, UnsafeRawBufferPointer) throws -> Void) rethrows {
        for chunk in chunks {
            try chunk.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let length = Int(Format.loadLE32(bytes.baseAddress!, offset))
                    let kind = RecordKind(rawValue: bytes[offset + 8] & Format.kindMask)!
                    let payloadStart = offset + Format.frameHeaderLength
                    try body(kind, UnsafeRawBufferPointer(rebasing: bytes[payloadStart ..< payloadStart + length]))
                    offset = payloadStart + length + Format.hashLength
                }
            }
        }
    }

    /// The frames' bytes in all.
    public var byteCount: Int { chunks.reduce(0) { $0 + $1.count } }
}

extension Journal {
    /// Appends a finished `PreparedBatch` with one sync, all or nothing (as `append(contentsOf:)`).
    /// Returns false, writing nothing, when the journal no longer ends where the batch follows.
    public func append(_ batch: PreparedBatch) throws -> Bool {
        precondition(batch.isFinished, "a batch is appended once finished")
        guard batch.startRecords == recordCount, batch.start == headHash else { return false }
        try appendFrames(batch.chunks, records: batch.count, head: batch.head)
        return true
    }
}
