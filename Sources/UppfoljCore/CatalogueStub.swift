// TEMPORARY stub until the catalogue lands; deleted then.
public struct ItemRating: Sendable, Equatable, Hashable, Codable {
    public var item: String; public var value: Int?; public var earlier: Int?; public var critical: Bool
    public init(item: String, value: Int?, earlier: Int? = nil, critical: Bool = false) { self.item = item; self.value = value; self.earlier = earlier; self.critical = critical }
}
public struct JudgementValue: Sendable, Equatable, Hashable, Codable {
    public var judgement: String; public var value: String
    public init(judgement: String, value: String) { self.judgement = judgement; self.value = value }
}
public enum RiskLevel: String, Sendable, Codable, CaseIterable, Comparable { case low = "lag", medium = "medel", high = "hog"
    public static func < (a: RiskLevel, b: RiskLevel) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! } }
public struct InstrumentRef: Sendable, Equatable, Hashable, Codable { public var id: String; public var version: String
    public init(id: String, version: String) { self.id = id; self.version = version } }
public struct Instrument: Sendable { public let id: String; public let version: String; public let name: Localized; public let asksClientEstimate: Bool
    public func validate(ratings: [ItemRating], judgements: [JudgementValue]) -> [Problem] { [] }
    public func riskLevel(_ judgements: [JudgementValue]) -> RiskLevel? { judgements.compactMap { RiskLevel(rawValue: $0.value) }.max() } }
public struct InstrumentCatalogue: Sendable { public let instruments: [Instrument]
    public func instrument(_ ref: InstrumentRef) -> Instrument? { instruments.first { $0.id == ref.id && $0.version == ref.version } }
    public func versions(of id: String) -> [Instrument] { instruments.filter { $0.id == id } } }
