/// Why a share (andel) is not shown.
public enum ShareSuppressionReason: Sendable, Hashable, Codable {
    /// The denominator is below k (this includes an empty denominator).
    case denominatorBelowMinimum
    /// The numerator is hidden: a count in 1...(k-1), or suppressed/unpublished in its table.
    case numeratorSuppressed
    /// The denominator is hidden in its table; share and numerator would reveal it.
    case denominatorSuppressed
    /// denominator - numerator is in 1...(k-1): the share reveals a small group, namely those
    /// *without* the property (e.g. 18 of 20 closed with goal reached reveals the 2 without).
    case complementBelowMinimum
}

/// The outcome of the share rule.
public enum ShareDecision: Sendable, Hashable, Codable {
    case published(numerator: Int, denominator: Int)
    case suppressed(ShareSuppressionReason)

    /// The share as a fraction in 0...1 when published.
    public var fraction: Double? {
        guard case let .published(numerator, denominator) = self else { return nil }
        return Double(numerator) / Double(denominator)
    }

    /// `..` when suppressed, otherwise the percentage rounded half up to `decimals` decimals,
    /// with a Swedish decimal comma ("66,7"). Integer arithmetic, so no binary rounding surprises.
    public func displayText(decimals: Int = 0) -> String {
        guard case let .published(numerator, denominator) = self else { return CellStatus.suppressedMarker }
        let places = min(max(0, decimals), 6)
        let scale = (0..<places).reduce(1) { value, _ in value * 10 }
        let scaled = (2 * numerator * 100 * scale + denominator) / (2 * denominator)
        let whole = String(scaled / scale)
        guard places > 0 else { return whole }
        let fraction = String(scaled % scale)
        return whole + "," + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

extension DisclosureControl {
    /// The share rule, checked in this order (the first that applies is the reason):
    /// 1. denominator below k (including 0) → suppressed;
    /// 2. numerator in 1...(k-1), or hidden in its table → suppressed;
    /// 3. denominator hidden in its table → suppressed;
    /// 4. complement (denominator − numerator) in 1...(k-1) → suppressed;
    /// otherwise published. A numerator of 0 (0 %) or a complement of 0 (100 %) is published,
    /// consistent with the zero policy for counts.
    ///
    /// Pass `numeratorIsHidden` / `denominatorIsHidden` when the counts come from a table that
    /// went through `suppress` (or use `SuppressionResult.share(numerator:denominator:)`).
    public func share(numerator: Int, denominator: Int,
                      numeratorIsHidden: Bool = false,
                      denominatorIsHidden: Bool = false) throws(DisclosureError) -> ShareDecision {
        if numerator < 0 { throw .negativeCount(cell: 0, value: numerator) }
        if denominator < 0 { throw .negativeCount(cell: 1, value: denominator) }
        if numerator > denominator {
            throw .numeratorExceedsDenominator(numerator: numerator, denominator: denominator)
        }
        if denominator < minimumCellSize { return .suppressed(.denominatorBelowMinimum) }
        if numeratorIsHidden || rule.isSensitive(numerator) { return .suppressed(.numeratorSuppressed) }
        if denominatorIsHidden { return .suppressed(.denominatorSuppressed) }
        if rule.isSensitive(denominator - numerator) { return .suppressed(.complementBelowMinimum) }
        return .published(numerator: numerator, denominator: denominator)
    }
}
