/// How an event stands after corrections.
public enum EventStanding: Sendable, Equatable {
    case active
    case amended(by: EventID, reason: CorrectionReason)
    case retracted(by: EventID, reason: CorrectionReason)
}

/// One line of a case's timeline: every event, corrections included, with its standing.
public struct TimelineEntry: Sendable, Equatable {
    public let original: Event
    /// The event as corrected (body and date amended), equal to `original` when active.
    public let current: Event
    public let standing: EventStanding
}

public struct AssessmentRecord: Sendable, Equatable {
    public let eventId: EventID
    public let date: Day
    public let assessment: Assessment
    /// The highest risk level among its judgements, if any maps to a level.
    public let riskLevel: RiskLevel?
    /// The instrument's family ("sara", "freda"; the instrument's id when the catalogue does not
    /// know it): a later judgement replaces an earlier one only within its family.
    public let family: String
}

public struct InterventionRecord: Sendable, Equatable {
    public let interventionId: String
    public let type: InterventionType
    public let start: Day
    public var end: Day?
    public var outcome: InterventionOutcome?
    /// Schema 2 (nil = ej registrerat): the intervention's legal basis, and whether it was offered
    /// and declined (figures: the legal-basis breakdown and offers of treatment declined).
    public var legalBasis: LegalBasis? = nil
    public var offeredAndDeclined: Answer? = nil
}

public struct Dated<Value: Sendable & Equatable>: Sendable, Equatable {
    public let eventId: EventID
    public let date: Day
    public let value: Value
}

/// One episode of a case (issue 17): the first runs from the intake, each later one from a
/// reopening (återaktualisering) of the closed case. An episode has its own intake, closure and
/// follow-ups; the case's records (assessments, interventions, …) belong to the episode that was
/// current when they were recorded (journal order: events of an episode are never dated before
/// its start, and an earlier episode takes no new events once the case is reopened).
public struct Episode: Sendable, Equatable {
    /// 1 for the first episode.
    public let number: Int
    /// The intake (first episode) or the reopening that started it.
    public let startEventId: EventID
    /// The episode's intake date.
    public let start: Day
    public let intake: Intake
    public let closure: Dated<Closure>?
    /// Why the case was reopened (nil for the first episode).
    public let reopeningReason: ReopeningReason?
    /// Where the episode's records begin in the case's arrays (`EpisodeStarts`).
    let from: EpisodeStarts
}

/// Indices into a case's record arrays at the moment an episode began.
struct EpisodeStarts: Sendable, Equatable {
    var assessments = 0, interventions = 0, partnerContacts = 0, duringFollowUps = 0, followUps = 0
}

public enum CaseStatus: String, Vocabulary {
    case open, closed, retracted
    public var label: Localized {
        switch self {
        case .open: Localized(sv: "Öppet", en: "Open")
        case .closed: Localized(sv: "Avslutat", en: "Closed")
        case .retracted: Localized(sv: "Makulerat", en: "Retracted")
        }
    }
}

/// The current state of one case: its events folded in journal order with corrections applied.
public struct CaseState: Sendable {
    public let code: String
    /// The case's events live in the projection's `EventArena`, one entry each, in the binary event
    /// encoding without the case code (EventBinaryCodec): about 60 bytes an event, where an `Event`
    /// value takes 144 and holds arrays of its own. Each entry starts with the distance back to the
    /// case's previous entry (a varint; 0 for the first), so the case needs only its last entry's
    /// address. An event that encoding cannot give back exactly (only ever one made in memory, see
    /// `EventBinaryCodec.roundTrips`) is kept as it is in `irregularEvents`, its entry holding a 0
    /// byte in place of the event (no encoded event starts with 0: that is schema version 0).
    //
    // Stored properties are in the order they are touched when an event is folded (Swift lays a
    // struct out in declaration order): replay is bound by memory latency, one case after another
    // somewhere in memory, so what every event needs comes first, near the code.
    private let arena: EventArena
    private var lastEntry = -1
    private var storedEventCount: Int32 = 0
    /// One bit per event kind (by wire index) that occurs among the events.
    private var eventKinds: UInt16 = 0
    /// The latest effective date of any active event.
    public private(set) var lastEventDate: Day?
    public private(set) var intakeEventId: EventID?
    public private(set) var assessments: [AssessmentRecord] = []
    public private(set) var interventions: [InterventionRecord] = []
    public private(set) var partnerContacts: [Dated<PartnerContact>] = []
    public private(set) var duringFollowUps: [Dated<DuringFollowUp>] = []
    public private(set) var followUps: [Dated<FollowUpAfterClosure>] = []
    private var irregularEvents: [Event] = []
    /// event id → correction standing, for the events that have one.
    public private(set) var standings: [EventID: EventStanding] = [:]
    public private(set) var intakeDate: Day?
    public private(set) var intake: Intake?
    public private(set) var closure: Dated<Closure>?
    /// The worker responsible for the case: named at intake (default: the worker who recorded it),
    /// then whoever the latest handover names.
    public private(set) var responsibleWorker: String?
    /// The episodes before the current one (empty unless the case was reopened). `intake`,
    /// `intakeDate` and `closure` are the current episode's.
    public private(set) var earlierEpisodes: [Episode] = []
    /// The reopening that started the current episode and where its records begin; empty while
    /// the current episode is the first (at most one element: an empty array keeps a case that
    /// was never reopened as small as before).
    private var currentStart: [(id: EventID, reason: ReopeningReason, from: EpisodeStarts)] = []
    private var currentReopening: (id: EventID, reason: ReopeningReason)? { currentStart.last.map { ($0.id, $0.reason) } }
    private var currentFrom: EpisodeStarts { currentStart.last?.from ?? EpisodeStarts() }

    /// How many events the case has.
    public var eventCount: Int { Int(storedEventCount) }

    init(code: String, arena: EventArena) {
        self.code = code
        self.arena = arena
    }

    public var role: Role? { intake?.role }

