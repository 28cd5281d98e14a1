import Foundation

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
        let folder = (journalPath as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError.folder(folder, "is not a folder") }
            return
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        chmod(folder, 0o700)
    }
}
