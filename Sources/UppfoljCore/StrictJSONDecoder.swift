/// Decodes a `Decodable` value from JSON read by the one strict reader (`StrictJSONParser`), with the
/// rules every input file follows: a key may appear only once in an object, every key must be one the
/// type reads (a misspelt key is refused, with "did you mean" when a known key is close), an
/// explicit `null` stands for an absent optional, and every problem names its place (line:column
/// and key path). Used for import lines, the unit's indicator catalogue and exports read back; the
/// instrument catalogue walks the same parser's tree with its own rules.
public struct StrictJSONDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let root: StrictJSONNode
        do {
            root = try StrictJSONParser.parse(bytes)
        } catch let error as StrictJSONSyntaxError {
            throw StrictJSONError(bytes: bytes, offset: error.offset, path: "", message: error.message)
        }
        let context = StrictJSONContext(bytes: bytes)
        let value = try StrictJSONValueDecoder(node: root, codingPath: [], context: context).decodeValue(T.self)
        try context.checkUnusedKeys()
        return value
    }
}

/// One problem with a JSON input: where (byte offset, 1-based line and column, key path) and what.
public struct StrictJSONError: Error, Sendable, CustomStringConvertible {
    public let offset: Int
    public let line: Int
    public let column: Int
    /// Dotted key path ("data.ratings[2].item"); empty for the document itself.
    public let path: String
    public let message: Localized

    init(bytes: [UInt8], offset: Int, path: String, message: Localized) {
        self.offset = offset
        (line, column) = strictJSONLineColumn(of: offset, in: bytes)
        self.path = path
        self.message = message
    }

    /// "3:17: data.role: …" in the language asked for.
    public func text(_ language: Language, withLine: Bool = true) -> String {
        let place = withLine ? "\(line):\(column)" : (language == .sv ? "kolumn \(column)" : "column \(column)")
        return place + ": " + (path.isEmpty ? "" : SafeText.display(path) + ": ") + message.text(language)
    }

    public var description: String { text(.en) }
}

/// State shared by all containers of one decode: the input (for positions) and every object seen,
/// with which of its keys the types asked for.
final class StrictJSONContext {
    let bytes: [UInt8]
    var objects: [StrictJSONObjectState] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ offset: Int, _ path: [any CodingKey], sv: String, en: String) -> StrictJSONError {
        StrictJSONError(bytes: bytes, offset: offset, path: Self.pathText(path), message: Localized(sv: sv, en: en))
    }

    static func pathText(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : "." + key.stringValue }
        }
        return text
    }

    /// A key the type never asked for is a misspelling or a field this version does not know: refused.
    func checkUnusedKeys() throws {
        for object in objects {
            for (index, member) in object.members.enumerated() where !object.used[index] {
                let known = object.asked.filter { key in !object.members.contains { $0.key == key } }
                let hint = member.key.count <= 64 ? CatalogueObject.suggestion(for: member.key, among: known.sorted()) : nil
                let shown = SafeText.display(member.key)
                throw error(member.keyOffset, object.codingPath + [StrictJSONKey(member.key)],
                    sv: "okänd nyckel \"\(shown)\"\(hint.map { " (menade du \"\($0)\"?)" } ?? "")",
                    en: "unknown key \"\(shown)\"\(hint.map { " (did you mean \"\($0)\"?)" } ?? "")")
            }
        }
    }
}

final class StrictJSONObjectState {
    let members: [StrictJSONMember]
    let codingPath: [any CodingKey]
    var used: [Bool]
    /// The keys the type asked for (found or not), for "did you mean".
    var asked: Set<String> = []

    init(members: [StrictJSONMember], codingPath: [any CodingKey]) {
        self.members = members
        self.codingPath = codingPath
        used = Array(repeating: false, count: members.count)
    }

    func index(of key: String) -> Int? {
        asked.insert(key)
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        used[index] = true
        return index
    }
}

struct StrictJSONKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(_ string: String) { stringValue = string; intValue = nil }
    init(index: Int) { stringValue = "\(index)"; intValue = index }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(index: intValue) }
}

