// libFuzzer target: the journal's event payload decoder (what every record's bytes go through).
// Built and run by Tests/Fuzz/run.sh, not by SwiftPM.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEventDecode(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard let event = try? EventBinaryCodec.decode(bytes) else { return 0 }
    // Whatever decodes must encode and decode to the same event.
    let again = try? EventBinaryCodec.decode(EventBinaryCodec.encode(event))
    if again != event { fatalError("round trip changed the event") }
    return 0
}