    /// Every episode, the current one last (one for a case never reopened).
    public var episodes: [Episode] {
        guard let intake, let intakeDate, let startId = currentReopening?.id ?? intakeEventId else { return earlierEpisodes }
        return earlierEpisodes + [Episode(number: earlierEpisodes.count + 1, startEventId: startId, start: intakeDate,
                                          intake: intake, closure: closure, reopeningReason: currentReopening?.reason,
                                          from: currentFrom)]
    }

    /// The date of the case's first intake (the first episode's start).
    public var firstIntakeDate: Day? { earlierEpisodes.first?.start ?? intakeDate }

    /// The current episode's records: what was recorded since the case was last reopened.
    public var currentAssessments: ArraySlice<AssessmentRecord> { assessments[currentFrom.assessments...] }
    public var currentFollowUps: ArraySlice<Dated<FollowUpAfterClosure>> { followUps[currentFrom.followUps...] }

    /// The case as one episode alone: its intake, closure and records, and no other episode's
    /// (the figures count each episode as a case of its own). Interventions are those started in
    /// the episode; one left open at a reopening goes on in the next episode but counts in the one
    /// it started in.
    public func episodeState(_ episode: Episode) -> CaseState {
        let all = episodes
        let next = all.first { $0.number == episode.number + 1 }?.from
        func slice<T>(_ array: [T], _ from: Int, _ to: Int?) -> [T] {
            let lower = min(from, array.count), upper = min(to ?? array.count, array.count)
            return lower < upper ? Array(array[lower..<upper]) : []
        }
        var copy = self
        copy.intake = episode.intake
        copy.intakeDate = episode.start
        copy.closure = episode.closure
        copy.assessments = slice(assessments, episode.from.assessments, next?.assessments)
        copy.interventions = slice(interventions, episode.from.interventions, next?.interventions)
        copy.partnerContacts = slice(partnerContacts, episode.from.partnerContacts, next?.partnerContacts)
        copy.duringFollowUps = slice(duringFollowUps, episode.from.duringFollowUps, next?.duringFollowUps)
        copy.followUps = slice(followUps, episode.from.followUps, next?.followUps)
        copy.earlierEpisodes = []
        copy.currentStart = []
        return copy
    }

    /// Whether the case is voided (makulerat): it had an intake, and that intake is retracted.
    /// A voided case keeps its code and its events; it counts nowhere until it is restored.
    public var isVoided: Bool { intake == nil && hasEvent(of: .intake) }

    /// The correction that voided the case (who, when, why), if it is voided.
    public var voidingCorrection: Event? {
        guard isVoided else { return nil }
        let all = events
        guard let intake = all.first(where: { $0.kind == .intake }),
              case .retracted(let by, _)? = standings[intake.id] else { return nil }
        return all.first { $0.id == by }
    }
    public var status: CaseStatus {
        if intake == nil { return .retracted }
        return closure == nil ? .open : .closed
    }

    /// The latest assessment of the client's own risk that yields a risk level (by date, then
    /// journal order). An assessment done with the partner describes the partner's risk, not the
    /// client's (`Assessment.describesClient`).
    public var latestRiskAssessment: AssessmentRecord? {
        var latest: AssessmentRecord?
        for record in assessments where record.riskLevel != nil && record.assessment.describesClient {
            if latest == nil || record.date >= latest!.date { latest = record }
        }
        return latest
    }

    /// The current judgement of the client's own risk per instrument family: the latest
    /// assessment in each family that yields a level (by date, then journal order), ordered by
    /// family. A PATRIARK judgement does not replace a SARA one: they judge different things.
    public var currentRiskAssessments: [AssessmentRecord] {
        var latest: [String: AssessmentRecord] = [:]
        for record in assessments where record.riskLevel != nil && record.assessment.describesClient {
            if let seen = latest[record.family], record.date < seen.date { continue }
            latest[record.family] = record
        }
        return latest.values.sorted { $0.family < $1.family }
    }

    /// The highest of the current judgements per instrument family (ties: the later one), with
    /// the family that gave it: what the case's risk is shown as.
    ///
    /// Asked for every case whenever the lists and the due list are built, so worked out without
    /// allocating: a judgement is current when no later one of its family (by date, then journal
    /// order) follows it; of the current ones the highest level, then the latest date, then the
    /// first family in name order (as `currentRiskAssessments` would give them).
    public var highestCurrentRisk: AssessmentRecord? {
        var highest: AssessmentRecord?
        for index in assessments.indices {
            let record = assessments[index]
            guard let level = record.riskLevel, record.assessment.describesClient else { continue }
            var superseded = false
            for other in assessments.indices where other != index {
                let later = assessments[other]
                guard later.riskLevel != nil, later.family == record.family, later.assessment.describesClient else { continue }
                if later.date > record.date || (later.date == record.date && other > index) {
                    superseded = true
                    break
                }
            }
            if superseded { continue }
            guard let best = highest, let bestLevel = best.riskLevel else { highest = record; continue }
            if level > bestLevel || (level == bestLevel && (record.date > best.date || (record.date == best.date && record.family < best.family))) {
                highest = record
            }
        }
        return highest
    }

    /// High risk: an open case whose highest current judgement (per instrument family) is "hög".
    /// A closed case is not flagged: nothing more is done in it but the follow-up.
    public var isHighRisk: Bool { status == .open && highestCurrentRisk?.riskLevel == .high }

    public var openInterventions: [InterventionRecord] { interventions.filter { $0.end == nil } }

