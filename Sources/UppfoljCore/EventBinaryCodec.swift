// The binary form of an event inside a journal record's payload. Compact and fast to decode
// (replay of a million events is on the performance budget), positional, and versioned by the
// event's schema version. Layout: docs/journal-format.md, "Event payload".

public enum EventCodecError: Error, Equatable, CustomStringConvertible {
    case truncated(at: Int)
    case invalidValue(String, at: Int)
    case unsupportedSchema(Int)
    case trailingBytes(Int)

    public var description: String {
        switch self {
        case .truncated(let offset): "event payload ends early at byte \(offset)"
        case .invalidValue(let what, let offset): "invalid \(what) at byte \(offset) of the event payload"
        case .unsupportedSchema(let version): "event schema version \(version) is newer than this program understands"
        case .trailingBytes(let count): "\(count) unexpected bytes after the event"
        }
    }
}

public enum EventBinaryCodec {
    public static func encode(_ event: Event) -> [UInt8] {
        var w = BinaryWriter()
        w.reserve(128)
        encode(event, withCaseCode: true, into: &w)
        return w.bytes
    }

    /// `encode(_:)` into `bytes`, emptied first and its room kept (a bulk import encodes a million
    /// events one after the other through one buffer).
    public static func encode(_ event: Event, into bytes: inout [UInt8]) {
        var w = BinaryWriter()
        swap(&w.bytes, &bytes)
        w.bytes.removeAll(keepingCapacity: true)
        encode(event, withCaseCode: true, into: &w)
        swap(&w.bytes, &bytes)
    }

    /// The event's encoding; without the case code it is the form `CaseState` keeps its events in
    /// (the code is the case's own).
    static func encode<W: ByteSink>(_ event: Event, withCaseCode: Bool, into w: inout W) {
        w.varint(UInt64(event.schemaVersion))
        w.byte(UInt8(event.kind.wireIndex))
        w.fixed64(event.id.high)
        w.fixed64(event.id.low)
        if withCaseCode { w.string(event.caseCode) }
        w.signed(event.recordedAt.secondsSinceEpoch)
        w.signed(Int64(event.effectiveDate.daysSinceEpoch))
        w.string(event.worker)
        // Only a schema-1 event has a form of its own (`downgrade` of a later one is the body itself, copied).
        if event.schemaVersion < 2 {
            encodeBody(EventSchema.downgrade(event.body, to: event.schemaVersion), schema: event.schemaVersion, into: &w)
        } else {
            encodeBody(event.body, schema: event.schemaVersion, into: &w)
        }
    }

    /// Where the case code lies in `encoded`, an event's encoding with its case code (`encode(_:)`):
    /// the bytes before the range and after it are together the encoding without the case code, the
    /// form `CaseState` keeps its events in. Nil unless `encoded` begins as `event`'s encoding does
    /// (its schema version, `kind`, its id) and holds `code` as its case code, byte for byte.
    static func caseCodeRange(in encoded: UnsafeRawBufferPointer, of event: Event, kind: EventKind, code: String) -> Range<Int>? {
        var r = BinaryReader(encoded)
        guard event.schemaVersion >= 1, let schema = try? r.varint(), schema == UInt64(event.schemaVersion),
              let kindByte = try? r.byte(), Int(kindByte) == kind.wireIndex,
              let high = try? r.fixed64(), let low = try? r.fixed64(), EventID(high: high, low: low) == event.id else { return nil }
        let start = r.offset
        guard let length = try? r.count(), let stored = try? r.take(length) else { return nil }
        return sameUTF8(stored, code) ? start..<r.offset : nil
    }

    /// Whether `a` and `b` are the same bytes (not only equal Strings: `==` also matches canonically
    /// equivalent ones).
    static func sameUTF8(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return a.utf8.withContiguousStorageIfAvailable { sameUTF8(UnsafeRawBufferPointer($0), b) }
            ?? a.utf8.elementsEqual(b.utf8)
    }

