import Foundation
import TerminalKit
import XCTest

/// Runs a command in a detached tmux session on a private socket and watches its screen.
/// Every wait polls `capture-pane` (or a file) up to a deadline; nothing sleeps a fixed time.
final class TmuxSession {
    let tmux: String
    let socket: String
    let directory: URL
    private var started = false

    /// nil when tmux is not installed.
    static func locateTmux() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
            let candidate = "\(dir)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    init(tmux: String) throws {
        self.tmux = tmux
        let unique = "\(getpid())-\(UUID().uuidString.prefix(8))"
        socket = "nc-e2e-\(unique)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nc-e2e-\(unique)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        if started { _ = try? run(["kill-server"]) }
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Stops the private server and waits (bounded) until no server answers on the socket, so a
    /// new session starts a fresh server instead of racing the old one's shutdown.
    func stopServer(timeout: TimeInterval = 5) throws {
        try run(["kill-server"])
        let deadline = Date().addingTimeInterval(timeout)
        while (try? run(["list-sessions"])) != nil && Date() < deadline { usleep(10_000) }
        started = false
    }

    /// Starts `command` (run by /bin/sh) in a new detached session of the given size.
    func start(_ command: String, width: Int = 80, height: Int = 24) throws {
        // A server that is still shutting down answers a new client with "server exited
        // unexpectedly"; that is the only failure worth another try (bounded).
        for attempt in 1...3 {
            do {
                try run(["new-session", "-d", "-x", "\(width)", "-y", "\(height)", command])
                break
            } catch let error as NSError where attempt < 3 && error.localizedDescription.contains("server exited unexpectedly") {
                usleep(50_000)
            }
        }
        started = true
    }

