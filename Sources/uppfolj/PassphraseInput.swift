import CProcessHardening
import Foundation
import UppfoljCore
import UppfoljStore

/// Where the program's passphrase comes from, in this order:
/// 1. `--demo`: the published demo passphrase (the demo journal is synthetic);
/// 2. `UPPFOLJ_PASSPHRASE_FILE`: a file holding it (for scripts); it must exist, be readable, not be
///    readable by others, and not be empty;
/// 3. a prompt on the terminal (/dev/tty) with echo off — asked twice when a new key is made;
/// 4. otherwise the command stops with a message naming the two ways.
/// It is asked for only when a journal actually needs it.
enum PassphraseInput {
    static let fileVariable = "UPPFOLJ_PASSPHRASE_FILE"

    static func source(demo: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) -> PassphraseSource {
        { purpose in
            if demo { return Passphrase.demo }
            if let file = environment[fileVariable], !file.isEmpty { return try fromFile(file) }
            return try prompt(for: purpose)
        }
    }

    /// Only the file (or the demo): for commands that must never stop to ask (`verify`).
    static func fileSource(environment: [String: String] = ProcessInfo.processInfo.environment) -> PassphraseSource? {
        guard let file = environment[fileVariable], !file.isEmpty else { return nil }
        return { _ in try fromFile(file) }
    }

    static func fromFile(_ path: String) throws -> Passphrase {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StoreError(Localized(
                sv: "Lösenfrasfilen \(path) (\(fileVariable)) finns inte.",
                en: "The passphrase file \(path) (\(fileVariable)) does not exist."))
        }
        if info.st_mode & S_IFMT == S_IFREG, info.st_mode & (S_IRWXG | S_IRWXO) != 0 {
            throw StoreError(Localized(
                sv: "Lösenfrasfilen \(path) kan läsas av andra (rättigheter \(String(info.st_mode & 0o777, radix: 8))); den används inte. Ändra med: chmod 600 \(path)",
                en: "The passphrase file \(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); it is not used. Fix with: chmod 600 \(path)"))
        }
        guard info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(Localized(
                sv: "Lösenfrasfilen \(path) (\(fileVariable)) kan inte läsas.",
                en: "The passphrase file \(path) (\(fileVariable)) cannot be read."))
        }
        var bytes = [UInt8](data)
        defer { for i in bytes.indices { bytes[i] = 0 } }
        guard let passphrase = Passphrase(fileContents: bytes), !passphrase.isEmpty else {
            throw StoreError(Localized(
                sv: "Lösenfrasfilen \(path) är tom eller inte UTF-8.",
                en: "The passphrase file \(path) is empty or not UTF-8."))
        }
        return passphrase
    }

    static func prompt(for purpose: PassphrasePurpose) throws -> Passphrase {
        let language = Language.from(environment: ProcessInfo.processInfo.environment, explicit: nil)
        func say(_ text: Localized) -> String { text.text(language) }
        switch purpose {
        case .unlock(let journal):
            return try prompt(say(Localized(sv: "Lösenfras för \(journal): ", en: "Passphrase for \(journal): ")))
        case .create, .change:
            let ask: Localized
            if case .create(let journal) = purpose {
                ask = Localized(
                    sv: "Ny journal \(journal). Välj en lösenfras (minst \(Passphrase.minimumLength) tecken): ",
                    en: "New journal \(journal). Choose a passphrase (at least \(Passphrase.minimumLength) characters): ")
            } else {
                ask = Localized(sv: "Ny lösenfras (minst \(Passphrase.minimumLength) tecken): ",
                                en: "New passphrase (at least \(Passphrase.minimumLength) characters): ")
            }
            // Three tries, as passwd gives; then the command stops without having written anything.
            for _ in 1...3 {
                let first = try prompt(say(ask))
                guard first.characterCount >= Passphrase.minimumLength else {
                    tell(say(Localized(sv: "För kort: minst \(Passphrase.minimumLength) tecken.",
                                       en: "Too short: at least \(Passphrase.minimumLength) characters.")))
                    continue
                }
                let second = try prompt(say(Localized(sv: "Samma lösenfras igen: ", en: "The same passphrase again: ")))
                guard first == second else {
                    tell(say(Localized(sv: "Lösenfraserna var olika.", en: "The passphrases differed.")))
                    continue
                }
                return first
            }
            throw StoreError(Localized(sv: "Ingen ny lösenfras valdes; ingenting ändrades.",
                                             en: "No new passphrase was chosen; nothing was changed."))
        }
    }

    /// A line to the terminal the prompt is on.
    private static func tell(_ line: String) {
        let tty = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { return }
        _ = (line + "\n").withCString { write(tty, $0, strlen($0)) }
        close(tty)
    }

    /// Longest passphrase line read at the prompt, in bytes: the kernel's line limit for a terminal
    /// in canonical mode (4095 bytes and the line break), so no line a terminal delivers is cut.
    static let promptCapacity = 4_096

    /// Reads one line from the terminal with echo off; restores the terminal on every way out,
    /// also when interrupted (Ctrl-C) at the prompt (`uppfolj_echo_guard_arm`: a C handler on
    /// state prepared in advance, by TerminalRestore's rules). The line is read into one buffer of
    /// fixed size, never moved or grown, and overwritten with zeros before it is released.
    static func prompt(_ text: String) throws -> Passphrase {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else {
            throw StoreError(Localized(
                sv: "Lösenfras behövs, men det finns ingen terminal att fråga i. Ange den i en fil (chmod 600) och sätt \(fileVariable) till filens sökväg.",
                en: "A passphrase is needed but there is no terminal to ask at. Put it in a file (chmod 600) and set \(fileVariable) to its path."))
        }
        defer { close(tty) }
        var saved = termios()
        let canHideEcho = tcgetattr(tty, &saved) == 0
        if canHideEcho {
            uppfolj_echo_guard_arm(tty, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ECHONL)
            tcsetattr(tty, TCSAFLUSH, &quiet)
        }
        defer {
            if canHideEcho {
                tcsetattr(tty, TCSAFLUSH, &saved)
                uppfolj_echo_guard_disarm()
            }
        }
        _ = text.withCString { write(tty, $0, strlen($0)) }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: promptCapacity)
        buffer.initialize(repeating: 0)
        defer {
            wipe(UnsafeMutableRawBufferPointer(buffer))
            buffer.deallocate()
        }
        var count = 0
        var overlong = false
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            if count < buffer.count { buffer[count] = byte; count += 1 } else { overlong = true }
        }
        byte = 0
        guard !overlong else {
            throw StoreError(Localized(sv: "Lösenfrasen är för lång (högst \(promptCapacity - 1) byte).",
                                       en: "The passphrase is too long (at most \(promptCapacity - 1) bytes)."))
        }
        var line = Array(buffer[0..<count])
        defer { wipe(&line) }
        guard let passphrase = Passphrase(fileContents: line), !passphrase.isEmpty else {
            throw StoreError(Localized(sv: "Ingen lösenfras angavs.", en: "No passphrase was given."))
        }
        return passphrase
    }

    /// Zeros that the optimiser cannot drop (a plain store to memory about to be freed may be).
    private static func wipe(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        #if canImport(Glibc)
        explicit_bzero(base, bytes.count)
        #else
        _ = memset_s(base, bytes.count, 0, bytes.count)
        #endif
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { wipe($0) }
    }
}

/// No core files while a passphrase or key may be in memory (and no ptrace by the same user):
/// applied at the start of every run, before anything is read.
enum ProcessHardening {
    static func apply() {
        _ = uppfolj_disable_core_dumps()
    }
}
