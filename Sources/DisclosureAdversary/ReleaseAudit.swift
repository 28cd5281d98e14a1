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
    /// The candidate's shown figures to hide so that the leaks can widen: for each leak one of
    /// those that share an unknown with the leaking quantity (or else are linked to it through the
    /// tables' additivity within `hops` steps) — the least costly.
    public let repairCandidates: [HiddenFigure]
    /// The candidate's hidden figures that some release shows (the same quantity), with the
    /// count shown, and those a reader derives as exactly 0: not secrets; the candidate can show
    /// them as well.
    public let publishedElsewhere: [(figure: HiddenFigure, value: Int)]
    /// Distinct hidden quantities audited, and the size of the reader's system.
    public let hiddenQuantities: Int
    public let unknowns: Int
    public let equations: Int

    /// - Parameters:
    ///   - earlier: the journal's earlier releases, in order.
    ///   - candidate: the release being decided (last).
    ///   - catalogues: the published catalogue of every release (by version; a unit's own with
    ///     the built-in one).
    ///   - hops: how far through additivity relations to look for repair candidates when no
    ///     shown figure of the candidate shares an unknown with a leak.
    ///   - value: the true count of a hidden figure where the auditor knows it (it settles most
    ///     ranges with one truncated programme; never used as the reader's knowledge).
    ///   - canHide: whether a shown figure of the candidate may still be hidden (not one readers
    ///     hold from an earlier release); only those are repair candidates.
    ///   - persistent: whether a leak was found in the previous round too (then every shown
    ///     figure at the nearest distance is a candidate, not only the cheapest).
    ///   - only: when given, only the hidden quantities with a place it accepts are solved (a
    ///     later round of a repair, where every other range can only have widened).
    public static func audit(earlier: [ExportFile], candidate: ExportFile, catalogues: [PublishedCatalogue],
                             hops: Int = 10, only: ((HiddenFigure) -> Bool)? = nil,
                             value: ((HiddenFigure) -> Int?)? = nil,
                             canHide: (HiddenFigure) -> Bool = { _ in true },
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

        // A quantity some release shows is in readers' hands already: where another hides it,
        // that place protects nothing and is not a leak (the release may show it too).
        var shownValue: [LinearForm: Int] = [:]
        for (figure, value) in model.shown { shownValue[figure.form] = value }
        var publishedElsewhere: [(figure: HiddenFigure, value: Int)] = []
        var k: [LinearForm: Int] = [:]
        var hiddenPlaces: [LinearForm: [HiddenFigure]] = [:]
        var first: [LinearForm: HiddenFigure] = [:]
        var order: [LinearForm] = []
        var asked = Set<LinearForm>()
        if let only { for figure in model.hidden where only(figure) { asked.insert(figure.form) } }
        for figure in model.hidden {
            guard figure.form.terms.keys.contains(where: { touchedParts.contains(reach.part(of: $0)) }) else { continue }
            if let shown = shownValue[figure.form] {
                if figure.export == candidateIndex { publishedElsewhere.append((figure, shown)) }
                continue
            }
            if only != nil, !asked.contains(figure.form) { continue }
            let release = exports[figure.export].metadata.minimumCellSize
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
                // shown, not protected (§2). The candidate shows it; it is not a leak.
                if range.lower == 0 && range.upper == 0 {
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

        // Repair candidates: the candidate's shown figures sharing an unknown with a leak; where
        // a leak has none, widen its unknowns through the relations a hop at a time.
        var candidates: [HiddenFigure] = []
        var chosen = Set<Int>()
        let candidateShown = model.shown.enumerated().filter { $0.element.figure.export == candidateIndex }
        var shownByUnknown: [Int: [Int]] = [:]
        for (index, entry) in candidateShown where canHide(entry.figure) {
            for v in entry.figure.form.terms.keys { shownByUnknown[v, default: []].append(index) }
        }
        for leak in leaks {
            var unknowns = Set(leak.figure.form.terms.keys)
            for hop in 0...hops {
                let found = Set(unknowns.flatMap { shownByUnknown[$0] ?? [] })
                if !found.isEmpty, persistent(leak.figure) {
                    // A leak that one figure a round did not close: every figure at this distance.
                    for index in found.sorted() where chosen.insert(index).inserted { candidates.append(model.shown[index].figure) }
                    break
                }
                if !found.isEmpty {
                    // One figure a leak and round, the one that costs least: already chosen for
                    // another leak, else not a zero (hiding one protects nothing: a zero is
                    // derived from its neighbours as soon as they are), not a headline, the
                    // smallest count, the same indicator.
                    if found.contains(where: { chosen.contains($0) }) { break }
                    let best = found.min { a, b in
                        let x = model.shown[a], y = model.shown[b]
                        if (x.value == 0) != (y.value == 0) { return y.value == 0 }
                        let xh = x.figure.key.allSatisfy { $0 == "total" }, yh = y.figure.key.allSatisfy { $0 == "total" }
                        if xh != yh { return !xh }
                        if x.value != y.value { return x.value < y.value }
                        let xs = x.figure.indicator == leak.figure.indicator, ys = y.figure.indicator == leak.figure.indicator
                        if xs != ys { return xs }
                        return a < b
                    }!
                    chosen.insert(best)
                    candidates.append(model.shown[best].figure)
                    break
                }
                if hop < hops { unknowns = reach.neighbours(of: unknowns) }
            }
        }
        return ReleaseAudit(leaks: leaks, repairCandidates: candidates, publishedElsewhere: publishedElsewhere,
                            hiddenQuantities: order.count,
                            unknowns: model.system.variableCount, equations: model.system.equations.count)
    }
}

/// The unknowns linked by the model's additivity relations: connected parts, and one step's
/// neighbours.
private struct Reach {
    private var parent: [Int]
    private let relationsOf: [Int: [Int]]
    private let relations: [LinearForm]

    init(_ model: ReaderModel) {
        let count = model.system.variableCount
        parent = Array(0..<count)
        relations = model.relationForms
        var relationsOf: [Int: [Int]] = [:]
        for (index, form) in relations.enumerated() {
            for v in form.terms.keys { relationsOf[v, default: []].append(index) }
        }
        self.relationsOf = relationsOf
        for form in relations {
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

    func neighbours(of unknowns: Set<Int>) -> Set<Int> {
        var result = unknowns
        for v in unknowns {
            for relation in relationsOf[v] ?? [] { result.formUnion(relations[relation].terms.keys) }
        }
        return result
    }
}
