import Crypto
import Foundation
import XCTest
import UppfoljCore
import UppfoljJournal
import UppfoljSample
@testable import UppfoljStore

/// Key slots (issue 16 item 2): one wrap of the journal key per person, the person and role told by
/// the passphrase; add, list, remove and passwd; the older single-passphrase key file migrated.
final class KeySlotTests: XCTestCase {
    let catalogue = try! InstrumentCatalogue.builtIn()
    let until = Day(iso: "2026-06-30")!
    let light = KeyDerivation(log2N: 10, blockSize: 8, parallelism: 1)
    var folder: URL!
    var journalPath: String { folder.appendingPathComponent("journal").path }
    var keyPath: String { KeyFile.path(forJournal: journalPath) }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func source(_ text: String) -> PassphraseSource { { _ in Passphrase(text) } }

    func makeJournal() throws {
        let store = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: false, create: true,
                                       passphrase: source("admin passphrase"), derivation: light)
        let events = SampleGenerator(cases: 4, seed: 7, until: until, catalogue: catalogue).events()
        XCTAssertEqual(try store.importEvents(events, today: until), .imported(events.count))
    }

    func open(_ passphrase: String, readOnly: Bool = true, authorize: ((KeyHolder) throws -> Void)? = nil) throws -> CaseStore {
        try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: readOnly, passphrase: source(passphrase),
                           sharedWriter: !readOnly, authorize: authorize)
    }

    func testAddListRemoveAndPasswd() throws {
        try makeJournal()
        // A new journal has one slot: its creator's, admin, unnamed.
        var listing = try CaseStore.keySlots(path: journalPath, passphrase: source("admin passphrase"))
        XCTAssertEqual(listing.slots.map(\.id), [1])
        XCTAssertEqual(listing.slots[0].role, .admin)
        XCTAssertNil(listing.slots[0].worker)
        XCTAssertFalse(listing.migrationPending)

        let added = try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"),
                                             newPassphrase: source("hl07 egen fras"), worker: "hl07", role: .worker,
                                             derivation: light, now: 1_800_000_000)
        XCTAssertEqual(added.id, 2)
        try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"), newPassphrase: source("chefens fras"),
                                 worker: "chef1", role: .manager, derivation: light)
        listing = try CaseStore.keySlots(path: journalPath, passphrase: source("admin passphrase"))
        XCTAssertEqual(listing.slots.map(\.id), [1, 2, 3])
        XCTAssertEqual(listing.slots.map(\.worker), [nil, "hl07", "chef1"])
        XCTAssertEqual(listing.slots.map(\.role), [.admin, .worker, .manager])
        XCTAssertEqual(listing.slots[1].created, 1_800_000_000)

        // No secret in the listing's source: the file holds no passphrase nor the journal key.
        let raw = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        XCTAssertNil(raw.range(of: Data("hl07 egen fras".utf8)))

        // Each passphrase tells who is at work.
        XCTAssertEqual(try open("hl07 egen fras").keyHolder, KeyHolder(slot: 2, worker: "hl07", role: .worker))
        XCTAssertEqual(try open("chefens fras").keyHolder, KeyHolder(slot: 3, worker: "chef1", role: .manager))
        XCTAssertEqual(try open("admin passphrase").keyHolder, KeyHolder(slot: 1, worker: nil, role: .admin))

        // Only an admin manages keys.
        XCTAssertThrowsError(try CaseStore.keySlots(path: journalPath, passphrase: source("hl07 egen fras"))) { error in
            XCTAssertTrue("\(error)".contains("may not use key management"), "\(error)")
        }
        XCTAssertThrowsError(try CaseStore.addKeySlot(path: journalPath, passphrase: source("chefens fras"),
                                                      newPassphrase: source("ytterligare en"), worker: "hl09", role: .admin,
                                                      derivation: light))
        // One slot per worker; the same passphrase twice is refused; a bad worker id is refused.
        XCTAssertThrowsError(try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"),
                                                      newPassphrase: source("annan fras här"), worker: "hl07", role: .worker,
                                                      derivation: light))
        XCTAssertThrowsError(try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"),
                                                      newPassphrase: source("hl07 egen fras"), worker: "hl08", role: .worker,
                                                      derivation: light))
        XCTAssertThrowsError(try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"),
                                                      newPassphrase: source("annan fras här"), worker: "19121212-1212", role: .worker,
                                                      derivation: light))

        // passwd: hl07 changes their own passphrase; the old one stops working, the slot stays.
        let holder = try CaseStore.rekey(path: journalPath, current: source("hl07 egen fras"), new: source("hl07 ny fras"),
                                         derivation: light)
        XCTAssertEqual(holder.slot, 2)
        XCTAssertThrowsError(try open("hl07 egen fras")) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("Wrong passphrase"), "\(error)")
        }
        XCTAssertEqual(try open("hl07 ny fras").keyHolder, KeyHolder(slot: 2, worker: "hl07", role: .worker))
        XCTAssertEqual(try CaseStore.keySlots(path: journalPath, passphrase: source("admin passphrase")).slots[1].created,
                       1_800_000_000, "the slot keeps its creation time")

        // remove: hl07's passphrase no longer unlocks; the others do; ids are not reused.
        let before = try Data(contentsOf: URL(fileURLWithPath: journalPath))
        XCTAssertEqual(try CaseStore.removeKeySlot(path: journalPath, passphrase: source("admin passphrase"), slot: 2).worker, "hl07")
        XCTAssertThrowsError(try open("hl07 ny fras")) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("Wrong passphrase"), "\(error)")
        }
        XCTAssertEqual(try open("chefens fras").keyHolder?.worker, "chef1")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: journalPath)), before, "no journal record rewritten")
        let again = try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"),
                                             newPassphrase: source("hl07 tredje fras"), worker: "hl07", role: .worker, derivation: light)
        XCTAssertEqual(again.id, 4, "a removed slot's id is not given again")
        // The last admin slot stays.
        XCTAssertThrowsError(try CaseStore.removeKeySlot(path: journalPath, passphrase: source("admin passphrase"), slot: 1)) { error in
            XCTAssertTrue("\(error)".contains("last admin"), "\(error)")
        }
        // The key file stays 0600 and no temporary file is left.
        var info = stat()
        XCTAssertEqual(stat(keyPath, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertFalse(FileManager.default.fileExists(atPath: keyPath + ".new"))
    }

    func testRolesAreRefusedBeforeTheJournalIsReadAndWritersNoteTheirLastUse() throws {
        try makeJournal()
        try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"), newPassphrase: source("chefens fras"),
                                 worker: "chef1", role: .manager, derivation: light)
        try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"), newPassphrase: source("hl07 egen fras"),
                                 worker: "hl07", role: .worker, derivation: light)
        struct Refused: Error {}
        var seen: KeyHolder?
        XCTAssertThrowsError(try open("chefens fras", authorize: { holder in
            seen = holder
            guard holder.role.allows([.worker]) else { throw Refused() }
        })) { XCTAssertTrue($0 is Refused) }
        XCTAssertEqual(seen?.worker, "chef1")
        XCTAssertTrue(KeyRole.admin.allows([.worker]) && KeyRole.admin.allows([]))
        XCTAssertFalse(KeyRole.manager.allows([.worker]) || KeyRole.worker.allows([.manager]))

        // A writer's unlock is "last used"; a reader's is not written.
        XCTAssertEqual(try CaseStore.keySlots(path: journalPath, passphrase: source("admin passphrase")).slots[2].lastUsed, 0)
        _ = try open("hl07 egen fras", readOnly: true)
        XCTAssertEqual(try CaseStore.keySlots(path: journalPath, passphrase: source("admin passphrase")).slots[2].lastUsed, 0)
        let start = Int64(Date().timeIntervalSince1970)
        _ = try open("hl07 egen fras", readOnly: false)
        XCTAssertGreaterThanOrEqual(try CaseStore.keySlots(path: journalPath, passphrase: source("admin passphrase")).slots[2].lastUsed, start)
    }

    /// The idle lock's check: only the passphrase of the slot the store was unlocked with opens it
    /// again, and not once that slot is removed.
    func testTheIdleLockAcceptsOnlyThePersonsOwnPassphrase() throws {
        try makeJournal()
        try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"), newPassphrase: source("hl07 egen fras"),
                                 worker: "hl07", role: .worker, derivation: light)
        let store = try open("hl07 egen fras", readOnly: false)
        XCTAssertTrue(try store.opensOwnKeySlot(Passphrase("hl07 egen fras")))
        XCTAssertFalse(try store.opensOwnKeySlot(Passphrase("admin passphrase")), "another person's key")
        XCTAssertFalse(try store.opensOwnKeySlot(Passphrase("fel fras")))
        try CaseStore.removeKeySlot(path: journalPath, passphrase: source("admin passphrase"), slot: 2)
        XCTAssertFalse(try store.opensOwnKeySlot(Passphrase("hl07 egen fras")), "removed while the workbench was open")
    }

    func testADamagedOrAlteredKeyFileIsToldFromAWrongPassphrase() throws {
        try makeJournal()
        try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"), newPassphrase: source("hl07 egen fras"),
                                 worker: "hl07", role: .worker, derivation: light)
        let saved = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        XCTAssertThrowsError(try open("fel lösenfras")) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("Wrong passphrase"), "\(error)")
        }
        // Any changed byte: damaged, and "the passphrase is not what is wrong".
        for offset in [9, 30, saved.count / 2, saved.count - 1] {
            var damaged = saved
            damaged[offset] ^= 0x20
            try damaged.write(to: URL(fileURLWithPath: keyPath))
            XCTAssertThrowsError(try open("hl07 egen fras")) { error in
                XCTAssertTrue((error as! StoreError).message.en.contains("damaged"), "offset \(offset): \(error)")
            }
        }
        // A worker who can write the key file turns their slot into an admin one and fixes the
        // file's check: the wrap no longer opens (role and worker are bound to it).
        var ring = try XCTUnwrap(KeyRing(bytes: Array(saved)))
        ring.slots[1].role = .admin
        try Data(ring.bytes).write(to: URL(fileURLWithPath: keyPath))
        XCTAssertThrowsError(try open("hl07 egen fras")) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("Wrong passphrase"), "\(error)")
        }
        XCTAssertEqual(try open("admin passphrase").keyHolder?.role, .admin)
    }

    /// The journal of release 0.4.0 (Tests/GoldenFixtureTests/Fixtures/v1, a version-1 key file of
    /// one passphrase) opens as admin, and its first key change migrates it: slot 1 is that
    /// passphrase (admin), the events read exactly as before.
    func testAnOldSinglePassphraseJournalMigratesAndStillOpens() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GoldenFixtureTests/Fixtures/v1")
        for name in ["journal", "journal.key"] {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: target)
            chmod(target.path, 0o600)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: keyPath)).count, 113, "a version-1 key file")
        let demo: PassphraseSource = { _ in Passphrase.demo }
        let before = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: demo)
        XCTAssertEqual(before.keyHolder, KeyHolder(slot: 1, worker: nil, role: .admin))
        let events = try before.allEvents()
        XCTAssertEqual(events.count, 3_246)
        XCTAssertTrue(try CaseStore.keySlots(path: journalPath, passphrase: demo).migrationPending)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: keyPath)).count, 113, "listing does not migrate")

        try CaseStore.addKeySlot(path: journalPath, passphrase: demo, newPassphrase: source("hl03 egen fras"), worker: "hl03",
                                 role: .worker, derivation: light)
        let raw = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        XCTAssertEqual(Array(raw[8..<10]), [3, 0], "version 3 now")
        let listing = try CaseStore.keySlots(path: journalPath, passphrase: demo)
        XCTAssertFalse(listing.migrationPending)
        XCTAssertEqual(listing.slots.map(\.id), [1, 2])
        XCTAssertEqual(listing.slots.map(\.role), [.admin, .worker])
        let after = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: demo)
        XCTAssertEqual(after.keyHolder, KeyHolder(slot: 1, worker: nil, role: .admin))
        XCTAssertEqual(try after.allEvents(), events)
        XCTAssertEqual(try open("hl03 egen fras").keyHolder?.worker, "hl03")
    }

    /// `key rename` (issue 16): the unnamed first slot of a migrated journal gets a name, bound into
    /// its wrap, under the same passphrase; the journal key and the events are untouched. Only
    /// the slot's own passphrase can do it, only once, and never with a name another slot has.
    func testTheUnnamedSlotOfAMigratedJournalCanBeNamedByItsHolder() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GoldenFixtureTests/Fixtures/v1")
        for name in ["journal", "journal.key"] {
            let target = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: target)
            chmod(target.path, 0o600)
        }
        let demo: PassphraseSource = { _ in Passphrase.demo }
        let events = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: demo).allEvents()
        XCTAssertNil(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: demo).keyHolder?.worker)

        // A version-1 key file: the rename migrates it and names slot 1 in one change.
        let renamed = try CaseStore.renameKeySlot(path: journalPath, passphrase: demo, worker: "adm01", now: 1_800_000_000)
        XCTAssertEqual(renamed, KeyHolder(slot: 1, worker: "adm01", role: .admin))
        var listing = try CaseStore.keySlots(path: journalPath, passphrase: demo)
        XCTAssertFalse(listing.migrationPending)
        XCTAssertEqual(listing.slots.map(\.worker), ["adm01"])
        XCTAssertEqual(listing.slots[0].created, 0, "the creation time is kept (unknown for a migrated key)")
        XCTAssertEqual(listing.slots[0].lastUsed, 1_800_000_000)
        let after = try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: demo)
        XCTAssertEqual(after.keyHolder, KeyHolder(slot: 1, worker: "adm01", role: .admin), "the same passphrase opens it, named")
        XCTAssertEqual(try after.allEvents(), events)

        // The name is bound by the wrap: editing it in the file makes the slot fail to open.
        var raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: keyPath)))
        let at = try XCTUnwrap((0..<(raw.count - 5)).first { Array(raw[$0..<$0 + 5]) == Array("adm01".utf8) })
        raw[at + 4] = UInt8(ascii: "2")
        let body = Array(raw[..<(raw.count - 32)])
        let tampered = body + Array(SHA256.hash(data: body))
        let original = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        try Data(tampered).write(to: URL(fileURLWithPath: keyPath))
        XCTAssertThrowsError(try CaseStore.open(path: journalPath, catalogue: catalogue, readOnly: true, passphrase: demo))
        try original.write(to: URL(fileURLWithPath: keyPath))

        // A named slot keeps its name; a name another slot has is refused; so is a wrong passphrase.
        XCTAssertThrowsError(try CaseStore.renameKeySlot(path: journalPath, passphrase: demo, worker: "adm02")) { error in
            XCTAssertTrue((error as? StoreError)?.message.en.contains("already named adm01") ?? false, "\(error)")
        }
        try CaseStore.addKeySlot(path: journalPath, passphrase: demo, newPassphrase: source("andra admins fras"), worker: "adm02",
                                 role: .admin, derivation: light)
        try CaseStore.addKeySlot(path: journalPath, passphrase: demo, newPassphrase: source("hl04 egen fras"), worker: "hl04",
                                 role: .worker, derivation: light)
        XCTAssertThrowsError(try CaseStore.renameKeySlot(path: journalPath, passphrase: source("hl04 egen fras"), worker: "hl05"))
        XCTAssertThrowsError(try CaseStore.renameKeySlot(path: journalPath, passphrase: source("fel fras"), worker: "hl05"))
        XCTAssertThrowsError(try CaseStore.renameKeySlot(path: journalPath, passphrase: demo, worker: "Kalle Anka"),
                             "a worker id is a pseudonymous handle")
        listing = try CaseStore.keySlots(path: journalPath, passphrase: demo)
        XCTAssertEqual(listing.slots.map(\.worker), ["adm01", "adm02", "hl04"], "nothing else changed")
    }

    /// A journal created with key slots also starts with an unnamed admin slot: the same rename, and a
    /// name already taken by another slot is refused.
    func testANewJournalsFirstSlotCanBeNamedButNotAfterAnotherPerson() throws {
        try makeJournal()
        try CaseStore.addKeySlot(path: journalPath, passphrase: source("admin passphrase"), newPassphrase: source("hl07 egen fras"),
                                 worker: "hl07", role: .worker, derivation: light)
        XCTAssertThrowsError(try CaseStore.renameKeySlot(path: journalPath, passphrase: source("admin passphrase"), worker: "hl07")) { error in
            XCTAssertTrue((error as? StoreError)?.message.en.contains("hl07 already has key 2") ?? false, "\(error)")
        }
        try CaseStore.renameKeySlot(path: journalPath, passphrase: source("admin passphrase"), worker: "adm01")
        XCTAssertEqual(try open("admin passphrase").keyHolder, KeyHolder(slot: 1, worker: "adm01", role: .admin))
        XCTAssertEqual(try open("hl07 egen fras").keyHolder?.worker, "hl07")
    }
}
