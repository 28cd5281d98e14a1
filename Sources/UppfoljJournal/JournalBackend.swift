/// Where a journal stood: how many records precede the cursor and their head hash. `offset` is the
/// backend's own place for it (the byte offset after the last record in a journal file; the record
/// count in a database), meaningful only to the backend that made the cursor.
public struct JournalCursor: Sendable, Equatable {
    /// Records before the cursor.
    public let records: Int
    /// The chain hash of the last record before the cursor (the genesis hash when none).
    public let head: ChainHash
    public let offset: Int

    public init(records: Int, head: ChainHash, offset: Int) {
        self.records = records
        self.head = head
        self.offset = offset
    }
}

/// What the store needs of a journal, whatever holds its records: the journal file (`Journal`) or
/// a database table (the `UppfoljPostgres` module). Every backend keeps the same records — a kind
/// byte, an opaque payload (sealed by the store) and the SHA-256 chain of `JournalChain` — so a
/// journal copied from one backend to another has the same head hash, and every reader checks the
/// chain itself (the store never trusts where the records are kept).
///
/// The contract (checked for both backends by one test suite, `JournalContractTests`):
/// - `append` and `appendBatch` return only once the records are durable; a batch is all or nothing.
/// - Several handles (processes, machines) may write: `withWriteLock` serialises them, catches up
///   with the others' records (verifying their chain) and then runs `body`, in which the handle
///   appends after the latest record, so the chain never forks.
/// - A handle reads only what it has verified; `refresh` picks up others' records.
/// - A changed, removed or inserted record is reported as `JournalError.corrupt` naming it.
///
/// A handle is used from one thread.
public protocol JournalBackend: AnyObject {
    /// Where the journal is, for messages: a path, or a database URL without its password.
    var location: String { get }
    /// Whether this handle may append.
    var writes: Bool { get }
    /// Records this handle has verified (0-based numbers run 0..<recordCount).
    var recordCount: Int { get }
    /// h_n, the chain hash of the last verified record (`JournalChain.genesis` when empty).
    var headHash: ChainHash { get }
    /// Where this handle stands now.
    var cursor: JournalCursor { get }
    /// Every verified record, in order.
    func forEachRecord(_ body: (JournalRecord) throws -> Void) throws
    /// The verified records after `cursor`.
    func forEachRecord(since cursor: JournalCursor, _ body: (JournalRecord) throws -> Void) throws
    /// Picks up (and verifies) what other handles appended; returns how many records were added.
    @discardableResult func refresh() throws -> Int
    /// Serialises appends among all writers: takes the journal's write lock (waiting while another
    /// writer appends), catches up with the others' records, runs `body` (given the cursor from
    /// before the catch-up) and releases the lock.
    func withWriteLock<T>(keeping acknowledged: Int, _ body: (_ before: JournalCursor) throws -> T) throws -> T
    /// Appends one record; returns once it is durable.
    func append(kind: RecordKind, payload: [UInt8]) throws
    /// Appends records all or nothing; returns once they are durable.
    func appendBatch(_ records: [(RecordKind, [UInt8])]) throws
    /// Releases the handle (and any lock or connection).
    func close()
    /// Asks to be told of other handles' appends (a database's LISTEN); a file needs nothing.
    func startWatching() throws
    /// Whether others may have appended since the last look: a database answers from the
    /// notifications it received (no query); a file always says yes (`refresh` is a size check).
    func mayHaveNews() throws -> Bool
}

extension JournalBackend {
    public var headHashHex: String { headHash.hex }
    public func startWatching() throws {}
    public func mayHaveNews() throws -> Bool { true }
}

extension Journal: JournalBackend {
    public var location: String { path }
    public var writes: Bool { mode.writes }

    public func appendBatch(_ records: [(RecordKind, [UInt8])]) throws {
        try append(contentsOf: records)
    }
}

/// The hash chain every backend computes and checks (docs/journal-format.md):
/// h_0 = SHA-256 of the file header, h_i = SHA-256(h_{i-1} ‖ kind byte ‖ length (u32 LE) ‖ payload).
public enum JournalChain {
    /// h_0: the same for every backend, so equal records give equal head hashes.
    public static var genesis: ChainHash { Format.initialHash }
    /// Bit 7 of the stored kind byte: more records of the same batch follow.
    public static let batchContinues: UInt8 = Format.batchContinues
    public static let maxPayloadLength = Format.maxPayloadLength

    /// The kind byte stored for record `position` (0-based) of a batch of `count` records.
    public static func kindByte(_ kind: RecordKind, position: Int, of count: Int) -> UInt8 {
        kind.rawValue | (position < count - 1 ? Format.batchContinues : 0)
    }

    /// The kind a stored kind byte names; nil for a reserved value.
    public static func kind(ofStoredByte byte: UInt8) -> RecordKind? {
        RecordKind(rawValue: byte & Format.kindMask)
    }

    /// h_i from h_{i-1}, the stored kind byte and the payload.
    public static func next(_ previous: ChainHash, kindByte: UInt8, payload: UnsafeRawBufferPointer) -> ChainHash {
        previous.withUnsafeBytes { prev in
            ChainHash(Format.chainHash(previous: prev.baseAddress!, kindByte: kindByte, payload: payload))
        }
    }

    public static func next(_ previous: ChainHash, kindByte: UInt8, payload: [UInt8]) -> ChainHash {
        payload.withUnsafeBytes { next(previous, kindByte: kindByte, payload: $0) }
    }
}
