import Crypto

/// Constants and byte-level helpers of journal format version 1 (see docs/journal-format.md).
enum Format {
    static let magic: [UInt8] = Array("UPPFOLJ".utf8) + [0]
    static let version: UInt16 = 1
    static let headerLength = 32
    /// Header bytes covered by the header check (everything before it).
    static let headerCheckOffset = 24
    /// length (4) + length complement (4) + kind byte (1).
    static let frameHeaderLength = 9
    static let hashLength = 32
    /// Frame bytes besides the payload.
    static let frameOverhead = frameHeaderLength + hashLength
    static let maxPayloadLength = 16 * 1024 * 1024
    /// Bit 7 of the kind byte: "more records of this batch follow".
    static let batchContinues: UInt8 = 0x80
    static let kindMask: UInt8 = 0x7F

    /// The only header this version writes (flags 0): magic, version, header length, flags,
    /// 8 reserved zero bytes, then the first 8 bytes of SHA-256 over bytes 0..<24.
    static let header: [UInt8] = {
        var bytes = magic
        appendLE(version, to: &bytes)
        appendLE(UInt16(headerLength), to: &bytes)
        appendLE(UInt32(0), to: &bytes)
        bytes += [UInt8](repeating: 0, count: 8)
        bytes += headerCheck(bytes)
        return bytes
    }()

    /// h_0 = SHA-256(header bytes).
    static let initialHash: ChainHash = ChainHash(SHA256.hash(data: header))

    static func headerCheck(_ first24: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: first24).prefix(8))
    }

    static func appendLE<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    static func loadLE32(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    static func loadLE16(_ base: UnsafeRawPointer, _ offset: Int) -> UInt16 {
        UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// h_i = SHA-256(h_{i-1} || kind byte || length (u32 LE) || payload).
    @inline(__always)
    static func chainHash(previous: UnsafeRawPointer, kindByte: UInt8, payload: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: previous, count: hashLength))
        // kind byte then the length, little-endian: the first 5 bytes of this little-endian word.
        let prefix = (UInt64(kindByte) | UInt64(UInt32(payload.count)) << 8).littleEndian
        withUnsafeBytes(of: prefix) { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<5])) }
        if payload.count > 0 { hasher.update(bufferPointer: payload) }
        return hasher.finalize()
    }

    /// Appends one complete frame to `bytes` and returns its chain hash.
    static func appendFrame(to bytes: inout [UInt8], previous: ChainHash, kindByte: UInt8,
                            payload: UnsafeRawBufferPointer) -> ChainHash {
        let length = UInt32(payload.count)
        let digest = previous.withUnsafeBytes { prev in
            chainHash(previous: prev.baseAddress!, kindByte: kindByte, payload: payload)
        }
        appendLE(length, to: &bytes)
        appendLE(~length, to: &bytes)
        bytes.append(kindByte)
        bytes.append(contentsOf: payload)
        let hash = ChainHash(digest)
        hash.withUnsafeBytes { bytes.append(contentsOf: $0) }
        return hash
    }
}

/// A record's kind, stored in the low 7 bits of the kind byte. Other values are reserved and
/// rejected by this version.
public enum RecordKind: UInt8, Sendable, Hashable, CaseIterable {
    /// A domain payload.
    case data = 0
    /// Journal metadata, not an event; its first payload byte says which (the journal layer does not
    /// interpret it): 1 = the encryption header, record 0 of an encrypted journal
    /// (docs/encryption.md); 2 = an access-log anchor (`JournalAnchors`, docs/journal-format.md).
    case meta = 1
}

/// A SHA-256 chain hash. Stored inline (no allocation).
public struct ChainHash: Sendable, Hashable, CustomStringConvertible {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    init(_ pointer: UnsafeRawPointer) {
        words = (pointer.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                 pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                 pointer.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    init(_ digest: SHA256Digest) {
        words = (0, 0, 0, 0)
        self = digest.withUnsafeBytes { ChainHash($0.baseAddress!) }
    }

    /// From exactly 32 bytes; nil otherwise.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Format.hashLength else { return nil }
        self = bytes.withUnsafeBytes { ChainHash($0.baseAddress!) }
    }

    /// From 64 hex digits; nil otherwise.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let hi = Self.nibble(digits[i]), let lo = Self.nibble(digits[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
        }
        self.init(bytes: bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = words
        return try Swift.withUnsafeBytes(of: &copy, body)
    }

    @inline(__always)
    func equals(_ pointer: UnsafeRawPointer) -> Bool {
        words.0 == pointer.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            && words.1 == pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            && words.2 == pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            && words.3 == pointer.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    }

    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// 64 lowercase hex digits.
    public var hex: String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        withUnsafeBytes { raw in
            for b in raw {
                out.append(table[Int(b >> 4)])
                out.append(table[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func == (a: ChainHash, b: ChainHash) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
