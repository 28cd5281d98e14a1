// Bridge from Swift to ncursesw (the wide-character build of ncurses).
//
// SwiftPM drops the `-D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600` that `pkg-config ncursesw` asks for;
// without them curses.h hides the wide-character API (cchar_t, get_wch, setcchar, wadd_wch).
// NCURSES_WIDECHAR turns it on explicitly.
//
// Function-like macros (getmaxyx, KEY_F(n), COLOR_PAIR, A_* bit masks) do not import into
// Swift, and Swift 6 does not allow touching mutable C globals (stdscr, LINES, COLS,
// COLOR_PAIRS, curscr) directly, so they are wrapped in `static inline` functions below.
#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Starts curses on stdout/stdin; NULL (no exit, unlike initscr) when TERM is unusable.
static inline SCREEN *cnc_newterm(void) { return newterm(NULL, stdout, stdin); }

// Globals.
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline WINDOW *cnc_curscr(void) { return curscr; }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }
static inline int cnc_colors(void) { return COLORS; }

// Size of the standard screen (getmaxyx is a macro).
static inline int cnc_screen_width(void) { return getmaxx(stdscr); }
static inline int cnc_screen_height(void) { return getmaxy(stdscr); }

// Key codes that are macros with arguments.
static inline int cnc_key_f(int n) { return KEY_F(n); }

// Attributes for the wide-character API (attr_t, no colour bits). The flags use the bit
// layout of TerminalKit's TextAttributes: 1 bold, 2 reverse, 4 underline, 8 dim.
static inline attr_t cnc_attributes(unsigned flags) {
    attr_t a = WA_NORMAL;
    if (flags & 1u) a |= WA_BOLD;
    if (flags & 2u) a |= WA_REVERSE;
    if (flags & 4u) a |= WA_UNDERLINE;
    if (flags & 8u) a |= WA_DIM;
    return a;
}

// Columns the C library gives a character in the current locale (-1: not printable).
// glibc declares wcwidth only for _XOPEN_SOURCE, which the imported libc module lacks.
extern int wcwidth(wchar_t c);
static inline int cnc_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

// Most spacing + non-spacing wide characters one cchar_t holds.
static inline int cnc_cchar_max(void) { return CCHARW_MAX; }

// Fills `cell` with one spacing character plus up to CCHARW_MAX-1 non-spacing ones
// (`text` is L'\0'-terminated) and draws it at (y, x) on stdscr.
static inline int cnc_put_glyph(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

#endif
