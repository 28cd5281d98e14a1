import Foundation
import UppfoljCore
import UppfoljJournal

/// Where the journal lives when no path is given: $UPPFOLJ_JOURNAL, else
/// $XDG_DATA_HOME/uppfolj/journal, else ~/.local/share/uppfolj/journal.
public enum JournalLocation {
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["UPPFOLJ_JOURNAL"], !explicit.isEmpty { return explicit }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/uppfolj/journal"
    }

    /// Creates the journal's folder (and missing parents) with mode 0700. An existing folder that
    /// others can read or write is refused: the journal holds the most sensitive data a
    /// municipality keeps.
    public static func prepareFolder(for journalPath: String) throws {
        if JournalPlace(journalPath).isDatabase { return }
        let folder = parentFolder(of: journalPath)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError.folder(folder, "is not a folder") }
            try checkFolder(folder)
            return
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        chmod(folder, 0o700)
    }

    /// A folder others may write to (without the sticky bit that protects their files from each
    /// other, as /tmp has) lets them replace or remove the journal: refused.
    static func checkFolder(_ folder: String) throws {
        var info = stat()
        guard stat(folder, &info) == 0 else { return }
        let mode = info.st_mode
        if mode & (S_IWGRP | S_IWOTH) != 0 && mode & S_ISVTX == 0 {
            throw StoreError(Localized(
                sv: "Mappen \(folder) är skrivbar för andra (rättigheter \(String(mode & 0o777, radix: 8))); journalen öppnas inte där. Ändra med: chmod go-w \(folder)",
                en: "The folder \(folder) is writable by others (mode \(String(mode & 0o777, radix: 8))); the journal is not opened there. Fix with: chmod go-w \(folder)"))
        }
    }

    /// A journal file others may write to is refused (they could change the record of a case, or
    /// cut it); so is one in a folder others may write to. A journal or key file that group or
    /// others may read is opened, with a warning (returned) that says how to fix it.
    @discardableResult
    public static func checkPermissions(journalPath: String) throws -> [Localized] {
        if JournalPlace(journalPath).isDatabase { return [] }
        var warnings: [Localized] = []
        for file in [journalPath, journalPath + ".key", journalPath + ".access"] {
            var info = stat()
            if lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                throw StoreError(Localized(
                    sv: "\(file) är en symbolisk länk; journalen, nyckelfilen och åtkomstloggen öppnas aldrig genom en länk (den kunde leda skrivningar till en annan fil). Ingenting ändrades. Lägg den riktiga filen på platsen.",
                    en: "\(file) is a symbolic link; the journal, its key file and its access log are never opened through a link (it could send writes to another file). Nothing was changed. Put the real file in its place."))
            }
        }
        for file in [journalPath, journalPath + ".key"] {
            var info = stat()
            guard lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                  info.st_mode & (S_IRGRP | S_IROTH) != 0 else { continue }
            let mode = String(info.st_mode & 0o777, radix: 8)
            warnings.append(Localized(
                sv: "Varning: \(file) kan läsas av andra än ägaren (rättigheter \(mode)). Ändra med: chmod 600 \(file)",
                en: "Warning: \(file) can be read by others than its owner (mode \(mode)). Fix with: chmod 600 \(file)"))
        }
        var info = stat()
        if lstat(journalPath, &info) == 0 {
            let mode = info.st_mode
            if mode & (S_IWGRP | S_IWOTH) != 0 {
                throw StoreError(Localized(
                    sv: "Journalen \(journalPath) är skrivbar för andra (rättigheter \(String(mode & 0o777, radix: 8))); den öppnas inte. Ändra med: chmod 600 \(journalPath)",
                    en: "The journal \(journalPath) is writable by others (mode \(String(mode & 0o777, radix: 8))); it is not opened. Fix with: chmod 600 \(journalPath)"))
            }
        }
        try checkFolder(parentFolder(of: journalPath))
        return warnings
    }
}
