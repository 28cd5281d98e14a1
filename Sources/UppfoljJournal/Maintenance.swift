#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `Journal.verify` found. It never writes.
public struct JournalVerification: Sendable, Equatable {
    public let path: String
    public let fileSize: Int
    /// Whole records before the first fault (all of them when intact).
    public let recordCount: Int
    /// Chain hash of the last of those records (h_0 when there are none).
    public let headHash: ChainHash
    public var headHashHex: String { headHash.hex }
    /// End of the last of those records: where a read-write open or `repair` would cut.
    public let endOffset: Int
    /// The first fault, or nil if the file is intact. A torn tail counts (`fault.reason.isTorn`).
    public let fault: JournalFault?

    /// Record 0 (kind and payload) when it is whole, e.g. to tell an encrypted journal (whose
    /// first record is its encryption header) even when a later record is damaged.
    public var firstRecord: (kind: RecordKind, payload: [UInt8])? = nil

    public static func == (a: JournalVerification, b: JournalVerification) -> Bool {
        a.path == b.path && a.fileSize == b.fileSize && a.recordCount == b.recordCount && a.headHash == b.headHash
            && a.endOffset == b.endOffset && a.fault == b.fault && a.firstRecord?.kind == b.firstRecord?.kind
            && a.firstRecord?.payload == b.firstRecord?.payload
    }

    public var isIntact: Bool { fault == nil }
    /// True when the only problem is an incomplete end that a read-write open cuts off by itself.
    public var isTornOnly: Bool { fault?.reason.isTorn ?? false }
}

/// What `Journal.repair` did.
public struct RepairResult: Sendable, Equatable {
    public let path: String
    /// A byte-for-byte copy of the journal as it was before the cut (mode 0600).
    public let backupPath: String
    /// The journal's new length.
    public let cutOffset: Int
    public let bytesRemoved: Int
    public let recordsKept: Int
    /// The fault that was cut at.
    public let fault: JournalFault
}

extension Journal {
    /// Checks the header, every frame and the whole hash chain. Never writes and takes no lock.
    /// Throws only if the file cannot be opened or read.
    public static func verify(path: String, fileSystem: any JournalFileSystem = PosixFileSystem()) throws -> JournalVerification {
        let file: any JournalFile
        do {
            file = try fileSystem.open(path, mode: .readOnly)
        } catch {
            if error.errno == ENOENT { throw JournalError.notFound(path: path) }
            throw JournalError.io(error)
        }
        defer { file.close() }
        let size = try io { () throws(IOFailure) in try file.size() }
        let scanner = FrameScanner(file: file, capacity: min(FrameScanner.chunkSize, max(size, 1 << 16)))
        var first: (kind: RecordKind, payload: [UInt8])?
        func report(_ position: ChainPosition, _ fault: JournalFault?) -> JournalVerification {
            JournalVerification(path: path, fileSize: size, recordCount: position.records, headHash: position.head,
                                endOffset: min(position.offset, size), fault: fault, firstRecord: first)
        }
        switch try io({ () throws(IOFailure) in try scanner.checkHeader(fileSize: size) }) {
        case .fault(let fault):
            return report(ChainPosition(offset: 0, records: 0, head: Format.initialHash), fault)
        case .torn(let bytes):
            return report(ChainPosition(offset: 0, records: 0, head: Format.initialHash),
                          JournalFault(record: nil, offset: 0, reason: .tornHeader(bytes: bytes)))
        case .valid:
            break
        }
        let result: ScanResult
        do {
            result = try scanner.scan(from: .start, to: size, verifyHashes: true) { record in
                if record.index == 0 { first = (record.kind, Array(record.payload)) }
            }
        } catch let failure as IOFailure {
            throw JournalError.io(failure)
        }
        switch result.end {
        case .clean: return report(result.committed, nil)
        case .fault(let fault): return report(result.committed, fault)
        case .torn(let torn): return report(result.committed, torn.fault)
        }
    }

