import Foundation
import UppfoljCore
import UppfoljJournal

/// One entry of the access log: who did what, when. No case content, only the case code.
public struct AccessRecord: Codable, Equatable, Sendable {
    public enum Action: String, Codable, Sendable {
        /// A worker opened a case in the workbench.
        case openCase
        /// Group-level figures were exported.
        case export
        /// The manager view was opened on the journal.
        case dashboard
    }

    /// Seconds since 1970 (UTC).
    public var time: Int64
    public var worker: String
    public var action: Action
    public var caseCode: String?
    public var period: String?
    public var format: String?
    public var minimumCellSize: Int?

    public init(time: Int64, worker: String, action: Action, caseCode: String? = nil, period: String? = nil,
                format: String? = nil, minimumCellSize: Int? = nil) {
        self.time = time
        self.worker = worker
        self.action = action
        self.caseCode = caseCode
        self.period = period
        self.format = format
        self.minimumCellSize = minimumCellSize
    }
}

/// The access log: a companion file next to the journal (`<journal>.access`) in the journal's own
/// hash-chained, append-only format, so it is as tamper-evident as the journal and `verify`-able.
///
/// A companion file rather than records in the journal, because (1) read-only users must be logged
/// too — the manager's view and `export` open the case journal read-only, and must not take its
/// single-writer lock away from a worker who is saving; (2) the case journal's replay, `log --json`
/// and import round trip stay exactly the case events; (3) the log can be kept and shown to a
/// manager (`uppfolj audit`) without the case journal. Each entry is appended with its own short
/// open–append–close, so several processes take turns.
///
/// The log of an encrypted journal is sealed too (case codes and worker ids are personal data):
/// AES-256-GCM under a key derived from the journal key, each entry bound to its place in the log.
public enum AccessLog {
    public static func path(forJournal journalPath: String) -> String { journalPath + ".access" }

    /// Appends one entry durably; waits briefly if another process is appending at the same moment.
    public static func append(_ record: AccessRecord, journalPath: String, cipher: RecordCipher?) throws {
        let payload = [UInt8](try JSONEncoder().encode(record))
        let path = path(forJournal: journalPath)
        var attempt = 0
        while true {
            do {
                let log = try Journal.open(path: path, mode: .readWrite, create: true)
                defer { log.close() }
                try log.append(kind: .data, payload: cipher.map { try $0.seal(payload, index: log.recordCount) } ?? payload)
                return
            } catch JournalError.inUse where attempt < 50 {
                attempt += 1
                usleep(20_000)
            } catch {
                throw StoreError.journal(error)
            }
        }
    }

    /// Every entry, oldest first; the chain is verified on the way. Empty when there is no log yet.
    /// `cipher` is the journal's `accessLogCipher` (nil for a plain journal); every entry of an
    /// encrypted journal's log must open under it.
    public static func read(journalPath: String, cipher: RecordCipher?) throws -> [AccessRecord] {
        let path = path(forJournal: journalPath)
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            let log = try Journal.open(path: path, mode: .readOnly)
            defer { log.close() }
            var records: [AccessRecord] = []
            try log.forEachRecord { record in
                let plain: Data
                if let cipher {
                    do { plain = try cipher.open(record.payload, index: record.index) } catch {
                        throw StoreError(Localized(
                            sv: "Åtkomstloggens post \(record.index) går inte att öppna med journalens nyckel: \(error)",
                            en: "Entry \(record.index) of the access log does not open with the journal's key: \(error)"))
                    }
                } else {
                    plain = Data(record.payload)
                }
                records.append(try JSONDecoder().decode(AccessRecord.self, from: plain))
            }
            return records
        } catch let error as StoreError {
            throw error
        } catch let error as DecodingError {
            throw StoreError(Localized(sv: "Åtkomstloggen har en post som inte kan läsas: \(error)",
                                       en: "The access log has an entry that cannot be read: \(error)"))
        } catch {
            throw StoreError.journal(error)
        }
    }
}
