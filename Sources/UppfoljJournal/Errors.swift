/// What is wrong at a place in a journal file.
public enum FaultReason: Sendable, Equatable {
    // File header (record is nil).
    case badMagic
    case unsupportedVersion(UInt16)
    case badHeaderLength(UInt16)
    case headerCheckMismatch
    case unsupportedFlags(UInt32)
    case reservedNotZero
    /// The file is shorter than the header and what is there is not the start of a valid one.
    case incompleteHeader(bytes: Int)
    /// The file is shorter than the header, and what is there is the start of a valid header or
    /// zeros: a crash while the file was being created.
    case tornHeader(bytes: Int)
    // Records.
    case lengthCheckMismatch
    case lengthTooLarge(UInt32)
    case unknownKind(UInt8)
    case hashMismatch
    /// An incomplete record (or an unfinished batch, or zero bytes) at the end: a torn write.
    case tornTail(bytes: Int)

    /// True for the harmless end-of-file case a read-write open cuts off by itself.
    public var isTorn: Bool {
        switch self {
        case .tornTail, .tornHeader: true
        default: false
        }
    }

    var sv: String {
        switch self {
        case .badMagic: "filen är inte en Uppfölj-journal (fel inledande byte)"
        case .unsupportedVersion(let v): "formatversion \(v) stöds inte av det här programmet (det läser version \(Format.version))"
        case .badHeaderLength(let n): "felaktig längd på filhuvudet (\(n), väntat \(Format.headerLength))"
        case .headerCheckMismatch: "filhuvudets kontrollsumma stämmer inte"
        case .unsupportedFlags(let f): "filhuvudet har flaggor som inte stöds (0x\(String(f, radix: 16))), kanske från en nyare version"
        case .reservedNotZero: "reserverade byte i filhuvudet är inte noll"
        case .incompleteHeader(let n): "filhuvudet är ofullständigt (\(n) av \(Format.headerLength) byte) och stämmer inte"
        case .tornHeader(let n): n == 0
            ? "filen är tom (0 byte); en journal har alltid ett filhuvud, så den har tömts eller skapandet avbröts"
            : "filen slutar inne i filhuvudet (\(n) av \(Format.headerLength) byte), troligen ett avbrutet skapande"
        case .lengthCheckMismatch: "längdfältet är skadat (längden och dess kontrollvärde stämmer inte överens)"
        case .lengthTooLarge(let n): "längden \(n) byte är större än tillåtet (\(Format.maxPayloadLength) byte)"
        case .unknownKind(let k): "okänd posttyp \(k)"
        case .hashMismatch: "kedjehashen stämmer inte (posten eller posten före den har ändrats)"
        case .tornTail(let n): "journalen slutar med en ofullständig post (\(n) byte), troligen från ett avbrutet skrivande"
        }
    }

    var en: String {
        switch self {
        case .badMagic: "the file is not an Uppfölj journal (wrong leading bytes)"
        case .unsupportedVersion(let v): "format version \(v) is not supported by this program (it reads version \(Format.version))"
        case .badHeaderLength(let n): "wrong header length (\(n), expected \(Format.headerLength))"
        case .headerCheckMismatch: "the file header's checksum does not match"
        case .unsupportedFlags(let f): "the file header has unsupported flags (0x\(String(f, radix: 16))), perhaps from a newer version"
        case .reservedNotZero: "reserved header bytes are not zero"
        case .incompleteHeader(let n): "the file header is incomplete (\(n) of \(Format.headerLength) bytes) and wrong"
        case .tornHeader(let n): n == 0
            ? "the file is empty (0 bytes); a journal always has a file header, so it was emptied or its creation was interrupted"
            : "the file ends inside its header (\(n) of \(Format.headerLength) bytes), probably an interrupted creation"
        case .lengthCheckMismatch: "the length field is damaged (the length and its check value disagree)"
        case .lengthTooLarge(let n): "the length \(n) bytes exceeds the limit (\(Format.maxPayloadLength) bytes)"
        case .unknownKind(let k): "unknown record kind \(k)"
        case .hashMismatch: "the chain hash does not match (this record or the one before it was changed)"
        case .tornTail(let n): "the journal ends with an incomplete record (\(n) bytes), probably from an interrupted write"
        }
    }
}

