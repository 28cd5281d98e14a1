import Foundation
import Testing
@testable import UppfoljJournal

/// A fresh folder, removed by `cleanup()`.
struct Scratch {
    let folder: String

    init() throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        folder = "\(base)/uppfolj-journal-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    func path(_ name: String = "journal") -> String { "\(folder)/\(name)" }

    func cleanup() { try? FileManager.default.removeItem(atPath: folder) }

    /// The names in the scratch folder, sorted.
    func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder).sorted() }
}

/// Runs `body` with a scratch folder that is removed afterwards.
func withScratch<R>(_ body: (Scratch) throws -> R) throws -> R {
    let scratch = try Scratch()
    defer { scratch.cleanup() }
    return try body(scratch)
}

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeBytes(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o600)
}

func fileMode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// All records as (kind, payload) pairs.
func contents(_ journal: Journal) throws -> [Stored] {
    var out: [Stored] = []
    try journal.forEachRecord { record in
        #expect(record.index == out.count)
        out.append(Stored(kind: record.kind, payload: Array(record.payload)))
    }
    return out
}

struct Stored: Equatable, CustomStringConvertible {
    let kind: RecordKind
    let payload: [UInt8]
    var description: String { "\(kind)(\(payload.count) bytes)" }
}

/// A deterministic payload of the given length.
func payload(_ seed: Int, length: Int) -> [UInt8] {
    var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
    return (0..<length).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// Writes records one by one (each its own append) to a new journal; returns the frame offsets
/// and the file length.
@discardableResult
func makeJournal(at path: String, _ records: [Stored]) throws -> (offsets: [Int], end: Int) {
    let journal = try Journal.open(path: path, mode: .readWrite, create: true)
    defer { journal.close() }
    var offsets: [Int] = []
    for record in records {
        offsets.append(journal.endOffset)
        try journal.append(kind: record.kind, payload: record.payload)
    }
    return (offsets, journal.endOffset)
}

/// An independent encoder of the documented format (from the spec, not the module's code).
enum Spec {
    static func header() -> [UInt8] {
        var bytes = Array("UPPFOLJ".utf8) + [0, 1, 0, 32, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 8)
        bytes += Array(ReferenceSHA256.hash(bytes).prefix(8))
        return bytes
    }

    static func h0() -> [UInt8] { ReferenceSHA256.hash(header()) }

    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }

    static func hash(previous: [UInt8], kindByte: UInt8, payload: [UInt8]) -> [UInt8] {
        ReferenceSHA256.hash(previous + [kindByte] + le32(UInt32(payload.count)) + payload)
    }

    /// A frame and its hash.
    static func frame(previous: [UInt8], kindByte: UInt8, payload: [UInt8]) -> (bytes: [UInt8], hash: [UInt8]) {
        let h = hash(previous: previous, kindByte: kindByte, payload: payload)
        let length = UInt32(payload.count)
        return (le32(length) + le32(~length) + [kindByte] + payload + h, h)
    }
}

extension JournalError {
    var fault: JournalFault? {
        if case .corrupt(_, let fault) = self { return fault }
        return nil
    }
}

/// Runs `body`, expecting a JournalError; returns it.
func journalError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> JournalError? {
    do {
        try body()
        Issue.record("expected a JournalError, nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as JournalError {
        return error
    } catch {
        Issue.record("expected a JournalError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
