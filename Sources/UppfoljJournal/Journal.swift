#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only, hash-chained journal file (format: docs/journal-format.md).
///
/// A read-write handle holds an exclusive advisory lock for its lifetime, so there is one writer
/// at a time; read-only handles take no lock. A shared-write handle (`.sharedWrite`) takes the
/// same lock only around one append (`withWriteLock`): several processes then write one journal
/// in turn, each catching up with the others' records under the lock before it appends
/// (the locking protocol: docs/journal-format.md). A handle is meant for one thread: it is a plain,
/// non-Sendable class without internal locking.
///
/// Every error thrown is a `JournalError` (except errors thrown by a `forEachRecord` body).
public final class Journal {
    public enum Mode: Sendable, Equatable {
        case readOnly
        case readWrite
        /// Writes, but holds the write lock only inside `withWriteLock` (several writers take turns).
        case sharedWrite

        /// Whether handles of this mode may write.
        public var writes: Bool { self != .readOnly }
    }

    private enum State {
        case open
        case poisoned(JournalError)
        case closed
    }

    public let path: String
    public let mode: Mode
    /// Whole records in the journal (0-based numbers run 0..<recordCount).
    public var recordCount: Int { position.records }
    /// The file offset just past the last record: where the next append goes.
    public var endOffset: Int { position.offset }
    /// h_n, the chain hash of the last record (h_0 = SHA-256 of the header when empty).
    public var headHash: ChainHash { position.head }
    public var headHashHex: String { position.head.hex }
    /// Set when open found an incomplete end (cut off on a read-write open, ignored read-only).
    public private(set) var tornTail: TornTail?
    /// Where the verified chain stood after each record count `open` was asked to note (`noting`)
    /// and reached (within what is kept: not past a torn tail).
    public private(set) var notedCursors: [Int: Cursor] = [:]
    public var isPoisoned: Bool {
        if case .poisoned = state { return true }
        return false
    }

    private let file: any JournalFile
    private var position: ChainPosition
    private var state = State.open
    private var frameBuffer: [UInt8] = []
    /// A shared-write handle inside `withWriteLock` (it holds the lock and may append).
    private var holdsWriteLock = false
    /// Bulk appends are written in pieces of about this size (one sync at the end).
    let writeChunkSize: Int

    private init(path: String, mode: Mode, file: any JournalFile, position: ChainPosition,
                 tornTail: TornTail?, writeChunkSize: Int) {
        self.path = path
        self.mode = mode
        self.file = file
        self.position = position
        self.tornTail = tornTail
        self.writeChunkSize = writeChunkSize
    }

    deinit { file.close() }

    // MARK: opening

    /// Opens a journal, verifying every record (frames and hash chain).
    ///
    /// - `create`: for `.readWrite`, create the file (mode 0600, exclusive) if it is missing;
    ///   ignored for `.readOnly`, which never writes.
    /// - An incomplete end (torn write) is cut off on a read-write open and reported in
    ///   `tornTail`; a read-only open leaves it and reports it.
    /// - Any other damage throws `.corrupt` naming the record and byte offset; nothing is changed.
    /// - A second read-write open while one is live throws `.inUse`.
    /// - `keeping`: records known to have been acknowledged (e.g. recorded in the access log); a
    ///   torn tail that would cut any of them is never cut automatically.
    /// - `noting`: record counts after which to note the verified chain position (`notedCursors`),
    ///   taken during the same read that verifies the chain.
    public static func open(path: String, mode: Mode, create: Bool = false, keeping acknowledged: Int = 0,
                            noting: [Int] = [], fileSystem: any JournalFileSystem = PosixFileSystem()) throws -> Journal {
        try open(path: path, mode: mode, create: create, fileSystem: fileSystem, writeChunkSize: 8 << 20,
                 keeping: acknowledged, noting: noting)
    }

