import Foundation
import XCTest

/// Issue 12's hostile-input suite through the real `uppfolj import`: control characters, duplicate
/// and unknown keys, a huge value, deep nesting, invalid UTF-8, malformed numbers, personnummer in
/// other spellings and implausible dates and times. Each bad line is refused with its own message,
/// nothing is written, and neither stdout nor stderr carries a raw control character or the huge value.
final class HostileInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws { folder = try Uppfolj.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A Luhn-valid YYMMDDNNNN, generated (never a number pasted into the source).
    static func identityNumber(_ seed: Int) -> [Int] {
        var digits = [8, 1, 0, 3 + seed % 6, 1, 1 + seed % 8, (seed / 7) % 10, 3, 7]
        for check in 0...9 {
            let candidate = digits + [check]
            let sum = candidate.enumerated().reduce(0) { total, pair in
                var v = pair.offset % 2 == 0 ? pair.element * 2 : pair.element
                if v > 9 { v -= 9 }
                return total + v
            }
            if sum % 10 == 0 { digits.append(check); return digits }
        }
        fatalError("unreachable")
    }

    static let intakeID = "00000000000000000000000000000a01"
    /// A complete intake, as `uppfolj sample` writes one.
    static let intakeData = #"{"birthYear":1980,"childrenExposed":"unknown","childrenInHousehold":3,"childrenWitnessed":"yes","functionalImpairment":"no","honourContext":"no","housing":"ownHome","interpreterNeeded":"no","legalBasis":"serviceWithoutDecision","multiplePerpetrators":"no","occupation":"working","policeReport":"yes","referral":"otherSocialServicesUnit","relation":"currentPartner","reportOfConcern":"yes","role":"victim","sex":"female","substanceUse":"no","violenceTypes":["economic","psychological"]}"#

    /// A line as `log --json` writes it, with fields replaced.
    static func line(id: String, code: String = "H-1", recordedAt: String = "2026-01-10T09:00:00Z", date: String = "2026-01-10",
                     worker: String = "hl01", type: String = "intake", data: String = intakeData) -> String {
        #"{"case":"\#(code)","data":\#(data),"date":"\#(date)","id":"\#(id)","recordedAt":"\#(recordedAt)","schema":1,"type":"\#(type)","worker":"\#(worker)"}"#
    }

    static func id(_ n: Int) -> String { String(format: "%032x", 0xb000 + n) }

