extension DisclosureControl {
    /// Primary and complementary suppression of `table` (see docs/disclosure-control.md).
    ///
    /// Deterministic: the same table (same cells in the same order) always gives the same pattern.
    /// The pattern always satisfies `rule`, which `DisclosureAudit.violations(in:)` re-checks from
    /// the published figures alone.
    public func suppress(_ table: DisclosureTable) -> SuppressionResult {
        var engine = SuppressionEngine(table: table, rule: rule)
        engine.run()
        return SuppressionResult(table: table, control: self, statuses: engine.statuses)
    }
}

/// The search for a suppression pattern. Four steps:
/// 1. primary: hide every published count in 1...(k-1);
/// 2. first complements, cheaply:
///    - grid tables: for each small cell the LP finds under-protected, hide the cheapest
///      hypercube around it that protects it on its own (`HypercubePattern`);
///    - custom tables: while some constraint ("line") has exactly one unknown cell and that cell
///      must be protected, hide the cheapest shown cell of the line (the classic heuristic);
/// 3. audit and repair: solve the LP for every protected cell; while one fails the rule, hide the
///    shown cell (among those on a line of its connected part) that best repairs it;
/// 4. tidy: try to publish each complement again, most valuable first, keeping it published when
///    the rule still holds; finally publish complements the LP shows to be fixed anyway.
/// Every choice is ordered by cell index on ties, and no step iterates a Set or Dictionary, so
/// the pattern is a function of the table alone.
struct SuppressionEngine {
    let table: DisclosureTable
    let rule: ProtectionRule
    /// Published cells currently shown as "..".
    private(set) var isHidden: [Bool]
    /// Hidden cells that are hidden as complements rather than for being small.
    private(set) var isComplement: [Bool]
    /// Constraint indices each cell appears in (as total or part).
    private let linesOfCell: [[Int]]

    init(table: DisclosureTable, rule: ProtectionRule) {
        self.table = table
        self.rule = rule
        isHidden = Array(repeating: false, count: table.cells.count)
        isComplement = Array(repeating: false, count: table.cells.count)
        var lines = Array(repeating: [Int](), count: table.cells.count)
        for (lineIndex, constraint) in table.constraints.enumerated() {
            for cell in constraint.cells { lines[cell].append(lineIndex) }
        }
        linesOfCell = lines
    }

    var statuses: [CellStatus] {
        table.cells.indices.map { cell in
            if !table.cells[cell].isPublished { return .notPublished }
            if !isHidden[cell] { return .published(table.cells[cell].value) }
            return isComplement[cell] ? .suppressedSecondary : .suppressedPrimary
        }
    }

    mutating func run() {
        for cell in table.cells.indices where table.cells[cell].isPublished && isSensitive(cell) {
            isHidden[cell] = true
        }
        // Nothing small anywhere (published or not) and nothing hidden in another table or an
        // earlier release: nothing to protect, nothing to hide.
        guard table.cells.indices.contains(where: { isSensitive($0) || table.cells[$0].isHiddenElsewhere }) else { return }
        if table.dimensionSizes.isEmpty {
            addComplementsForSingleUnknownLines()
        } else {
            protectWithHypercubes()
        }
        guard repairUntilAuditPasses() else {
            hideEverythingPublished()
            return
        }
        // Since method v2 complements guard their own range too, withdrawing one complement can
        // make another unneeded (it was kept only to protect the first): repeat until no change.
        while withdrawUnneededComplements() {}
        publishComplementsFixedByTheTable()
    }

    // MARK: Cell predicates

    /// Small, and so to be protected: a figure the reader already holds (`isKnown`) is not, whatever its size.
    private func isSensitive(_ cell: Int) -> Bool { rule.isSensitive(table.cells[cell].value) && !table.cells[cell].isKnown }

    /// Unknown to a reader: hidden, or never published.
    private func isUnknown(_ cell: Int) -> Bool { isHidden[cell] || !table.cells[cell].isPublished }

    private func isShown(_ cell: Int) -> Bool { !isUnknown(cell) }

