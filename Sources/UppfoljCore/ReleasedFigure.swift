/// One figure as a release of group-level figures left the unit (issue 14, the release register):
/// a cell of one indicator's table for one period, with its true count and whether it was shown.
///
/// `cell` names the cell by its fixed categories, "total" or "role=victim|sex=female" (dimension
/// ids sorted, category ids), so the same figure has the same name in every release of the same
/// catalogue. The count is kept also for hidden figures: the register is sealed with the journal's
/// key and never leaves the unit, and a later release needs it to tell an unchanged figure from a
/// revised one.
public struct ReleasedFigure: Codable, Sendable, Hashable {
    /// The figure's own period ("2025", "2025Q1").
    public var period: String
    /// The indicator's id in the catalogue.
    public var indicator: String
    public var cell: String
    public var value: Int
    public var published: Bool

    public init(period: String, indicator: String, cell: String, value: Int, published: Bool) {
        self.period = period
        self.indicator = indicator
        self.cell = cell
        self.value = value
        self.published = published
    }

    /// The figure's identity across releases.
    public struct Key: Hashable, Sendable {
        public var period: String
        public var indicator: String
        public var cell: String

        public init(period: String, indicator: String, cell: String) {
            self.period = period
            self.indicator = indicator
            self.cell = cell
        }
    }

    public var key: Key { Key(period: period, indicator: indicator, cell: cell) }
}

/// What earlier releases showed, as one decision per figure for the next release: consistent
/// patterns (tau-ARGUS and Eurostat's practice for linked and repeated tables). A figure once
/// shown with the count it still has is known to every reader: it stays shown. A figure hidden
/// and never shown stays hidden. A figure shown with a count it no longer has (a late
/// registration revised it) is hidden from now on, so that the new count and the old one are not
/// both in readers' hands.
public struct ReleaseHistory: Sendable {
    public enum Decision: Sendable, Equatable {
        /// Shown before with this count: shown again, known to the reader in the audit.
        case known
        /// Hidden before (or revised since it was shown): hidden, and guarded to k.
        case hidden
    }

    private var shown: [ReleasedFigure.Key: Set<Int>] = [:]
    private var hidden: Set<ReleasedFigure.Key> = []
    public private(set) var releases = 0

    public init() {}

    public init(_ releases: [[ReleasedFigure]]) {
        for release in releases { add(release) }
    }

    public mutating func add(_ figures: [ReleasedFigure]) {
        releases += 1
        for figure in figures {
            if figure.published {
                shown[figure.key, default: []].insert(figure.value)
            } else {
                hidden.insert(figure.key)
            }
        }
    }

    public var isEmpty: Bool { shown.isEmpty && hidden.isEmpty }

    /// Decides a figure as shown with `value` in the release being made, because readers hold
    /// that count already (the same quantity shown under another name, e.g. a quarter's
    /// headline as the year's trend row): showing it tells nothing new.
    public mutating func know(_ key: ReleasedFigure.Key, value: Int) {
        if shown[key] == nil { shown[key] = [value] }
    }

    /// Decides a figure no release showed as hidden in the release being made (the joint audit's
    /// repair, `Release.make`): it is then hidden and guarded to k like a figure hidden before.
    /// A figure an earlier release showed is in readers' hands and cannot be hidden again: false.
    @discardableResult
    public mutating func hide(_ key: ReleasedFigure.Key) -> Bool {
        guard shown[key] == nil else { return false }
        return hidden.insert(key).inserted
    }

    /// Whether some release showed the figure (with whatever count).
    public func shownBefore(_ key: ReleasedFigure.Key) -> Bool { shown[key] != nil }

    /// The decision for a figure whose count is now `value`; nil when no release held it.
    public func decision(_ key: ReleasedFigure.Key, value: Int) -> Decision? {
        if let values = shown[key] { return values == [value] ? .known : .hidden }
        return hidden.contains(key) ? .hidden : nil
    }

    /// A new release's figures against this history: every figure that would break a consistent
    /// pattern (shown before and hidden now, hidden before and shown now, or shown with another
    /// count). Empty when the release keeps every earlier decision.
    public func conflicts(_ figures: [ReleasedFigure]) -> [ReleasedFigure] {
        figures.filter { figure in
            switch decision(figure.key, value: figure.value) {
            case .known?: return !figure.published
            case .hidden?: return figure.published
            case nil: return false
            }
        }
    }
}
