import Foundation

/// What a reader knows without any export: the published definitions of docs/indicators.md
/// (fields, their categories, which fields every counted case has). Nothing here comes from a
/// journal.
public enum ReaderKnowledge {
    /// docs/indicators.md, "Fields and their categories". Fields whose categories an export lists
    /// (a breakdown or category dimension) are learnt from the export instead, so a catalogue's
    /// own instruments are covered too.
    public static let categories: [String: [String]] = [
        "role": ["victim", "perpetrator"],
        "sex": ["female", "male", "other", "unknown"],
        "ageBand": ["0-17", "18-25", "26-40", "41-64", "65+", "unknown"],
        "honour": ["yes", "no", "unknown"], "childrenInHousehold": ["yes", "no", "unknown"],
        "childrenExposed": ["yes", "no", "unknown"], "t3NewViolence": ["yes", "no", "unknown"],
        "hadIntervention": ["yes", "no"], "t3Reached": ["yes", "no"], "partnerConversationViolence": ["yes", "no"],
        "treatmentOutcome": ["completed", "notCompleted"],
        "intakeRisk": ["lag", "medel", "hog", "none"], "closureRisk": ["lag", "medel", "hog", "none"],
        "riskChange": ["lowered", "unchanged", "raised"],
        "closureReason": ["goalFullyMet", "goalPartlyMet", "goalNotMet", "endedByClient", "moved", "other"],
        "violenceAtClosure": ["ongoing", "stopped", "unknown"],
        "closureSurveySituation": ["1", "2", "3", "4", "5"],
        "t3Timeliness": ["inWindow", "early", "late", "missing", "notReached"],
        "partnerStage": ["noConsent", "consentNotReached", "reachedNotAccepted", "accepted"],
        "violenceTypes": ["physical", "psychological", "sexual", "economic", "material", "neglect", "latent", "digital"],
        "interventionTypes": ["supportiveTalks", "individualTreatment", "groupTreatment", "shelter", "temporaryHousing",
                              "permanentHousingSupport", "financialAssistance", "legalProcessSupport", "childTalks",
                              "motivationalInterviewing", "honourFamilyWork", "remoteAdvice", "authorityContactSupport",
                              "practicalSupport", "other"],
        // Catalogue 2026.2 (issue 15).
        "riskMethod": ["freda", "otherInstrument", "withoutMethod", "none"],
        "severity": ["mild", "serious", "verySerious", "unknown"],
        "housingSupport": ["yes", "no"],
        "interventionCountBand": ["0", "1", "2", "3", "4+"],
        "closureSurveyImportance": ["1", "2", "3", "4", "5"],
        "t3Contact": ["reached", "noAnswer", "contactOutdated", "declined", "notSafe", "other", "reasonNotRecorded"],
        "partnerReportAtClosure": ["yes", "no", "unknown"], "partnerReportAtT3": ["yes", "no", "unknown"],
        "treatmentOfferDeclined": ["yes", "no", "unknown"],
        "legalBasis": ["assistanceDecision", "withoutDecision", "noIntervention", "unknown"],
        "goalAttainment": ["full", "partly", "notMet", "notAssessed"],
    ]

    /// "Several per case": a case can be in more than one category, so categories do not add up.
    public static let severalPerCase: Set<String> = ["violenceTypes", "interventionTypes"]

    /// Fields every case has (recorded at intake, with "unknown" as a category; docs/indicators.md
    /// says "every case" of catalogue 2026.2's risk method, housing support, number of
    /// interventions and legal basis).
    public static let caseAttributes: Set<String> = [
        "role", "sex", "ageBand", "honour", "childrenInHousehold", "childrenExposed", "hadIntervention", "interventionTypes",
        "riskMethod", "housingSupport", "interventionCountBand", "legalBasis",
    ]

    /// Fields every case counted by a date has (docs/indicators.md: intake risk and instrument
    /// have "none"; every closed case has a closure reason, a closure risk ("none" included) and
    /// a violence-at-closure answer ("unknown" included)). A share's or distribution's field that
    /// is not here restricts its population to the cases where it applies.
    public static let definedByPeriod: [String: Set<String>] = [
        "intakeDate": ["intakeRiskInstrument", "intakeRisk"],
        "closureDate": ["closureReason", "closureRisk", "violenceAtClosure", "goalAttainment"],
    ]

