import Foundation
import UppfoljCore

/// One indicator, as catalogue data (docs/domain.md §6): which cases (population + period rule), what
/// is counted, and the breakdowns it may be shown by. A unit adds or changes indicators by shipping
/// its own catalogue file; no code change.
public struct IndicatorDefinition: Sendable, Equatable, Codable {
    public var id: String
    public var number: String
    public var name: Localized
    public var definition: Localized
    public var kind: IndicatorKind
    /// Every condition must hold for a case to be in the population.
    public var population: [IndicatorCondition]
    /// The date field that places a case in a period ("period rule").
    public var period: FactField
    /// share / distribution / funnel: the categorical field counted.
    public var field: FactField?
    /// share: the categories of `field` that make the numerator (the rest are the complement).
    public var numerator: [String]?
    /// funnel: the categories of `field` in stage order; stage i counts cases in categories i... .
    public var stages: [FunnelStage]?
    /// median: the number field.
    public var value: FactField?
    /// The breakdowns shown, one table each.
    public var breakdowns: [FactField]
    /// One table crossing all breakdowns with every margin (indicator 1: role × sex × age band).
    public var crossBreakdowns: Bool
    /// One table crossing just these breakdowns (each one of `breakdowns`), with every margin
    /// (indicator 2: role × age band). Empty: none.
    public var cross: [FactField]
    /// Kolada's rate: the headline count (a share's numerator) per this many inhabitants aged 18+,
    /// from the unit's population setting; nil: no rate.
    public var ratePer: Int?

    public init(id: String, number: String, name: Localized, definition: Localized, kind: IndicatorKind,
                population: [IndicatorCondition] = [], period: FactField, field: FactField? = nil,
                numerator: [String]? = nil, stages: [FunnelStage]? = nil, value: FactField? = nil,
                breakdowns: [FactField] = [], crossBreakdowns: Bool = false, cross: [FactField] = [], ratePer: Int? = nil) {
        self.id = id
        self.number = number
        self.name = name
        self.definition = definition
        self.kind = kind
        self.population = population
        self.period = period
        self.field = field
        self.numerator = numerator
        self.stages = stages
        self.value = value
        self.breakdowns = breakdowns
        self.crossBreakdowns = crossBreakdowns
        self.cross = cross
        self.ratePer = ratePer
    }

    enum CodingKeys: String, CodingKey {
        case id, number, name, definition, kind, population, period, field, numerator, stages, value, breakdowns, crossBreakdowns
        case cross, ratePer
    }

    /// As the synthesized form did, with `cross` and `ratePer` only when set (older readers of a
    /// written catalogue then see no new key unless the new parts are used).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(number, forKey: .number)
        try c.encode(name, forKey: .name)
        try c.encode(definition, forKey: .definition)
        try c.encode(kind, forKey: .kind)
        try c.encode(population, forKey: .population)
        try c.encode(period, forKey: .period)
        try c.encodeIfPresent(field, forKey: .field)
        try c.encodeIfPresent(numerator, forKey: .numerator)
        try c.encodeIfPresent(stages, forKey: .stages)
        try c.encodeIfPresent(value, forKey: .value)
        try c.encode(breakdowns, forKey: .breakdowns)
        try c.encode(crossBreakdowns, forKey: .crossBreakdowns)
        if !cross.isEmpty { try c.encode(cross, forKey: .cross) }
        try c.encodeIfPresent(ratePer, forKey: .ratePer)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id),
                  number: try c.decode(String.self, forKey: .number),
                  name: try c.decode(Localized.self, forKey: .name),
                  definition: try c.decode(Localized.self, forKey: .definition),
                  kind: try c.decode(IndicatorKind.self, forKey: .kind),
                  population: try c.decodeIfPresent([IndicatorCondition].self, forKey: .population) ?? [],
                  period: try c.decode(FactField.self, forKey: .period),
                  field: try c.decodeIfPresent(FactField.self, forKey: .field),
                  numerator: try c.decodeIfPresent([String].self, forKey: .numerator),
                  stages: try c.decodeIfPresent([FunnelStage].self, forKey: .stages),
                  value: try c.decodeIfPresent(FactField.self, forKey: .value),
                  breakdowns: try c.decodeIfPresent([FactField].self, forKey: .breakdowns) ?? [],
                  crossBreakdowns: try c.decodeIfPresent(Bool.self, forKey: .crossBreakdowns) ?? false,
                  cross: try c.decodeIfPresent([FactField].self, forKey: .cross) ?? [],
                  ratePer: try c.decodeIfPresent(Int.self, forKey: .ratePer))
    }
}

/// `field` has one of the categories `in` (for a multi-valued field: any of them).
public struct IndicatorCondition: Sendable, Equatable, Codable {
    public var field: FactField
    public var `in`: [String]

    public init(_ field: FactField, in values: [String]) {
        self.field = field
        self.in = values
    }
}

/// A funnel stage: its name and the categories (of the funnel's field) that have reached it.
public struct FunnelStage: Sendable, Equatable, Codable {
    public var id: String
    public var name: Localized
    public var categories: [String]
}

