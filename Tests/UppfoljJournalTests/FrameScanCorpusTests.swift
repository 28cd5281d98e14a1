import Foundation
import XCTest
@testable import UppfoljJournal

/// Replays the frame-scan fuzzer's corpus (Tests/Fuzz/corpus/frame-scan, grown by
/// `Tests/Fuzz/run.sh frame-scan`) through the same checks as the libFuzzer target, with the real
/// SHA-256: nothing may crash, records come in order inside the file, and what is committed was seen.
final class FrameScanCorpusTests: XCTestCase {
    final class MemoryFile: JournalFile {
        let bytes: [UInt8]
        let path = "memory"
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(IOFailure) -> Int {
            guard offset < bytes.count else { return 0 }
            let n = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            return n
        }
        func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(IOFailure) -> Int { 0 }
        func sync() throws(IOFailure) {}
        func truncate(to length: Int) throws(IOFailure) {}
        func size() throws(IOFailure) -> Int { bytes.count }
        func tryLockExclusive() throws(IOFailure) -> Bool { true }
        func isLockedByWriter() throws(IOFailure) -> Bool { false }
        func close() {}
    }

    func testFrameScanCorpus() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/frame-scan")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertFalse(names.isEmpty)
        var withRecords = 0
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            let header = bytes.withUnsafeBytes { HeaderCheck.check(UnsafeRawBufferPointer(rebasing: $0.prefix(Format.headerLength))) }
            guard case .valid = header else { continue }
            for verify in [false, true] {
                let scanner = FrameScanner(file: MemoryFile(bytes), capacity: 64)
                var seen = 0
                let result = try scanner.scan(from: .start, to: bytes.count, verifyHashes: verify) { record in
                    XCTAssertTrue(record.offset >= Format.headerLength && record.offset < bytes.count, name)
                    XCTAssertEqual(record.index, seen, name)
                    seen += 1
                }
                XCTAssertLessThanOrEqual(result.committed.offset, bytes.count, name)
                XCTAssertLessThanOrEqual(result.committed.records, seen, name)
                if verify, seen > 0 { withRecords += 1 }
            }
        }
        XCTAssertGreaterThan(withRecords, 0, "the seeds hold real journals whose hashes check")
        print("frame-scan corpus: \(names.count) inputs, \(withRecords) with hash-checked records")
    }
}
