/// A set of vocabulary values kept as a bit mask of their wire indices: compact, allocation-free,
/// and always iterated (and encoded) in the vocabulary's own order, so output is deterministic.
public struct VocabularySet<Element: Vocabulary>: Sendable, Hashable, Sequence, ExpressibleByArrayLiteral {
    public private(set) var mask: UInt64

    public init() { mask = 0 }
    public init(mask: UInt64) { self.mask = mask }
    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        mask = 0
        for element in elements { insert(element) }
    }
    public init(arrayLiteral elements: Element...) { self.init(elements) }

    public var isEmpty: Bool { mask == 0 }
    public var count: Int { mask.nonzeroBitCount }
    public func contains(_ element: Element) -> Bool { mask & (1 << UInt64(element.wireIndex)) != 0 }
    public mutating func insert(_ element: Element) { mask |= 1 << UInt64(element.wireIndex) }
    public mutating func remove(_ element: Element) { mask &= ~(1 << UInt64(element.wireIndex)) }
    public mutating func toggle(_ element: Element) {
        if contains(element) { remove(element) } else { insert(element) }
    }
    /// All bits of the mask name a value of the vocabulary.
    public var isValid: Bool { Element.allCases.count >= 64 || mask >> UInt64(Element.allCases.count) == 0 }

    public var elements: [Element] { Element.allCases.filter(contains) }
    public func makeIterator() -> IndexingIterator<[Element]> { elements.makeIterator() }
}

extension VocabularySet: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        self.init()
        while !container.isAtEnd { insert(try container.decode(Element.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for element in elements { try container.encode(element) }
    }
}

extension ViolenceType: CodingKeyRepresentable {}
