/// How much space one segment of a layout asks for.
public enum Constraint: Sendable, Hashable {
    /// Exactly this many cells (shrunk only when the whole area is too small).
    case length(Int)
    /// This percentage of the space (after spacing).
    case percentage(Int)
    /// At least this many cells; grows when no `fill` segment takes the rest.
    case min(Int)
    /// Up to this many cells, taken before `fill` segments share the rest.
    case max(Int)
    /// A share of the remaining space, proportional to its weight.
    case fill(weight: Int = 1)
}

public enum Direction: Sendable, Hashable {
    /// Segments side by side, left to right.
    case horizontal
    /// Segments stacked, top to bottom.
    case vertical
}

/// Splits a rectangle into segments by constraints, like ratatui's Layout.
///
/// Resolution order: lengths, percentages and minimums first; then `max` segments grow up to
/// their cap; then `fill` segments share what is left by weight (rounding leftovers go to the
/// first ones); if there are no fills, `min` segments share it equally. When the constraints
/// ask for more than there is, segments are shrunk from the last one backwards.
public struct Layout: Sendable, Hashable {
    public var direction: Direction
    public var constraints: [Constraint]
    public var margin: Margin
    /// Blank cells between neighbouring segments.
    public var spacing: Int

    public init(direction: Direction, constraints: [Constraint], margin: Margin = .zero, spacing: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.margin = margin
        self.spacing = spacing
    }

    public static func vertical(_ constraints: [Constraint], margin: Margin = .zero, spacing: Int = 0) -> Layout {
        Layout(direction: .vertical, constraints: constraints, margin: margin, spacing: spacing)
    }

    public static func horizontal(_ constraints: [Constraint], margin: Margin = .zero, spacing: Int = 0) -> Layout {
        Layout(direction: .horizontal, constraints: constraints, margin: margin, spacing: spacing)
    }

    /// One rectangle per constraint, in order.
    public func split(_ area: Rect) -> [Rect] {
        let inner = area.inset(by: margin)
        let total = direction == .horizontal ? inner.width : inner.height
        let lengths = Layout.resolve(constraints, total: total, spacing: spacing)
        var rects: [Rect] = []
        rects.reserveCapacity(lengths.count)
        var offset = 0
        for length in lengths {
            switch direction {
            case .horizontal:
                rects.append(Rect(x: inner.x + offset, y: inner.y, width: length, height: inner.height))
            case .vertical:
                rects.append(Rect(x: inner.x, y: inner.y + offset, width: inner.width, height: length))
            }
            offset = Swift.min(total, offset + length + spacing)
        }
        return rects
    }

    /// Segment lengths for `total` cells with `spacing` between segments.
    public static func resolve(_ constraints: [Constraint], total: Int, spacing: Int = 0) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        let available = Swift.max(0, total - Swift.max(0, spacing) * (constraints.count - 1))
        var sizes = constraints.map { constraint -> Int in
            switch constraint {
            case .length(let n): return Swift.max(0, n)
            case .percentage(let p): return available * Swift.min(100, Swift.max(0, p)) / 100
            case .min(let n): return Swift.max(0, n)
            case .max, .fill: return 0
            }
        }
        var remaining = available - sizes.reduce(0, +)

        if remaining < 0 {
            var deficit = -remaining
            for i in sizes.indices.reversed() where deficit > 0 {
                let cut = Swift.min(sizes[i], deficit)
                sizes[i] -= cut
                deficit -= cut
            }
            return sizes
        }

        for (i, constraint) in constraints.enumerated() where remaining > 0 {
            if case .max(let cap) = constraint {
                let grant = Swift.min(Swift.max(0, cap), remaining)
                sizes[i] = grant
                remaining -= grant
            }
        }

        var weights: [(index: Int, weight: Int)] = constraints.enumerated().compactMap { i, c in
            if case .fill(let w) = c { return (i, Swift.max(0, w)) }
            return nil
        }
        if weights.isEmpty {
            weights = constraints.enumerated().compactMap { i, c in
                if case .min = c { return (i, 1) }
                return nil
            }
        }
        let totalWeight = weights.reduce(0) { $0 + $1.weight }
        guard remaining > 0, totalWeight > 0 else { return sizes }
        var handedOut = 0
        for entry in weights {
            let share = remaining * entry.weight / totalWeight
            sizes[entry.index] += share
            handedOut += share
        }
        var leftover = remaining - handedOut
        for entry in weights where leftover > 0 && entry.weight > 0 {
            sizes[entry.index] += 1
            leftover -= 1
        }
        return sizes
    }
}

extension Rect {
    /// Splits this rectangle into stacked rows by constraints.
    public func splitVertically(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        Layout.vertical(constraints, spacing: spacing).split(self)
    }

    /// Splits this rectangle into side-by-side columns by constraints.
    public func splitHorizontally(_ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        Layout.horizontal(constraints, spacing: spacing).split(self)
    }
}
