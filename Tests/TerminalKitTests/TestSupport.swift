import TerminalKit
import XCTest

/// Renders a widget into a fresh buffer of the given size.
func draw(_ widget: some Widget, width: Int, height: Int) -> Buffer {
    var buffer = Buffer(width: width, height: height)
    widget.render(into: &buffer, area: buffer.area)
    return buffer
}

/// Asserts text rows, printing both sides in a readable block on failure.
func assertLines(_ buffer: Buffer, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    let actual = buffer.lines()
    if actual != expected {
        let show = { (rows: [String]) in rows.map { "|" + $0 + "|" }.joined(separator: "\n") }
        XCTFail("lines differ\n--- expected\n\(show(expected))\n--- actual\n\(show(actual))", file: file, line: line)
    }
}

func assertStyles(_ buffer: Buffer, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
    let actual = buffer.styleLines()
    if actual != expected {
        let show = { (rows: [String]) in rows.map { "|" + $0 + "|" }.joined(separator: "\n") }
        XCTFail("styles differ\n--- expected\n\(show(expected))\n--- actual\n\(show(actual))", file: file, line: line)
    }
}

/// A tiny deterministic generator, so random tests repeat.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
