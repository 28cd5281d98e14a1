import Foundation
import ParallelWork
import UppfoljCore

/// The indicators' view of a journal: one `CaseFacts` per case, kept up to date as events are
/// appended. An append touches one case, so `refresh` re-derives just that case's facts (a
/// correction re-folds the case in the projection first, so corrected values flow through).
///
/// A report counts the facts of its period (and the previous one) once; the rollup keeps those
/// raw counts and, on `refresh`, takes the case's old facts out of them and puts its new ones in,
/// so the next report of the same period only runs disclosure control — and that only for the
/// tables whose counts changed (patterns are cached by table).
public struct IndicatorRollup: Sendable {
    public let instruments: InstrumentCatalogue
    public let policy: FollowUpPolicy
    /// Which of the instruments' versions are risk assessments, looked up once.
    private let riskInstruments: RiskInstruments
    /// The first episode's facts of every case that counts, in the order cases first appeared,
    /// so every pass is in a fixed order; without gaps, so that a report reads this very array
    /// when no case was reopened (`allFacts`: no copy of the facts of every case; issue 20).
    /// `place[slot]` is a case's index here, -1 when it counts nowhere (no active intake);
    /// `position` finds a case's slot. A reopened case's later episodes are in `laterEpisodes`.
    private var firstFacts: [CaseFacts] = []
    private var place: [Int32] = []
    private var laterEpisodes: [Int: [CaseFacts]] = [:]
    private var position: [String: Int] = [:]
    private var counted = 0
    /// Raw counts of recent reports' periods, and suppression patterns. Shared between copies
    /// until one of them changes its facts (then it takes its own copy of the counts).
    private var cache = FigureCache()

    public init(projection: Projection, policy: FollowUpPolicy = .standard) {
        instruments = projection.catalogue
        self.policy = policy
        let riskInstruments = RiskInstruments(instruments)
        self.riskInstruments = riskInstruments
        // Deriving facts is independent per case: spread the cases over the cores. Each case's
        // first episode goes straight into its slot (`CaseFacts.episodes` for a case never
        // reopened, without an array per case); the few reopened cases hand their later episodes over.
        // Each state is read where the projection keeps it (`CaseFacts(at:)`: a dictionary's or an
        // array's element passed on is a copy, every array and string of the case retained and
        // released, ~25 % of this loop at a million events).
        let codes = projection.caseCodes
        let states = projection.caseStates
        let reopened = LaterEpisodes()
        // In many small parts, appended to the one array and freed one by one: the facts are held
        // about once while they are gathered, not twice (the parts' and the whole's).
        let parts = Parallel.map(WorkSplit.ranges(count: states.count, parts: max(1, states.count / 4_096))) { range in
            states.withUnsafeBufferPointer { states in
                var facts: [CaseFacts] = []
                facts.reserveCapacity(range.count)
                let present = range.map { index -> Bool in
                    let first: CaseFacts?
                    if states[index].earlierEpisodes.isEmpty {
                        first = CaseFacts(at: states.baseAddress! + index, riskInstruments: riskInstruments, policy: policy)
                    } else {
                        let episodes = CaseFacts.episodes(of: states[index], riskInstruments: riskInstruments, policy: policy)
                        if episodes.count > 1 { reopened.add(index, Array(episodes.dropFirst())) }
                        first = episodes.first
                    }
                    if let first { facts.append(first) }
                    return first != nil
                }
                return (facts, present)
            }
        }
        firstFacts.reserveCapacity(parts.reduce(0) { $0 + $1.0.count })
        place.reserveCapacity(states.count)
        var remaining = parts
        remaining.reverse()
        while let part = remaining.popLast() {
            var next = 0
            for counts in part.1 {
                if counts {
                    place.append(Int32(firstFacts.count))
                    firstFacts.append(part.0[next])
                    next += 1
                } else {
                    place.append(-1)
                }
            }
        }
        laterEpisodes = reopened.byIndex
        position.reserveCapacity(codes.count)
        for (index, code) in codes.enumerated() { position[code] = index }
        counted = firstFacts.count + laterEpisodes.values.reduce(0) { $0 + $1.count }
    }

    /// Re-derives one case's facts after an event of that case was applied to `projection`.
    public mutating func refresh(_ code: String, in projection: Projection) {
        let new = projection[code].map { CaseFacts.episodes(of: $0, riskInstruments: riskInstruments, policy: policy) } ?? []
        let index: Int
        if let known = position[code] {
            index = known
        } else {
            index = place.count
            position[code] = index
            place.append(-1)
        }
        let at = Int(place[index])
        let old = (at >= 0 ? [firstFacts[at]] : []) + (laterEpisodes[index] ?? [])
        guard old != new else { return }
        switch (at >= 0, new.first) {
        case (true, let first?):
            firstFacts[at] = first
        case (false, let first?):
            // In slot order: before the next case that counts (a new case: at the end).
            let later = place[(index + 1)...].first { $0 >= 0 }.map(Int.init) ?? firstFacts.count
            firstFacts.insert(first, at: later)
            place[index] = Int32(later)
            for slot in (index + 1)..<place.count where place[slot] >= 0 { place[slot] += 1 }
        case (true, nil):
            firstFacts.remove(at: at)
            place[index] = -1
            for slot in (index + 1)..<place.count where place[slot] >= 0 { place[slot] -= 1 }
        case (false, nil):
            break
        }
        laterEpisodes[index] = new.count > 1 ? Array(new.dropFirst()) : nil
        counted += new.count - old.count
        if !isKnownUniquelyReferenced(&cache) { cache = cache.copy() }
        for facts in old { cache.update(removing: facts, adding: nil) }
        for facts in new { cache.update(removing: nil, adding: facts) }
    }

