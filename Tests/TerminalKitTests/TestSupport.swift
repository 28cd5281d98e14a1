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