    /// For a damaged journal: copies the whole file to a new backup next to it
    /// (`<path>.backup-<UTC time>`, mode 0600, synced), then cuts the journal at the end of the
    /// last good record before the first fault and syncs. Takes the write lock (`.inUse` if held).
    /// Throws `.nothingToRepair` for an intact journal and `.headerNotRepairable` for a damaged
    /// file header (cutting there would drop every record).
    ///
    /// `keepingRecords`: cut after exactly that many records instead (no more than the good ones),
    /// e.g. before the first entry of an access log that does not open under the journal's key.
    public static func repair(path: String, keepingRecords: Int? = nil,
                              fileSystem: any JournalFileSystem = PosixFileSystem()) throws -> RepairResult {
        let file: any JournalFile
        do {
            file = try fileSystem.open(path, mode: .readWrite)
        } catch {
            if error.errno == ENOENT { throw JournalError.notFound(path: path) }
            throw JournalError.io(error)
        }
        defer { file.close() }
        guard try io({ () throws(IOFailure) in try file.tryLockExclusive() }) else { throw JournalError.inUse(path: path) }
        let size = try io { () throws(IOFailure) in try file.size() }
        let scanner = FrameScanner(file: file, capacity: min(FrameScanner.chunkSize, max(size, 1 << 16)))

        let cut: Int, kept: Int, fault: JournalFault
        var rewriteHeader = false
        switch try io({ () throws(IOFailure) in try scanner.checkHeader(fileSize: size) }) {
        case .fault(let headerFault):
            throw JournalError.headerNotRepairable(path: path, fault: headerFault)
        case .torn(let bytes):
            (cut, kept, fault) = (0, 0, JournalFault(record: nil, offset: 0, reason: .tornHeader(bytes: bytes)))
            rewriteHeader = true
        case .valid:
            let result = try scan(scanner, from: .start, to: size)
            switch result.end {
            case .clean:
                guard let keep = keepingRecords, keep < result.committed.records else { throw JournalError.nothingToRepair(path: path) }
                fault = JournalFault(record: keep, offset: 0, reason: .hashMismatch)
            case .fault(let found): fault = found
            case .torn(let torn): fault = torn.fault
            }
            (cut, kept) = (result.committed.offset, result.committed.records)
            if let keep = keepingRecords, keep < kept {
                // The frame offset of record `keep`: where the cut goes.
                var offset = cut
                struct Stop: Error {}
                do {
                    _ = try scanner.scan(from: .start, to: size, verifyHashes: false) { record in
                        if record.index == keep { offset = record.offset; throw Stop() }
                    }
                } catch is Stop {
                } catch let failure as IOFailure {
                    throw JournalError.io(failure)
                }
                let custom = JournalFault(record: keep, offset: offset, reason: fault.reason)
                let backupPath = try io { () throws(IOFailure) in try backup(file, size: size, path: path, fileSystem: fileSystem) }
                try io { () throws(IOFailure) in
                    try file.truncate(to: offset)
                    try file.sync()
                }
                return RepairResult(path: path, backupPath: backupPath, cutOffset: offset, bytesRemoved: size - offset,
                                    recordsKept: keep, fault: custom)
            }
        }

        let backupPath = try io { () throws(IOFailure) in
            try backup(file, size: size, path: path, fileSystem: fileSystem)
        }
        try io { () throws(IOFailure) in
            try file.truncate(to: cut)
            if rewriteHeader { try writeAll(file, Format.header, at: 0) }
            try file.sync()
        }
        return RepairResult(path: path, backupPath: backupPath, cutOffset: rewriteHeader ? Format.headerLength : cut,
                            bytesRemoved: size - cut, recordsKept: kept, fault: fault)
    }

    /// Copies `size` bytes of `file` to a new file next to it; returns its path.
    private static func backup(_ file: any JournalFile, size: Int, path: String,
                               fileSystem: any JournalFileSystem) throws(IOFailure) -> String {
        try saveCopy(file, of: 0..<size, path: path, suffix: "backup", fileSystem: fileSystem)
    }

    /// Copies the bytes `range` of `file` to a new file `<path>.<suffix>-<UTC time>` (with `-2`,
    /// `-3`, … if taken), created exclusively with mode 0600, synced, folder synced; returns its path.
    static func saveCopy(_ file: any JournalFile, of range: Range<Int>, path: String, suffix: String,
                         fileSystem: any JournalFileSystem) throws(IOFailure) -> String {
        let stamp = utcStamp()
        var attempt = 1
        var copy: any JournalFile
        var copyPath: String
        while true {
            copyPath = "\(path).\(suffix)-\(stamp)" + (attempt > 1 ? "-\(attempt)" : "")
            do {
                copy = try fileSystem.open(copyPath, mode: .createExclusive)
                break
            } catch where error.errno == EEXIST && attempt < 1000 {
                attempt += 1
            }
        }
        defer { copy.close() }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        do throws(IOFailure) {
            var offset = range.lowerBound
            while offset < range.upperBound {
                let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<min(chunk.count, range.upperBound - offset)]), at: offset)
                guard got > 0 else {
                    throw IOFailure(.read, errno: EIO, path: path, detail: "file ended at byte \(offset) while copying up to \(range.upperBound)")
                }
                try writeAll(copy, UnsafeRawBufferPointer(rebasing: chunk[0..<got]), at: offset - range.lowerBound)
                offset += got
            }
            try copy.sync()
        } catch {
            // Leave no half-made copy that looks like a backup.
            try? fileSystem.remove(copyPath)
            throw error
        }
        try fileSystem.syncDirectory(containing: copyPath)
        return copyPath
    }

    private static func utcStamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}
