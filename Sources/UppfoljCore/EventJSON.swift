import Foundation
import ParallelWork

// The JSON Lines interchange form of events (`uppfolj log --json`, `uppfolj import`):
// {"id":…,"case":…,"recordedAt":…,"date":…,"worker":…,"schema":1,"type":"intake","data":{…}}
// Documented in docs/journal-format.md; keys are stable.

extension Event: Codable {
    enum CodingKeys: String, CodingKey {
        case id, caseCode = "case", recordedAt, effectiveDate = "date", worker, schemaVersion = "schema", type, data
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(EventID.self, forKey: .id)
        caseCode = try c.decode(String.self, forKey: .caseCode)
        recordedAt = try c.decode(Timestamp.self, forKey: .recordedAt)
        effectiveDate = try c.decode(Day.self, forKey: .effectiveDate)
        worker = try c.decode(String.self, forKey: .worker)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        let kind = try c.decode(EventKind.self, forKey: .type)
        guard kind.introducedIn <= schemaVersion else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.type],
                debugDescription: "the event type \"\(kind.rawValue)\" does not exist in event schema \(schemaVersion)"))
        }
        let written = try EventBody.decode(kind: kind, from: c, key: .data)
        // An older version's event, in that version's form: read into today's model (EventSchema).
        // It may hold nothing its version did not have (a field or value added later).
        body = EventSchema.upgrade(written, from: schemaVersion)
        if schemaVersion < Event.currentSchemaVersion,
           !EventSchema.isExpressible(body, in: schemaVersion) || EventSchema.downgrade(body, to: schemaVersion) != written {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.data],
                debugDescription: "the event holds a field or value that event schema \(schemaVersion) does not have"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(caseCode, forKey: .caseCode)
        try c.encode(recordedAt, forKey: .recordedAt)
        try c.encode(effectiveDate, forKey: .effectiveDate)
        try c.encode(worker, forKey: .worker)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(body.kind, forKey: .type)
        // In the form of the event's own schema version: a schema-1 event prints as it always did.
        try EventSchema.downgrade(body, to: schemaVersion).encodeData(into: &c, key: .data)
    }
}

extension EventBody {
    static func decode<K: CodingKey>(kind: EventKind, from c: KeyedDecodingContainer<K>, key: K) throws -> EventBody {
        switch kind {
        case .intake: return .intake(try c.decode(Intake.self, forKey: key))
        case .assessment: return .assessment(try c.decode(Assessment.self, forKey: key))
        case .interventionStarted: return .interventionStarted(try c.decode(InterventionStart.self, forKey: key))
        case .interventionEnded: return .interventionEnded(try c.decode(InterventionEnd.self, forKey: key))
        case .partnerContact: return .partnerContact(try c.decode(PartnerContact.self, forKey: key))
        case .duringFollowUp: return .duringFollowUp(try c.decode(DuringFollowUp.self, forKey: key))
        case .closure: return .closure(try c.decode(Closure.self, forKey: key))
        case .followUp: return .followUp(try c.decode(FollowUpAfterClosure.self, forKey: key))
        case .correction: return .correction(try c.decode(Correction.self, forKey: key))
        case .handover: return .handover(try c.decode(Handover.self, forKey: key))
        case .unitSettings: return .unitSettings(try c.decode(UnitSettings.self, forKey: key))
        case .reopening: return .reopening(try c.decode(Reopening.self, forKey: key))
        }
    }

    func encodeData<K: CodingKey>(into c: inout KeyedEncodingContainer<K>, key: K) throws {
        switch self {
        case .intake(let v): try c.encode(v, forKey: key)
        case .assessment(let v): try c.encode(v, forKey: key)
        case .interventionStarted(let v): try c.encode(v, forKey: key)
        case .interventionEnded(let v): try c.encode(v, forKey: key)
        case .partnerContact(let v): try c.encode(v, forKey: key)
        case .duringFollowUp(let v): try c.encode(v, forKey: key)
        case .closure(let v): try c.encode(v, forKey: key)
        case .followUp(let v): try c.encode(v, forKey: key)
        case .correction(let v): try c.encode(v, forKey: key)
        case .handover(let v): try c.encode(v, forKey: key)
        case .unitSettings(let v): try c.encode(v, forKey: key)
        case .reopening(let v): try c.encode(v, forKey: key)
        }
    }
}

