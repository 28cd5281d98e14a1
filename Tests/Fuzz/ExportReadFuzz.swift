// libFuzzer target: the export reader behind `dashboard EXPORT.json` and `merge` (ReportJSON.decode,
// through the strict JSON reader, with the suppressed-flag cross-check). Whatever it accepts must
// encode and read back to the same report. Built by Tests/Fuzz/run.sh with UppfoljCore and
// UppfoljReports compiled as one module.
import Foundation
import UppfoljCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExportRead(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let report = try? ReportJSON.decode(data) else { return 0 }
    guard let again = try? ReportJSON.decode(ReportJSON.encode(report)), again == report else {
        fatalError("an accepted export does not read back the same after encoding")
    }
    return 0
}
