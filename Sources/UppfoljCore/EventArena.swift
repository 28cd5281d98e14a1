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
/// Why the unchecked Sendable is safe: `chunks` is read and written only under `lock`; the bytes of
/// an entry are written once, under the lock, before its address is handed out, and never again,
/// so a reader holding an address reads memory no thread writes.
final class EventArena: @unchecked Sendable {
    static let chunkSize = 1 << 20

    private struct Chunk {
        let base: UnsafeMutableRawPointer
        let capacity: Int
        var used: Int
    }

    private let lock = NSLock()
    private var chunks: [Chunk] = []

    init() {}

    deinit {
        for chunk in chunks { chunk.base.deallocate() }
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
            var w = RegionWriter(base: last.base + last.used, capacity: last.capacity - last.used)
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
                chunks.append(Chunk(base: base, capacity: capacity, used: w.count))
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
        let chunk = chunks[index]
        lock.unlock()
        // Written before `address` was handed out and never changed since: safe to read unlocked.
        return try body(UnsafeRawBufferPointer(start: chunk.base + offset, count: chunk.used - offset))
    }

    /// Each chunk's bytes (as far as written) and capacity, in order: what a snapshot keeps.
    func forEachChunk(_ body: (_ bytes: UnsafeRawBufferPointer, _ capacity: Int) throws -> Void) rethrows {
        lock.lock()
        let all = chunks
        lock.unlock()
        // Bytes up to `used` were written before the chunk list was read and never change.
        for chunk in all { try body(UnsafeRawBufferPointer(start: chunk.base, count: chunk.used), chunk.capacity) }
    }

    /// Appends a chunk as a snapshot kept it (same capacity, same bytes), so that the addresses
    /// the snapshot's cases hold point where they did.
    func restoreChunk(capacity: Int, bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count <= capacity && capacity > 0)
        let base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        if let source = bytes.baseAddress { base.copyMemory(from: source, byteCount: bytes.count) }
        lock.lock()
        chunks.append(Chunk(base: base, capacity: capacity, used: bytes.count))
        lock.unlock()
    }

    /// Whether `address` names a byte this arena holds.
    func holds(_ address: Int) -> Bool {
        let (index, offset) = (address >> 32, address & 0xFFFF_FFFF)
        lock.lock()
        defer { lock.unlock() }
        return address >= 0 && index < chunks.count && offset < chunks[index].used
    }

    /// Bytes held (for measurements).
    var bytesUsed: Int {
        lock.lock()
        defer { lock.unlock() }
        return chunks.reduce(0) { $0 + $1.used }
    }
}
