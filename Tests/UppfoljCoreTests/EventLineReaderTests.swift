import Foundation
import XCTest
@testable import UppfoljCore
import UppfoljSample

/// The direct line reader (`EventLineReader`) is a shortcut past the strict reader, never a
/// second set of rules: whatever it accepts, the strict reader accepts as the same event. Compared
/// here over the fuzz corpus, sample events of every kind in their `log --json` form, and
/// malformed variants of each (keys dropped, doubled, misspelt; values of every other type, null,
/// escaped, with control characters; bytes cut out or replaced).
final class EventLineReaderTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/jsonl-line")

    /// The fast reader's verdict on `line`, checked against the strict reader's: nil if it does not
    /// read the line; else its event, which must be the strict reader's.
    @discardableResult
    func compare(_ line: [UInt8], _ what: @autoclosure () -> String, file: StaticString = #filePath, line number: UInt = #line) -> Event? {
        guard let fast = line.withUnsafeBytes({ EventLineReader.event($0) }) else { return nil }
        do {
            let strict = try EventJSON.decodeStrict(line)
            XCTAssertEqual(fast, strict, "\(what()): \(String(decoding: line, as: UTF8.self))", file: file, line: number)
        } catch {
            XCTFail("the fast reader accepted what the strict reader refuses (\(error)): \(what()): \(String(decoding: line, as: UTF8.self))",
                    file: file, line: number)
        }
        return fast
    }

    func testCorpusLines() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        XCTAssertGreaterThan(names.count, 100)
        var read = 0
        for name in names {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
            if compare([UInt8](data), name) != nil { read += 1 }
        }
        print("EventLineReader: \(read) of \(names.count) corpus inputs read directly")
        XCTAssertGreaterThan(read, 0)
    }

    /// Canonical lines of every kind of event (the sample's, and the corpus's events written
    /// again): all read directly, as the same events.
    func sampleLines() throws -> [(String, [UInt8])] {
        let catalogue = try InstrumentCatalogue.builtIn()
        var events = SampleGenerator(cases: 400, seed: 11, until: Day(iso: "2026-11-23")!, catalogue: catalogue).events()
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted() {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
            if let event = try? EventJSON.decodeStrict([UInt8](data)) { events.append(event) }
        }
        events += Self.rareEvents()
        return try events.map { ("\($0.kind)", Array(try EventJSON.line($0).utf8)) }
    }

    /// Kinds and forms the sample does not write: handovers, settings, reopenings, every step of a
    /// partner contact, amendments of each kind, schema-1 and schema-2 events.
    static func rareEvents() -> [Event] {
        let day = Day(iso: "2025-03-04")!
        let at = Timestamp(iso: "2025-03-04T10:11:12Z")!
        func event(_ body: EventBody, schema: Int = Event.currentSchemaVersion, code: String = "U2025-0001") -> Event {
            Event(id: EventID(high: UInt64(body.kind.wireIndex) << 8 | UInt64(schema), low: 42), caseCode: code, recordedAt: at,
                  effectiveDate: day, worker: "hl01", schemaVersion: schema, body: body)
        }
        var intake = Intake(role: .perpetrator)
        intake.birthYear = 1980
        intake.violenceTypes = [.physical, .psychological]
        intake.knownDate = day
        intake.goals = []
        intake.responsibleWorker = "hl02"
        intake.mandate = .voluntary
        var start = InterventionStart(interventionId: "I1", type: InterventionType.allCases[0])
        start.legalBasis = LegalBasis.allCases.last
        start.accompanyingChildren = 2
        var closure = Closure(reason: .planned, goalAttainment: GoalAttainment.allCases[0])
        closure.violenceByType = [.physical: ViolenceStatus.allCases[0], .sexual: ViolenceStatus.allCases.last!]
        closure.survey = ClientSurvey(situationImproved: 4, supportImportance: 5, feelingSafe: 3)
        var followUp = FollowUpAfterClosure(reached: false)
        followUp.attempts = 3
        followUp.notReachedReason = NotReachedReason.allCases[0]
        var during = DuringFollowUp()
        during.violenceSinceLast = .yes
        during.violenceTypes = [.material]
        during.protectiveMeasures = []
        var conversation = PartnerConversation()
        conversation.newViolence = .yes
        conversation.newViolenceTypes = [.physical]
        var settings = UnitSettings()
        settings.minimumCellSize = 5
        settings.population18Plus = 120_000
        settings.populationYear = 2024
        let bodies: [EventBody] = [
            .intake(intake), .interventionStarted(start), .closure(closure), .followUp(followUp), .duringFollowUp(during),
            .partnerContact(.asked(consent: .yes)), .partnerContact(.attempt(channel: ContactChannel.allCases[0], reached: true)),
            .partnerContact(.response(PartnerResponse.allCases[0])), .partnerContact(.conversation(conversation)),
            .handover(Handover(toWorker: "hl03")), .reopening(Reopening(reason: ReopeningReason.allCases[0], intake: intake)),
            .interventionEnded(InterventionEnd(interventionId: "I1", outcome: InterventionOutcome.allCases[0])),
            .assessment(Assessment(instrument: InstrumentRef(id: "FREDA", version: "1"), timePoint: .intake,
                                   ratings: [ItemRating(item: "R1", value: 2, earlier: 1, critical: true), ItemRating(item: "R2", value: nil)],
                                   judgements: [JudgementValue(judgement: "risk", value: "hog")], clientEstimate: .medium, respondent: .client)),
        ]
        var events = bodies.map { event($0) }
        events.append(event(.unitSettings(settings), code: ""))
        for body in bodies {
            events.append(event(.correction(Correction(target: EventID(high: 1, low: 2), action: .amend(body: body, effectiveDate: day),
                                                       reason: CorrectionReason.allCases[0], comment: "rättat"))))
        }
        events.append(event(.correction(Correction(target: EventID(high: 1, low: 2), action: .retract, reason: CorrectionReason.allCases[0]))))
        events.append(event(.correction(Correction(target: EventID(high: 1, low: 2), action: .amend(body: .handover(Handover(toWorker: "x")), effectiveDate: nil),
                                                   reason: CorrectionReason.allCases[0]))))
        // Older schemas, in their own form.
        var old = Intake(role: .victim)
        old.policeReport = .yes
        events.append(event(.intake(old), schema: 1))
        events.append(event(.closure(Closure(reason: .goalFullyMet)), schema: 1))
        events.append(event(.intake(old), schema: 2))
        return events
    }

    func testCanonicalLinesOfEveryKindAreReadDirectly() throws {
        var kinds = Set<EventKind>(), present = Set<String>()
        var escaped = 0
        for (kind, line) in try sampleLines() {
            present.insert(kind)
            if let event = compare(line, kind) {
                kinds.insert(event.kind)
            } else {
                // Only a line with an escape in a string (a quote or a backslash in a comment, say) goes the long way.
                XCTAssertTrue(line.contains(UInt8(ascii: "\\")), "not read directly: \(String(decoding: line, as: UTF8.self))")
                escaped += 1
            }
        }
        XCTAssertEqual(Set(kinds.map { "\($0)" }), present, "every kind present is read directly")
        XCTAssertTrue(kinds.isSuperset(of: [.intake, .assessment, .interventionStarted, .interventionEnded, .closure, .followUp,
                                            .correction, .duringFollowUp, .partnerContact]), "\(kinds)")
        print("EventLineReader: kinds read directly \(kinds.map(\.rawValue).sorted()); \(escaped) lines with escapes")
    }

    /// Every member of every object in `line`: the key's range (quotes included) and the value's.
    func members(_ line: [UInt8]) -> [(key: Range<Int>, value: Range<Int>)] {
        var found: [(Range<Int>, Range<Int>)] = []
        var stack: [Bool] = []  // true: inside an object
        var i = 0
        func stringEnd(_ at: Int) -> Int {
            var j = at + 1
            while j < line.count, line[j] != UInt8(ascii: "\"") { j += line[j] == UInt8(ascii: "\\") ? 2 : 1 }
            return j + 1
        }
        func valueEnd(_ at: Int) -> Int {
            var depth = 0
            var j = at
            while j < line.count {
                switch line[j] {
                case UInt8(ascii: "\""):
                    j = stringEnd(j)
                    if depth == 0 { return j }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return j + 1 }
                    if depth < 0 { return j }
                case UInt8(ascii: ","):
                    if depth == 0 { return j }
                default: break
                }
                j += 1
            }
            return j
        }
        while i < line.count {
            switch line[i] {
            case UInt8(ascii: "{"): stack.append(true); i += 1
            case UInt8(ascii: "["): stack.append(false); i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): stack.removeLast(); i += 1
            case UInt8(ascii: "\""):
                let end = stringEnd(i)
                if stack.last == true, end < line.count, line[end] == UInt8(ascii: ":") {
                    let value = valueEnd(end + 1)
                    found.append((i..<end, end + 1..<value))
                }
                i = end
            default: i += 1
            }
        }
        return found
    }

    func variants(_ line: [UInt8]) -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        func replacing(_ range: Range<Int>, with bytes: [UInt8]) -> [UInt8] {
            var copy = line
            copy.replaceSubrange(range, with: bytes)
            return copy
        }
        for (key, value) in members(line) {
            let name = String(decoding: line[key], as: UTF8.self)
            let member = Array(line[key.lowerBound..<value.upperBound])
            // Dropped (with its comma), doubled, misspelt, in another case.
            if value.upperBound < line.count, line[value.upperBound] == UInt8(ascii: ",") {
                out.append(("drop \(name)", replacing(key.lowerBound..<value.upperBound + 1, with: [])))
            } else if key.lowerBound > 0, line[key.lowerBound - 1] == UInt8(ascii: ",") {
                out.append(("drop \(name)", replacing(key.lowerBound - 1..<value.upperBound, with: [])))
            } else {
                out.append(("drop \(name)", replacing(key.lowerBound..<value.upperBound, with: [])))
            }
            out.append(("double \(name)", replacing(value.upperBound..<value.upperBound, with: [UInt8(ascii: ",")] + member)))
            out.append(("misspell \(name)", replacing(key.upperBound - 1..<key.upperBound - 1, with: Array("x".utf8))))
            out.append(("case \(name)", replacing(key.lowerBound + 1..<key.lowerBound + 2,
                                                  with: [line[key.lowerBound + 1] ^ 0x20])))
            out.append(("escaped key \(name)", replacing(key.lowerBound + 1..<key.lowerBound + 2,
                                                         with: Array(String(format: "\\u%04x", line[key.lowerBound + 1]).utf8))))
            // Values of every other type.
            for other in ["null", "\"\"", "\"x\"", "0", "-0", "1", "-1", "01", "1.0", "1e2", "12345678901234567890", "true", "false",
                          "[]", "[null]", "[\"x\"]", "{}", "{\"x\":1}", "tru", "nul", " null ", "\"\\u0041\"", "\"a\u{1}b\"", "\"\u{7F}\""] {
                out.append(("\(name) = \(other)", replacing(value, with: Array(other.utf8))))
            }
            // The value changed inside: escaped, with a control character, cut, in upper case, as a number with a sign.
            let text = Array(line[value])
            if text.first == UInt8(ascii: "\"") && text.count >= 3 {
                out.append(("\(name) escaped", replacing(value.lowerBound + 1..<value.lowerBound + 2,
                                                         with: Array(String(format: "\\u%04x", text[1]).utf8))))
                out.append(("\(name) control", replacing(value.lowerBound + 1..<value.lowerBound + 1, with: [0x09])))
                out.append(("\(name) invalid UTF-8", replacing(value.lowerBound + 1..<value.lowerBound + 1, with: [0xC3])))
                out.append(("\(name) non-ASCII", replacing(value.lowerBound + 1..<value.lowerBound + 1, with: Array("ä".utf8))))
                out.append(("\(name) cut", replacing(value.upperBound - 2..<value.upperBound - 1, with: [])))
                out.append(("\(name) upper", replacing(value, with: Array(String(decoding: text, as: UTF8.self).uppercased().utf8))))
                out.append(("\(name) spaced", replacing(value.lowerBound + 1..<value.lowerBound + 1, with: [0x20])))
            } else if let first = text.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
                out.append(("\(name) plus", replacing(value.lowerBound..<value.lowerBound, with: [UInt8(ascii: "+")])))
                out.append(("\(name) zero", replacing(value.lowerBound..<value.lowerBound, with: [UInt8(ascii: "0")])))
                out.append(("\(name) fraction", replacing(value.upperBound..<value.upperBound, with: Array(".5".utf8))))
                out.append(("\(name) exponent", replacing(value.upperBound..<value.upperBound, with: Array("e0".utf8))))
                out.append(("\(name) minus", replacing(value.lowerBound..<value.lowerBound, with: [UInt8(ascii: "-")])))
            }
            // Whitespace around the member (allowed: must read the same).
            out.append(("space \(name)", replacing(value.lowerBound..<value.lowerBound, with: Array(" \t\r\n ".utf8))))
        }
        out.append(("byte order mark", [0xEF, 0xBB, 0xBF] + line))
        out.append(("trailing comma", Array(line.dropLast()) + Array(",}".utf8)))
        out.append(("text after", line + Array(" x".utf8)))
        out.append(("two objects", line + line))
        out.append(("array", Array("[".utf8) + line + Array("]".utf8)))
        out.append(("spaces", Array("  ".utf8) + line + Array(" \t".utf8)))
        return out
    }

    func testMalformedVariantsAreNeverReadOtherwise() throws {
        // A spread of the sample's lines: each kind, several of each, and every corpus event.
        var perKind: [String: Int] = [:]
        var chosen: [[UInt8]] = []
        for (kind, line) in try sampleLines() where perKind[kind, default: 0] < 6 {
            perKind[kind, default: 0] += 1
            chosen.append(line)
        }
        chosen += try Self.rareEvents().map { Array(try EventJSON.line($0).utf8) }
        var checked = 0, readDirectly = 0
        for line in chosen {
            for (what, variant) in variants(line) {
                checked += 1
                if compare(variant, what) != nil { readDirectly += 1 }
            }
            // Every byte cut out, and replaced by a quote, a backslash, a brace, a control byte, a letter.
            for position in line.indices {
                var cut = line
                cut.remove(at: position)
                compare(cut, "byte \(position) cut")
                for byte: UInt8 in [0x22, 0x5C, 0x7D, 0x5D, 0x2C, 0x01, 0x78, 0x30, 0xFF] where byte != line[position] {
                    var replaced = line
                    replaced[position] = byte
                    compare(replaced, "byte \(position) = \(byte)")
                }
                checked += 10
            }
        }
        print("EventLineReader: \(checked) variants of \(chosen.count) lines; \(readDirectly) structured variants read directly")
        XCTAssertGreaterThan(readDirectly, 0)
    }

    func testImportDecodesLinesAsTheStrictReaderDoes() throws {
        let lines = try sampleLines().prefix(300).map(\.1)
        var text = Data()
        for line in lines { text.append(contentsOf: line); text.append(0x0A) }
        // A bad line among them keeps its number and the strict reader's message.
        text.append(contentsOf: Array("{\"id\":\"x\"}\n".utf8))
        let decoded = EventJSON.decodeLines(text)
        XCTAssertEqual(decoded.count, lines.count + 1)
        for (index, line) in lines.enumerated() {
            XCTAssertEqual(decoded[index].number, index + 1)
            XCTAssertEqual(try decoded[index].result.get(), try EventJSON.decodeStrict(line))
        }
        guard case .failure(let error) = decoded.last!.result else { return XCTFail("the bad line was read") }
        XCTAssertEqual("\(error)", "\(try XCTUnwrap({ () -> (any Error)? in do { _ = try EventJSON.decodeStrict("{\"id\":\"x\"}"); return nil } catch { return error } }()))")
    }

    func testChunkedDecodingGivesTheLinesInOrder() throws {
        var text = Data()
        for (index, (_, line)) in try sampleLines().prefix(500).enumerated() {
            text.append(contentsOf: index % 50 == 7 ? Array("{\"id\":1}".utf8) : line)
            text.append(contentsOf: index % 9 == 0 ? Array("\n\n  \n".utf8) : [0x0A])
        }
        let whole = EventJSON.decodeLines(text)
        for size in [1, 7, 256, 100_000] {
            var parts: [EventJSON.DecodedLine] = []
            var chunks = 0
            EventJSON.decodeLines(text, chunkSize: size) { chunk in
                XCTAssertLessThanOrEqual(chunk.count, size)
                chunks += 1
                parts += chunk
            }
            XCTAssertEqual(chunks, (whole.count + size - 1) / size)
            XCTAssertEqual(parts.map(\.number), whole.map(\.number), "chunks of \(size)")
            for (a, b) in zip(parts, whole) {
                switch (a.result, b.result) {
                case (.success(let x), .success(let y)): XCTAssertEqual(x, y)
                case (.failure(let x), .failure(let y)): XCTAssertEqual("\(x)", "\(y)")
                default: XCTFail("line \(a.number) decoded differently in chunks of \(size)")
                }
            }
        }
    }

    /// The import reads its input a block at a time: lines cut across reads, blank lines, a last
    /// line without a break, and any block size give the lines, numbers and verdicts of the whole text.
    func testReadingInBlocksGivesTheLinesOfTheWholeText() throws {
        var text = Data()
        for (index, (_, line)) in try sampleLines().prefix(300).enumerated() {
            text.append(contentsOf: index % 40 == 3 ? Array("{\"case\":\"x\"".utf8) : line)
            text.append(contentsOf: index % 11 == 0 ? Array("\r\n \n\n".utf8) : [0x0A])
        }
        text.append(contentsOf: try sampleLines()[0].1)  // no line break at the end
        let whole = EventJSON.decodeLines(text)
        for (blockSize, readSize) in [(1, 1), (100, 37), (4096, 4096), (1 << 20, 1 << 20), (5000, 64)] {
            final class Source: @unchecked Sendable {
                let text: Data
                var offset = 0
                let readSize: Int
                init(_ text: Data, _ readSize: Int) { (self.text, self.readSize) = (text, readSize) }
                func read(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
                    let n = min(buffer.count, readSize, text.count - offset)
                    text.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: offset ..< offset + n)
                    offset += n
                    return n
                }
            }
            let source = Source(text, readSize)
            var parts: [EventJSON.DecodedLine] = []
            try EventJSON.decodeLines(reading: { source.read($0) }, blockSize: blockSize) { blockParts in
                // Each part's events and refused lines, back in line order.
                for part in blockParts {
                    XCTAssertEqual(part.events.count, part.numbers.count)
                    XCTAssertEqual(part.prechecked, Array(repeating: false, count: part.events.count))
                    var lines = zip(part.numbers, part.events).map { EventJSON.DecodedLine(number: $0, result: .success($1)) }
                    lines += part.refused.map { EventJSON.DecodedLine(number: $0.number, result: .failure($0.error)) }
                    parts += lines.sorted { $0.number < $1.number }
                }
            }
            XCTAssertEqual(parts.map(\.number), whole.map(\.number), "blocks of \(blockSize), reads of \(readSize)")
            for (a, b) in zip(parts, whole) {
                switch (a.result, b.result) {
                case (.success(let x), .success(let y)): XCTAssertEqual(x, y)
                case (.failure(let x), .failure(let y)): XCTAssertEqual("\(x)", "\(y)")
                default: XCTFail("line \(a.number) decoded differently in blocks of \(blockSize)")
                }
            }
        }
        // A read that fails ends the decoding with its error.
        struct Broken: Error {}
        let calls = ManagedAtomicCounter()
        XCTAssertThrowsError(try EventJSON.decodeLines(reading: { buffer in
            if calls.increment() > 2 { throw Broken() }
            let line = Array("{}\n".utf8).prefix(buffer.count)
            buffer.copyBytes(from: line)
            return line.count
        }, blockSize: 3) { _ in }) { XCTAssertTrue($0 is Broken) }
    }
}

/// A counter the read closure of a test may bump (it is called from one thread at a time).
final class ManagedAtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