    /// Runs tmux with these arguments and returns its output; throws when it fails.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["TMUX_PANE"] = nil
        environment["NO_COLOR"] = nil         // `swift test` sets NO_COLOR=1; panes start without it
        environment["LC_ALL"] = "C.UTF-8"     // tmux measures character widths in its own locale
        environment["LANG"] = "C.UTF-8"
        environment["SHELL"] = "/bin/sh"
        environment["UPPFOLJ_PASSPHRASE_FILE"] = TestPassphrase.file   // reaches the panes via the server
        if environment["TERM"] == nil { environment["TERM"] = "xterm" }
        let outputPath = path("tmux-output-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let status = try spawnAndWait(tmux, ["-L", socket, "-f", "/dev/null"] + arguments,
                                      environment: environment, outputPath: outputPath)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw NSError(domain: "tmux", code: Int(status),
                          userInfo: [NSLocalizedDescriptionKey: "tmux \(arguments.joined(separator: " ")): \(text)"])
        }
        return text
    }

    /// The visible screen as text lines (with `escapes`, including SGR attribute sequences).
    func capture(escapes: Bool = false) -> [String] {
        let text = (try? run(["capture-pane", "-p"] + (escapes ? ["-e"] : []))) ?? ""
        return text.components(separatedBy: "\n")
    }

    /// The pane's cursor: position and whether it is visible.
    func cursor() -> (x: Int, y: Int, visible: Bool)? {
        let fields = ((try? run(["display-message", "-p", "#{cursor_x} #{cursor_y} #{cursor_flag}"])) ?? "")
            .split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard fields.count == 3 else { return nil }
        return (fields[0], fields[1], fields[2] == 1)
    }

    /// Polls until the cursor is in the expected state.
    func waitForCursor(x: Int? = nil, y: Int? = nil, visible: Bool, timeout: TimeInterval = 10,
                       file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let c = cursor(), c.visible == visible, x == nil || c.x == x, y == nil || c.y == y { return }
            if Date() > deadline {
                XCTFail("cursor is \(String(describing: cursor())), expected x \(String(describing: x)) y \(String(describing: y)) visible \(visible)",
                        file: file, line: line)
                return
            }
            usleep(20_000)
        }
    }

    /// tmux key names (Tab, BTab, Enter, Escape, Right, F2, Space, BSpace, ...) or plain characters.
    func sendKeys(_ keys: String...) throws {
        try run(["send-keys"] + keys)
    }

    func sendKeys(_ keys: [String]) throws {
        try run(["send-keys"] + keys)
    }

    /// Literal text, never interpreted as key names.
    func type(_ text: String) throws {
        try run(["send-keys", "-l", text])
    }

    /// The pid of the process the pane started (the shell running the command).
    func panePID() -> pid_t? {
        pid_t(((try? run(["display-message", "-p", "#{pane_pid}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `predicate` holds; fails the test with the last screen otherwise.
    @discardableResult
    func waitForScreen(_ what: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line,
                       _ predicate: ([String]) -> Bool) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = capture()
        while !predicate(screen) {
            if Date() > deadline {
                XCTFail("timed out waiting for \(what); screen:\n\(screen.joined(separator: "\n"))", file: file, line: line)
                return screen
            }
            usleep(20_000)
            screen = capture()
        }
        return screen
    }

    @discardableResult
    func waitForText(_ text: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        waitForScreen("\"\(text)\"", timeout: timeout, file: file, line: line) { $0.contains { $0.contains(text) } }
    }

    /// Polls until the file exists and is non-empty, then returns its contents.
    func waitForFile(_ name: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() <= deadline {
            if let text = try? String(contentsOfFile: path(name), encoding: .utf8),
               text.hasSuffix("\n") {
                return text
            }
            usleep(20_000)
        }
        XCTFail("timed out waiting for file \(name); screen:\n\(capture().joined(separator: "\n"))", file: file, line: line)
        return nil
    }
}

/// Runs a program with stdout and stderr in `outputPath` and waits for it.
///
/// Not Foundation's `Process`: on Linux it hands the child a socket that the tmux server
/// (forked from the client) inherits, and `waitUntilExit` then waits for the server to end.
/// Here the child gets only stdin (/dev/null), stdout and stderr; every other descriptor is
/// closed on exec, so no pipe of `swift test` stays open in a tmux server either.
func spawnAndWait(_ program: String, _ arguments: [String], environment: [String: String],
                  outputPath: String) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    markInheritedDescriptorsCloseOnExec()
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let error = posix_spawn(&pid, program, &actions, nil, argv, envp)
    guard error == 0 else {
        throw NSError(domain: NSPOSIXErrorDomain, code: Int(error),
                      userInfo: [NSLocalizedDescriptionKey: "cannot run \(program)"])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS are macros; decode by hand.
    return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
}

/// Sets FD_CLOEXEC on every descriptor above stderr (Glibc's Swift module does not export
/// posix_spawn_file_actions_addclosefrom_np). Harmless for this process itself.
private func markInheritedDescriptorsCloseOnExec() {
    let listed = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
    for fd in listed ?? Array(3..<1024) where fd > 2 {
        let flags = fcntl(fd, F_GETFD)
        if flags >= 0 && flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }
}

/// Processes whose parent is `parent` and whose command name is `name`, read from /proc.
func childProcesses(of parent: pid_t, named name: String) -> [pid_t] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { pid_t($0) }.filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return false }
        // "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ")".
        let command = stat[stat.index(after: open)..<close]
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return command == name && fields.count > 1 && pid_t(fields[1]) == parent
    }
}

/// Single-quotes a string for /bin/sh.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Finds a product executable next to the test bundle: walks up from the running test binary.
func productExecutable(named name: String) -> String? {
    var starts = [URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath(), Bundle.main.bundleURL]
    starts += Bundle.allBundles.map(\.bundleURL)
    for start in starts {
        var dir = start.standardizedFileURL
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
    }
    return nil
}

/// Words of `stty -a` output ("icanon", "-echo", ...).
func sttyFlags(_ output: String) -> Set<String> {
    Set(output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" || $0 == "\t" }).map(String.init))
}

/// Display column where `needle` starts in `line`, or nil.
func displayColumn(of needle: String, in line: String) -> Int? {
    guard let range = line.range(of: needle) else { return nil }
    return line[..<range.lowerBound].displayWidth
}

/// SGR parameters (`ESC [ p;p m`) in a line captured with `capture-pane -e`.
func sgrParameters(in line: String) -> Set<Int> {
    var result = Set<Int>()
    var rest = Substring(line)
    while let start = rest.range(of: "\u{1B}[") {
        rest = rest[start.upperBound...]
        guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
        if rest[end] == "m" {
            result.formUnion(rest[..<end].split(separator: ";").compactMap { Int($0) })
        }
        rest = rest[end...]
    }
    return result
}
