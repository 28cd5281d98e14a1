import UppfoljCore

extension Layout {
    /// The indicator's report from its linked table after disclosure control: the headline, the
    /// tables the definition asks for, and the notes its kind and fields need.
    func render(table: LinkedTable, statuses: [CellStatus], medians: [[Int]], k: Int) -> IndicatorReport {
        let cells = RenderedCells(layout: self, table: table, statuses: statuses, medians: medians)
        return IndicatorReport(id: definition.id, number: definition.number, name: definition.name,
                               definition: definition.definition, kind: definition.kind, headline: cells.row([:], label: []),
                               previousHeadline: nil, tables: reportTables(cells), notes: notes(k: k))
    }

    /// The tables, in this order: the crossing of all breakdowns (or of `cross`), each breakdown,
    /// the funnel's stages, the categories, the trend.
    func reportTables(_ cells: RenderedCells) -> [ReportTable] {
        var tables: [ReportTable] = []
        if definition.crossBreakdowns && breakdowns.count > 1 {
            tables.append(cells.grid(.crossing(definition.breakdowns), title: Self.crossingTitle(definition.breakdowns), dims: breakdowns))
        }
        if !definition.crossBreakdowns && definition.cross.count > 1 {
            let fields = definition.cross
            let dims = fields.compactMap { field in definition.breakdowns.firstIndex(of: field).map { breakdowns[$0] } }
            tables.append(cells.grid(.crossing(fields), title: Self.crossingTitle(fields), dims: dims))
        }
        for (position, dimensionIndex) in breakdowns.enumerated() {
            let field = definition.breakdowns[position]
            let title = Localized(sv: "Efter \(field.name.sv.lowercased())", en: "By \(field.name.en.lowercased())")
            if definition.kind == .distribution, let category {
                tables.append(cells.grid(.breakdown(field), title: title, dims: [category, dimensionIndex], countOnly: true))
            } else {
                tables.append(cells.grid(.breakdown(field), title: title, dims: [dimensionIndex]))
            }
        }
        if let category, let field = definition.field {
            if case .funnel(_, let stages) = definition.measure {
                tables.append(funnelTable(stages: stages, cells: cells, category: category))
            }
            tables.append(cells.grid(.categories, title: field.name, dims: [category], countOnly: true))
        }
        if let trend {
            tables.append(cells.grid(.trend, title: L("Trend", "Trend"), dims: [trend]))
        }
        return tables
    }

    static func crossingTitle(_ fields: [FactField]) -> Localized {
        Localized(sv: fields.map(\.name.sv).joined(separator: " × "), en: fields.map(\.name.en).joined(separator: " × "))
    }

    /// Cumulative stage counts, each published only when it follows from published cells.
    func funnelTable(stages: [FunnelStage], cells: RenderedCells, category: Int) -> ReportTable {
        let all = Set(dimensions[category].categories.indices)
        func value(_ fixed: [Int: Int]) -> Int? { cells.statuses[cells.table.index(of: cells.key(fixed))!].publishedValue }
        func published(_ members: Set<Int>) -> Int? {
            let values = members.map { value([category: $0]) }
            if values.allSatisfy({ $0 != nil }) { return values.reduce(0) { $0 + $1! } }
            let total = value([:])
            let rest = all.subtracting(members).map { value([category: $0]) }
            if let total, rest.allSatisfy({ $0 != nil }) { return total - rest.reduce(0) { $0 + $1! } }
            return nil
        }
        let rows = stages.map { stage in
            let members = Set(stage.categories.compactMap { categoryIndex[category][$0] })
            return ReportRow(key: [stage.id], count: Figure(published(members)))
        }
        let dimension = ReportDimension(id: "stage", name: L("Steg", "Stage"),
                                        categories: stages.map { ReportCategory(id: $0.id, name: $0.name) })
        return ReportTable(kind: .stages, title: definition.name, dimensions: [dimension], rows: rows)
    }

