import UppfoljCore

/// What one table of an indicator shows. Its `rawValue` is the table's id in every export (JSON
/// `id`, the CSV's table column): "byRole", "byInterventionType", "roleSexAgeBand", "categories",
/// "stages", "trend". The builder names its tables with it and every reader (the manager view, the
/// board report, merge) asks for a kind, never for a spelling.
public enum ReportTableKind: Sendable, Hashable, CustomStringConvertible {
    /// One breakdown ("byRole"; the intervention types are "byInterventionType", singular, as
    /// their dimension: `FactField.breakdownDimensionID`).
    case breakdown(FactField)
    /// Two or more breakdowns crossed, with every margin: the fields in camel case ("roleSexAgeBand").
    case crossing([FactField])
    /// The categories of the indicator's field.
    case categories
    /// A funnel's stages, cumulative.
    case stages
    /// The period's parts (quarters or months).
    case trend

    public var rawValue: String {
        switch self {
        case .breakdown(let field):
            return "by" + Self.capitalized(field.breakdownDimensionID)
        case .crossing(let fields):
            return fields.enumerated().map { $0 == 0 ? $1.rawValue : Self.capitalized($1.rawValue) }.joined()
        case .categories: return "categories"
        case .stages: return "stages"
        case .trend: return "trend"
        }
    }

    /// The kind a table id names; nil for an id no catalogue can give (crossings and breakdowns
    /// are of `IndicatorCatalogue.breakdownFields`).
    public init?(rawValue: String) {
        switch rawValue {
        case "categories": self = .categories
        case "stages": self = .stages
        case "trend": self = .trend
        default:
            let fields = IndicatorCatalogue.breakdownFields
            if let field = fields.first(where: { Self.breakdown($0).rawValue == rawValue }) {
                self = .breakdown(field)
            } else if let crossed = Self.crossedFields(Substring(rawValue), among: fields, first: true), crossed.count >= 2 {
                self = .crossing(crossed)
            } else {
                return nil
            }
        }
    }

    public var description: String { rawValue }

    /// The fields whose names, the first as is and the rest capitalized, spell `text`.
    private static func crossedFields(_ text: Substring, among fields: [FactField], first: Bool) -> [FactField]? {
        if text.isEmpty { return first ? nil : [] }
        for field in fields {
            let name = first ? field.rawValue : capitalized(field.rawValue)
            if text.hasPrefix(name), let rest = crossedFields(text.dropFirst(name.count), among: fields, first: false) {
                return [field] + rest
            }
        }
        return nil
    }

    private static func capitalized(_ name: String) -> String { name.prefix(1).uppercased() + name.dropFirst() }
}

extension ReportTableKind: Codable {
    /// As its id, a string; an id this program cannot have written is refused.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let kind = ReportTableKind(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "unknown table id \(SafeText.display(text, limit: 40)) / okänt tabell-id \(SafeText.display(text, limit: 40))"))
        }
        self = kind
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
