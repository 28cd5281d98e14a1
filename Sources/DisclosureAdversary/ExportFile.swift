import Foundation

/// An indicator export as a reader holds it: the adversary's own decoding of the documented JSON
/// (docs/export-schema.json), independent of the product's reader. Only what the schema
/// publishes is here.
public struct ExportFile: Codable, Sendable {
    public struct Metadata: Codable, Sendable {
        public let period: String
        public let previousPeriod: String
        public let units: [String]
        public let minimumCellSize: Int
        public let journalHeadHashes: [String]
        public let catalogueVersion: String
        public let computedIn: String
    }

    /// A count as published: nil when shown as `..`.
    public struct Figure: Codable, Sendable {
        public let value: Int?
        public let suppressed: Bool
    }

    public struct Row: Codable, Sendable {
        public let key: [String]
        public let count: Figure?
        public let numerator: Figure?
        public let denominator: Figure?
    }

    public struct Category: Codable, Sendable { public let id: String }

    public struct Dimension: Codable, Sendable {
        public let id: String
        public let categories: [Category]
    }

    public struct Table: Codable, Sendable {
        public let id: String
        public let dimensions: [Dimension]
        public let rows: [Row]
    }

    public struct Indicator: Codable, Sendable {
        public let id: String
        public let number: String
        public let kind: String
        public let headline: Row
        public let previousHeadline: Row?
        public let tables: [Table]
    }

    public let metadata: Metadata
    public let indicators: [Indicator]

    public static func read(_ data: Data) throws -> ExportFile {
        try JSONDecoder().decode(ExportFile.self, from: data)
    }

    public static func read(path: String) throws -> ExportFile {
        try read(Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// A published indicator definition (the catalogue JSON the unit publishes with its figures,
/// docs/indicators.md "Writing a unit's own catalogue"): only the parts that say which cases a
/// figure counts.
public struct PublishedCatalogue: Codable, Sendable {
    public struct Condition: Codable, Sendable {
        public let field: String
        public let `in`: [String]
    }

    public struct Stage: Codable, Sendable {
        public let id: String
        public let categories: [String]
    }

    public struct Definition: Codable, Sendable {
        public let id: String
        public let kind: String
        public let population: [Condition]?
        public let period: String
        public let field: String?
        public let numerator: [String]?
        public let stages: [Stage]?
    }

    public let version: String
    public let indicators: [Definition]

    public static func read(_ data: Data) throws -> PublishedCatalogue {
        try JSONDecoder().decode(PublishedCatalogue.self, from: data)
    }

    public static func read(path: String) throws -> PublishedCatalogue {
        try read(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The shipped catalogue, found from this file's place in the repository.
    public static func builtIn() throws -> PublishedCatalogue {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try read(path: root.appendingPathComponent("Sources/UppfoljReports/Resources/indicators.json").path)
    }
}
