#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a journal file is opened.
public enum FileOpenMode: Sendable {
    case readOnly
    case readWrite
    /// Read-write, created exclusively (fails with EEXIST if the file exists), mode 0600.
    case createExclusive
}

/// The I/O seam: every byte the journal reads or writes goes through these two protocols, so
/// tests can inject failures (see `FaultInjectingFileSystem` in Tests/UppfoljJournalTests).
public protocol JournalFileSystem: Sendable {
    func open(_ path: String, mode: FileOpenMode) throws(IOFailure) -> any JournalFile
    /// fsync of the folder holding `path`, so a newly created name is durable.
    func syncDirectory(containing path: String) throws(IOFailure)
    /// Deletes a file (an unfinished backup copy, or the temporary name a new journal was built under).
    func remove(_ path: String) throws(IOFailure)
    /// Gives the file at `existing` the further name `new` (link(2)); fails with EEXIST if `new`
    /// exists, so a journal is published under its name atomically and never over another file.
    func link(_ existing: String, to new: String) throws(IOFailure)
}

/// An open file. Offsets are absolute (pread/pwrite); there is no file position.
public extension JournalFile {
    /// Files that cannot lock (in-memory test files) have nothing to release.
    func unlock() throws(IOFailure) {}

    /// For files without a kernel lock to wait on (test files): `tryLockExclusive` retried with a
    /// short back-off until `timeout`.
    func lockExclusive(waitingAtMost timeout: Double) throws(IOFailure) -> Bool {
        var pause: UInt32 = 100
        var waited = 0.0
        while !(try tryLockExclusive()) {
            guard waited < timeout else { return false }
            usleep(pause)
            waited += Double(pause) / 1_000_000
            pause = min(pause * 2, 2_000)
        }
        return true
    }
}

public protocol JournalFile: AnyObject {
    var path: String { get }
    /// Reads up to `buffer.count` bytes at `offset`; returns fewer only at end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(IOFailure) -> Int
    /// Writes some bytes at `offset`; returns how many (possibly fewer than asked: a short write).
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(IOFailure) -> Int
    /// Makes written data and the file size durable (fdatasync on Linux, F_FULLFSYNC on Darwin).
    func sync() throws(IOFailure)
    func truncate(to length: Int) throws(IOFailure)
    func size() throws(IOFailure) -> Int
    /// Takes an exclusive advisory lock without waiting (flock LOCK_EX|LOCK_NB). Returns false if
    /// another open file description holds it. Released by `close`.
    func tryLockExclusive() throws(IOFailure) -> Bool
    /// Takes the exclusive advisory lock, waiting for it up to `timeout` seconds; false if it was
    /// still taken then. A waiter is woken the moment the holder unlocks (it does not poll), so
    /// writers taking turns hand the lock on without a gap. Released by `unlock` or `close`.
    func lockExclusive(waitingAtMost timeout: Double) throws(IOFailure) -> Bool
    /// True when another open file description holds the exclusive lock (a writer is at work):
    /// probed with a shared lock that is released at once (flock LOCK_SH|LOCK_NB, then LOCK_UN).
    func isLockedByWriter() throws(IOFailure) -> Bool
    /// Releases this file's advisory lock (flock LOCK_UN); the file stays open.
    func unlock() throws(IOFailure)
    func close()
}

/// Which I/O operation failed.
public enum IOOperation: String, Sendable, Equatable {
    case open, create, read, write, sync, truncate, size, lock, syncDirectory, remove, link

    var sv: String {
        switch self {
        case .open: "öppna filen"
        case .create: "skapa filen"
        case .read: "läsa"
        case .write: "skriva"
        case .sync: "spara till disk (fsync)"
        case .truncate: "korta av filen"
        case .size: "läsa filens storlek"
        case .lock: "låsa filen"
        case .syncDirectory: "spara mappen till disk (fsync)"
        case .remove: "ta bort filen"
        case .link: "ge filen dess namn"
        }
    }

    var en: String {
        switch self {
        case .open: "open the file"
        case .create: "create the file"
        case .read: "read"
        case .write: "write"
        case .sync: "flush to disk (fsync)"
        case .truncate: "truncate the file"
        case .size: "read the file size"
        case .lock: "lock the file"
        case .syncDirectory: "flush the folder to disk (fsync)"
        case .remove: "remove the file"
        case .link: "give the file its name"
        }
    }
}

