import UppfoljCore

/// The group-level figures of one period, after disclosure control. This one value is what every
/// manager screen draws and every export writes (JSON as is, CSV flattened), so the same table shows
/// the same pattern of `..` wherever it appears. It holds no case code, case date finer than a month
/// (its one whole date is its own as-of day), birth year, worker or free text: only catalogue ids, localized names and counts.
public struct Report: Sendable, Equatable, Codable {
    public var metadata: ReportMetadata
    public var indicators: [IndicatorReport]

    public init(metadata: ReportMetadata, indicators: [IndicatorReport]) {
        self.metadata = metadata
        self.indicators = indicators
    }

    public func indicator(_ id: String) -> IndicatorReport? { indicators.first { $0.id == id } }

    /// The count figures (counts, numerators, denominators; not shares or medians) and how many
    /// of them are `..`: the cost of disclosure control a unit sees per export (issue 14 item 5).
    public var countFigureTally: (figures: Int, hidden: Int) {
        var figures = 0, hidden = 0
        func tally(_ row: ReportRow) {
            for figure in [row.count, row.numerator, row.denominator].compactMap({ $0 }) {
                figures += 1
                if figure.isSuppressed { hidden += 1 }
            }
        }
        for indicator in indicators {
            tally(indicator.headline)
            if let previous = indicator.previousHeadline { tally(previous) }
            for table in indicator.tables { table.rows.forEach(tally) }
        }
        return (figures, hidden)
    }
}

public struct ReportMetadata: Sendable, Equatable, Codable {
    /// Always "uppfolj-indicators"; readers refuse anything else.
    public var format: String = ReportMetadata.formatName
    public var formatVersion: Int = ReportMetadata.currentFormatVersion
    public var period: ReportPeriod
    /// The equally long period before, whose headline figures stand beside this period's.
    public var previousPeriod: ReportPeriod
    /// The unit(s) the figures cover; several after a merge.
    public var units: [String]
    /// The minimum cell size k used.
    public var minimumCellSize: Int
    /// How suppression was done (primary, secondary, shares, zeros), in both languages.
    public var suppressionMethod: Localized
    public var programVersion: String
    /// SHA-256 head hash of each unit's journal when the figures were made (same order as `units`):
    /// ties the figures to a journal state without revealing any content.
    public var journalHeadHashes: [String]
    /// The month the figures were computed in (window-based indicators depend on it).
    public var computedIn: ReportMonth
    /// The day the figures are as of (format 3): the journal's events recorded up to and
    /// including it, and "today" for everything that depends on the day (`export --as-of`).
    /// With `journalHeadHashes` it makes an export reproducible byte for byte.
    public var asOf: Day?
    /// The indicator catalogue's version.
    public var catalogueVersion: String
    /// The unit's population aged 18+ and its year, used for the rates per 10,000 inhabitants
    /// (format 2); absent when the unit has set none (then no rate is given).
    public var population: ReportPopulation?

    public static let formatName = "uppfolj-indicators"
    /// 2: `population` in the metadata and `rate` on rows (Kolada's key figures, issue 15).
    /// 3: `asOf` in the metadata, and the head hash is the journal's head after its last event
    /// (access-log anchors no longer move it).
    public static let currentFormatVersion = 3

    public init(period: ReportPeriod, previousPeriod: ReportPeriod, units: [String], minimumCellSize: Int,
                suppressionMethod: Localized, programVersion: String, journalHeadHashes: [String],
                computedIn: ReportMonth, catalogueVersion: String) {
        self.period = period
        self.previousPeriod = previousPeriod
        self.units = units
        self.minimumCellSize = minimumCellSize
        self.suppressionMethod = suppressionMethod
        self.programVersion = programVersion
        self.journalHeadHashes = journalHeadHashes
        self.computedIn = computedIn
        self.catalogueVersion = catalogueVersion
    }
}

