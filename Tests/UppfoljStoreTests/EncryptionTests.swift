import Crypto
import Foundation
import XCTest
import UppfoljCore
import UppfoljJournal
import UppfoljSample
@testable import UppfoljStore

/// Encryption at rest: what is on disk, what needs the passphrase and what does not, and that no
/// failure to unlock changes anything.
final class EncryptionTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let until = Day(iso: "2026-06-30")!
    var folder: URL!
    var journalPath: String { folder.appendingPathComponent("journal").path }
    var keyPath: String { KeyFile.path(forJournal: journalPath) }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-enc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A cheap KDF (the passphrase is test data); the parameters are the key file's, so the code
    /// path is the production one.
    let light = KeyDerivation(log2N: 10, blockSize: 8, parallelism: 1)

    func source(_ text: String) -> PassphraseSource { { _ in Passphrase(text) } }

    func sample(_ cases: Int) -> [Event] {
        SampleGenerator(cases: cases, seed: 7, until: until, catalogue: catalogue).events()
    }

    @discardableResult
    func makeEncrypted(_ events: [Event], passphrase: String = "correct horse battery") throws -> CaseStore {
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true,
                                       passphrase: source(passphrase), derivation: light)
        XCTAssertEqual(try store.importEvents(events, today: until), .imported(events.count))
        return store
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Every string value of at least 6 characters the events carry (case codes, workers, ids, free text).
    func strings(of events: [Event]) throws -> Set<String> {
        var found = Set<String>()
        func walk(_ value: Any) {
            switch value {
            case let text as String where text.utf8.count >= 6: found.insert(text)
            case let dictionary as [String: Any]: dictionary.values.forEach(walk)
            case let array as [Any]: array.forEach(walk)
            default: break
            }
        }
        for event in events {
            walk(try JSONSerialization.jsonObject(with: Data(try EventJSON.line(event).utf8)))
        }
        return found
    }

    // MARK: what is on disk

    /// An import draws its nonces in bulk (`RecordCipher.nonces`): each is 12 fresh bytes, none
    /// repeats, and a payload sealed with one opens as one sealed the ordinary way.
    func testBulkNoncesAreDistinctAndSealAsUsual() throws {
        let nonces = try RecordCipher.nonces(20_000)
        XCTAssertEqual(nonces.count, 20_000)
        XCTAssertEqual(Set(nonces.map { Data($0) }).count, nonces.count)
        XCTAssertTrue(nonces.allSatisfy { Data($0).count == 12 })
        let cipher = RecordCipher(key: SymmetricKey(size: .bits256), journalID: Array(repeating: 7, count: 16), domain: .journal)
        let plain = Array("a payload".utf8)
        let sealed = try cipher.seal(plain, index: 5, nonce: nonces[3])
        XCTAssertEqual(Array(sealed[1..<13]), Array(Data(nonces[3])))
        XCTAssertEqual(Array(try sealed.withUnsafeBytes { try cipher.open($0, index: 5) }), plain)
        XCTAssertThrowsError(try sealed.withUnsafeBytes { try cipher.open($0, index: 6) })
    }

    /// An import seals its records with one libcrypto context (`BulkRecordSealer`): for every
    /// length, index and domain, the payload is byte for byte the one `RecordCipher.seal` makes
    /// with the same nonce, and opens (only) as that record.
    func testTheBulkSealerSealsAsTheRecordCipher() throws {
        var generator = SplitMix64(seed: 20)
        for domain in [RecordCipher.Domain.journal, .accessLog, .projectionSnapshot] {
            let cipher = RecordCipher(key: SymmetricKey(size: .bits256), journalID: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) },
                                      domain: domain)
            let sealer = try XCTUnwrap(BulkRecordSealer(cipher))
            let nonceBytes = RecordCipher.nonceBytes(40)
            XCTAssertEqual(nonceBytes.count, 480)
            for (n, length) in [1, 12, 15, 16, 17, 31, 64, 150, 255, 1_000, 5_000, 70_000].enumerated() {
                let plain = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let index = [1, 2, 255, 256, 65_536, 1 << 33, 1 << 62][n % 7] + n
                let nonce = Array(nonceBytes[n * 12 ..< n * 12 + 12])
                let bulk = try plain.withUnsafeBytes { plain in
                    try nonce.withUnsafeBytes { nonce in try sealer.seal(plain, index: index, nonce: nonce) { Array($0) } }
                }
                XCTAssertEqual(bulk, try cipher.seal(plain, index: index, nonce: AES.GCM.Nonce(data: nonce)), "\(length) bytes, \(domain)")
                XCTAssertEqual(Array(try bulk.withUnsafeBytes { try cipher.open($0, index: index) }), plain)
                XCTAssertThrowsError(try bulk.withUnsafeBytes { try cipher.open($0, index: index + 1) })
            }
        }
    }

    func testRawBytesHoldNoCaseCodeOrFieldValue() throws {
        let events = sample(60)
        let store = try makeEncrypted(events)
        XCTAssertTrue(store.isEncrypted)
        try AccessLog.append(AccessRecord(time: 1_800_000_000, worker: "worker-xyz", action: .openCase,
                                          caseCode: events[0].caseCode), journalPath: journalPath, cipher: store.accessLogCipher)
        let needles = try strings(of: events).union(["worker-xyz"])
        let codes = Set(events.map(\.caseCode))
        XCTAssertTrue(needles.isSuperset(of: codes))
        XCTAssertGreaterThan(needles.count, codes.count, "free text and ids are searched for too")

        let raw = try bytes(journalPath) + bytes(AccessLog.path(forJournal: journalPath)) + bytes(keyPath)
        let leaked = needles.filter { raw.range(of: Data($0.utf8)) != nil }
        XCTAssertEqual(leaked, [], "found in the encrypted files")

        // The control: the same events in a plain journal show these values, so the search works.
        let plainPath = folder.appendingPathComponent("plain").path
        let plain = try CaseStore.open(path: plainPath, catalogue: catalogue, readOnly: false, create: true)
        _ = try plain.importEvents(events, today: until)
        let plainRaw = try bytes(plainPath)
        XCTAssertTrue(codes.allSatisfy { plainRaw.range(of: Data($0.utf8)) != nil })
    }

    func testEncryptedJournalReopensToTheSameProjectionAndFilesAre0600() throws {
        let events = sample(40)
        let written = try makeEncrypted(events)
        let reopened = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true,
                                          passphrase: source("correct horse battery"))
        XCTAssertEqual(try reopened.allEvents(), events)
        XCTAssertEqual(reopened.projection.caseCodes, written.projection.caseCodes)
        XCTAssertEqual(reopened.headHash, written.headHash)
        for path in [journalPath, keyPath] {
            var info = stat()
            stat(path, &info)
            XCTAssertEqual(info.st_mode & 0o777, 0o600, path)
        }
        // Records: the encryption header, then one sealed record per event.
        XCTAssertEqual(reopened.recordCount, events.count + 1)
    }

    // MARK: verify without the key

    func testVerifyNeedsNoPassphraseAndLocatesAFlippedCiphertextByte() throws {
        let events = sample(10)
        try makeEncrypted(events)
        guard case .success(let blind) = CaseStore.verify(path: journalPath) else { return XCTFail("verify failed") }
        XCTAssertNil(blind.fault)
        XCTAssertTrue(blind.encrypted)
        XCTAssertFalse(blind.contentChecked)
        guard case .success(let full) = CaseStore.verify(path: journalPath, passphrase: source("correct horse battery")) else {
            return XCTFail("verify failed")
        }
        XCTAssertNil(full.fault)
        XCTAssertTrue(full.contentChecked)
        XCTAssertEqual(full.events, events.count)

        // Flip one byte inside the ciphertext of record 5 (the frame: 9 header bytes, then the
        // payload: cipher byte, 12 nonce bytes, ciphertext).
        let offsets = try recordOffsets()
        var data = try bytes(journalPath)
        data[offsets[5] + 9 + 1 + 12 + 3] ^= 0x01
        try data.write(to: URL(fileURLWithPath: journalPath))
        guard case .success(let damaged) = CaseStore.verify(path: journalPath) else { return XCTFail("verify failed") }
        let fault = try XCTUnwrap(damaged.fault)
        XCTAssertTrue(fault.en.contains("record 5"), fault.en)
    }

    /// Someone with write access rebuilds the hash chain around a changed or moved ciphertext: the
    /// chain verifies, but the record does not open under the key at its place.
    func testAlteredOrMovedCiphertextWithARebuiltChainDoesNotOpen() throws {
        let events = sample(10)
        try makeEncrypted(events)
        var records: [(RecordKind, [UInt8])] = []
        let original = try Journal.open(path: journalPath, mode: .readOnly)
        try original.forEachRecord { records.append(($0.kind, Array($0.payload))) }
        original.close()

        for (name, change) in [("swap", { (r: inout [(RecordKind, [UInt8])]) in r.swapAt(3, 4) }),
                               ("flip", { (r: inout [(RecordKind, [UInt8])]) in r[3].1[20] ^= 0x80 })] {
            var forged = records
            change(&forged)
            let path = folder.appendingPathComponent("forged-\(name)").path
            let journal = try Journal.open(path: path, mode: .readWrite, create: true)
            try journal.append(contentsOf: forged)
            journal.close()
            try FileManager.default.copyItem(atPath: keyPath, toPath: KeyFile.path(forJournal: path))
            guard case .success(let blind) = CaseStore.verify(path: path) else { return XCTFail("verify failed") }
            XCTAssertNil(blind.fault, "the rebuilt chain itself is intact (\(name))")
            XCTAssertThrowsError(try CaseStore.open(path: path, catalogue: catalogue, readOnly: true,
                                                    passphrase: source("correct horse battery"))) { error in
                XCTAssertTrue("\(error)".contains("Record 3"), "\(name): \(error)")
            }
            guard case .success(let keyed) = CaseStore.verify(path: path, passphrase: source("correct horse battery")) else {
                return XCTFail("verify failed")
            }
            XCTAssertTrue(keyed.fault?.en.contains("Record 3") == true, "\(name): \(String(describing: keyed.fault))")
        }
    }

    /// Replay opens records on worker threads in batches of 4,096: order is kept across batches, and
    /// the first bad record is the one named even when a later batch also has one.
    func testReplayAcrossBatchesKeepsOrderAndNamesTheFirstBadRecord() throws {
        let events = sample(900)
        XCTAssertGreaterThan(events.count, 2 * SealedReplay.batchSize + 100)
        try makeEncrypted(events)
        let reopened = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true,
                                          passphrase: source("correct horse battery"))
        XCTAssertEqual(try reopened.allEvents(), events)

        var records: [(RecordKind, [UInt8])] = []
        let original = try Journal.open(path: journalPath, mode: .readOnly)
        try original.forEachRecord { records.append(($0.kind, Array($0.payload))) }
        original.close()
        let firstBad = SealedReplay.batchSize + 17, laterBad = 2 * SealedReplay.batchSize + 5
        records[firstBad].1[30] ^= 0x01
        records[laterBad].1[30] ^= 0x01
        let path = folder.appendingPathComponent("forged").path
        let journal = try Journal.open(path: path, mode: .readWrite, create: true)
        try journal.append(contentsOf: records)
        journal.close()
        try FileManager.default.copyItem(atPath: keyPath, toPath: KeyFile.path(forJournal: path))
        XCTAssertThrowsError(try CaseStore.open(path: path, catalogue: catalogue, readOnly: true,
                                                passphrase: source("correct horse battery"))) { error in
            XCTAssertTrue("\(error)".contains("Record \(firstBad) "), "\(error)")
        }
    }

    // MARK: failing to unlock changes nothing

    func testWrongOrMissingPassphraseIsRefusedAndChangesNothing() throws {
        try makeEncrypted(sample(10))
        // A torn tail: a read-write open would cut it — but not before the passphrase is right.
        var data = try bytes(journalPath)
        data.append(contentsOf: [0x20, 0, 0, 0, 0xDF])
        try data.write(to: URL(fileURLWithPath: journalPath))
        let journalBefore = try bytes(journalPath), keyBefore = try bytes(keyPath)

        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false,
                                                passphrase: source("wrong horse battery"))) { error in
            let message = (error as! StoreError).message
            XCTAssertTrue(message.sv.contains("Fel lösenfras") && message.en.contains("Nothing was changed"), message.sv)
        }
        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false)) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("a passphrase is needed"), "\(error)")
        }
        struct Refused: Error {}
        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false,
                                                passphrase: { _ in throw Refused() })) { error in
            XCTAssertTrue(error is Refused)
        }
        XCTAssertThrowsError(try CaseStore.rekey(path: journalPath, current: source("wrong horse battery"),
                                                 new: source("another long one")))
        XCTAssertEqual(try bytes(journalPath), journalBefore)
        XCTAssertEqual(try bytes(keyPath), keyBefore)

        // The right one opens it (and, read-write, cuts the torn tail as always).
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false,
                                       passphrase: source("correct horse battery"))
        XCTAssertNotNil(store.openNotice)
    }

    func testMissingForeignOrDamagedKeyFileIsNamed() throws {
        try makeEncrypted(sample(5))
        let saved = try bytes(keyPath)
        try FileManager.default.removeItem(atPath: keyPath)
        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true,
                                                passphrase: source("correct horse battery"))) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("key file") && "\(error)".contains("missing"), "\(error)")
        }
        // Another journal's key file with the same passphrase.
        let otherPath = folder.appendingPathComponent("other").path
        _ = try CaseStore.open(path: otherPath, catalogue: catalogue, readOnly: false, create: true,
                               passphrase: source("correct horse battery"), derivation: light)
        try FileManager.default.copyItem(atPath: KeyFile.path(forJournal: otherPath), toPath: keyPath)
        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true,
                                                passphrase: source("correct horse battery"))) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("does not belong"), "\(error)")
        }
        // Damaged, and asking for an absurd KDF cost: refused before any work.
        var damaged = saved
        damaged[11] = 40
        try damaged.write(to: URL(fileURLWithPath: keyPath))
        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true,
                                                passphrase: source("correct horse battery"))) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("damaged"), "\(error)")
        }
        // Unreadable: a folder in its place.
        try FileManager.default.removeItem(atPath: keyPath)
        try FileManager.default.createDirectory(atPath: keyPath, withIntermediateDirectories: false)
        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true,
                                                passphrase: source("correct horse battery"))) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("cannot be read"), "\(error)")
        }
        try FileManager.default.removeItem(atPath: keyPath)
        try saved.write(to: URL(fileURLWithPath: keyPath))
        chmod(keyPath, 0o600)
        XCTAssertNoThrow(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true,
                                            passphrase: source("correct horse battery")))
    }

    // MARK: rekey

    func testRekeyChangesThePassphraseWithoutRewritingRecords() throws {
        let events = sample(10)
        let last = events.last!.caseCode
        let first = events.filter { $0.caseCode != last }, rest = events.filter { $0.caseCode == last }
        try makeEncrypted(first)
        let journalBefore = try bytes(journalPath), keyBefore = try bytes(keyPath)
        XCTAssertThrowsError(try CaseStore.rekey(path: journalPath, current: source("correct horse battery"),
                                                 new: source("short")), "a too short new passphrase")
        XCTAssertEqual(try bytes(keyPath), keyBefore)

        try CaseStore.rekey(path: journalPath, current: source("correct horse battery"),
                            new: source("en helt annan lösenfras"), derivation: light)
        XCTAssertEqual(try bytes(journalPath), journalBefore, "no record rewritten")
        XCTAssertNotEqual(try bytes(keyPath), keyBefore)
        XCTAssertFalse(FileManager.default.fileExists(atPath: keyPath + ".new"))
        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true,
                                                passphrase: source("correct horse battery"))) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("Wrong passphrase"), "\(error)")
        }
        // Appends after the rekey go on under the same journal key.
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false,
                                       passphrase: source("en helt annan lösenfras"))
        XCTAssertEqual(try store.importEvents(rest, today: until), .imported(rest.count))
        let reopened = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true,
                                          passphrase: source("en helt annan lösenfras"))
        XCTAssertEqual(try reopened.allEvents(), first + rest)
    }

    func testRekeyRefusesWhileAnotherProcessWritesAndNeedsAnEncryptedJournal() throws {
        let holder = try makeEncrypted(sample(3))
        XCTAssertThrowsError(try CaseStore.rekey(path: journalPath, current: source("correct horse battery"),
                                                 new: source("en helt annan lösenfras"), derivation: light)) { error in
            XCTAssertTrue("\(error)".contains("another process") || "\(error)".contains("in use"), "\(error)")
        }
        _ = holder
        let plainPath = folder.appendingPathComponent("plain").path
        _ = try CaseStore.open(path: plainPath, catalogue: catalogue, readOnly: false, create: true)
        XCTAssertThrowsError(try CaseStore.rekey(path: plainPath, current: source("x"), new: source("en helt annan lösenfras"))) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("no key file"), "\(error)")
        }
    }

    // MARK: creation and crashes around it

    func testInterruptedCreationIsFinishedWithTheKeyOnDisk() throws {
        // The key file was written, the header not (a crash in between): the journal is empty.
        let key = SymmetricKey(size: .bits256)
        let file = try KeyFile.wrap(key, journalID: Array(repeating: 7, count: 16), passphrase: Passphrase("correct horse battery"),
                                    derivation: light)
        try file.write(journalPath: journalPath)
        _ = try Journal.open(path: journalPath, mode: .readWrite, create: true)
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false,
                                       passphrase: source("correct horse battery"))
        XCTAssertTrue(store.isEncrypted)
        XCTAssertEqual(store.recordCount, 1, "the header was appended")
        XCTAssertEqual(try bytes(keyPath), Data(file.bytes), "the key file is kept")
    }

    func testNewPassphrasesNeedEightCharactersAndTheDemoGetsTheLightKDF() throws {
        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true,
                                                passphrase: source("kort"))) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("at least 8"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: keyPath))
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true,
                                       passphrase: { _ in Passphrase.demo })
        XCTAssertTrue(store.usesDemoPassphrase)
        XCTAssertEqual(try KeyRing.read(journalPath: journalPath)?.slots.map(\.derivation), [.demo])
        XCTAssertEqual(KeyDerivation.standard, KeyDerivation(log2N: 17, blockSize: 8, parallelism: 1))
    }

    // MARK: the access log

    func testTheAccessLogOfAnEncryptedJournalIsSealed() throws {
        let store = try makeEncrypted(sample(3))
        let entry = AccessRecord(time: 1_800_000_000, worker: "worker-xyz", action: .openCase, caseCode: "U2025-0001")
        try AccessLog.append(entry, journalPath: journalPath, cipher: store.accessLogCipher)
        try AccessLog.append(entry, journalPath: journalPath, cipher: store.accessLogCipher)
        let cipher = try CaseStore.accessLogCipher(journalPath: journalPath, passphrase: source("correct horse battery"))
        XCTAssertEqual(try AccessLog.read(journalPath: journalPath, cipher: cipher), [entry, entry])
        XCTAssertThrowsError(try AccessLog.read(journalPath: journalPath, cipher: nil), "sealed entries need the key")
        XCTAssertThrowsError(try CaseStore.accessLogCipher(journalPath: journalPath, passphrase: source("wrong horse battery")))
        let raw = try bytes(AccessLog.path(forJournal: journalPath))
        XCTAssertNil(raw.range(of: Data("U2025-0001".utf8)))
        XCTAssertNil(raw.range(of: Data("worker".utf8)))
    }

    // MARK: passphrases

    func testPassphrasesAreNormalisedAndFilesLoseOneLineBreak() throws {
        XCTAssertTrue(Passphrase("blåbärssylt") == Passphrase("bla\u{30A}bärssylt"), "NFC")
        XCTAssertTrue(Passphrase(fileContents: Array("uppfolj-demo\n".utf8))!.isDemo)
        XCTAssertTrue(Passphrase(fileContents: Array("uppfolj-demo\r\n".utf8))!.isDemo)
        XCTAssertFalse(Passphrase(fileContents: Array("uppfolj-demo\n\n".utf8))!.isDemo, "only one line break is removed")
        XCTAssertNil(Passphrase(fileContents: [0xFF, 0xFE]))
    }

    // MARK: helpers

    /// Byte offsets of every record's frame in the journal.
    func recordOffsets() throws -> [Int] {
        var offsets: [Int] = []
        let journal = try Journal.open(path: journalPath, mode: .readOnly)
        try journal.forEachRecord { offsets.append($0.offset) }
        journal.close()
        return offsets
    }
}
