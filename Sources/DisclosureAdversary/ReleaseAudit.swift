import Foundation

/// The audit of a release against everything released before it (issue 14, the rule of
/// docs/disclosure-control.md §2 over all releases): the reader's attack (`ReaderModel`,
/// `RangeSolver`) run on the earlier releases of one journal together with the candidate, before
/// the candidate leaves.
///
/// The audit reads what a reader holds and nothing else: each release as its export document
/// (`ExportFile`, the figures shown and the `..`) and the published catalogue it was made with.
/// Every count hidden in any of them must have a derivable range at least as wide as the k of
/// each release that hid it. When one does not, `repairCandidates` names the candidate's shown
/// figures that the narrow range rests on, so that the release can hide them (hiding a published
/// figure removes an equation from the reader's system, so no range ever gets narrower by it).
public struct ReleaseAudit: Sendable {
    /// A hidden count whose derivable range is narrower than the k it must reach.
    public struct Leak: Sendable, CustomStringConvertible {
        public let figure: HiddenFigure
        public let range: DerivedRange
        public let k: Int
        public var description: String { "\(figure) ∈ \(range), k = \(k)" }
    }

    /// Hidden counts narrower than their k (each distinct quantity once, first place it is hidden).
    public let leaks: [Leak]
    /// The candidate's shown figures to hide so that the leaks widen: for each leak a set of
    /// shown figures of its part of the system without which it is at least k wide, and from
    /// which no figure can be shown again without narrowing it (`RepairTrial.minimalRemoval`),
    /// the least valuable such set the search meets; every place of the same quantity.
    public let repairCandidates: [HiddenFigure]
    /// The candidate's hidden figures that some release shows (the same quantity), with the
    /// count shown, and those a reader derives as exactly 0: not secrets; the candidate can show
    /// them as well.
    public let publishedElsewhere: [(figure: HiddenFigure, value: Int)]
    /// Hidden quantities narrower than k that the earlier releases pin without the candidate's
    /// figures: not the candidate's leaks (not in `leaks`); exact ones are in `publishedElsewhere`.
    public let pinnedByEarlier: Int
    /// Distinct hidden quantities audited, and the size of the reader's system.
    public let hiddenQuantities: Int
    public let unknowns: Int
    public let equations: Int

