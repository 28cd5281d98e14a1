/// A hypercube of a grid table extended with its totals: around a cell at position `p`, choose in
/// every dimension d one other position `q[d]` (another category, or the total if `p[d]` is a
/// category, or a category if `p[d]` is the total). The 2^d corners take, per dimension, either
/// `p[d]` or `q[d]`.
///
/// Give each corner the sign that is the product over the dimensions where it takes `q[d]` of
/// -1 when `p[d]` and `q[d]` are both categories and +1 when one of them is the total. Adding
/// `t * sign` to every corner keeps every constraint of the grid satisfied: along a dimension
/// where both positions are categories the two changes cancel in the total (which is not a
/// corner); along a dimension where one position is the total, total and part change alike.
/// So when the corners are hidden, the cell can move by `t` in `-down...up` where `up` is the
/// smallest count among the corners that move against it and `down` the smallest count among
/// the corners that move with it (the cell itself included), keeping every count non-negative.
/// This is the pattern the hypercube method (GHMITER, used by tau-ARGUS) builds on.
struct HypercubePattern {
    /// Cell indices of all corners, the protected cell first.
    let corners: [Int]
    /// `up + down`, or `nil` when `up` is unbounded (no corner moves against the cell).
    let protectionWidth: Int?

    /// Every hypercube around `cell`, in a fixed order (partner positions in increasing order per
    /// dimension, the total last, first dimension slowest).
    static func all(around cell: Int, in table: DisclosureTable) -> [HypercubePattern] {
        let origin = table.cells[cell].coordinates
        let sizes = table.dimensionSizes
        guard !sizes.isEmpty, origin.count == sizes.count else { return [] }
        let partnerChoices: [[Int?]] = sizes.indices.map { dimension in
            let positions: [Int?] = Array(0..<sizes[dimension]) + [nil]
            return positions.filter { $0 != origin[dimension] }
        }
        var patterns: [HypercubePattern] = []
        var partners: [Int?] = []
        func build(_ dimension: Int) {
            if dimension == sizes.count {
                if let pattern = HypercubePattern(origin: origin, partners: partners, table: table) {
                    patterns.append(pattern)
                }
                return
            }
            for choice in partnerChoices[dimension] {
                partners.append(choice)
                build(dimension + 1)
                partners.removeLast()
            }
        }
        build(0)
        return patterns
    }

    private init?(origin: [Int?], partners: [Int?], table: DisclosureTable) {
        var corners: [Int] = []
        var smallestAgainst: Int?
        var smallestWith = Int.max
        for mask in 0..<(1 << origin.count) {
            var coordinates = origin
            var sign = 1
            for dimension in origin.indices where mask & (1 << dimension) != 0 {
                coordinates[dimension] = partners[dimension]
                let bothCategories = origin[dimension] != nil && partners[dimension] != nil
                if bothCategories { sign = -sign }
            }
            guard let corner = table.index(of: coordinates) else { return nil }
            corners.append(corner)
            let value = table.cells[corner].value
            if sign < 0 {
                smallestAgainst = min(smallestAgainst ?? value, value)
            } else {
                smallestWith = min(smallestWith, value)
            }
        }
        self.corners = corners
        self.protectionWidth = smallestAgainst.map { $0 + smallestWith }
    }
}
