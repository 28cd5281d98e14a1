// Helper for the journal's two-process lock test.
//   journal-lock-probe rw PATH    open read-write, print "opened records=N", exit 0
//   journal-lock-probe ro PATH    open read-only, print "opened records=N", exit 0
//   journal-lock-probe hold PATH  open read-write, print "holding records=N", keep the lock until
//                                 stdin closes
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
guard arguments.count == 3, ["rw", "ro", "hold"].contains(arguments[1]) else {
    say("usage: journal-lock-probe rw|ro|hold PATH", to: 2)
    exit(64)
}
let path = arguments[2]
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
