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
        if Rational.fits(n) && Rational.fits(d) {
            // 64-bit division is an instruction; 128-bit is a library call.
            let n64 = Int64(truncatingIfNeeded: n), d64 = Int64(truncatingIfNeeded: d)
            let g = Int64(Rational.gcd64(n64.magnitude, d64.magnitude))
            self.numerator = Int128(n64 / g)
            self.denominator = Int128(d64 / g)
            return
        }
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
        // 128-bit remainders are a library call; the numbers are nearly always small.
        while a > UInt128(UInt64.max) || b > UInt128(UInt64.max) {
            if b == 0 { return a }
            (a, b) = (b, a % b)
        }
        var x = UInt64(a), y = UInt64(b)
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : UInt128(x)
    }

    @inline(__always) static func fits(_ x: Int128) -> Bool { Int128(Int64(truncatingIfNeeded: x)) == x }

    @inline(__always) static func gcd64(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    /// n/d from 64-bit parts with d > 0, reduced.
    @inline(__always) static func reduced64(_ n: Int64, _ d: Int64) -> Rational {
        if n == 0 { return .zero }
        let g = Int64(gcd64(n.magnitude, d.magnitude))
        return Rational(reduced: Int128(n / g), Int128(d / g))
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

    /// The nearest Double, roughly: for heuristics only (the solver's pricing), never an answer.
    public var approximation: Double {
        if Rational.fits(numerator) && Rational.fits(denominator) {
            return Double(Int64(truncatingIfNeeded: numerator)) / Double(Int64(truncatingIfNeeded: denominator))
        }
        return Double(numerator) / Double(denominator)
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
        if fits(a.numerator) && fits(a.denominator) && fits(b.numerator) && fits(b.denominator) {
            let an = Int64(truncatingIfNeeded: a.numerator), ad = Int64(truncatingIfNeeded: a.denominator)
            let bn = Int64(truncatingIfNeeded: b.numerator), bd = Int64(truncatingIfNeeded: b.denominator)
            let g = Int64(gcd64(ad.magnitude, bd.magnitude))
            let da = ad / g, db = bd / g
            let (x, o1) = an.multipliedReportingOverflow(by: db)
            let (y, o2) = bn.multipliedReportingOverflow(by: da)
            let (sum, o3) = x.addingReportingOverflow(y)
            let (d, o4) = ad.multipliedReportingOverflow(by: db)
            if !(o1 || o2 || o3 || o4) { return reduced64(sum, d) }
        }
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
        if fits(a.numerator) && fits(a.denominator) && fits(b.numerator) && fits(b.denominator) {
            let an = Int64(truncatingIfNeeded: a.numerator), ad = Int64(truncatingIfNeeded: a.denominator)
            let bn = Int64(truncatingIfNeeded: b.numerator), bd = Int64(truncatingIfNeeded: b.denominator)
            let g1 = Int64(gcd64(an.magnitude, bd.magnitude)), g2 = Int64(gcd64(bn.magnitude, ad.magnitude))
            let (n, o1) = (an / g1).multipliedReportingOverflow(by: bn / g2)
            let (d, o2) = (ad / g2).multipliedReportingOverflow(by: bd / g1)
            if !(o1 || o2) { return Rational(reduced: Int128(n), Int128(d)) }
        }
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
        if a.sign != b.sign { return a.sign < b.sign }
        // a.n · b.d < b.n · a.d (denominators > 0), in 256 bits: no gcd, no overflow.
        let left = a.numerator.multipliedFullWidth(by: b.denominator)
        let right = b.numerator.multipliedFullWidth(by: a.denominator)
        return left.high < right.high || (left.high == right.high && left.low < right.low)
    }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}
