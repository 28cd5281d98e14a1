import Foundation

/// Append-only memory for the encoded events of every case of a projection: one entry per event,
/// written once and never changed, in chunks of a megabyte that never move.
///
/// A `Projection` and its copies share one arena. That keeps value semantics: an entry is immutable
/// once written and every `CaseState` reaches only the entries of its own events (see
/// `CaseState.lastEntry`), so what one copy appends is invisible to the others. Appending from
/// copies on several threads is safe (a lock), and so is reading while another thread appends.
///
/// Why not a byte array per case: 92,000 arrays of a million events left a quarter of their
/// capacity unused, and folding an event then touched the case's array wherever it lay in memory;
/// the arena is written in order and holds exactly the bytes.
///
/// A projection read from a snapshot by a reader that may never look at an event (`uppfolj status`,
/// `export`: they need the cases' folded state, not their events) restores the chunks *lazily*
/// (`restoreChunkLazily`): a chunk is filled from the snapshot the first time an entry in it is
/// read, or when it is appended to or written out. Until then it takes no memory but its size.
///
/// Why the unchecked Sendable is safe: `chunks` is read and written only under `lock`; the bytes of
/// an entry are written once, under the lock, before its address is handed out, and never again,
/// so a reader holding an address reads memory no thread writes. A lazily restored chunk is filled
/// under the lock before its base address is read by anyone.
final class EventArena: @unchecked Sendable {
    static let chunkSize = 1 << 20

    /// Fills a lazily restored chunk: writes exactly the chunk's `used` bytes at the start of the
    /// buffer (its capacity), or throws when they cannot be had as they were.
    typealias ChunkLoader = @Sendable (_ into: UnsafeMutableRawBufferPointer) throws -> Void

    private struct Chunk {
        /// Nil while a lazily restored chunk has not been filled (`loader` then fills it).
        var base: UnsafeMutableRawPointer?
        let capacity: Int
        var used: Int
        var loader: ChunkLoader?
    }

    private let lock = NSLock()
    private var chunks: [Chunk] = []

    init() {}

    deinit {
        for chunk in chunks { chunk.base?.deallocate() }
    }

    /// The base of chunk `index`, filling it first if it was restored lazily. Call under `lock`.
    private func loadedBase(_ index: Int) -> UnsafeMutableRawPointer {
        if let base = chunks[index].base { return base }
        let chunk = chunks[index]
        let base = UnsafeMutableRawPointer.allocate(byteCount: chunk.capacity, alignment: 16)
        do {
            try chunk.loader!(UnsafeMutableRawBufferPointer(start: base, count: chunk.capacity))
        } catch {
            // The snapshot was read and checked whole when the projection was made from it, and is
            // kept open since (a new snapshot replaces the file, never this one's bytes in place):
            // only a change made to it in place by something else can get here.
            preconditionFailure("the events of the projection snapshot could not be read again (chunk \(index)): \(error)")
        }
        chunks[index].base = base
        chunks[index].loader = nil
        return base
    }

    /// An address: the chunk's index in the high 32 bits, the offset in the chunk in the low 32.
    /// Addresses only grow, in the order entries are appended.
    static func address(chunk: Int, offset: Int) -> Int { chunk << 32 | offset }

