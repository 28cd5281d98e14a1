// Helper for the journal's two-process lock test.
//   journal-lock-probe rw PATH    open read-write, print "opened records=N", exit 0
//   journal-lock-probe ro PATH    open read-only, print "opened records=N", exit 0
//   journal-lock-probe hold PATH  open read-write, print "holding records=N", keep the lock until
//                                 stdin closes
//   journal-lock-probe append PATH
//                                 create or open read-write and append forever, record i carrying
//                                 `expectedPayload(i)`; after each append returns (durable), print
//                                 "ack N" (N = records acknowledged). Batches of 1–8 records, all
//                                 or nothing. For the kill harness: the parent SIGKILLs it at
//                                 random moments and checks every acknowledged record survived.
// Exit 2 when the journal is in use (English then Swedish message on stderr), 1 on any other
// error, 64 on bad usage.
import UppfoljJournal
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func say(_ text: String, to fd: Int32) {
    var text = text + "\n"
    text.withUTF8 { _ = write(fd, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, ["rw", "ro", "hold", "append"].contains(arguments[1]) else {
    say("usage: journal-lock-probe rw|ro|hold|append PATH", to: 2)
    exit(64)
}
let path = arguments[2]
if arguments[1] == "append" {
    do {
        let journal = try Journal.open(path: path, mode: .readWrite, create: true)
        var next = journal.recordCount
        while true {
            // Single appends and batches of 2–8 (a batch is all or nothing), varying with the stream.
            let batch = next % 3 == 0 ? 1 : Int(next % 7) + 2
            let records = (next..<next + batch).map { (RecordKind.data, expectedPayload($0)) }
            if batch == 1 {
                try journal.append(kind: .data, payload: records[0].1)
            } else {
                try journal.append(contentsOf: records)
            }
            next += batch
            say("ack \(next)", to: 1)
        }
    } catch {
        say("\(error)", to: 2)
        exit(1)
    }
}
do {
    let journal = try Journal.open(path: path, mode: arguments[1] == "ro" ? .readOnly : .readWrite)
    if arguments[1] == "hold" {
        say("holding records=\(journal.recordCount)", to: 1)
        var byte: UInt8 = 0
        while read(0, &byte, 1) > 0 {}
    } else {
        say("opened records=\(journal.recordCount)", to: 1)
    }
    journal.close()
    exit(0)
} catch let error as JournalError {
    say("\(error.enMessage)\n\(error.svMessage)", to: 2)
    if case .inUse = error { exit(2) }
    exit(1)
} catch {
    say("\(error)", to: 2)
    exit(1)
}

/// The payload of record `index` in the kill harness's stream: deterministic, 1–3,000 bytes.
func expectedPayload(_ index: Int) -> [UInt8] {
    var state = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15 &+ 1
    func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    let length = Int(next() % 3_000) + 1
    return (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
}
