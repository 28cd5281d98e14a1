// TerminalKit: a pure-Swift screen model for Uppfölj (no C, no ncurses).
//
// Immediate mode, like ratatui: the app's view function renders widgets into a `Buffer` every
// frame; state such as selection, scroll and cursor lives in separate structs the app owns
// (`TableState`, `FormState`, `TextFieldState`, ...).
//
// A backend (ncursesw, in the app) draws frames like this:
//
//     let runs = frame.diff(from: previousFrame)   // only changed cells, whole wide pairs
//     for run in runs {
//         move(run.position.y, run.position.x)
//         for cell in run.cells where !cell.isContinuation {
//             attrs = MonochromeStyle.combinedAttributes(for: cell.style) (+ a colour pair per role,
//                     when colours are on and NO_COLOR is unset)
//             add cell.symbol (one grapheme cluster, `cell.width` columns)
//         }
//     }
//     show the cursor at frame.cursor, or hide it when nil
//
// When the terminal size changes, diff returns every row, so the backend redraws all.
//
// Snapshot tests assert `Buffer.lines()` (text, trailing spaces trimmed) and
// `Buffer.styleLines()` (one `StyleRole.dumpLetter` per column, trailing "." trimmed).
//
// User-facing words are always passed in by the app; TerminalKit only has glyphs
// (`Glyphs.unicode` / `Glyphs.ascii`) and language-neutral key names (`Key.label`).
