import Foundation
import XCTest
@testable import UppfoljCore
import UppfoljSample

/// The projection written as snapshot parts and read back (issue 20 item 2): the same cases, events,
/// corrections, episodes, unit settings and recent changes as the fold that made it, and a reader
/// that refuses (never crashes on) anything cut, reordered or changed.
final class ProjectionSnapshotTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()

    func randomJournal(_ rng: inout SplitMix64, events count: Int) -> [Event] { RandomEvents.journal(&rng, events: count) }

    // Projections are compared with `==` inside XCTAssertTrue: a failing XCTAssertEqual would print
    // both whole (the catalogue included).
    func roundTrip(_ projection: Projection, partSize: Int) throws -> Projection {
        var reader = ProjectionSnapshot.Reader(catalogue: catalogue)
        for part in try parts(projection, partSize: partSize) { try part.withUnsafeBytes { try reader.read($0) } }
        return try reader.finish().projection
    }

    func parts(_ projection: Projection, partSize: Int = 1 << 20, ids: Set<EventID>? = nil) throws -> [[UInt8]] {
        var parts: [[UInt8]] = []
        try ProjectionSnapshot.write(projection, eventIds: ids, partSize: partSize) { parts.append($0) }
        return parts
    }

    func testRandomProjectionsComeBackEqualAndGoOnAlike() throws {
        var rng = SplitMix64(seed: 20)
        for round in 0..<40 {
            let events = randomJournal(&rng, events: Int.random(in: 1...400, using: &rng))
            let split = Int.random(in: 0...events.count, using: &rng)
            let projection = Projection(catalogue: catalogue, events: events[..<split])
            var back = try roundTrip(projection, partSize: Int.random(in: 16...4096, using: &rng))
            XCTAssertTrue(back == projection, "round \(round)")
            // What comes after the snapshot folds into it as into the projection it was made of,
            // and the recent changes answer alike.
            let mark = back.mark
            var folded = projection
            for event in events[split...] {
                back.apply(event)
                folded.apply(event)
            }
            XCTAssertTrue(back == Projection(catalogue: catalogue, events: events), "round \(round)")
            XCTAssertTrue(back == folded, "round \(round)")
            XCTAssertEqual(back.casesChanged(since: mark)?.codes, Set(events[split...].filter { $0.kind != .unitSettings }.map(\.caseCode)),
                           "round \(round)")
        }
    }

    /// A reader that may never look at an event keeps none in memory (issue 20: memory that does
    /// not scale with history): the events' chunks are checked when read but kept in the snapshot,
    /// and a chunk comes back, once, only when an event in it is read. What the cases hold besides
    /// their events, and everything read or folded afterwards, is as from the whole snapshot.
    func testALazyReaderHoldsNoEventsUntilOneIsRead() throws {
        var rng = SplitMix64(seed: 25)
        // Enough events for several chunks of the arena (a megabyte each), in four runs of cases of
        // their own, so that the first cases' events lie in the first chunks only.
        var events: [Event] = []
        for run in 0..<4 {
            events += randomJournal(&rng, events: 10_000).map { event in
                var renamed = event
                renamed.caseCode = "R\(run)-" + event.caseCode
                return renamed
            }
        }
        let split = 39_000
        let projection = Projection(catalogue: catalogue, events: events[..<split])
        let written = try parts(projection)
        let reloads = Counter()
        var reader = ProjectionSnapshot.Reader(catalogue: catalogue)
        for part in written {
            let kept = Data(part)
            try part.withUnsafeBytes { try reader.read($0, reloadingEventsWith: { reloads.add(); return kept }) }
        }
        var back = try reader.finish().projection
        var chunks = 0
        projection.arena.forEachChunk { _, _ in chunks += 1 }
        XCTAssertGreaterThan(chunks, 2)
        XCTAssertEqual(back.arena.bytesInMemory, 0, "no event read yet")
        XCTAssertEqual(back.arena.bytesUsed, projection.arena.bytesUsed)
        XCTAssertEqual(back.eventCount, projection.eventCount)
        XCTAssertEqual(back.caseCodes, projection.caseCodes)
        for (a, b) in zip(back.caseStates, projection.caseStates) {
            XCTAssertEqual(a.intake, b.intake)
            XCTAssertEqual(a.assessments, b.assessments)
            XCTAssertEqual(a.closure, b.closure)
            XCTAssertEqual(a.followUps, b.followUps)
        }
        XCTAssertEqual(back.arena.bytesInMemory, 0, "the folded state is read without the events")
        XCTAssertEqual(reloads.value, 0)

        // One case's events: only the chunks they lie in come back.
        let code = projection.caseCodes[0]
        XCTAssertEqual(back[code]?.events, projection[code]?.events)
        XCTAssertGreaterThan(back.arena.bytesInMemory, 0)
        XCTAssertLessThan(reloads.value, chunks)
        let afterOne = reloads.value
        XCTAssertEqual(back[code]?.events, projection[code]?.events)
        XCTAssertEqual(reloads.value, afterOne, "a chunk comes back once")

        // Folding goes on as from the whole snapshot (corrections refold from the events).
        var folded = projection
        for event in events[split...] {
            back.apply(event)
            folded.apply(event)
        }
        XCTAssertTrue(back == folded)
        XCTAssertTrue(back == Projection(catalogue: catalogue, events: events))
        XCTAssertLessThanOrEqual(reloads.value, chunks)
        // And it writes the same snapshot again (every chunk back by then).
        XCTAssertTrue(try roundTrip(back, partSize: 1 << 16) == folded)
    }

    /// The ring of recent changes once it has wrapped round (more events than `changeWindow`).
    func testAWrappedRingOfRecentChangesComesBack() throws {
        var rng = SplitMix64(seed: 21)
        let events = randomJournal(&rng, events: Projection.changeWindow + 777)
        let projection = Projection(catalogue: catalogue, events: events)
        let back = try roundTrip(projection, partSize: 1 << 16)
        XCTAssertTrue(back == projection)
        XCTAssertEqual(back.casesChanged(since: back.mark)?.codes, [])
    }

    func testEventIdsComeBackAndTheProjectionNamesTheSame() throws {
        var rng = SplitMix64(seed: 22)
        let events = randomJournal(&rng, events: 500)
        let projection = Projection(catalogue: catalogue, events: events)
        var fromArena = Set<EventID>()
        projection.forEachEventID { fromArena.insert($0) }
        XCTAssertEqual(fromArena, Set(events.map(\.id)))
        var reader = ProjectionSnapshot.Reader(catalogue: catalogue)
        for part in try parts(projection, partSize: 512, ids: fromArena) { try part.withUnsafeBytes { try reader.read($0) } }
        XCTAssertEqual(try reader.finish().eventIds, fromArena)
    }

    /// Events folded with the journal record's bytes (`apply(_:encoded:)`, as a replay reads them)
    /// make the same projection as events encoded anew: the same cases, events, ids, snapshot.
    func testEventsFoldedWithTheirRecordBytesMakeTheSameProjection() throws {
        var rng = SplitMix64(seed: 24)
        for round in 0..<20 {
            let events = randomJournal(&rng, events: Int.random(in: 1...400, using: &rng))
            // As a journal holds them: each event's encoding, and the event decoded from it.
            let payloads = events.filter { EventBinaryCodec.roundTrips($0) }.map { EventBinaryCodec.encode($0) }
            var fromBytes = Projection(catalogue: catalogue)
            var encoded = Projection(catalogue: catalogue)
            for payload in payloads {
                let event = try EventBinaryCodec.decode(payload)
                payload.withUnsafeBytes { fromBytes.apply(event, encoded: $0) }
                encoded.apply(event)
            }
            XCTAssertTrue(fromBytes == encoded, "round \(round)")
            XCTAssertEqual(fromBytes.arena.bytesUsed, encoded.arena.bytesUsed, "round \(round)")
            for code in encoded.caseCodes { XCTAssertEqual(fromBytes[code]?.events, encoded[code]?.events, "round \(round)") }
            var ids = Set<EventID>()
            fromBytes.forEachEventID { ids.insert($0) }
            XCTAssertEqual(ids, Set(try payloads.map { try EventBinaryCodec.decode($0).id }), "round \(round)")
            XCTAssertTrue(fromBytes.isSnapshotable, "round \(round)")
            XCTAssertTrue(try roundTrip(fromBytes, partSize: 1024) == encoded, "round \(round)")
        }
    }

    /// The case keeps the record's bytes as they are (less the case code), not a new encoding: a
    /// number written longer than it need be stays so, and still reads back as the same event.
    func testTheRecordBytesAreKeptAsWritten() throws {
        let intake = Fixture.intake("B-1", "2025-01-01", id: 1)
        var payload = EventBinaryCodec.encode(intake)
        let codeRange = try XCTUnwrap(payload.withUnsafeBytes {
            EventBinaryCodec.caseCodeRange(in: $0, of: intake, kind: .intake, code: "B-1")
        })
        // The recorded time follows the case code: pad its varint with one more (zero) byte.
        var end = codeRange.upperBound
        while payload[end] & 0x80 != 0 { end += 1 }
        payload[end] |= 0x80
        payload.insert(0, at: end + 1)
        let event = try EventBinaryCodec.decode(payload)
        XCTAssertEqual(event, intake)
        var fromBytes = Projection(catalogue: catalogue)
        payload.withUnsafeBytes { fromBytes.apply(event, encoded: $0) }
        let encoded = Projection(catalogue: catalogue, events: [intake])
        XCTAssertEqual(fromBytes.arena.bytesUsed, encoded.arena.bytesUsed + 1)
        XCTAssertEqual(fromBytes["B-1"]?.events, [intake])
        XCTAssertTrue(fromBytes == encoded)
        XCTAssertTrue(try roundTrip(fromBytes, partSize: 256) == encoded)
    }

    /// Bytes that are not the event's (another event's, another case code, cut short, empty) are
    /// not kept: the event is encoded anew, or held aside when the encoding cannot give it back.
    func testBytesThatAreNotTheEventsAreNotKept() throws {
        let intake = Fixture.intake("C-1", "2025-01-01", id: 1)
        let start = Fixture.event("C-1", "2025-01-02", .interventionStarted(InterventionStart(interventionId: "i1", type: .other)), id: 2)
        var other = intake
        other.caseCode = "C-2"
        var follow = FollowUpAfterClosure(reached: true)
        follow.monthsAfterClosure = -1
        let irregular = Fixture.event("C-1", "2025-03-01", .followUp(follow), id: 3)
        let full = EventBinaryCodec.encode(intake)
        let wrong: [(Event, [UInt8])] = [
            (intake, EventBinaryCodec.encode(start)), (intake, EventBinaryCodec.encode(other)),
            (intake, Array(full.prefix(20))), (intake, []), (start, full), (irregular, full),
        ]
        var fromBytes = Projection(catalogue: catalogue)
        for (event, bytes) in wrong { bytes.withUnsafeBytes { fromBytes.apply(event, encoded: $0) } }
        let encoded = Projection(catalogue: catalogue, events: wrong.map(\.0))
        XCTAssertTrue(fromBytes == encoded)
        XCTAssertEqual(fromBytes.arena.bytesUsed, encoded.arena.bytesUsed)
        XCTAssertEqual(fromBytes["C-1"]?.events, wrong.map(\.0))
        XCTAssertFalse(fromBytes.isSnapshotable)
    }

    /// The v1 → current mapping of old events survives the current encoding the snapshot uses.
    func testSchemaOneEventsComeBackAsTheyWereRead() throws {
        var rng = SplitMix64(seed: 23)
        var events = randomJournal(&rng, events: 300)
        for index in events.indices where EventSchema.isExpressible(events[index].body, in: 1) && Bool.random(using: &rng) {
            // Read as a schema-1 event would be: written in schema 1's form, decoded into the model.
            var old = events[index]
            old.schemaVersion = 1
            old.body = EventSchema.downgrade(old.body, to: 1)
            events[index] = try EventBinaryCodec.decode(EventBinaryCodec.encode(old))
        }
        XCTAssertTrue(events.contains { $0.schemaVersion == 1 })
        let projection = Projection(catalogue: catalogue, events: events)
        XCTAssertTrue(try roundTrip(projection, partSize: 300) == projection)
    }

    /// An event made in memory that the encoding cannot give back is never written into a snapshot.
    func testAProjectionHoldingAnIrregularEventIsNotWritten() throws {
        var follow = FollowUpAfterClosure(reached: true)
        follow.monthsAfterClosure = -1
        let projection = Projection(catalogue: catalogue, events: [Fixture.intake("A-1", "2025-01-01", id: 1),
                                                                  Fixture.event("A-1", "2025-02-01", .followUp(follow), id: 2)])
        XCTAssertFalse(projection.isSnapshotable)
        var emitted = 0
        XCTAssertThrowsError(try ProjectionSnapshot.write(projection, eventIds: nil) { _ in emitted += 1 })
        XCTAssertEqual(emitted, 0)
    }

    /// Every part cut short, every part left out, two parts swapped, and every single flipped byte of
    /// the small parts: refused or (a flipped byte inside a value) read, never a crash or a silently short
    /// projection. (The store's seal catches every change; this is the reader's own line of defence.)
    func testDamagedPartsAreRefusedNotCrashing() throws {
        var rng = SplitMix64(seed: 24)
        let projection = Projection(catalogue: catalogue, events: randomJournal(&rng, events: 120))
        let all = try parts(projection, partSize: 200)
        XCTAssertGreaterThan(all.count, 4)
        func read(_ list: [[UInt8]]) throws -> Projection {
            var reader = ProjectionSnapshot.Reader(catalogue: catalogue)
            for part in list { try part.withUnsafeBytes { try reader.read($0) } }
            return try reader.finish().projection
        }
        for index in all.indices {
            var without = all
            without.remove(at: index)
            XCTAssertThrowsError(try read(without), "part \(index) left out")
            for cut in [0, 1, all[index].count / 2, all[index].count - 1] where cut < all[index].count {
                var damaged = all
                damaged[index] = Array(all[index][..<cut])
                if let back = try? read(damaged) { XCTAssertFalse(back == projection, "part \(index) cut at \(cut) read as whole") }
            }
        }
        var swapped = all
        swapped.swapAt(1, 2)
        XCTAssertThrowsError(try read(swapped))
        XCTAssertThrowsError(try read(all + [all.last!]))
        for index in all.indices where all[index].count < 400 {
            for position in all[index].indices {
                var damaged = all
                damaged[index][position] ^= 0x5A
                _ = try? read(damaged)   // must not trap
            }
        }
    }
}