    /// Every event of the case in journal order (the raw material; corrections included). Decoded
    /// from the case's compact log on each call: keep the result rather than asking again in a loop.
    public var events: [Event] {
        guard eventCount > 0 else { return [] }
        // The entries' addresses, last to first, following the distances back.
        var addresses = [Int](repeating: 0, count: eventCount)
        var address = lastEntry
        for i in stride(from: eventCount - 1, through: 0, by: -1) {
            addresses[i] = address
            let back = arena.withEntry(at: address) { bytes -> Int in
                var r = BinaryReader(bytes)
                return (try? r.varint()).map { Int(truncatingIfNeeded: $0) } ?? 0
            }
            address -= back
        }
        var result: [Event] = []
        result.reserveCapacity(eventCount)
        var irregular = irregularEvents.makeIterator()
        for address in addresses {
            arena.withEntry(at: address) { bytes in
                var r = BinaryReader(bytes)
                do {
                    _ = try r.varint()
                    if bytes[r.offset] == 0 {
                        result.append(irregular.next()!)
                    } else {
                        result.append(try EventBinaryCodec.decode(from: &r, caseCode: code))
                    }
                } catch {
                    preconditionFailure("event of case \(code) unreadable at arena address \(address): \(error)")
                }
            }
        }
        return result
    }

    /// Whether any event of the case (corrected or not) is of `kind`; cheaper than searching `events`.
    public func hasEvent(of kind: EventKind) -> Bool { eventKinds & (1 << UInt16(kind.wireIndex)) != 0 }

    /// Logs `event` in the arena. With `encoded` (the event's encoding with its case code, as a
    /// journal record holds it; decoding it gives `event`) the entry is those bytes without the case
    /// code, copied; otherwise the event is encoded anew.
    private mutating func log(_ event: Event, kind: EventKind, encoded: UnsafeRawBufferPointer?) {
        eventKinds |= 1 << UInt16(kind.wireIndex)
        let previous = eventCount == 0 ? nil : lastEntry
        if let encoded, let caseCode = EventBinaryCodec.caseCodeRange(in: encoded, of: event, kind: kind, code: code) {
            lastEntry = arena.append { address, w in
                w.varint(UInt64(previous.map { address - $0 } ?? 0))
                w.append(UnsafeRawBufferPointer(rebasing: encoded[..<caseCode.lowerBound]))
                w.append(UnsafeRawBufferPointer(rebasing: encoded[caseCode.upperBound...]))
            }
            storedEventCount += 1
            return
        }
        let regular = EventBinaryCodec.roundTrips(event) && EventBinaryCodec.sameUTF8(event.caseCode, code)
        if !regular { irregularEvents.append(event) }
        lastEntry = arena.append { address, w in
            w.varint(UInt64(previous.map { address - $0 } ?? 0))
            if regular {
                EventBinaryCodec.encode(event, withCaseCode: false, into: &w)
            } else {
                w.byte(0)
            }
        }
        storedEventCount += 1
    }

    /// The timeline, ordered by effective date and then journal order; corrections appear on the
    /// date they were recorded.
    public func timeline() -> [TimelineEntry] {
        let events = self.events
        var amendedEvents: [EventID: Event] = [:]
        for event in events {
            guard case .correction(let correction) = event.body,
                  case .amend(let body, let date) = correction.action,
                  let target = events.first(where: { $0.id == correction.target }) else { continue }
            var amended = target
            amended.body = body
            if let date { amended.effectiveDate = date }
            amendedEvents[target.id] = amended
        }
        let entries = events.map { event in
            TimelineEntry(original: event, current: amendedEvents[event.id] ?? event,
                          standing: standings[event.id] ?? .active)
        }
        func sortDate(_ entry: TimelineEntry) -> Day {
            entry.original.kind == .correction ? entry.original.recordedAt.localDay : entry.current.effectiveDate
        }
        let indexed = Array(entries.enumerated())
        return indexed.sorted { (a: (offset: Int, element: TimelineEntry), b: (offset: Int, element: TimelineEntry)) -> Bool in
            let da = sortDate(a.element), db = sortDate(b.element)
            return da != db ? da < db : a.offset < b.offset
        }.map { $0.element }
    }

    // MARK: folding

    /// Folds one more event in; `kind` is `event.kind` (asked once per event: reading an
    /// `EventBody`'s case is not free).
    mutating func append(_ event: Event, kind: EventKind, encoded: UnsafeRawBufferPointer? = nil, catalogue: InstrumentCatalogue) {
        log(event, kind: kind, encoded: encoded)
        if kind == .correction {
            refold(catalogue: catalogue)
        } else {
            apply(event, kind: kind, catalogue: catalogue)
        }
    }

    /// Recomputes everything from `events` with corrections applied (the latest correction of an
    /// event wins). A correction may itself be retracted — validation accepts that only for the
    /// retraction that voided the case's intake, which restores the case — and then counts no more;
    /// any other correction of a correction is ignored here.
    mutating func refold(catalogue: InstrumentCatalogue) {
        let all = events
        let (last, irregular, count, kinds) = (lastEntry, irregularEvents, storedEventCount, eventKinds)
        self = CaseState(code: code, arena: arena)
        (lastEntry, irregularEvents, storedEventCount, eventKinds) = (last, irregular, count, kinds)
        var latest: [EventID: (Event, Correction)] = [:]
        let ids = Set(all.lazy.filter { $0.kind != .correction }.map(\.id))
        let correctionIds = Set(all.lazy.filter { $0.kind == .correction }.map(\.id))
        var undone: [EventID: (Event, Correction)] = [:]
        for event in all {
            if case .correction(let correction) = event.body, correctionIds.contains(correction.target),
               case .retract = correction.action, undone[correction.target] == nil {
                undone[correction.target] = (event, correction)
            }
        }
        for event in all where undone[event.id] == nil {
            if case .correction(let correction) = event.body, ids.contains(correction.target) {
                latest[correction.target] = (event, correction)
            }
        }
        for (target, (event, correction)) in undone {
            standings[target] = .retracted(by: event.id, reason: correction.reason)
        }
        for event in all where event.kind != .correction {
            guard let (correctionEvent, correction) = latest[event.id] else {
                apply(event, kind: event.kind, catalogue: catalogue)
                continue
            }
            switch correction.action {
            case .retract:
                standings[event.id] = .retracted(by: correctionEvent.id, reason: correction.reason)
            case .amend(let body, let date):
                standings[event.id] = .amended(by: correctionEvent.id, reason: correction.reason)
                var amended = event
                if body.kind == event.kind { amended.body = body }
                if let date { amended.effectiveDate = date }
                apply(amended, kind: amended.kind, catalogue: catalogue)
            }
        }
    }

