import Crypto
import Foundation
import ParallelWork
import UppfoljCore
import UppfoljJournal

/// The sealed projection snapshot beside an encrypted journal (`<journal>.snapshot`): the state of
/// every case as of a record of the journal, so that an open folds only what came after it
/// (issue 20: open in under a second at a million events). Derived data, never trusted over the
/// journal:
///
/// - it is used only when the journal's chain, verified by the open's one read of the file, passes
///   through exactly the record count, byte offset and hash the snapshot names
///   (`Journal.notedCursors`); a journal cut shorter, changed, or another journal's snapshot is
///   ignored, the journal replayed whole and the snapshot written again;
/// - every part is sealed with AES-256-GCM under a key derived from the journal key and the
///   digest of this snapshot's header (random salt included), with the part's number as the
///   associated data: a flipped byte, a cut, parts reordered or taken from another snapshot or
///   journal fail to open, and then the snapshot is ignored as above;
/// - the end part carries the counts, so a snapshot cut at a part boundary is refused too.
///
/// Layout:
///
///     0    8  magic "UPFSNAP1"
///     8  162  header: version (1), salt (32), records (u64), offset (u64), head hash (32),
///             events head hash (32), access-log anchor present (1), its records (u64), its hash (32),
///             the latest `recordedAt` among the events (i64, seconds; for opens as of a day)
///     170 ..  parts: length (u32 LE) ‖ sealed part (RecordCipher's form, index = part number)
///
/// Plain journals (tests and tools only) get no snapshot, nor does a journal in PostgreSQL.
enum ProjectionSnapshotFile {
    static let magic = Array("UPFSNAP1".utf8)
    static let headerLength = 162

    /// Journals with fewer records are replayed whole (fast enough: ~0.2 s at 20,000 records; no
    /// file written). `UPPFOLJ_SNAPSHOT_MINIMUM_RECORDS` sets another size (0: always), so that a
    /// test run can take every open through the snapshot; tests lower it too.
    nonisolated(unsafe) static var minimumRecords =
        ProcessInfo.processInfo.environment["UPPFOLJ_SNAPSHOT_MINIMUM_RECORDS"].flatMap(Int.init) ?? 20_000

    static func path(forJournal journalPath: String) -> String { journalPath + ".snapshot" }

    /// Parts opened and decoded at once: two per core keeps the cores busy while holding only a few
    /// megabytes besides the projection being built.
    static let batchParts = 2 * ProcessInfo.processInfo.activeProcessorCount

    /// Whether an open that ended at `records` records should write a new snapshot: the journal
    /// is large enough, and there is none it could use, or the records after it have grown to
    /// a quarter of it (the next opens then fold less).
    static func shouldWrite(records: Int, after use: SnapshotUse) -> Bool {
        guard records >= minimumRecords else { return false }
        if case .loaded(let from) = use { return records - from >= max(minimumRecords, from / 4) }
        return true
    }

    struct Header: Equatable {
        var salt: [UInt8]
        /// Where the journal stood when the snapshot was made: the projection holds every record before it.
        var at: JournalCursor
        var eventsHead: ChainHash
        var anchor: LogHead?
        /// The latest time any of its events was recorded (`Int64.min` without events): an open as
        /// of a day uses the snapshot only if it holds nothing recorded after that day.
        var latestRecordedAt: Int64

        var bytes: [UInt8] {
            var out: [UInt8] = [1] + salt
            appendLE(UInt64(at.records), &out)
            appendLE(UInt64(at.offset), &out)
            out += at.head.bytes + eventsHead.bytes
            out.append(anchor == nil ? 0 : 1)
            appendLE(UInt64(anchor?.records ?? 0), &out)
            out += anchor?.hash.bytes ?? [UInt8](repeating: 0, count: 32)
            appendLE(UInt64(bitPattern: latestRecordedAt), &out)
            return out
        }

