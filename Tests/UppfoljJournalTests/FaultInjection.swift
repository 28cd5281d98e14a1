#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
@testable import UppfoljJournal

/// A file system for tests: the real one, with failures injected on demand into every file it
/// opens. Faults are counted down as they fire. Safe to share between threads.
final class FaultInjectingFileSystem: JournalFileSystem, @unchecked Sendable {
    public struct Faults: Sendable {
        /// Bytes that writes may still store. A write crossing the budget stores the bytes up to
        /// it and returns a short count; writes after that fail with `writeErrno`. nil: no limit.
        public var writeBudget: Int?
        public var writeErrno: Int32 = ENOSPC
        /// The next N syncs fail with `syncErrno`.
        public var syncFailures = 0
        public var syncErrno: Int32 = EIO
        /// The next N truncates fail with `truncateErrno`.
        public var truncateFailures = 0
        public var truncateErrno: Int32 = EIO
        /// The next N reads fail with `readErrno`.
        public var readFailures = 0
        public var readErrno: Int32 = EIO
        public init() {}
    }

    /// What reached the base file system.
    public struct Counters: Sendable, Equatable {
        public var writeCalls = 0
        public var bytesWritten = 0
        public var syncs = 0
        public var truncates = 0
    }

    private let base: any JournalFileSystem
    private let mutex = PthreadMutex()
    private var _faults = Faults()
    private var _counters = Counters()

    public init(base: any JournalFileSystem = PosixFileSystem()) {
        self.base = base
    }

    public var faults: Faults {
        get { mutex.locked { _faults } }
        set { mutex.locked { _faults = newValue } }
    }

    public var counters: Counters { mutex.locked { _counters } }

    public func open(_ path: String, mode: FileOpenMode) throws(IOFailure) -> any JournalFile {
        FaultyFile(try base.open(path, mode: mode), owner: self)
    }

    public func syncDirectory(containing path: String) throws(IOFailure) {
        try base.syncDirectory(containing: path)
    }

    public func remove(_ path: String) throws(IOFailure) {
        try base.remove(path)
    }

    public func link(_ existing: String, to new: String) throws(IOFailure) {
        try base.link(existing, to: new)
    }

    fileprivate func withState<R>(_ body: (inout Faults, inout Counters) -> R) -> R {
        mutex.locked { body(&_faults, &_counters) }
    }
}

private final class FaultyFile: JournalFile {
    let inner: any JournalFile
    let owner: FaultInjectingFileSystem
    var path: String { inner.path }

    init(_ inner: any JournalFile, owner: FaultInjectingFileSystem) {
        self.inner = inner
        self.owner = owner
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(IOFailure) -> Int {
        let failure: Int32? = owner.withState { faults, _ in
            guard faults.readFailures > 0 else { return nil }
            faults.readFailures -= 1
            return faults.readErrno
        }
        if let failure { throw IOFailure(.read, errno: failure, path: path, detail: "injected") }
        return try inner.read(into: buffer, at: offset)
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(IOFailure) -> Int {
        // How many bytes may be stored; nil = all. 0 with a budget = fail.
        let (allowed, errnoValue): (Int?, Int32) = owner.withState { faults, counters in
            counters.writeCalls += 1
            guard let budget = faults.writeBudget else { return (nil, 0) }
            let n = min(budget, bytes.count)
            faults.writeBudget = budget - n
            return (n, faults.writeErrno)
        }
        if let allowed {
            if allowed == 0 && bytes.count > 0 {
                throw IOFailure(.write, errno: errnoValue, path: path, detail: "injected")
            }
            let written = try inner.write(UnsafeRawBufferPointer(rebasing: bytes[0..<allowed]), at: offset)
            owner.withState { _, counters in counters.bytesWritten += written }
            return written
        }
        let written = try inner.write(bytes, at: offset)
        owner.withState { _, counters in counters.bytesWritten += written }
        return written
    }

    func sync() throws(IOFailure) {
        let failure: Int32? = owner.withState { faults, counters in
            counters.syncs += 1
            guard faults.syncFailures > 0 else { return nil }
            faults.syncFailures -= 1
            return faults.syncErrno
        }
        if let failure { throw IOFailure(.sync, errno: failure, path: path, detail: "injected") }
        try inner.sync()
    }

    func truncate(to length: Int) throws(IOFailure) {
        let failure: Int32? = owner.withState { faults, counters in
            counters.truncates += 1
            guard faults.truncateFailures > 0 else { return nil }
            faults.truncateFailures -= 1
            return faults.truncateErrno
        }
        if let failure { throw IOFailure(.truncate, errno: failure, path: path, detail: "injected") }
        try inner.truncate(to: length)
    }

    func size() throws(IOFailure) -> Int { try inner.size() }
    func tryLockExclusive() throws(IOFailure) -> Bool { try inner.tryLockExclusive() }
    func isLockedByWriter() throws(IOFailure) -> Bool { try inner.isLockedByWriter() }
    func unlock() throws(IOFailure) { try inner.unlock() }
    func close() { inner.close() }
}

/// A plain mutex (no Foundation in this module).
final class PthreadMutex: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func locked<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