    private mutating func apply(_ event: Event, kind: EventKind, catalogue: InstrumentCatalogue) {
        let date = event.effectiveDate
        // Nothing counts on a case without intake (intakeEventId is set with intake, and nearer).
        if kind != .intake, intakeEventId == nil { return }
        switch event.body {
        case .intake(let value):
            guard intakeEventId == nil else { return }
            intake = value
            intakeDate = date
            intakeEventId = event.id
            responsibleWorker = value.responsibleWorker ?? event.worker
        case .assessment(let value):
            let known = catalogue.riskLevelAndFamily(of: value)
            assessments.append(AssessmentRecord(eventId: event.id, date: date, assessment: value, riskLevel: known?.level,
                                                family: known?.family ?? value.instrument.id))
        case .interventionStarted(let value):
            interventions.append(InterventionRecord(interventionId: value.interventionId, type: value.type,
                                                    start: date, end: nil, outcome: nil,
                                                    legalBasis: value.legalBasis, offeredAndDeclined: value.offeredAndDeclined))
        case .interventionEnded(let value):
            if let index = interventions.firstIndex(where: { $0.interventionId == value.interventionId && $0.end == nil }) {
                interventions[index].end = date
                interventions[index].outcome = value.outcome
            }
        case .partnerContact(let value):
            partnerContacts.append(Dated(eventId: event.id, date: date, value: value))
        case .duringFollowUp(let value):
            duringFollowUps.append(Dated(eventId: event.id, date: date, value: value))
        case .closure(let value):
            closure = Dated(eventId: event.id, date: date, value: value)
        case .followUp(let value):
            followUps.append(Dated(eventId: event.id, date: date, value: value))
        case .handover(let value):
            responsibleWorker = value.toWorker
        case .reopening(let value):
            // Only a closed case reopens (the validator's rule; the projection ignores anything else).
            guard let intake, let intakeDate, closure != nil, let startId = currentReopening?.id ?? intakeEventId else { return }
            earlierEpisodes.append(Episode(number: earlierEpisodes.count + 1, startEventId: startId, start: intakeDate,
                                           intake: intake, closure: closure, reopeningReason: currentReopening?.reason,
                                           from: currentFrom))
            var next = value.intake
            next.role = intake.role   // the role is the case's
            self.intake = next
            self.intakeDate = date
            closure = nil
            currentStart = [(event.id, value.reason,
                             EpisodeStarts(assessments: assessments.count, interventions: interventions.count,
                                           partnerContacts: partnerContacts.count, duringFollowUps: duringFollowUps.count,
                                           followUps: followUps.count))]
            responsibleWorker = value.intake.responsibleWorker ?? event.worker
        case .correction, .unitSettings:
            return
        }
        if lastEventDate == nil || date > lastEventDate! { lastEventDate = date }
    }
}

/// All cases of a journal, kept up to date event by event. Pure: no I/O.
public struct Projection: Sendable {
    public let catalogue: InstrumentCatalogue
    /// The catalogue again, in a box, for folding: passed on from a field of `self` while a case is
    /// changed in place, the struct would be copied for every event (its arrays and strings
    /// retained and released); a class instance's constant is lent as it is.
    private let catalogueBox: CatalogueBox
    /// Where the cases keep their events (shared with copies of this projection; see `EventArena`).
    let arena = EventArena()
    /// Every case's state, in the order of `caseCodes` (the order their first events came). An
    /// array, not a dictionary: a field of `caseStates[i]` is read in place, and a pointer into the
    /// array (`withUnsafeBufferPointer`) reads a whole state without copying it, where a dictionary
    /// hands out a copy of the whole state, every array and string in it retained and released (at a
    /// million events ~25 % of the facts of every case; see `CaseFacts(at:)`).
    public private(set) var caseStates: [CaseState] = []
    /// Case code → position in `caseStates` and `caseCodes`.
    private var positions: [String: Int] = [:]
    /// The cases by code.
    public var cases: Cases { Cases(states: caseStates, positions: positions) }
    /// Case codes in the order their first event was appended.
    public private(set) var caseCodes: [String] = []
    public private(set) var eventCount = 0
    /// The unit's settings in force: every `unitSettings` event folded in journal order (a field
    /// an event leaves out keeps its earlier value); nil fields mean the built-in defaults.
    public private(set) var unitSettings = UnitSettings()
    /// The unit-settings events, in journal order (they belong to no case).
    public private(set) var unitSettingsEvents: [Event] = []

    /// The last `Projection.changeWindow` events applied, as (id, case code) in a ring indexed by
    /// event number, so that a holder of an earlier state of this projection can tell which cases
    /// changed since (`casesChanged(since:)`) without comparing every case. A unit-settings event is
    /// logged with an empty code (it changes no case but may change what is due).
    private var recentIds: [EventID] = []
    private var recentCodes: [String] = []

    /// How many of the latest events `casesChanged(since:)` can name (a gap wider than this means
    /// "rebuild everything", which is always correct).
    public static let changeWindow = 4_096

    public init(catalogue: InstrumentCatalogue) {
        self.catalogue = catalogue
        catalogueBox = CatalogueBox(catalogue)
    }

    public init(catalogue: InstrumentCatalogue, events: some Sequence<Event>) {
        self.init(catalogue: catalogue)
        for event in events { apply(event) }
    }

    /// Folds one more event in. Validation is the caller's job (see `Validator`); the projection
    /// accepts whatever the journal holds and never traps on it.
    public mutating func apply(_ event: Event) {
        apply(event, encodedOrNil: nil)
    }

