import Foundation
import UppfoljCore

/// One indicator, as catalogue data (docs/domain.md §6): which cases (population + period rule), what
/// is counted, and the breakdowns it may be shown by. A unit adds or changes indicators by shipping
/// its own catalogue file; no code change.
public struct IndicatorDefinition: Sendable, Equatable, Encodable {
    public var id: String
    public var number: String
    public var name: Localized
    public var definition: Localized
    /// What is counted, with the parts its kind needs (the field, numerator, stages or value).
    public var measure: IndicatorMeasure
    /// Every condition must hold for a case to be in the population.
    public var population: [IndicatorCondition]
    /// The date field that places a case in a period ("period rule").
    public var period: FactField
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

    public init(id: String, number: String, name: Localized, definition: Localized, measure: IndicatorMeasure,
                population: [IndicatorCondition] = [], period: FactField,
                breakdowns: [FactField] = [], crossBreakdowns: Bool = false, cross: [FactField] = [], ratePer: Int? = nil) {
        self.id = id
        self.number = number
        self.name = name
        self.definition = definition
        self.measure = measure
        self.population = population
        self.period = period
        self.breakdowns = breakdowns
        self.crossBreakdowns = crossBreakdowns
        self.cross = cross
        self.ratePer = ratePer
    }

    public var kind: IndicatorKind { measure.kind }
    /// The categorical field counted (share, distribution, funnel); nil for counts and medians.
    public var field: FactField? { measure.field }
    /// The number field of a median; nil for the other kinds.
    public var value: FactField? { measure.value }

    /// The catalogue file's form of one indicator: the kind and its parts side by side, each part
    /// optional (`Parts.checked` checks that the kind has exactly its own).
    struct Parts: Codable {
        var id: String
        var number: String
        var name: Localized
        var definition: Localized
        var kind: IndicatorKind
        var population: [IndicatorCondition]?
        var period: FactField
        var field: FactField?
        var numerator: [String]?
        var stages: [FunnelStage]?
        var value: FactField?
        var breakdowns: [FactField]?
        var crossBreakdowns: Bool?
        var cross: [FactField]?
        var ratePer: Int?

        /// The definition, or the first part its kind lacks or does not have.
        func checked() throws(IndicatorCatalogueError) -> IndicatorDefinition {
            func fail(_ sv: String, _ en: String) -> IndicatorCatalogueError {
                IndicatorCatalogueError(message: L("Indikator \(id): \(sv)", "Indicator \(id): \(en)"))
            }
            let built: IndicatorMeasure? = switch kind {
            case .count: .count
            case .share: field.flatMap { field in numerator.map { .share(field: field, numerator: $0) } }
            case .distribution: field.map { .distribution(field: $0) }
            case .funnel: field.flatMap { field in stages.map { .funnel(field: field, stages: $0) } }
            case .median: value.map { .median(value: $0) }
            }
            guard let measure = built else {
                let (sv, en) = switch kind {
                case .share: ("en andel behöver ett fält och en täljare", "a share needs a field and a numerator")
                case .distribution: ("en fördelning behöver ett kategorifält", "a distribution needs a categorical field")
                case .funnel: ("en tratt behöver ett fält och steg", "a funnel needs a field and stages")
                case .median, .count: ("en median behöver ett talfält", "a median needs a number field")   // a count needs no part
                }
                throw fail(sv, en)
            }
            // Each part given, and whether the kind has it.
            let parts = [("field", field != nil, measure.field != nil), ("numerator", numerator != nil, kind == .share),
                         ("stages", stages != nil, kind == .funnel), ("value", value != nil, measure.value != nil)]
            if let extra = parts.first(where: { $0.1 && !$0.2 })?.0 {
                throw fail("\(extra) hör inte till typen \(kind.rawValue)", "\(extra) does not belong to the kind \(kind.rawValue)")
            }
            return IndicatorDefinition(id: id, number: number, name: name, definition: self.definition, measure: measure,
                                       population: population ?? [], period: period, breakdowns: breakdowns ?? [],
                                       crossBreakdowns: crossBreakdowns ?? false, cross: cross ?? [], ratePer: ratePer)
        }