public enum IndicatorKind: String, Sendable, Codable, CaseIterable {
    /// antal: a count of cases.
    case count
    /// andel: cases with the property among the population (numerator, denominator, share).
    case share
    /// fördelning: cases per category of one field (a bar chart).
    case distribution
    /// tratt: cases reaching each of several ordered stages.
    case funnel
    /// median of a number of days, with the number of cases it is taken over.
    case median
}

public struct IndicatorReport: Sendable, Equatable, Codable {
    public var id: String
    /// The number in docs/domain.md §6 ("1", "5a"), for ordering and reference.
    public var number: String
    public var name: Localized
    /// The precise definition in one or two sentences (docs/indicators.md has the full one).
    public var definition: Localized
    public var kind: IndicatorKind
    /// The figure for the whole period (dimensions all "total").
    public var headline: ReportRow
    /// The same figure for the previous period; nil when that is not available (e.g. in a merge).
    public var previousHeadline: ReportRow?
    /// The period's tables: breakdowns, categories, trend. Cells are in `rows`.
    public var tables: [ReportTable]
    /// Footnotes (e.g. "medianer kan inte slås samman").
    public var notes: [Localized]

    public init(id: String, number: String, name: Localized, definition: Localized, kind: IndicatorKind,
                headline: ReportRow, previousHeadline: ReportRow?, tables: [ReportTable], notes: [Localized] = []) {
        self.id = id
        self.number = number
        self.name = name
        self.definition = definition
        self.kind = kind
        self.headline = headline
        self.previousHeadline = previousHeadline
        self.tables = tables
        self.notes = notes
    }

    public func table(_ kind: ReportTableKind) -> ReportTable? { tables.first { $0.kind == kind } }
}

/// One table: rows keyed by a category (or "total") for each dimension.
public struct ReportTable: Sendable, Equatable, Codable {
    /// What the table shows; written as its `id` ("byRole", "roleSexAgeBand", "categories", …).
    public var kind: ReportTableKind
    public var title: Localized
    public var dimensions: [ReportDimension]
    public var rows: [ReportRow]

    enum CodingKeys: String, CodingKey {
        case kind = "id"
        case title, dimensions, rows
    }

    public init(kind: ReportTableKind, title: Localized, dimensions: [ReportDimension], rows: [ReportRow]) {
        self.kind = kind
        self.title = title
        self.dimensions = dimensions
        self.rows = rows
    }

    public func row(_ key: [String]) -> ReportRow? { rows.first { $0.key == key } }
}

public struct ReportDimension: Sendable, Equatable, Codable {
    /// "role", "sex", "ageBand", "honour", "interventionType", "category", "stage", "period".
    public var id: String
    public var name: Localized
    public var categories: [ReportCategory]

    public init(id: String, name: Localized, categories: [ReportCategory]) {
        self.id = id
        self.name = name
        self.categories = categories
    }
}

public struct ReportCategory: Sendable, Equatable, Codable {
    /// A stable id: a vocabulary raw value ("victim", "18-25"), an instrument id, a period ("2025Q1").
    public var id: String
    public var name: Localized

    public init(id: String, name: Localized) {
        self.id = id
        self.name = name
    }
}

/// The population a rate is taken over: the unit's inhabitants aged 18 and over in `year`
/// (a public figure, e.g. SCB's; `uppfolj settings --population-18plus N --population-year Y`).
public struct ReportPopulation: Sendable, Equatable, Codable {
    public var inhabitants18Plus: Int
    public var year: Int

    public init(inhabitants18Plus: Int, year: Int) {
        self.inhabitants18Plus = inhabitants18Plus
        self.year = year
    }
}

/// A rate per `per` inhabitants aged 18+ (Kolada's "per 10 000 invånare"), to one decimal, or `..`
/// when the count it is taken from is hidden (the population is public, so the rate would give
/// the count back).
public struct RateFigure: Sendable, Equatable, Hashable, Codable {
    public var per: Int
    /// Tenths of the rate (123 = 12,3); nil exactly when suppressed.
    public var tenths: Int?

