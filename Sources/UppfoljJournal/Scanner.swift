import Crypto
import Dispatch
import ParallelWork
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One record as `forEachRecord` shows it. `payload` points into a read buffer and is valid only
/// inside the closure; copy it (`Array(record.payload)`) to keep it.
public struct JournalRecord {
    /// 0-based record number.
    public let index: Int
    /// Byte offset of the record's frame in the file.
    public let offset: Int
    public let kind: RecordKind
    /// Whether more records of the same batch follow (bit 7 of the stored kind byte, which the
    /// chain hash covers): a copy that keeps the batches keeps the hashes.
    public let batchContinues: Bool
    public let payload: UnsafeRawBufferPointer

    /// This record's chain hash (the head hash of the journal up to and including it). Like
    /// `payload`, only valid inside the closure: the hash follows the payload in the read buffer.
    public var chainHash: ChainHash { ChainHash(payload.baseAddress! + payload.count) }

    /// For another backend's reader: `payload` must be followed in memory by the record's 32-byte
    /// chain hash (as in the file's frames), which `chainHash` reads.
    public init(index: Int, offset: Int, kind: RecordKind, batchContinues: Bool, payloadFollowedByHash payload: UnsafeRawBufferPointer) {
        self.init(index: index, offset: offset, kind: kind, batchContinues: batchContinues, payload: payload)
    }

    init(index: Int, offset: Int, kind: RecordKind, batchContinues: Bool, payload: UnsafeRawBufferPointer) {
        self.index = index
        self.offset = offset
        self.kind = kind
        self.batchContinues = batchContinues
        self.payload = payload
    }
}

/// A place in the chain: the end of a record, how many records precede it and their head hash.
struct ChainPosition: Equatable {
    var offset: Int
    var records: Int
    var head: ChainHash

    static let start = ChainPosition(offset: Format.headerLength, records: 0, head: Format.initialHash)
}

enum ScanEnd: Equatable {
    case clean
    case torn(TornTail)
    case fault(JournalFault)
}

struct ScanResult {
    /// The end of the last record that is kept: not inside an unfinished batch.
    var committed: ChainPosition
    var end: ScanEnd
}

enum HeaderCheck: Equatable {
    case valid
    case torn(bytes: Int)
    case fault(JournalFault)

    /// Checks the first `min(size, 32)` bytes of a file.
    static func check(_ bytes: UnsafeRawBufferPointer) -> HeaderCheck {
        let canonical = Format.header
        if bytes.count < Format.headerLength {
            if bytes.allSatisfy({ $0 == 0 }) || bytes.elementsEqual(canonical.prefix(bytes.count)) {
                return .torn(bytes: bytes.count)
            }
            if !bytes.prefix(Format.magic.count).elementsEqual(Format.magic.prefix(min(bytes.count, Format.magic.count))) {
                return .fault(JournalFault(record: nil, offset: 0, reason: .badMagic))
            }
            return .fault(JournalFault(record: nil, offset: 0, reason: .incompleteHeader(bytes: bytes.count)))
        }
        func fault(_ offset: Int, _ reason: FaultReason) -> HeaderCheck {
            .fault(JournalFault(record: nil, offset: offset, reason: reason))
        }
        let base = bytes.baseAddress!
        if !bytes.prefix(8).elementsEqual(Format.magic) { return fault(0, .badMagic) }
        let version = Format.loadLE16(base, 8)
        if version != Format.version { return fault(8, .unsupportedVersion(version)) }
        let length = Format.loadLE16(base, 10)
        if Int(length) != Format.headerLength { return fault(10, .badHeaderLength(length)) }
        let check = Format.headerCheck(Array(bytes.prefix(Format.headerCheckOffset)))
        if !bytes[Format.headerCheckOffset..<Format.headerLength].elementsEqual(check) {
            return fault(Format.headerCheckOffset, .headerCheckMismatch)
        }
        let flags = Format.loadLE32(base, 12)
        if flags != 0 { return fault(12, .unsupportedFlags(flags)) }
        if !bytes[16..<24].allSatisfy({ $0 == 0 }) { return fault(16, .reservedNotZero) }
        return .valid
    }
}

/// Reads and checks frames in large chunks, verifying hashes on all cores.
final class FrameScanner {
    static let chunkSize = 4 << 20
    static let cores: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    let file: any JournalFile
    private var buffer: UnsafeMutableRawBufferPointer
    /// File offset of buffer[0] and the number of valid bytes.
    private var bufferStart = 0
    private var bufferCount = 0
    /// h_{i-1} for the first frame of a window.
    private let previous = UnsafeMutableRawBufferPointer.allocate(byteCount: Format.hashLength, alignment: 8)
    /// Record counts (ascending) after which `scan` notes where the chain stands (`noted`): a
    /// reader that kept a state as of such a count (a projection snapshot, a claim of the access
    /// log) learns the verified hash there from the same read that verifies the journal.
    var notes: [Int] = []
    private(set) var noted: [Int: ChainPosition] = [:]