        init(salt: [UInt8], at: JournalCursor, eventsHead: ChainHash, anchor: LogHead?, latestRecordedAt: Int64) {
            (self.salt, self.at, self.eventsHead, self.anchor, self.latestRecordedAt) = (salt, at, eventsHead, anchor, latestRecordedAt)
        }

        init?(_ b: [UInt8]) {
            guard b.count == ProjectionSnapshotFile.headerLength, b[0] == 1 else { return nil }
            func word(_ at: Int) -> UInt64 { b[at..<at + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
            func u64(_ at: Int) -> Int? { Int(exactly: word(at)) }
            guard let records = u64(33), let offset = u64(41), let head = ChainHash(bytes: Array(b[49..<81])),
                  let eventsHead = ChainHash(bytes: Array(b[81..<113])), b[113] <= 1,
                  let anchorRecords = u64(114), let anchorHash = ChainHash(bytes: Array(b[122..<154])) else { return nil }
            salt = Array(b[1..<33])
            at = JournalCursor(records: records, head: head, offset: offset)
            self.eventsHead = eventsHead
            anchor = b[113] == 1 ? LogHead(records: anchorRecords, hash: anchorHash) : nil
            latestRecordedAt = Int64(bitPattern: word(154))
        }

        /// The parts' cipher, from the header's bytes as written (or read: a byte changed anywhere in
        /// the header, even one that means nothing, makes every part fail to open).
        static func cipher(_ journal: RecordCipher, headerBytes: [UInt8]) -> RecordCipher {
            journal.forProjectionSnapshot(headerDigest: Array(SHA256.hash(data: headerBytes)))
        }
    }

    /// The header of the snapshot beside `journalPath`, if there is a readable one (nothing else is read).
    static func readHeader(journalPath: String) -> Header? {
        guard let file = SnapshotReader(path: path(forJournal: journalPath)),
              let start = file.read(magic.count + headerLength), Array(start[..<magic.count]) == magic else { return nil }
        return Header(Array(start[magic.count...]))
    }

    /// Reads the snapshot whose header is `header`; throws when anything does not open, decode or add up.
    ///
    /// `lazyEvents`: the cases' events (the arena parts, about half the snapshot) are opened and
    /// checked like every part, but not kept: the file stays open and a part is read, opened and
    /// checked again the first time an event in it is needed (`EventArena.restoreChunkLazily`).
    /// For read-only opens: `status`, `export` and the reports never read an event, and the
    /// events are the largest part of the projection (issue 20: memory that does not scale with history).
    static func load(journalPath: String, header: Header, journalCipher: RecordCipher,
                     catalogue: InstrumentCatalogue, lazyEvents: Bool = false) throws -> Projection {
        guard let file = SnapshotReader(path: path(forJournal: journalPath)),
              let start = file.read(magic.count + headerLength), Array(start[..<magic.count]) == magic,
              Header(Array(start[magic.count...])) == header else {
            throw ProjectionSnapshot.Failure.malformed("the header changed")
        }
        let cipher = Header.cipher(journalCipher, headerBytes: Array(start[magic.count...]))
        var reader = ProjectionSnapshot.Reader(catalogue: catalogue)
        // Parts are opened, and parts of cases decoded, on every core a batch at a time; the
        // reader takes them in order. The header part comes alone first (the decoder needs it).
        var batch: [[UInt8]] = []
        var offsets: [Int] = []
        var index = 0
        func finishBatch() throws {
            let first = index - batch.count
            let (sealed, decoder) = (batch, reader.caseDecoder)
            let opened = Parallel.map(Array(sealed.indices)) { position in
                Result { () throws -> OpenedPart in
                    var scratch: [UInt8] = []
                    let plain = try sealed[position].withUnsafeBytes { try cipher.open($0, index: first + position, associatedData: &scratch) }
                    if let decoder, let cases = try plain.withUnsafeBytes({ try decoder.decode($0) }) { return .cases(cases) }
                    return .other(plain)
                }
            }
            for (position, part) in opened.enumerated() {
                switch try part.get() {
                case .cases(let cases): try reader.add(cases)
                case .other(let plain):
                    let (number, offset, length) = (first + position, offsets[position], sealed[position].count)
                    let reload: (@Sendable () throws -> Data)? = !lazyEvents ? nil : { @Sendable () throws -> Data in
                        guard let again = file.read(at: offset, count: length) else {
                            throw ProjectionSnapshot.Failure.malformed("part \(number) cut")
                        }
                        var scratch: [UInt8] = []
                        return try again.withUnsafeBytes { try cipher.open($0, index: number, associatedData: &scratch) }
                    }
                    try plain.withUnsafeBytes { try reader.read($0, reloadingEventsWith: reload) }
                }
            }
            batch.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
        }
        while let length = file.read(4) {
            let count = length.reversed().reduce(0) { $0 << 8 | Int($1) }
            let offset = file.offset
            guard count <= 64 << 20, let sealed = file.read(count) else { throw ProjectionSnapshot.Failure.malformed("part \(index) cut") }
            batch.append(sealed)
            offsets.append(offset)
            index += 1
            if index == 1 || batch.count == Self.batchParts { try finishBatch() }
        }
        try finishBatch()
        guard file.atEnd else { throw ProjectionSnapshot.Failure.malformed("a part cut") }
        let (projection, _) = try reader.finish()
        return projection
    }

    /// Writes a snapshot of `projection`, which holds every record before `at`, atomically
    /// (temporary file 0600, synced, renamed over the old one). Errors are the caller's to ignore:
    /// a snapshot is an optimisation.
    static func write(journalPath: String, projection: Projection, at: JournalCursor, eventsHead: ChainHash,
                      anchor: LogHead?, latestRecordedAt: Int64, journalCipher: RecordCipher) throws {
        let header = Header(salt: randomBytes(32), at: at, eventsHead: eventsHead, anchor: anchor, latestRecordedAt: latestRecordedAt)
        let cipher = Header.cipher(journalCipher, headerBytes: header.bytes)
        let path = path(forJournal: journalPath)
        removeAbandonedTemporaries(of: path)
        let temporary = path + ".new-\(getpid())-\(randomBytes(4).map { String($0, radix: 16) }.joined())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var done = false
        defer {
            close(fd)
            if !done { unlink(temporary) }
        }
        var buffer: [UInt8] = magic + header.bytes
        buffer.reserveCapacity(4 << 20)
        func flush() throws {
            try buffer.withUnsafeBytes { all in
                var written = 0
                while written < all.count {
                    let n = Foundation.write(fd, all.baseAddress! + written, all.count - written)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                    written += n
                }
            }
            buffer.removeAll(keepingCapacity: true)
        }
        var index = 0
        try ProjectionSnapshot.write(projection, eventIds: nil) { part in
            let sealed = try cipher.seal(part, index: index)
            index += 1
            appendLE(UInt32(sealed.count), &buffer)
            buffer += sealed
            if buffer.count >= 2 << 20 { try flush() }
        }
        try flush()
        guard fdatasync(fd) == 0, rename(temporary, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        done = true
    }

    /// Temporary files of snapshots whose writer was killed mid-write (`<snapshot>.new-PID-…` of a
    /// process that no longer runs): removed before a new one is written.
    static func removeAbandonedTemporaries(of path: String) {
        let folder = parentFolder(of: path)
        let prefix = String(path.split(separator: "/").last ?? "") + ".new-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ Int32($0) }), pid > 0,
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder + "/" + name)
        }
    }
}

private enum OpenedPart: Sendable {
    case cases(ProjectionSnapshot.DecodedCases)
    case other(Data)
}

/// Sequential reads of a snapshot file (no links followed), and reads at an offset for the events
/// of a projection loaded lazily (the file stays open as long as that projection's events do).
///
/// Why the unchecked Sendable is safe: `offset` is read and changed only by `read(_:)`, which the
/// loading thread alone calls, before the projection (and with it any closure holding this
/// reader) is handed out; `read(at:count:)` reads only the constants `fd` and `size` (`pread`
/// keeps no position of the file's).
private final class SnapshotReader: @unchecked Sendable {
    private let fd: Int32
    private let size: Int
    private(set) var offset = 0

