import Foundation
import XCTest
@testable import UppfoljCore

/// Replays the fuzzers' corpora (Tests/Fuzz/corpus, grown by Tests/Fuzz/run.sh) through the same
/// checks as the libFuzzer targets: nothing may crash, and whatever decodes must round-trip.
final class FuzzCorpusTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    func inputs(_ target: String) throws -> [(String, Data)] {
        let folder = Self.corpus.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
            ($0, try Data(contentsOf: folder.appendingPathComponent($0)))
        }
    }

    /// The corpora are test fixtures too: none may hold something that looks like a personnummer.
    func testCorporaHoldNoIdentityNumbers() throws {
        for target in ["event-decode", "jsonl-line", "frame-scan"] {
            for (name, data) in try inputs(target) {
                XCTAssertFalse(PersonalIdentityGuard.containsIdentityNumber(String(decoding: data, as: UTF8.self)), "\(target)/\(name)")
            }
        }
    }

    func testEventDecoderCorpus() throws {
        let all = try inputs("event-decode")
        XCTAssertFalse(all.isEmpty)
        var decoded = 0
        for (name, data) in all {
            guard let event = try? EventBinaryCodec.decode([UInt8](data)) else { continue }
            decoded += 1
            XCTAssertEqual(try EventBinaryCodec.decode(EventBinaryCodec.encode(event)), event, name)
        }
        // The input that once trapped (a schema number beyond Int) is refused with an error.
        let regression = try XCTUnwrap(all.first { $0.0 == "regression-schema-varint-beyond-int" })
        XCTAssertThrowsError(try EventBinaryCodec.decode([UInt8](regression.1)))
        print("event-decode corpus: \(all.count) inputs, \(decoded) decode")
    }

    func testImportLineCorpus() throws {
        let all = try inputs("jsonl-line")
        XCTAssertFalse(all.isEmpty)
        let catalogue = try InstrumentCatalogue.builtIn()
        let validator = Validator(catalogue: catalogue, today: Day(iso: "2026-01-01")!)
        let empty = Projection(catalogue: catalogue)
        var decoded = 0
        for (name, data) in all {
            let line = String(decoding: data, as: UTF8.self)
            guard let event = try? EventJSON.decodeStrict(line) else { continue }
            decoded += 1
            _ = validator.validate(event, in: empty)
            XCTAssertEqual(try EventJSON.decodeStrict(EventJSON.line(event)), event, name)
        }
        XCTAssertGreaterThan(decoded, 0, "the seeds are valid lines")
        print("jsonl-line corpus: \(all.count) inputs, \(decoded) decode")
    }
}