    /// Folds in an event read from a journal record: `encoded` is the record's (plaintext) payload,
    /// which `event` was decoded from (`EventBinaryCodec.decode(encoded)`). The case keeps those
    /// bytes, less the case code, instead of encoding the event again (the larger part of logging an
    /// event at replay). Bytes that do not begin as the event's encoding (schema, kind, id, case code)
    /// are ignored and the event encoded as by `apply(_:)`; the rest of them must decode to `event`.
    public mutating func apply(_ event: Event, encoded: UnsafeRawBufferPointer) {
        apply(event, encodedOrNil: encoded)
    }

    private mutating func apply(_ event: Event, encodedOrNil encoded: UnsafeRawBufferPointer?) {
        let kind = event.kind
        logChange(event, kind: kind)
        eventCount += 1
        if kind == .unitSettings, case .unitSettings(let settings) = event.body {
            unitSettings = settings.merged(over: unitSettings)
            unitSettingsEvents.append(event)
            return
        }
        // One hash lookup, then the stored state mutated in place (a copy of the whole CaseState,
        // and then of its arrays, on every event otherwise). Nothing here captures the event (a
        // nested function making a new case's state cost a heap box and two copies of the event
        // for every event folded).
        let code = event.caseCode
        let box = catalogueBox
        if let position = positions[code] {
            caseStates[position].append(event, kind: kind, encoded: encoded, catalogue: box.catalogue)
        } else {
            positions[code] = caseStates.count
            caseStates.append(CaseState(code: code, arena: arena))
            caseStates[caseStates.count - 1].append(event, kind: kind, encoded: encoded, catalogue: box.catalogue)
            caseCodes.append(code)
        }
    }

    public subscript(code: String) -> CaseState? { positions[code].map { caseStates[$0] } }

    /// The cases by code (`Projection.cases`): a view of the projection's states, not a copy of them.
    public struct Cases: Sendable {
        fileprivate let states: [CaseState]
        fileprivate let positions: [String: Int]
        public subscript(code: String) -> CaseState? { positions[code].map { states[$0] } }
        /// In the order of `Projection.caseCodes`.
        public var values: [CaseState] { states }
        public var count: Int { states.count }
        public var isEmpty: Bool { states.isEmpty }
    }

    private mutating func logChange(_ event: Event, kind: EventKind) {
        let slot = eventCount & (Self.changeWindow - 1)
        if recentIds.count < Self.changeWindow {
            recentIds.append(event.id)
            recentCodes.append(kind == .unitSettings ? "" : event.caseCode)
        } else {
            recentIds[slot] = event.id
            recentCodes[slot] = kind == .unitSettings ? "" : event.caseCode
        }
    }

    /// Where this projection stands: which line of states it belongs to (its event arena, shared
    /// by every copy of one projection and by nothing else) and how far it has come.
    public struct Mark: Sendable {
        fileprivate let arena: EventArena
        public let eventCount: Int
        fileprivate let lastId: EventID?
    }

    public var mark: Mark {
        Mark(arena: arena, eventCount: eventCount,
             lastId: eventCount == 0 ? nil : recentIds[(eventCount - 1) & (Self.changeWindow - 1)])
    }

    /// What changed since an earlier state of this projection (`mark` taken then): the codes of the
    /// cases that events applied since touched, and whether a unit-settings event came. Nil when that
    /// cannot be told — another projection, a copy that went another way, or more than
    /// `changeWindow` events since — so the caller must rebuild from the whole projection.
    public func casesChanged(since earlier: Mark) -> (codes: Set<String>, settings: Bool)? {
        guard earlier.arena === arena, earlier.eventCount <= eventCount,
              eventCount - earlier.eventCount < Self.changeWindow else { return nil }
        let mask = Self.changeWindow - 1
        // The same line: the event the earlier state ended with is the one this state has there.
        if let lastId = earlier.lastId {
            guard recentIds[(earlier.eventCount - 1) & mask] == lastId else { return nil }
        }
        var codes = Set<String>()
        var settings = false
        for number in earlier.eventCount..<eventCount {
            let code = recentCodes[number & mask]
            if code.isEmpty { settings = true } else { codes.insert(code) }
        }
        return (codes, settings)
    }

    /// Cases that exist (have an active intake), in journal order.
    public var activeCases: [CaseState] {
        var result: [CaseState] = []
        result.reserveCapacity(caseCodes.count)
        forEachActiveCase { result.append($0) }
        return result
    }

    /// Calls `body` with each case that exists (has an active intake), in journal order.
    public func forEachActiveCase(_ body: (CaseState) throws -> Void) rethrows {
        for index in caseStates.indices where caseStates[index].intake != nil { try body(caseStates[index]) }
    }

    /// Calls `body` with every case, voided ones included, in journal order: each state lent where
    /// the projection keeps it (`activeCases` and `cases.values.filter` make arrays of copies).
    public func forEachCase(_ body: (CaseState) throws -> Void) rethrows {
        try caseStates.withUnsafeBufferPointer { states in
            for index in states.indices { try body(states[index]) }
        }
    }
}

/// A catalogue held by reference (see `Projection.catalogueBox`).
private final class CatalogueBox: Sendable {
    let catalogue: InstrumentCatalogue
    init(_ catalogue: InstrumentCatalogue) { self.catalogue = catalogue }
}

/// The ids of a projection's events as they stood when `Projection.eventIDs` was read: each
/// case's chain of entries in the arena (walked back from its last) and the ids kept aside.
public struct EventIDs: Sendable {
    let arena: EventArena
    let ends: [(lastEntry: Int, count: Int)]
    let aside: [EventID]

