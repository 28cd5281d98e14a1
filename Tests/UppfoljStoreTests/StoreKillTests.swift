import Foundation
import XCTest
import UppfoljCore
import UppfoljSample
@testable import UppfoljStore
import ChildProcessSupport

/// The kill harness one level up: the writer is the encrypted store (`store-kill-probe`: validate,
/// seal, durable append — single saves and all-or-nothing batches) in a child process, SIGKILLed at
/// random moments. After every kill the journal is reopened with the key: every event the child
/// acknowledged must be there and decode to exactly the event written, and the chain must verify.
/// 15 kills in the normal suite; `UPPFOLJ_LONG_TESTS=1` runs 500.
final class StoreKillTests: XCTestCase {
    func testNoAcknowledgedSaveIsLostWhenTheEncryptedWriterIsKilled() throws {
        let kills = ProcessInfo.processInfo.environment["UPPFOLJ_LONG_TESTS"] == "1" ? 500 : 15
        let catalogue = try InstrumentCatalogue.builtIn()
        let (cases, seed, until) = (800, UInt64(11), "2026-06-30")
        let expected = SampleGenerator(cases: cases, seed: seed, until: Day(iso: until)!, catalogue: catalogue).events()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-storekill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal").path
        var random = SystemRandomNumberGenerator()
        var acknowledged = 0, lost = 0, failures = 0, tornCut = 0, kept = 0, rounds = 0

        while rounds < kills && acknowledged < expected.count - 50 {
            rounds += 1
            let child = try ChildProcess.killDuringAppends(try Self.probePath(), [path, "\(cases)", "\(seed)", until],
                                                           acknowledged: acknowledged, maxMore: 12, maxDelay: 2_000, using: &random)
            let lastAck = child.lastAck
            XCTAssertTrue(child.killed, "round \(rounds): the child was killed, not finished")

            do {
                let store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, passphrase: { _ in Passphrase.demo })
                if store.openNotice?.en.contains("incomplete record") == true { tornCut += 1 }
                let events = try store.allEvents()
                if events.count < lastAck { lost += lastAck - events.count }
                if events.count > lastAck { kept += 1 }
                if events != Array(expected.prefix(events.count)) { XCTFail("round \(rounds): the events differ from what was written") }
                acknowledged = events.count
            } catch {
                failures += 1
                XCTFail("round \(rounds): \(error)")
                break
            }
        }
        guard case .success(let verified) = CaseStore.verify(path: path, passphrase: { _ in Passphrase.demo }) else {
            return XCTFail("verify failed")
        }
        XCTAssertNil(verified.fault)
        XCTAssertTrue(verified.contentChecked)
        XCTAssertEqual(lost, 0, "lost acknowledged saves")
        XCTAssertEqual(failures, 0)
        XCTAssertGreaterThan(acknowledged, rounds, "the writer made progress between kills")
        print("store kill harness: \(rounds) kills, \(acknowledged) events, \(kept) kills after a write but before its ack, "
              + "\(tornCut) torn tails cut, \(lost) lost, \(failures) open or chain failures")
    }

    /// The probe is built with the tests (`swift build --build-tests`); a missing probe is a
    /// failure, never a skip, so the kill harness cannot silently stop running.
    static func probePath() throws -> String {
        try ChildProcess.executable(named: "store-kill-probe")
    }
}
