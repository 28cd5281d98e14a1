import Foundation
import XCTest

/// `uppfolj-bench --help` prints its usage and starts nothing (it used to start the whole
/// multi-minute run, generating a million-event journal).
final class BenchCommandLineTests: XCTestCase {
    func testHelpPrintsUsageAndRunsNothing() throws {
        let bench = Uppfolj.binary.deletingLastPathComponent().appendingPathComponent("uppfolj-bench")
        guard FileManager.default.isExecutableFile(atPath: bench.path) else {
            return XCTFail("uppfolj-bench is not built next to uppfolj at \(bench.path)")
        }
        for flag in ["--help", "-h"] {
            let process = Process()
            process.executableURL = bench
            process.arguments = [flag]
            let out = Pipe()
            process.standardOutput = out
            let started = Date()
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            XCTAssertEqual(process.terminationStatus, 0)
            XCTAssertTrue(text.contains("usage: swift run -c release uppfolj-bench"), text)
            XCTAssertTrue(text.contains("--events"), text)
            XCTAssertLessThan(Date().timeIntervalSince(started), 5, "\(flag) must not start a run")
        }
    }
}