    /// Each id, read where the encoding keeps it (after the distance back, the schema version and
    /// the kind) without decoding the event.
    ///
    /// The cases' chains are walked back a chunk of the arena at a time, the last chunk first
    /// (entries only ever point back): each chunk is read once, and a chunk still in the snapshot
    /// (`EventArena.withChunk`) is not kept, so gathering the ids of a projection read lazily holds
    /// one chunk of events at a time, not all of them (issue 20).
    public func forEach(_ body: (EventID) -> Void) {
        aside.forEach(body)
        // Per chunk, the chains whose next entry (walking back) lies in it, and how many entries are left.
        var waiting: [[(address: Int, left: Int)]] = []
        for (last, count) in ends where count > 0 {
            let chunk = last >> 32
            if chunk >= waiting.count { waiting += Array(repeating: [], count: chunk + 1 - waiting.count) }
            waiting[chunk].append((last, count))
        }
        for chunk in waiting.indices.reversed() where !waiting[chunk].isEmpty {
            let chains = waiting[chunk]
            waiting[chunk] = []
            arena.withChunk(chunk) { bytes in
                for var (address, left) in chains {
                    while left > 0, address >> 32 == chunk {
                        var r = BinaryReader(UnsafeRawBufferPointer(rebasing: bytes[(address & 0xFFFF_FFFF)...]))
                        let back = Int(truncatingIfNeeded: (try? r.varint()) ?? 0)
                        // An irregular event's entry holds a 0 (no schema 0) in place of the event: its id is aside.
                        if let schema = try? r.varint(), schema != 0, (try? r.byte()) != nil, let id = try? r.eventID() { body(id) }
                        left -= 1
                        address -= back
                    }
                    if left > 0 { waiting[address >> 32].append((address, left)) }
                }
            }
        }
    }

    public var count: Int { ends.reduce(aside.count) { $0 + $1.count } }
}

// MARK: equality

/// Two states of a case are equal when they hold the same events and the same folded state,
/// wherever their events are kept (another projection's arena, a snapshot's).
extension CaseState: Equatable {
    public static func == (a: CaseState, b: CaseState) -> Bool {
        a.code == b.code && a.storedEventCount == b.storedEventCount && a.eventKinds == b.eventKinds
            && a.lastEventDate == b.lastEventDate && a.intakeEventId == b.intakeEventId && a.assessments == b.assessments
            && a.interventions == b.interventions && a.partnerContacts == b.partnerContacts
            && a.duringFollowUps == b.duringFollowUps && a.followUps == b.followUps && a.standings == b.standings
            && a.intakeDate == b.intakeDate && a.intake == b.intake && a.closure == b.closure
            && a.responsibleWorker == b.responsibleWorker && a.earlierEpisodes == b.earlierEpisodes
            && a.currentStart.map(\.id) == b.currentStart.map(\.id) && a.currentStart.map(\.reason) == b.currentStart.map(\.reason)
            && a.currentStart.map(\.from) == b.currentStart.map(\.from) && a.events == b.events
    }
}

/// Two projections are equal when they hold the same cases in the same order, the same unit
/// settings and the same recent changes (what `casesChanged(since:)` answers from).
extension Projection: Equatable {
    public static func == (a: Projection, b: Projection) -> Bool {
        guard a.eventCount == b.eventCount, a.caseCodes == b.caseCodes, a.unitSettings == b.unitSettings,
              a.unitSettingsEvents == b.unitSettingsEvents, a.recentIds.count == b.recentIds.count else { return false }
        for number in (a.eventCount - a.recentIds.count)..<a.eventCount {
            let slot = number & (changeWindow - 1)
            guard a.recentIds[slot] == b.recentIds[slot], a.recentCodes[slot] == b.recentCodes[slot] else { return false }
        }
        return a.caseStates == b.caseStates
    }
}

// MARK: snapshot (see ProjectionSnapshot)

extension CaseState {
    /// Writes what the case holds besides its events (those are in the arena, written whole):
    /// every stored property, bodies in the current schema's encoding. False when the case holds an
    /// event the encoding cannot give back (`irregularEvents`, only ever made in memory), which
    /// a snapshot must not lose.
    func writeSnapshot(into w: inout BinaryWriter) -> Bool {
        guard irregularEvents.isEmpty else { return false }
        w.string(code)
        w.signed(Int64(lastEntry))
        w.varint(UInt64(storedEventCount))
        w.varint(UInt64(eventKinds))
        w.optionalDay(lastEventDate)
        w.optionalEventID(intakeEventId)
        w.optionalDay(intakeDate)
        w.optionalBody(intake.map { .intake($0) })
        w.varint(UInt64(assessments.count))
        for record in assessments {
            w.eventID(record.eventId); w.day(record.date); w.body(.assessment(record.assessment))
        }
        w.varint(UInt64(interventions.count))
        for record in interventions {
            w.string(record.interventionId); w.vocabulary(record.type); w.day(record.start); w.optionalDay(record.end)
            w.optionalVocabulary(record.outcome); w.optionalVocabulary(record.legalBasis)
            w.optionalVocabulary(record.offeredAndDeclined)
        }
        w.varint(UInt64(partnerContacts.count))
        for record in partnerContacts { w.eventID(record.eventId); w.day(record.date); w.body(.partnerContact(record.value)) }
        w.varint(UInt64(duringFollowUps.count))
        for record in duringFollowUps { w.eventID(record.eventId); w.day(record.date); w.body(.duringFollowUp(record.value)) }
        w.varint(UInt64(followUps.count))
        for record in followUps { w.eventID(record.eventId); w.day(record.date); w.body(.followUp(record.value)) }
        // In event-id order: the same state writes the same bytes.
        w.varint(UInt64(standings.count))
        for (id, standing) in standings.sorted(by: { $0.key < $1.key }) {
            w.eventID(id)
            switch standing {
            case .active: w.byte(0)
            case .amended(let by, let reason): w.byte(1); w.eventID(by); w.vocabulary(reason)
            case .retracted(let by, let reason): w.byte(2); w.eventID(by); w.vocabulary(reason)
            }
        }
        w.optionalDated(closure)
        w.optionalString(responsibleWorker)
        w.varint(UInt64(earlierEpisodes.count))
        for episode in earlierEpisodes {
            w.varint(UInt64(episode.number)); w.eventID(episode.startEventId); w.day(episode.start)
            w.body(.intake(episode.intake)); w.optionalDated(episode.closure); w.optionalVocabulary(episode.reopeningReason)
            w.episodeStarts(episode.from)
        }
        w.varint(UInt64(currentStart.count))
        for start in currentStart { w.eventID(start.id); w.vocabulary(start.reason); w.episodeStarts(start.from) }
        return true
    }

