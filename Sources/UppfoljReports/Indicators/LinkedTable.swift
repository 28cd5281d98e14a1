/// The cells of one indicator for one period, laid out for disclosure control: every published
/// combination of categories ("pattern" = which dimensions are fixed; the rest are totals) is a
/// cell, and every total that equals a sum of published cells is an additive constraint. All
/// tables of an indicator (breakdowns, categories, trend) are one linked table, so a cell hidden
/// in one cannot be recovered through another: they share their margins.
struct LinkedTable {
    struct Dimension {
        var id: String
        var categories: [ReportCategory]
        /// Single-valued: a case is in exactly one category, so the categories add up to the total.
        var additive: Bool
    }

    /// A cell: per dimension a category index, or `total`.
    struct Key: Hashable {
        var values: [Int]
        static let total = -1
    }

    let dimensions: [Dimension]
    /// Sets of fixed dimensions, closed under removing a dimension (so each has its margins).
    let patterns: [[Int]]
    private(set) var keys: [Key] = []
    private(set) var counts: [Int] = []
    private var indexOfKey: [Key: Int] = [:]
    private(set) var constraints: [(total: Int, parts: [Int])] = []
    /// "Several per case" bounds (issue 14 item 3): in a dimension that is not additive (a case
    /// may be in several of its categories), each category's cell counts some of the cases of the
    /// cell without that dimension, so `part ≤ total`. A reader knows it from the definitions;
    /// `disclosureStructure` states it to the audit.
    private(set) var upperBounds: [(total: Int, part: Int)] = []
    /// Per pattern: the index of its first cell and each fixed dimension's stride, so a case's
    /// cell is found by arithmetic (cells of a pattern are laid out like `assignments(of:)`).
    private var offsets: [Int] = []
    private var strides: [[Int]] = []

    init(dimensions: [Dimension], patterns: [[Int]]) {
        self.dimensions = dimensions
        let sorted = patterns.map { $0.sorted() }
        var unique: [[Int]] = []
        for pattern in sorted where !unique.contains(pattern) { unique.append(pattern) }
        self.patterns = unique
        for pattern in self.patterns {
            offsets.append(keys.count)
            var stride = 1
            var patternStrides = Array(repeating: 0, count: pattern.count)
            for position in pattern.indices.reversed() {
                patternStrides[position] = stride
                stride *= dimensions[pattern[position]].categories.count
            }
            strides.append(patternStrides)
            for key in assignments(of: pattern) {
                indexOfKey[key] = keys.count
                keys.append(key)
                counts.append(0)
            }
        }
        for pattern in self.patterns {
            for dimension in pattern {
                let coarser = pattern.filter { $0 != dimension }
                guard self.patterns.contains(coarser) else { continue }
                for key in assignments(of: coarser) {
                    let parts = dimensions[dimension].categories.indices.map { category -> Int in
                        var part = key
                        part.values[dimension] = category
                        return indexOfKey[part]!
                    }
                    if dimensions[dimension].additive {
                        constraints.append((indexOfKey[key]!, parts))
                    } else {
                        upperBounds += parts.map { (indexOfKey[key]!, $0) }
                    }
                }
            }
        }
    }

    /// Every key with the pattern's dimensions set to each category combination, in order.
    private func assignments(of pattern: [Int]) -> [Key] {
        var result = [Key(values: Array(repeating: Key.total, count: dimensions.count))]
        for dimension in pattern {
            result = result.flatMap { key in
                dimensions[dimension].categories.indices.map { category in
                    var next = key
                    next.values[dimension] = category
                    return next
                }
            }
        }
        return result
    }

    func index(of key: Key) -> Int? { indexOfKey[key] }