    static func open(path: String, mode: Mode, create: Bool, fileSystem: any JournalFileSystem,
                     writeChunkSize: Int, keeping acknowledged: Int = 0, noting: [Int] = []) throws(JournalError) -> Journal {
        let (file, created) = try openFile(path: path, mode: mode, create: create, fileSystem: fileSystem)
        if mode == .readWrite {
            guard try io({ () throws(IOFailure) in try file.tryLockExclusive() }) else {
                throw .inUse(path: path)
            }
        } else if mode == .sharedWrite {
            // The open (its scan and any repair of a torn tail) runs under the lock, released after.
            try lockWaiting(file, path: path)
        }
        defer { if mode == .sharedWrite { try? file.unlock() } }
        func journal(_ position: ChainPosition, _ torn: TornTail?) -> Journal {
            Journal(path: path, mode: mode, file: file, position: position, tornTail: torn,
                    writeChunkSize: writeChunkSize)
        }
        if created {
            // The file was published with its header (and synced) by `createAtomically`; check
            // that what is under the name now is that header and nothing else.
            let size = try io { () throws(IOFailure) in try file.size() }
            if size == Format.headerLength { return journal(.start, nil) }
        }

        let size = try io { () throws(IOFailure) in try file.size() }
        let scanner = FrameScanner(file: file, capacity: min(FrameScanner.chunkSize, max(size, 1 << 16)))
        switch try io({ () throws(IOFailure) in try scanner.checkHeader(fileSize: size) }) {
        case .fault(let fault):
            throw .corrupt(path: path, fault: fault)
        case .torn(let bytes):
            // A journal is published under its name only with its header (built under a temporary
            // name, then linked), so a shorter file was emptied or cut, or made by an older
            // version: a writer does not start over on it (that would hide that a journal was lost).
            if mode.writes {
                throw .corrupt(path: path, fault: JournalFault(record: nil, offset: 0, reason: .tornHeader(bytes: bytes)))
            }
            return journal(.start, TornTail(offset: 0, bytes: bytes, record: 0, droppedRecords: 0, inHeader: true, wasCut: false))
        case .valid:
            break
        }

        scanner.notes = Array(Set(noting)).sorted()
        let result = try scan(scanner, from: .start, to: size)
        func withNotes(_ opened: Journal) -> Journal {
            for (records, at) in scanner.noted where records <= result.committed.records {
                opened.notedCursors[records] = Cursor(records: at.records, head: at.head, offset: at.offset)
            }
            if noting.contains(0) { opened.notedCursors[0] = Cursor(records: 0, head: Format.initialHash, offset: Format.headerLength) }
            return opened
        }
        switch result.end {
        case .clean:
            return withNotes(journal(result.committed, nil))
        case .fault(let fault):
            throw .corrupt(path: path, fault: fault)
        case .torn(var torn):
            if mode.writes {
                // Under the write lock: no writer is at work, so this is what a crash left.
                torn = try cutTornTail(torn, of: file, size: size, acknowledged: acknowledged, path: path, fileSystem: fileSystem)
            }
            return withNotes(journal(result.committed, torn))
        }
    }

    /// Cuts an interrupted write at the end (saving the cut bytes beside the journal first); only
    /// ever called under the write lock, when no other writer can be in the middle of a write.
    private static func cutTornTail(_ torn: TornTail, of file: any JournalFile, size: Int, acknowledged: Int, path: String,
                                    fileSystem: any JournalFileSystem) throws(JournalError) -> TornTail {
        guard torn.isInterruptedWrite, torn.record >= acknowledged else {
            throw .tornTailNeedsRepair(path: path, torn: torn)
        }
        // Nothing is removed unseen: the cut bytes are saved beside the journal first.
        let saved = try io { () throws(IOFailure) in
            let saved = try saveCopy(file, of: torn.offset..<size, path: path, suffix: "torn", fileSystem: fileSystem)
            try file.truncate(to: torn.offset)
            try file.sync()
            return saved
        }
        return torn.cut(true, savedTo: saved)
    }

