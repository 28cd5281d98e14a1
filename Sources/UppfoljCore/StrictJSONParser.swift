// The one strict JSON (RFC 8259) reader for every input file: import lines, the instrument catalogue,
// the unit's indicator catalogue and exports read back. It keeps the byte offset of every value and
// key, so a message can say exactly where a file is wrong, and it keeps duplicate keys (which
// Foundation's parsers silently collapse, first or last wins) so they can be refused.
// `StrictJSONDecoder` decodes Codable types from its tree and refuses unknown and duplicate keys.

struct StrictJSONNode {
    enum Value {
        case object([StrictJSONMember])
        case array([StrictJSONNode])
        case string(String)
        /// A number without fraction or exponent that fits in Int.
        case integer(Int)
        /// Any other number (kept as written, for the message).
        case otherNumber(String)
        case bool(Bool)
        case null
    }
    let value: Value
    /// Byte offset of the value's first character.
    let offset: Int

    /// What kind of value this is, for messages ("a string", "an object").
    var kindName: Localized {
        switch value {
        case .object: return Localized(sv: "ett objekt", en: "an object")
        case .array: return Localized(sv: "en lista", en: "an array")
        case .string: return Localized(sv: "en text", en: "a string")
        case .integer, .otherNumber: return Localized(sv: "ett tal", en: "a number")
        case .bool: return Localized(sv: "true/false", en: "true/false")
        case .null: return Localized(sv: "null", en: "null")
        }
    }
}

struct StrictJSONMember {
    let key: String
    let keyOffset: Int
    let value: StrictJSONNode
}

struct StrictJSONSyntaxError: Error {
    let offset: Int
    let message: Localized
}