    init(file: any JournalFile, capacity: Int = FrameScanner.chunkSize) {
        self.file = file
        buffer = .allocate(byteCount: max(capacity, 64), alignment: 16)
    }

    deinit {
        buffer.deallocate()
        previous.deallocate()
    }

    /// Reads the file header (up to 32 bytes) and checks it.
    func checkHeader(fileSize: Int) throws(IOFailure) -> HeaderCheck {
        let want = min(fileSize, Format.headerLength)
        let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: 0)
        return HeaderCheck.check(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
    }

    /// Scans records from `start` up to byte `end`. With `verifyHashes` every record's chain hash
    /// is checked; without it only the frame fields. `visit` sees each good record as it is read.
    func scan(from start: ChainPosition, to end: Int, verifyHashes: Bool,
              visit: ((JournalRecord) throws -> Void)? = nil) throws -> ScanResult {
        var committed = start
        var pending = start  // after the last good record, possibly inside an unfinished batch
        var fileEnd = end
        var uncommittedData = 0  // data records between `committed` and `pending`
        bufferStart = start.offset
        bufferCount = 0
        var frames: [Int] = []  // buffer offsets of the complete frames in the current window
        var nextNote = notes.firstIndex { $0 > start.records } ?? notes.count
        var noteAtRecords = nextNote < notes.count ? notes[nextNote] : Int.max

        while true {
            let base = UnsafeRawPointer(buffer.baseAddress!)
            let windowStart = bufferStart, windowCount = bufferCount
            var p = pending.offset - windowStart
            frames.removeAll(keepingCapacity: true)
            var stop: FaultReason?
            var needed = Format.frameHeaderLength
            var partialKind: UInt8?  // kind byte of an incomplete last frame whose header is readable
            while true {
                let remaining = windowCount - p
                if remaining < Format.frameHeaderLength { needed = Format.frameHeaderLength; break }
                let length = Format.loadLE32(base, p)
                if length != ~Format.loadLE32(base, p + 4) { stop = .lengthCheckMismatch; break }
                if length > Format.maxPayloadLength { stop = .lengthTooLarge(length); break }
                let kindByte = base.load(fromByteOffset: p + 8, as: UInt8.self)
                if kindByte & Format.kindMask > RecordKind.meta.rawValue { stop = .unknownKind(kindByte); break }
                let total = Format.frameOverhead + Int(length)
                if remaining < total { needed = total; partialKind = kindByte; break }
                frames.append(p)
                p += total
            }

            var good = frames.count
            if verifyHashes && good > 0 {
                pending.head.withUnsafeBytes { previous.copyMemory(from: $0) }
                good = firstBadHash(base, frames)
            }
            for k in 0..<good {
                let o = frames[k]
                let length = Int(Format.loadLE32(base, o))
                let kindByte = base.load(fromByteOffset: o + 8, as: UInt8.self)
                if let visit {
                    try visit(JournalRecord(
                        index: pending.records, offset: windowStart + o,
                        kind: RecordKind(rawValue: kindByte & Format.kindMask)!,
                        batchContinues: kindByte & Format.batchContinues != 0,
                        payload: UnsafeRawBufferPointer(start: base + o + Format.frameHeaderLength, count: length)))
                }
                pending = ChainPosition(offset: windowStart + o + Format.frameOverhead + length,
                                        records: pending.records + 1,
                                        head: ChainHash(base + o + Format.frameHeaderLength + length))
                if pending.records == noteAtRecords {
                    noted[noteAtRecords] = pending
                    nextNote += 1
                    noteAtRecords = nextNote < notes.count ? notes[nextNote] : Int.max
                }
                if kindByte & Format.kindMask == RecordKind.data.rawValue { uncommittedData += 1 }
                if kindByte & Format.batchContinues == 0 {
                    committed = pending
                    uncommittedData = 0
                }
            }
            if good < frames.count {
                return ScanResult(committed: committed, end: .fault(JournalFault(
                    record: pending.records, offset: windowStart + frames[good], reason: .hashMismatch)))
            }

            if let stop {
                if try isZero(from: pending.offset, to: fileEnd) {
                    return torn(committed, pending, fileEnd, droppedData: uncommittedData, partialKind: nil)
                }
                return ScanResult(committed: committed, end: .fault(JournalFault(
                    record: pending.records, offset: pending.offset, reason: stop)))
            }
            if windowStart + windowCount >= fileEnd {
                if pending.offset == fileEnd && committed == pending {
                    return ScanResult(committed: committed, end: .clean)
                }
                return torn(committed, pending, fileEnd, droppedData: uncommittedData,
                            partialKind: pending.offset < fileEnd ? partialKind : nil)
            }
            fileEnd = try refill(from: pending.offset, needed: needed, fileEnd: fileEnd)
        }
    }

