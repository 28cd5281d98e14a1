/// An exact rational number over 128-bit integers, always reduced, denominator > 0. Every
/// operation is overflow-checked and traps with a message rather than wrap: the adversary's
/// answers must be exact or absent, never silently wrong. Counts and ±1 coefficients keep the
/// numbers small; 128 bits leave a wide margin for the fractions elimination produces.
public struct Rational: Hashable, Comparable, CustomStringConvertible, Sendable {
    public let numerator: Int128
    public let denominator: Int128

    public static let zero = Rational(0)
    public static let one = Rational(1)

    public init(_ value: Int) {
        numerator = Int128(value)
        denominator = 1
    }

    public init(_ numerator: Int128, _ denominator: Int128) {
        precondition(denominator != 0, "Rational: zero denominator")
        if denominator == 1 || numerator == 0 {
            self.numerator = numerator
            self.denominator = numerator == 0 ? 1 : denominator
            return
        }
        var n = numerator, d = denominator
        if d < 0 { n = -n; d = -d }
        let g = Rational.gcd(n.magnitude, d.magnitude)
        self.numerator = n / Int128(g)
        self.denominator = d / Int128(g)
    }

    private init(reduced numerator: Int128, _ denominator: Int128) {
        self.numerator = numerator
        self.denominator = denominator
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    @inline(__always) static func mul(_ a: Int128, _ b: Int128) -> Int128 {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        precondition(!overflow, "Rational: 128-bit overflow in a product")
        return value
    }

    @inline(__always) static func add(_ a: Int128, _ b: Int128) -> Int128 {
        let (value, overflow) = a.addingReportingOverflow(b)
        precondition(!overflow, "Rational: 128-bit overflow in a sum")
        return value
    }

    public var isZero: Bool { numerator == 0 }
    public var isInteger: Bool { denominator == 1 }
    public var sign: Int { numerator == 0 ? 0 : (numerator < 0 ? -1 : 1) }

    /// The largest integer ≤ self.
    public var floor: Int128 {
        let q = numerator / denominator
        return (numerator % denominator != 0 && numerator < 0) ? q - 1 : q
    }

    /// The smallest integer ≥ self.
    public var ceiling: Int128 {
        let q = numerator / denominator
        return (numerator % denominator != 0 && numerator > 0) ? q + 1 : q
    }

    public static func + (a: Rational, b: Rational) -> Rational {
        if a.numerator == 0 { return b }
        if b.numerator == 0 { return a }
        if a.denominator == 1 && b.denominator == 1 { return Rational(reduced: add(a.numerator, b.numerator), 1) }
        if a.denominator == b.denominator { return Rational(add(a.numerator, b.numerator), a.denominator) }
        let g = Int128(gcd(a.denominator.magnitude, b.denominator.magnitude))
        let da = a.denominator / g, db = b.denominator / g
        return Rational(add(mul(a.numerator, db), mul(b.numerator, da)), mul(a.denominator, db))
    }

    public static prefix func - (a: Rational) -> Rational { Rational(reduced: -a.numerator, a.denominator) }
    public static func - (a: Rational, b: Rational) -> Rational { a + (-b) }

    public static func * (a: Rational, b: Rational) -> Rational {
        if a.numerator == 0 || b.numerator == 0 { return .zero }
        if a.denominator == 1 && b.denominator == 1 { return Rational(reduced: mul(a.numerator, b.numerator), 1) }
        // Cross-cancel first so the products stay as small as the result.
        let g1 = Int128(gcd(a.numerator.magnitude, b.denominator.magnitude))
        let g2 = Int128(gcd(b.numerator.magnitude, a.denominator.magnitude))
        return Rational(reduced: mul(a.numerator / g1, b.numerator / g2), mul(a.denominator / g2, b.denominator / g1))
    }

    public static func / (a: Rational, b: Rational) -> Rational {
        precondition(b.numerator != 0, "Rational: division by zero")
        let inverse = b.numerator < 0 ? Rational(reduced: -b.denominator, -b.numerator) : Rational(reduced: b.denominator, b.numerator)
        return a * inverse
    }

    public static func < (a: Rational, b: Rational) -> Bool {
        if a.denominator == b.denominator { return a.numerator < b.numerator }
        return (a - b).numerator < 0
    }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}
