/// The rule a suppression pattern must satisfy, for a minimum cell size k.
///
/// - A count is *sensitive* when it is in 1...(k-1). Zero is not sensitive.
/// - No sensitive count is published.
/// - Every sensitive cell that a reader does not see (primary-suppressed cells, and margins the
///   caller chose not to publish whose value happens to be small) must have a feasible range,
///   after rounding the LP bounds inwards to integers, at least k wide: `upper - lower >= k`.
///   Since the true value v is at most k-1 and lies in the range, this also means the upper bound
///   is at least k, so a reader cannot even tell that the group is small.
/// - Every other hidden count — a complementary (secondary) cell, or a cell hidden in another
///   table the reader also holds — must have a range at least k wide too (docs/domain.md §7: "for
///   every hidden count"), unless the LP fixes it to one value, in which case hiding it protects
///   nothing and it is published. (Method v1 asked only `lower < upper` of complements; a
///   complement of 20 narrowed to 19–21 told a reader more than the rule allows.)
public struct ProtectionRule: Sendable, Hashable {
    public let minimumCellSize: Int

    public init(minimumCellSize: Int) {
        self.minimumCellSize = minimumCellSize
    }

    public func isSensitive(_ count: Int) -> Bool {
        count >= 1 && count < minimumCellSize
    }

    /// Whether a hidden cell with this true value is adequately protected by `range`.
    func isProtected(value: Int, isComplement: Bool, range: FeasibleRange) -> Bool {
        if isSensitive(value) || isComplement { return range.isAtLeast(width: minimumCellSize) }
        return true
    }
}

/// Statistical disclosure control of count tables: primary suppression of small counts,
/// complementary suppression audited by linear programming, and the share (andel) rule.
///
/// ```swift
/// let control = try DisclosureControl(minimumCellSize: 5)
/// let result = control.suppress(try .twoDimensional([[2, 10, 12], [8, 15, 20], [9, 11, 30]]))
/// result.displayText(at: 0)   // ".."
/// ```
public struct DisclosureControl: Sendable, Hashable {
    /// docs/domain.md §7: default k.
    public static let defaultMinimumCellSize = 5
    /// docs/domain.md §7: k is never below this.
    public static let lowestAllowedMinimumCellSize = 3
    /// Bumped whenever a change could alter a suppression pattern.
    public static let methodVersion = "v2"

    public let minimumCellSize: Int

    /// Rejects a k below 3 rather than silently raising it: a unit that configured k = 2 must
    /// be told, not shown figures produced under a rule it did not ask for.
    public init(minimumCellSize: Int = DisclosureControl.defaultMinimumCellSize) throws(DisclosureError) {
        guard minimumCellSize >= Self.lowestAllowedMinimumCellSize else {
            throw .minimumCellSizeBelowFloor(requested: minimumCellSize,
                                             lowestAllowed: Self.lowestAllowedMinimumCellSize)
        }
        self.minimumCellSize = minimumCellSize
    }

    public var rule: ProtectionRule { ProtectionRule(minimumCellSize: minimumCellSize) }

    /// For export headers and screen footers (Swedish, the product's default language), e.g.
    /// "primär k=5 (1–4 visas som ..); sekundär: minsta komplement (hyperkub) + exakt LP-revision,
    /// intervall ≥ 5 för varje dolt antal; uppfolj-sdc v2".
    public var methodDescription: String {
        "primär k=\(minimumCellSize) (1–\(minimumCellSize - 1) visas som ..); "
            + "sekundär: minsta komplement (hyperkub) + exakt LP-revision, intervall ≥ \(minimumCellSize) för varje dolt antal; "
            + "uppfolj-sdc \(Self.methodVersion)"
    }

    /// English form of `methodDescription`.
    public var methodDescriptionEnglish: String {
        "primary k=\(minimumCellSize) (1–\(minimumCellSize - 1) shown as ..); "
            + "secondary: minimal complements (hypercube) + exact LP audit, interval ≥ \(minimumCellSize) for every hidden count; "
            + "uppfolj-sdc \(Self.methodVersion)"
    }
}
