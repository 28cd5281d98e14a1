// The instrument model. Instances are made only by the catalogue loader, which has checked that
// every reference inside an instrument resolves (items → scales and domains, summary → judgement).

/// What an instrument is used for (indicator 4 counts risk assessments).
public enum InstrumentKind: String, Sendable, Codable, CaseIterable {
    /// Short questions that identify violence (FREDA-kortfrågor).
    case screening
    /// Describes the nature and extent of the violence (FREDA-beskrivning).
    case description
    /// Assesses the risk of further violence (FREDA-farlighetsbedömning, SARA, SARA:SV, PATRIARK, utan metod).
    case riskAssessment
}

/// A group of items (SARA's four domains, PATRIARK's T/P/V parts, FREDA-beskrivning's violence types).
public struct InstrumentDomain: Sendable, Equatable, Hashable {
    public let id: String
    public let name: Localized
}

/// One value of a rating scale with its label: the form's own word ("Nej", "Delvis", "Ja").
public struct ScaleOption: Sendable, Equatable, Hashable {
    /// The stored value (the journal records this integer; its meaning is the catalogue's).
    public let value: Int
    public let label: Localized
    /// The form's own abbreviation, if it has one ("N", "D", "J" on SARA:SV); shown instead of the value.
    public let short: String?

    public init(value: Int, label: Localized, short: String? = nil) {
        self.value = value
        self.label = label
        self.short = short
    }

    /// What a screen shows for the value: the form's abbreviation, else its word. Never the bare number.
    public var word: Localized { short.map { Localized(sv: $0, en: $0) } ?? label }
}

/// A rating scale: a non-empty list of distinct integer values.
public struct RatingScale: Sendable, Equatable, Hashable {
    public let id: String
    public let options: [ScaleOption]
    public let note: Localized?
    /// The form's word for "not rated" (SARA:SV: "--", insufficient information); nil = "utelämnad".
    /// A value left out is recorded as omitted (nil), never as 0.
    public let omitted: Localized?

    public init(id: String, options: [ScaleOption], note: Localized?, omitted: Localized? = nil) {
        self.id = id
        self.options = options
        self.note = note
        self.omitted = omitted
    }

    /// The word shown for an omitted value: the scale's own, else "utelämnad".
    public var omittedWord: Localized { omitted ?? Localized(sv: "utelämnad", en: "omitted") }

    public var values: [Int] { options.map(\.value) }
    public var minimum: Int { values.min()! }
    public var maximum: Int { values.max()! }
    public func contains(_ value: Int) -> Bool { options.contains { $0.value == value } }
    public func label(for value: Int) -> Localized? { options.first { $0.value == value }?.label }

    /// A yes/no scale has exactly the values 0 (no) and 1 (yes); the count rules need one.
    public var isYesNo: Bool { Set(values) == [0, 1] && options.count == 2 }

    /// "0–2" for a run of consecutive values, otherwise the values listed: "0, 1, 3".
    public var rangeText: String {
        let sorted = values.sorted()
        if sorted.count > 1, sorted.last! - sorted.first! == sorted.count - 1 {
            return "\(sorted.first!)–\(sorted.last!)"
        }
        return sorted.map(String.init).joined(separator: ", ")
    }
}

/// One rated item: an id, a short neutral label written for this product (never the publisher's
/// question text), an optional domain and its scale.
public struct InstrumentItem: Sendable, Equatable, Hashable {
    public let id: String
    public let label: Localized
    public let domain: String?
    public let scale: RatingScale
    /// false for an item recorded apart: it does not count towards the total and `allItemsRequired`
    /// does not apply to it (FREDA's child questions of 2014-10, which do not decide "våld identifierat").
    public let inTotal: Bool

    public init(id: String, label: Localized, domain: String?, scale: RatingScale, inTotal: Bool = true) {
        self.id = id
        self.label = label
        self.domain = domain
        self.scale = scale
        self.inTotal = inTotal
    }
}

