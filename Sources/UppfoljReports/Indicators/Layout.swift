import UppfoljCore

/// How one indicator's cases map to table dimensions: its dimensions and cell patterns, which
/// categories a case is in (by names or by masks), and its population key. How the suppressed
/// cells become report tables is in LayoutRendering.swift.
final class Layout: Sendable {
    let definition: IndicatorDefinition
    let dimensions: [LinkedTable.Dimension]
    let patterns: [[Int]]
    /// Dimension indices.
    let outcome: Int?
    let category: Int?
    let breakdowns: [Int]
    let trend: Int?
    let numeratorCategories: Set<Int>
    let numeratorIds: Set<String>
    let periodParts: [ReportPeriod]
    let categoryIndex: [[String: Int]]
    /// For counting by masks (`fill`): the period's first and last day, each trend part's, the
    /// population conditions as masks over their field's categories (with the names, for values
    /// outside them), and the numerator's categories as a mask over the field's categories.
    let firstDay: Day
    let lastDay: Day
    let partDays: [(first: Day, last: Day)]
    let conditionMasks: [(field: FactField, allowed: UInt64, names: Set<String>)]
    let numeratorMask: UInt64
    /// Every dimension (and condition field) has at most 64 categories, so masks can count it.
    let fitsMasks: Bool

    init(definition: IndicatorDefinition, period: ReportPeriod, instruments: InstrumentCatalogue) {
        self.definition = definition
        var dimensions: [LinkedTable.Dimension] = []
        var outcome: Int?, category: Int?, trend: Int?
        var numerator = Set<Int>()
        switch definition.measure {
        case .share(let field, let numeratorIds):
            outcome = dimensions.count
            dimensions.append(.init(id: "outcome", categories: [ReportCategory(id: "yes", name: L("Ja", "Yes")),
                                                                ReportCategory(id: "no", name: L("Nej", "No"))], additive: true))
            let categories = field.categories(instruments: instruments)
            numerator = Set(categories.indices.filter { numeratorIds.contains(categories[$0].id) })
            // The categories table is shown when it says more than yes/no.
            if categories.count > 2 || numerator.count > 1 {
                category = dimensions.count
                dimensions.append(.init(id: "category", categories: categories, additive: true))
            }
        case .distribution(let field), .funnel(let field, _):
            category = dimensions.count
            dimensions.append(.init(id: "category",
                                    categories: field.categories(instruments: instruments),
                                    additive: field.shape == .category))
        case .count, .median:
            break
        }
        var breakdowns: [Int] = []
        for field in definition.breakdowns {
            breakdowns.append(dimensions.count)
            dimensions.append(.init(id: field.breakdownDimensionID,
                                    categories: field.categories(instruments: instruments),
                                    additive: field.shape == .category))
        }
        let parts = period.trendParts
        if parts.count > 1 {
            trend = dimensions.count
            dimensions.append(.init(id: "period", categories: parts.map { ReportCategory(id: $0.description, name: L($0.description, $0.description)) },
                                    additive: true))
        }
        self.periodParts = parts
        self.dimensions = dimensions
        self.outcome = outcome
        self.category = category
        self.breakdowns = breakdowns
        self.trend = trend
        self.numeratorCategories = numerator
        self.numeratorIds = Set(definition.measure.numerator)

        // Patterns: the total, each breakdown alone (or every combination when crossed), the trend;
        // for shares each of those also split by outcome; categories at the total level and, for
        // distributions, by each breakdown.
        var base: [[Int]] = [[]]
        if definition.crossBreakdowns {
            for mask in 1..<(1 << breakdowns.count) {
                base.append(breakdowns.indices.filter { mask & (1 << $0) != 0 }.map { breakdowns[$0] })
            }
        } else {
            base += breakdowns.map { [$0] }
            // `cross`: every combination of two or more of the named breakdowns.
            let crossed = definition.cross.compactMap { field in definition.breakdowns.firstIndex(of: field).map { breakdowns[$0] } }
            if crossed.count > 1 {
                for mask in 1..<(1 << crossed.count) where mask.nonzeroBitCount > 1 {
                    base.append(crossed.indices.filter { mask & (1 << $0) != 0 }.map { crossed[$0] })
                }
            }
        }
        if let trend { base.append([trend]) }
        var patterns = base
        if let outcome { patterns += base.map { $0 + [outcome] } }
        if let category {
            if definition.kind == .share {
                patterns.append([category])
            } else {
                patterns += base.filter { !$0.contains(trend ?? -1) }.map { $0 + [category] }
            }
        }
        self.patterns = patterns
        categoryIndex = dimensions.map { dimension in
            Dictionary(uniqueKeysWithValues: dimension.categories.enumerated().map { ($1.id, $0) })
        }
        firstDay = period.firstDay
        lastDay = period.lastDay
        partDays = parts.map { ($0.firstDay, $0.lastDay) }
        conditionMasks = definition.population.map { condition in
            (condition.field, categoryBits(condition.in, among: condition.field.categories(instruments: instruments)), Set(condition.in))
        }
        numeratorMask = definition.field.map { categoryBits(definition.measure.numerator, among: $0.categories(instruments: instruments)) } ?? 0
        fitsMasks = dimensions.allSatisfy { $0.categories.count <= 64 }
            && definition.population.allSatisfy { $0.field.categories(instruments: instruments).count <= 64 }
            && (definition.field.map { $0.categories(instruments: instruments).count <= 64 } ?? true)
    }