    /// Export dimension id → field.
    public static let dimensionFields: [String: String] = [
        "role": "role", "sex": "sex", "ageBand": "ageBand", "honour": "honour", "interventionType": "interventionTypes",
        "legalBasis": "legalBasis",
    ]

    static func needsDefinedMarker(_ field: String, period: String) -> Bool {
        !caseAttributes.contains(field) && !(definedByPeriod[period]?.contains(field) ?? false)
    }
}

/// A period of whole months: [first, last] as month numbers (year · 12 + month − 1).
public struct MonthSpan: Hashable, Sendable {
    public let first: Int
    public let last: Int

    public init?(_ text: String) {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 1 || parts.count == 2,
              let start = MonthSpan.bounds(parts[0]), let end = MonthSpan.bounds(parts[parts.count - 1]) else { return nil }
        first = start.0
        last = end.1
        if first > last { return nil }
    }

    private static func bounds(_ text: String) -> (Int, Int)? {
        if text.count == 4, let year = Int(text) { return (year * 12, year * 12 + 11) }
        if text.count == 6, text.dropFirst(4).first == "Q", let year = Int(text.prefix(4)), let q = Int(text.suffix(1)), (1...4).contains(q) {
            return (year * 12 + (q - 1) * 3, year * 12 + (q - 1) * 3 + 2)
        }
        if text.count == 7, text.dropFirst(4).first == "-", let year = Int(text.prefix(4)), let m = Int(text.suffix(2)), (1...12).contains(m) {
            return (year * 12 + m - 1, year * 12 + m - 1)
        }
        return nil
    }
}

/// One condition on the cases a figure counts: a single-valued field in a set of categories, a
/// several-per-case field that has every listed category, or (`categories == ["?"]`) only that
/// the field applies to the case.
public struct Condition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let field: String
    public let categories: [String]

    public static let appliesMarker = "?"
    public var isAppliesMarker: Bool { categories == [Condition.appliesMarker] }

    public static func < (a: Condition, b: Condition) -> Bool {
        a.field != b.field ? a.field < b.field : a.categories.lexicographicallyPrecedes(b.categories)
    }

    public var description: String {
        isAppliesMarker ? "\(field)?" : "\(field)=\(categories.joined(separator: "|"))"
    }
}

/// A set of cases the reader can name: one journal (head hash), counted by one date, meeting some
/// conditions. Its unknowns are its counts in the atoms of its own time grid.
struct CellKey: Hashable {
    let source: String
    let period: String
    let conditions: [Condition]
}

/// A partition of some months into atoms (sorted, disjoint month ranges).
struct Grid: Equatable {
    var atoms: [ClosedRange<Int>]

    var cuts: Set<Int> { Set(atoms.flatMap { [$0.lowerBound, $0.upperBound + 1] }) }

    /// The atoms inside `span`; nil unless they cover it exactly.
    func atoms(in first: Int, _ last: Int) -> [Int]? {
        let inside = atoms.indices.filter { atoms[$0].lowerBound >= first && atoms[$0].upperBound <= last }
        let covered = inside.reduce(0) { $0 + atoms[$1].count }
        return covered == last - first + 1 ? inside : nil
    }

    /// The finest grid whose every atom is a union of atoms of each of `grids` (their common
    /// coarsening, on the months all of them cover).
    static func common(_ grids: [Grid]) -> Grid {
        guard var cuts = grids.first?.cuts else { return Grid(atoms: []) }
        for grid in grids.dropFirst() { cuts.formIntersection(grid.cuts) }
        let sorted = cuts.sorted()
        var atoms: [ClosedRange<Int>] = []
        for (start, end) in zip(sorted, sorted.dropFirst()) where grids.allSatisfy({ $0.atoms(in: start, end - 1) != nil }) {
            atoms.append(start...(end - 1))
        }
        return Grid(atoms: atoms)
    }
}