    /// Takes the exclusive lock, waiting while other writers append (each holds it for one append);
    /// `.inUse` if it stays taken for `patience` seconds (e.g. a whole-session writer such as a repair).
    /// The wait blocks in the kernel (`JournalFile.lockExclusive(waitingAtMost:)`), so the lock passes
    /// to a waiter as soon as it is released instead of at the waiter's next poll.
    static func lockWaiting(_ file: any JournalFile, path: String, patience: Double = 10) throws(JournalError) {
        if lockWait == .polling {
            var pause: UInt32 = 100
            var waited = 0.0
            while !(try io({ () throws(IOFailure) in try file.tryLockExclusive() })) {
                guard waited < patience else { throw .inUse(path: path) }
                usleep(pause)
                waited += Double(pause) / 1_000_000
                pause = min(pause * 2, 2_000)
            }
            return
        }
        guard try io({ () throws(IOFailure) in try file.lockExclusive(waitingAtMost: patience) }) else {
            throw .inUse(path: path)
        }
    }

    /// How a shared writer waits for the lock. `.polling` is the way before issue 16's latency
    /// work (`tryLockExclusive` retried with a back-off of 0.1 → 2 ms), kept only so that
    /// `uppfolj-bench --contention` can measure both in one run; the program never sets it.
    public enum LockWait: Sendable { case blocking, polling }
    nonisolated(unsafe) public static var lockWait = LockWait.blocking

    private static func openFile(path: String, mode: Mode, create: Bool,
                                 fileSystem: any JournalFileSystem) throws(JournalError) -> (any JournalFile, Bool) {
        do {
            if mode.writes && create {
                do {
                    return (try fileSystem.open(path, mode: .readWrite), false)
                } catch where error.errno == ENOENT && error.operation == .open {
                    if try createAtomically(path, fileSystem: fileSystem) {
                        return (try fileSystem.open(path, mode: .readWrite), true)
                    }
                    // Another process published one first: use it.
                    return (try fileSystem.open(path, mode: .readWrite), false)
                }
            }
            return (try fileSystem.open(path, mode: mode.writes ? .readWrite : .readOnly), false)
        } catch where error.errno == ENOENT && error.operation == .open {
            throw .notFound(path: path)
        } catch {
            throw .io(error)
        }
    }

    /// Builds a new journal (its header) under a temporary name in the same folder, syncs it,
    /// gives it its real name with link(2) (which never replaces a file), removes the temporary
    /// name and syncs the folder. A crash at any point leaves either no journal or a complete
    /// empty one (and at worst a stray `<path>.creating-*` file). False if `path` appeared meanwhile.
    private static func createAtomically(_ path: String, fileSystem: any JournalFileSystem) throws(IOFailure) -> Bool {
        var temporary = ""
        var file: (any JournalFile)?
        for attempt in 0..<100 {
            temporary = "\(path).creating-\(getpid())-\(attempt)"
            do {
                file = try fileSystem.open(temporary, mode: .createExclusive)
                break
            } catch where error.errno == EEXIST {
                continue
            }
        }
        guard let file else { throw IOFailure(.create, errno: EEXIST, path: temporary) }
        defer {
            file.close()
            try? fileSystem.remove(temporary)
        }
        try writeHeader(file)
        do {
            try fileSystem.link(temporary, to: path)
        } catch where error.errno == EEXIST {
            return false
        }
        try? fileSystem.remove(temporary)
        try fileSystem.syncDirectory(containing: path)
        return true
    }

    private static func writeHeader(_ file: any JournalFile) throws(IOFailure) {
        try writeAll(file, Format.header, at: 0)
        try file.sync()
    }

