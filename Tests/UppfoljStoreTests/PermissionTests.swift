import Foundation
import XCTest
import UppfoljCore
@testable import UppfoljStore

/// A journal or folder that others may write to is refused, with a message that says how to fix it.
final class PermissionTests: XCTestCase {
    func testJournalAndFolderWritableByOthersAreRefused() throws {
        let catalogue = try InstrumentCatalogue.builtIn()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("uppfolj-perm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        chmod(folder.path, 0o700)
        let path = folder.appendingPathComponent("journal").path
        _ = try CaseStore.open(path: path, catalogue: catalogue, readOnly: false, create: true)
        XCTAssertNoThrow(try CaseStore.open(path: path, catalogue: catalogue, readOnly: true))

        chmod(path, 0o666)
        XCTAssertThrowsError(try CaseStore.open(path: path, catalogue: catalogue, readOnly: true)) { error in
            let message = (error as! StoreError).message
            XCTAssertTrue(message.sv.contains("skrivbar för andra") && message.sv.contains("chmod 600"), message.sv)
        }
        chmod(path, 0o640)   // readable by the group: allowed; writable: not
        XCTAssertNoThrow(try CaseStore.open(path: path, catalogue: catalogue, readOnly: true))
        chmod(path, 0o620)
        XCTAssertThrowsError(try CaseStore.open(path: path, catalogue: catalogue, readOnly: true))
        chmod(path, 0o600)

        chmod(folder.path, 0o777)
        XCTAssertThrowsError(try CaseStore.open(path: path, catalogue: catalogue, readOnly: false)) { error in
            XCTAssertTrue((error as! StoreError).message.en.contains("folder"), "\(error)")
        }
        chmod(folder.path, 0o1777)   // sticky, like /tmp: others cannot replace our file
        XCTAssertNoThrow(try CaseStore.open(path: path, catalogue: catalogue, readOnly: true))
        chmod(folder.path, 0o700)
    }
}