    /// Shown and free to become a complement (anchors are known elsewhere, so never).
    private func canHide(_ cell: Int) -> Bool { isShown(cell) && !table.cells[cell].isAnchor }

    /// Unknown cells whose feasible range the rule constrains.
    private func isGuarded(_ cell: Int) -> Bool {
        isUnknown(cell) && (isSensitive(cell) || isComplement[cell] || table.cells[cell].isHiddenElsewhere)
    }

    private var guardedCells: [Int] { table.cells.indices.filter(isGuarded) }

    private var currentView: PublishedTableView {
        PublishedTableView(knownValues: table.cells.indices.map { isShown($0) ? table.cells[$0].value : nil },
                           constraints: table.constraints)
    }

    /// True when `range` is not good enough for `cell` and more cells must be hidden.
    /// Every guarded cell needs a range at least k wide (method v2). A complement whose LP range is
    /// a single point is not a failure: it is fixed by the rest of the table whatever we do, so it
    /// is simply published at the end.
    private func needsMoreProtection(_ cell: Int, _ range: FeasibleRange) -> Bool {
        if range.isAtLeast(width: rule.minimumCellSize) { return false }
        if isSensitive(cell) || table.cells[cell].isHiddenElsewhere { return true }
        return range.lower != range.upper
    }

    /// A sensitive cell that is the only unknown on one of its lines equals a sum of shown
    /// figures: certainly unprotected, no LP needed.
    private func isAloneOnALine(_ cell: Int) -> Bool {
        linesOfCell[cell].contains { line in
            table.constraints[line].cells.allSatisfy { $0 == cell || isShown($0) }
        }
    }

    /// The same test as `needsMoreProtection`, answered with as little LP work as possible.
    private func isProtected(_ cell: Int, by finder: inout RangeFinder) throws(LinearProgramFailure) -> Bool {
        let mustBeWide = isSensitive(cell) || table.cells[cell].isHiddenElsewhere
        if mustBeWide && isAloneOnALine(cell) { return false }
        if mustBeWide { return try finder.hasRange(of: cell, atLeast: rule.minimumCellSize) }
        if try finder.hasRange(of: cell, atLeast: rule.minimumCellSize) { return true }
        let range = try finder.range(of: cell)
        return range.lower == range.upper
    }

    private mutating func hideAsComplement(_ cell: Int) {
        isHidden[cell] = true
        isComplement[cell] = true
    }

    /// Prefer non-zero cells, then small counts, then the earlier cell.
    /// A zero is a poor complement: the true value sits at the bound x >= 0, so hiding it lets the
    /// protected cell move in one direction only, and it hides the information "nobody here".
    private func complementCost(_ cell: Int) -> (Int, Int, Int) {
        let value = table.cells[cell].value
        return (value == 0 ? 1 : 0, value, cell)
    }

    /// 1 for a headline (`DisclosureTable.Cell.isHeadline`), 0 otherwise: every choice of a
    /// complement puts it before the cost, so a headline is hidden only when no other cell will do.
    private func headlineRank(_ cell: Int) -> Int { table.cells[cell].isHeadline ? 1 : 0 }

    // MARK: Step 2: single-unknown lines

    private mutating func addComplementsForSingleUnknownLines() {
        var changed = true
        while changed {
            changed = false
            for (lineIndex, line) in table.constraints.enumerated() {
                let unknown = line.cells.filter(isUnknown)
                guard unknown.count == 1, isGuarded(unknown[0]) else { continue }
                let candidates = line.cells.filter(canHide)
                guard let best = candidates.min(by: { lineCandidateKey($0, lineIndex) < lineCandidateKey($1, lineIndex) })
                else { continue }
                hideAsComplement(best)
                changed = true
            }
        }
    }