    /// What a reader must know to read the figures: how medians are shown, and that categories
    /// of a multi-valued field do not add up.
    func notes(k: Int) -> [Localized] {
        var notes: [Localized] = []
        if definition.kind == .median {
            notes.append(L("Medianen visas bara när den bygger på minst \(k) ärenden; antalet visas inte.",
                           "The median is shown only when it rests on at least \(k) cases; the number is not shown."))
        }
        if definition.field?.shape == .multiCategory || definition.breakdowns.contains(where: { $0.shape == .multiCategory }) {
            notes.append(L("Ett ärende kan höra till flera kategorier; kategorierna summerar inte till totalen.",
                           "A case may be in several categories; the categories do not add up to the total."))
        }
        return notes
    }
}

/// One indicator's cells after disclosure control, read as report rows and tables: a published
/// cell is its count, a hidden one `..`; shares and medians are taken from them as the kind says.
struct RenderedCells {
    let layout: Layout
    let table: LinkedTable
    let statuses: [CellStatus]
    /// The values counted in each cell (medians only).
    let medians: [[Int]]

    /// The cell with `fixed` categories (dimension index → category index), the rest totals.
    func key(_ fixed: [Int: Int]) -> LinkedTable.Key {
        var values = Array(repeating: LinkedTable.Key.total, count: layout.dimensions.count)
        for (dimension, category) in fixed { values[dimension] = category }
        return LinkedTable.Key(values: values)
    }

    func figure(_ key: LinkedTable.Key) -> Figure? {
        guard let index = table.index(of: key) else { return nil }
        return Figure(statuses[index].publishedValue)
    }

    /// The row of one combination, with the figures of the indicator's kind.
    func row(_ fixed: [Int: Int], label: [String]) -> ReportRow {
        switch layout.definition.kind {
        case .count, .distribution, .funnel:
            return ReportRow(key: label, count: figure(key(fixed)))
        case .share:
            var yes = fixed
            if let outcome = layout.outcome { yes[outcome] = 0 }
            let numerator = figure(key(yes)), denominator = figure(key(fixed))
            let share: ShareFigure
            if let n = numerator?.value, let d = denominator?.value, d > 0 {
                share = ShareFigure(numerator: n, denominator: d)
            } else {
                share = .suppressed
            }
            return ReportRow(key: label, numerator: numerator, denominator: denominator, share: share)
        case .median:
            let n = figure(key(fixed))
            var median = Figure.suppressed
            if n?.value != nil, let cell = table.index(of: key(fixed)), !medians[cell].isEmpty {
                median = Figure(Layout.median(medians[cell]))
            }
            return ReportRow(key: label, median: median)
        }
    }

    /// A report dimension: its id, the field's name (or "Period" for the trend) and categories.
    func dimension(_ index: Int) -> ReportDimension {
        let definition = layout.definition, dimensions = layout.dimensions
        let field: FactField? = index == layout.category ? definition.field
            : layout.breakdowns.firstIndex(of: index).map { definition.breakdowns[$0] }
        let name = index == layout.trend ? L("Period", "Period") : field?.name ?? L(dimensions[index].id, dimensions[index].id)
        return ReportDimension(id: dimensions[index].id, name: name, categories: dimensions[index].categories)
    }

    /// A table over `dims` with every combination and its margins ("total").
    func grid(_ kind: ReportTableKind, title: Localized, dims: [Int], countOnly: Bool = false) -> ReportTable {
        let dimensions = layout.dimensions
        var rows: [ReportRow] = []
        var combos: [[Int: Int]] = [[:]]
        for d in dims {
            combos = combos.flatMap { combo in
                (dimensions[d].categories.indices.map { Optional($0) } + [nil]).map { value -> [Int: Int] in
                    var next = combo
                    if let value { next[d] = value }
                    return next
                }
            }
        }
        for combo in combos where table.index(of: key(combo)) != nil {
            let label = dims.map { d in combo[d].map { dimensions[d].categories[$0].id } ?? ReportRow.total }
            rows.append(countOnly ? ReportRow(key: label, count: figure(key(combo))) : row(combo, label: label))
        }
        return ReportTable(kind: kind, title: title, dimensions: dims.map(dimension), rows: rows)
    }
}
