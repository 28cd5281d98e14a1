// A direct reader of one import line (`uppfolj import`, `EventJSON.decodeLines`): it decodes an
// event straight from the line's bytes, with no tree and no Codable containers, in the common
// form (`uppfolj log --json` writes it: plain strings, whole numbers, known keys once each).
//
// It is a shortcut, not a second set of rules: it returns nil for anything it does not read in
// full — a key it does not know or meets twice, a missing key, a value of the wrong type or not
// in the vocabulary, an escape in a string, a number with a fraction, a byte order mark, bad
// UTF-8, a control character — and the line then goes through the one strict reader
// (`StrictJSONDecoder`), which decides and words the refusal. So a line this reader accepts is
// one the strict reader accepts as the same event (EventLineReaderTests compares the two over the
// fuzz corpus, every sample event kind and malformed variants of each).

struct EventLineReader {
    private let p: UnsafeBufferPointer<UInt8>
    private var i: Int

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        p = bytes
        i = 0
    }

    /// The event of `line`, or nil if the line is not in a form this reader reads.
    static func event(_ line: UnsafeRawBufferPointer) -> Event? {
        let bytes = line.bindMemory(to: UInt8.self)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return nil }
        var r = EventLineReader(bytes)
        guard let event = r.event() else { return nil }
        r.skipSpace()
        return r.i == r.p.count ? event : nil
    }

    // MARK: - The event and its bodies (the keys and rules of their Codable forms, EventJSON.swift and Events.swift)

    private static let eventKeys = KeyTable(["id", "case", "recordedAt", "date", "worker", "schema", "type", "data"])

    private mutating func event() -> Event? {
        var id: EventID?, caseCode: String?, recordedAt: Timestamp?, date: Day?, worker: String?
        var schema: Int?, kind: EventKind?, dataAt = -1, dataEnd = -1
        guard object(Self.eventKeys, { r, key in
            switch key {
            case 0: id = r.eventID(); return id != nil
            case 1: caseCode = r.string(); return caseCode != nil
            case 2: recordedAt = r.string().flatMap(Timestamp.init(iso:)); return recordedAt != nil
            case 3: date = r.day(); return date != nil
            case 4: worker = r.string(); return worker != nil
            case 5: schema = r.integer(); return schema != nil
            case 6: kind = r.vocabulary(); return kind != nil
            default:
                // Keys come in any order (sorted, "data" before "type"): the body is read once the kind is known.
                dataAt = r.i
                guard r.skipValue() else { return false }
                dataEnd = r.i
                return true
            }
        }) != nil, let id, let caseCode, let recordedAt, let date, let worker, let schema, let kind, dataAt >= 0,
              kind.introducedIn <= schema else { return nil }
        let resume = i
        i = dataAt
        guard let written = body(kind), i == dataEnd else { return nil }
        i = resume
        // As Event.init(from:): an older version's event is read into today's model and may hold
        // nothing its version did not have.
        let body = EventSchema.upgrade(written, from: schema)
        if schema < Event.currentSchemaVersion,
           !EventSchema.isExpressible(body, in: schema) || EventSchema.downgrade(body, to: schema) != written { return nil }
        return Event(id: id, caseCode: caseCode, recordedAt: recordedAt, effectiveDate: date, worker: worker,
                     schemaVersion: schema, body: body)
    }

    private mutating func body(_ kind: EventKind) -> EventBody? {
        switch kind {
        case .intake: return intake().map { .intake($0) }
        case .assessment: return assessment().map { .assessment($0) }
        case .interventionStarted: return interventionStart().map { .interventionStarted($0) }
        case .interventionEnded: return interventionEnd().map { .interventionEnded($0) }
        case .partnerContact: return partnerContact().map { .partnerContact($0) }
        case .duringFollowUp: return duringFollowUp().map { .duringFollowUp($0) }
        case .closure: return closure().map { .closure($0) }
        case .followUp: return followUp().map { .followUp($0) }
        case .correction: return correction().map { .correction($0) }
        case .handover: return handover().map { .handover($0) }
        case .unitSettings: return unitSettings().map { .unitSettings($0) }
        case .reopening: return reopening().map { .reopening($0) }
        }
    }

    private static let intakeKeys = KeyTable([
        "role", "sex", "birthYear", "referral", "relation", "multiplePerpetrators", "violenceTypes", "honourContext",
        "childrenInHousehold", "childrenWitnessed", "childrenExposed", "policeReport", "protectiveMeasures", "housing",
        "occupation", "substanceUse", "functionalImpairment", "interpreterNeeded", "reportOfConcern", "legalBasis",
        "knownDate", "otherPartySex", "livingSituation", "severity", "violenceDuration", "lastViolence", "goals",
        "responsibleWorker", "mandate", "underInvestigationOrConvicted", "treatmentOfferDeclined"],
        required: ["role", "sex", "referral", "relation", "multiplePerpetrators", "honourContext", "childrenWitnessed",
                   "childrenExposed", "policeReport", "housing", "occupation", "substanceUse", "functionalImpairment",
                   "interpreterNeeded", "reportOfConcern", "legalBasis"])

    private mutating func intake() -> Intake? {
        var v = Intake(role: .victim)
        guard object(Self.intakeKeys, { r, key in
            switch key {
            case 0: return put(&v.role, r.vocabulary() as Role?)
            case 1: return put(&v.sex, r.vocabulary() as Sex?)
            case 2: return r.optional(&v.birthYear) { $0.integer() }
            case 3: return put(&v.referral, r.vocabulary() as ReferralSource?)
            case 4: return put(&v.relation, r.vocabulary() as Relation?)
            case 5: return put(&v.multiplePerpetrators, r.vocabulary() as Answer?)
            case 6: return r.optional(&v.violenceTypes) { $0.set() }
            case 7: return put(&v.honourContext, r.vocabulary() as Answer?)
            case 8: return r.optional(&v.childrenInHousehold) { $0.integer() }
            case 9: return put(&v.childrenWitnessed, r.vocabulary() as Answer?)
            case 10: return put(&v.childrenExposed, r.vocabulary() as Answer?)
            case 11: return put(&v.policeReport, r.vocabulary() as Answer?)
            case 12: return r.optional(&v.protectiveMeasures) { $0.set() }
            case 13: return put(&v.housing, r.vocabulary() as Housing?)
            case 14: return put(&v.occupation, r.vocabulary() as Occupation?)
            case 15: return put(&v.substanceUse, r.vocabulary() as Answer?)
            case 16: return put(&v.functionalImpairment, r.vocabulary() as Answer?)
            case 17: return put(&v.interpreterNeeded, r.vocabulary() as Answer?)
            case 18: return put(&v.reportOfConcern, r.vocabulary() as Answer?)
            case 19: return put(&v.legalBasis, r.vocabulary() as LegalBasis?)
            case 20: return r.optional(&v.knownDate) { $0.day() }
            case 21: return r.optional(&v.otherPartySex) { $0.vocabulary() }
            case 22: return r.optional(&v.livingSituation) { $0.vocabulary() }
            case 23: return r.optional(&v.severity) { $0.vocabulary() }
            case 24: return r.optional(&v.violenceDuration) { $0.vocabulary() }
            case 25: return r.optional(&v.lastViolence) { $0.vocabulary() }
            case 26: return r.optional(&v.goals) { $0.set() }
            case 27: return r.optional(&v.responsibleWorker) { $0.string() }
            case 28: return r.optional(&v.mandate) { $0.vocabulary() }
            case 29: return r.optional(&v.underInvestigationOrConvicted) { $0.vocabulary() }
            default: return r.optional(&v.treatmentOfferDeclined) { $0.vocabulary() }
            }
        }) != nil else { return nil }
        return v
    }

    private static let assessmentKeys = KeyTable(["instrument", "timePoint", "ratings", "judgements", "clientEstimate", "respondent"],
                                                 required: ["instrument", "timePoint", "ratings", "judgements"])
    private static let instrumentKeys = KeyTable(["id", "version"], required: ["id", "version"])
    private static let ratingKeys = KeyTable(["item", "value", "earlier", "critical"], required: ["item", "critical"])
    private static let judgementKeys = KeyTable(["judgement", "value"], required: ["judgement", "value"])

    private mutating func assessment() -> Assessment? {
        var instrument: InstrumentRef?, timePoint: TimePoint?, ratings: [ItemRating]?, judgements: [JudgementValue]?
        var estimate: RiskLevel?, respondent: Respondent?
        guard object(Self.assessmentKeys, { r, key in
            switch key {
            case 0:
                var id: String?, version: String?
                guard r.object(Self.instrumentKeys, { r, key in
                    if key == 0 { id = r.string(); return id != nil }
                    version = r.string(); return version != nil
                }) != nil, let id, let version else { return false }
                instrument = InstrumentRef(id: id, version: version)
                return true
            case 1: timePoint = r.vocabulary(); return timePoint != nil
            case 2:
                ratings = r.array { r in
                    var item: String?, value: Int?, earlier: Int?, critical: Bool?
                    guard r.object(Self.ratingKeys, { r, key in
                        switch key {
                        case 0: item = r.string(); return item != nil
                        case 1: return r.optional(&value) { $0.integer() }
                        case 2: return r.optional(&earlier) { $0.integer() }
                        default: critical = r.bool(); return critical != nil
                        }
                    }) != nil, let item, let critical else { return nil }
                    return ItemRating(item: item, value: value, earlier: earlier, critical: critical)
                }
                return ratings != nil
            case 3:
                judgements = r.array { r in
                    var judgement: String?, value: String?
                    guard r.object(Self.judgementKeys, { r, key in
                        if key == 0 { judgement = r.string(); return judgement != nil }
                        value = r.string(); return value != nil
                    }) != nil, let judgement, let value else { return nil }
                    return JudgementValue(judgement: judgement, value: value)
                }
                return judgements != nil
            case 4: return r.optional(&estimate) { $0.rawString() }
            default: return r.optional(&respondent) { $0.vocabulary() }
            }
        }) != nil, let instrument, let timePoint, let ratings, let judgements else { return nil }
        return Assessment(instrument: instrument, timePoint: timePoint, ratings: ratings, judgements: judgements,
                          clientEstimate: estimate, respondent: respondent)
    }

    private static let startKeys = KeyTable(["interventionId", "type", "legalBasis", "offeredAndDeclined", "accompanyingChildren"],
                                            required: ["interventionId", "type"])

    private mutating func interventionStart() -> InterventionStart? {
        var id: String?, type: InterventionType?, basis: LegalBasis?, declined: Answer?, children: Int?
        guard object(Self.startKeys, { r, key in
            switch key {
            case 0: id = r.string(); return id != nil
            case 1: type = r.vocabulary(); return type != nil
            case 2: return r.optional(&basis) { $0.vocabulary() }
            case 3: return r.optional(&declined) { $0.vocabulary() }
            default: return r.optional(&children) { $0.integer() }
            }
        }) != nil, let id, let type else { return nil }
        var v = InterventionStart(interventionId: id, type: type)
        (v.legalBasis, v.offeredAndDeclined, v.accompanyingChildren) = (basis, declined, children)
        return v
    }

    private static let endKeys = KeyTable(["interventionId", "outcome"], required: ["interventionId", "outcome"])

    private mutating func interventionEnd() -> InterventionEnd? {
        var id: String?, outcome: InterventionOutcome?
        guard object(Self.endKeys, { r, key in
            if key == 0 { id = r.string(); return id != nil }
            outcome = r.vocabulary(); return outcome != nil
        }) != nil, let id, let outcome else { return nil }
        return InterventionEnd(interventionId: id, outcome: outcome)
    }

    private static let partnerKeys = KeyTable(["step", "consent", "channel", "reached", "response", "conversation"], required: ["step"])
    private static let conversationKeys = KeyTable(
        ["safetyPlanning", "treatmentInformation", "newViolence", "newViolenceTypes", "concernForChildren", "referralMade"],
        required: ["safetyPlanning", "treatmentInformation", "newViolence", "newViolenceTypes", "concernForChildren", "referralMade"])

    private mutating func partnerContact() -> PartnerContact? {
        var step: PartnerContact.Step?, consent: Answer?, channel: ContactChannel?, reached: Bool?
        var response: PartnerResponse?, conversation: PartnerConversation?
        guard let seen = object(Self.partnerKeys, { r, key in
            switch key {
            case 0: step = r.rawString(); return step != nil
            case 1: consent = r.vocabulary(); return consent != nil
            case 2: channel = r.vocabulary(); return channel != nil
            case 3: reached = r.bool(); return reached != nil
            case 4: response = r.vocabulary(); return response != nil
            default:
                var v = PartnerConversation()
                guard r.object(Self.conversationKeys, { r, key in
                    switch key {
                    case 0: return put(&v.safetyPlanning, r.bool())
                    case 1: return put(&v.treatmentInformation, r.bool())
                    case 2: return put(&v.newViolence, r.vocabulary())
                    case 3: return put(&v.newViolenceTypes, r.set())
                    case 4: return put(&v.concernForChildren, r.vocabulary())
                    default: return put(&v.referralMade, r.bool())
                    }
                }) != nil else { return false }
                conversation = v
                return true
            }
        }) else { return nil }
        // Only the keys of the step are read (PartnerContact.init(from:)): any other is unknown.
        switch step {
        case .asked: return seen == 0b11 ? consent.map { .asked(consent: $0) } : nil
        case .attempt:
            guard seen == 0b1101, let channel, let reached else { return nil }
            return .attempt(channel: channel, reached: reached)
        case .response: return seen == 0b10001 ? response.map { .response($0) } : nil
        case .conversation: return seen == 0b100001 ? conversation.map { .conversation($0) } : nil
        case nil: return nil
        }
    }

    private static let duringKeys = KeyTable(["violenceSinceLast", "violenceTypes", "policeReport", "housing", "protectiveMeasures", "goalProgress"],
                                             required: ["violenceSinceLast", "violenceTypes", "policeReport", "housing"])

    private mutating func duringFollowUp() -> DuringFollowUp? {
        var v = DuringFollowUp()
        guard object(Self.duringKeys, { r, key in
            switch key {
            case 0: return put(&v.violenceSinceLast, r.vocabulary())
            case 1: return put(&v.violenceTypes, r.set())
            case 2: return put(&v.policeReport, r.vocabulary())
            case 3: return put(&v.housing, r.vocabulary())
            case 4: return r.optional(&v.protectiveMeasures) { $0.set() }
            default: return r.optional(&v.goalProgress) { $0.vocabulary() }
            }
        }) != nil else { return nil }
        return v
    }

    private static let surveyKeys = KeyTable(["situationImproved", "supportImportance", "feelingSafe"])

    private mutating func survey() -> ClientSurvey? {
        var v = ClientSurvey()
        guard object(Self.surveyKeys, { r, key in
            switch key {
            case 0: return r.optional(&v.situationImproved) { $0.integer() }
            case 1: return r.optional(&v.supportImportance) { $0.integer() }
            default: return r.optional(&v.feelingSafe) { $0.integer() }
            }
        }) != nil else { return nil }
        return v
    }

    private static let closureKeys = KeyTable(
        ["reason", "violence", "violenceByType", "survey", "goalAttainment", "violenceSource", "livingSituation",
         "followUpConsent", "safeContact", "partnerReportedNewViolence"],
        required: ["reason", "violence", "violenceByType"])

    private mutating func closure() -> Closure? {
        var v = Closure(reason: .other)
        guard object(Self.closureKeys, { r, key in
            switch key {
            case 0: return put(&v.reason, r.vocabulary())
            case 1: return put(&v.violence, r.vocabulary())
            case 2: return put(&v.violenceByType, r.violenceByType())
            case 3: return r.optional(&v.survey) { $0.survey() }
            case 4: return r.optional(&v.goalAttainment) { $0.vocabulary() }
            case 5: return r.optional(&v.violenceSource) { $0.vocabulary() }
            case 6: return r.optional(&v.livingSituation) { $0.vocabulary() }
            case 7: return r.optional(&v.followUpConsent) { $0.vocabulary() }
            case 8: return r.optional(&v.safeContact) { $0.vocabulary() }
            default: return r.optional(&v.partnerReportedNewViolence) { $0.vocabulary() }
            }
        }) != nil else { return nil }
        return v
    }

    private static let followUpKeys = KeyTable(
        ["monthsAfterClosure", "reached", "newViolence", "newViolenceTypes", "newPoliceReport", "housing", "survey",
         "attempts", "notReachedReason", "source", "livingSituation", "partnerReportedNewViolence"],
        required: ["monthsAfterClosure", "reached", "newViolence", "newViolenceTypes", "newPoliceReport", "housing"])

    private mutating func followUp() -> FollowUpAfterClosure? {
        var v = FollowUpAfterClosure(reached: false)
        guard object(Self.followUpKeys, { r, key in
            switch key {
            case 0: return put(&v.monthsAfterClosure, r.integer())
            case 1: return put(&v.reached, r.bool())
            case 2: return put(&v.newViolence, r.vocabulary())
            case 3: return put(&v.newViolenceTypes, r.set())
            case 4: return put(&v.newPoliceReport, r.vocabulary())
            case 5: return put(&v.housing, r.vocabulary())
            case 6: return r.optional(&v.survey) { $0.survey() }
            case 7: return r.optional(&v.attempts) { $0.integer() }
            case 8: return r.optional(&v.notReachedReason) { $0.vocabulary() }
            case 9: return r.optional(&v.source) { $0.vocabulary() }
            case 10: return r.optional(&v.livingSituation) { $0.vocabulary() }
            default: return r.optional(&v.partnerReportedNewViolence) { $0.vocabulary() }
            }
        }) != nil else { return nil }
        return v
    }

    private static let handoverKeys = KeyTable(["toWorker"], required: ["toWorker"])

    private mutating func handover() -> Handover? {
        var worker: String?
        guard object(Self.handoverKeys, { r, _ in worker = r.string(); return worker != nil }) != nil, let worker else { return nil }
        return Handover(toWorker: worker)
    }

    private static let settingsKeys = KeyTable(["minimumCellSize", "population18Plus", "populationYear", "t3Months", "t4Months"])

    private mutating func unitSettings() -> UnitSettings? {
        var v = UnitSettings()
        guard object(Self.settingsKeys, { r, key in
            switch key {
            case 0: return r.optional(&v.minimumCellSize) { $0.integer() }
            case 1: return r.optional(&v.population18Plus) { $0.integer() }
            case 2: return r.optional(&v.populationYear) { $0.integer() }
            case 3: return r.optional(&v.t3Months) { $0.integer() }
            default: return r.optional(&v.t4Months) { $0.integer() }
            }
        }) != nil else { return nil }
        return v
    }

    private static let reopeningKeys = KeyTable(["reason", "intake"], required: ["reason", "intake"])

    private mutating func reopening() -> Reopening? {
        var reason: ReopeningReason?, intake: Intake?
        guard object(Self.reopeningKeys, { r, key in
            if key == 0 { reason = r.vocabulary(); return reason != nil }
            intake = r.intake(); return intake != nil
        }) != nil, let reason, let intake else { return nil }
        return Reopening(reason: reason, intake: intake)
    }

    private static let correctionKeys = KeyTable(["target", "action", "reason", "comment", "type", "date", "data"],
                                                 required: ["target", "action", "reason"])

    private mutating func correction() -> Correction? {
        var target: EventID?, action: Correction.ActionName?, reason: CorrectionReason?, comment: String?
        var kind: EventKind?, date: Day?, dataAt = -1, dataEnd = -1
        guard let seen = object(Self.correctionKeys, { r, key in
            switch key {
            case 0: target = r.eventID(); return target != nil
            case 1: action = r.rawString(); return action != nil
            case 2: reason = r.vocabulary(); return reason != nil
            case 3: return r.optional(&comment) { $0.string() }
            case 4: kind = r.vocabulary(); return kind != nil
            case 5: return r.optional(&date) { $0.day() }
            default:
                dataAt = r.i
                guard r.skipValue() else { return false }
                dataEnd = r.i
                return true
            }
        }), let target, let action, let reason else { return nil }
        switch action {
        case .retract:
            // Type, date and data are not read for a retraction (Correction.init(from:)): unknown keys.
            guard seen & 0b1110000 == 0 else { return nil }
            return Correction(target: target, action: .retract, reason: reason, comment: comment)
        case .amend:
            // A correction amending a correction is left to the strict reader.
            guard let kind, kind != .correction, dataAt >= 0 else { return nil }
            let resume = i
            i = dataAt
            guard let body = body(kind), i == dataEnd else { return nil }
            i = resume
            return Correction(target: target, action: .amend(body: body, effectiveDate: date), reason: reason, comment: comment)
        }
    }

    // MARK: - Values

    /// An optional field: an explicit null stands for an absent value, as in the strict reader.
    private mutating func optional<T>(_ field: inout T?, _ read: (inout EventLineReader) -> T?) -> Bool {
        if literal("null") { field = nil; return true }
        guard let value = read(&self) else { return false }
        field = value
        return true
    }

    /// A string without escapes, control characters or invalid UTF-8, as its byte range.
    private mutating func stringRange() -> Range<Int>? {
        guard i < p.count, p[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        var j = start
        while j < p.count {
            let byte = p[j]
            if byte == UInt8(ascii: "\"") {
                i = j + 1
                return start..<j
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            j += 1
        }
        return nil
    }

    private mutating func string() -> String? {
        guard let range = stringRange() else { return nil }
        let slice = UnsafeBufferPointer(rebasing: p[range])
        for byte in slice where byte >= 0x80 { return String(validating: slice, as: UTF8.self) }
        return String(decoding: slice, as: UTF8.self)
    }

    /// A value of a string-valued enum (its raw values are ASCII, so a match is exact).
    private mutating func rawString<T: RawRepresentable>() -> T? where T.RawValue == String {
        guard let range = stringRange() else { return nil }
        return T(rawValue: String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self))
    }

    private mutating func vocabulary<T: Vocabulary>() -> T? { rawString() }

    private mutating func day() -> Day? {
        guard let range = stringRange(), range.count == 10 else { return nil }
        return Day(iso: String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self))
    }

    /// 32 hex digits, either case (as EventID's decoding lowercases them).
    private mutating func eventID() -> EventID? {
        guard let range = stringRange(), range.count == 32 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        for (n, index) in range.enumerated() {
            let byte = p[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            if n < 16 { high = high << 4 | UInt64(digit) } else { low = low << 4 | UInt64(digit) }
        }
        return EventID(high: high, low: low)
    }

    /// A whole number as JSON writes one (no fraction, exponent or leading zero), of at most 18 digits.
    private mutating func integer() -> Int? {
        var j = i
        let negative = j < p.count && p[j] == UInt8(ascii: "-")
        if negative { j += 1 }
        let first = j
        var value = 0
        while j < p.count, p[j] >= UInt8(ascii: "0"), p[j] <= UInt8(ascii: "9") {
            guard j - first < 18 else { return nil }  // longer: left to the strict reader (no overflow here)
            value = value * 10 + Int(p[j] - UInt8(ascii: "0"))
            j += 1
        }
        let digits = j - first
        guard digits >= 1, digits <= 18, p[first] != UInt8(ascii: "0") || digits == 1 else { return nil }
        if j < p.count, p[j] == UInt8(ascii: ".") || p[j] == UInt8(ascii: "e") || p[j] == UInt8(ascii: "E") { return nil }
        i = j
        return negative ? -value : value
    }

    private mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// `word` here, not followed by a letter (the strict reader refuses "truex").
    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard i + count <= p.count else { return false }
        let start = word.utf8Start
        for k in 0..<count where p[i + k] != start[k] { return false }
        let next = i + count
        if next < p.count, (p[next] | 0x20) >= UInt8(ascii: "a"), (p[next] | 0x20) <= UInt8(ascii: "z") { return false }
        i = next
        return true
    }

    private mutating func set<T: Vocabulary>() -> VocabularySet<T>? {
        var result = VocabularySet<T>()
        guard elements({ r in
            guard let value: T = r.vocabulary() else { return false }
            result.insert(value)
            return true
        }) else { return nil }
        return result
    }

    private static let violenceTypeKeys = KeyTable(ViolenceType.allCases.map(\.rawValue))

    private mutating func violenceByType() -> [ViolenceType: ViolenceStatus]? {
        var result: [ViolenceType: ViolenceStatus] = [:]
        guard object(Self.violenceTypeKeys, { r, key in
            guard let status: ViolenceStatus = r.vocabulary() else { return false }
            result[ViolenceType.allCases[key]] = status
            return true
        }) != nil else { return nil }
        return result
    }

    /// An array of values read by `element` (nil from it: not read).
    private mutating func array<T>(_ element: (inout EventLineReader) -> T?) -> [T]? {
        var result: [T] = []
        guard elements({ r in
            guard let value = element(&r) else { return false }
            result.append(value)
            return true
        }) else { return nil }
        return result
    }

    /// An array, each element read by `each` (false: not read).
    private mutating func elements(_ each: (inout EventLineReader) -> Bool) -> Bool {
        guard i < p.count, p[i] == UInt8(ascii: "[") else { return false }
        i += 1
        skipSpace()
        if i < p.count, p[i] == UInt8(ascii: "]") { i += 1; return true }
        while true {
            skipSpace()
            guard each(&self) else { return false }
            skipSpace()
            guard i < p.count else { return false }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "]") { i += 1; return true }
            return false
        }
    }

    /// An object whose keys are all in `keys`, each at most once, with every required one: `member`
    /// reads the value of the key at its index. Returns the keys seen, as bits by index.
    private mutating func object(_ keys: KeyTable, _ member: (inout EventLineReader, Int) -> Bool) -> UInt64? {
        guard i < p.count, p[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        skipSpace()
        var seen: UInt64 = 0
        if i < p.count, p[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                guard let range = stringRange(), let key = keys.index(of: UnsafeBufferPointer(rebasing: p[range])),
                      seen & (1 << UInt64(key)) == 0 else { return nil }
                seen |= 1 << UInt64(key)
                skipSpace()
                guard i < p.count, p[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                skipSpace()
                guard member(&self, key) else { return nil }
                skipSpace()
                guard i < p.count else { return nil }
                if p[i] == UInt8(ascii: ",") { i += 1; continue }
                if p[i] == UInt8(ascii: "}") { i += 1; break }
                return nil
            }
        }
        return seen & keys.required == keys.required ? seen : nil
    }

    /// Steps over one value (its form is checked when it is read).
    private mutating func skipValue() -> Bool {
        var depth = 0
        while i < p.count {
            switch p[i] {
            case UInt8(ascii: "\""):
                guard stringRange() != nil else { return false }
                if depth == 0 { return true }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth < 0 { return false }
                if depth == 0 { i += 1; return true }
            case UInt8(ascii: ","), UInt8(ascii: ":"), 0x20, 0x09, 0x0A, 0x0D:
                if depth == 0 { return false }
            default:
                if depth == 0 {
                    // A scalar at the top: up to the next delimiter.
                    while i < p.count, p[i] != UInt8(ascii: ","), p[i] != UInt8(ascii: "}") { i += 1 }
                    return true
                }
            }
            i += 1
        }
        return false
    }

    private mutating func skipSpace() {
        while i < p.count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D { i += 1 }
    }
}

/// `value` into `field`; false (nothing read) when there is none.
private func put<T>(_ field: inout T, _ value: T?) -> Bool {
    guard let value else { return false }
    field = value
    return true
}

/// The keys of one object type, looked up by their bytes.
struct KeyTable: Sendable {
    private let keys: [[UInt8]]
    /// The keys that must be present, as bits by index.
    let required: UInt64

    init(_ keys: [String], required: [String] = []) {
        precondition(keys.count <= 64)
        self.keys = keys.map { Array($0.utf8) }
        var mask: UInt64 = 0
        for name in required { mask |= 1 << UInt64(keys.firstIndex(of: name)!) }
        self.required = mask
    }

    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for (index, key) in keys.enumerated() where key.count == bytes.count {
            if key.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return index }
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
