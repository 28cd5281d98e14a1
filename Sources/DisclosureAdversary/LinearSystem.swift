/// A linear expression Σ coefficient · x_variable + constant over the reader's unknowns.
public struct LinearForm: Hashable, Sendable {
    /// Variable index → non-zero coefficient.
    public private(set) var terms: [Int: Rational]
    public var constant: Rational

    public init(_ terms: [Int: Rational] = [:], constant: Rational = .zero) {
        self.terms = terms.filter { !$0.value.isZero }
        self.constant = constant
    }

    public static func variable(_ index: Int) -> LinearForm { LinearForm([index: .one]) }

    public static func sum(_ indices: [Int]) -> LinearForm {
        var form = LinearForm()
        for index in indices { form.add(.one, index) }
        return form
    }

    public mutating func add(_ coefficient: Rational, _ index: Int) {
        let value = (terms[index] ?? .zero) + coefficient
        terms[index] = value.isZero ? nil : value
    }

    public static func + (a: LinearForm, b: LinearForm) -> LinearForm {
        var result = a
        for (index, coefficient) in b.terms { result.add(coefficient, index) }
        result.constant = a.constant + b.constant
        return result
    }

    public static func - (a: LinearForm, b: LinearForm) -> LinearForm { a + b.scaled(by: -.one) }

    public func scaled(by factor: Rational) -> LinearForm {
        var result = LinearForm()
        if factor.isZero { return result }
        result.terms = terms.mapValues { $0 * factor }
        result.constant = constant * factor
        return result
    }

    /// Sorted by variable index: a deterministic order for everything that iterates a form.
    public var sortedTerms: [(index: Int, coefficient: Rational)] {
        terms.sorted { $0.key < $1.key }.map { (index: $0.key, coefficient: $0.value) }
    }
}

/// What a reader knows, as one linear system: unknowns x ≥ 0 (integers), equations `form = 0`
/// and inequalities `form ≤ 0`. Variables carry a name for reports and debugging only.
public struct LinearSystem: Sendable {
    public private(set) var names: [String] = []
    public private(set) var equations: [LinearForm] = []
    public private(set) var inequalities: [LinearForm] = []

    public init() {}

    /// A system of `variableCount` unnamed unknowns (named by their index).
    public init(variableCount: Int) {
        names = (0..<variableCount).map(String.init)
    }

    public var variableCount: Int { names.count }

    @discardableResult
    public mutating func addVariable(_ name: String) -> Int {
        names.append(name)
        return names.count - 1
    }

    /// `left = right`.
    public mutating func equate(_ left: LinearForm, _ right: LinearForm) {
        let form = left - right
        if form.terms.isEmpty && form.constant.isZero { return }
        equations.append(form)
    }

    /// `left ≤ right`.
    public mutating func bound(_ left: LinearForm, atMost right: LinearForm) {
        let form = left - right
        if form.terms.isEmpty && form.constant.sign <= 0 { return }
        inequalities.append(form)
    }
}