extension RandomEvents {
    /// Random journals over a few cases: intakes first, then any event kind, corrections that amend
    /// or retract earlier events of the case (and retractions of those), reopenings, unit settings.
    static func journal(_ rng: inout SplitMix64, events count: Int) -> [Event] {
        let codes = (1...max(1, count / 12)).map { "S-\($0)" }
        var events: [Event] = []
        var byCase: [String: [Event]] = [:]
        for _ in 0..<count {
            var event = Self.event(&rng)
            let code = codes.randomElement(using: &rng)!
            event.caseCode = code
            let earlier = byCase[code, default: []]
            if earlier.isEmpty || Int.random(in: 0..<20, using: &rng) == 0 {
                var intake = Self.body(&rng, allowCorrection: false)
                while intake.kind != .intake { intake = Self.body(&rng, allowCorrection: false) }
                event.body = intake
            } else if Int.random(in: 0..<6, using: &rng) == 0, let target = earlier.randomElement(using: &rng) {
                let action: Correction.Action = target.kind == .correction || Bool.random(using: &rng)
                    ? .retract : .amend(body: target.body, effectiveDate: Bool.random(using: &rng) ? event.effectiveDate : nil)
                event.body = .correction(Correction(target: target.id, action: action, reason: Self.pick(&rng)))
            }
            events.append(event)
            byCase[code, default: []].append(event)
        }
        return events
    }
}

/// `highestCurrentRisk` is worked out without allocating (it is asked for every case whenever the
/// lists are built): it must give what the latest judgement per family, then the highest, gives.
final class HighestCurrentRiskTests: XCTestCase {
    func testItEqualsTheHighestOfTheCurrentJudgementsPerFamily() {
        let catalogue = try! InstrumentCatalogue.builtIn()
        var rng = SplitMix64(seed: 25)
        var compared = 0
        for _ in 0..<60 {
            let projection = Projection(catalogue: catalogue, events: RandomEvents.journal(&rng, events: 300))
            for state in projection.cases.values {
                var expected: AssessmentRecord?
                for record in state.currentRiskAssessments {
                    guard let best = expected else { expected = record; continue }
                    let (a, b) = (record.riskLevel!, best.riskLevel!)
                    if a > b || (a == b && record.date > best.date) { expected = record }
                }
                XCTAssertEqual(state.highestCurrentRisk, expected, state.code)
                if expected != nil { compared += 1 }
            }
        }
        XCTAssertGreaterThan(compared, 100)
    }
}

/// Counts calls from any thread.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
