/// Why a catalogue file was rejected: which file, where in it, and what is wrong.
///
/// Printed compiler-style so an editor can jump to it:
/// `instruments.json:45:20: instruments[3].items[2].scale: the scale "jn" is not defined …`
public struct CatalogueError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A stable machine-readable code, e.g. "catalogue.syntax", "catalogue.unknownScale".
    public let code: String
    /// The file (or other source) the catalogue was read from.
    public let source: String
    /// The key path of the offending value, e.g. "instruments[3].items[2].scale";
    /// empty for the file as a whole (syntax errors, unreadable file).
    public let path: String
    /// 1-based line and column (in characters) of the offending text, when known.
    public let line: Int?
    public let column: Int?
    /// What is wrong, without the file and location.
    public let problem: Localized

    public init(code: String, source: String, path: String, line: Int?, column: Int?, problem: Localized) {
        self.code = code
        self.source = source
        self.path = path
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// "instruments[3].items[2].scale (45:20)", "12:5" for a syntax error, or the path alone.
    public var location: String {
        let position = line.map { l in column.map { "\(l):\($0)" } ?? "\(l)" }
        switch (path.isEmpty, position) {
        case (true, let p?): return p
        case (false, let p?): return "\(path) (\(p))"
        default: return path
        }
    }

    private var prefix: String {
        var text = source
        if let line { text += ":\(line)"; if let column { text += ":\(column)" } }
        if !path.isEmpty { text += ": \(path)" }
        return text
    }

    /// The whole message in one language: "file:line:column: path: problem".
    public func text(_ language: Language) -> String { "\(prefix): \(problem.text(language))" }
    public var message: Localized { Localized(sv: text(.sv), en: text(.en)) }
    public var svMessage: String { text(.sv) }
    public var enMessage: String { text(.en) }
    public var description: String { enMessage }
}
