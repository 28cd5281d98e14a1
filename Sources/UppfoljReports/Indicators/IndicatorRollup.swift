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
    /// Facts in the order cases first appeared (nil: no active intake), so every pass is in a
    /// fixed order; `position` finds a case's slot. A reopened case's first episode is in its
    /// slot and its later episodes in `laterEpisodes` (few cases are reopened: the slots stay flat).
    private var slots: [CaseFacts?] = []
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
        slots = Parallel.chunked(count: states.count) { range in
            states.withUnsafeBufferPointer { states in
                range.map { index -> CaseFacts? in
                    guard !states[index].earlierEpisodes.isEmpty else {
                        return CaseFacts(at: states.baseAddress! + index, riskInstruments: riskInstruments, policy: policy)
                    }
                    let episodes = CaseFacts.episodes(of: states[index], riskInstruments: riskInstruments, policy: policy)
                    if episodes.count > 1 { reopened.add(index, Array(episodes.dropFirst())) }
                    return episodes.first
                }
            }
        }
        laterEpisodes = reopened.byIndex
        position.reserveCapacity(codes.count)
        for (index, code) in codes.enumerated() { position[code] = index }
        counted = slots.reduce(0) { $0 + ($1 == nil ? 0 : 1) } + laterEpisodes.values.reduce(0) { $0 + $1.count }
    }

    /// Re-derives one case's facts after an event of that case was applied to `projection`.
    public mutating func refresh(_ code: String, in projection: Projection) {
        let new = projection[code].map { CaseFacts.episodes(of: $0, riskInstruments: riskInstruments, policy: policy) } ?? []
        let index: Int
        if let known = position[code] {
            index = known
        } else {
            index = slots.count
            position[code] = index
            slots.append(nil)
        }
        let old = (slots[index].map { [$0] } ?? []) + (laterEpisodes[index] ?? [])
        guard old != new else { return }
        slots[index] = new.first
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
        // Exactly as many as there are (`counted`): a compactMap, or room for one more per reopened
        // case, grows the array by doubling, up to twice the facts of every case (issue 20).
        var result: [CaseFacts] = []
        result.reserveCapacity(counted)
        for (index, facts) in slots.enumerated() {
            if let facts { result.append(facts) }
            if !laterEpisodes.isEmpty, let later = laterEpisodes[index] { result += later }
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