    /// Ordering key for a complement in line `lineIndex`: ordinary cells before headlines; then how
    /// many *other* lines hiding it settles (lines that today have a single protected unknown)
    /// minus how many it unsettles (fully shown lines where it would become the single unknown),
    /// then `complementCost`. (A total settles the most lines, so without the first key the
    /// heuristic would pick an indicator's headline over a smaller cell of the same line.)
    private func lineCandidateKey(_ cell: Int, _ lineIndex: Int) -> (Int, Int, Int, Int, Int) {
        var score = 0
        for other in linesOfCell[cell] where other != lineIndex {
            let unknown = table.constraints[other].cells.filter(isUnknown)
            if unknown.isEmpty {
                score -= 1
            } else if unknown.count == 1 && isGuarded(unknown[0]) {
                score += 1
            }
        }
        let cost = complementCost(cell)
        return (headlineRank(cell), -score, cost.0, cost.1, cost.2)
    }

    // MARK: Step 2 for grids: hypercubes

    /// For each sensitive cell the audit finds under-protected, hide the corners of the cheapest
    /// hypercube that protects it on its own. A hypercube picks, in every dimension, one other
    /// position (another category or the total) besides the cell's own; its 2^d corners can be
    /// moved together by +t / -t without changing any shown figure, so once they are hidden the
    /// cell's range contains [v - down, v + up] (see `HypercubePattern`).
    private mutating func protectWithHypercubes() {
        var finder = RangeFinder(view: currentView)
        for cell in table.cells.indices where isSensitive(cell) {
            // If the LP cannot answer (overflow), assume the worst and add a cube; the audit in
            // step 3 has the last word either way.
            let protected = (try? isProtected(cell, by: &finder)) ?? false
            if !protected, let cube = cheapestHypercube(protecting: cell) {
                for corner in cube.corners where isShown(corner) { hideAsComplement(corner) }
            }
            if !protected { finder = RangeFinder(view: currentView) }
        }
    }

    private func cheapestHypercube(protecting cell: Int) -> HypercubePattern? {
        var best: (pattern: HypercubePattern, sufficient: Bool, cost: (Int, Int, Int, Int))?
        for pattern in HypercubePattern.all(around: cell, in: table)
        where !pattern.corners.contains(where: { isShown($0) && table.cells[$0].isAnchor }) {
            var newHeadlines = 0
            var newCells = 0
            var newZeros = 0
            var newValue = 0
            for corner in pattern.corners where isShown(corner) {
                newHeadlines += headlineRank(corner)
                newCells += 1
                if table.cells[corner].value == 0 { newZeros += 1 }
                newValue += table.cells[corner].value
            }
            let cost = (newHeadlines, newCells, newZeros, newValue)
            let sufficient = pattern.protectionWidth.map { $0 >= rule.minimumCellSize } ?? true
            guard let current = best else {
                best = (pattern, sufficient, cost)
                continue
            }
            if sufficient != current.sufficient {
                if sufficient { best = (pattern, sufficient, cost) }
            } else if sufficient {
                if cost < current.cost { best = (pattern, sufficient, cost) }
            } else if Self.isWider(pattern.protectionWidth, than: current.pattern.protectionWidth)
                        || (pattern.protectionWidth == current.pattern.protectionWidth && cost < current.cost) {
                best = (pattern, sufficient, cost)
            }
        }
        return best?.pattern
    }

    // MARK: Step 3: LP-driven repair

    /// Returns false if the exact audit could not run (arithmetic overflow), in which case the
    /// caller falls back to hiding everything.
    private mutating func repairUntilAuditPasses() -> Bool {
        while true {
            var finder = RangeFinder(view: currentView)
            var failing: Int?
            do {
                for cell in guardedCells where try !isProtected(cell, by: &finder) {
                    failing = cell
                    break
                }
            } catch {
                return false
            }
            guard let failing else { return true }
            guard let currentRange = try? finder.range(of: failing),
                  let repair = bestRepair(for: failing, currentRange: currentRange, part: finder.part(containing: failing) ?? [failing])
            else { return false }
            hideAsComplement(repair)
        }
    }