struct StrictJSONValueDecoder: Decoder {
    let node: StrictJSONNode
    let codingPath: [any CodingKey]
    let context: StrictJSONContext
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Decodes a value of `T` from this node. A DecodingError a type throws (a bad date, an unknown
    /// enum value) is given the node's place here, once: outer levels pass it on.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            switch type {
            case is String.Type: return try string() as! T
            case is Int.Type: return try integer(Int.self) as! T
            case is Bool.Type: return try bool() as! T
            default: return try T(from: self)
            }
        } catch let error as DecodingError {
            throw located(error, expected: Self.expectation(T.self))
        }
    }

    /// What a value of `type` looks like, for a message about a value that is not one.
    static func expectation<T>(_ type: T.Type) -> Localized? {
        if type == Day.self { return Localized(sv: "ett datum ÅÅÅÅ-MM-DD", en: "a date YYYY-MM-DD") }
        if type == Timestamp.self {
            return Localized(sv: "en tid i UTC, ÅÅÅÅ-MM-DDTHH:MM:SSZ", en: "a UTC time, YYYY-MM-DDTHH:MM:SSZ")
        }
        if type == EventID.self { return Localized(sv: "ett händelse-id av 32 hexadecimala siffror", en: "an event id of 32 hex digits") }
        func names<V: CaseIterable & RawRepresentable>(_ vocabulary: V.Type) -> String {
            vocabulary.allCases.map { "\($0.rawValue)" }.joined(separator: ", ")
        }
        if let vocabulary = type as? any (CaseIterable & RawRepresentable).Type {
            let list = names(vocabulary)
            return Localized(sv: "ett av: \(list)", en: "one of: \(list)")
        }
        return nil
    }

    private func located(_ error: DecodingError, expected: Localized?) -> StrictJSONError {
        switch error {
        case .dataCorrupted(let c) where c.codingPath.count <= codingPath.count:
            // This very value is not one of the type's: say which value and what was expected.
            let shown: String
            switch node.value {
            case .string(let text): shown = "\"" + SafeText.display(text) + "\""
            case .integer(let value): shown = "\(value)"
            case .otherNumber(let text): shown = SafeText.display(text, limit: 40)
            default: shown = node.kindName.en
            }
            let detail = SafeText.display(c.debugDescription, limit: 200)
            guard let expected else {
                return context.error(node.offset, codingPath, sv: "ogiltigt värde \(shown): \(detail)", en: "invalid value \(shown): \(detail)")
            }
            return context.error(node.offset, codingPath, sv: "ogiltigt värde \(shown); väntade \(expected.sv)",
                                 en: "invalid value \(shown); expected \(expected.en)")
        case .dataCorrupted(let c):
            let text = SafeText.display(c.debugDescription, limit: 200)
            return context.error(node.offset, c.codingPath.isEmpty ? codingPath : c.codingPath, sv: text, en: text)
        case .keyNotFound(let key, let c):
            let name = SafeText.display(key.stringValue)
            return context.error(node.offset, c.codingPath, sv: "nyckeln \"\(name)\" saknas", en: "the key \"\(name)\" is missing")
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            let text = SafeText.display(c.debugDescription, limit: 200)
            return context.error(node.offset, c.codingPath.isEmpty ? codingPath : c.codingPath, sv: text, en: text)
        @unknown default:
            return context.error(node.offset, codingPath, sv: "\(error)", en: "\(error)")
        }
    }

    func wrongType(_ expected: Localized) -> StrictJSONError {
        context.error(node.offset, codingPath, sv: "ska vara \(expected.sv), men är \(node.kindName.sv)",
                      en: "must be \(expected.en), but is \(node.kindName.en)")
    }

    func string() throws -> String {
        guard case .string(let text) = node.value else { throw wrongType(Localized(sv: "en text", en: "a string")) }
        return text
    }

    func bool() throws -> Bool {
        guard case .bool(let value) = node.value else { throw wrongType(Localized(sv: "true eller false", en: "true or false")) }
        return value
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        switch node.value {
        case .integer(let value):
            if let exact = I(exactly: value) { return exact }
        case .otherNumber(let text):
            if let exact = I(text) { return exact }
            if text.contains(where: { ".eE".contains($0) }) {
                throw context.error(node.offset, codingPath, sv: "ska vara ett heltal, men är \(SafeText.display(text, limit: 40))",
                                    en: "must be a whole number, but is \(SafeText.display(text, limit: 40))")
            }
        default:
            throw wrongType(Localized(sv: "ett heltal", en: "a whole number"))
        }
        throw context.error(node.offset, codingPath, sv: "talet är för stort eller för litet här",
                            en: "the number is too large or too small here")
    }

    func floating() throws -> Double {
        switch node.value {
        case .integer(let value): return Double(value)
        case .otherNumber(let text):
            if let value = Double(text), value.isFinite { return value }
            throw context.error(node.offset, codingPath, sv: "talet går inte att läsa som ett ändligt tal", en: "the number is not a finite number")
        default: throw wrongType(Localized(sv: "ett tal", en: "a number"))
        }
    }

    var isNull: Bool { if case .null = node.value { true } else { false } }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node.value else { throw wrongType(Localized(sv: "ett objekt", en: "an object")) }
        // A key twice in one object: Foundation keeps one of them silently, and tools differ on which.
        if members.count > 1 {
            var seen = Set<String>(minimumCapacity: members.count)
            for member in members where !seen.insert(member.key).inserted {
                let shown = SafeText.display(member.key)
                throw context.error(member.keyOffset, codingPath + [StrictJSONKey(member.key)],
                                    sv: "nyckeln \"\(shown)\" står två gånger i samma objekt",
                                    en: "the key \"\(shown)\" appears twice in the same object")
            }
        }
        let state = StrictJSONObjectState(members: members, codingPath: codingPath)
        context.objects.append(state)
        return KeyedDecodingContainer(StrictKeyedContainer<Key>(decoder: self, state: state))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node.value else { throw wrongType(Localized(sv: "en lista", en: "an array")) }
        return StrictUnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { StrictSingleValueContainer(decoder: self) }

    func child(_ node: StrictJSONNode, _ key: any CodingKey) -> StrictJSONValueDecoder {
        StrictJSONValueDecoder(node: node, codingPath: codingPath + [key], context: context)
    }
}