/// A count the reader sees as `..` (or, in `ReaderModel.shown`, a count the reader sees), and
/// what it is in the reader's unknowns.
public struct HiddenFigure: Sendable, CustomStringConvertible {
    public let export: Int
    public let exportPeriod: String
    public let indicator: String
    public let table: String
    /// The table's dimension ids, one per entry of `key` (empty for a headline).
    public var dimensions: [String] = []
    public let key: [String]
    /// "count", "numerator" or "denominator".
    public let figure: String
    public let form: LinearForm

    public var description: String {
        "export \(export) (\(exportPeriod)) \(indicator)/\(table)[\(key.joined(separator: ","))].\(figure)"
    }
}

/// Builds ONE linear system of everything the exports released.
///
/// Cells: the sets of cases the published figures name (journal × period date × conditions),
/// closed under the tables' additivity: for a single-valued field, C = Σ over its categories of
/// (C ∧ f=v), and C ∧ f∈S = Σ over v∈S. Figures of different indicators with the same period date
/// and the same conditions (e.g. the opened cases in indicators 1, 2, 4, 5a, 12; the closed
/// victims in 3, 5b and 6) are the same cell. "Several per case" categories: each ≤ its total; a
/// total of cases that have at least one (violence types) ≤ the sum of its categories. A merged
/// export's figure is the sum over its journals (the same head hash twice counts twice).
///
/// Time: a cell's unknowns are its counts in the atoms of its own grid, the coarsest pieces of
/// time that none of the periods it is published for (export period, previous period, trend part)
/// splits; a figure for a quarter, a year or a range is the sum of its atoms. Every figure here
/// counts cases by a date that puts each case in one month, so counts add over periods (medians do
/// not and are left out). An additivity relation between cells holds in every piece of time; it
/// is stated on their grids' common coarsening (a cell that no figure names takes that of the
/// cells it is related to). Modelling each cell at the grain its figures need, rather than every
/// cell per month, keeps the system small; it can only make the reader weaker, never report a
/// leak that is not there.
public final class ReaderModel {
    public private(set) var system = LinearSystem()
    public private(set) var hidden: [HiddenFigure] = []
    /// Every published count, with the same identity as a hidden one (the release audit's repair
    /// looks for the shown figures a narrow range rests on).
    public private(set) var shown: [(figure: HiddenFigure, value: Int)] = []
    /// For each of `shown`, the index of its equation in `system.equations` (-1: none, a figure
    /// with no unknowns).
    public private(set) var shownEquation: [Int] = []
    /// The additivity relations as forms over the unknowns (`form = 0` or `form ≤ 0`): the links
    /// between cells, apart from the published values.
    public private(set) var relationForms: [LinearForm] = []
    public private(set) var publishedFigures = 0
    public private(set) var cellCount = 0

    private var keys: [CellKey] = []
    private var keyIndex: [CellKey: Int] = [:]
    private var uses: [[MonthSpan]] = []
    private var grids: [Grid?] = []
    private var relations: [(isEquation: Bool, terms: [(key: Int, coefficient: Rational)])] = []
    private var figureTerms: [(terms: [(key: Int, span: MonthSpan)], value: Int?, figure: HiddenFigure)] = []
    private var variables: [Int: [Int: Int]] = [:]     // key → atom → variable
    private var worklist: [Int] = []
    private var fieldCategories = ReaderKnowledge.categories
    private var definitions: [String: [String: PublishedCatalogue.Definition]] = [:]
    private var closed: Set<String> = []
    private var sourceOfHead: [String: String] = [:]   // journal head hash → the source it was first read as