    public init(per: Int, tenths: Int?) {
        self.per = per
        self.tenths = tenths
    }

    /// `count` per `per` of `population`, half up to one decimal; `..` when the count is hidden.
    public init(count: Figure?, per: Int, population: Int) {
        self.per = per
        if let value = count?.value, population > 0 {
            tenths = (2 * 10 * per * value + population) / (2 * population)
        } else {
            tenths = nil
        }
    }

    public var isSuppressed: Bool { tenths == nil }

    /// "12,3" (Swedish) or "12.3", or "..".
    public func text(language: Language = .sv) -> String {
        guard let tenths else { return ReportText.suppressed }
        return String(tenths / 10) + (language == .sv ? "," : ".") + String(tenths % 10)
    }

    enum CodingKeys: String, CodingKey { case per, value, suppressed }

    /// `{"per": 10000, "value": 12.3, "suppressed": false}` or `"value": null, "suppressed": true`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(per, forKey: .per)
        try c.encode(tenths.map { _ in Double(text(language: .en))! }, forKey: .value)
        try c.encode(isSuppressed, forKey: .suppressed)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        per = try c.decode(Int.self, forKey: .per)
        let value = try c.decodeIfPresent(Double.self, forKey: .value)
        let suppressed = try c.decode(Bool.self, forKey: .suppressed)
        func fail(_ text: String) -> DecodingError { .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text)) }
        guard per > 0 else { throw fail("a rate needs a positive base / en kvot behöver en positiv bas") }
        if suppressed != (value == nil) {
            throw fail(suppressed ? "a suppressed rate carries a value / en undertryckt kvot har ett värde"
                                  : "a published rate has no value / en publicerad kvot saknar värde")
        }
        if let value {
            guard value >= 0, value < 1e12 else { throw fail("a rate cannot be negative / en kvot kan inte vara negativ") }
            tenths = Int((value * 10).rounded())
        } else {
            tenths = nil
        }
    }
}

/// One row of a table: the figures of one combination of categories.
public struct ReportRow: Sendable, Equatable, Codable {
    /// Category id per dimension of the table, in order; `ReportRow.total` for a margin.
    public var key: [String]
    /// Count kinds (count, distribution, funnel): the number of cases.
    public var count: Figure?
    /// Share kind: cases with the property.
    public var numerator: Figure?
    /// Share kind: the population; median kind: how many cases the median is taken over.
    public var denominator: Figure?
    /// Share kind: numerator / denominator, when both are published and the denominator is at least k.
    public var share: ShareFigure?
    /// Median kind: the median number of days.
    public var median: Figure?
    /// Indicators with a `ratePer` (Kolada's key figures), headline only: the count (a share's
    /// numerator) per that many inhabitants aged 18+; absent when the unit has set no population.
    public var rate: RateFigure?

    public static let total = "total"

    public init(key: [String], count: Figure? = nil, numerator: Figure? = nil, denominator: Figure? = nil,
                share: ShareFigure? = nil, median: Figure? = nil, rate: RateFigure? = nil) {
        self.key = key
        self.count = count
        self.numerator = numerator
        self.denominator = denominator
        self.share = share
        self.median = median
        self.rate = rate
    }
}

/// A published count, or `..`.
public struct Figure: Sendable, Equatable, Hashable, Codable {
    /// nil exactly when suppressed.
    public var value: Int?

    public init(_ value: Int?) { self.value = value }
    public static let suppressed = Figure(nil)

    public var isSuppressed: Bool { value == nil }
    /// The count, or ".." (the Kolada/SCB marker).
    public var text: String { value.map(String.init) ?? ReportText.suppressed }

    enum CodingKeys: String, CodingKey { case value, suppressed }