    /// The hostile lines, each with what it tries. Every one must be refused.
    static func hostileLines() -> [(String, String)] {
        let pnr = identityNumber(1).map(String.init), d = pnr[0..<6].joined(), t = pnr[6..<10].joined()
        let fullWidth = (d + "-" + t).unicodeScalars.map { s in
            (48...57).contains(s.value) ? String(Character(Unicode.Scalar(0xFF10 + s.value - 48)!)) : String(s) }.joined()
        let start = #"{"interventionId":"I1","type":"other"}"#
        return [
            ("ESC in worker", line(id: id(1), code: "H-2", worker: #"hl\u001b[2J\u001b]0;owned\u000701"#)),
            ("BEL/NUL in intervention id", line(id: id(2), type: "interventionStarted", data: #"{"interventionId":"I\u0007\u0000","type":"other"}"#)),
            ("CR/LF in comment", line(id: id(3), type: "correction",
                data: #"{"action":"retract","comment":"rad\r\nFörfalskad rad","reason":"other","target":"\#(intakeID)"}"#)),
            ("C1 CSI in worker", line(id: id(4), code: "H-4", worker: "hl\u{9B}31m")),
            ("raw ESC byte in a string", line(id: id(5), code: "H-5", worker: "hl\u{1B}[2J")),
            ("duplicate key", line(id: id(6), code: "H-6").replacingOccurrences(of: #""case":"H-6","#, with: #""case":"H-6","case":"H-7","#)),
            ("duplicate key inside data", line(id: id(7), code: "H-8", data: intakeData.replacingOccurrences(of: #""role":"victim""#, with: #""role":"victim","role":"perpetrator""#))),
            ("unknown key", line(id: id(8), code: "H-9").replacingOccurrences(of: #""worker""#, with: #""workr""#)),
            ("unknown key inside data", line(id: id(9), code: "H-10", data: intakeData.replacingOccurrences(of: #""birthYear""#, with: #""birthyear""#))),
            ("huge value", line(id: id(10), code: "H-11", type: String(repeating: "x", count: 5_000_000) + "\u{1B}[2J")),
            ("huge case code", line(id: id(11), code: String(repeating: "K", count: 3_000_000), type: "interventionStarted", data: start)),
            ("deep nesting", line(id: id(12), code: "H-12", data: String(repeating: "[", count: 500) + String(repeating: "]", count: 500))),
            ("malformed number", line(id: id(13), code: "H-13").replacingOccurrences(of: #""schema":1"#, with: #""schema":01"#)),
            ("fractional schema", line(id: id(14), code: "H-14").replacingOccurrences(of: #""schema":1"#, with: #""schema":1.5"#)),
            ("pnr with space", line(id: id(15), type: "correction",
                data: #"{"action":"retract","comment":"se \#(d) \#(t)","reason":"other","target":"\#(intakeID)"}"#)),
            ("pnr with en dash", line(id: id(16), code: "K-\(d)\u{2013}\(t)")),
            ("pnr in pairs", line(id: id(17), code: "H-16", worker: "\(pnr[0..<2].joined()) \(pnr[2..<4].joined()) \(pnr[4..<6].joined())-\(pnr[6..<8].joined()) \(pnr[8..<10].joined())")),
            ("pnr with dots", line(id: id(18), code: "\(pnr[0..<2].joined()).\(pnr[2..<4].joined()).\(pnr[4..<6].joined())-\(t)")),
            ("pnr full-width", line(id: id(19), code: "H-17", worker: fullWidth)),
            ("pnr with T", line(id: id(20), code: "19\(d)T\(t)")),
            ("pnr with underscore", line(id: id(21), code: "K-\(d)_\(t)")),
            ("non-canonical time", line(id: id(22), code: "H-18", recordedAt: "2026-11-01T+1:+0:-0Z")),
            ("recorded in 2999", line(id: id(23), code: "H-19", recordedAt: "2999-01-01T00:00:00Z")),
            ("recorded in 1970", line(id: id(24), code: "H-20", recordedAt: "1970-01-01T00:00:00Z")),
            ("intake in year 0001", line(id: id(25), code: "H-21", date: "0001-01-01")),
            ("intake in 1899", line(id: id(26), code: "H-22", date: "1899-12-31")),
        ]
    }

    func hostileFile() throws -> (path: String, bad: Int) {
        var text = Data((Self.line(id: Self.intakeID) + "\n").utf8)  // a valid intake the others refer to
        let lines = Self.hostileLines()
        for (_, line) in lines { text.append(Data((line + "\n").utf8)) }
        // Invalid UTF-8 inside a string (a lone continuation byte and a truncated sequence).
        text.append(Data(Self.line(id: Self.id(40), code: "H-40", worker: "hlXX").utf8.map { $0 == UInt8(ascii: "X") ? 0xC3 : $0 }))
        text.append(0x0A)
        let file = path("hostile.jsonl")
        try text.write(to: URL(fileURLWithPath: file))
        return (file, lines.count + 1)
    }

    /// No byte below 0x20 but the line feed, no DEL, no C1 control (U+0080–U+009F as UTF-8).
    func assertNoRawControls(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() {
            let c1 = byte == 0xC2 && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1])
            if (byte < 0x20 && byte != 0x0A) || byte == 0x7F || c1 {
                XCTFail("\(what): raw control byte 0x\(String(byte, radix: 16)) at \(index)", file: file, line: line)
                return
            }
        }
    }

    func checkRefusal(_ result: CommandResult, bad: Int) {
        XCTAssertEqual(result.status, 1, result.stderr.prefix(2000).description)
        assertNoRawControls(result.stdout, "stdout")
        assertNoRawControls(result.stderr, "stderr")
        XCTAssertLessThan(result.stderr.utf8.count, 40_000, "the huge values are not echoed")
        XCTAssertTrue(result.stderr.contains("\(bad) rader är felaktiga; inget skrevs."), result.stderr)
        // Every hostile line (lines 2…) is named; the valid intake on line 1 is not.
        let named = Set(result.stderr.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("Rad "), let number = Int(line.dropFirst(4).prefix { $0.isNumber }) else { return nil }
            return number
        })
        XCTAssertEqual(named, Set(2...(bad + 1)), result.stderr)
    }

    func testHostileLinesAreRefusedIntoANewJournal() throws {
        let (file, bad) = try hostileFile()
        let result = try Uppfolj.run(["import", file, "--journal", path("new/journal")])
        checkRefusal(result, bad: bad)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("new/journal")), "nothing written")
        // The messages say what is wrong, in place of "not valid JSON".
        for expected in ["styrtecken", "står två gånger", "okänd nyckel \"workr\" (menade du \"worker\"?)",
                         "för djup nästling", "inte giltig UTF-8", "personnummer", "tal får inte börja med 0",
                         "Registreringstiden 2999-01-01T00:00:00Z", "före 1990-01-01", "…[längd/length"] {
            XCTAssertTrue(result.stderr.contains(expected), "\(expected) missing in:\n\(result.stderr.prefix(6000))")
        }
    }

    func testHostileLinesAreRefusedIntoAnExistingJournal() throws {
        let good = path("good.jsonl")
        try Data((Self.line(id: Self.intakeID) + "\n").utf8).write(to: URL(fileURLWithPath: good))
        XCTAssertEqual(try Uppfolj.run(["import", good, "--journal", path("j/journal")]).status, 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path("j/journal")))
        // Without the intake line (it is already in the journal): the same hostile lines.
        let (file, bad) = try hostileFile()
        let result = try Uppfolj.run(["import", file, "--journal", path("j/journal")])
        // Line 1 (the intake) is now a duplicate case: refused too.
        XCTAssertEqual(result.status, 1)
        assertNoRawControls(result.stdout, "stdout")
        assertNoRawControls(result.stderr, "stderr")
        XCTAssertLessThan(result.stderr.utf8.count, 40_000)
        XCTAssertTrue(result.stderr.contains("\(bad + 1) rader är felaktiga; inget skrevs."), result.stderr.prefix(6000).description)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("j/journal"))), before, "nothing written")
    }

    /// A journal written before the rule (Tests/Fixtures/journal-with-control-characters): `log` and
    /// `status` print its stored text escaped, never raw.
    func testListingsOfAnOldJournalEscapeControlCharacters() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/journal-with-control-characters")
        try FileManager.default.createDirectory(atPath: path("old"), withIntermediateDirectories: true)
        for name in ["journal", "journal.key"] {
            try FileManager.default.copyItem(atPath: fixture.appendingPathComponent(name).path, toPath: path("old/\(name)"))
        }
        let log = try Uppfolj.run(["log", path("old/journal")])
        XCTAssertEqual(log.status, 0, log.stderr)
        assertNoRawControls(log.stdout, "log")
        XCTAssertEqual(log.stdout.split(separator: "\n").count, 2, "no forged line: \(log.stdout)")
        XCTAssertTrue(log.stdout.contains(#"hl\u{1B}[2J\u{1B}]0;owned\u{7}\u{D}\u{A}FORGED LINE"#), log.stdout)
        XCTAssertTrue(log.stdout.contains(#"I\u{1B}[31m"#), log.stdout)
        let status = try Uppfolj.run(["status", path("old/journal")])
        XCTAssertEqual(status.status, 0, status.stderr)
        assertNoRawControls(status.stdout, "status")
    }

    /// Listings print stored text through the sanitiser too (an old journal may hold what is refused
    /// now): here a case code at its longest and a worker id with letters of other scripts stay as they are.
    func testLogAndStatusPrintOrdinaryTextUnchanged() throws {
        let good = path("good.jsonl")
        let code = "Å-" + String(repeating: "k", count: 38)
        try Data((Self.line(id: Self.intakeID, code: code, worker: "hl-Ωmega") + "\n").utf8).write(to: URL(fileURLWithPath: good))
        XCTAssertEqual(try Uppfolj.run(["import", good, "--journal", path("j/journal")]).status, 0)
        let log = try Uppfolj.run(["log", path("j/journal")])
        XCTAssertTrue(log.stdout.contains(code + "  "), log.stdout)
        XCTAssertTrue(log.stdout.contains("hl-Ωmega"), log.stdout)
    }
}
