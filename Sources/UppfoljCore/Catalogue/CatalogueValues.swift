// The values an assessment records against the instrument catalogue. They are stored in the
// journal, so their Codable form (synthesized keys) is part of the journal format.

/// One item's rating in an assessment.
public struct ItemRating: Sendable, Equatable, Hashable, Codable {
    /// Item id from the catalogue, e.g. "R7".
    public var item: String
    /// The rating on the item's scale; nil = omitted (omitted is NOT 0).
    public var value: Int?
    /// The item's second rating, for instruments that rate each item in two aspects; nil = omitted.
    /// Its meaning is the instrument version's `secondRating`: the earlier period (PATRIARK),
    /// "Bakgrund" (SARA:SV), relevance (SARA-V3). The journal key stays "earlier" (docs/instruments.md).
    public var earlier: Int?
    /// SARA's "critical" flag; false on instruments without one.
    public var critical: Bool

    public init(item: String, value: Int?, earlier: Int? = nil, critical: Bool = false) {
        self.item = item
        self.value = value
        self.earlier = earlier
        self.critical = critical
    }
}

/// One summary judgement in an assessment: the option chosen in one of the instrument's judgements.
/// A judgement marked `multiple` in the catalogue (e.g. PATRIARK's likely victims) is recorded as
/// one `JudgementValue` per chosen option.
public struct JudgementValue: Sendable, Equatable, Hashable, Codable {
    /// Judgement id from the catalogue, e.g. "risk".
    public var judgement: String
    /// Option id in that judgement, e.g. "hog".
    public var value: String

    public init(judgement: String, value: String) {
        self.judgement = judgement
        self.value = value
    }
}

/// A risk level; judgement options in the catalogue may map to one (`"risk": "hog"`).
public enum RiskLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case low = "lag", medium = "medel", high = "hog"

    private var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        }
    }

    public static func < (a: RiskLevel, b: RiskLevel) -> Bool { a.rank < b.rank }

    public var name: Localized {
        switch self {
        case .low: return Localized(sv: "låg", en: "low")
        case .medium: return Localized(sv: "medel", en: "medium")
        case .high: return Localized(sv: "hög", en: "high")
        }
    }
}

/// Names one version of one instrument, as recorded in an assessment.
public struct InstrumentRef: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public var id: String
    public var version: String

    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }

    public var description: String { "\(id)@\(version)" }
}
