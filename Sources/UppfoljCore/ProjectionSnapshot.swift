import Foundation

/// A projection written out as a sequence of parts, and read back, so that a program can start
/// from the state of the journal at some record instead of folding every event again (issue 20).
/// Pure: no I/O, no encryption — the store seals each part and decides when a snapshot may be
/// used (never over the journal: only when the journal's verified chain at the snapshot's record
/// count is the one the snapshot was made at).
///
/// Parts, in order, each starting with a tag byte:
///
///     header   format version, event count, case count, arena chunks, the unit-settings events
///              (whole, in the event encoding), the ring of recent changes, event ids or not
///     arena    one per arena chunk: its capacity and bytes (the cases' encoded events; addresses
///              into it stay valid because chunks are restored with the same sizes)
///     cases    whole cases (`CaseState.writeSnapshot`), in order of first appearance, about
///              `partSize` bytes a part
///     ids      the event ids a writer keeps (only when given)
///     end      the counts again
///
/// A part is about a megabyte, so a reader never holds more than a few parts besides what it builds.
public enum ProjectionSnapshot {
    public static let formatVersion: UInt64 = 1

    enum Tag: UInt8 { case header = 1, arena = 2, cases = 3, ids = 4, end = 9 }

    public enum Failure: Error, CustomStringConvertible {
        case notSnapshotable
        case malformed(String)
        public var description: String {
            switch self {
            case .notSnapshotable: "the projection holds events made in memory that the encoding cannot keep"
            case .malformed(let what): "the snapshot is malformed: \(what)"
            }
        }
    }

    /// Writes `projection` (and a writer's `eventIds`) as parts, calling `emit` with each in order.
    /// Throws `notSnapshotable` before emitting anything when a case holds an irregular event.
    public static func write(_ projection: Projection, eventIds: Set<EventID>?, partSize: Int = 1 << 20,
                             emit: ([UInt8]) throws -> Void) throws {
        guard projection.isSnapshotable else { throw Failure.notSnapshotable }
        var chunks = 0
        projection.arena.forEachChunk { _, _ in chunks += 1 }
        var w = BinaryWriter()
        w.byte(Tag.header.rawValue)
        w.varint(formatVersion)
        projection.writeSnapshotHeader(into: &w)
        w.varint(UInt64(chunks))
        w.bool(eventIds != nil)
        try emit(w.bytes)

        var written = 0
        try projection.arena.forEachChunk { bytes, capacity in
            guard written < chunks else { return }   // appended meanwhile by a copy: not this state's
            written += 1
            var part = BinaryWriter()
            part.reserve(bytes.count + 16)
            part.byte(Tag.arena.rawValue)
            part.varint(UInt64(capacity))
            part.varint(UInt64(bytes.count))
            part.append(bytes)
            try emit(part.bytes)
        }

        func startPart(_ tag: Tag) -> BinaryWriter {
            var part = BinaryWriter()
            part.reserve(partSize + (partSize >> 3))
            part.byte(tag.rawValue)
            return part
        }
        var part = startPart(.cases)
        for index in projection.caseStates.indices {
            _ = projection.caseStates[index].writeSnapshot(into: &part)
            if part.bytes.count >= partSize {
                try emit(part.bytes)
                part = startPart(.cases)
            }
        }
        if part.bytes.count > 1 { try emit(part.bytes) }

        if let eventIds {
            part = startPart(.ids)
            for id in eventIds {
                part.eventID(id)
                if part.bytes.count >= partSize {
                    try emit(part.bytes)
                    part = startPart(.ids)
                }
            }
            if part.bytes.count > 1 { try emit(part.bytes) }
        }

        var end = BinaryWriter()
        end.byte(Tag.end.rawValue)
        end.varint(UInt64(projection.caseCodes.count))
        end.varint(UInt64(eventIds?.count ?? 0))
        try emit(end.bytes)
    }

    /// The cases of one part, decoded (`CaseDecoder`), for `Reader.add`.
    public struct DecodedCases: Sendable {
        let cases: [CaseState]
    }

    /// Decodes parts of cases; needs nothing but the arena the cases will point into, so parts
    /// can be decoded on several threads while the reader adds them in order.
    public struct CaseDecoder: Sendable {
        let arena: EventArena
        let catalogue: InstrumentCatalogue

        /// The part's cases, or nil when `part` is another kind of part.
        public func decode(_ part: UnsafeRawBufferPointer) throws -> DecodedCases? {
            do {
                var r = BinaryReader(part)
                guard try r.byte() == Tag.cases.rawValue else { return nil }
                var cases: [CaseState] = []
                while !r.isAtEnd { cases.append(try CaseState(snapshot: &r, arena: arena, catalogue: catalogue)) }
                return DecodedCases(cases: cases)
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure.malformed("\(error)")
            }
        }
    }

    /// Reads parts in the order `write` emitted them; `finish` gives the projection.
    public struct Reader {
        private var projection: Projection
        private let catalogue: InstrumentCatalogue
        private var expectedCases = 0
        private var expectedChunks = 0
        private var chunks = 0
        private var wantsIds = false
        private var ids: Set<EventID>?
        private var stage = Tag.header
        private var ended = false