public struct IndicatorCatalogueError: Error, Equatable, CustomStringConvertible {
    public let message: Localized
    public var description: String { message.sv }
}

/// The indicators a report computes, in display order.
public struct IndicatorCatalogue: Sendable, Equatable, Codable {
    public var version: String
    public var indicators: [IndicatorDefinition]

    public init(version: String, indicators: [IndicatorDefinition]) throws(IndicatorCatalogueError) {
        self.version = version
        self.indicators = indicators
        try validate()
    }

    /// The catalogue shipped with the program (Resources/indicators.json).
    public static let builtIn: IndicatorCatalogue = {
        guard let url = Bundle.module.url(forResource: "indicators", withExtension: "json"),
              let data = try? Data(contentsOf: url) else {
            fatalError("indicators.json is missing from the UppfoljReports bundle")
        }
        do { return try load(data) } catch { fatalError("the built-in indicator catalogue is invalid: \(error)") }
    }()

    public static func load(_ data: Data) throws(IndicatorCatalogueError) -> IndicatorCatalogue {
        let decoded: IndicatorCatalogue
        // Through the one strict reader: a misspelt key would otherwise drop a table silently.
        do { decoded = try StrictJSONDecoder().decode(IndicatorCatalogue.self, from: [UInt8](data)) } catch let error as StrictJSONError {
            throw IndicatorCatalogueError(message: L("Indikatorkatalogen kan inte läsas: \(error.text(.sv))",
                                                     "The indicator catalogue cannot be read: \(error.text(.en))"))
        } catch {
            throw IndicatorCatalogueError(message: L("Indikatorkatalogen kan inte läsas: \(error)",
                                                     "The indicator catalogue cannot be read: \(error)"))
        }
        try decoded.validate()
        return decoded
    }

    public func indicator(_ id: String) -> IndicatorDefinition? { indicators.first { $0.id == id } }

    /// The breakdowns docs/domain.md §6 allows (exports have a column for each).
    public static let breakdownFields: [FactField] = [.role, .sex, .ageBand, .honour, .interventionTypes, .legalBasis]

    /// Checks what the types cannot: unique ids, fields of the right shape for each role, and the
    /// parts each kind needs.
    public func validate() throws(IndicatorCatalogueError) {
        func fail(_ id: String, _ sv: String, _ en: String) -> IndicatorCatalogueError {
            IndicatorCatalogueError(message: L("Indikator \(id): \(sv)", "Indicator \(id): \(en)"))
        }
        var ids = Set<String>()
        let categorical: Set<FactField.Shape> = [.category, .multiCategory]
        for indicator in indicators {
            let id = indicator.id
            guard ids.insert(id).inserted else { throw fail(id, "id:t finns två gånger", "the id appears twice") }
            guard indicator.period.shape == .date else { throw fail(id, "periodregeln måste vara ett datum", "the period rule must be a date field") }
            for condition in indicator.population where !categorical.contains(condition.field.shape) {
                throw fail(id, "villkor på \(condition.field.rawValue) går inte", "cannot filter on \(condition.field.rawValue)")
            }
            for breakdown in indicator.breakdowns where !IndicatorCatalogue.breakdownFields.contains(breakdown) {
                throw fail(id, "kan inte delas upp på \(breakdown.rawValue) (bara roll, kön, åldersgrupp, hedersrelaterat, insatstyp, rättslig grund)",
                           "cannot break down by \(breakdown.rawValue) (only role, sex, age band, honour context, intervention type, legal basis)")
            }
            if !indicator.cross.isEmpty {
                guard indicator.cross.count >= 2, Set(indicator.cross).count == indicator.cross.count,
                      indicator.cross.allSatisfy(indicator.breakdowns.contains), !indicator.crossBreakdowns
                else { throw fail(id, "cross ska vara minst två av uppdelningarna (och inte med crossBreakdowns)",
                                  "cross must be at least two of the breakdowns (and not with crossBreakdowns)") }
            }
            if let per = indicator.ratePer {
                guard per > 0, indicator.kind == .count || indicator.kind == .share
                else { throw fail(id, "ratePer gäller antal och andelar och ska vara positivt",
                                  "ratePer applies to counts and shares and must be positive") }
            }
            switch indicator.kind {
            case .count:
                break
            case .share:
                guard indicator.field?.shape == .category, let numerator = indicator.numerator, !numerator.isEmpty
                else { throw fail(id, "en andel behöver ett fält och en täljare", "a share needs a field and a numerator") }
            case .distribution:
                guard let shape = indicator.field?.shape, categorical.contains(shape)
                else { throw fail(id, "en fördelning behöver ett kategorifält", "a distribution needs a categorical field") }
            case .funnel:
                guard indicator.field?.shape == .category, let stages = indicator.stages, !stages.isEmpty
                else { throw fail(id, "en tratt behöver ett fält och steg", "a funnel needs a field and stages") }
            case .median:
                guard indicator.value?.shape == .number
                else { throw fail(id, "en median behöver ett talfält", "a median needs a number field") }
            }
        }
    }
}