/// The second rating of every item, for instruments that rate each item in two aspects: now and
/// earlier (PATRIARK), "Aktuell situation" and "Bakgrund" (SARA:SV), presence and relevance (SARA-V3).
/// The first aspect is `ItemRating.value`, the second `ItemRating.earlier` (the journal's key, kept
/// for compatibility: its meaning is the instrument version's, like the meaning of every value).
public struct SecondRating: Sendable, Equatable, Hashable {
    /// The name of the first aspect ("Aktuell situation", "Förekomst"), if the form names it.
    public let firstName: Localized?
    /// The name of the second aspect ("Tidigare", "Bakgrund", "Relevans").
    public let name: Localized
    /// The scale of the second aspect; nil = each item's own scale.
    public let scale: RatingScale?

    public init(firstName: Localized?, name: Localized, scale: RatingScale?) {
        self.firstName = firstName
        self.name = name
        self.scale = scale
    }

    /// "Now and earlier" on the item's own scale: what `"ratesEarlier": true` alone means.
    public static let earlier = SecondRating(firstName: nil, name: Localized(sv: "Tidigare", en: "Earlier"), scale: nil)
}

/// One option of a judgement, possibly mapped to a risk level.
public struct JudgementOption: Sendable, Equatable, Hashable {
    public let id: String
    public let label: Localized
    /// The risk level this option stands for (for the high-risk flag and indicator 5), if any.
    public let risk: RiskLevel?
}

/// A summary judgement the worker makes (e.g. SARA's summary risk, PATRIARK's likely victims).
public struct Judgement: Sendable, Equatable, Hashable {
    public let id: String
    public let name: Localized
    public let options: [JudgementOption]
    /// An assessment with this instrument must give this judgement.
    public let required: Bool
    /// More than one option may be chosen (one `JudgementValue` per option).
    public let multiple: Bool
    public let note: Localized?

    public func option(_ id: String) -> JudgementOption? { options.first { $0.id == id } }
}

/// How a total is derived from the ratings.
public enum TotalRule: Sendable, Equatable, Hashable {
    /// No total (SARA:SV, PATRIARK, FREDA-beskrivning, utan metod).
    case none
    /// The sum of the values. With `requireComplete`, no total when any item is omitted (SARA).
    case sum(requireComplete: Bool)
    /// The number of items answered yes (value 1 on a yes/no scale; FREDA-farlighetsbedömning).
    case countYes(requireComplete: Bool)
    /// Whether any item is answered yes: total 1 (`positive`) or 0 (`negative`); FREDA-kortfrågor.
    case anyYes(positive: Localized, negative: Localized)
}

/// A total derived from ratings by the instrument's rule.
public struct DerivedTotal: Sendable, Equatable, Hashable {
    /// The total, or nil when the rule gives none (see `note` for why).
    public let total: Int?
    /// Items of the instrument without a value (absent or nil).
    public let omitted: Int
    /// The highest total the rule can give, if it gives one.
    public let maximum: Int?
    /// Why there is no total, what it means, or what it leaves out.
    public let note: Localized?

    public init(total: Int?, omitted: Int, maximum: Int?, note: Localized?) {
        self.total = total
        self.omitted = omitted
        self.maximum = maximum
        self.note = note
    }
}

/// A summary of the ratings in one domain (e.g. FREDA-beskrivning: which violence types, how often).
public struct DomainSummary: Sendable, Equatable, Hashable {
    public let domain: InstrumentDomain
    /// Items in the domain.
    public let items: Int
    /// Items with a valid value.
    public let rated: Int
    /// Items rated above their scale's lowest value (happened at least once; partly or present).
    public let present: Int
    /// The highest valid value given in the domain, if any.
    public let highest: Int?
}