/// A failed system call, with errno.
public struct IOFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let operation: IOOperation
    public let errno: Int32
    public let path: String
    /// Extra facts, e.g. "short write: 10 of 100 bytes".
    public let detail: String?

    public init(_ operation: IOOperation, errno: Int32, path: String, detail: String? = nil) {
        self.operation = operation
        self.errno = errno
        self.path = path
        self.detail = detail
    }

    public var errnoName: String {
        switch errno {
        case ENOSPC: "ENOSPC"
        case EIO: "EIO"
        case EDQUOT: "EDQUOT"
        case EACCES: "EACCES"
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case EROFS: "EROFS"
        case EEXIST: "EEXIST"
        case EISDIR: "EISDIR"
        case ENOTDIR: "ENOTDIR"
        case EFBIG: "EFBIG"
        case EBADF: "EBADF"
        case EINVAL: "EINVAL"
        case EMFILE: "EMFILE"
        case EWOULDBLOCK: "EWOULDBLOCK"
        case ELOOP: "ELOOP"
        default: "errno \(errno)"
        }
    }

    var reasonSv: String {
        switch errno {
        case ENOSPC: "disken är full"
        case EDQUOT: "diskkvoten är slut"
        case EIO: "in-/utmatningsfel på disken"
        case EACCES, EPERM: "behörighet saknas"
        case ENOENT: "filen eller mappen finns inte"
        case EROFS: "filsystemet är skrivskyddat"
        case EEXIST: "filen finns redan"
        case EISDIR: "sökvägen är en mapp"
        case ENOTDIR: "en del av sökvägen är inte en mapp"
        case EFBIG: "filen är för stor"
        case EMFILE, ENFILE: "för många öppna filer"
        case ELOOP: "sökvägen är en symbolisk länk, och sådana följs inte (en länk kan leda skrivningar till en annan fil)"
        default: reasonEn
        }
    }

    var reasonEn: String {
        if errno == ELOOP { return "the path is a symbolic link, and links are not followed (a link could send writes to another file)" }
        guard let text = strerror(errno) else { return errnoName }
        return String(cString: text)
    }

    public var svMessage: String {
        "kunde inte \(operation.sv) (\(path)): \(reasonSv) [\(errnoName)]" + (detail.map { "; \($0)" } ?? "")
    }

    public var enMessage: String {
        "could not \(operation.en) (\(path)): \(reasonEn) [\(errnoName)]" + (detail.map { "; \($0)" } ?? "")
    }

    public var description: String { enMessage }
}

/// The real file system (POSIX calls, EINTR retried).
public struct PosixFileSystem: JournalFileSystem {
    public init() {}

    public func open(_ path: String, mode: FileOpenMode) throws(IOFailure) -> any JournalFile {
        let flags: Int32
        switch mode {
        // O_NOFOLLOW: a journal, key file or access log path that is a symbolic link is refused
        // (ELOOP) rather than followed, so no write can be sent to another file through a link.
        case .readOnly: flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW
        case .readWrite: flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW
        case .createExclusive: flags = O_RDWR | O_CLOEXEC | O_CREAT | O_EXCL | O_NOFOLLOW
        }
        let operation: IOOperation = mode == .createExclusive ? .create : .open
        let fd = try retrying(operation, path) { systemOpen(path, flags, 0o600) }
        if mode == .createExclusive, fchmod(fd, 0o600) != 0 {
            // The umask can only remove bits; make the mode exact anyway.
            let error = IOFailure(.create, errno: errno, path: path, detail: "fchmod 0600")
            _ = systemClose(fd)
            throw error
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            _ = systemClose(fd)
            throw IOFailure(operation, errno: EISDIR, path: path)
        }
        return PosixFile(fd: fd, path: path)
    }

    public func remove(_ path: String) throws(IOFailure) {
        if unlink(path) != 0 { throw IOFailure(.remove, errno: errno, path: path) }
    }

    public func link(_ existing: String, to new: String) throws(IOFailure) {
        #if canImport(Darwin)
        let result = Darwin.link(existing, new)
        #elseif canImport(Musl)
        let result = Musl.link(existing, new)
        #else
        let result = Glibc.link(existing, new)
        #endif
        if result != 0 { throw IOFailure(.link, errno: errno, path: new) }
    }

