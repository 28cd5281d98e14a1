import Crypto
import Foundation
import UppfoljCore
import UppfoljStore

/// The program's own path, encrypted (what `uppfolj import`, the workbench and `status` do): the
/// store validates, seals (AES-256-GCM) and appends; open unlocks the key and replays with records
/// opened on worker threads. The unlock's scrypt (N = 2^17) is measured on its own: it is a fixed,
/// deliberate cost per start, paid before the journal is read.
struct EncryptedResult: Codable {
    var journalMB: Double
    /// Validate + seal + append, all events in one durable batch (`uppfolj import`).
    var importEventsPerSecond: Double
    var replay: Timing
    var replayMBPerSecond: Double
    /// `CaseStore.record`: validate, seal, one durable append (the worker pressing save).
    var append: Latency
    /// One scrypt derivation with the standard parameters.
    var unlock: Timing
    /// The open as the program does it, from the projection snapshot a first open wrote (issue 20):
    /// nil below the size at which the program writes one. `replay` above is the whole replay
    /// (snapshots off), as before.
    var snapshotOpen: Timing?
    /// The first open of the journal, which replays it whole and then writes the snapshot.
    var openWritingSnapshot: Double?
    var snapshotMB: Double?
    /// The physical floor of reading the journal: the file read (page cache), SHA-256 over all of
    /// it and AES-256-GCM over all of it (1 MB a call), each on one core.
    var floor: Floor
}

struct Floor: Codable {
    var read: Double
    var sha256: Double
    var aesGCM: Double
    /// On this machine's cores: the read, then hashing and decryption shared out.
    var onAllCores: Double { read + (sha256 + aesGCM) / Double(ProcessInfo.processInfo.activeProcessorCount) }

    static func measure(path: String) throws -> Floor {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SQLiteDatabase.Failure(description: "cannot open \(path)") }
        defer { close(fd) }
        var info = stat()
        fstat(fd, &info)
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var best = Floor(read: .infinity, sha256: .infinity, aesGCM: .infinity)
        let key = SymmetricKey(size: .bits256)
        for _ in 0..<3 {
            var start = now()
            try bytes.withUnsafeMutableBytes { buffer in
                var done = 0
                while done < buffer.count {
                    let n = pread(fd, buffer.baseAddress! + done, min(4 << 20, buffer.count - done), off_t(done))
                    guard n > 0 else { throw SQLiteDatabase.Failure(description: "short read of \(path)") }
                    done += n
                }
            }
            best.read = min(best.read, now() - start)
            start = now()
            let digest = SHA256.hash(data: bytes)
            best.sha256 = min(best.sha256, now() - start)
            start = now()
            var tags = 0
            try bytes.withUnsafeBytes { all in
                for offset in stride(from: 0, to: all.count, by: 1 << 20) {
                    let chunk = UnsafeRawBufferPointer(rebasing: all[offset..<min(offset + (1 << 20), all.count)])
                    tags &+= Int(try AES.GCM.seal(chunk, using: key).tag.first ?? 0)
                }
            }
            best.aesGCM = min(best.aesGCM, now() - start)
            _ = (digest, tags)
        }
        return best
    }
}

func measureEncrypted(events: [Event], folder: String, catalogue: InstrumentCatalogue, until: Day,
                      repetitions: Int) throws -> (EncryptedResult, CaseStore) {
    let path = folder + "/encrypted-journal"
    let passphrase: PassphraseSource = { _ in Passphrase("bench passphrase, not secret") }
    // The light KDF for the measured opens; the standard one is timed separately below.
    let light = KeyDerivation.demo
    let bulk = Array(events.dropLast(200)), single = Array(events.suffix(200))
    let writer = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, create: true,
                                    passphrase: passphrase, derivation: light)
    var start = now()
    guard case .imported = try writer.importEvents(bulk, today: until) else {
        throw SQLiteDatabase.Failure(description: "the encrypted import was refused")
    }
    let importRate = Double(bulk.count) / (now() - start)
    var latencies: [Double] = []
    for event in single {
        start = now()
        let problems = try writer.record(event, today: until)
        latencies.append(now() - start)
        guard problems.isEmpty else { throw SQLiteDatabase.Failure(description: "append refused: \(problems)") }
    }
    let bytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    let floor = try Floor.measure(path: path)
    var store: CaseStore?
    CaseStore.usesSnapshots = false
    let replay = try measure(repetitions: repetitions) {
        store = nil
        store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: true, passphrase: passphrase)
    }
    CaseStore.usesSnapshots = true
    var snapshotOpen: Timing?, openWritingSnapshot: Double?, snapshotMB: Double?
    let snapshotPath = CaseStore.snapshotPath(forJournal: path)
    unlink(snapshotPath)
    store = nil
    start = now()
    store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: true, passphrase: passphrase)
    if case .written = store!.snapshotUse {
        openWritingSnapshot = now() - start
        snapshotMB = Double((try FileManager.default.attributesOfItem(atPath: snapshotPath)[.size] as? Int) ?? 0) / 1_048_576
        snapshotOpen = try measure(repetitions: repetitions) {
            store = nil
            store = try CaseStore.open(path: path, catalogue: catalogue, readOnly: true, passphrase: passphrase)
            guard store!.snapshotUse.loadedFromSnapshot else {
                throw SQLiteDatabase.Failure(description: "the open did not start from the snapshot: \(store!.snapshotUse)")
            }
        }
    }
    let unlock = try measure(repetitions: 3, warmUp: false) {
        try KeyDerivation.standard.measureOnce(Passphrase("bench passphrase, not secret"))
    }
    return (EncryptedResult(journalMB: bytes / 1_048_576, importEventsPerSecond: importRate, replay: replay,
                            replayMBPerSecond: bytes / 1_048_576 / replay.median, append: Latency(latencies),
                            unlock: unlock, snapshotOpen: snapshotOpen, openWritingSnapshot: openWritingSnapshot,
                            snapshotMB: snapshotMB, floor: floor), store!)
}