        /// As the catalogue file has it: the kind's own parts, `cross` and `ratePer` only when set
        /// (older readers of a written catalogue then see no new key unless the new parts are used).
        init(_ definition: IndicatorDefinition) {
            id = definition.id
            number = definition.number
            name = definition.name
            self.definition = definition.definition
            kind = definition.kind
            population = definition.population
            period = definition.period
            field = definition.field
            value = definition.value
            switch definition.measure {
            case .share(_, let numerator): self.numerator = numerator
            case .funnel(_, let stages): self.stages = stages
            case .count, .distribution, .median: break
            }
            breakdowns = definition.breakdowns
            crossBreakdowns = definition.crossBreakdowns
            cross = definition.cross.isEmpty ? nil : definition.cross
            ratePer = definition.ratePer
        }
    }

    public func encode(to encoder: Encoder) throws { try Parts(self).encode(to: encoder) }
}

/// What an indicator counts (docs/indicators.md, "Kinds"), with exactly the parts its kind needs.
public enum IndicatorMeasure: Sendable, Equatable {
    /// antal: a count of cases.
    case count
    /// andel: the cases whose `field` has one of the `numerator` categories, among the population
    /// (the rest are the complement).
    case share(field: FactField, numerator: [String])
    /// fördelning: cases per category of `field`.
    case distribution(field: FactField)
    /// tratt: `stages` are categories of `field` in stage order; stage i counts cases in categories i... .
    case funnel(field: FactField, stages: [FunnelStage])
    /// median of the number field `value`.
    case median(value: FactField)

    public var kind: IndicatorKind {
        switch self {
        case .count: .count
        case .share: .share
        case .distribution: .distribution
        case .funnel: .funnel
        case .median: .median
        }
    }

    /// The categorical field counted (share, distribution, funnel).
    public var field: FactField? {
        switch self {
        case .share(let field, _), .distribution(let field), .funnel(let field, _): field
        case .count, .median: nil
        }
    }

    /// A share's numerator categories; empty for the other kinds.
    public var numerator: [String] {
        if case .share(_, let numerator) = self { return numerator }
        return []
    }

    /// A median's number field.
    public var value: FactField? {
        if case .median(let value) = self { return value }
        return nil
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
public struct IndicatorCatalogue: Sendable, Equatable, Encodable {
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
        /// The file as written: each indicator's kind and parts side by side (`IndicatorDefinition.Parts`).
        struct File: Decodable {
            var version: String
            var indicators: [IndicatorDefinition.Parts]
        }
        let file: File
        // Through the one strict reader: a misspelt key would otherwise drop a table silently.
        do { file = try StrictJSONDecoder().decode(File.self, from: [UInt8](data)) } catch let error as StrictJSONError {
            throw IndicatorCatalogueError(message: L("Indikatorkatalogen kan inte läsas: \(error.text(.sv))",
                                                     "The indicator catalogue cannot be read: \(error.text(.en))"))
        } catch {
            throw IndicatorCatalogueError(message: L("Indikatorkatalogen kan inte läsas: \(error)",
                                                     "The indicator catalogue cannot be read: \(error)"))
        }
        var definitions: [IndicatorDefinition] = []
        for parts in file.indicators { definitions.append(try parts.checked()) }
        return try IndicatorCatalogue(version: file.version, indicators: definitions)
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
            switch indicator.measure {
            case .count:
                break
            case .share(let field, let numerator):
                guard field.shape == .category, !numerator.isEmpty
                else { throw fail(id, "en andel behöver ett fält och en täljare", "a share needs a field and a numerator") }
            case .distribution(let field):
                guard categorical.contains(field.shape)
                else { throw fail(id, "en fördelning behöver ett kategorifält", "a distribution needs a categorical field") }
            case .funnel(let field, let stages):
                guard field.shape == .category, !stages.isEmpty
                else { throw fail(id, "en tratt behöver ett fält och steg", "a funnel needs a field and stages") }
            case .median(let value):
                guard value.shape == .number
                else { throw fail(id, "en median behöver ett talfält", "a median needs a number field") }
            }
        }
    }
}
