import TerminalKit

/// One thing to draw at one screen position: a spacing character plus the non-spacing marks
/// that go with it (what `setcchar` accepts), in a style.
public struct Glyph: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var scalars: [Unicode.Scalar]
    public var style: Style

    public init(x: Int, y: Int, scalars: [Unicode.Scalar], style: Style) {
        self.x = x
        self.y = y
        self.scalars = scalars
        self.style = style
    }

    public init(x: Int, y: Int, text: String, style: Style) {
        self.init(x: x, y: y, scalars: Array(text.unicodeScalars), style: style)
    }

    public var text: String {
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}

/// Turns changed cell runs into glyphs at explicit positions (pure, so it is testable).
///
/// Every glyph is placed at its own column, so text stays aligned even where the C library's
/// idea of a character's width (`wcwidth`, via `columnsOf`) differs from TerminalKit's:
/// - continuation cells are never drawn (their wide grapheme covers them);
/// - a wide grapheme the library thinks is narrow gets a blank after it;
/// - a grapheme the library cannot show in these columns (unprintable in the locale, e.g. "å"
///   under LANG=C, or wide where TerminalKit says narrow) becomes "?" (plus a blank if wide);
/// - a wide grapheme in the screen's last column becomes a blank;
/// - cells outside the screen are skipped (the buffer may be larger than a shrunken terminal).
/// A cluster keeps its first scalar and the zero-width scalars right after it, at most
/// `maxScalars` in all (curses' CCHARW_MAX), so combining marks are kept.
public enum DrawPlan {
    public static let replacement: Unicode.Scalar = "?"
    private static let space: Unicode.Scalar = " "
    private static let zeroWidthJoiner: Unicode.Scalar = "\u{200D}"

    public static func glyphs(for runs: [CellRun], screen: Size, maxScalars: Int = 5,
                              columnsOf: (Unicode.Scalar) -> Int) -> [Glyph] {
        var result: [Glyph] = []
        forEachGlyph(in: runs, screen: screen, maxScalars: maxScalars, columnsOf: columnsOf) { result.append($0) }
        return result
    }

    public static func forEachGlyph(in runs: [CellRun], screen: Size, maxScalars: Int = 5,
                                    columnsOf: (Unicode.Scalar) -> Int, _ body: (Glyph) -> Void) {
        for run in runs {
            let y = run.position.y
            guard y >= 0 && y < screen.height else { continue }
            var x = run.position.x
            for cell in run.cells {
                defer { x += 1 }
                if cell.isContinuation || x < 0 || x >= screen.width { continue }
                let wide = cell.width == 2
                if wide && x + 1 >= screen.width {
                    body(Glyph(x: x, y: y, scalars: [space], style: cell.style))
                    continue
                }
                let scalars = cluster(cell.symbol, maxScalars: maxScalars, columnsOf: columnsOf)
                let libraryColumns = scalars.first.map(columnsOf) ?? 0
                if libraryColumns == Int(cell.width) {
                    body(Glyph(x: x, y: y, scalars: scalars, style: cell.style))
                } else if wide && libraryColumns == 1 {
                    body(Glyph(x: x, y: y, scalars: scalars, style: cell.style))
                    body(Glyph(x: x + 1, y: y, scalars: [space], style: cell.style))
                } else {
                    body(Glyph(x: x, y: y, scalars: [replacement], style: cell.style))
                    if wide { body(Glyph(x: x + 1, y: y, scalars: [space], style: cell.style)) }
                }
            }
        }
    }

    /// The base scalar plus the zero-width scalars that directly follow it (at most
    /// `maxScalars`, no trailing zero-width joiner). ASCII takes a fast path.
    static func cluster(_ symbol: String, maxScalars: Int, columnsOf: (Unicode.Scalar) -> Int) -> [Unicode.Scalar] {
        var scalars = symbol.unicodeScalars.makeIterator()
        guard let base = scalars.next() else { return [space] }
        var result = [base]
        while result.count < maxScalars, let next = scalars.next(), columnsOf(next) == 0 {
            result.append(next)
        }
        while result.count > 1 && result.last == zeroWidthJoiner { result.removeLast() }
        return result
    }
}
