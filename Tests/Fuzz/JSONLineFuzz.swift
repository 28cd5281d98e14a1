// libFuzzer target: one line of `uppfolj import` (strict JSON event decoding), then the validator
// with its personal-identity guard against an empty journal.
// Built and run by Tests/Fuzz/run.sh, not by SwiftPM.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLine(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let line = String(decoding: bytes, as: UTF8.self)
    guard let event = try? EventJSON.decodeStrict(line) else { return 0 }
    _ = Validator(catalogue: FuzzSupport.catalogue, today: Day(iso: "2026-01-01")!).validate(event, in: FuzzSupport.empty)
    if let text = try? EventJSON.line(event), (try? EventJSON.decodeStrict(text)) != event {
        fatalError("JSON round trip changed the event")
    }
    return 0
}

enum FuzzSupport {
    static let catalogue = try! InstrumentCatalogue.builtIn()
    static let empty = Projection(catalogue: catalogue)
}
