// nc-demo: a tiny screen for manual checks and the end-to-end tests of TerminalBackend.
//
//   nc-demo [--pid-file PATH]
//
// Arrows move the selection, c toggles a text cursor on the selected name, q or Ctrl-C quits.
// To exercise the restore paths: e throws a Swift error out of `withTerminal`, x calls
// exit(3) from inside it (atexit hook), X crashes (fatalError). The status line shows the last key,
// the size and the colour mode.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TerminalBackend
import TerminalKit

struct DemoError: Error, CustomStringConvertible {
    var description: String { "demo error requested with 'e'" }
}

struct DemoState {
    var table = TableState(selected: 0)
    var lastKey = "-"
    var showsCursor = false
}

let rows: [TableRow] = [
    .warning(["Åtta Över", "Hög", "2024-05-01"]),
    TableRow(["漢字 Kanji", "Låg", "2024-05-02"]),
    TableRow(["Ide\u{0308} Ek", "Medel", "2024-05-03"]),   // "ë" as e + combining diaeresis
    TableRow(["Bäck Ärende", "Låg", "2024-05-04"]),
]

func render(_ state: inout DemoState, size: Size, colorMode: ColorMode) -> Buffer {
    var buffer = Buffer(size: size)
    let minimum = Size(width: 30, height: 6)
    guard size.width >= minimum.width, size.height >= minimum.height else {
        buffer.put(string: "too small (needs \(minimum.width)x\(minimum.height))", at: Position(x: 0, y: 0), style: .error)
        return buffer
    }
    let parts = Layout.vertical([.length(1), .fill(), .length(1)]).split(buffer.area)
    buffer.fill(parts[0], style: .title)
    buffer.put(string: " Uppfölj nc-demo", at: parts[0].origin, style: .title)
    let table = Table(columns: [TableColumn("Text", width: .length(16)), TableColumn("Risk", width: .length(6)),
                                TableColumn("Datum", width: .fill())],
                      rows: rows, emptyText: "-")
    table.render(into: &buffer, area: parts[1].inset(by: Margin(top: 1, right: 0, bottom: 0, left: 0)), state: &state.table)
    if state.showsCursor, let selected = state.table.selected {
        // Like a focused text field: the cursor sits on the selected row's name.
        buffer.cursor = Position(x: parts[1].x + 2, y: parts[1].y + 2 + selected - state.table.offset)
    }
    let colors = colorMode == .color ? "color" : "mono"
    buffer.put(string: "key: \(state.lastKey) | \(size.width)x\(size.height) | \(colors) | q quits",
               at: parts[2].origin, style: .muted)
    return buffer
}

func run(_ terminal: NcursesTerminal) throws {
    var state = DemoState()
    terminal.draw(render(&state, size: terminal.size, colorMode: terminal.colorMode))
    while true {
        // Timed reads, as an app with a clock or autosave would do; nothing happens on timeout.
        guard let key = terminal.readKey(timeoutMs: 500) else {
            if terminal.isInputClosed { return }
            continue
        }
        state.lastKey = key.label
        switch key {
        case .char("q"), .ctrl("c"): return
        case .char("e"): throw DemoError()
        case .char("x"): exit(3)
        case .char("c"): state.showsCursor.toggle()
        case .char("X"): fatalError("crash requested with 'X'")
        case .up: state.table.selectPrevious(rowCount: rows.count)
        case .down: state.table.selectNext(rowCount: rows.count)
        case .home: state.table.selectFirst(rowCount: rows.count)
        case .end: state.table.selectLast(rowCount: rows.count)
        default: break
        }
        let frame = render(&state, size: terminal.size, colorMode: terminal.colorMode)
        if key == .resize || key == .ctrl("l") {
            terminal.forceRedraw(frame)
        } else {
            terminal.draw(frame)
        }
    }
}

func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}

var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--pid-file", let path = arguments.popFirst() {
        guard let file = fopen(path, "w") else { fatalError("cannot write \(path)") }
        fputs("\(getpid())\n", file)
        fclose(file)
    } else {
        printError("usage: nc-demo [--pid-file PATH]")
        exit(2)
    }
}

do {
    try withTerminal { terminal in try run(terminal) }
} catch {
    printError("nc-demo: \(error)")
    exit(1)
}
