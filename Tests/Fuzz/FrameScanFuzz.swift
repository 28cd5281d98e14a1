// libFuzzer target: the journal's frame scanner (Sources/UppfoljJournal/Scanner.swift) over an
// arbitrary file image: the header check, then a scan with and without hash checks through a small
// read window (so frames straddle window boundaries). Nothing may crash or hang; a clean scan must
// end inside the file. Built and run by Tests/Fuzz/run.sh (with CryptoShim.swift as `Crypto`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameScan(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FrameScanFuzz.run(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}

enum FrameScanFuzz {
    static func run(_ bytes: [UInt8]) {
        let header = bytes.withUnsafeBytes { HeaderCheck.check(UnsafeRawBufferPointer(rebasing: $0.prefix(Format.headerLength))) }
        guard case .valid = header else { return }
        let file = MemoryJournalFile(bytes)
        for verify in [false, true] {
            let scanner = FrameScanner(file: file, capacity: 64)
            var seen = 0
            guard let result = try? scanner.scan(from: .start, to: bytes.count, verifyHashes: verify, visit: { record in
                precondition(record.offset >= Format.headerLength && record.offset < bytes.count, "record outside the file")
                precondition(record.index == seen, "records out of order")
                seen += 1
            }) else { continue }
            precondition(result.committed.offset <= bytes.count, "committed end beyond the file")
            precondition(result.committed.records <= seen, "more committed records than seen")
        }
    }
}

/// A read-only file image in memory.
final class MemoryJournalFile: JournalFile {
    let bytes: [UInt8]
    let path = "memory"
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(IOFailure) -> Int {
        guard offset < bytes.count else { return 0 }
        let n = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        return n
    }
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(IOFailure) -> Int { fatalError("read-only") }
    func sync() throws(IOFailure) {}
    func truncate(to length: Int) throws(IOFailure) { fatalError("read-only") }
    func size() throws(IOFailure) -> Int { bytes.count }
    func tryLockExclusive() throws(IOFailure) -> Bool { true }
    func isLockedByWriter() throws(IOFailure) -> Bool { false }
    func close() {}
}