    /// Always both keys: `{"value": 12, "suppressed": false}` or `{"value": null, "suppressed": true}`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(isSuppressed, forKey: .suppressed)
    }

    /// The flag must agree with the value: a suppressed figure carries no value, a published one does
    /// (an export edited to show a hidden count, or to hide a shown one, is refused).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decodeIfPresent(Int.self, forKey: .value)
        let suppressed = try container.decode(Bool.self, forKey: .suppressed)
        if suppressed != (value == nil) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: suppressed
                ? "a suppressed figure carries a value / en undertryckt siffra har ett värde"
                : "a published figure has no value / en publicerad siffra saknar värde"))
        }
        if let value, value < 0 {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a count cannot be negative / ett antal kan inte vara negativt"))
        }
    }
}

/// A published share, or `..` (with no value) when the share rule hides it.
public struct ShareFigure: Sendable, Equatable, Hashable, Codable {
    /// Exact fraction parts, so readers can round as they like; nil when suppressed.
    public var numerator: Int?
    public var denominator: Int?

    public init(numerator: Int?, denominator: Int?) {
        self.numerator = numerator
        self.denominator = denominator
    }
    public static let suppressed = ShareFigure(numerator: nil, denominator: nil)

    public var isSuppressed: Bool { numerator == nil || denominator == nil || denominator == 0 }
    /// 0...1, or nil when suppressed.
    public var fraction: Double? {
        guard let numerator, let denominator, denominator > 0 else { return nil }
        return Double(numerator) / Double(denominator)
    }

    enum CodingKeys: String, CodingKey { case numerator, denominator, percent, suppressed }

    /// `{"numerator": 2, "denominator": 3, "percent": 66.7, "suppressed": false}`, or nulls and
    /// `"suppressed": true`. `percent` is for readers' convenience (one decimal, half up).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let shown = !isSuppressed
        try container.encode(shown ? numerator : nil, forKey: .numerator)
        try container.encode(shown ? denominator : nil, forKey: .denominator)
        try container.encode(shown ? Double(percentText(decimals: 1, language: .en)) : nil, forKey: .percent)
        try container.encode(isSuppressed, forKey: .suppressed)
    }

    /// As for `Figure`: the flag must agree with the parts (a suppressed share has no parts and no
    /// percent; a published one has both parts, 0 ≤ numerator ≤ denominator, and the percent they give).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        numerator = try container.decodeIfPresent(Int.self, forKey: .numerator)
        denominator = try container.decodeIfPresent(Int.self, forKey: .denominator)
        let percent = try container.decodeIfPresent(Double.self, forKey: .percent)
        let suppressed = try container.decode(Bool.self, forKey: .suppressed)
        func fail(_ text: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
        }
        if suppressed {
            guard numerator == nil, denominator == nil, percent == nil else {
                throw fail("a suppressed share carries a value / en undertryckt andel har ett värde")
            }
        } else {
            guard let numerator, let denominator, let percent, denominator > 0 else {
                throw fail("a published share lacks its numerator, denominator or percent / en publicerad andel saknar täljare, nämnare eller procent")
            }
            guard numerator >= 0, numerator <= denominator else {
                throw fail("the share's numerator is outside 0…denominator / andelens täljare ligger utanför 0…nämnaren")
            }
            guard Double(percentText(decimals: 1, language: .en)) == percent else {
                throw fail("the percent does not match numerator/denominator / procenten stämmer inte med täljare/nämnare")
            }
        }
    }

    /// Percent rounded half up to `decimals`, with a decimal comma in Swedish ("66,7"), or "..".
    public func percentText(decimals: Int = 0, language: Language = .sv) -> String {
        guard let numerator, let denominator, denominator > 0 else { return ReportText.suppressed }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        // round half up in integers: (200 * n * scale + d) / (2 * d)
        let scaled = (200 * numerator * scale + denominator) / (2 * denominator)
        let whole = scaled / scale, fraction = scaled % scale
        guard decimals > 0 else { return String(whole) }
        let separator = language == .sv ? "," : "."
        return String(whole) + separator + fraction.padded(decimals)
    }
}

public enum ReportText {
    public static let suppressed = ".."
}