    var isSnapshotable: Bool { irregularEvents.isEmpty }

    var irregularEventIDs: [EventID] { irregularEvents.map(\.id) }

    /// Where the case's last event is in the arena (-1 without events): a snapshot's reader checks
    /// it lies inside what was restored.
    var lastArenaEntry: Int { lastEntry }

    /// Reads back what `writeSnapshot` wrote; the assessments' risk levels and families are looked
    /// up in `catalogue` again (as the fold does), so a snapshot does not depend on the catalogue.
    init(snapshot r: inout BinaryReader, arena: EventArena, catalogue: InstrumentCatalogue) throws {
        self.init(code: try r.string(), arena: arena)
        guard let last = Int(exactly: try r.signed()), last >= -1, let count = Int32(exactly: try r.varint()),
              let kinds = UInt16(exactly: try r.varint()) else { throw EventCodecError.invalidValue("case header", at: r.offset) }
        (lastEntry, storedEventCount, eventKinds) = (last, count, kinds)
        lastEventDate = try r.optionalDay()
        intakeEventId = try r.optionalEventID()
        intakeDate = try r.optionalDay()
        if try r.bool() { intake = try r.intake() }
        let assessmentCount = try r.count()
        assessments.reserveCapacity(assessmentCount)
        for _ in 0..<assessmentCount {
            let (id, date) = (try r.eventID(), try r.day())
            guard case .assessment(let value) = try r.body(.assessment) else { throw EventCodecError.invalidValue("assessment", at: r.offset) }
            let known = catalogue.riskLevelAndFamily(of: value)
            assessments.append(AssessmentRecord(eventId: id, date: date, assessment: value, riskLevel: known?.level,
                                                family: known?.family ?? value.instrument.id))
        }
        let interventionCount = try r.count()
        interventions.reserveCapacity(interventionCount)
        for _ in 0..<interventionCount {
            interventions.append(InterventionRecord(
                interventionId: try r.string(), type: try r.vocabulary("intervention type"), start: try r.day(),
                end: try r.optionalDay(), outcome: try r.optionalVocabulary("outcome"),
                legalBasis: try r.optionalVocabulary("legal basis"), offeredAndDeclined: try r.optionalVocabulary("answer")))
        }
        partnerContacts = try r.datedList(.partnerContact) { if case .partnerContact(let v) = $0 { v } else { nil } }
        duringFollowUps = try r.datedList(.duringFollowUp) { if case .duringFollowUp(let v) = $0 { v } else { nil } }
        followUps = try r.datedList(.followUp) { if case .followUp(let v) = $0 { v } else { nil } }
        let standingCount = try r.count()
        for _ in 0..<standingCount {
            let id = try r.eventID()
            switch try r.byte() {
            case 0: standings[id] = .active
            case 1: standings[id] = .amended(by: try r.eventID(), reason: try r.vocabulary("correction reason"))
            case 2: standings[id] = .retracted(by: try r.eventID(), reason: try r.vocabulary("correction reason"))
            default: throw EventCodecError.invalidValue("standing", at: r.offset - 1)
            }
        }
        closure = try r.optionalDatedClosure()
        responsibleWorker = try r.optionalString()
        let episodeCount = try r.count()
        for _ in 0..<episodeCount {
            guard let number = Int(exactly: try r.varint()) else { throw EventCodecError.invalidValue("episode", at: r.offset) }
            earlierEpisodes.append(Episode(number: number, startEventId: try r.eventID(), start: try r.day(), intake: try r.intake(),
                                           closure: try r.optionalDatedClosure(),
                                           reopeningReason: try r.optionalVocabulary("reopening reason"),
                                           from: try r.episodeStarts()))
        }
        let startCount = try r.count()
        guard startCount <= 1 else { throw EventCodecError.invalidValue("episode start", at: r.offset) }
        for _ in 0..<startCount {
            currentStart.append((try r.eventID(), try r.vocabulary("reopening reason"), try r.episodeStarts()))
        }
    }
}

extension Projection {
    /// What a snapshot holds of the projection itself besides the arena and the cases.
    func writeSnapshotHeader(into w: inout BinaryWriter) {
        w.varint(UInt64(eventCount))
        w.varint(UInt64(caseCodes.count))
        w.varint(UInt64(unitSettingsEvents.count))
        for event in unitSettingsEvents { w.bytes(EventBinaryCodec.encode(event)) }
        // The ring of recent changes, oldest first, so that `mark` and `casesChanged` work on.
        let kept = recentIds.count
        w.varint(UInt64(kept))
        for number in (eventCount - kept)..<eventCount {
            let slot = number & (Self.changeWindow - 1)
            w.eventID(recentIds[slot]); w.string(recentCodes[slot])
        }
    }