/// The first fault in a journal file: where and what.
public struct JournalFault: Sendable, Equatable, CustomStringConvertible {
    /// 0-based record number; nil for a fault in the file header.
    public let record: Int?
    /// Byte offset of the faulty record's frame (or of the header field); -1 for a database record.
    public let offset: Int
    public let reason: FaultReason

    public init(record: Int?, offset: Int, reason: FaultReason) {
        self.record = record
        self.offset = offset
        self.reason = reason
    }

    public var isHeaderFault: Bool { record == nil }

    public var svMessage: String {
        // A database record has no byte offset (offset -1).
        let place = record.map { offset < 0 ? "post \($0) (0-baserat)" : "post \($0) (0-baserat) vid byte \(offset)" } ?? "filhuvudet vid byte \(offset)"
        return "\(place): \(reason.sv)"
    }

    public var enMessage: String {
        let place = record.map { offset < 0 ? "record \($0) (0-based)" : "record \($0) (0-based) at byte \(offset)" } ?? "file header at byte \(offset)"
        return "\(place): \(reason.en)"
    }

    public var description: String { enMessage }
}

/// An incomplete end of the file: what a write interrupted by a crash leaves (or, for a reader,
/// a write in progress). A read-write open cuts it off only when it is no more than an interrupted
/// write can leave (`isInterruptedWrite`), after saving the bytes beside the journal; anything
/// else is refused and left for `repair` (see docs/journal-format.md, "What recovery may drop").
public struct TornTail: Sendable, Equatable {
    /// Where the cut is (the end of the last whole record, or 0 for an incomplete header).
    public let offset: Int
    /// Bytes after `offset` that are not part of the journal.
    public let bytes: Int
    /// 0-based number of the first record not kept (= records kept).
    public let record: Int
    /// Complete records of an unfinished batch that are dropped with it.
    public let droppedRecords: Int
    /// The file was shorter than its header (a crash while creating it).
    public let inHeader: Bool
    /// True when a read-write open removed the bytes (truncate + sync).
    public let wasCut: Bool
    /// How many of `droppedRecords` are data records (events).
    public let droppedDataRecords: Int
    /// The unfinished batch's last record (batch bit clear) is there but incomplete: the whole
    /// batch was written, so it may have been acknowledged; its records are not cut by themselves.
    public let batchEndSeen: Bool
    /// Where the cut bytes were saved before they were removed (`<journal>.torn-<UTC time>`).
    public let savedTo: String?

    public init(offset: Int, bytes: Int, record: Int, droppedRecords: Int, inHeader: Bool, wasCut: Bool,
                droppedDataRecords: Int = 0, batchEndSeen: Bool = false, savedTo: String? = nil) {
        self.offset = offset
        self.bytes = bytes
        self.record = record
        self.droppedRecords = droppedRecords
        self.inHeader = inHeader
        self.wasCut = wasCut
        self.droppedDataRecords = droppedDataRecords
        self.batchEndSeen = batchEndSeen
        self.savedTo = savedTo
    }

    /// The most a read-write open cuts by itself: an interrupted single append or small batch
    /// (the workbench saves one record at a time; a batch larger than this is an import, whose
    /// interruption `repair` handles with a backup of the whole file).
    public static let automaticCutMaxBytes = 1 << 20
    public static let automaticCutMaxRecords = 16

    /// Where a write killed by a signal stops: the kernel copies a write into the page cache a page
    /// (or a larger, page-aligned folio) at a time and, when a fatal signal (SIGKILL) is pending,
    /// stops between two of them, so the file then ends on a multiple of this.
    public static let pageSize = 4096

    /// The file ends on a page boundary (see `pageSize`).
    public var endsOnPageBoundary: Bool { (offset + bytes) % Self.pageSize == 0 }

    /// True when this tail is what an interrupted write leaves and a read-write open may cut it
    /// (keeping a copy): not inside the file header, at most `automaticCutMaxBytes` bytes and
    /// `automaticCutMaxRecords` complete records, and not the complete records of a batch whose
    /// own last record is present but damaged — unless the file ends on a page boundary, where a
    /// write of the batch killed midway stops (docs/journal-format.md, "What recovery may drop").
    public var isInterruptedWrite: Bool {
        !inHeader && bytes <= Self.automaticCutMaxBytes && droppedRecords <= Self.automaticCutMaxRecords
            && (!batchEndSeen || endsOnPageBoundary)
    }