    /// Whether `day` (the case's date in the period field) lies in the period.
    func isInPeriod(_ day: Day) -> Bool { day >= firstDay && day <= lastDay }

    /// The same decision as `categories(of:day:asOf:policy:)` (and the population conditions
    /// before it), by masks: false when the case is not counted; else `masks[d]` has bit c set
    /// for each category c of dimension d the case is in. Allocates nothing.
    func fill(_ masks: inout [UInt64], facts: CaseFacts, day: Day, coder: FieldCoder) -> Bool {
        for condition in conditionMasks {
            let mask = coder.mask(condition.field, of: facts)
            if mask.bits & condition.allowed != 0 { continue }
            if mask.outside, condition.field.values(of: facts, asOf: coder.asOf, policy: coder.policy)
                .contains(where: condition.names.contains) { continue }
            return false
        }
        for dimension in masks.indices { masks[dimension] = 0 }
        if let field = definition.field {
            let mask = coder.mask(field, of: facts)
            if mask.isEmpty { return false }
            if let category {
                if mask.bits == 0 { return false }
                masks[category] = mask.bits
            }
            if let outcome {
                var isNumerator = mask.bits & numeratorMask != 0
                if !isNumerator && mask.outside {
                    isNumerator = field.values(of: facts, asOf: coder.asOf, policy: coder.policy).contains(where: numeratorIds.contains)
                }
                masks[outcome] = isNumerator ? 0b01 : 0b10   // "yes" is category 0, "no" category 1
            }
        }
        if definition.kind == .median {
            guard definition.value?.number(of: facts) != nil else { return false }
        }
        for (position, field) in definition.breakdowns.enumerated() {
            let dimension = breakdowns[position]
            let bits = coder.mask(field, of: facts).bits
            if dimensions[dimension].additive && bits == 0 { return false }
            masks[dimension] = bits
        }
        if let trend {
            guard let part = partDays.firstIndex(where: { day >= $0.first && day <= $0.last }) else { return false }
            masks[trend] = 1 << UInt64(part)
        }
        return true
    }

    /// The population cell a key stands for (no outcome fixed, at most one breakdown, trend part or
    /// category of a single-valued field), or nil for the indicator's own cells.
    func populationCell(_ key: LinkedTable.Key) -> PopulationCells.Cell? {
        if let outcome, key.values[outcome] != LinkedTable.Key.total { return nil }
        let fixed = key.values.indices.filter { key.values[$0] != LinkedTable.Key.total }
        guard fixed.count <= 1 else { return nil }
        if let category, fixed.first == category {
            // A category of a single-valued field (honour = yes in indicator 15) counts the same
            // cases as that category of the field as a breakdown (honour = yes in indicator 2).
            guard let field = definition.field, field.shape == .category else { return nil }
            return PopulationCells.Cell(dimension: field.rawValue, category: key.values[category])
        }
        return PopulationCells.Cell(dimension: fixed.first.map { dimensions[$0].id }, category: fixed.first.map { key.values[$0] })
    }

    /// The cells of the headline: the total, and for a share its numerator (outcome = yes).
    func isHeadline(_ key: LinkedTable.Key) -> Bool {
        key.values.indices.allSatisfy { d in key.values[d] == LinkedTable.Key.total || (d == outcome && key.values[d] == 0) }
    }

    /// A crossing of the population's own breakdowns (two or more fixed, no outcome and no
    /// category): the same figure in every indicator of the population that shows it.
    func isCrossing(_ key: LinkedTable.Key) -> Bool {
        if let outcome, key.values[outcome] != LinkedTable.Key.total { return false }
        if let category, key.values[category] != LinkedTable.Key.total { return false }
        return key.values.filter { $0 != LinkedTable.Key.total }.count >= 2
    }

    /// A cell's name across releases (`ReleasedFigure.cell`): "total", or its fixed categories as
    /// "dimension=category" joined by "|", dimension ids sorted.
    func cellName(_ key: LinkedTable.Key) -> String {
        let parts = key.values.indices.compactMap { d -> String? in
            key.values[d] == LinkedTable.Key.total ? nil : "\(dimensions[d].id)=\(dimensions[d].categories[key.values[d]].id)"
        }.sorted()
        return parts.isEmpty ? "total" : parts.joined(separator: "|")
    }