    public func syncDirectory(containing path: String) throws(IOFailure) {
        let folder = parentFolder(of: path)
        let fd = try retrying(.syncDirectory, folder) { systemOpen(folder, O_RDONLY | O_CLOEXEC | O_DIRECTORY, 0) }
        defer { _ = systemClose(fd) }
        if fsync(fd) != 0, errno != EINVAL {  // EINVAL: the file system cannot sync folders
            throw IOFailure(.syncDirectory, errno: errno, path: folder)
        }
    }
}

/// The folder a path names its file in: "." for a bare name, "/" for a file at the root. (Foundation's
/// `NSString.deletingLastPathComponent` traps on a bare name on Linux, so paths are split here.)
public func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = String(path[..<slash])
    return folder.isEmpty ? "/" : folder
}

@inline(__always)
private func retrying(_ operation: IOOperation, _ path: String, _ call: () -> Int32) throws(IOFailure) -> Int32 {
    while true {
        let result = call()
        if result >= 0 { return result }
        if errno != EINTR { throw IOFailure(operation, errno: errno, path: path) }
    }
}

private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Darwin)
    Darwin.open(path, flags, mode)
    #elseif canImport(Musl)
    Musl.open(path, flags, mode)
    #else
    Glibc.open(path, flags, mode)
    #endif
}

private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Darwin)
    Darwin.close(fd)
    #elseif canImport(Musl)
    Musl.close(fd)
    #else
    Glibc.close(fd)
    #endif
}

final class PosixFile: JournalFile {
    let path: String
    private var fd: Int32
    /// A second descriptor of the same file holding the exclusive lock (see `lockExclusive`), or -1.
    private var lockFD: Int32 = -1

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close() }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(IOFailure) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n > 0 {
                done += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw IOFailure(.read, errno: errno, path: path)
            }
        }
        return done
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(IOFailure) -> Int {
        guard bytes.count > 0 else { return 0 }
        while true {
            let n = pwrite(fd, bytes.baseAddress!, bytes.count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw IOFailure(.write, errno: errno, path: path) }
        }
    }

    func sync() throws(IOFailure) {
        while true {
            #if canImport(Darwin)
            if fcntl(fd, F_FULLFSYNC) == 0 || fsync(fd) == 0 { return }
            #else
            if fdatasync(fd) == 0 { return }
            #endif
            if errno != EINTR { throw IOFailure(.sync, errno: errno, path: path) }
        }
    }

    func truncate(to length: Int) throws(IOFailure) {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno != EINTR { throw IOFailure(.truncate, errno: errno, path: path) }
        }
    }

    func size() throws(IOFailure) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw IOFailure(.size, errno: errno, path: path) }
        return Int(info.st_size)
    }

    func tryLockExclusive() throws(IOFailure) -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK { return false }
            if errno != EINTR { throw IOFailure(.lock, errno: errno, path: path) }
        }
        return true
    }

    /// The lock is first tried without waiting. If it is taken, a helper thread opens the file
    /// anew (its own open file description, checked to be the same inode) and blocks in
    /// `flock(LOCK_EX)` on it, so the kernel hands it the lock as soon as the holder lets go; this
    /// thread waits for the helper up to `timeout`. A helper that gets the lock after the deadline
    /// (or after this file was closed) releases it at once by closing its descriptor. While held
    /// that way the lock belongs to `lockFD`, and `unlock` closes it.
    func lockExclusive(waitingAtMost timeout: Double) throws(IOFailure) -> Bool {
        if try tryLockExclusive() { return true }
        guard lockFD < 0 else { return true }
        var own = stat()
        guard fstat(fd, &own) == 0 else { throw IOFailure(.lock, errno: errno, path: path) }
        let other = try retrying(.lock, path) { systemOpen(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0) }
        var theirs = stat()
        guard fstat(other, &theirs) == 0, theirs.st_dev == own.st_dev, theirs.st_ino == own.st_ino else {
            // The name points at another file now (replaced meanwhile): lock ours by polling.
            _ = systemClose(other)
            return try pollForLock(timeout)
        }
        let waiter = LockWaiter(fd: other)
        guard waiter.start() else {
            _ = systemClose(other)
            return try pollForLock(timeout)
        }
        switch waiter.wait(seconds: timeout) {
        case .acquired:
            lockFD = other
            return true
        case .timedOut:
            return false
        case .failed(let code):
            throw IOFailure(.lock, errno: code, path: path)
        }
    }

    private func pollForLock(_ timeout: Double) throws(IOFailure) -> Bool {
        var pause: UInt32 = 100
        var waited = 0.0
        while !(try tryLockExclusive()) {
            guard waited < timeout else { return false }
            usleep(pause)
            waited += Double(pause) / 1_000_000
            pause = min(pause * 2, 2_000)
        }
        return true
    }

    func unlock() throws(IOFailure) {
        if lockFD >= 0 {
            // Held through the helper's descriptor: closing it releases the lock.
            _ = systemClose(lockFD)
            lockFD = -1
            return
        }
        while flock(fd, LOCK_UN) != 0 {
            if errno != EINTR { throw IOFailure(.lock, errno: errno, path: path) }
        }
    }

    func isLockedByWriter() throws(IOFailure) -> Bool {
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK { return true }
            if errno != EINTR { throw IOFailure(.lock, errno: errno, path: path) }
        }
        _ = flock(fd, LOCK_UN)
        return false
    }

    func close() {
        if lockFD >= 0 {
            _ = systemClose(lockFD)
            lockFD = -1
        }
        guard fd >= 0 else { return }
        _ = systemClose(fd)
        fd = -1
    }
}