    func cut(_ done: Bool, savedTo: String? = nil) -> TornTail {
        TornTail(offset: offset, bytes: bytes, record: record, droppedRecords: droppedRecords,
                 inHeader: inHeader, wasCut: done, droppedDataRecords: droppedDataRecords,
                 batchEndSeen: batchEndSeen, savedTo: savedTo)
    }

    var fault: JournalFault {
        JournalFault(record: inHeader ? nil : record, offset: offset,
                     reason: inHeader ? .tornHeader(bytes: bytes) : .tornTail(bytes: bytes))
    }

    /// What the tail holds, e.g. "3 hela poster (2 händelser) i en oavslutad sats och 17 byte av en ofullständig post".
    public var svContents: String {
        if inHeader { return "ett ofullständigt filhuvud (\(bytes) byte)" }
        var parts: [String] = []
        if droppedRecords > 0 {
            parts.append("\(droppedRecords) hel\(droppedRecords == 1 ? "" : "a") post\(droppedRecords == 1 ? "" : "er") (\(droppedDataRecords) händelse\(droppedDataRecords == 1 ? "" : "r")) i en oavslutad sats"
                         + (batchEndSeen ? " vars sista post finns men är skadad" : ""))
        }
        parts.append("\(bytes) byte vid byte \(offset), från post \(record)")
        return parts.joined(separator: ", ")
    }

    public var enContents: String {
        if inHeader { return "an incomplete file header (\(bytes) bytes)" }
        var parts: [String] = []
        if droppedRecords > 0 {
            parts.append("\(droppedRecords) complete record\(droppedRecords == 1 ? "" : "s") (\(droppedDataRecords) event\(droppedDataRecords == 1 ? "" : "s")) of an unfinished batch"
                         + (batchEndSeen ? " whose last record is present but damaged" : ""))
        }
        parts.append("\(bytes) bytes at byte \(offset), from record \(record)")
        return parts.joined(separator: ", ")
    }

    public var svMessage: String {
        if wasCut {
            let saved = savedTo.map { " De borttagna byten sparades först i \($0)." } ?? ""
            return "Journalens ofullständiga slut från ett avbrutet skrivande klipptes bort: \(svContents).\(saved) Inga poster före dem påverkades."
        }
        return "Journalen slutar ofullständigt (\(svContents)); det ignoreras vid läsning."
    }

    public var enMessage: String {
        if wasCut {
            let saved = savedTo.map { " The removed bytes were first saved in \($0)." } ?? ""
            return "The journal's incomplete end left by an interrupted write was cut off: \(enContents).\(saved) No record before it was affected."
        }
        return "The journal ends incompletely (\(enContents)); this is ignored for reading."
    }
}