    /// When this population is a wider one narrowed by one category of one single-valued field
    /// (indicator 6's closed victims within all closed cases): the wider population's key, the
    /// field and the category. Its total is the wider population's cell for that category.
    var narrowing: (widerKey: String, field: FactField, category: String)? {
        guard definition.population.count == 1, let only = definition.population.first, only.in.count == 1,
              only.field.shape == .category else { return nil }
        var key = "|\(definition.period.rawValue)"
        if let field = definition.field, !field.appliesToEveryCase(placedBy: definition.period) { key += "|\(field.rawValue)" }
        if let value = definition.value { key += "|\(value.rawValue)" }
        return (key, only.field, only.in[0])
    }

    /// Whether this indicator's headlines are preferred to smaller cells when complements are
    /// chosen (`DisclosureTable.Cell.isHeadline`, issue 14 item 5). Not for a population narrowed
    /// by conditions the report does not link to the wider population (the adult victims of
    /// Kolada and SU-Kvinnofrid: two conditions, role and age band): its total shown beside the
    /// wider one gives their difference back — the closed victims (32) and the adult closed
    /// victims (31) of the frozen sample's 2024 pin the closed victims under 18 to 1
    /// (docs/disclosure-control.md §10b, "Narrowed populations: tried, not in").
    var prefersHeadlines: Bool { definition.population.isEmpty || narrowing != nil }

    /// Indicators with equal keys count exactly the same cases: the same conditions and period
    /// rule, and the same requirement that the field (or value) applies where it does not to all.
    var populationKey: String {
        let conditions = definition.population.map { "\($0.field.rawValue)∈\($0.in.sorted())" }.sorted().joined(separator: "&")
        var key = "\(conditions)|\(definition.period.rawValue)"
        if let field = definition.field, !field.appliesToEveryCase(placedBy: definition.period) { key += "|\(field.rawValue)" }
        if let value = definition.value { key += "|\(value.rawValue)" }
        return key
    }

    func makeTable() -> LinkedTable {
        var table = LinkedTable(dimensions: dimensions, patterns: patterns)
        if definition.kind == .share, let outcome, let category {
            // outcome "yes" = the numerator categories, "no" = the rest: links the two views.
            var totalKey = LinkedTable.Key(values: Array(repeating: LinkedTable.Key.total, count: dimensions.count))
            for (value, members) in [(0, numeratorCategories), (1, Set(dimensions[category].categories.indices).subtracting(numeratorCategories))] {
                totalKey.values[outcome] = value
                let parts = members.sorted().map { member -> LinkedTable.Key in
                    var key = LinkedTable.Key(values: Array(repeating: LinkedTable.Key.total, count: dimensions.count))
                    key.values[category] = member
                    return key
                }
                table.addConstraint(total: totalKey, parts: parts)
            }
        }
        return table
    }

    /// The categories of one case per dimension; nil when the case is outside the indicator
    /// (its field does not apply).
    func categories(of facts: CaseFacts, day: Day, asOf: Day, policy: FollowUpPolicy) -> [[Int]]? {
        var result = Array(repeating: [Int](), count: dimensions.count)
        if let field = definition.field {
            let values = field.values(of: facts, asOf: asOf, policy: policy)
            guard !values.isEmpty else { return nil }
            if let category {
                result[category] = values.compactMap { categoryIndex[category][$0] }
                guard !result[category].isEmpty else { return nil }
            }
            if let outcome { result[outcome] = [values.contains(where: numeratorIds.contains) ? 0 : 1] }
        }
        if definition.kind == .median {
            guard definition.value?.number(of: facts) != nil else { return nil }
        }
        for (position, field) in definition.breakdowns.enumerated() {
            let dimension = breakdowns[position]
            result[dimension] = field.values(of: facts, asOf: asOf, policy: policy).compactMap { categoryIndex[dimension][$0] }
            if dimensions[dimension].additive && result[dimension].isEmpty { return nil }
        }
        if let trend {
            guard let part = periodParts.firstIndex(where: { $0.contains(day) }) else { return nil }
            result[trend] = [part]
        }
        return result
    }

    /// Keys of the count cells a median belongs to.
    func keysForMedian(_ categories: [[Int]]) -> [LinkedTable.Key] {
        var keys: [LinkedTable.Key] = []
        for pattern in patterns {
            var partial: [[Int]] = [Array(repeating: LinkedTable.Key.total, count: dimensions.count)]
            for dimension in pattern {
                partial = partial.flatMap { key in categories[dimension].map { var k = key; k[dimension] = $0; return k } }
            }
            keys += partial.map { LinkedTable.Key(values: $0) }
        }
        return keys
    }

    /// The median, halves rounded up.
    static func median(_ values: [Int]) -> Int {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        let sum = sorted[middle - 1] + sorted[middle]
        return (sum + 1) / 2
    }
}