        public init(catalogue: InstrumentCatalogue) {
            self.catalogue = catalogue
            projection = Projection(catalogue: catalogue)
        }

        public mutating func read(_ part: UnsafeRawBufferPointer) throws {
            try read(part, reloadingEventsWith: nil)
        }

        /// As `read(_:)`; with `reload`, an arena part (the cases' events) is checked but its bytes
        /// are not kept: the chunk is restored lazily (`EventArena.restoreChunkLazily`), `reload`
        /// giving this part again, as it was given here, the first time an event in it is read.
        /// For readers that may never look at an event (`uppfolj status`, `export`).
        public mutating func read(_ part: UnsafeRawBufferPointer, reloadingEventsWith reload: (@Sendable () throws -> Data)?) throws {
            do {
                try readPart(part, reload: reload)
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure.malformed("\(error)")
            }
        }

        /// An arena part's chunk: its capacity and bytes.
        private static func arenaChunk(_ r: inout BinaryReader) throws -> (capacity: Int, bytes: UnsafeRawBufferPointer) {
            guard let capacity = Int(exactly: try r.varint()), capacity > 0 else { throw Failure.malformed("arena chunk") }
            let bytes = try r.take(try r.count())
            guard bytes.count <= capacity else { throw Failure.malformed("arena chunk") }
            return (capacity, bytes)
        }

        private mutating func readPart(_ part: UnsafeRawBufferPointer, reload: (@Sendable () throws -> Data)?) throws {
            guard !ended else { throw Failure.malformed("a part after the end") }
            var r = BinaryReader(part)
            guard let tag = Tag(rawValue: try r.byte()) else { throw Failure.malformed("unknown part") }
            switch (stage, tag) {
            case (.header, .header):
                guard try r.varint() == formatVersion else { throw Failure.malformed("format version") }
                expectedCases = try projection.readSnapshotHeader(&r)
                guard let announced = Int(exactly: try r.varint()) else { throw Failure.malformed("arena chunks") }
                expectedChunks = announced
                wantsIds = try r.bool()
                if wantsIds { ids = Set(minimumCapacity: projection.eventCount) }
                stage = .arena
            case (.arena, .arena):
                guard chunks < expectedChunks else { throw Failure.malformed("more arena chunks than announced") }
                let (capacity, bytes) = try Self.arenaChunk(&r)
                if let reload {
                    let used = bytes.count
                    projection.arena.restoreChunkLazily(capacity: capacity, used: used) { buffer in
                        let again = try reload()
                        try again.withUnsafeBytes { part in
                            var r = BinaryReader(part)
                            guard try r.byte() == Tag.arena.rawValue else { throw Failure.malformed("arena chunk changed") }
                            let chunk = try Self.arenaChunk(&r)
                            guard chunk.capacity == capacity, chunk.bytes.count == used, r.isAtEnd else {
                                throw Failure.malformed("arena chunk changed")
                            }
                            buffer.copyMemory(from: chunk.bytes)
                        }
                    }
                } else {
                    projection.arena.restoreChunk(capacity: capacity, bytes: bytes)
                }
                chunks += 1
            case (.arena, .cases), (.cases, .cases):
                try add(try CaseDecoder(arena: projection.arena, catalogue: catalogue).decode(part)!)
                return
            case (.arena, .ids), (.cases, .ids), (.ids, .ids):
                guard wantsIds, chunks == expectedChunks else { throw Failure.malformed("event ids not announced") }
                stage = .ids
                while !r.isAtEnd { ids!.insert(try r.eventID()) }
                return
            case (.arena, .end), (.cases, .end), (.ids, .end):
                guard chunks == expectedChunks, try r.varint() == UInt64(expectedCases), projection.caseCodes.count == expectedCases,
                      try r.varint() == UInt64(ids?.count ?? 0) else { throw Failure.malformed("counts at the end") }
                ended = true
            default:
                throw Failure.malformed("part out of order")
            }
            guard r.isAtEnd else { throw Failure.malformed("trailing bytes in a part") }
        }

        /// Decodes parts of cases on any thread (`add` then takes them in order); nil before the header.
        public var caseDecoder: CaseDecoder? { stage == .header ? nil : CaseDecoder(arena: projection.arena, catalogue: catalogue) }

        /// Adds the cases of one part, decoded by `caseDecoder`, in the part's place.
        public mutating func add(_ decoded: consuming DecodedCases) throws {
            guard !ended, stage == .arena || stage == .cases else { throw Failure.malformed("part out of order") }
            guard chunks == expectedChunks else { throw Failure.malformed("arena chunks missing") }
            stage = .cases
            for state in decoded.cases {
                guard state.eventCount == 0 ? state.lastArenaEntry == -1 : projection.arena.holds(state.lastArenaEntry) else {
                    throw Failure.malformed("case \(state.code) points outside the arena")
                }
            }
            // Moved out one by one (reversed, then taken from the end): no copy of a case.
            var cases = decoded.cases
            cases.reverse()
            while let state = cases.popLast() { try projection.restoreCase(state) }
        }

        /// The projection and the event ids (nil unless the snapshot holds them), once the end was read.
        public func finish() throws -> (projection: Projection, eventIds: Set<EventID>?) {
            guard ended else { throw Failure.malformed("it ends early") }
            return (projection, ids)
        }
    }
}