    init?(path: String) {
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { close(fd); return nil }
        size = Int(info.st_size)
    }

    deinit { close(fd) }

    var atEnd: Bool { offset == size }

    /// Exactly `count` more bytes, or nil at (or past) the end.
    func read(_ count: Int) -> [UInt8]? {
        guard let bytes = read(at: offset, count: count) else { return nil }
        offset += count
        return bytes
    }

    /// Exactly `count` bytes from `at`, or nil when the file is shorter.
    func read(at start: Int, count: Int) -> [UInt8]? {
        guard count >= 0, start >= 0, count <= size - start else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, count - got, off_t(start + got)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            got += n
        }
        return bytes
    }
}

/// What an open did with the projection snapshot (`CaseStore.snapshotUse`).
public indirect enum SnapshotUse: Sendable, Equatable {
    /// None was there to use (or snapshots are not used for this journal).
    case none
    /// The projection came from the snapshot made at this record count; only later records were replayed.
    case loaded(records: Int)
    /// There was one, but it could not be used (why); the journal was replayed whole.
    case ignored(String)
    /// A new snapshot was written after the open (which had done `after`).
    case written(after: SnapshotUse)

    /// Whether the projection came from a snapshot.
    public var loadedFromSnapshot: Bool {
        switch self {
        case .loaded: true
        case .written(let before): before.loadedFromSnapshot
        default: false
        }
    }
}

