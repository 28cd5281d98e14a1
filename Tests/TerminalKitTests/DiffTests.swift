import UppfoljSample
import TerminalKit
import TerminalKitTestSupport
import XCTest

final class DiffTests: XCTestCase {
    func testEqualBuffersHaveNoChanges() {
        let a = Buffer(lines: ["hello", "world"])
        XCTAssertEqual(a.diff(from: a), [])
    }

    func testChangedCellsBecomeRunsPerRow() {
        let old = Buffer(lines: ["abcdef", "ghijkl"])
        var new = old
        new.put(string: "XY", at: Position(x: 1, y: 0))
        new.put(string: "Z", at: Position(x: 5, y: 0))
        new.put(string: "W", at: Position(x: 0, y: 1))
        let runs = new.diff(from: old)
        XCTAssertEqual(runs.map(\.position), [Position(x: 1, y: 0), Position(x: 5, y: 0), Position(x: 0, y: 1)])
        XCTAssertEqual(runs.map { $0.cells.map(\.symbol).joined() }, ["XY", "Z", "W"])
    }

    func testStyleOnlyChangeIsAChange() {
        let old = Buffer(lines: ["abc"])
        var new = old
        new.setStyle(.selection, in: Rect(x: 1, y: 0, width: 1, height: 1))
        let runs = new.diff(from: old)
        XCTAssertEqual(runs.count, 1)
        XCTAssertEqual(runs[0].position, Position(x: 1, y: 0))
        XCTAssertEqual(runs[0].columnCount, 1)
    }

    func testReplacingAWideGraphemeRedrawsBothHalves() {
        let old = Buffer(lines: ["a漢b"])
        var new = old
        new.put(string: "字", at: Position(x: 1, y: 0))
        let runs = new.diff(from: old)
        XCTAssertEqual(runs.count, 1)
        XCTAssertEqual(runs[0].position.x, 1)
        XCTAssertEqual(runs[0].columnCount, 2)
    }

    func testChangingHalfAWideGraphemeRedrawsThePair() {
        let old = Buffer(lines: ["a漢b"])
        var new = old
        new.put(string: "x", at: Position(x: 2, y: 0)) // right half: 漢 becomes a space
        let runs = new.diff(from: old)
        XCTAssertEqual(runs.count, 1)
        XCTAssertEqual(runs[0].position.x, 1)
        XCTAssertEqual(runs[0].cells.map(\.symbol), [" ", "x"])

        var narrowToWide = Buffer(lines: ["abcd"])
        let before = narrowToWide
        narrowToWide.put(string: "漢", at: Position(x: 2, y: 0))
        let wideRuns = narrowToWide.diff(from: before)
        XCTAssertEqual(wideRuns.map(\.position.x), [2])
        XCTAssertEqual(wideRuns[0].columnCount, 2)
    }

    func testRunsNeverSplitAWidePair() {
        // Restyling the right half of 字 restyles, and so redraws, the whole pair.
        let old = Buffer(lines: ["漢字"])
        var new = old
        new.setStyle(.error, in: Rect(x: 3, y: 0, width: 1, height: 1))
        let runs = new.diff(from: old)
        XCTAssertEqual(runs.map(\.position.x), [2])
        XCTAssertEqual(runs[0].columnCount, 2)
    }

    func testSizeChangeRedrawsEverything() {
        let old = Buffer(width: 3, height: 2)
        let new = Buffer(lines: ["ab", "cd", "ef"])
        let runs = new.diff(from: old)
        XCTAssertEqual(runs.count, 3)
        XCTAssertTrue(runs.allSatisfy { $0.position.x == 0 && $0.columnCount == 2 })
    }

    /// Property: for random buffers (with wide graphemes, overwrites and styles), applying
    /// new.diff(from: old) to old gives new, runs are whole pairs, and unchanged cells are skipped.
    func testApplyingTheDiffToOldGivesNew() {
        var random = SplitMix64(seed: 42)
        let pieces = ["a", "b", "å", "ö", "漢", "字", "👍", "é", "e\u{0301}", " ", "🇸🇪", "xy", "漢字"]
        let styles: [Style] = [.normal, .selection, .error, .muted, .warning]
        func scribble(_ buffer: inout Buffer, count: Int) {
            for _ in 0..<count {
                let text = pieces.randomElement(using: &random)!
                let x = Int.random(in: 0..<buffer.width, using: &random)
                let y = Int.random(in: 0..<buffer.height, using: &random)
                buffer.put(string: text, at: Position(x: x, y: y), style: styles.randomElement(using: &random)!)
            }
        }
        for _ in 0..<300 {
            let width = Int.random(in: 1...12, using: &random)
            let height = Int.random(in: 1...4, using: &random)
            var old = Buffer(width: width, height: height)
            scribble(&old, count: Int.random(in: 0...20, using: &random))
            var new = old
            scribble(&new, count: Int.random(in: 0...6, using: &random))
            assertWidePairsAreWhole(old)
            assertWidePairsAreWhole(new)

            let runs = new.diff(from: old)
            var patched = old
            patched.apply(runs)
            XCTAssertEqual(patched, new)

            var covered = Set<Int>()
            for run in runs {
                XCTAssertFalse(run.cells.first!.isContinuation, "run starts on a continuation")
                XCTAssertNotEqual(run.cells.last!.width, 2, "run ends between halves")
                for i in 0..<run.columnCount { covered.insert(run.position.y * width + run.position.x + i) }
            }
            for y in 0..<height {
                for x in 0..<width where old[x, y] != new[x, y] {
                    XCTAssertTrue(covered.contains(y * width + x))
                }
            }
            let changed = (0..<height).flatMap { y in (0..<width).filter { old[$0, y] != new[$0, y] } }.count
            XCTAssertLessThanOrEqual(covered.count, changed * 2) // at most the pair partners are added
        }
    }
}