    /// The inverse of `writeSnapshotHeader` on a new projection; returns how many cases follow.
    mutating func readSnapshotHeader(_ r: inout BinaryReader) throws -> Int {
        guard let events = Int(exactly: try r.varint()), let caseCount = Int(exactly: try r.varint()), caseCount <= events else {
            throw EventCodecError.invalidValue("counts", at: r.offset)
        }
        for _ in 0..<(try r.count()) {
            let event = try r.bytes { try EventBinaryCodec.decode($0) }
            guard case .unitSettings(let settings) = event.body else { throw EventCodecError.invalidValue("unit settings", at: r.offset) }
            unitSettings = settings.merged(over: unitSettings)
            unitSettingsEvents.append(event)
        }
        let kept = try r.count()
        guard kept <= Self.changeWindow, kept <= events, kept == min(events, Self.changeWindow) else {
            throw EventCodecError.invalidValue("recent changes", at: r.offset)
        }
        var ids = [EventID](), codes = [String]()
        for _ in 0..<kept { ids.append(try r.eventID()); codes.append(try r.string()) }
        // Back into the ring's slots: event number n sits at n mod the window.
        recentIds = ids; recentCodes = codes
        if kept == Self.changeWindow {
            let shift = events & (Self.changeWindow - 1)
            recentIds = Array(ids[(kept - shift)...] + ids[..<(kept - shift)])
            recentCodes = Array(codes[(kept - shift)...] + codes[..<(kept - shift)])
        }
        eventCount = events
        caseCodes.reserveCapacity(caseCount)
        caseStates.reserveCapacity(caseCount)
        positions.reserveCapacity(caseCount)
        return caseCount
    }

    /// Calls `body` with the id of every event the projection holds (every event applied to it),
    /// read from the arena without decoding the events.
    public func forEachEventID(_ body: (EventID) -> Void) {
        eventIDs.forEach(body)
    }

    /// Where the ids of the projection's events are, as of now, for reading them on another thread
    /// (`EventIDs.forEach`) without holding the projection (whose next change would then copy its
    /// case table).
    public var eventIDs: EventIDs {
        var ends: [(lastEntry: Int, count: Int)] = []
        ends.reserveCapacity(caseStates.count)
        var aside = unitSettingsEvents.map(\.id)
        for index in caseStates.indices {
            ends.append((caseStates[index].lastArenaEntry, caseStates[index].eventCount))
            aside += caseStates[index].irregularEventIDs
        }
        return EventIDs(arena: arena, ends: ends, aside: aside)
    }

    /// Whether every event of every case is in the arena (none held aside as `irregularEvents`):
    /// only then can a snapshot hold the whole projection. Always so for a projection replayed
    /// from a journal.
    var isSnapshotable: Bool { caseStates.indices.allSatisfy { caseStates[$0].isSnapshotable } }

    /// Adds a case read from a snapshot, in journal order of first appearance.
    mutating func restoreCase(_ state: consuming CaseState) throws {
        let code = state.code
        guard positions.updateValue(caseStates.count, forKey: code) == nil else {
            throw EventCodecError.invalidValue("case \(code) twice", at: 0)
        }
        caseStates.append(state)
        caseCodes.append(code)
    }
}

extension ByteSink {
    mutating func day(_ day: Day) { signed(Int64(day.daysSinceEpoch)) }
    mutating func optionalDay(_ day: Day?) { if let day { bool(true); self.day(day) } else { bool(false) } }
    mutating func eventID(_ id: EventID) { fixed64(id.high); fixed64(id.low) }
    mutating func optionalEventID(_ id: EventID?) { if let id { bool(true); eventID(id) } else { bool(false) } }
    mutating func bytes(_ b: [UInt8]) { varint(UInt64(b.count)); raw(b) }
    /// A body in the current schema's encoding (its kind is known from where it stands).
    mutating func body(_ body: EventBody) { EventBinaryCodec.encodeBody(body, schema: Event.currentSchemaVersion, into: &self) }
    mutating func optionalBody(_ body: EventBody?) { if let body { bool(true); self.body(body) } else { bool(false) } }
    mutating func optionalDated(_ dated: Dated<Closure>?) {
        guard let dated else { bool(false); return }
        bool(true); eventID(dated.eventId); day(dated.date); body(.closure(dated.value))
    }
    mutating func episodeStarts(_ s: EpisodeStarts) {
        for n in [s.assessments, s.interventions, s.partnerContacts, s.duringFollowUps, s.followUps] { varint(UInt64(n)) }
    }
}

extension BinaryReader {
    mutating func day() throws -> Day {
        guard let days = Int32(exactly: try signed()) else { throw EventCodecError.invalidValue("date", at: offset) }
        return Day(daysSinceEpoch: days)
    }
    mutating func optionalDay() throws -> Day? { try bool() ? try day() : nil }
    mutating func eventID() throws -> EventID { EventID(high: try fixed64(), low: try fixed64()) }
    mutating func optionalEventID() throws -> EventID? { try bool() ? try eventID() : nil }
    /// A length-prefixed run of bytes, given to `body` in place.
    mutating func bytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        try body(try take(try count()))
    }
    mutating func body(_ kind: EventKind) throws -> EventBody {
        try EventBinaryCodec.decodeBody(kind: kind, schema: Event.currentSchemaVersion, from: &self)
    }
    mutating func intake() throws -> Intake {
        guard case .intake(let value) = try body(.intake) else { throw EventCodecError.invalidValue("intake", at: offset) }
        return value
    }
    mutating func optionalDatedClosure() throws -> Dated<Closure>? {
        guard try bool() else { return nil }
        let (id, date) = (try eventID(), try day())
        guard case .closure(let value) = try body(.closure) else { throw EventCodecError.invalidValue("closure", at: offset) }
        return Dated(eventId: id, date: date, value: value)
    }
    mutating func datedList<V>(_ kind: EventKind, _ value: (EventBody) -> V?) throws -> [Dated<V>] {
        let n = try count()
        var list: [Dated<V>] = []
        list.reserveCapacity(n)
        for _ in 0..<n {
            let (id, date) = (try eventID(), try day())
            guard let v = value(try body(kind)) else { throw EventCodecError.invalidValue("\(kind)", at: offset) }
            list.append(Dated(eventId: id, date: date, value: v))
        }
        return list
    }
    mutating func episodeStarts() throws -> EpisodeStarts {
        var values: [Int] = []
        for _ in 0..<5 {
            guard let n = Int(exactly: try varint()) else { throw EventCodecError.invalidValue("episode start", at: offset) }
            values.append(n)
        }
        return EpisodeStarts(assessments: values[0], interventions: values[1], partnerContacts: values[2],
                             duringFollowUps: values[3], followUps: values[4])
    }
}
