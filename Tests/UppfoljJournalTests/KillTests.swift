import Foundation
import XCTest
@testable import UppfoljJournal
import ChildProcessSupport

/// The writer in a real child process (`journal-lock-probe append`), killed with SIGKILL at random
/// moments during a stream of single and batched appends; after every kill the journal is reopened
/// and every append the child acknowledged (printed "ack N" after `append` returned) must be there,
/// byte for byte, with the chain verifying. 25 kills in the normal suite; `UPPFOLJ_LONG_TESTS=1`
/// runs 500.
final class KillTests: XCTestCase {
    func testNoAcknowledgedAppendIsLostWhenTheWriterIsKilled() throws {
        let kills = ProcessInfo.processInfo.environment["UPPFOLJ_LONG_TESTS"] == "1" ? 500 : 25
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal").path
        var random = SystemRandomNumberGenerator()
        var verified: Journal.Cursor?
        var acknowledged = 0, lost = 0, chainFailures = 0, tornCut = 0, unacknowledgedKept = 0
        // Torn tails inside a batch's last record, which a killed write leaves on a page boundary.
        var batchEndCuts = 0

        for round in 0..<kills {
            // Let it acknowledge a random number of appends, then kill it a random moment later.
            let child = try ChildProcess.killDuringAppends(try LockTests.probePath(), ["append", path], acknowledged: acknowledged,
                                                           maxMore: 40, maxDelay: 3_000, using: &random)
            let lastAck = child.lastAck
            XCTAssertTrue(child.killed, "round \(round): the child was killed, not finished")

            // Reopen (read-write cuts a torn tail), check the chain and every record.
            do {
                let journal = try Journal.open(path: path, mode: .readWrite)
                if let torn = journal.tornTail {
                    tornCut += 1
                    if torn.batchEndSeen {
                        batchEndCuts += 1
                        XCTAssertTrue(torn.endsOnPageBoundary, "round \(round): a killed write stops on a page boundary")
                    }
                }
                if journal.recordCount < lastAck { lost += lastAck - journal.recordCount }
                if journal.recordCount > lastAck { unacknowledgedKept += 1 }   // durable, killed before it said so
                var index = verified?.records ?? 0
                let check: (JournalRecord) throws -> Void = { record in
                    XCTAssertEqual(record.index, index)
                    if Array(record.payload) != expectedPayload(index) {
                        XCTFail("round \(round): record \(index) differs")
                    }
                    index += 1
                }
                if let verified { try journal.forEachRecord(since: verified, check) } else { try journal.forEachRecord(check) }
                verified = journal.cursor
                acknowledged = journal.recordCount
                journal.close()
            } catch {
                chainFailures += 1
                XCTFail("round \(round): \(error)")
                break
            }
        }
        XCTAssertEqual(lost, 0, "lost acknowledged appends")
        XCTAssertEqual(chainFailures, 0)
        XCTAssertGreaterThan(acknowledged, kills, "the writer made progress between kills")
        print("kill harness: \(kills) kills, \(acknowledged) records, \(unacknowledgedKept) kills after a write but before its ack, "
              + "\(tornCut) torn tails cut (\(batchEndCuts) inside a batch's last record, on a page boundary), \(lost) lost, \(chainFailures) chain failures")
    }

}

/// The same stream as `journal-lock-probe append` writes (Sources/journal-lock-probe/main.swift):
/// record `index` carries these 1–3,000 bytes. If the two drift apart, this test fails.
private func expectedPayload(_ index: Int) -> [UInt8] {
    var state = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15 &+ 1
    func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    let length = Int(next() % 3_000) + 1
    return (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
}