/// One wait for the lock in a helper thread (`PosixFile.lockExclusive`): the thread blocks in
/// `flock(fd, LOCK_EX)`; the caller waits on a condition variable with a deadline. Whichever of
/// "got the lock" and "gave up" comes first decides, under the mutex: a lock got after the caller
/// gave up is released by the helper (it closes `fd`), so no lock is ever left behind.
private final class LockWaiter {
    enum Outcome { case acquired, timedOut, failed(Int32) }
    private enum State { case waiting, acquired, failed(Int32), abandoned }

    let fd: Int32
    private var state = State.waiting
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(fd: Int32) {
        self.fd = fd
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if !canImport(Darwin)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Starts the helper thread (detached; it holds a reference to this waiter until it ends).
    func start() -> Bool {
        let context = Unmanaged.passRetained(self).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, 64 << 10)
        defer { pthread_attr_destroy(&attributes) }
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let result = pthread_create(&thread, &attributes, { context in
            #if canImport(Darwin)
            let waiter = Unmanaged<LockWaiter>.fromOpaque(context).takeRetainedValue()
            #else
            let waiter = Unmanaged<LockWaiter>.fromOpaque(context!).takeRetainedValue()
            #endif
            waiter.run()
            return nil
        }, context)
        if result != 0 {
            Unmanaged<LockWaiter>.fromOpaque(context).release()
            return false
        }
        return true
    }

    private func run() {
        var failure: Int32 = 0
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR {
                failure = errno
                break
            }
        }
        pthread_mutex_lock(mutex)
        let abandoned: Bool
        if case .abandoned = state { abandoned = true } else { abandoned = false }
        if !abandoned { state = failure == 0 ? .acquired : .failed(failure) }
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        // Given up on (or failed): nobody will use this descriptor; closing it frees the lock.
        if abandoned || failure != 0 { _ = systemClose(fd) }
    }

    /// Waits up to `seconds` for the helper. On `.timedOut` the helper closes the descriptor when
    /// (if ever) it gets the lock; on `.failed` it has closed it.
    func wait(seconds: Double) -> Outcome {
        var deadline = timespec()
        #if canImport(Darwin)
        clock_gettime(CLOCK_REALTIME, &deadline)
        #else
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        #endif
        let whole = seconds.rounded(.down)
        deadline.tv_sec += Int(whole)
        deadline.tv_nsec += Int((seconds - whole) * 1_000_000_000)
        if deadline.tv_nsec >= 1_000_000_000 {
            deadline.tv_sec += 1
            deadline.tv_nsec -= 1_000_000_000
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while true {
            switch state {
            case .acquired: return .acquired
            case .failed(let code): return .failed(code)
            case .abandoned: return .timedOut
            case .waiting:
                if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT {
                    if case .waiting = state {
                        state = .abandoned
                        return .timedOut
                    }
                }
            }
        }
    }
}
