import Foundation
import Testing
@testable import UppfoljJournal
import ChildProcessSupport

@Suite struct LockTests {
    static let inUseSv = "Journalen används redan av en annan process"
    static let inUseEn = "The journal is already in use by another process"

    @Test func secondWriterInTheSameProcessIsRefused() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let writer = try Journal.open(path: path, mode: .readWrite, create: true)
            try writer.append(kind: .data, payload: [1])
            let error = journalError { _ = try Journal.open(path: path, mode: .readWrite) }
            #expect(error == .inUse(path: path))
            #expect(error?.svMessage.hasPrefix(Self.inUseSv) == true)
            #expect(error?.enMessage.hasPrefix(Self.inUseEn) == true)
            #expect(journalError { _ = try Journal.repair(path: path) } == .inUse(path: path))
            // Read-only works alongside the writer.
            let reader = try Journal.open(path: path, mode: .readOnly)
            #expect(reader.recordCount == 1)
            writer.close()
            #expect(journalError { try writer.append(kind: .data, payload: [2]) } == .closed(path: path))
            let next = try Journal.open(path: path, mode: .readWrite)
            #expect(next.recordCount == 1)
        }
    }

    @Test func handleReleasesTheLockWhenDropped() throws {
        try withScratch { scratch in
            let path = scratch.path()
            do {
                let writer = try Journal.open(path: path, mode: .readWrite, create: true)
                try writer.append(kind: .data, payload: [1])
            }
            let again = try Journal.open(path: path, mode: .readWrite)
            #expect(again.recordCount == 1)
        }
    }

    @Test func readerSeesAppendsAfterRefresh() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let writer = try Journal.open(path: path, mode: .readWrite, create: true)
            try writer.append(kind: .data, payload: [1])
            let reader = try Journal.open(path: path, mode: .readOnly)
            try writer.append(contentsOf: [(RecordKind.data, [2]), (.meta, [3])])
            // Not seen until refresh; forEachRecord stops at what was verified.
            #expect(try contents(reader).count == 1)
            #expect(try reader.refresh() == 2)
            #expect(try contents(reader) == [Stored(kind: .data, payload: [1]), Stored(kind: .data, payload: [2]), Stored(kind: .meta, payload: [3])])
            #expect(reader.headHash == writer.headHash)

            // A write in progress (half a frame) is just the end for a reader, and it never writes.
            let frame = Spec.frame(previous: writer.headHash.bytes, kindByte: 0, payload: [9, 9, 9, 9]).bytes
            let handle = try #require(FileHandle(forWritingAtPath: path))
            handle.seekToEndOfFile()
            handle.write(Data(frame.prefix(20)))
            let sizeWithTorn = try readBytes(path).count
            #expect(try reader.refresh() == 0)
            #expect(reader.tornTail?.bytes == 20)
            #expect(reader.tornTail?.wasCut == false)
            // The write completes.
            handle.write(Data(frame.dropFirst(20)))
            try handle.close()
            #expect(try readBytes(path).count == sizeWithTorn + frame.count - 20)
            #expect(try reader.refresh() == 1)
            #expect(reader.tornTail == nil)
            #expect(try contents(reader).last == Stored(kind: .data, payload: [9, 9, 9, 9]))
            // The writer did not write that record: its next append refuses.
            #expect(journalError { try writer.append(kind: .data, payload: [5]) }
                    == .changedUnderneath(path: path, expected: writer.endOffset, actual: writer.endOffset + frame.count))
            #expect(journalError { try writer.refresh() } == .changedUnderneath(path: path, expected: writer.endOffset, actual: writer.endOffset + frame.count))
        }
    }

    // MARK: two processes

    static func probePath() throws -> String {
        try ChildProcess.executable(named: "journal-lock-probe")
    }

    struct ProbeResult {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    private static func runProbe(_ arguments: [String]) throws -> ProbeResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try probePath())
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProbeResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                           stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A `journal-lock-probe hold` child: it holds the journal's write lock from the line it
    /// prints until its standard input is closed.
    final class LockHolder {
        private let process = Process()
        private let input = Pipe()
        /// What the child said once it held the lock ("holding records=1\n").
        let said: String

        init(path: String) throws {
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: try LockTests.probePath())
            process.arguments = ["hold", path]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for the child to say it holds the lock (a line on stdout), never sleeping.
            var said = Data()
            while !said.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                said.append(chunk)
            }
            self.said = String(decoding: said, as: UTF8.self)
        }

        /// Closing it tells the child to let go.
        var release: FileHandle { input.fileHandleForWriting }

        /// Lets go (if it has not yet) and waits for the child to end; its exit status.
        @discardableResult func stop() -> Int32 {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// A scratch journal of one record, held by a `LockHolder` child while `body` runs.
    func withHeldJournal(_ body: (String, LockHolder) throws -> Void) throws {
        try withScratch { scratch in
            let path = scratch.path()
            try makeJournal(at: path, [Stored(kind: .data, payload: [1])])
            let holder = try LockHolder(path: path)
            defer { holder.stop() }
            #expect(holder.said == "holding records=1\n")
            try body(path, holder)
        }
    }

    @Test func anotherProcessCannotWriteWhileWeHoldTheJournal() throws {
        try withScratch { scratch in
            let path = scratch.path()
            let writer = try Journal.open(path: path, mode: .readWrite, create: true)
            try writer.append(contentsOf: [(RecordKind.data, [1]), (.data, [2])])

            let refused = try Self.runProbe(["rw", path])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.contains(Self.inUseSv), "\(refused.stderr)")
            #expect(refused.stderr.contains(Self.inUseEn), "\(refused.stderr)")

            let reader = try Self.runProbe(["ro", path])
            #expect(reader.status == 0, "\(reader)")
            #expect(reader.stdout == "opened records=2\n")

            writer.close()
            let allowed = try Self.runProbe(["rw", path])
            #expect(allowed.status == 0, "\(allowed)")
            #expect(allowed.stdout == "opened records=2\n")
        }
    }

    @Test func weCannotWriteWhileAnotherProcessHoldsTheJournal() throws {
        try withHeldJournal { path, holder in

            let error = journalError { _ = try Journal.open(path: path, mode: .readWrite) }
            #expect(error == .inUse(path: path))
            let reader = try Journal.open(path: path, mode: .readOnly)
            #expect(reader.recordCount == 1)

            #expect(holder.stop() == 0)
            let writer = try Journal.open(path: path, mode: .readWrite)
            #expect(writer.recordCount == 1)
        }
    }
    /// Issue 16 (latency under contention): a shared writer waits for the lock in the kernel
    /// (`PosixFile.lockExclusive`, a helper thread blocked in flock on a descriptor of its own)
    /// instead of polling. The wait ends at its deadline with nothing held; a helper given up on
    /// that gets the lock later releases it at once; a waiter gets the lock when the holder lets
    /// go; `unlock` and `close` release a lock held through the helper's descriptor.
    @Test func aWaitForTheLockEndsAtItsDeadlineOrWhenTheHolderLetsGoAndLeavesNoLockBehind() throws {
        try withHeldJournal { path, holder in
            let files = PosixFileSystem()

            // Held by the child: the wait gives up at its deadline, holding nothing.
            let first = try files.open(path, mode: .readWrite)
            var start = ContinuousClock.now
            #expect(try first.lockExclusive(waitingAtMost: 0.3) == false)
            let waited = ContinuousClock.now - start
            #expect(waited >= .milliseconds(290) && waited < .seconds(5), "\(waited)")

            // Another wait; the child lets go 0.3 s into it, and this waiter gets the lock then
            // (the first waiter's helper, given up on, may get it first: it must pass it on).
            let second = try files.open(path, mode: .readWrite)
            let release = holder.release
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { try? release.close() }
            start = ContinuousClock.now
            #expect(try second.lockExclusive(waitingAtMost: 20) == true)
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(holder.stop() == 0)

            // Held now through the helper's descriptor: nobody else gets it, not even `first`.
            let third = try files.open(path, mode: .readWrite)
            #expect(try third.tryLockExclusive() == false)
            #expect(try first.tryLockExclusive() == false)
            #expect(try Self.runProbe(["rw", path]).status == 2)
            try second.unlock()
            #expect(try third.lockExclusive(waitingAtMost: 5) == true, "unlock released it")
            try third.unlock()

            // close() releases it too.
            #expect(try second.lockExclusive(waitingAtMost: 5) == true)
            #expect(try Self.runProbe(["rw", path]).status == 2)
            second.close()
            #expect(try Self.runProbe(["rw", path]).status == 0, "close released it")

            // A wait shorter than the holder's turn, through the journal: `.inUse`, and the lock
            // is free again for the next writer as soon as the holder lets go.
            let journalHolder = try Journal.open(path: path, mode: .readWrite)
            #expect(journalError { try Journal.lockWaiting(third, path: path, patience: 0.2) } == .inUse(path: path))
            journalHolder.close()
            #expect(try third.lockExclusive(waitingAtMost: 5) == true)
            third.close()
            first.close()
        }
    }
}
