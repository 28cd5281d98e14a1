import UppfoljCore

/// The indicators' view of a journal: one `CaseFacts` per case, kept up to date as events are
/// appended. An append touches one case, so `refresh` re-derives just that case's facts (a
/// correction re-folds the case in the projection first, so corrected values flow through);
/// a report then aggregates the facts for any period in one pass per indicator.
public struct IndicatorRollup: Sendable {
    public let instruments: InstrumentCatalogue
    public let policy: FollowUpPolicy
    private var facts: [String: CaseFacts] = [:]
    /// Codes in the order cases first appeared, so every pass is in a fixed order.
    private var order: [String] = []
    private var known: Set<String> = []

    public init(projection: Projection, policy: FollowUpPolicy = .standard) {
        instruments = projection.catalogue
        self.policy = policy
        // Deriving facts is independent per case: spread the cases over the cores.
        let codes = projection.caseCodes
        let catalogue = instruments, policy = policy
        let derived = Parallel.chunked(count: codes.count) { range in
            range.map { projection[codes[$0]].flatMap { CaseFacts($0, catalogue: catalogue, policy: policy) } }
        }
        order = codes
        known = Set(codes)
        for (code, facts) in zip(codes, derived) where facts != nil { self.facts[code] = facts }
    }

    /// Re-derives one case's facts after an event of that case was applied to `projection`.
    public mutating func refresh(_ code: String, in projection: Projection) {
        if known.insert(code).inserted { order.append(code) }
        facts[code] = projection[code].flatMap { CaseFacts($0, catalogue: instruments, policy: policy) }
    }

    /// How many cases count (those with an active intake).
    public var caseCount: Int { facts.count }

    public var allFacts: [CaseFacts] { order.compactMap { facts[$0] } }

    public func report(period: ReportPeriod, catalogue: IndicatorCatalogue = .builtIn, control: DisclosureControl,
                       context: ReportContext) throws(DisclosureError) -> Report {
        try ReportBuilder(catalogue: catalogue, instruments: instruments, control: control, policy: policy)
            .report(facts: allFacts, period: period, context: context)
    }
}
