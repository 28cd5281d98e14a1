/// One thing wrong with an input, named by the field it concerns, in both languages.
/// Validation never stops at the first problem: it returns every problem it finds.
public struct Problem: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. "personnummer", "date.future", "rating.outOfScale".
    public let code: String
    /// The field the problem concerns ("caseCode", "ratings.R3", "survey.feelingSafe").
    public let field: FieldPath
    public let message: Localized

    public init(code: String, field: FieldPath, message: Localized) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message.en)" }
}