extension PartnerContact: Codable {
    enum CodingKeys: String, CodingKey { case step, consent, channel, reached, response, conversation }
    enum Step: String, Codable { case asked, attempt, response, conversation }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Step.self, forKey: .step) {
        case .asked: self = .asked(consent: try c.decode(Answer.self, forKey: .consent))
        case .attempt: self = .attempt(channel: try c.decode(ContactChannel.self, forKey: .channel),
                                       reached: try c.decode(Bool.self, forKey: .reached))
        case .response: self = .response(try c.decode(PartnerResponse.self, forKey: .response))
        case .conversation: self = .conversation(try c.decode(PartnerConversation.self, forKey: .conversation))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .asked(let consent):
            try c.encode(Step.asked, forKey: .step)
            try c.encode(consent, forKey: .consent)
        case .attempt(let channel, let reached):
            try c.encode(Step.attempt, forKey: .step)
            try c.encode(channel, forKey: .channel)
            try c.encode(reached, forKey: .reached)
        case .response(let response):
            try c.encode(Step.response, forKey: .step)
            try c.encode(response, forKey: .response)
        case .conversation(let conversation):
            try c.encode(Step.conversation, forKey: .step)
            try c.encode(conversation, forKey: .conversation)
        }
    }
}

extension Correction: Codable {
    enum CodingKeys: String, CodingKey { case target, action, reason, comment, type, date, data }
    enum ActionName: String, Codable { case amend, retract }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        target = try c.decode(EventID.self, forKey: .target)
        reason = try c.decode(CorrectionReason.self, forKey: .reason)
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
        switch try c.decode(ActionName.self, forKey: .action) {
        case .retract:
            action = .retract
        case .amend:
            let kind = try c.decode(EventKind.self, forKey: .type)
            action = .amend(body: try EventBody.decode(kind: kind, from: c, key: .data),
                            effectiveDate: try c.decodeIfPresent(Day.self, forKey: .date))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        switch action {
        case .retract:
            try c.encode(ActionName.retract, forKey: .action)
        case .amend(let body, let date):
            try c.encode(ActionName.amend, forKey: .action)
            try c.encode(body.kind, forKey: .type)
            try c.encodeIfPresent(date, forKey: .date)
            try body.encodeData(into: &c, key: .data)
        }
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(comment, forKey: .comment)
    }
}

