import Foundation
import XCTest

/// The CSV export opened in LibreOffice Calc (headless), as a spreadsheet user opens it: the
/// helper Tests/SpreadsheetCheck/check_csv_in_calc.py converts it to .xlsx under Swedish and US
/// settings and reads the cell types back with openpyxl (every count and share a number, `..` and
/// "65+" and every period text), and prints it to PDF (the figures on page 1). Skipped, saying
/// what to install, where LibreOffice, poppler-utils or openpyxl are missing (.ci/run installs them).
final class SpreadsheetEndToEndTests: XCTestCase {
    func testTheCSVOpensInCalcWithNumbersAsNumbersAndTextAsText() throws {
        let folder = try Uppfolj.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = try Uppfolj.run(["sample", "--cases", "300", "--seed", "7", "--until", "2026-06-30",
                                      "--out", folder.appendingPathComponent("s").path])
        XCTAssertEqual(sample.status, 0, sample.stderr)
        let journal = folder.appendingPathComponent("s/journal").path
        var files: [String: String] = [:]
        for dialect in ["sv", "rfc"] {
            let out = folder.appendingPathComponent("figures-\(dialect).csv").path
            let result = try Uppfolj.run(["export", journal, "--period", "2025", "--format", "csv", "--dialect", dialect,
                                          "--unit", "Enhet Syd", "--out", out])
            XCTAssertEqual(result.status, 0, result.stderr)
            files[dialect] = out
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SpreadsheetCheck/check_csv_in_calc.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--sv", files["sv"]!, "--rfc", files["rfc"]!,
                             "--work", folder.appendingPathComponent("calc").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 2 { throw XCTSkip(output) }
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertTrue(output.contains("ok: sv dialect, Swedish settings, special numbers on"), output)
        XCTAssertTrue(output.contains("ok: PDF (sv dialect, Swedish settings)"), output)
        print(output)
    }
}