struct StrictJSONParser {
    private let bytes: [UInt8]
    private var index: Int
    private var depth = 0
    private static let maximumDepth = 64

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte order mark, as some editors write, is skipped.
        index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    static func parse(_ bytes: [UInt8]) throws -> StrictJSONNode {
        var parser = StrictJSONParser(bytes: bytes)
        parser.skipWhitespace()
        guard parser.index < bytes.count else {
            throw StrictJSONSyntaxError(offset: parser.index, message: Localized(
                sv: "filen är tom; här väntades ett JSON-objekt", en: "the file is empty; a JSON object was expected"))
        }
        let node = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.error(sv: "text efter slutet av JSON-värdet (\(parser.describeCurrent().sv))",
                               en: "text after the end of the JSON value (\(parser.describeCurrent().en))")
        }
        return node
    }

    // MARK: - Grammar

    private mutating func parseValue() throws -> StrictJSONNode {
        guard index < bytes.count else { throw unexpectedEnd(expecting: Localized(sv: "ett värde", en: "a value")) }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"): return StrictJSONNode(value: try parseObject(), offset: start)
        case UInt8(ascii: "["): return StrictJSONNode(value: try parseArray(), offset: start)
        case UInt8(ascii: "\""): return StrictJSONNode(value: .string(try parseString()), offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return StrictJSONNode(value: try parseNumber(), offset: start)
        case UInt8(ascii: "t"): try literal("true"); return StrictJSONNode(value: .bool(true), offset: start)
        case UInt8(ascii: "f"): try literal("false"); return StrictJSONNode(value: .bool(false), offset: start)
        case UInt8(ascii: "n"): try literal("null"); return StrictJSONNode(value: .null, offset: start)
        default:
            let found = describeCurrent()
            if bytes[index] == UInt8(ascii: "'") {
                throw error(sv: "text ska stå inom dubbla citattecken (\"), inte enkla (')",
                            en: "strings take double quotes (\"), not single quotes (')")
            }
            throw error(sv: "\(found.sv) där ett värde väntades", en: "\(found.en) where a value was expected")
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw error(sv: "för djup nästling (mer än \(Self.maximumDepth) nivåer)",
                        en: "nested too deeply (more than \(Self.maximumDepth) levels)")
        }
    }

    private mutating func parseObject() throws -> StrictJSONNode.Value {
        try enter()
        defer { depth -= 1 }
        index += 1  // {
        var members: [StrictJSONMember] = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw unexpectedEnd(expecting: Localized(sv: "en nyckel", en: "a key")) }
            if bytes[index] == UInt8(ascii: "}"), !members.isEmpty {
                throw error(sv: "kommatecken före '}' (JSON tillåter inget avslutande kommatecken)",
                            en: "comma before '}' (JSON allows no trailing comma)")
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                if bytes[index] == UInt8(ascii: "'") {
                    throw error(sv: "nycklar ska stå inom dubbla citattecken (\"), inte enkla (')",
                                en: "keys take double quotes (\"), not single quotes (')")
                }
                throw error(sv: "\(describeCurrent().sv) där en nyckel inom citattecken väntades",
                            en: "\(describeCurrent().en) where a quoted key was expected")
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else {
                if index >= bytes.count { throw unexpectedEnd(expecting: Localized(sv: "':'", en: "':'")) }
                throw error(sv: "':' saknas efter nyckeln \"\(SafeText.display(key))\"", en: "':' missing after the key \"\(SafeText.display(key))\"")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(StrictJSONMember(key: key, keyOffset: keyOffset, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw unexpectedEnd(expecting: Localized(sv: "',' eller '}'", en: "',' or '}'")) }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            if bytes[index] == UInt8(ascii: "\"") {
                throw error(sv: "kommatecken saknas före nästa nyckel", en: "comma missing before the next key")
            }
            throw error(sv: "\(describeCurrent().sv) där ',' eller '}' väntades",
                        en: "\(describeCurrent().en) where ',' or '}' was expected")
        }
    }

    private mutating func parseArray() throws -> StrictJSONNode.Value {
        try enter()
        defer { depth -= 1 }
        index += 1  // [
        var elements: [StrictJSONNode] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            if peek(UInt8(ascii: "]")), !elements.isEmpty {
                throw error(sv: "kommatecken före ']' (JSON tillåter inget avslutande kommatecken)",
                            en: "comma before ']' (JSON allows no trailing comma)")
            }
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw unexpectedEnd(expecting: Localized(sv: "',' eller ']'", en: "',' or ']'")) }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error(sv: "\(describeCurrent().sv) där ',' eller ']' väntades (saknas ett kommatecken?)",
                        en: "\(describeCurrent().en) where ',' or ']' was expected (missing comma?)")
        }
    }

    private mutating func parseString() throws -> String {
        let start = index
        index += 1  // opening quote
        var buffer: [UInt8] = []
        while true {
            guard index < bytes.count else {
                throw StrictJSONSyntaxError(offset: start, message: Localized(
                    sv: "texten som börjar här avslutas aldrig (\" saknas)",
                    en: "the string starting here is never closed (missing \")"))
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw StrictJSONSyntaxError(offset: start, message: Localized(
                        sv: "texten är inte giltig UTF-8", en: "the string is not valid UTF-8"))
                }
                return text
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0x0A, 0x0D:
                throw error(sv: "radbrytning inuti en text (saknas ett avslutande \"?)",
                            en: "line break inside a string (missing closing \"?)")
            case 0..<0x20:
                throw error(sv: "kontrolltecken inuti en text (skriv det som \\u-kod)",
                            en: "control character inside a string (write it as a \\u escape)")
            default:
                buffer.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws {
        let escapeStart = index
        index += 1  // backslash
        guard index < bytes.count else { throw unexpectedEnd(expecting: Localized(sv: "en escape-sekvens", en: "an escape sequence")) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(escapeStart)
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by \u and a low surrogate.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw StrictJSONSyntaxError(offset: escapeStart, message: Localized(
                        sv: "ensamt surrogattecken i \\u-kod", en: "lone surrogate in \\u escape"))
                }
                index += 2
                let low = try hex4(escapeStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw StrictJSONSyntaxError(offset: escapeStart, message: Localized(
                        sv: "ensamt surrogattecken i \\u-kod", en: "lone surrogate in \\u escape"))
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw StrictJSONSyntaxError(offset: escapeStart, message: Localized(
                    sv: "ensamt surrogattecken i \\u-kod", en: "lone surrogate in \\u escape"))
            }
            buffer.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
        default:
            throw StrictJSONSyntaxError(offset: escapeStart, message: Localized(
                sv: "okänd escape-sekvens \\\(Character(Unicode.Scalar(byte)))",
                en: "unknown escape sequence \\\(Character(Unicode.Scalar(byte)))"))
        }
    }

    private mutating func hex4(_ escapeStart: Int) throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexValue(bytes[index]) else {
                throw StrictJSONSyntaxError(offset: escapeStart, message: Localized(
                    sv: "\\u ska följas av fyra hexadecimala siffror", en: "\\u must be followed by four hex digits"))
            }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private mutating func parseNumber() throws -> StrictJSONNode.Value {
        let start = index
        var integral = true
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw StrictJSONSyntaxError(offset: start, message: Localized(
                sv: "ogiltigt tal: minustecken utan siffror efter", en: "invalid number: a minus sign with no digits after it"))
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw StrictJSONSyntaxError(offset: start, message: Localized(
                    sv: "ogiltigt tal: tal får inte börja med 0", en: "invalid number: numbers may not have leading zeros"))
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if peek(UInt8(ascii: ".")) {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw StrictJSONSyntaxError(offset: start, message: Localized(
                    sv: "ogiltigt tal: inga siffror efter decimalpunkten", en: "invalid number: no digits after the decimal point"))
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            integral = false
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw StrictJSONSyntaxError(offset: start, message: Localized(
                    sv: "ogiltigt tal: inga siffror i exponenten", en: "invalid number: no digits in the exponent"))
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let value = Int(text) { return .integer(value) }
        return .otherNumber(text)
    }

    private mutating func literal(_ word: String) throws {
        let start = index
        for byte in word.utf8 {
            guard index < bytes.count, bytes[index] == byte else {
                index = start
                throw error(sv: "\(describeCurrent().sv) där ett värde väntades (menade du \(word)?)",
                            en: "\(describeCurrent().en) where a value was expected (did you mean \(word)?)")
            }
            index += 1
        }
        if index < bytes.count, isLetter(bytes[index]) {
            index = start
            throw error(sv: "okänt ord där ett värde väntades", en: "unknown word where a value was expected")
        }
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// The character at the current position, for messages: "the character 'x'".
    private func describeCurrent() -> Localized {
        guard index < bytes.count else { return Localized(sv: "filens slut", en: "end of file") }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F {
            let c = Character(Unicode.Scalar(byte))
            return Localized(sv: "tecknet '\(c)'", en: "the character '\(c)'")
        }
        if byte >= 0x80 {
            // Decode one scalar for display.
            var end = index + 1
            while end < bytes.count, end < index + 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
            if let text = String(validating: bytes[index..<end], as: UTF8.self), !text.isEmpty {
                return Localized(sv: "tecknet '\(text)'", en: "the character '\(text)'")
            }
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return Localized(sv: "byten 0x\(hex)", en: "the byte 0x\(hex)")
    }

    private func error(sv: String, en: String) -> StrictJSONSyntaxError {
        StrictJSONSyntaxError(offset: index, message: Localized(sv: sv, en: en))
    }

    private func unexpectedEnd(expecting: Localized) -> StrictJSONSyntaxError {
        StrictJSONSyntaxError(offset: index, message: Localized(
            sv: "filen tar slut där \(expecting.sv) väntades", en: "the file ends where \(expecting.en) was expected"))
    }
}

/// 1-based line and column (counted in Unicode scalars, as editors count characters) of a byte offset.
func strictJSONLineColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var i = start
    let end = min(offset, bytes.count)
    while i < end {
        let byte = bytes[i]
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
        i += 1
    }
    return (line, column)
}
