/// A user-facing text in both product languages. Swedish is the default language of the UI;
/// English is available with `--lang en` or a LANG starting with `en`.
public struct Localized: Sendable, Equatable, Hashable, Codable {
    public let sv: String
    public let en: String

    public init(sv: String, en: String) {
        self.sv = sv
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .sv: return sv
        case .en: return en
        }
    }
}

/// The languages the product speaks.
public enum Language: String, Sendable, CaseIterable, Codable {
    case sv, en

    /// Swedish unless the environment's LANG (or an explicit choice) starts with "en".
    public static func from(environment: [String: String], explicit: String? = nil) -> Language {
        if let explicit, let lang = Language(rawValue: explicit.lowercased()) { return lang }
        let value = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LANG"] ?? ""
        return value.lowercased().hasPrefix("en") ? .en : .sv
    }
}