    /// The table's relations as the audit states them, for its cells placed from `offset` on in a
    /// disclosure table: its additive constraints, and each of `upperBounds` as
    /// `total = part + slack`, with one slack cell per bound to be placed from `firstSlack` on
    /// (their values in `slacks`, in order). A slack is not published and not guarded: it is
    /// what lets the part be anything from 0 to the total, nothing a reader is told.
    func disclosureStructure(offset: Int = 0, firstSlack: Int) -> (constraints: [DisclosureTable.AdditiveConstraint], slacks: [DisclosureTable.Cell]) {
        var result = constraints.map { DisclosureTable.AdditiveConstraint(total: offset + $0.total, parts: $0.parts.map { offset + $0 }) }
        var slacks: [DisclosureTable.Cell] = []
        for bound in upperBounds {
            result.append(.init(total: offset + bound.total, parts: [offset + bound.part, firstSlack + slacks.count]))
            slacks.append(DisclosureTable.Cell(value: counts[bound.total] - counts[bound.part], isPublished: false))
        }
        return (result, slacks)
    }

    /// Adds an extra constraint `total = sum(parts)` between existing cells.
    mutating func addConstraint(total: Key, parts: [Key]) {
        guard let t = indexOfKey[total] else { return }
        let p = parts.compactMap { indexOfKey[$0] }
        guard p.count == parts.count, !p.isEmpty else { return }
        constraints.append((t, p))
    }

    /// Counts one case: `categories[d]` are its categories in dimension d (several for a
    /// multi-valued dimension; empty means it is in no category there, and then only in patterns
    /// without d).
    mutating func add(_ categories: [[Int]]) {
        patterns: for (p, pattern) in patterns.enumerated() {
            var index = offsets[p]
            var multi = false
            for (position, dimension) in pattern.enumerated() {
                let values = categories[dimension]
                if values.isEmpty { continue patterns }
                if values.count > 1 { multi = true; break }
                index += values[0] * strides[p][position]
            }
            if !multi {
                counts[index] += 1
            } else {
                addAll(pattern: p, position: 0, index: offsets[p], categories)
            }
        }
    }

    /// Counts one case `amount` times (1 to add it, -1 to take it away again): `masks[d]` has
    /// bit c set when the case is in category c of dimension d — the same cells as `add(_:)`
    /// with the categories listed in increasing order.
    mutating func add(masks: [UInt64], amount: Int = 1) {
        var updated = counts
        counts = []   // (moved out, so adding does not copy the array)
        forEachCell(masks: masks) { updated[$0] += amount }
        counts = updated
    }

    /// Calls `body` with the index of every cell a case with these masks is counted in.
    func forEachCell(masks: [UInt64], _ body: (Int) -> Void) {
        patterns: for p in patterns.indices {
            let pattern = patterns[p]
            var index = offsets[p]
            var multi = false
            for position in pattern.indices {
                let mask = masks[pattern[position]]
                if mask == 0 { continue patterns }
                if mask & (mask - 1) != 0 { multi = true; break }
                index += mask.trailingZeroBitCount * strides[p][position]
            }
            if !multi {
                body(index)
            } else {
                forEachCell(pattern: p, position: 0, index: offsets[p], masks, body)
            }
        }
    }

    private func forEachCell(pattern p: Int, position: Int, index: Int, _ masks: [UInt64], _ body: (Int) -> Void) {
        let pattern = patterns[p]
        guard position < pattern.count else {
            body(index)
            return
        }
        var mask = masks[pattern[position]]
        while mask != 0 {
            let value = mask.trailingZeroBitCount
            mask &= mask - 1
            forEachCell(pattern: p, position: position + 1, index: index + value * strides[p][position], masks, body)
        }
    }

    private mutating func addAll(pattern p: Int, position: Int, index: Int, _ categories: [[Int]]) {
        let pattern = patterns[p]
        guard position < pattern.count else {
            counts[index] += 1
            return
        }
        for value in categories[pattern[position]] {
            addAll(pattern: p, position: position + 1, index: index + value * strides[p][position], categories)
        }
    }
}
