/// A cell position: column `x`, row `y`, both from the top-left corner.
public struct Position: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

public struct Size: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// Space to leave on each side of a rectangle.
public struct Margin: Sendable, Hashable {
    public var top: Int
    public var right: Int
    public var bottom: Int
    public var left: Int

    public init(top: Int, right: Int, bottom: Int, left: Int) {
        self.top = top
        self.right = right
        self.bottom = bottom
        self.left = left
    }

    public init(horizontal: Int = 0, vertical: Int = 0) {
        self.init(top: vertical, right: horizontal, bottom: vertical, left: horizontal)
    }

    public init(all: Int) {
        self.init(top: all, right: all, bottom: all, left: all)
    }

    public static let zero = Margin(all: 0)
}

/// A rectangle of cells. Width and height are never negative; x and y may be, so a widget can
/// be drawn partly scrolled out of its clip area.
public struct Rect: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(size: Size) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var minX: Int { x }
    public var minY: Int { y }
    /// One past the last column.
    public var maxX: Int { x + width }
    /// One past the last row.
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }
    public var size: Size { Size(width: width, height: height) }
    public var origin: Position { Position(x: x, y: y) }

    public func contains(_ p: Position) -> Bool {
        p.x >= minX && p.x < maxX && p.y >= minY && p.y < maxY
    }

    /// The overlap of two rectangles (empty, anchored at the clamped origin, when none).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(minX, other.minX)
        let top = max(minY, other.minY)
        let right = min(maxX, other.maxX)
        let bottom = min(maxY, other.maxY)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The rectangle shrunk by a margin (never below zero size).
    public func inset(by margin: Margin) -> Rect {
        let w = width - margin.left - margin.right
        let h = height - margin.top - margin.bottom
        guard w > 0, h > 0 else { return Rect(x: x + margin.left, y: y + margin.top, width: 0, height: 0) }
        return Rect(x: x + margin.left, y: y + margin.top, width: w, height: h)
    }

    public func inset(by amount: Int) -> Rect { inset(by: Margin(all: amount)) }

    /// A rectangle of the given size centred inside this one (clamped to fit).
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width)
        let ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// A centred rectangle taking the given percentages of this one.
    public func centered(percentWidth: Int, percentHeight: Int) -> Rect {
        centered(width: width * min(100, max(0, percentWidth)) / 100,
                 height: height * min(100, max(0, percentHeight)) / 100)
    }

    /// Row `index` of this rectangle as a one-line rectangle.
    public func row(_ index: Int) -> Rect {
        Rect(x: x, y: y + index, width: width, height: 1)
    }
}