    static func scan(_ scanner: FrameScanner, from start: ChainPosition, to end: Int) throws(JournalError) -> ScanResult {
        do {
            return try scanner.scan(from: start, to: end, verifyHashes: true)
        } catch let failure as IOFailure {
            throw .io(failure)
        } catch {
            throw .io(IOFailure(.read, errno: EIO, path: scanner.file.path, detail: "\(error)"))
        }
    }

    // MARK: several writers

    /// For a shared-write handle: takes the write lock (waiting while another writer appends),
    /// catches up with what other processes appended since this handle last read — verifying the
    /// new frames against the chain, and cutting a torn tail a crashed writer left (no writer can
    /// be mid-write while the lock is held) — then runs `body`, in which `append` may be called,
    /// and releases the lock. `body` gets the cursor from before the catch-up, so it can read just
    /// the records others added (`forEachRecord(since:)`) and check its append against them.
    public func withWriteLock<T>(keeping acknowledged: Int = 0, _ body: (_ before: Cursor) throws -> T) throws -> T {
        let before = try beginWrite(keeping: acknowledged)
        defer { endWrite() }
        return try body(before)
    }

    /// `withWriteLock` in two halves, for a caller that must take another lock before it lets this
    /// one go (the store hands over from the journal's lock to its access log's, so that entries
    /// follow the order of the saves): takes the lock and catches up as `withWriteLock` does and
    /// returns the cursor from before the catch-up; `endWrite` releases it. On a throw nothing is
    /// held.
    public func beginWrite(keeping acknowledged: Int = 0) throws -> Cursor {
        try checkWritable()
        guard mode == .sharedWrite else { throw JournalError.readOnly(path: path) }
        precondition(!holdsWriteLock, "withWriteLock is not reentrant")
        let asked = Self.monotonicSeconds()
        try Self.lockWaiting(file, path: path)
        lockWaitSeconds += Self.monotonicSeconds() - asked
        holdsWriteLock = true
        let before = cursor
        do {
            try catchUpLocked(keeping: acknowledged)
        } catch {
            endWrite()
            throw error
        }
        return before
    }

    /// Releases the lock `beginWrite` took (nothing when it is not held).
    public func endWrite() {
        guard holdsWriteLock else { return }
        holdsWriteLock = false
        try? file.unlock()
    }

    /// Seconds this handle has spent waiting for the write lock in `withWriteLock`, all told (what
    /// `uppfolj-bench --contention` reports as lock wait).
    public private(set) var lockWaitSeconds = 0.0

    static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Under the lock: reads and verifies the records others appended; cuts an interrupted write.
    private func catchUpLocked(keeping acknowledged: Int) throws(JournalError) {
        let size = try Self.io { () throws(IOFailure) in try file.size() }
        guard size >= position.offset else {
            // Cut below what this handle verified (a repair meanwhile): its view is gone; reopen.
            throw .changedUnderneath(path: path, expected: position.offset, actual: size)
        }
        tornTail = nil
        guard size > position.offset else { return }
        let scanner = FrameScanner(file: file, capacity: min(FrameScanner.chunkSize, max(size - position.offset, 1 << 16)))
        let result = try Self.scan(scanner, from: position, to: size)
        switch result.end {
        case .clean: break
        case .fault(let fault): throw .corrupt(path: path, fault: fault)
        case .torn(let torn):
            tornTail = try Self.cutTornTail(torn, of: file, size: size, acknowledged: max(acknowledged, position.records),
                                            path: path, fileSystem: PosixFileSystem())
        }
        position = result.committed
    }

    // MARK: appending

    /// Appends one record; returns only once it is durable (written at the end, then synced).
    /// On failure the file is restored byte for byte (`.appendFailed`), or, if even that fails,
    /// the handle is poisoned (`.poisoned`).
    public func append(kind: RecordKind, payload: [UInt8]) throws {
        try payload.withUnsafeBytes { try append(kind: kind, payload: $0) }
    }

