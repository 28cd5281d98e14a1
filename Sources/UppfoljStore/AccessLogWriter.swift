import Foundation
import UppfoljCore
import UppfoljJournal

/// A shared writer's access log, kept open for the store's lifetime (a local file journal's
/// `<journal>.access`; issue 16's save latency).
///
/// `AccessLog.append` opens the log anew for every entry, which reads and hashes it from its start:
/// a cost that grows with the log (tens of MB after a year of a unit's saves). This handle verifies
/// the whole log once, when it is opened (and checks it against the journal's anchor then), and
/// afterwards, each time it takes the log's lock, reads and verifies only the entries others
/// appended since its last turn — as the journal's own catch-up does (`Journal.withWriteLock`).
/// Each turn it also checks that the log's name still leads to the file it holds (a log deleted
/// or replaced meanwhile), that the file is not shorter than what it verified (cut: the journal's
/// catch-up refuses), and that the journal's latest anchor names an entry it holds. Any of these
/// failing makes the store drop the handle and take the old path (`AccessLog.append`), which reads
/// the log from its start and says what is wrong.
///
/// What it does not re-check each turn: entries in the middle of the log it has verified before
/// (an edit there breaks the chain, which every full read — `verify`, `audit`, the next open —
/// reports), as the journal's shared writers do not re-read the journal either.
final class AccessLogWriter {
    let path: String
    private let log: Journal
    private let device: UInt64
    private let inode: UInt64
    /// The chain hashes of the entries seen in recent turns (index → hash), so that a new anchor
    /// is confirmed without reading the log; at most about `hashesKept`.
    private var hashes: [Int: ChainHash] = [:]
    private static let hashesKept = 8_192
    /// The latest anchor confirmed against this handle.
    private var confirmed: LogHead?

    /// Seconds spent waiting for the log's lock (for the benchmark).
    var lockWaitSeconds: Double { log.lockWaitSeconds }
    var head: LogHead { LogHead(records: log.recordCount, hash: log.headHash) }

    private init(path: String, log: Journal, device: UInt64, inode: UInt64) {
        self.path = path
        self.log = log
        self.device = device
        self.inode = inode
    }

    deinit { log.close() }

    /// Opens the access log of `journalPath` (creating it when nothing is anchored yet) and checks it
    /// against `anchored` as `AccessLog.append` does; its errors are `AccessLog.append`'s.
    static func open(journalPath: String, anchored: LogHead?) throws -> AccessLogWriter {
        let path = AccessLog.path(forJournal: journalPath)
        let keeping = anchored?.records ?? 0
        let log: Journal
        do {
            log = try Journal.open(path: path, mode: .sharedWrite, create: keeping == 0, keeping: keeping)
        } catch JournalError.notFound where keeping > 0 {
            throw JournalAnchors.accessLogMissing(path, anchored: anchored!)
        } catch {
            throw StoreError.journal(error)
        }
        if let anchored, let problem = try JournalAnchors.compare(log, with: anchored, path: path) {
            log.close()
            throw problem
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            log.close()
            throw StoreError.journal(JournalError.notFound(path: path))
        }
        let writer = AccessLogWriter(path: path, log: log, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        writer.confirmed = anchored
        if log.recordCount > 0 { writer.hashes[log.recordCount - 1] = log.headHash }
        return writer
    }

    /// Takes the log's lock (waiting while another process appends), reads what others appended
    /// since this handle's last turn, and checks that the log is still the one `anchored` names.
    /// On a throw the lock is not held and the handle should be dropped.
    func lock(anchored: LogHead?) throws {
        let before: Journal.Cursor
        do {
            before = try log.beginWrite(keeping: max(anchored?.records ?? 0, confirmed?.records ?? 0))
        } catch {
            throw StoreError.journal(error)
        }
        do {
            var info = stat()
            guard lstat(path, &info) == 0, UInt64(info.st_dev) == device, UInt64(info.st_ino) == inode else {
                throw StoreError(Localized(sv: "Åtkomstloggen \(path) har bytts ut eller tagits bort.",
                                           en: "The access log \(path) was replaced or removed."))
            }
            if log.recordCount > before.records {
                try log.forEachRecord(since: before) { hashes[$0.index] = $0.chainHash }
                if hashes.count > 2 * Self.hashesKept {
                    let oldest = log.recordCount - Self.hashesKept
                    hashes = hashes.filter { $0.key >= oldest }
                }
            }
            try confirm(anchored)
        } catch {
            log.endWrite()
            throw (error as? StoreError) ?? StoreError.journal(error)
        }
    }

    /// The journal's anchor names an entry of this log (usually one seen in a recent turn; if not,
    /// the log is read to find it, as `AccessLog.append` would).
    private func confirm(_ anchored: LogHead?) throws {
        guard let anchored, anchored.records > 0, anchored != confirmed else { return }
        if anchored.records <= log.recordCount, hashes[anchored.records - 1] == anchored.hash {
            confirmed = anchored
            return
        }
        if let problem = try JournalAnchors.compare(log, with: anchored, path: path) { throw problem }
        confirmed = anchored
    }

    /// Appends one entry durably (under the lock `lock` took); returns the log's new head.
    func append(_ payload: [UInt8], cipher: RecordCipher?) throws -> LogHead {
        do {
            try log.append(kind: .data, payload: cipher.map { try $0.seal(payload, index: log.recordCount) } ?? payload)
        } catch {
            throw StoreError.journal(error)
        }
        hashes[log.recordCount - 1] = log.headHash
        return head
    }

    func unlock() { log.endWrite() }

    func close() { log.close() }
}