    /// The shown cell whose hiding best protects `failing`: the cheapest one that fixes it alone;
    /// else the one that widens its range most; else (no single cell helps, several are needed)
    /// the cheapest cell sharing a line with it, or with its connected part. Ordinary cells are
    /// tried first: a headline (`isHeadline`) only when no ordinary cell fixes or widens the range.
    private func bestRepair(for failing: Int, currentRange: FeasibleRange, part: [Int]) -> Int? {
        let view = currentView
        var candidateSet = Set<Int>()
        for cell in part {
            for line in linesOfCell[cell] {
                for member in table.constraints[line].cells where canHide(member) { candidateSet.insert(member) }
            }
        }
        let candidates = candidateSet.sorted { a, b in
            let (x, y) = (complementCost(a), complementCost(b))
            return (headlineRank(a), x.0, x.1, x.2) < (headlineRank(b), y.0, y.1, y.2)
        }
        guard !candidates.isEmpty else { return nil }

        for pool in [candidates.filter { headlineRank($0) == 0 }, candidates.filter { headlineRank($0) == 1 }] {
            var best: (cell: Int, width: Int?)?
            for candidate in pool {
                var trial = view.knownValues
                trial[candidate] = nil
                let trialView = PublishedTableView(knownValues: trial, constraints: table.constraints)
                var finder = RangeFinder(view: trialView)
                guard let range = try? finder.range(of: failing) else { continue }
                if !needsMoreProtection(failing, range) { return candidate }
                if Self.isWider(range.integerWidth, than: best?.width ?? currentRange.integerWidth) {
                    best = (candidate, range.integerWidth)
                }
            }
            if let best { return best.cell }
        }
        let neighbours = Set(linesOfCell[failing].flatMap { table.constraints[$0].cells })
        return candidates.first(where: neighbours.contains) ?? candidates.first
    }

    /// Compares widths where `nil` means unbounded.
    private static func isWider(_ width: Int?, than other: Int?) -> Bool {
        switch (width, other) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (a?, b?): return a > b
        }
    }

    private mutating func hideEverythingPublished() {
        for cell in table.cells.indices where canHide(cell) { hideAsComplement(cell) }
    }

    // MARK: Step 4: tidy

    /// One pass, most valuable complement first. The caller repeats it until nothing changes: a
    /// complement kept only to protect another complement becomes unneeded when that one is
    /// withdrawn. Afterwards (in practice; see docs) no single complement can be published
    /// without breaking the rule.
    /// Returns whether any complement was withdrawn.
    @discardableResult
    private mutating func withdrawUnneededComplements() -> Bool {
        var withdrew = false
        // Headlines first (the figures readers look for), then the largest counts.
        let order = table.cells.indices.filter { isComplement[$0] }.sorted {
            (headlineRank($0), table.cells[$0].value, $0) > (headlineRank($1), table.cells[$1].value, $1)
        }
        for complement in order {
            guard let part = RangeFinder(view: currentView).part(containing: complement) else { continue }
            isHidden[complement] = false
            isComplement[complement] = false
            if part.contains(where: { isSensitive($0) && isAloneOnALine($0) }) {
                isHidden[complement] = true
                isComplement[complement] = true
                continue
            }
            var finder = RangeFinder(view: currentView)
            var stillSafe = true
            do {
                for cell in part where cell != complement && isGuarded(cell) {
                    if try !isProtected(cell, by: &finder) {
                        stillSafe = false
                        break
                    }
                }
            } catch {
                stillSafe = false
            }
            if !stillSafe {
                isHidden[complement] = true
                isComplement[complement] = true
            } else {
                withdrew = true
            }
        }
        return withdrew
    }

    /// A complement whose LP minimum equals its maximum is determined by the rest of the table;
    /// hiding it protects nothing, and publishing it leaves every other range unchanged.
    private mutating func publishComplementsFixedByTheTable() {
        var finder = RangeFinder(view: currentView)
        let fixed = table.cells.indices.filter { cell in
            guard isComplement[cell], let range = try? finder.range(of: cell) else { return false }
            return range.lower == range.upper
        }
        for complement in fixed {
            isHidden[complement] = false
            isComplement[complement] = false
        }
    }
}