    public func append(kind: RecordKind, payload: UnsafeRawBufferPointer) throws {
        try checkMayAppend()
        guard payload.count <= Format.maxPayloadLength else {
            throw JournalError.payloadTooLarge(bytes: payload.count, limit: Format.maxPayloadLength)
        }
        defer { if frameBuffer.capacity > 1 << 20 { frameBuffer = [] } }
        try writeDurably(records: 1) { write throws(IOFailure) in
            frameBuffer.removeAll(keepingCapacity: true)
            let head = Format.appendFrame(to: &frameBuffer, previous: position.head, kindByte: kind.rawValue, payload: payload)
            try write(frameBuffer)
            return head
        }
    }

    /// Appends many records with one sync, all or nothing: on failure the file is restored, and
    /// after a crash an unfinished batch is cut off as a torn tail (see the batch flag).
    ///
    /// `batch: false` writes them as single records (bit 7 clear on each) with the one write and
    /// sync: for records that do not depend on each other, any prefix of which may survive a crash
    /// on its own (the store's save: an anchor of an entry already durable, then the event).
    public func append(contentsOf records: some Collection<(RecordKind, [UInt8])>, batch: Bool = true) throws {
        try checkMayAppend()
        for (_, payload) in records where payload.count > Format.maxPayloadLength {
            throw JournalError.payloadTooLarge(bytes: payload.count, limit: Format.maxPayloadLength)
        }
        guard !records.isEmpty else { return }
        defer { if frameBuffer.capacity > 1 << 20 { frameBuffer = [] } }
        try writeDurably(records: records.count) { write throws(IOFailure) in
            var head = position.head
            var remaining = records.count
            frameBuffer.removeAll(keepingCapacity: true)
            for (kind, payload) in records {
                remaining -= 1
                let kindByte = kind.rawValue | (batch && remaining > 0 ? Format.batchContinues : 0)
                head = payload.withUnsafeBytes {
                    Format.appendFrame(to: &frameBuffer, previous: head, kindByte: kindByte, payload: $0)
                }
                if frameBuffer.count >= writeChunkSize {
                    try write(frameBuffer)
                    frameBuffer.removeAll(keepingCapacity: true)
                }
            }
            if !frameBuffer.isEmpty { try write(frameBuffer) }
            return head
        }
    }

    /// Writes frames made by `PreparedBatch` (which follow this journal's head) with one sync, all
    /// or nothing; `head` is the chain hash after the last of the `records` frames.
    func appendFrames(_ chunks: [[UInt8]], records: Int, head: ChainHash) throws {
        try checkMayAppend()
        guard records > 0 else { return }
        try writeDurably(records: records) { write throws(IOFailure) in
            for chunk in chunks where !chunk.isEmpty { try write(chunk) }
            return head
        }
    }

    /// Runs `body` (which writes frames through the given function, in order, from the end of
    /// the journal), then syncs; on any failure truncates back and syncs again.
    private func writeDurably(records: Int,
                              _ body: (_ write: ([UInt8]) throws(IOFailure) -> Void) throws(IOFailure) -> ChainHash) throws(JournalError) {
        let start = position.offset
        let actual = try Self.io { () throws(IOFailure) in try file.size() }
        guard actual == start else {
            throw .changedUnderneath(path: path, expected: start, actual: actual)
        }
        var offset = start
        let head: ChainHash
        do {
            head = try body { (bytes) throws(IOFailure) in
                try Self.writeAll(file, bytes, at: offset)
                offset += bytes.count
            }
            try file.sync()
        } catch {
            try rollback(to: start, cause: error)
        }
        position = ChainPosition(offset: offset, records: position.records + records, head: head)
    }

    private func rollback(to length: Int, cause: IOFailure) throws(JournalError) -> Never {
        do {
            try file.truncate(to: length)
            try file.sync()
        } catch {
            let poisoned = JournalError.poisoned(cause: cause, rollback: error)
            state = .poisoned(poisoned)
            throw poisoned
        }
        throw .appendFailed(cause)
    }