/// A snapshot read on another thread while the journal is opened and its chain verified (the two
/// are independent until the open compares where the chain stands with where the snapshot was
/// made; a snapshot that turns out not to fit is dropped unused).
///
/// Why the unchecked Sendable is safe: `result` is written once, on the worker, before
/// `done.leave()`, and read only after `done.wait()`, which orders the write before the read.
final class PendingSnapshotLoad: @unchecked Sendable {
    private var result: Result<Projection, any Error>?
    private let done = DispatchGroup()

    static func start(journalPath: String, header: ProjectionSnapshotFile.Header, catalogue: InstrumentCatalogue,
                      journalCipher: RecordCipher, lazyEvents: Bool) -> PendingSnapshotLoad {
        let load = PendingSnapshotLoad()
        load.done.enter()
        DispatchQueue.global().async {
            load.result = Result {
                try ProjectionSnapshotFile.load(journalPath: journalPath, header: header, journalCipher: journalCipher,
                                                catalogue: catalogue, lazyEvents: lazyEvents)
            }
            load.done.leave()
        }
        return load
    }

    func wait() throws -> Projection {
        done.wait()
        return try result!.get()
    }
}

/// The event ids of a projection gathered on another thread (a writer opened from a snapshot).
///
/// Why the unchecked Sendable is safe: `ids` is written once, on the worker, before `done.leave()`,
/// and read only after `done.wait()`.
final class PendingEventIDs: @unchecked Sendable {
    private var ids = EventIDSet()
    private let done = DispatchGroup()

    static func start(_ source: EventIDs) -> PendingEventIDs {
        let pending = PendingEventIDs()
        pending.done.enter()
        DispatchQueue.global(qos: .utility).async {
            var ids: [EventID] = []
            ids.reserveCapacity(source.count)
            source.forEach { ids.append($0) }
            pending.ids = EventIDSet(sorting: consume ids)
            pending.done.leave()
        }
        return pending
    }

    func wait() -> EventIDSet {
        done.wait()
        return ids
    }
}
