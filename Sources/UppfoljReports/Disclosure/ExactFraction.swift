/// Raised when an exact computation would not fit in 64 bits. Never wraps, never traps.
struct ArithmeticOverflow: Error, Equatable {}

/// An exact rational number `numerator / denominator` over 64-bit integers, always in lowest
/// terms with a positive denominator (so equal values are equal structs).
///
/// Used by the disclosure audit's simplex so that "this hidden count can be derived exactly"
/// is decided without floating-point tolerances. Every operation checks for overflow and throws
/// `ArithmeticOverflow` instead of producing a wrong answer; comparisons never overflow.
public struct ExactFraction: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public static let zero = ExactFraction(0)
    public static let one = ExactFraction(1)

    public init(_ integer: Int) {
        numerator = integer
        denominator = 1
    }

    /// Builds `numerator / denominator` in lowest terms. `denominator` must not be zero.
    init(reducing numerator: Int, over denominator: Int) throws(ArithmeticOverflow) {
        precondition(denominator != 0, "ExactFraction with zero denominator")
        if numerator == 0 {
            self.numerator = 0
            self.denominator = 1
            return
        }
        let divisor = Self.greatestCommonDivisor(numerator.magnitude, denominator.magnitude)
        var reducedNumerator = numerator / Int(divisor)
        var reducedDenominator = denominator / Int(divisor)
        if reducedDenominator < 0 {
            reducedNumerator = try Self.negated(reducedNumerator)
            reducedDenominator = try Self.negated(reducedDenominator)
        }
        self.numerator = reducedNumerator
        self.denominator = reducedDenominator
    }

    public var isZero: Bool { numerator == 0 }
    public var isPositive: Bool { numerator > 0 }
    public var isNegative: Bool { numerator < 0 }
    public var isInteger: Bool { denominator == 1 }

    /// The largest integer not above this value.
    public var floor: Int {
        let quotient = numerator / denominator
        return (numerator % denominator != 0 && numerator < 0) ? quotient - 1 : quotient
    }

    /// The smallest integer not below this value.
    public var ceiling: Int {
        let quotient = numerator / denominator
        return (numerator % denominator != 0 && numerator > 0) ? quotient + 1 : quotient
    }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }

    // MARK: Arithmetic (overflow-checked)

    func negated() throws(ArithmeticOverflow) -> ExactFraction {
        ExactFraction(uncheckedNumerator: try Self.negated(numerator), denominator: denominator)
    }

    func adding(_ other: ExactFraction) throws(ArithmeticOverflow) -> ExactFraction {
        if other.numerator == 0 { return self }
        if numerator == 0 { return other }
        if denominator == 1 && other.denominator == 1 {
            return ExactFraction(try Self.checked(numerator.addingReportingOverflow(other.numerator)))
        }
        let divisor = Int(Self.greatestCommonDivisor(denominator.magnitude, other.denominator.magnitude))
        let selfScale = other.denominator / divisor
        let otherScale = denominator / divisor
        let left = try Self.checked(numerator.multipliedReportingOverflow(by: selfScale))
        let right = try Self.checked(other.numerator.multipliedReportingOverflow(by: otherScale))
        let sum = try Self.checked(left.addingReportingOverflow(right))
        let commonDenominator = try Self.checked(denominator.multipliedReportingOverflow(by: selfScale))
        return try ExactFraction(reducing: sum, over: commonDenominator)
    }

    func subtracting(_ other: ExactFraction) throws(ArithmeticOverflow) -> ExactFraction {
        try adding(other.negated())
    }

    func multiplied(by other: ExactFraction) throws(ArithmeticOverflow) -> ExactFraction {
        if numerator == 0 || other.numerator == 0 { return .zero }
        if denominator == 1 && other.denominator == 1 {
            return ExactFraction(try Self.checked(numerator.multipliedReportingOverflow(by: other.numerator)))
        }
        // Cancel crosswise first so intermediate products stay small and the result is reduced.
        let first = Int(Self.greatestCommonDivisor(numerator.magnitude, other.denominator.magnitude))
        let second = Int(Self.greatestCommonDivisor(other.numerator.magnitude, denominator.magnitude))
        let resultNumerator = try Self.checked(
            (numerator / first).multipliedReportingOverflow(by: other.numerator / second))
        let resultDenominator = try Self.checked(
            (denominator / second).multipliedReportingOverflow(by: other.denominator / first))
        return ExactFraction(uncheckedNumerator: resultNumerator, denominator: resultDenominator)
    }

    func divided(by other: ExactFraction) throws(ArithmeticOverflow) -> ExactFraction {
        precondition(other.numerator != 0, "ExactFraction division by zero")
        if other.denominator == 1 && other.numerator == 1 { return self }
        var reciprocalNumerator = other.denominator
        var reciprocalDenominator = other.numerator
        if reciprocalDenominator < 0 {
            reciprocalNumerator = try Self.negated(reciprocalNumerator)
            reciprocalDenominator = try Self.negated(reciprocalDenominator)
        }
        return try multiplied(by: ExactFraction(uncheckedNumerator: reciprocalNumerator,
                                                denominator: reciprocalDenominator))
    }

    /// `self - factor * other`, the one operation a simplex pivot performs per entry.
    func subtractingProduct(_ factor: ExactFraction, _ other: ExactFraction) throws(ArithmeticOverflow) -> ExactFraction {
        if factor.denominator == 1 && other.denominator == 1 && denominator == 1 {
            // Integer fast path: by far the common case in table constraints.
            let (product, productOverflow) = factor.numerator.multipliedReportingOverflow(by: other.numerator)
            let (difference, differenceOverflow) = numerator.subtractingReportingOverflow(product)
            if productOverflow || differenceOverflow { throw ArithmeticOverflow() }
            return ExactFraction(difference)
        }
        return try subtracting(factor.multiplied(by: other))
    }

    // MARK: Comparison (exact, never overflows)

    public static func < (lhs: ExactFraction, rhs: ExactFraction) -> Bool {
        // a/b < c/d  <=>  a*d < c*b  (b, d > 0), compared at double width.
        let left = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let right = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return left.high != right.high ? left.high < right.high : left.low < right.low
    }

    // MARK: Helpers

    private init(uncheckedNumerator: Int, denominator: Int) {
        self.numerator = uncheckedNumerator
        self.denominator = denominator
    }

    private static func checked(_ result: (partialValue: Int, overflow: Bool)) throws(ArithmeticOverflow) -> Int {
        if result.overflow { throw ArithmeticOverflow() }
        return result.partialValue
    }

    private static func negated(_ value: Int) throws(ArithmeticOverflow) -> Int {
        try checked(0.subtractingReportingOverflow(value))
    }

    private static func greatestCommonDivisor(_ a: UInt, _ b: UInt) -> UInt {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