/// Encoding and decoding of single JSON lines, with the strictness an importer needs.
public enum EventJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func line(_ event: Event) throws -> String {
        String(decoding: try encoder().encode(event), as: UTF8.self)
    }

    /// Decodes one line through the strict reader (`StrictJSONDecoder`): duplicate keys, unknown keys
    /// (a misspelt field must not silently become "unknown"), wrong types and bad dates are refused,
    /// each with its column and key path.
    public static func decodeStrict(_ line: some StringProtocol) throws -> Event {
        try decodeStrict(Array(line.utf8))
    }

    public static func decodeStrict(_ bytes: [UInt8]) throws -> Event {
        try StrictJSONDecoder().decode(Event.self, from: bytes)
    }

    /// One line of a JSON Lines text: its number (from 1) and the event, or why it was refused.
    public struct DecodedLine: Sendable {
        public let number: Int
        public let result: Result<Event, any Error>
        /// The `precheck` given to `decodeLines` passed the event (false when none was given).
        public var prechecked = false
    }

    /// Decodes every non-blank line of a JSON Lines text strictly (see `decodeStrict`), in order,
    /// on all cores: this is the bulk of an import's time.
    public static func decodeLines(_ text: Data) -> [DecodedLine] {
        let lines = lineRanges(text)
        return decode(text, lines[...])
    }

    /// `decodeLines` a chunk of `chunkSize` lines at a time, in order: while `each` takes one chunk
    /// on the calling thread (an import validates it against the events before it), the next is
    /// decoded on the other cores. Only the chunks in hand are held, not every line's result.
    /// `precheck` runs on each decoded event there too (an import's context-free validation).
    public static func decodeLines(_ text: Data, chunkSize: Int, precheck: (@Sendable (Event) -> Bool)? = nil,
                                   _ each: ([DecodedLine]) throws -> Void) rethrows {
        let lines = lineRanges(text)
        let chunks = stride(from: 0, to: lines.count, by: max(1, chunkSize)).map { $0 ..< min($0 + max(1, chunkSize), lines.count) }
        guard let first = chunks.first else { return }
        var next = Pending { decode(text, lines[first], precheck: precheck) }
        for position in chunks.indices {
            let current = next.wait()
            if position + 1 < chunks.count {
                let range = chunks[position + 1]
                next = Pending { decode(text, lines[range], precheck: precheck) }
            }
            try each(current)
        }
    }

    /// Part of a block of JSON Lines, decoded on one core: the events read, in order, with their
    /// line numbers and whether the `precheck` passed each (false when none was given), and the
    /// lines refused, in order, with why.
    public struct DecodedPart: Sendable {
        public var events: [Event] = []
        public var numbers: [Int] = []
        public var prechecked: [Bool] = []
        public var refused: [(number: Int, error: any Error)] = []
    }

    /// `decodeLines` of a text read a block at a time by `read` (it fills as much of the buffer
    /// it is given as it can and returns how many bytes; 0 at the end), about `blockSize` bytes a
    /// block, each block cut after its last line break: while `each` takes one block's parts on
    /// the calling thread, the next block is read and decoded on the other cores. One buffer of
    /// about `blockSize` bytes holds the text, never the whole of it, and the parts are handed
    /// over as they were decoded (no line's result is copied into another array). A read that
    /// fails ends the decoding with its error (thrown after the blocks before it were handed to `each`).
    public static func decodeLines(reading read: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws -> Int, blockSize: Int,
                                   precheck: (@Sendable (Event) -> Bool)? = nil, _ each: ([DecodedPart]) throws -> Void) throws {
        let blocks = LineBlocks(read: read, blockSize: max(1, blockSize))
        // A block's text lives in the blocks' one buffer until the next block is read: the next
        // `decodeNext` starts only once the one before has returned (it waits for it, below).
        @Sendable func decodeNext() -> [DecodedPart]? {
            guard let (text, firstNumber) = blocks.next() else { return nil }
            return decodeParts(text, lineRanges(text, firstNumber: firstNumber), precheck: precheck)
        }
        var next = Pending { decodeNext() }
        while let current = next.wait() {
            next = Pending { decodeNext() }
            try each(current)
        }
        if let failure = blocks.failure { throw failure }
    }

    /// The lines of `text` decoded in parts, one a core (none of fewer than 256 lines).
    private static func decodeParts(_ text: Data, _ lines: [(number: Int, range: Range<Int>)],
                                    precheck: (@Sendable (Event) -> Bool)?) -> [DecodedPart] {
        Parallel.map(WorkSplit.ranges(count: lines.count, minimumPerPart: 256)) { range in
            var part = DecodedPart()
            part.events.reserveCapacity(range.count)
            part.numbers.reserveCapacity(range.count)
            part.prechecked.reserveCapacity(range.count)
            text.withUnsafeBytes { all in
                for position in range {
                    let line = lines[position]
                    switch decode(UnsafeRawBufferPointer(rebasing: all[line.range])) {
                    case .success(let event):
                        part.prechecked.append(precheck?(event) ?? false)
                        part.events.append(event)
                        part.numbers.append(line.number)
                    case .failure(let error):
                        part.refused.append((line.number, error))
                    }
                }
            }
            return part
        }
    }

    /// The non-blank lines of a JSON Lines text: each line's number (from `firstNumber`) and byte range.
    static func lineRanges(_ text: Data, firstNumber: Int = 1) -> [(number: Int, range: Range<Int>)] {
        text.withUnsafeBytes { bytes -> [(number: Int, range: Range<Int>)] in
            var lines: [(number: Int, range: Range<Int>)] = []
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return lines }
            var start = 0, number = firstNumber
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
            while start <= bytes.count {
                // The next line break (memchr: the bytes between are not looked at one by one).
                let end = start == bytes.count ? start
                    : memchr(base + start, 0x0A, bytes.count - start).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? bytes.count
                var (low, high) = (start, end)
                while low < high, isBlank(base[low]) { low += 1 }
                while high > low, isBlank(base[high - 1]) { high -= 1 }
                if low < high { lines.append((number, start..<high)) }  // from the line's start: columns count from there
                start = end + 1
                number += 1
            }
            return lines
        }
    }

    private static func decode(_ text: Data, _ lines: ArraySlice<(number: Int, range: Range<Int>)>,
                               precheck: (@Sendable (Event) -> Bool)? = nil) -> [DecodedLine] {
        let base = lines.startIndex
        return Parallel.chunked(count: lines.count, minimumPerPart: 256) { range in
            text.withUnsafeBytes { all in
                range.map { position in
                    let line = lines[base + position]
                    var decoded = DecodedLine(number: line.number, result: decode(UnsafeRawBufferPointer(rebasing: all[line.range])))
                    if let precheck, case .success(let event) = decoded.result { decoded.prechecked = precheck(event) }
                    return decoded
                }
            }
        }
    }

    /// One line: read directly from its bytes when it is in the common form (`EventLineReader`),
    /// else by the strict reader, which then also says why a line is refused.
    static func decode(_ line: UnsafeRawBufferPointer) -> Result<Event, any Error> {
        if let event = EventLineReader.event(line) { return .success(event) }
        return Result { try decodeStrict([UInt8](line)) }
    }
}