/// One version of one assessment instrument, as defined in the catalogue.
public struct Instrument: Sendable, Equatable, Hashable {
    public let id: String
    public let version: String
    public let name: Localized
    /// Instruments that belong together share a family (the three FREDA parts: "freda").
    public let family: String
    public let kind: InstrumentKind
    /// false only for an assessment without a standardised method ("utan metod").
    public let standardised: Bool
    public let note: Localized?
    public let domains: [InstrumentDomain]
    public let scales: [RatingScale]
    public let items: [InstrumentItem]
    public let judgements: [Judgement]
    public let total: TotalRule
    /// Items are rated for now and for an earlier period (`ItemRating.earlier`); see `secondRating`.
    public let ratesEarlier: Bool
    /// What the second rating of an item means and its scale, when `ratesEarlier`.
    public let secondRating: SecondRating?
    /// The publisher's edition ("2014-10", "2013", "1999-sv"); nil = not known ("utgåva okänd").
    public let edition: String?
    /// The version that replaces this one for new assessments; this one stays so that assessments
    /// recorded with it keep their meaning. nil = offered for new assessments.
    public let supersededBy: String?
    /// Items may be flagged critical (`ItemRating.critical`).
    public let allowsCritical: Bool
    /// The instrument asks for the client's own estimate of the risk (`Assessment.clientEstimate`).
    public let asksClientEstimate: Bool
    /// Every item must have a value (FREDA-kortfrågor); otherwise an item may be omitted.
    public let allItemsRequired: Bool
    /// The judgement that summarises risk at intake/closure (indicator 5); always required.
    public let summaryJudgementId: String?
    /// The roles of the person an assessment describes (catalogue "roles"; default both): FREDA
    /// describes a victim, so it is recorded on a victim's case or, done with the partner, on a
    /// perpetrator's.
    public internal(set) var roles: [Role] = Role.allCases
    /// With whom it may be done (catalogue "respondents"; default anyone).
    public internal(set) var respondents: [Respondent] = Respondent.allCases

    /// The role of the person an assessment on a case of `caseRole` describes: the partner of a
    /// perpetrator is the person exposed; the client (told by the client or another source) is the client.
    public static func describedRole(caseRole: Role, respondent: Respondent) -> Role {
        respondent == .partner ? .victim : caseRole
    }

    public var ref: InstrumentRef { InstrumentRef(id: id, version: version) }

    public func item(_ id: String) -> InstrumentItem? { items.first { $0.id == id } }
    public func judgement(_ id: String) -> Judgement? { judgements.first { $0.id == id } }
    public func domain(_ id: String) -> InstrumentDomain? { domains.first { $0.id == id } }
    public var summaryJudgement: Judgement? { summaryJudgementId.flatMap(judgement) }

    /// The scale of an item's second rating (`ItemRating.earlier`): the instrument's, else the item's.
    public func secondScale(_ item: InstrumentItem) -> RatingScale { secondRating?.scale ?? item.scale }

    /// The edition as shown: the publisher's tag, or "utgåva okänd"; nil for an assessment without
    /// a standardised method, which has no publisher.
    public var editionText: Localized? {
        if let edition { return Localized(sv: edition, en: edition) }
        return standardised ? Localized(sv: "utgåva okänd", en: "edition unknown") : nil
    }

    /// "SARA 1999-sv", "SARA:SV (utgåva okänd)", "Bedömning utan metod": the name with its
    /// edition, as messages and lists show it. The catalogue's `version` key is not shown: it
    /// is an identifier, and for older catalogue entries it is not the publisher's tag.
    public var displayName: Localized {
        guard let edition = editionText else { return name }
        if self.edition != nil { return Localized(sv: "\(name.sv) \(edition.sv)", en: "\(name.en) \(edition.en)") }
        return Localized(sv: "\(name.sv) (\(edition.sv))", en: "\(name.en) (\(edition.en))")
    }

    /// Whether new assessments may use this version (it is not superseded by another).
    public var isOffered: Bool { supersededBy == nil }

    /// The items counted in the total (all except those recorded apart).
    public var totalItems: [InstrumentItem] { items.filter(\.inTotal) }
}