    /// How many cases count (those with an active intake), each episode of a reopened case once.
    public var caseCount: Int { counted }

    /// Every case's facts, a reopened case's episodes after one another.
    public var allFacts: [CaseFacts] {
        // No case reopened: the facts as kept, not a copy (issue 20).
        guard !laterEpisodes.isEmpty else { return firstFacts }
        // Exactly as many as there are (`counted`): room for one more per reopened case grew the
        // array by doubling, up to twice the facts of every case.
        var result: [CaseFacts] = []
        result.reserveCapacity(counted)
        for (index, at) in place.enumerated() {
            if at >= 0 { result.append(firstFacts[Int(at)]) }
            if let later = laterEpisodes[index] { result += later }
        }
        return result
    }

    /// A release's report (export, board report): see `ReportBuilder.releaseReport`.
    public func releaseReport(period: ReportPeriod, catalogue: IndicatorCatalogue = .builtIn, control: DisclosureControl,
                              context: ReportContext) throws(DisclosureError) -> Report {
        let builder = ReportBuilder(catalogue: catalogue, instruments: instruments, control: control, policy: policy,
                                    suppressionCache: cache.suppression)
        return try builder.releaseReport(facts: allFacts, period: period, context: context)
    }

    /// A release's report keeping the decisions of earlier releases (`history`), with the figures
    /// it shows and hides: see `ReportBuilder.releaseReport(facts:period:context:history:)`.
    public func releaseReport(period: ReportPeriod, catalogue: IndicatorCatalogue = .builtIn, control: DisclosureControl,
                              context: ReportContext, history: ReleaseHistory) throws(DisclosureError) -> ReleasedReport {
        let builder = ReportBuilder(catalogue: catalogue, instruments: instruments, control: control, policy: policy,
                                    suppressionCache: cache.suppression)
        return try builder.releaseReport(facts: allFacts, period: period, context: context, history: history)
    }

    public func report(period: ReportPeriod, catalogue: IndicatorCatalogue = .builtIn, control: DisclosureControl,
                       context: ReportContext) throws(DisclosureError) -> Report {
        let builder = ReportBuilder(catalogue: catalogue, instruments: instruments, control: control, policy: policy,
                                    suppressionCache: cache.suppression)
        let key = FigureCache.Key(catalogue: catalogue, period: period, asOf: context.asOf)
        var current = cache.counts(for: key)
        var previous = cache.counts(for: key.previous)
        if current == nil || previous == nil {
            let facts = allFacts
            if current == nil && previous == nil {
                guard let both = builder.countsForReport(facts: facts, period: period, asOf: context.asOf) else {
                    return try builder.report(facts: facts, period: period, context: context)
                }
                (current, previous) = both
            } else if current == nil {
                current = builder.counts(facts: facts, period: period, asOf: context.asOf)
            } else {
                previous = builder.counts(facts: facts, period: period.previous, asOf: context.asOf)
            }
            guard let current, let previous else { return try builder.report(facts: facts, period: period, context: context) }
            cache.store(current, for: key)
            cache.store(previous, for: key.previous)
        }
        return try builder.report(counts: current!, previous: previous!, context: context)
    }
}

/// The later episodes of reopened cases, by slot, handed over from the cores deriving facts.
///
/// Why the unchecked Sendable is safe: `byIndex` is written only under `lock`, and read only after
/// the parallel work has finished (`Parallel` returns when every part has).
private final class LaterEpisodes: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var byIndex: [Int: [CaseFacts]] = [:]

    func add(_ index: Int, _ episodes: [CaseFacts]) {
        lock.lock()
        defer { lock.unlock() }
        byIndex[index] = episodes
    }
}

/// An `IndicatorRollup`'s memory between reports (a class, so a report — which does not change
/// the rollup — can fill it; copied on write by `refresh`).
///
/// Why the unchecked Sendable is safe: `entries` is read and written only under `lock`; the other
/// properties are `let` (`SuppressionCache` is itself safe to share).
final class FigureCache: @unchecked Sendable {
    struct Key: Equatable {
        var catalogue: IndicatorCatalogue
        var period: ReportPeriod
        var asOf: Day
        var previous: Key { Key(catalogue: catalogue, period: period.previous, asOf: asOf) }
    }

    private var entries: [(key: Key, counts: ReportCounts)] = []
    private let lock = NSLock()
    let suppression: SuppressionCache
    /// Periods kept: a report needs two; stepping back and forth in the manager view a few more.
    private let capacity = 6

    init(suppression: SuppressionCache = SuppressionCache()) { self.suppression = suppression }

    func copy() -> FigureCache {
        let copy = FigureCache(suppression: suppression)
        lock.lock()
        copy.entries = entries
        lock.unlock()
        return copy
    }

    func counts(for key: Key) -> ReportCounts? {
        lock.lock()
        defer { lock.unlock() }
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = entries.remove(at: index)
        entries.append(entry)   // most recently used last
        return entry.counts
    }

    func store(_ counts: ReportCounts, for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll { $0.key == key }
        entries.append((key, counts))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// One case's facts changed: take the old ones out of every kept period's counts, put the new ones in.
    func update(removing old: CaseFacts?, adding new: CaseFacts?) {
        lock.lock()
        defer { lock.unlock() }
        for index in entries.indices {
            if let old { entries[index].counts.add(old, amount: -1) }
            if let new { entries[index].counts.add(new, amount: 1) }
        }
    }
}