    private static func sameUTF8(_ bytes: UnsafeRawBufferPointer, _ s: String) -> Bool {
        guard bytes.count == s.utf8.count else { return false }
        return s.utf8.withContiguousStorageIfAvailable { utf8 in
            bytes.elementsEqual(UnsafeRawBufferPointer(utf8))
        } ?? bytes.elementsEqual(s.utf8)
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Event {
        var r = BinaryReader(bytes)
        let event = try decode(from: &r, caseCode: nil)
        guard r.isAtEnd else { throw EventCodecError.trailingBytes(r.remaining) }
        return event
    }

    /// One event from `r`; the case code is read from the bytes unless given.
    static func decode(from r: inout BinaryReader, caseCode knownCaseCode: String?) throws -> Event {
        guard let schema = Int(exactly: try r.varint()) else { throw EventCodecError.unsupportedSchema(-1) }
        guard schema >= 1, schema <= Event.currentSchemaVersion else { throw EventCodecError.unsupportedSchema(schema) }
        let kind: EventKind = try r.vocabulary("event kind")
        let id = EventID(high: try r.fixed64(), low: try r.fixed64())
        let caseCode: String
        if let knownCaseCode { caseCode = knownCaseCode } else { caseCode = try r.string() }
        let recordedAt = Timestamp(secondsSinceEpoch: try r.signed())
        let days = try r.signed()
        guard let days32 = Int32(exactly: days) else { throw EventCodecError.invalidValue("date", at: r.offset) }
        let worker = try r.string()
        guard kind.introducedIn <= schema else { throw EventCodecError.invalidValue("event kind", at: r.offset) }
        let written = try decodeBody(kind: kind, schema: schema, from: &r)
        let body = schema < 2 ? EventSchema.upgrade(written, from: schema) : written
        return Event(id: id, caseCode: caseCode, recordedAt: recordedAt, effectiveDate: Day(daysSinceEpoch: days32),
                     worker: worker, schemaVersion: schema, body: body)
    }

    /// Whether `decode(encode(event))` gives `event` back. Every event read from a journal does; an
    /// event made in memory may hold what the format cannot say (a schema version out of range, a
    /// negative month count, a set with bits beyond its vocabulary, a correction of a correction).
    static func roundTrips(_ event: Event) -> Bool {
        event.schemaVersion >= 1 && event.schemaVersion <= Event.currentSchemaVersion && roundTrips(event.body)
            && EventSchema.isExpressible(event.body, in: event.schemaVersion)
    }

    private static func roundTrips(_ body: EventBody) -> Bool {
        switch body {
        case .intake(let v): (v.violenceTypes?.isValid ?? true) && (v.protectiveMeasures?.isValid ?? true)
            && (v.goals?.isValid ?? true)
        case .assessment, .interventionStarted, .interventionEnded, .closure, .handover, .unitSettings: true
        case .reopening(let v): roundTrips(.intake(v.intake))
        case .partnerContact(let v):
            if case .conversation(let c) = v { c.newViolenceTypes.isValid } else { true }
        case .duringFollowUp(let v): v.violenceTypes.isValid && (v.protectiveMeasures?.isValid ?? true)
        case .followUp(let v): v.monthsAfterClosure >= 0 && v.newViolenceTypes.isValid
        case .correction(let v):
            switch v.action {
            case .retract: true
            case .amend(let amended, _): amended.kind != .correction && amended.kind != .unitSettings && roundTrips(amended)
            }
        }
    }

    public static func decode(_ bytes: [UInt8]) throws -> Event {
        try bytes.withUnsafeBytes { try decode($0) }
    }

    /// A body in the layout of schema `schema` (a body already in that version's form: see
    /// `EventSchema.downgrade`). Fields a version added are written after all of the older ones.
    static func encodeBody<W: ByteSink>(_ body: EventBody, schema: Int, into w: inout W) {
        encodeBodyV1(body, schema: schema, into: &w)
        guard schema >= 2 else { return }
        switch body {
        case .intake(let v):
            w.optionalInt(v.knownDate.map { Int($0.daysSinceEpoch) }); w.optionalVocabulary(v.otherPartySex)
            w.optionalVocabulary(v.livingSituation); w.optionalVocabulary(v.severity)
            w.optionalVocabulary(v.violenceDuration); w.optionalVocabulary(v.lastViolence); w.optionalSet(v.goals)
            w.optionalString(v.responsibleWorker); w.optionalVocabulary(v.mandate)
            w.optionalVocabulary(v.underInvestigationOrConvicted); w.optionalVocabulary(v.treatmentOfferDeclined)
        case .assessment(let v):
            w.optionalVocabulary(v.respondent)
        case .interventionStarted(let v):
            w.optionalVocabulary(v.legalBasis); w.optionalVocabulary(v.offeredAndDeclined)
            w.optionalInt(v.accompanyingChildren)
        case .duringFollowUp(let v):
            w.optionalSet(v.protectiveMeasures); w.optionalVocabulary(v.goalProgress)
        case .closure(let v):
            w.optionalVocabulary(v.goalAttainment); w.optionalVocabulary(v.violenceSource)
            w.optionalVocabulary(v.livingSituation); w.optionalVocabulary(v.followUpConsent)
            w.optionalVocabulary(v.safeContact); w.optionalVocabulary(v.partnerReportedNewViolence)
            w.optionalInt(v.survey?.feelingSafe)
        case .followUp(let v):
            w.optionalInt(v.attempts); w.optionalVocabulary(v.notReachedReason); w.optionalVocabulary(v.source)
            w.optionalVocabulary(v.livingSituation); w.optionalVocabulary(v.partnerReportedNewViolence)
            w.optionalInt(v.survey?.feelingSafe)
        case .handover(let v):
            w.string(v.toWorker)
        case .unitSettings(let v):
            w.optionalInt(v.minimumCellSize); w.optionalInt(v.population18Plus); w.optionalInt(v.populationYear)
            w.optionalInt(v.t3Months); w.optionalInt(v.t4Months)
        case .interventionEnded, .partnerContact, .correction, .reopening:
            break
        }
    }

    /// The fields of schema 1, in its order.
    private static func encodeBodyV1<W: ByteSink>(_ body: EventBody, schema: Int, into w: inout W) {
        switch body {
        case .intake(let v):
            w.vocabulary(v.role); w.vocabulary(v.sex); w.optionalInt(v.birthYear)
            w.vocabulary(v.referral); w.vocabulary(v.relation); w.vocabulary(v.multiplePerpetrators)
            w.optionalSet(v.violenceTypes); w.vocabulary(v.honourContext); w.optionalInt(v.childrenInHousehold)
            w.vocabulary(v.childrenWitnessed); w.vocabulary(v.childrenExposed); w.vocabulary(v.policeReport)
            w.optionalSet(v.protectiveMeasures); w.vocabulary(v.housing); w.vocabulary(v.occupation)
            w.vocabulary(v.substanceUse); w.vocabulary(v.functionalImpairment); w.vocabulary(v.interpreterNeeded)
            w.vocabulary(v.reportOfConcern); w.vocabulary(v.legalBasis)
        case .assessment(let v):
            w.string(v.instrument.id); w.string(v.instrument.version); w.vocabulary(v.timePoint)
            w.raw(v.packedValues)   // the ratings and judgements, already in wire form
            w.optionalString(v.clientEstimate?.rawValue)
        case .interventionStarted(let v):
            w.string(v.interventionId); w.vocabulary(v.type)
        case .interventionEnded(let v):
            w.string(v.interventionId); w.vocabulary(v.outcome)
        case .partnerContact(let v):
            switch v {
            case .asked(let consent): w.byte(0); w.vocabulary(consent)
            case .attempt(let channel, let reached): w.byte(1); w.vocabulary(channel); w.bool(reached)
            case .response(let response): w.byte(2); w.vocabulary(response)
            case .conversation(let c):
                w.byte(3); w.bool(c.safetyPlanning); w.bool(c.treatmentInformation); w.vocabulary(c.newViolence)
                w.set(c.newViolenceTypes); w.vocabulary(c.concernForChildren); w.bool(c.referralMade)
            }
        case .duringFollowUp(let v):
            w.vocabulary(v.violenceSinceLast); w.set(v.violenceTypes); w.vocabulary(v.policeReport); w.vocabulary(v.housing)
        case .closure(let v):
            w.vocabulary(v.reason); w.vocabulary(v.violence)
            let byType = v.violenceByType.sorted { $0.key.wireIndex < $1.key.wireIndex }
            w.varint(UInt64(byType.count))
            for (type, status) in byType { w.vocabulary(type); w.vocabulary(status) }
            w.survey(v.survey)
        case .followUp(let v):
            w.varint(UInt64(max(0, v.monthsAfterClosure))); w.bool(v.reached); w.vocabulary(v.newViolence)
            w.set(v.newViolenceTypes); w.vocabulary(v.newPoliceReport); w.vocabulary(v.housing); w.survey(v.survey)
        case .correction(let v):
            w.fixed64(v.target.high); w.fixed64(v.target.low)
            switch v.action {
            case .retract:
                w.byte(0)
            case .amend(let body, let date):
                w.byte(1)
                w.byte(UInt8(body.kind.wireIndex))
                if let date { w.bool(true); w.signed(Int64(date.daysSinceEpoch)) } else { w.bool(false) }
                encodeBody(body, schema: schema, into: &w)
            }
            w.vocabulary(v.reason); w.optionalString(v.comment)
        case .handover, .unitSettings:
            break   // schema 2 only: all their fields are written below
        case .reopening(let v):
            // Schema 3: the reason, then the new episode's intake in the layout of the event's schema.
            w.vocabulary(v.reason)
            encodeBody(.intake(v.intake), schema: schema, into: &w)
        }
    }

    /// A body in the layout of schema `schema`, as that version wrote it (not yet upgraded): the
    /// fields of schema 1, then (schema 2 and later) those schema 2 added, read into the same value
    /// (taking a body apart again to add them copied the whole event body).
    static func decodeBody(kind: EventKind, schema: Int, from r: inout BinaryReader) throws -> EventBody {
        switch kind {
        case .intake:
            var v = Intake(role: try r.vocabulary("role"))
            v.sex = try r.vocabulary("sex"); v.birthYear = try r.optionalInt()
            v.referral = try r.vocabulary("referral"); v.relation = try r.vocabulary("relation")
            v.multiplePerpetrators = try r.vocabulary("answer"); v.violenceTypes = try r.optionalSet()
            v.honourContext = try r.vocabulary("answer"); v.childrenInHousehold = try r.optionalInt()
            v.childrenWitnessed = try r.vocabulary("answer"); v.childrenExposed = try r.vocabulary("answer")
            v.policeReport = try r.vocabulary("answer"); v.protectiveMeasures = try r.optionalSet()
            v.housing = try r.vocabulary("housing"); v.occupation = try r.vocabulary("occupation")
            v.substanceUse = try r.vocabulary("answer"); v.functionalImpairment = try r.vocabulary("answer")
            v.interpreterNeeded = try r.vocabulary("answer"); v.reportOfConcern = try r.vocabulary("answer")
            v.legalBasis = try r.vocabulary("legal basis")
            if schema >= 2 { try readSchema2(&v, from: &r) }
            return .intake(v)
        case .assessment:
            let instrument = InstrumentRef(id: try r.string(), version: try r.string())
            let timePoint: TimePoint = try r.vocabulary("time point")
            let packed = try r.checkedAssessmentValues()
            var estimate: RiskLevel?
            if let raw = try r.optionalString() {
                guard let level = RiskLevel(rawValue: raw) else { throw EventCodecError.invalidValue("risk level", at: r.offset) }
                estimate = level
            }
            return .assessment(Assessment(instrument: instrument, timePoint: timePoint, packedValues: packed,
                                          clientEstimate: estimate,
                                          respondent: schema >= 2 ? try r.optionalVocabulary("respondent") : nil))
        case .interventionStarted:
            var v = InterventionStart(interventionId: try r.string(), type: try r.vocabulary("intervention type"))
            if schema >= 2 {
                v.legalBasis = try r.optionalVocabulary("legal basis"); v.offeredAndDeclined = try r.optionalVocabulary("answer")
                v.accompanyingChildren = try r.optionalInt()
            }
            return .interventionStarted(v)
        case .interventionEnded:
            return .interventionEnded(InterventionEnd(interventionId: try r.string(), outcome: try r.vocabulary("intervention outcome")))
        case .partnerContact:
            switch try r.byte() {
            case 0: return .partnerContact(.asked(consent: try r.vocabulary("consent")))
            case 1: return .partnerContact(.attempt(channel: try r.vocabulary("channel"), reached: try r.bool()))
            case 2: return .partnerContact(.response(try r.vocabulary("partner response")))
            case 3:
                var c = PartnerConversation()
                c.safetyPlanning = try r.bool(); c.treatmentInformation = try r.bool()
                c.newViolence = try r.vocabulary("answer"); c.newViolenceTypes = try r.set()
                c.concernForChildren = try r.vocabulary("answer"); c.referralMade = try r.bool()
                return .partnerContact(.conversation(c))
            default: throw EventCodecError.invalidValue("partner contact step", at: r.offset)
            }
        case .duringFollowUp:
            var v = DuringFollowUp()
            v.violenceSinceLast = try r.vocabulary("answer"); v.violenceTypes = try r.set()
            v.policeReport = try r.vocabulary("answer"); v.housing = try r.vocabulary("housing")
            if schema >= 2 {
                v.protectiveMeasures = try r.optionalSet(); v.goalProgress = try r.optionalVocabulary("goal attainment")
            }
            return .duringFollowUp(v)
        case .closure:
            var v = Closure(reason: try r.vocabulary("closure reason"))
            v.violence = try r.vocabulary("violence status")
            for _ in 0..<(try r.count()) {
                let type: ViolenceType = try r.vocabulary("violence type")
                v.violenceByType[type] = try r.vocabulary("violence status")
            }
            v.survey = try r.survey()
            if schema >= 2 {
                v.goalAttainment = try r.optionalVocabulary("goal attainment"); v.violenceSource = try r.optionalVocabulary("source")
                v.livingSituation = try r.optionalVocabulary("living situation"); v.followUpConsent = try r.optionalVocabulary("answer")
                v.safeContact = try r.optionalVocabulary("channel"); v.partnerReportedNewViolence = try r.optionalVocabulary("answer")
                if let safe = try r.optionalInt() { v.survey = v.survey ?? ClientSurvey(); v.survey!.feelingSafe = safe }
            }
            return .closure(v)
        case .followUp:
            guard let months = Int(exactly: try r.varint()) else { throw EventCodecError.invalidValue("months", at: r.offset) }
            var v = FollowUpAfterClosure(reached: try r.bool())
            v.monthsAfterClosure = months
            v.newViolence = try r.vocabulary("answer"); v.newViolenceTypes = try r.set()
            v.newPoliceReport = try r.vocabulary("answer"); v.housing = try r.vocabulary("housing")
            v.survey = try r.survey()
            if schema >= 2 {
                v.attempts = try r.optionalInt(); v.notReachedReason = try r.optionalVocabulary("reason not reached")
                v.source = try r.optionalVocabulary("source"); v.livingSituation = try r.optionalVocabulary("living situation")
                v.partnerReportedNewViolence = try r.optionalVocabulary("answer")
                if let safe = try r.optionalInt() { v.survey = v.survey ?? ClientSurvey(); v.survey!.feelingSafe = safe }
            }
            return .followUp(v)
        case .correction:
            let target = EventID(high: try r.fixed64(), low: try r.fixed64())
            let action: Correction.Action
            switch try r.byte() {
            case 0:
                action = .retract
            case 1:
                let amendedKind: EventKind = try r.vocabulary("event kind")
                guard amendedKind != .correction, amendedKind != .unitSettings, amendedKind.introducedIn <= schema else {
                    throw EventCodecError.invalidValue("amended event kind", at: r.offset)
                }
                var date: Day?
                if try r.bool() {
                    guard let d = Int32(exactly: try r.signed()) else { throw EventCodecError.invalidValue("date", at: r.offset) }
                    date = Day(daysSinceEpoch: d)
                }
                action = .amend(body: try decodeBody(kind: amendedKind, schema: schema, from: &r), effectiveDate: date)
            default:
                throw EventCodecError.invalidValue("correction action", at: r.offset)
            }
            return .correction(Correction(target: target, action: action, reason: try r.vocabulary("correction reason"),
                                          comment: try r.optionalString()))
        case .handover:
            return .handover(Handover(toWorker: try r.string()))
        case .unitSettings:
            var v = UnitSettings()
            v.minimumCellSize = try r.optionalInt(); v.population18Plus = try r.optionalInt()
            v.populationYear = try r.optionalInt(); v.t3Months = try r.optionalInt(); v.t4Months = try r.optionalInt()
            return .unitSettings(v)
        case .reopening:
            let reason: ReopeningReason = try r.vocabulary("reopening reason")
            guard case .intake(let intake) = try decodeBody(kind: .intake, schema: schema, from: &r) else {
                throw EventCodecError.invalidValue("reopening intake", at: r.offset)
            }
            return .reopening(Reopening(reason: reason, intake: intake))
        }
    }
}

extension EventBinaryCodec {
    /// The intake's fields schema 2 added (an intake's, or a reopening's new intake's), after those of schema 1.
    fileprivate static func readSchema2(_ v: inout Intake, from r: inout BinaryReader) throws {
        if let days = try r.optionalInt() {
            guard let d = Int32(exactly: days) else { throw EventCodecError.invalidValue("date", at: r.offset) }
            v.knownDate = Day(daysSinceEpoch: d)
        }
        v.otherPartySex = try r.optionalVocabulary("sex"); v.livingSituation = try r.optionalVocabulary("living situation")
        v.severity = try r.optionalVocabulary("severity"); v.violenceDuration = try r.optionalVocabulary("duration")
        v.lastViolence = try r.optionalVocabulary("last violence"); v.goals = try r.optionalSet()
        v.responsibleWorker = try r.optionalString(); v.mandate = try r.optionalVocabulary("mandate")
        v.underInvestigationOrConvicted = try r.optionalVocabulary("answer")
        v.treatmentOfferDeclined = try r.optionalVocabulary("answer")
    }
}

/// Where encoded bytes go: a growable array (`BinaryWriter`) or a fixed region of memory
/// (`RegionWriter`, used by the projection's event arena). The encoding itself is written once, on top.
protocol ByteSink {
    mutating func byte(_ b: UInt8)
    mutating func append(_ bytes: UnsafeRawBufferPointer)
}

extension ByteSink {
    mutating func bool(_ b: Bool) { byte(b ? 1 : 0) }
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            byte(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        byte(UInt8(v))
    }
    /// Zig-zag, so small negative numbers stay short.
    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    /// Little-endian.
    mutating func fixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { append($0) }
    }
    mutating func string(_ s: String) {
        var copy = s
        copy.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            append(UnsafeRawBufferPointer(utf8))
        }
    }
    mutating func optionalString(_ s: String?) {
        if let s { bool(true); string(s) } else { bool(false) }
    }
    mutating func optionalInt(_ value: Int?) {
        if let value { bool(true); signed(Int64(value)) } else { bool(false) }
    }
    mutating func vocabulary<V: Vocabulary>(_ value: V) { byte(UInt8(value.wireIndex)) }
    /// 0 for nil ("ej registrerat"), else the wire index plus one.
    mutating func optionalVocabulary<V: Vocabulary>(_ value: V?) { byte(value.map { UInt8($0.wireIndex + 1) } ?? 0) }
    mutating func set<V: Vocabulary>(_ set: VocabularySet<V>) { varint(set.mask) }
    mutating func optionalSet<V: Vocabulary>(_ set: VocabularySet<V>?) {
        if let set { bool(true); varint(set.mask) } else { bool(false) }
    }
    mutating func raw(_ b: [UInt8]) { b.withUnsafeBytes { append($0) } }
    /// An assessment's ratings and judgements: a count and the ratings, a count and the judgements.
    mutating func assessmentValues(_ ratings: [ItemRating], _ judgements: [JudgementValue]) {
        varint(UInt64(ratings.count))
        for rating in ratings {
            string(rating.item); optionalInt(rating.value); optionalInt(rating.earlier); bool(rating.critical)
        }
        varint(UInt64(judgements.count))
        for judgement in judgements { string(judgement.judgement); string(judgement.value) }
    }
    mutating func survey(_ survey: ClientSurvey?) {
        guard let survey else { bool(false); return }
        bool(true); optionalInt(survey.situationImproved); optionalInt(survey.supportImportance)
    }
}