/// A value computed on another thread, waited for once.
///
/// Why the unchecked Sendable is safe: `value` is written once, by the work, before `done` is
/// left, and read only after `wait` has waited for `done` (a happens-before edge).
private final class Pending<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchGroup()

    init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global().async {
            self.value = work()
            self.done.leave()
        }
    }

    func wait() -> Value {
        done.wait()
        return value!
    }
}

/// A text read a block at a time into one buffer, each block ending after a line break (the rest
/// is moved to the buffer's start and read on from there), with the number of its first line.
///
/// Why the unchecked Sendable is safe: `next` is called by one `Pending` work item at a time —
/// `decodeLines(reading:…)` starts the next item only after waiting for the one before (a
/// happens-before edge) — and `failure` is read after the last item has been waited for. The text
/// `next` returns refers to the buffer without copying it: it is used only by the work item that
/// asked for it, which is done with it before the next item calls `next` again.
private final class LineBlocks: @unchecked Sendable {
    private let read: @Sendable (UnsafeMutableRawBufferPointer) throws -> Int
    private let blockSize: Int
    private var buffer: UnsafeMutableRawBufferPointer
    /// The bytes after the last block's last line break: the start of the next block.
    private var rest: Range<Int> = 0..<0
    private var number = 1
    private var ended = false
    private(set) var failure: (any Error)?

    init(read: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws -> Int, blockSize: Int) {
        self.read = read
        self.blockSize = blockSize
        // Room for a block and the start of a line carried into it (grown only for a longer one).
        buffer = .allocate(byteCount: blockSize + min(blockSize, 1 << 16), alignment: 16)
    }

    deinit { buffer.deallocate() }

    func next() -> (text: Data, firstNumber: Int)? {
        guard !ended else { return nil }
        // What was left after the last line break comes first (the block that ended there is done with).
        var filled = rest.count
        if rest.lowerBound > 0, filled > 0 {
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + rest.lowerBound, byteCount: filled)
        }
        rest = 0..<0
        var end = 0  // just after the block's last line break (0: none yet)
        while end == 0 {
            // About `blockSize` bytes more than the carried part of a line (more while no line break is found).
            let target = filled + blockSize
            if buffer.count < target {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(target, buffer.count * 3 / 2), alignment: 16)
                larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: filled)
                buffer.deallocate()
                buffer = larger
            }
            let searchFrom = filled
            while filled < target {
                let n: Int
                do { n = try read(UnsafeMutableRawBufferPointer(rebasing: buffer[filled ..< target])) } catch {
                    failure = error
                    ended = true
                    return nil
                }
                if n == 0 { ended = true; break }
                filled += n
            }
            if ended {
                end = filled  // to the end, the last line with or without a line break
                break
            }
            // The last line break read (a line is short: the search backwards ends soon).
            var at = filled
            while at > searchFrom, buffer[at - 1] != 0x0A { at -= 1 }
            if at > searchFrom { end = at }
        }
        guard end > 0 else { return nil }
        rest = end ..< filled
        let first = number
        var at = UnsafeRawPointer(buffer.baseAddress!)
        let stop = at + end
        while at < stop, let found = memchr(at, 0x0A, stop - at) {
            number += 1
            at = UnsafeRawPointer(found) + 1
        }
        return (Data(bytesNoCopy: buffer.baseAddress!, count: end, deallocator: .none), first)
    }
}