    public struct ModelError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The source every export is read as, when all of them come from one journal (the release
    /// audit: a unit's releases, whatever head or unit name each carried).
    private let oneSource: String?

    /// - Parameter oneSource: read every export as the releases of one journal of that name
    ///   (merged exports are not read this way).
    public init(exports: [ExportFile], catalogues: [PublishedCatalogue], oneSource: String? = nil) throws {
        self.oneSource = oneSource
        for catalogue in catalogues {
            definitions[catalogue.version] = Dictionary(catalogue.indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        }
        learnCategories(exports)
        for (index, export) in exports.enumerated() { try read(export, index: index) }
        close()
        assignGrids()
        try instantiate()
        cellCount = keys.count
    }

    private func learnCategories(_ exports: [ExportFile]) {
        for export in exports {
            for indicator in export.indicators {
                for table in indicator.tables {
                    for dimension in table.dimensions where dimension.id != "period" {
                        let field = ReaderKnowledge.dimensionFields[dimension.id]
                            ?? (dimension.id == "category" ? definitions[export.metadata.catalogueVersion]?[indicator.id]?.field : nil)
                        if let field, fieldCategories[field] == nil {
                            fieldCategories[field] = dimension.categories.map(\.id)
                        }
                    }
                }
            }
        }
    }

    // MARK: reading an export

    private func read(_ export: ExportFile, index: Int) throws {
        let version = export.metadata.catalogueVersion
        guard let catalogue = definitions[version] else {
            throw ModelError(description: "no published catalogue \(version) for export \(index)")
        }
        guard let period = MonthSpan(export.metadata.period), let previous = MonthSpan(export.metadata.previousPeriod) else {
            throw ModelError(description: "unreadable period in export \(index)")
        }
        // A reader knows which unit sent each file: a unit's journal is one source whatever head it
        // had when exported (every export is anchored in the journal, so the head moves).
        // A head hash seen before is the same journal, whatever unit name came with it (a merge of
        // one journal twice, or a renamed copy).
        let hashes = export.metadata.journalHeadHashes
        let units = export.metadata.units.count == hashes.count ? export.metadata.units : hashes
        var sources: [String] = []
        if let oneSource { sources = [oneSource] }
        for (unit, hash) in zip(units, hashes) where oneSource == nil {
            let source = sourceOfHead[hash] ?? unit
            sourceOfHead[hash] = source
            sources.append(source)
        }
        for indicator in export.indicators {
            guard let definition = catalogue[indicator.id] else {
                throw ModelError(description: "indicator \(indicator.id) is not in catalogue \(version)")
            }
            if definition.kind == "median" { continue }   // not additive; its n is not shown
            var base = (definition.population ?? []).map { Condition(field: $0.field, categories: $0.in.sorted()) }
            if let field = definition.field, ReaderKnowledge.needsDefinedMarker(field, period: definition.period) {
                base.append(Condition(field: field, categories: [Condition.appliesMarker]))
            }
            let context = Context(export: index, exportPeriod: export.metadata.period, indicator: indicator.id,
                                  definition: definition, base: base, sources: sources)
            try figures(of: indicator.headline, table: "headline", dimensions: [], span: period, context)
            if let previousRow = indicator.previousHeadline {
                try figures(of: previousRow, table: "previousHeadline", dimensions: [], span: previous, context)
            }
            for table in indicator.tables {
                for row in table.rows {
                    try figures(of: row, table: table.id, dimensions: table.dimensions.map(\.id), span: period, context)
                }
            }
        }
    }

    private struct Context {
        let export: Int
        let exportPeriod: String
        let indicator: String
        let definition: PublishedCatalogue.Definition
        let base: [Condition]
        let sources: [String]
    }

    private func figures(of row: ExportFile.Row, table: String, dimensions: [String], span: MonthSpan, _ context: Context) throws {
        guard row.key.count == dimensions.count else {
            throw ModelError(description: "\(context.indicator)/\(table): a row key does not match the dimensions")
        }
        var conditions = context.base
        var span = span
        for (dimension, value) in zip(dimensions, row.key) where value != "total" {
            switch dimension {
            case "period":
                guard let part = MonthSpan(value) else { throw ModelError(description: "unreadable trend period \(value)") }
                span = part
            case "category":
                guard let field = context.definition.field else { throw ModelError(description: "\(context.indicator): a category without a field") }
                conditions.append(Condition(field: field, categories: [value]))
            case "stage":
                guard let field = context.definition.field,
                      let stage = context.definition.stages?.first(where: { $0.id == value }) else {
                    throw ModelError(description: "\(context.indicator): unknown stage \(value)")
                }
                conditions.append(Condition(field: field, categories: stage.categories.sorted()))
            default:
                guard let field = ReaderKnowledge.dimensionFields[dimension] else {
                    throw ModelError(description: "\(context.indicator): unknown dimension \(dimension)")
                }
                conditions.append(Condition(field: field, categories: [value]))
            }
        }
        var named: [(String, ExportFile.Figure, [Condition])] = []
        if let count = row.count { named.append(("count", count, conditions)) }
        if let denominator = row.denominator { named.append(("denominator", denominator, conditions)) }
        if let numerator = row.numerator {
            guard let field = context.definition.field, let categories = context.definition.numerator else {
                throw ModelError(description: "\(context.indicator): a numerator without a definition")
            }
            named.append(("numerator", numerator, conditions + [Condition(field: field, categories: categories.sorted())]))
        }
        for (name, figure, figureConditions) in named {
            let identity = HiddenFigure(export: context.export, exportPeriod: context.exportPeriod, indicator: context.indicator,
                                        table: table, dimensions: dimensions, key: row.key, figure: name, form: LinearForm())
            var terms: [(key: Int, span: MonthSpan)] = []
            if let canonical = canonical(figureConditions, period: context.definition.period) {
                for source in context.sources {
                    let key = self.key(CellKey(source: source, period: context.definition.period, conditions: canonical))
                    uses[key].append(span)
                    terms.append((key, span))
                }
            }
            if let value = figure.value, !figure.suppressed {
                figureTerms.append((terms, value, identity))
                publishedFigures += 1
            } else {
                figureTerms.append((terms, nil, identity))
            }
        }
    }

    /// One spelling per set of cases: conditions on a field intersected, a field in all its
    /// categories dropped (or kept as "applies" when the field does not apply to every case),
    /// "applies" dropped when a category of the field is required. nil: no case can meet them.
    func canonical(_ conditions: [Condition], period: String) -> [Condition]? {
        var byField: [String: [Condition]] = [:]
        for condition in conditions { byField[condition.field, default: []].append(condition) }
        var result: [Condition] = []
        for field in byField.keys.sorted() {
            let list = byField[field]!
            let real = list.filter { !$0.isAppliesMarker }
            if real.isEmpty {
                result.append(Condition(field: field, categories: [Condition.appliesMarker]))
                continue
            }
            if ReaderKnowledge.severalPerCase.contains(field) {
                result.append(Condition(field: field, categories: Set(real.flatMap(\.categories)).sorted()))
                continue
            }
            var set = Set(real[0].categories)
            for other in real.dropFirst() { set.formIntersection(other.categories) }
            if set.isEmpty { return nil }
            if let all = fieldCategories[field], Set(all) == set {
                if ReaderKnowledge.needsDefinedMarker(field, period: period) {
                    result.append(Condition(field: field, categories: [Condition.appliesMarker]))
                }
                continue
            }
            result.append(Condition(field: field, categories: set.sorted()))
        }
        return result
    }

    private func key(_ key: CellKey) -> Int {
        if let existing = keyIndex[key] { return existing }
        keys.append(key)
        uses.append([])
        keyIndex[key] = keys.count - 1
        worklist.append(keys.count - 1)
        return keys.count - 1
    }

    /// The cell of `conditions` beside `key` (same journal and date); nil when no case can meet them.
    private func related(_ key: CellKey, _ conditions: [Condition]) -> Int? {
        guard let canonical = canonical(conditions, period: key.period) else { return nil }
        return self.key(CellKey(source: key.source, period: key.period, conditions: canonical))
    }

    // MARK: additivity

    private func relate(equation: Bool, _ left: [Int?], _ right: [Int?]) {
        var terms: [(key: Int, coefficient: Rational)] = []
        for key in left.compactMap({ $0 }) { terms.append((key, .one)) }
        for key in right.compactMap({ $0 }) { terms.append((key, -.one)) }
        relations.append((equation, terms))
    }

    private func close() {
        while let index = worklist.popLast() {
            let key = keys[index]
            for (position, condition) in key.conditions.enumerated() {
                var others = key.conditions
                others.remove(at: position)
                let field = condition.field
                if condition.isAppliesMarker {
                    // Cases that have at least one several-per-case category: total ≤ Σ categories.
                    guard ReaderKnowledge.severalPerCase.contains(field), let all = fieldCategories[field] else { continue }
                    relate(equation: false, [index], all.map { related(key, others + [Condition(field: field, categories: [$0])]) })
                    continue
                }
                if ReaderKnowledge.severalPerCase.contains(field) {
                    // Each category ≤ the cases the field applies to.
                    var parent = others
                    if ReaderKnowledge.needsDefinedMarker(field, period: key.period) {
                        parent.append(Condition(field: field, categories: [Condition.appliesMarker]))
                    }
                    relate(equation: false, [index], [related(key, parent)])
                    continue
                }
                guard let all = fieldCategories[field] else { continue }
                if condition.categories.count > 1 {
                    relate(equation: true, [index], condition.categories.map { related(key, others + [Condition(field: field, categories: [$0])]) })
                    continue
                }
                // C = Σ over the field's categories of (C ∧ f = v), once per (C, f).
                let marker = "\(key.source)|\(key.period)|\(others)|\(field)"
                if closed.contains(marker) { continue }
                closed.insert(marker)
                var parent = others
                if ReaderKnowledge.needsDefinedMarker(field, period: key.period) {
                    parent.append(Condition(field: field, categories: [Condition.appliesMarker]))
                }
                relate(equation: true, [related(key, parent)], all.map { related(key, others + [Condition(field: field, categories: [$0])]) })
            }
        }
    }

    // MARK: time grids and the system

    private func assignGrids() {
        grids = uses.map { spans -> Grid? in
            if spans.isEmpty { return nil }
            var cuts = Set<Int>()
            for span in spans { cuts.insert(span.first); cuts.insert(span.last + 1) }
            let sorted = cuts.sorted()
            let atoms = zip(sorted, sorted.dropFirst()).map { $0...($1 - 1) }.filter { atom in
                spans.contains { $0.first <= atom.lowerBound && atom.upperBound <= $0.last }
            }
            return Grid(atoms: atoms)
        }
        var changed = true
        while changed {
            changed = false
            for relation in relations {
                let known = relation.terms.compactMap { grids[$0.key] }
                guard !known.isEmpty, known.count < relation.terms.count else { continue }
                let common = Grid.common(known)
                if common.atoms.isEmpty { continue }
                for term in relation.terms where grids[term.key] == nil {
                    grids[term.key] = common
                    changed = true
                }
            }
        }
    }

    private func unknown(_ key: Int, atom: Int) -> Int {
        if let existing = variables[key]?[atom] { return existing }
        let cell = keys[key], range = grids[key]!.atoms[atom]
        let name = "\(cell.source.prefix(6))/\(cell.period)/\(range.lowerBound / 12)-\(range.lowerBound % 12 + 1)"
            + "..\(range.upperBound / 12)-\(range.upperBound % 12 + 1)/{\(cell.conditions.map(\.description).joined(separator: ","))}"
        let index = system.addVariable(name)
        variables[key, default: [:]][atom] = index
        return index
    }

    private func sum(_ key: Int, _ first: Int, _ last: Int) throws -> LinearForm {
        guard let grid = grids[key], let atoms = grid.atoms(in: first, last) else {
            throw ModelError(description: "cell \(keys[key].conditions) has no unknowns for months \(first)…\(last)")
        }
        return LinearForm.sum(atoms.map { unknown(key, atom: $0) })
    }

    private func instantiate() throws {
        for (terms, value, figure) in figureTerms {
            var form = LinearForm()
            for term in terms { form = form + (try sum(term.key, term.span.first, term.span.last)) }
            let placed = HiddenFigure(export: figure.export, exportPeriod: figure.exportPeriod, indicator: figure.indicator,
                                      table: figure.table, dimensions: figure.dimensions, key: figure.key, figure: figure.figure,
                                      form: form)
            if let value {
                let before = system.equations.count
                system.equate(form, LinearForm(constant: Rational(value)))
                shownEquation.append(system.equations.count > before ? before : -1)
                shown.append((placed, value))
            } else {
                hidden.append(placed)
            }
        }
        for relation in relations {
            let termGrids = relation.terms.compactMap { grids[$0.key] }
            guard termGrids.count == relation.terms.count else { continue }
            for piece in Grid.common(termGrids).atoms {
                var form = LinearForm()
                for term in relation.terms {
                    form = form + (try sum(term.key, piece.lowerBound, piece.upperBound)).scaled(by: term.coefficient)
                }
                relationForms.append(form)
                if relation.isEquation { system.equate(form, LinearForm()) } else { system.bound(form, atMost: LinearForm()) }
            }
        }
    }
}
