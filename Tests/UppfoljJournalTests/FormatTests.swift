import Foundation
import Testing
@testable import UppfoljJournal

@Suite struct FormatTests {
    @Test func newJournalIsExactlyTheHeader() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            #expect(journal.recordCount == 0)
            #expect(journal.endOffset == 32)
            #expect(journal.headHash.bytes == Spec.h0())
            #expect(journal.tornTail == nil)
            journal.close()
            #expect(try readBytes(path) == Spec.header())
            #expect(Format.header == Spec.header())
        }
    }

    @Test func framesMatchTheSpecification() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            let single = payload(1, length: 70)
            try journal.append(kind: .data, payload: single)
            try journal.append(contentsOf: [(RecordKind.meta, [1, 2, 3]), (.data, []), (.data, payload(2, length: 300))])
            journal.close()

            var expected = Spec.header()
            var previous = Spec.h0()
            for (kindByte, bytes) in [(UInt8(0x00), single), (0x81, [1, 2, 3]), (0x80, []), (0x00, payload(2, length: 300))] {
                let frame = Spec.frame(previous: previous, kindByte: kindByte, payload: bytes)
                expected += frame.bytes
                previous = frame.hash
            }
            #expect(try readBytes(path) == expected)

            let reopened = try Journal.open(path: path, mode: .readOnly)
            #expect(reopened.headHash.bytes == previous)
            #expect(reopened.recordCount == 4)
            #expect(try contents(reopened) == [Stored(kind: .data, payload: single), Stored(kind: .meta, payload: [1, 2, 3]),
                                               Stored(kind: .data, payload: []), Stored(kind: .data, payload: payload(2, length: 300))])
        }
    }

    /// docs/journal-format.md's hex dump is what the module writes.
    @Test func workedExampleInTheDocumentation() throws {
        let docPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/journal-format.md").path
        let doc = try String(contentsOfFile: docPath, encoding: .utf8)
        let begin = try #require(doc.range(of: "<!-- example-begin -->"))
        let end = try #require(doc.range(of: "<!-- example-end -->"))
        var documented: [UInt8] = []
        for line in doc[begin.upperBound..<end.lowerBound].split(separator: "\n") where line.first?.isHexDigit == true {
            let hexPart = line.split(separator: "|", maxSplits: 1)[0].dropFirst(10)
            documented += hexPart.split(separator: " ").map { UInt8($0, radix: 16)! }
        }
        #expect(documented.count == 161)

        try withScratch { scratch in
            let path = scratch.path()
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            try journal.append(kind: .data, payload: Array("hej".utf8))
            try journal.append(contentsOf: [(RecordKind.data, Array("då".utf8)), (.meta, [])])
            #expect(journal.headHashHex == "a4d528bc47f32f9626a4f4193d0666c088fbc18e37893c8f830f67f548baf36b")
            journal.close()
            #expect(try readBytes(path) == documented)
            #expect(doc.contains(Format.initialHash.hex))
        }
    }

    @Test func referenceHashIsSHA256() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(ReferenceSHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(ReferenceSHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(ReferenceSHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func chainHashHexRoundTrip() throws {
        let hash = Format.initialHash
        #expect(hash.hex.count == 64)
        #expect(ChainHash(hex: hash.hex) == hash)
        #expect(ChainHash(hex: hash.hex.uppercased()) == hash)
        #expect(ChainHash(bytes: hash.bytes) == hash)
        #expect(ChainHash(hex: "zz") == nil)
        #expect(ChainHash(bytes: [1, 2]) == nil)
        #expect(hash.hex == Spec.h0().map { String(format: "%02x", $0) }.joined())
    }

    @Test func headerFieldsAreChecked() throws {
        func withField(_ change: (inout [UInt8]) -> Void, recheck: Bool) -> [UInt8] {
            var header = Spec.header()
            change(&header)
            if recheck {
                header.replaceSubrange(24..<32, with: ReferenceSHA256.hash(Array(header[0..<24])).prefix(8))
            }
            return header
        }
        let cases: [([UInt8], JournalFault)] = [
            (withField({ $0[12] = 1 }, recheck: true), JournalFault(record: nil, offset: 12, reason: .unsupportedFlags(1))),
            (withField({ $0[8] = 2 }, recheck: true), JournalFault(record: nil, offset: 8, reason: .unsupportedVersion(2))),
            (withField({ $0[10] = 48 }, recheck: true), JournalFault(record: nil, offset: 10, reason: .badHeaderLength(48))),
            (withField({ $0[20] = 1 }, recheck: true), JournalFault(record: nil, offset: 16, reason: .reservedNotZero)),
            (withField({ $0[20] = 1 }, recheck: false), JournalFault(record: nil, offset: 24, reason: .headerCheckMismatch)),
            (withField({ $0[0] = 0x75 }, recheck: true), JournalFault(record: nil, offset: 0, reason: .badMagic)),
            (Array("hello".utf8), JournalFault(record: nil, offset: 0, reason: .badMagic)),
            (Array(Spec.header().prefix(12)) + [9], JournalFault(record: nil, offset: 0, reason: .incompleteHeader(bytes: 13))),
        ]
        try withScratch { scratch in
            for (bytes, fault) in cases {
                let path = scratch.path()
                try writeBytes(bytes, to: path)
                #expect(try Journal.verify(path: path).fault == fault)
                for mode in [Journal.Mode.readOnly, .readWrite] {
                    let error = journalError { _ = try Journal.open(path: path, mode: mode) }
                    #expect(error == .corrupt(path: path, fault: fault))
                }
                #expect(try readBytes(path) == bytes)
            }
        }
    }
}
