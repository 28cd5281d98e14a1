import TerminalKit

extension Buffer {
    /// Builds a buffer from text rows (each padded with blank cells), all in one style: the
    /// expected side of buffer tests.
    public init(lines: [String], width: Int? = nil, style: Style = .normal) {
        let w = width ?? lines.map(\.displayWidth).max() ?? 0
        self.init(width: w, height: lines.count)
        for (y, text) in lines.enumerated() {
            put(string: text, at: Position(x: 0, y: y), style: style)
        }
    }
}
