import Foundation
import TerminalKit
import XCTest

/// Runs the real `nc-demo` under tmux. The shell that starts it writes `stty -a` of the same
/// pane and the exit status to files afterwards, so the tests see whether the tty was restored.
final class DemoEndToEndTests: XCTestCase {
    private var session: TmuxSession!
    private var demo = ""

    override func setUpWithError() throws {
        guard let tmux = TmuxSession.locateTmux() else { throw XCTSkip("tmux is not installed") }
        guard let demo = productExecutable(named: "nc-demo") else {
            XCTFail("nc-demo not found next to the test bundle (\(CommandLine.arguments[0])); build it first")
            throw XCTSkip("nc-demo missing")
        }
        self.demo = demo
        session = try TmuxSession(tmux: tmux)
    }

    override func tearDown() {
        session = nil
    }

    /// Starts the demo; afterwards the shell records `stty -a` and `$?`, then waits.
    private func startDemo(environment: [String: String] = [:], width: Int = 80, height: Int = 24) throws -> pid_t {
        let variables = (["SWIFT_BACKTRACE": "enable=no", "LC_ALL": "C.UTF-8"].merging(environment) { $1 })
            .sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuoted($0.value))" }.joined(separator: " ")
        let command = """
            ulimit -c 0; env \(variables) \(shellQuoted(demo)) --pid-file \(shellQuoted(session.path("pid"))); \
            code=$?; stty -a > \(shellQuoted(session.path("stty"))) 2>&1; \
            echo $code > \(shellQuoted(session.path("status"))); exec sleep 600
            """
        try session.start(command, width: width, height: height)
        session.waitForText("q quits")
        let pid = session.waitForFile("pid").flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return try XCTUnwrap(pid)
    }

    /// Waits for the demo to end; returns its exit status and the pane's tty flags afterwards.
    private func finish(file: StaticString = #filePath, line: UInt = #line) -> (status: Int?, flags: Set<String>) {
        let status = session.waitForFile("status", file: file, line: line)
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let stty = (try? String(contentsOfFile: session.path("stty"), encoding: .utf8)) ?? ""
        return (status, sttyFlags(stty))
    }

    private func assertRestored(_ flags: Set<String>, file: StaticString = #filePath, line: UInt = #line) {
        for flag in ["icanon", "echo", "isig", "icrnl"] {
            XCTAssertTrue(flags.contains(flag), "tty should be back to \(flag): \(flags.sorted())", file: file, line: line)
        }
    }

    private func assertTableAligned(_ screen: [String], file: StaticString = #filePath, line: UInt = #line) {
        let rows = [("Åtta Över", "Hög"), ("漢字 Kanji", "Låg"), ("Ide\u{0308} Ek", "Medel"), ("Bäck Ärende", "Låg")]
        for (name, risk) in rows {
            guard let text = screen.first(where: { $0.contains(name) }) else {
                XCTFail("row \(name) missing:\n\(screen.joined(separator: "\n"))", file: file, line: line)
                continue
            }
            XCTAssertEqual(displayColumn(of: name, in: text), 2, "\(name) in: \(text)", file: file, line: line)
            XCTAssertEqual(displayColumn(of: risk, in: text), 2 + 16 + 1, "risk column after \(name) in: \(text)",
                           file: file, line: line)
        }
    }

    func testRendersUnicodeAlignedFollowsKeysSurvivesResizeAndQuitsCleanly() throws {
        _ = try startDemo()
        var screen = session.capture()
        XCTAssertTrue(screen.contains { $0.contains("Uppfölj nc-demo") })
        assertTableAligned(screen)
        XCTAssertTrue(screen.contains { $0.hasPrefix(">!Åtta Över") }, "first row selected and flagged")

        try session.sendKeys("Down")
        screen = session.waitForText("key: ↓")
        XCTAssertTrue(screen.contains { $0.hasPrefix("> 漢字 Kanji") }, screen.joined(separator: "\n"))

        // Colours reach the terminal: the flagged row is yellow on red, the selection white on blue.
        let colored = session.capture(escapes: true)
        XCTAssertTrue(colored.contains { $0.contains("Åtta") && sgrParameters(in: $0).isSuperset(of: [33, 41]) },
                      colored.joined(separator: "\n"))
        XCTAssertTrue(colored.contains { $0.contains("Kanji") && sgrParameters(in: $0).isSuperset(of: [37, 44]) },
                      colored.joined(separator: "\n"))

        try session.resize(width: 50, height: 12)
        screen = session.waitForText("50x12")
        assertTableAligned(screen)
        XCTAssertTrue(screen.allSatisfy { $0.displayWidth <= 50 })
        try session.resize(width: 20, height: 5)
        session.waitForText("too small")
        try session.resize(width: 80, height: 24)
        screen = session.waitForText("80x24")
        assertTableAligned(screen)

        try session.sendKeys("q")
        let (status, flags) = finish()
        XCTAssertEqual(status, 0)
        assertRestored(flags)
    }

    func testNoColorGivesMonochromeAttributes() throws {
        _ = try startDemo(environment: ["NO_COLOR": "1"])
        session.waitForText("| mono |")
        let lines = session.capture(escapes: true)
        let selected = try XCTUnwrap(lines.first { $0.contains("Åtta") })
        let parameters = sgrParameters(in: selected)
        XCTAssertTrue(parameters.contains(7), "selection is reverse video: \(selected.debugDescription)")
        let colorCodes = parameters.filter { (30...37).contains($0) || (40...47).contains($0) || $0 == 38 || $0 == 48 }
        XCTAssertTrue(colorCodes.isEmpty, "no colours with NO_COLOR: \(lines.joined(separator: "\n").debugDescription)")
        try session.sendKeys("q")
        XCTAssertEqual(finish().status, 0)
    }

    func testTerminationSignalsRestoreTheTerminal() throws {
        for (signal, name) in [(SIGTERM, "TERM"), (SIGINT, "INT"), (SIGHUP, "HUP")] {
            session = try TmuxSession(tmux: session.tmux)
            let pid = try startDemo()
            XCTAssertEqual(kill(pid, signal), 0)
            let (status, flags) = finish()
            XCTAssertEqual(status, 128 + Int(signal), "SIG\(name)")
            assertRestored(flags)
        }
    }

    /// Signals whose default action ends the process (issue 12): they left the tty raw.
    func testOtherFatalSignalsRestoreTheTerminal() throws {
        for (signal, name) in [(SIGUSR1, "USR1"), (SIGUSR2, "USR2"), (SIGPIPE, "PIPE"), (SIGALRM, "ALRM")] {
            session = try TmuxSession(tmux: session.tmux)
            let pid = try startDemo()
            XCTAssertEqual(kill(pid, signal), 0)
            let (status, flags) = finish()
            XCTAssertEqual(status, 128 + Int(signal), "SIG\(name)")
            assertRestored(flags)
        }
    }

    /// SIGQUIT (Ctrl-\\) restores the terminal and ends the program; Swift's interactive
    /// backtracer, which the runtime would otherwise open on the user's screen, never starts.
    func testSigquitRestoresTheTerminalWithoutTheInteractiveBacktracer() throws {
        let pid = try startDemo(environment: ["SWIFT_BACKTRACE": "enable=yes,interactive=yes"])
        XCTAssertEqual(kill(pid, SIGQUIT), 0)
        let (status, flags) = finish()
        XCTAssertEqual(status, 128 + Int(SIGQUIT))
        assertRestored(flags)
        let screen = session.capture().joined(separator: "\n")
        XCTAssertFalse(screen.contains("Crash") || screen.contains("backtrace"), screen)
    }

    func testErrorThrownToTheTopRestoresTheTerminalAndIsShown() throws {
        _ = try startDemo()
        try session.sendKeys("e")
        let (status, flags) = finish()
        XCTAssertEqual(status, 1)
        assertRestored(flags)
        session.waitForText("nc-demo: demo error requested with 'e'")
    }

    func testCrashRestoresTheTerminal() throws {
        _ = try startDemo()
        try session.sendKeys("X")
        let (status, flags) = finish()
        XCTAssertGreaterThan(status ?? 0, 128, "killed by the trap signal")
        assertRestored(flags)
    }

    func testCursorIsHiddenUntilTheFrameAsksForIt() throws {
        _ = try startDemo()
        session.waitForCursor(visible: false)
        try session.sendKeys("c")
        session.waitForCursor(x: 2, y: 3, visible: true)
        try session.sendKeys("Down")
        session.waitForCursor(x: 2, y: 4, visible: true)
        try session.sendKeys("c")
        session.waitForCursor(visible: false)
        try session.sendKeys("q")
        XCTAssertEqual(finish().status, 0)
    }

    func testExitCalledInsideTheSessionRestoresTheTerminal() throws {
        _ = try startDemo()
        try session.sendKeys("x")
        let (status, flags) = finish()
        XCTAssertEqual(status, 3)
        assertRestored(flags)
    }

    /// Control: SIGKILL cannot be handled, so the tty stays raw. This shows the demo really
    /// changes the tty modes and that the checks above would notice a missing restore.
    func testSigkillLeavesTheTerminalRawWhichTheChecksDetect() throws {
        let pid = try startDemo()
        XCTAssertEqual(kill(pid, SIGKILL), 0)
        let (status, flags) = finish()
        XCTAssertEqual(status, 128 + Int(SIGKILL))
        XCTAssertTrue(flags.isSuperset(of: ["-icanon", "-echo", "-isig"]), flags.sorted().description)
    }
}