    /// - Parameters:
    ///   - earlier: the journal's earlier releases, in order.
    ///   - candidate: the release being decided (last).
    ///   - catalogues: the published catalogue of every release (by version; a unit's own with
    ///     the built-in one).
    ///   - value: the true count of a hidden figure where the auditor knows it (it settles most
    ///     ranges with one truncated programme; never used as the reader's knowledge).
    ///   - canHide: whether a shown figure of the candidate may still be hidden (not one readers
    ///     hold from an earlier release); only those are repair candidates.
    ///   - held: whether readers hold a shown figure of the candidate from an earlier release
    ///     (the register's decision), whether or not that release is among `earlier`.
    ///   - persistent: whether a leak was found in the previous round too: its repair is then
    ///     searched on a neighbourhood three times as far (`RepairTrial.hops`).
    ///   - only: when given, only the hidden quantities with a place it accepts are solved (a
    ///     later round of a repair, where every other range can only have widened).
    ///   - kOf: for a hidden place, the smallest k a release before that place's own hid the
    ///     figure under (nil: none did). The place then needs no more than that k: a figure
    ///     released hidden under k = 5 (a previous period's headline, or the same figure released
    ///     again after the unit raised its k) keeps the protection readers were given for it; a
    ///     later release cannot widen what they already hold.
    public static func audit(earlier: [ExportFile], candidate: ExportFile, catalogues: [PublishedCatalogue],
                             only: ((HiddenFigure) -> Bool)? = nil,
                             kOf: ((HiddenFigure) -> Int?)? = nil,
                             value: ((HiddenFigure) -> Int?)? = nil,
                             canHide: (HiddenFigure) -> Bool = { _ in true },
                             held: (HiddenFigure) -> Bool = { _ in false },
                             persistent: (HiddenFigure) -> Bool = { _ in false }) throws -> ReleaseAudit {
        let exports = earlier + [candidate]
        let model = try ReaderModel(exports: exports, catalogues: catalogues, oneSource: "journal")
        let candidateIndex = exports.count - 1
        // Only what the candidate can change needs solving: hidden quantities in a part of the
        // system the candidate's figures reach. (Earlier releases were audited when they left.)
        var reach = Reach(model)
        var touched = Set<Int>()
        for (figure, _) in model.shown where figure.export == candidateIndex { touched.formUnion(figure.form.terms.keys) }
        for figure in model.hidden where figure.export == candidateIndex { touched.formUnion(figure.form.terms.keys) }
        let touchedParts = Set(touched.map { reach.part(of: $0) })

        // A quantity an earlier release shows is in readers' hands already: where another hides
        // it, that place protects nothing and is not a leak (the candidate may show it too). One
        // only the candidate shows is the candidate's to show — unless an earlier release hid it:
        // then the candidate's showing it is the leak (what was hidden stays hidden), found
        // exact below and repaired by hiding the candidate's places.
        var shownEarlier: [LinearForm: Int] = [:], shownByCandidate: [LinearForm: Int] = [:]
        for (figure, value) in model.shown {
            if figure.export == candidateIndex { shownByCandidate[figure.form] = value } else { shownEarlier[figure.form] = value }
        }
        let hiddenEarlier = Set(model.hidden.filter { $0.export != candidateIndex }.map(\.form))
        var publishedElsewhere: [(figure: HiddenFigure, value: Int)] = []
        var k: [LinearForm: Int] = [:]
        var hiddenPlaces: [LinearForm: [HiddenFigure]] = [:]
        var first: [LinearForm: HiddenFigure] = [:]
        var order: [LinearForm] = []
        var asked = Set<LinearForm>()
        if let only { for figure in model.hidden where only(figure) { asked.insert(figure.form) } }
        for figure in model.hidden {
            guard figure.form.terms.keys.contains(where: { touchedParts.contains(reach.part(of: $0)) }) else { continue }
            if let shown = shownEarlier[figure.form] {
                if figure.export == candidateIndex { publishedElsewhere.append((figure, shown)) }
                continue
            }
            if let shown = shownByCandidate[figure.form], !hiddenEarlier.contains(figure.form) {
                publishedElsewhere.append((figure, shown))
                continue
            }
            if only != nil, !asked.contains(figure.form) { continue }
            var release = exports[figure.export].metadata.minimumCellSize
            if let earlierK = kOf?(figure) { release = min(release, earlierK) }
            hiddenPlaces[figure.form, default: []].append(figure)
            if first[figure.form] == nil {
                first[figure.form] = figure
                order.append(figure.form)
            }
            k[figure.form] = max(k[figure.form] ?? 0, release)
        }
        let solver = try RangeSolver(model.system, objectives: order)
        var leaks: [Leak] = []
        let trace = ProcessInfo.processInfo.environment["UPPFOLJ_AUDIT_TRACE"] != nil
        var narrowTime = 0.0, wideTime = 0.0
        for form in order {
            let started = Date()
            if let range = try solver.narrowRange(of: form, k: k[form]!, value: value?(first[form]!)) {
                // A count derivable as exactly 0 tells what a shown 0 tells (no case): zeros are
                // shown, not protected (§2). The candidate shows it; it is not a leak — unless an
                // earlier release hid it: what was hidden stays hidden, and readers were told
                // it could be anything in a range k wide; the candidate may not narrow that to 0.
                if range.lower == 0 && range.upper == 0 && !hiddenEarlier.contains(form) {
                    for place in hiddenPlaces[form] ?? [] where place.export == candidateIndex {
                        publishedElsewhere.append((place, 0))
                    }
                    continue
                }
                leaks.append(Leak(figure: first[form]!, range: range, k: k[form]!))
                narrowTime += Date().timeIntervalSince(started)
            } else {
                wideTime += Date().timeIntervalSince(started)
            }
        }
        if trace {
            FileHandle.standardError.write(Data(String(format: "  solver: %.2f s on narrow, %.2f s on wide; parts %@\n", narrowTime, wideTime,
                                                       solver.partSizes.sorted(by: >).prefix(5).map(String.init).joined(separator: ",")).utf8))
        }

        // Repair candidates: for each leak, the least valuable set of the candidate's shown
        // figures whose taking out leaves it at least k wide.
        var candidates: [HiddenFigure] = []
        var chosen = Set<Int>()
        var excused = Set<LinearForm>()
        let candidateShown = model.shown.enumerated().filter { $0.element.figure.export == candidateIndex }
        // The same quantity shown in several places of the candidate (a population's count as one
        // indicator's count and another's denominator) is hidden in all of them or it stays in
        // the reader's hands: a repair takes out the quantity.
        var placesOfForm: [LinearForm: [Int]] = [:]
        for (index, entry) in candidateShown where canHide(entry.figure) { placesOfForm[entry.figure.form, default: []].append(index) }
        let sameQuantity: [Int: [Int]] = Dictionary(uniqueKeysWithValues: placesOfForm.values.flatMap { places in places.map { ($0, places) } })
        let definitions = catalogues.first { $0.version == candidate.metadata.catalogueVersion }
            .map { Dictionary($0.indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
        let trial = RepairTrial(model, sameQuantity: sameQuantity,
                                stages: RepairTrial.StageRule.rules(candidateShown.map(\.offset), model: model, definitions: definitions))
        for leak in leaks {
            // The candidate's shown figures in the leak's neighbourhood of the system (a wider
            // one for a leak a repair did not close before), one place per quantity, the most
            // valuable first: zeros (hiding one protects nothing: a zero is derived from its
            // neighbours as soon as they are), headlines and margins, large counts, other
            // indicators than the leak's.
            let scope = trial.scope(of: leak, hops: persistent(leak.figure) ? RepairTrial.hops * 3 : RepairTrial.hops)
            var seen = Set<LinearForm>()
            var options: [Int] = []
            for (index, entry) in candidateShown where canHide(entry.figure) && !chosen.contains(index) {
                guard scope.equations.contains(model.shownEquation[index]), seen.insert(entry.figure.form).inserted else { continue }
                options.append(index)
            }
            options.sort { a, b in
                let x = model.shown[a], y = model.shown[b]
                if (x.value == 0) != (y.value == 0) { return x.value == 0 }
                // Margins before the cells inside them: the grand total, then one-way margins
                // (the victims, the women: the figures a unit must report), then two-way ones.
                let xLevel = x.figure.key.filter { $0 != "total" }.count, yLevel = y.figure.key.filter { $0 != "total" }.count
                if xLevel != yLevel { return xLevel < yLevel }
                if x.value != y.value { return x.value > y.value }
                let xs = x.figure.indicator == leak.figure.indicator, ys = y.figure.indicator == leak.figure.indicator
                if xs != ys { return !xs }
                return a < b
            }
            guard let picks = try trial.minimalRemoval(leak, in: scope, options: options, chosen: chosen, value: value?(leak.figure)) else {
                // Not even all of them together widen it. When the earlier releases alone pin it
                // (every shown figure of the candidate taken out but those readers hold from an
                // earlier release, `held`), it is not this release's to close: readers hold that
                // range already. Derived exactly, it is not a secret any more and the candidate
                // shows it (a year's figure that is the sum of four shown quarters); otherwise the
                // candidate keeps it hidden and it is not held against it.
                let notHeld = candidateShown.filter { !held($0.element.figure) }.map(\.offset)
                if let pinned = try trial.narrowRange(leak, in: scope, without: Set(notHeld), value: value?(leak.figure)) {
                    excused.insert(leak.figure.form)
                    if let lower = pinned.lower, pinned.isExact {
                        for place in hiddenPlaces[leak.figure.form] ?? [] where place.export == candidateIndex {
                            publishedElsewhere.append((place, Int(lower)))
                        }
                    }
                }
                continue
            }
            for pick in picks {
                for index in sameQuantity[pick] ?? [pick] where chosen.insert(index).inserted {
                    candidates.append(model.shown[index].figure)
                }
            }
        }
        return ReleaseAudit(leaks: leaks.filter { !excused.contains($0.figure.form) }, repairCandidates: candidates,
                            publishedElsewhere: publishedElsewhere, pinnedByEarlier: excused.count,
                            hiddenQuantities: order.count,
                            unknowns: model.system.variableCount, equations: model.system.equations.count)
    }
}

/// Whether taking one shown figure out of the reader's system widens a leak to its k: the leak's
/// connected part of the system without that figure's equation, solved again.
private struct RepairTrial {
    /// The equations a trial solves: a leak's neighbourhood.
    struct Scope {
        let equations: Set<Int>
        let inequalities: [Int]
    }

    /// How far from a leak's unknowns, in equations, a repair is searched first.
    static let hops = 3

    private let model: ReaderModel
    /// The equations and inequalities each unknown is in.
    private let equationsOf: [Int: [Int]]
    private let inequalitiesOf: [Int: [Int]]
    /// For a shown figure of the candidate, every place the candidate shows that quantity.
    private let sameQuantity: [Int: [Int]]
    /// The candidate's shown funnel stages, which it publishes only while they follow from its
    /// shown categories and total (`StageRule`).
    private let stages: [StageRule]

    /// A funnel's stage is published only when it follows from the categories and total the
    /// release shows: all its categories are shown (their sum), or the total and every other
    /// category are (the total less those) — `LayoutRendering.funnelTable`. The register cannot
    /// hide a stage on its own; it goes when what it follows from goes. A trial that hides a
    /// category takes out the stages that no longer follow, as the next rendering will; kept in,
    /// they pinned a leak as if they stayed shown whatever the repair hid.
    struct StageRule {
        /// The stage's place among the model's shown figures.
        let stage: Int
        /// The shown places of its categories, nil where one is hidden already.
        let members: [Int?]
        /// The shown place of the total, and of every category not in the stage.
        let total: Int?
        let others: [Int?]

        /// Whether the stage still follows from the shown figures with `removed` taken out.
        func follows(without removed: Set<Int>) -> Bool {
            func shown(_ place: Int?) -> Bool { place.map { !removed.contains($0) } ?? false }
            return members.allSatisfy(shown) || (shown(total) && others.allSatisfy(shown))
        }

        /// The rules for the shown stages among `places` (the candidate's shown figures).
        static func rules(_ places: [Int], model: ReaderModel, definitions: [String: PublishedCatalogue.Definition]) -> [StageRule] {
            var categoryPlace: [String: [String: Int]] = [:], totalPlace: [String: Int] = [:]
            for place in places {
                let figure = model.shown[place].figure
                guard figure.figure == "count", figure.dimensions == ["category"], let category = figure.key.first else { continue }
                if category == "total" { totalPlace[figure.indicator] = place } else { categoryPlace[figure.indicator, default: [:]][category] = place }
            }
            var rules: [StageRule] = []
            for place in places {
                let figure = model.shown[place].figure
                guard figure.dimensions == ["stage"], let id = figure.key.first,
                      let definition = definitions[figure.indicator], let stages = definition.stages,
                      let stage = stages.first(where: { $0.id == id }) else { continue }
                // Every category of the funnel's field that some stage names (the categories table's rows).
                let all = Set(stages.flatMap(\.categories))
                let places = categoryPlace[figure.indicator] ?? [:]
                rules.append(StageRule(stage: place, members: stage.categories.map { places[$0] },
                                       total: totalPlace[figure.indicator],
                                       others: all.subtracting(stage.categories).sorted().map { places[$0] }))
            }
            return rules
        }
    }

    init(_ model: ReaderModel, sameQuantity: [Int: [Int]], stages: [StageRule] = []) {
        self.model = model
        self.sameQuantity = sameQuantity
        self.stages = stages
        var equationsOf: [Int: [Int]] = [:], inequalitiesOf: [Int: [Int]] = [:]
        for (index, form) in model.system.equations.enumerated() { for v in form.terms.keys { equationsOf[v, default: []].append(index) } }
        for (index, form) in model.system.inequalities.enumerated() { for v in form.terms.keys { inequalitiesOf[v, default: []].append(index) } }
        self.equationsOf = equationsOf
        self.inequalitiesOf = inequalitiesOf
    }

    /// The equations within `hops` steps of the leak's unknowns (an equation is a step: from
    /// the unknowns it holds to all of its unknowns). A neighbourhood
    /// is a weaker reader than the whole system: what a trial on it finds wide is checked by the
    /// next round's whole audit.
    func scope(of leak: ReleaseAudit.Leak, hops: Int) -> Scope {
        var unknowns = Set(leak.figure.form.terms.keys)
        var equations = Set<Int>(), inequalities = Set<Int>()
        for _ in 0..<hops {
            var next = unknowns
            for v in unknowns {
                for e in equationsOf[v] ?? [] where equations.insert(e).inserted { next.formUnion(model.system.equations[e].terms.keys) }
                for i in inequalitiesOf[v] ?? [] where inequalities.insert(i).inserted { next.formUnion(model.system.inequalities[i].terms.keys) }
            }
            if next.count == unknowns.count { break }
            unknowns = next
        }
        for v in unknowns {
            equations.formUnion(equationsOf[v] ?? [])
            inequalities.formUnion(inequalitiesOf[v] ?? [])
        }
        return Scope(equations: equations, inequalities: inequalities.sorted())
    }

    /// A set of `options` (shown figures of the candidate, the most valuable first) whose
    /// equations, taken out with those of `chosen`, leave the leak at least its k wide in
    /// `scope`, and from which no figure can be put back without narrowing it again: the options
    /// are put back in order, half a run at a time where the leak stays wide (QuickXplain's
    /// deletion), so that what is left to hide is the least valuable that suffices. Empty when
    /// the leak is wide already; nil when not even all the options together widen it.
    func minimalRemoval(_ leak: ReleaseAudit.Leak, in scope: Scope, options: [Int], chosen: Set<Int>, value: Int?) throws -> [Int]? {
        if try width(leak, in: scope, without: chosen, value: value) == nil { return [] }
        guard try width(leak, in: scope, without: chosen.union(options), value: value) == nil else { return nil }
        var kept = Set<Int>()
        func putBack(_ run: ArraySlice<Int>) throws {
            guard !run.isEmpty else { return }
            let removed = chosen.union(options.filter { !kept.contains($0) && !run.contains($0) })
            if try width(leak, in: scope, without: removed, value: value) == nil {
                kept.formUnion(run)
                return
            }
            if run.count == 1 { return }
            let middle = run.startIndex + run.count / 2
            try putBack(run[run.startIndex..<middle])
            try putBack(run[middle..<run.endIndex])
        }
        try putBack(options[...])
        return options.filter { !kept.contains($0) }
    }

    /// The leak's derived width (U − L) in `scope` without the equations of the shown figures
    /// `removed`, or nil when it is at least its k wide.
    private func width(_ leak: ReleaseAudit.Leak, in scope: Scope, without removed: Set<Int>, value: Int?) throws -> Int? {
        guard let range = try narrowRange(leak, in: scope, without: removed, value: value) else { return nil }
        guard let lower = range.lower, let upper = range.upper else { return nil }
        return Int(clamping: upper - lower)
    }

    /// The leak's range in `scope` without the equations of the shown figures `removed`, when it
    /// is narrower than its k (nil: at least k wide).
    func narrowRange(_ leak: ReleaseAudit.Leak, in scope: Scope, without removed: Set<Int>, value: Int?) throws -> DerivedRange? {
        let places = Set(removed.flatMap { sameQuantity[$0] ?? [$0] })
        let gone = places.union(stages.filter { !$0.follows(without: places) }.map(\.stage))
        let taken = Set(gone.map { model.shownEquation[$0] }.filter { $0 >= 0 })
        var system = LinearSystem(variableCount: model.system.variableCount)
        for index in scope.equations.sorted() where !taken.contains(index) { system.equate(model.system.equations[index], LinearForm()) }
        for index in scope.inequalities { system.bound(model.system.inequalities[index], atMost: LinearForm()) }
        let solver = try RangeSolver(system, objectives: [leak.figure.form])
        return try solver.narrowRange(of: leak.figure.form, k: leak.k, value: value)
    }
}

/// The unknowns linked by the model's relations and figures: the connected parts of the system.
private struct Reach {
    private var parent: [Int]

    init(_ model: ReaderModel) {
        let count = model.system.variableCount
        parent = Array(0..<count)
        for form in model.relationForms {
            let vars = Array(form.terms.keys)
            for v in vars.dropFirst() { union(vars[0], v) }
        }
        // Published figures link their unknowns too (a figure over several atoms or sources).
        for (figure, _) in model.shown {
            let vars = Array(figure.form.terms.keys)
            for v in vars.dropFirst() { union(vars[0], v) }
        }
        for figure in model.hidden {
            let vars = Array(figure.form.terms.keys)
            for v in vars.dropFirst() { union(vars[0], v) }
        }
    }

    mutating func part(of v: Int) -> Int {
        var root = v
        while parent[root] != root { root = parent[root] }
        var node = v
        while parent[node] != root {
            let next = parent[node]
            parent[node] = root
            node = next
        }
        return root
    }

    private mutating func union(_ a: Int, _ b: Int) {
        let ra = part(of: a), rb = part(of: b)
        if ra != rb { parent[ra] = rb }
    }
}