struct BinaryWriter: ByteSink {
    var bytes: [UInt8] = []

    mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }
    mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func append(_ b: UnsafeRawBufferPointer) { bytes.append(contentsOf: b) }
}

/// Writes into a fixed region; what does not fit sets `overflowed` (the caller then starts over
/// in a larger region) and is dropped.
struct RegionWriter: ByteSink {
    let base: UnsafeMutableRawPointer
    let capacity: Int
    private(set) var count = 0
    private(set) var overflowed = false

    init(base: UnsafeMutableRawPointer, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    mutating func byte(_ b: UInt8) {
        guard count < capacity else { overflowed = true; return }
        base.storeBytes(of: b, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    mutating func append(_ b: UnsafeRawBufferPointer) {
        guard b.count <= capacity - count else { overflowed = true; return }
        if let source = b.baseAddress { (base + count).copyMemory(from: source, byteCount: b.count) }
        count += b.count
    }
}

struct BinaryReader {
    private let base: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ base: UnsafeRawBufferPointer) { self.base = base }

    var isAtEnd: Bool { offset == base.count }
    var remaining: Int { base.count - offset }

    /// The next `n` bytes, in place.
    mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
        guard n >= 0, n <= remaining else { throw EventCodecError.truncated(at: offset) }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: base[offset..<offset + n])
    }