    /// Appends one entry. `write` is given the entry's address and writes it; it may be called
    /// again (with another address) when the entry does not fit where it was first tried.
    func append(_ write: (_ address: Int, _ into: inout RegionWriter) -> Void) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let last = chunks.last {
            let index = chunks.count - 1
            var w = RegionWriter(base: loadedBase(index) + last.used, capacity: last.capacity - last.used)
            let address = Self.address(chunk: index, offset: last.used)
            write(address, &w)
            if !w.overflowed {
                chunks[index].used += w.count
                return address
            }
        }
        var capacity = Self.chunkSize
        while true {
            let base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            var w = RegionWriter(base: base, capacity: capacity)
            let address = Self.address(chunk: chunks.count, offset: 0)
            write(address, &w)
            if !w.overflowed {
                chunks.append(Chunk(base: base, capacity: capacity, used: w.count, loader: nil))
                return address
            }
            base.deallocate()
            capacity *= 2
        }
    }

    /// The bytes from the entry at `address` to the end of what its chunk holds.
    func withEntry<R>(at address: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let (index, offset) = (address >> 32, address & 0xFFFF_FFFF)
        lock.lock()
        let (base, used) = (loadedBase(index), chunks[index].used)
        lock.unlock()
        // Written before `address` was handed out and never changed since: safe to read unlocked.
        return try body(UnsafeRawBufferPointer(start: base + offset, count: used - offset))
    }

    /// How many chunks the arena has (lazily restored ones included).
    var chunkCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return chunks.count
    }

    /// The bytes of chunk `index` (as far as written), without keeping them when the chunk was
    /// restored lazily and not filled yet: read once into a buffer of their own, given to `body`,
    /// freed (a pass over every event, such as gathering their ids, then holds one chunk at a time).
    func withChunk<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        lock.lock()
        let chunk = chunks[index]
        lock.unlock()
        // Written before the chunk list was read and never changed since: safe to read unlocked.
        if let base = chunk.base { return try body(UnsafeRawBufferPointer(start: base, count: chunk.used)) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk.capacity, alignment: 16)
        defer { buffer.deallocate() }
        do {
            try chunk.loader!(buffer)
        } catch {
            preconditionFailure("the events of the projection snapshot could not be read again (chunk \(index)): \(error)")
        }
        return try body(UnsafeRawBufferPointer(rebasing: buffer[..<chunk.used]))
    }

    /// Each chunk's bytes (as far as written) and capacity, in order: what a snapshot keeps.
    func forEachChunk(_ body: (_ bytes: UnsafeRawBufferPointer, _ capacity: Int) throws -> Void) rethrows {
        lock.lock()
        for index in chunks.indices { _ = loadedBase(index) }
        let all = chunks
        lock.unlock()
        // Bytes up to `used` were written before the chunk list was read and never change.
        for chunk in all { try body(UnsafeRawBufferPointer(start: chunk.base!, count: chunk.used), chunk.capacity) }
    }

    /// Appends a chunk as a snapshot kept it (same capacity, same bytes), so that the addresses
    /// the snapshot's cases hold point where they did.
    func restoreChunk(capacity: Int, bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= capacity && capacity > 0)
        let base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        if let source = bytes.baseAddress { base.copyMemory(from: source, byteCount: bytes.count) }
        lock.lock()
        chunks.append(Chunk(base: base, capacity: capacity, used: bytes.count, loader: nil))
        lock.unlock()
    }

    /// Appends a chunk as a snapshot kept it, its bytes to be filled by `loader` when first needed
    /// (see the type's comment): `used` bytes of `capacity`.
    func restoreChunkLazily(capacity: Int, used: Int, loader: @escaping ChunkLoader) {
        precondition(used <= capacity && capacity > 0)
        lock.lock()
        chunks.append(Chunk(base: nil, capacity: capacity, used: used, loader: loader))
        lock.unlock()
    }

    /// Whether `address` names a byte this arena holds.
    func holds(_ address: Int) -> Bool {
        let (index, offset) = (address >> 32, address & 0xFFFF_FFFF)
        lock.lock()
        defer { lock.unlock() }
        return address >= 0 && index < chunks.count && offset < chunks[index].used
    }

    /// Bytes held (for measurements), whether in memory or still in a snapshot.
    var bytesUsed: Int {
        lock.lock()
        defer { lock.unlock() }
        return chunks.reduce(0) { $0 + $1.used }
    }

    /// Bytes in memory: the chunks' capacity, less the chunks of a snapshot not read yet (tests, measurements).
    var bytesInMemory: Int {
        lock.lock()
        defer { lock.unlock() }
        return chunks.reduce(0) { $0 + ($1.base == nil ? 0 : $1.capacity) }
    }
}