/// Every error the journal throws. `svMessage`/`enMessage` are ready to show a user.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another process (or handle) holds the write lock.
    case inUse(path: String)
    case notFound(path: String)
    /// Open found damage. Nothing was changed.
    case corrupt(path: String, fault: JournalFault)
    /// Opening, reading or locking failed.
    case io(IOFailure)
    /// An append failed; the file was restored byte for byte and the handle is still usable.
    case appendFailed(IOFailure)
    /// An append failed and so did restoring the file; this handle refuses all further work.
    case poisoned(cause: IOFailure, rollback: IOFailure)
    case readOnly(path: String)
    case payloadTooLarge(bytes: Int, limit: Int)
    case closed(path: String)
    /// The file is not the size this handle left it: another program wrote to it.
    case changedUnderneath(path: String, expected: Int, actual: Int)
    /// `repair` found nothing wrong.
    case nothingToRepair(path: String)
    /// `repair` does not cut at a damaged file header (that would drop every record).
    case headerNotRepairable(path: String, fault: JournalFault)
    /// A read-write open found an incomplete end larger than an interrupted write leaves (or the
    /// complete records of a batch whose last record is damaged): nothing was cut.
    case tornTailNeedsRepair(path: String, torn: TornTail)
    /// A shared-write handle appended outside `withWriteLock` (a programming error; nothing written).
    case notLocked(path: String)
    /// A database backend failed (connection, statement or refusal by the server), with the
    /// server's or the client library's words; whether anything was written says `appendFailed`.
    case database(location: String, detail: String)

    public var svMessage: String {
        switch self {
        case .inUse(let path):
            "Journalen används redan av en annan process (\(path)). Stäng det andra programmet eller öppna journalen skrivskyddad."
        case .notFound(let path):
            "Journalen finns inte: \(path)"
        case .corrupt(let path, let fault):
            "Journalen \(path) är skadad: \(fault.svMessage). Ingenting har ändrats i filen."
        case .io(let failure):
            "Journalen kunde inte användas: \(failure.svMessage)"
        case .appendFailed(let failure):
            "Journalen är oförändrad: det gick inte att skriva i den (\(failure.svMessage))."
        case .poisoned(let cause, let rollback):
            "Det gick inte att spara (\(cause.svMessage)) och inte heller att återställa journalen (\(rollback.svMessage)). Journalen är spärrad i det här fönstret; öppna den igen. Den senaste ändringen kan saknas."
        case .readOnly(let path):
            "Journalen är öppnad skrivskyddad och kan inte ändras: \(path)"
        case .payloadTooLarge(let bytes, let limit):
            "Posten är för stor (\(bytes) byte, högst \(limit))."
        case .closed(let path):
            "Journalen är stängd: \(path)"
        case .changedUnderneath(let path, let expected, let actual):
            "Journalfilen \(path) har ändrats av ett annat program (väntad storlek \(expected) byte, faktisk \(actual)). Ingenting skrevs; öppna journalen igen."
        case .nothingToRepair(let path):
            "Journalen \(path) är hel; inget behöver repareras."
        case .headerNotRepairable(let path, let fault):
            "Journalens filhuvud är skadat (\(fault.svMessage)); det kan inte repareras automatiskt. Ingenting har ändrats i \(path)."
        case .tornTailNeedsRepair(let path, let torn):
            "Journalen \(path) slutar ofullständigt: \(torn.svContents). Det är mer än ett avbrutet skrivande lämnar, så det klipps inte bort automatiskt; ingenting har ändrats. Journalen behöver åtgärdas: kör uppfolj repair --yes \(path) (den sparar först en säkerhetskopia av hela filen), eller lägg tillbaka journalen från en säkerhetskopia."
        case .notLocked(let path):
            "Ingenting skrevs: journalens skrivlås var inte taget (\(path))."
        case .database(let location, let detail):
            "Journalens databas kunde inte användas (\(location)): \(detail)"
        }
    }

    public var enMessage: String {
        switch self {
        case .inUse(let path):
            "The journal is already in use by another process (\(path)). Close the other program or open the journal read-only."
        case .notFound(let path):
            "The journal does not exist: \(path)"
        case .corrupt(let path, let fault):
            "The journal \(path) is damaged: \(fault.enMessage). Nothing in the file was changed."
        case .io(let failure):
            "The journal could not be used: \(failure.enMessage)"
        case .appendFailed(let failure):
            "The journal is unchanged: it could not be written to (\(failure.enMessage))."
        case .poisoned(let cause, let rollback):
            "Could not save (\(cause.enMessage)), nor restore the journal afterwards (\(rollback.enMessage)). The journal is blocked in this window; open it again. The last change may be missing."
        case .readOnly(let path):
            "The journal is open read-only and cannot be changed: \(path)"
        case .payloadTooLarge(let bytes, let limit):
            "The record is too large (\(bytes) bytes, at most \(limit))."
        case .closed(let path):
            "The journal is closed: \(path)"
        case .changedUnderneath(let path, let expected, let actual):
            "The journal file \(path) was changed by another program (expected \(expected) bytes, found \(actual)). Nothing was written; open the journal again."
        case .nothingToRepair(let path):
            "The journal \(path) is intact; nothing needs repair."
        case .headerNotRepairable(let path, let fault):
            "The journal's file header is damaged (\(fault.enMessage)); it cannot be repaired automatically. Nothing in \(path) was changed."
        case .tornTailNeedsRepair(let path, let torn):
            "The journal \(path) ends incompletely: \(torn.enContents). That is more than an interrupted write leaves, so it is not cut off automatically; nothing was changed. The journal needs attention: run uppfolj repair --yes \(path) (it first keeps a backup of the whole file), or restore the journal from a backup."
        case .notLocked(let path):
            "Nothing was written: the journal's write lock was not held (\(path))."
        case .database(let location, let detail):
            "The journal's database could not be used (\(location)): \(detail)"
        }
    }

    public var description: String { enMessage }
}