    mutating func byte() throws -> UInt8 {
        guard offset < base.count else { throw EventCodecError.truncated(at: offset) }
        defer { offset += 1 }
        return base[offset]
    }
    mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw EventCodecError.invalidValue("boolean", at: offset - 1)
        }
    }
    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64, !(shift == 63 && b > 1) else { throw EventCodecError.invalidValue("number", at: offset - 1) }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }
    mutating func signed() throws -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }
    /// A count of following items; bounded by the bytes left so a corrupt count cannot allocate wildly.
    mutating func count() throws -> Int {
        let v = try varint()
        guard v <= UInt64(remaining) else { throw EventCodecError.invalidValue("count", at: offset) }
        return Int(v)
    }
    mutating func fixed64() throws -> UInt64 {
        guard remaining >= 8 else { throw EventCodecError.truncated(at: offset) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(base[offset + i]) << UInt64(8 * i) }
        offset += 8
        return v
    }
    mutating func string() throws -> String {
        let length = try varint()
        guard length <= UInt64(remaining) else { throw EventCodecError.truncated(at: offset) }
        let start = offset
        offset += Int(length)
        let bytes = UnsafeRawBufferPointer(rebasing: base[start..<offset])
        // Codes, worker ids and instrument ids are ASCII: no validation needed beyond the check.
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw EventCodecError.invalidValue("text (not UTF-8)", at: start)
        }
        return s
    }
    mutating func optionalString() throws -> String? { try bool() ? try string() : nil }
    /// Checks a string as `string()` does (same errors at the same offsets) without making it.
    mutating func skipString() throws {
        let length = try varint()
        guard length <= UInt64(remaining) else { throw EventCodecError.truncated(at: offset) }
        let start = offset
        offset += Int(length)
        let bytes = UnsafeRawBufferPointer(rebasing: base[start..<offset])
        if !bytes.contains(where: { $0 >= 0x80 }) { return }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw EventCodecError.invalidValue("text (not UTF-8)", at: start)
        }
    }
    /// Checks an optional number as `optionalInt()` does without making it.
    mutating func skipOptionalInt() throws {
        guard try bool() else { return }
        guard Int(exactly: try signed()) != nil else { throw EventCodecError.invalidValue("number", at: offset) }
    }
    /// An assessment's ratings and judgements (see `BinaryWriter.assessmentValues`).
    mutating func assessmentValues() throws -> (ratings: [ItemRating], judgements: [JudgementValue]) {
        let ratingCount = try count()
        var ratings: [ItemRating] = []
        ratings.reserveCapacity(ratingCount)
        for _ in 0..<ratingCount {
            ratings.append(ItemRating(item: try string(), value: try optionalInt(),
                                      earlier: try optionalInt(), critical: try bool()))
        }
        let judgementCount = try count()
        var judgements: [JudgementValue] = []
        judgements.reserveCapacity(judgementCount)
        for _ in 0..<judgementCount {
            judgements.append(JudgementValue(judgement: try string(), value: try string()))
        }
        return (ratings, judgements)
    }
    /// Only the judgements of an assessment's ratings and judgements.
    mutating func assessmentJudgements() throws -> [JudgementValue] {
        for _ in 0..<(try count()) {
            try skipString(); try skipOptionalInt(); try skipOptionalInt(); _ = try bool()
        }
        let judgementCount = try count()
        var judgements: [JudgementValue] = []
        judgements.reserveCapacity(judgementCount)
        for _ in 0..<judgementCount {
            judgements.append(JudgementValue(judgement: try string(), value: try string()))
        }
        return judgements
    }
    /// Checks an assessment's ratings and judgements exactly as `assessmentValues()` reads them
    /// (same errors at the same offsets) and returns their bytes as they are.
    mutating func checkedAssessmentValues() throws -> [UInt8] {
        let start = offset
        for _ in 0..<(try count()) {
            try skipString(); try skipOptionalInt(); try skipOptionalInt(); _ = try bool()
        }
        for _ in 0..<(try count()) {
            try skipString(); try skipString()
        }
        return [UInt8](UnsafeRawBufferPointer(rebasing: base[start..<offset]))
    }
    mutating func optionalInt() throws -> Int? {
        guard try bool() else { return nil }
        guard let v = Int(exactly: try signed()) else { throw EventCodecError.invalidValue("number", at: offset) }
        return v
    }
    mutating func vocabulary<V: Vocabulary>(_ what: String) throws -> V {
        let at = offset
        guard let v = V.fromWire(Int(try byte())) else { throw EventCodecError.invalidValue(what, at: at) }
        return v
    }
    mutating func optionalVocabulary<V: Vocabulary>(_ what: String) throws -> V? {
        let at = offset
        let b = Int(try byte())
        if b == 0 { return nil }
        guard let v = V.fromWire(b - 1) else { throw EventCodecError.invalidValue(what, at: at) }
        return v
    }
    mutating func set<V: Vocabulary>() throws -> VocabularySet<V> {
        let at = offset
        let set = VocabularySet<V>(mask: try varint())
        guard set.isValid else { throw EventCodecError.invalidValue("set of values", at: at) }
        return set
    }
    mutating func optionalSet<V: Vocabulary>() throws -> VocabularySet<V>? { try bool() ? try set() : nil }
    mutating func survey() throws -> ClientSurvey? {
        guard try bool() else { return nil }
        return ClientSurvey(situationImproved: try optionalInt(), supportImportance: try optionalInt())
    }
}