    static func writeAll(_ file: any JournalFile, _ bytes: [UInt8], at offset: Int) throws(IOFailure) {
        var failure: IOFailure?
        bytes.withUnsafeBytes { raw in
            do throws(IOFailure) { try writeAll(file, raw, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// pwrite until done; a short write followed by an error reports how far it got.
    static func writeAll(_ file: any JournalFile, _ bytes: UnsafeRawBufferPointer, at offset: Int) throws(IOFailure) {
        var done = 0
        while done < bytes.count {
            let n: Int
            do {
                n = try file.write(UnsafeRawBufferPointer(rebasing: bytes[done...]), at: offset + done)
            } catch {
                guard done > 0 else { throw error }
                let detail = "short write: \(done) of \(bytes.count) bytes" + (error.detail.map { ", \($0)" } ?? "")
                throw IOFailure(error.operation, errno: error.errno, path: error.path, detail: detail)
            }
            guard n > 0 else {
                throw IOFailure(.write, errno: EIO, path: file.path, detail: "write stored no bytes after \(done) of \(bytes.count)")
            }
            done += n
        }
    }

    // MARK: reading

    /// Calls `body` for every record in order, reading the file in large chunks. Frames are
    /// checked again; the hash chain was verified by `open` (and `refresh`), so it is not
    /// recomputed here. Records appended by other processes after open/refresh are not seen.
    public func forEachRecord(_ body: (JournalRecord) throws -> Void) throws {
        try forEachRecord(from: .start, body)
    }

    /// Where the journal stood (after open, append or refresh): `forEachRecord(since:)` reads
    /// just what came after it. (The file journal's offset is the byte offset after the record.)
    public typealias Cursor = JournalCursor

    public var cursor: Cursor { Cursor(records: position.records, head: position.head, offset: position.offset) }

    /// Like `forEachRecord`, for the records after `cursor` only (e.g. those a `refresh` added).
    public func forEachRecord(since cursor: Cursor, _ body: (JournalRecord) throws -> Void) throws {
        try forEachRecord(from: ChainPosition(offset: cursor.offset, records: cursor.records, head: cursor.head), body)
    }

    private func forEachRecord(from start: ChainPosition, _ body: (JournalRecord) throws -> Void) throws {
        try checkUsable()
        guard start.offset <= position.offset else {
            throw JournalError.changedUnderneath(path: path, expected: position.offset, actual: start.offset)
        }
        let scanner = FrameScanner(file: file, capacity: min(FrameScanner.chunkSize, max(position.offset - start.offset, 1 << 16)))
        let result: ScanResult
        do {
            result = try withoutActuallyEscaping(body) { visit in
                try scanner.scan(from: start, to: position.offset, verifyHashes: false, visit: visit)
            }
        } catch let failure as IOFailure {
            throw JournalError.io(failure)
        }
        if case .fault(let fault) = result.end { throw JournalError.corrupt(path: path, fault: fault) }
        guard result.end == .clean, result.committed.offset == position.offset else {
            // The file is shorter than what was verified: someone cut it.
            let actual = try Self.io { () throws(IOFailure) in try file.size() }
            throw JournalError.changedUnderneath(path: path, expected: position.offset, actual: actual)
        }
    }

    /// Picks up records appended by another process since open (for read-only handles),
    /// verifying them. Returns how many were added. `tornTail` is updated.
    @discardableResult
    public func refresh() throws -> Int {
        try checkUsable()
        let size = try Self.io { () throws(IOFailure) in try file.size() }
        if mode == .readWrite {
            guard size == position.offset else {
                throw JournalError.changedUnderneath(path: path, expected: position.offset, actual: size)
            }
            return 0
        }
        let scanner = FrameScanner(file: file, capacity: min(FrameScanner.chunkSize, max(size - position.offset, 1 << 16)))
        if let torn = tornTail, torn.inHeader {
            // Opened while the file was being created: is the header complete now?
            switch try Self.io({ () throws(IOFailure) in try scanner.checkHeader(fileSize: size) }) {
            case .fault(let fault): throw JournalError.corrupt(path: path, fault: fault)
            case .torn(let bytes):
                tornTail = TornTail(offset: 0, bytes: bytes, record: 0, droppedRecords: 0, inHeader: true, wasCut: false)
                return 0
            case .valid: tornTail = nil
            }
        }
        guard size >= position.offset else {
            // Cut below what was verified (a repair): this handle's view is gone; reopen.
            throw JournalError.changedUnderneath(path: path, expected: position.offset, actual: size)
        }
        let before = position.records
        let result = try Self.scan(scanner, from: position, to: size)
        switch result.end {
        case .fault(let fault): throw JournalError.corrupt(path: path, fault: fault)
        case .clean: tornTail = nil
        case .torn(let torn): tornTail = torn
        }
        position = result.committed
        return position.records - before
    }

    /// A short read-write handle at the place a read-only handle has verified, for one small append
    /// (an anchor) without reading the journal again: nil when another process holds the write lock
    /// or the file is no longer exactly what `reader` verified (its size and head hash).
    public static func reopenForAppend(_ reader: Journal, fileSystem: any JournalFileSystem = PosixFileSystem()) throws -> Journal? {
        let file: any JournalFile
        do { file = try fileSystem.open(reader.path, mode: .readWrite) } catch { throw JournalError.io(error) }
        guard try io({ () throws(IOFailure) in try file.tryLockExclusive() }) else {
            file.close()
            return nil
        }
        let position = reader.position
        let stored = UnsafeMutableRawBufferPointer.allocate(byteCount: Format.hashLength, alignment: 8)
        defer { stored.deallocate() }
        let matches = try io { () throws(IOFailure) -> Bool in
            guard try file.size() == position.offset else { return false }
            if position.records == 0 { return position.offset == Format.headerLength }
            let got = try file.read(into: stored, at: position.offset - Format.hashLength)
            return got == Format.hashLength && position.head.equals(UnsafeRawPointer(stored.baseAddress!))
        }
        guard matches, reader.tornTail == nil else {
            file.close()
            return nil
        }
        return Journal(path: reader.path, mode: .readWrite, file: file, position: position, tornTail: nil,
                       writeChunkSize: reader.writeChunkSize)
    }

    /// For a read-only handle: whether a writer holds the journal's lock right now. A torn tail
    /// seen while one does may be its write in progress; without one it is damage or what a crash
    /// left, and must be dealt with before figures are read from the journal.
    public func writerIsActive() throws -> Bool {
        try checkUsable()
        // A shared-lock probe would downgrade our own lock.
        guard mode == .readOnly || (mode == .sharedWrite && !holdsWriteLock) else { return false }
        return try Self.io { () throws(IOFailure) in try file.isLockedByWriter() }
    }

    /// Releases the file (and the write lock). Further use throws `.closed`.
    public func close() {
        file.close()
        state = .closed
    }

    // MARK: helpers

    private func checkUsable() throws(JournalError) {
        switch state {
        case .open: return
        case .poisoned(let error): throw error
        case .closed: throw .closed(path: path)
        }
    }

    private func checkWritable() throws(JournalError) {
        try checkUsable()
        if mode == .readOnly { throw .readOnly(path: path) }
    }

    /// Appending needs the lock: for a shared-write handle, only inside `withWriteLock`.
    private func checkMayAppend() throws(JournalError) {
        try checkWritable()
        if mode == .sharedWrite && !holdsWriteLock { throw .notLocked(path: path) }
    }

    static func io<T>(_ body: () throws(IOFailure) -> T) throws(JournalError) -> T {
        do {
            return try body()
        } catch {
            throw .io(error)
        }
    }
}

@available(*, unavailable, message: "A Journal handle is used from one thread")
extension Journal: Sendable {}