struct StrictKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: StrictJSONValueDecoder
    let state: StrictJSONObjectState
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        // A dictionary's keys are all read.
        state.members.compactMap { member in
            _ = state.index(of: member.key)
            return Key(stringValue: member.key)
        }
    }

    func contains(_ key: Key) -> Bool { state.index(of: key.stringValue) != nil }

    private func child(_ key: Key) throws -> StrictJSONValueDecoder {
        guard let index = state.index(of: key.stringValue) else {
            // A missing key with a misspelling of it beside: the misspelling is the problem to name.
            for (position, member) in state.members.enumerated() where !state.used[position] && member.key.count <= 64 {
                if CatalogueObject.suggestion(for: member.key, among: [key.stringValue]) != nil {
                    let shown = SafeText.display(member.key)
                    throw decoder.context.error(member.keyOffset, codingPath + [StrictJSONKey(member.key)],
                        sv: "okänd nyckel \"\(shown)\" (menade du \"\(key.stringValue)\"?)",
                        en: "unknown key \"\(shown)\" (did you mean \"\(key.stringValue)\"?)")
                }
            }
            let name = SafeText.display(key.stringValue)
            throw decoder.context.error(decoder.node.offset, codingPath + [key],
                                        sv: "nyckeln \"\(name)\" saknas", en: "the key \"\(name)\" is missing")
        }
        return decoder.child(state.members[index].value, key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).floating() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try child(key).floating()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).integer(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).integer(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).integer(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).integer(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).integer(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).integer(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).integer(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).integer(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).integer(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).integer(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(T.self) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

struct StrictUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: StrictJSONValueDecoder
    let elements: [StrictJSONNode]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(decoder: StrictJSONValueDecoder, elements: [StrictJSONNode]) {
        self.decoder = decoder
        self.elements = elements
    }

    private mutating func next() throws -> StrictJSONValueDecoder {
        guard !isAtEnd else {
            throw decoder.context.error(decoder.node.offset, codingPath, sv: "listan är för kort", en: "the array is too short")
        }
        defer { currentIndex += 1 }
        return decoder.child(elements[currentIndex], StrictJSONKey(index: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = elements[currentIndex].value else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(T.self) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct StrictSingleValueContainer: SingleValueDecodingContainer {
    let decoder: StrictJSONValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool() }
    func decode(_ type: String.Type) throws -> String { try decoder.string() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.floating() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.floating()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(T.self) }
}