    private func torn(_ committed: ChainPosition, _ pending: ChainPosition, _ fileEnd: Int,
                      droppedData: Int, partialKind: UInt8?) -> ScanResult {
        let dropped = pending.records - committed.records
        // The unfinished batch's own last record (bit 7 clear) is there, only incomplete: the batch
        // was written to its end, so its complete records may have been acknowledged.
        let markerSeen = dropped > 0 && partialKind.map { $0 & Format.batchContinues == 0 } == true
        return ScanResult(committed: committed, end: .torn(TornTail(
            offset: committed.offset, bytes: fileEnd - committed.offset, record: committed.records,
            droppedRecords: dropped, inHeader: false, wasCut: false,
            droppedDataRecords: droppedData, batchEndSeen: markerSeen)))
    }

    /// Moves the unread bytes from `offset` to the buffer's start and reads more. Returns the
    /// (possibly smaller, if the file shrank meanwhile) end of file.
    private func refill(from offset: Int, needed: Int, fileEnd: Int) throws(IOFailure) -> Int {
        let keep = bufferStart + bufferCount - offset
        if keep > 0 {
            let from = offset - bufferStart
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + from, byteCount: keep)
        }
        bufferStart = offset
        bufferCount = max(keep, 0)
        if buffer.count < needed {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(needed, buffer.count * 2), alignment: 16)
            bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: bufferCount)
            buffer.deallocate()
            buffer = bigger
        }
        let want = min(buffer.count, fileEnd - bufferStart) - bufferCount
        let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[bufferCount..<bufferCount + want]),
                                at: bufferStart + bufferCount)
        bufferCount += got
        return got < want ? bufferStart + bufferCount : fileEnd
    }

    /// True if every byte in [from, to) is zero. Reuses the buffer.
    private func isZero(from: Int, to: Int) throws(IOFailure) -> Bool {
        var offset = from
        bufferCount = 0
        while offset < to {
            let want = min(buffer.count, to - offset)
            let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]), at: offset)
            if got == 0 { break }
            if !UnsafeRawBufferPointer(rebasing: buffer[0..<got]).allSatisfy({ $0 == 0 }) { return false }
            offset += got
        }
        return true
    }

    /// Index of the first frame in `frames` whose stored hash is wrong (frames.count if none).
    /// Each frame is checked against the stored hash before it, so slices run in parallel.
    private func firstBadHash(_ base: UnsafeRawPointer, _ frames: [Int]) -> Int {
        let n = frames.count
        let slices = n >= 256 ? min(Self.cores, 8) : 1
        let first = UnsafeRawPointer(previous.baseAddress!)
        return frames.withUnsafeBufferPointer { offsets in
            if slices == 1 { return Self.firstBad(base, offsets, first, 0..<n) ?? n }
            let shared = Shared(base: base, offsets: offsets, first: first)
            return Parallel.map(WorkSplit.ranges(count: n, parts: slices)) { range in
                Self.firstBad(shared.base, shared.offsets, shared.first, range) ?? n
            }.min()!
        }
    }

    /// The mapped frames, their offsets and the hash before the first, for the hash-checking
    /// workers. Why the unchecked Sendable is safe: the pointers are only read, and the memory
    /// they point to is neither written nor released until `Parallel.map` has returned.
    private struct Shared: @unchecked Sendable {
        let base: UnsafeRawPointer
        let offsets: UnsafeBufferPointer<Int>
        let first: UnsafeRawPointer
    }

    private static func firstBad(_ base: UnsafeRawPointer, _ offsets: UnsafeBufferPointer<Int>,
                                 _ first: UnsafeRawPointer, _ range: Range<Int>) -> Int? {
        for k in range {
            let o = offsets[k]
            let length = Int(Format.loadLE32(base, o))
            let previous = k == 0 ? first : base + o - Format.hashLength
            let digest = Format.chainHash(
                previous: previous, kindByte: base.load(fromByteOffset: o + 8, as: UInt8.self),
                payload: UnsafeRawBufferPointer(start: base + o + Format.frameHeaderLength, count: length))
            let ok = digest.withUnsafeBytes {
                memcmp($0.baseAddress!, base + o + Format.frameHeaderLength + length, Format.hashLength) == 0
            }
            if !ok { return k }
        }
        return nil
    }
}
