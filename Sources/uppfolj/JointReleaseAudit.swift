import DisclosureAdversary
import Foundation
import UppfoljCore
import UppfoljReports
import UppfoljStore

/// A release audited as one system, all its indicators together, with the earlier releases of
/// the same period (issue 14; docs/disclosure-control.md §10c): the reader's attack
/// (`ReleaseAudit`) on what readers hold — each earlier release as its export document showed it
/// (kept in the register, `ReleaseRecord.readerView`) and the candidate — and, while a hidden
/// count is narrower than its k, the shown figures it rests on hidden too.
final class JointReleaseAudit {
    /// What one round of the audit found.
    struct Leaks {
        let count: Int
        /// "indicator period cell" of the first few.
        let named: [String]
        /// Whether the round decided more figures hidden (false: nothing left to hide, refuse).
        let hidMore: Bool
    }

    /// The most rounds of "hide more, decide again" before a release is refused.
    static let maximumRounds = 20

    private let earlierViews: [ExportFile]
    private let earlierCatalogues: [PublishedCatalogue]
    private let candidateCatalogue: PublishedCatalogue
    /// The candidate's catalogue as the register keeps it.
    let catalogueData: Data
    /// Earlier releases registered without a reader's view (before the joint audit).
    let releasesWithoutView: Int
    private var rounds = 0
    /// The true counts of earlier releases' figures (by release and register key).
    private let earlierValues: [[ReleasedFigure.Key: Int]]
    /// After a round that found leaks: those leaks and the candidate's figures then hidden (by
    /// identity), so that the next round solves only the leaks and what is newly hidden.
    private var previousLeaks: Set<String>?
    private var previouslyHidden: Set<String> = []
    /// The register's decisions before the first round.
    private var original: ReleaseHistory?
    /// For every figure an earlier release hid (of any period), the releases that hid it: their
    /// place in the register and their k.
    private let hiddenBy: [ReleasedFigure.Key: [(order: Int, k: Int)]]
    /// The register's place of each earlier view; the candidate's is after them all.
    private let viewOrder: [Int]
    private let candidateOrder: Int

    /// - Parameter period: the candidate's period. The audit takes the earlier releases linked to
    ///   it (`linked`): the same period (another k, another catalogue, a re-issue), a year and its
    ///   quarters, the period before and after (docs/disclosure-control.md §10c).
    init(earlier: [ReleaseRecord], period: ReportPeriod, catalogue: IndicatorCatalogue) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        catalogueData = try encoder.encode(catalogue)
        candidateCatalogue = try PublishedCatalogue.read(catalogueData)
        var views: [ExportFile] = [], catalogues: [PublishedCatalogue] = [], without = 0
        var values: [[ReleasedFigure.Key: Int]] = []
        var hiddenBy: [ReleasedFigure.Key: [(order: Int, k: Int)]] = [:]
        var order: [Int] = []
        var seen = Set<Data>()
        for (index, record) in earlier.enumerated() {
            for figure in record.figures where !figure.published {
                hiddenBy[figure.key, default: []].append((index, record.minimumCellSize))
            }
        }
        self.hiddenBy = hiddenBy
        candidateOrder = earlier.count
        for (index, record) in earlier.enumerated() where Self.linked(record.period, period) {
            guard let view = record.readerView, let published = record.publishedCatalogue else {
                without += 1
                continue
            }
            // A release identical to one already in view (re-issued the same day with the same
            // k and catalogue: the same file for a reader) tells a reader nothing more.
            guard seen.insert(view + published).inserted else { continue }
            values.append(Dictionary(record.figures.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
            order.append(index)
            views.append(try ExportFile.read(view))
            catalogues.append(try PublishedCatalogue.read(published))
        }
        earlierViews = views
        viewOrder = order
        earlierValues = values
        earlierCatalogues = catalogues
        releasesWithoutView = without
    }

    /// The reader's view of a report: its export document's figures, compact (kept in the register).
    func readerView(_ report: Report) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(try ExportFile.read(ReportJSON.encode(report)))
    }

    /// One round: nil when no hidden count of the candidate or of an earlier release is narrower
    /// than its k with the candidate released. Otherwise the shown figures of the candidate the
    /// narrow ranges rest on are decided hidden in `history` (those readers do not hold already).
    func repair(_ released: ReleasedReport, period: ReportPeriod, history: inout ReleaseHistory) throws -> Leaks? {
        if original == nil { original = history }
        let candidate = try ExportFile.read(ReportJSON.encode(released.report))
        let started = Date()
        let candidateIndex = earlierViews.count
        let hiddenNow = Set(Self.hiddenIdentities(candidate, export: candidateIndex))
        var only: ((HiddenFigure) -> Bool)?
        if let previousLeaks {
            let before = previouslyHidden
            only = { figure in
                let identity = Self.identity(figure)
                return previousLeaks.contains(identity) || (figure.export == candidateIndex && !before.contains(identity))
            }
        }
        let candidateValues = Dictionary(released.figures.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let values = earlierValues + [candidateValues]
        let value: (HiddenFigure) -> Int? = { figure in
            guard figure.export < values.count, let key = Self.registerKey(figure, period: period) else { return nil }
            return values[figure.export][key]
        }
        let own = Set(released.figures.map(\.key))
        let decided = history
        let canHide: (HiddenFigure) -> Bool = { figure in
            guard let key = Self.registerKey(figure, period: period) else { return false }
            guard own.contains(key), let count = candidateValues[key] else { return false }
            return decided.decision(key, value: count) != .known
        }
        // A place needs no more than the smallest k a release *before its own* hid the figure
        // under: a figure released hidden under k = 5 keeps that protection, not more, in a later
        // release with k = 7; a later k = 3 release does not lower what the k = 5 one promised.
        let hiddenBy = self.hiddenBy
        let kOf: (HiddenFigure, Int) -> Int? = { figure, own in
            guard let key = Self.registerKey(figure, period: period), let releases = hiddenBy[key] else { return nil }
            return releases.filter { $0.order < own }.map(\.k).min()
        }
        // Shown figures readers hold from an earlier release (of any period): the register knew them.
        let register = original ?? history
        let held: (HiddenFigure) -> Bool = { figure in
            guard let key = Self.registerKey(figure, period: period) else { return false }
            // A previous period's headline: shown by that period's release.
            guard let count = candidateValues[key] else { return register.shownBefore(key) }
            return register.decision(key, value: count) == .known
        }
        let lastLeaks = previousLeaks ?? []
        let persistent: (HiddenFigure) -> Bool = { lastLeaks.contains(Self.identity($0)) }
        var audit = try consistentAudit(candidate, only: only, value: value, canHide: canHide, held: held, kBefore: kOf, persistent: persistent)
        // A round that solved only part of the system and found nothing is checked by a whole
        // audit before the release leaves: figures outside the register's cells (a previous
        // period's headline, a funnel's stages) are not held by the rounds' decisions, so what is
        // shown need not only have shrunk.
        if audit.leaks.isEmpty, only != nil {
            audit = try consistentAudit(candidate, only: nil, value: value, canHide: canHide, held: held, kBefore: kOf, persistent: persistent)
        }
        if ProcessInfo.processInfo.environment["UPPFOLJ_AUDIT_TRACE"] != nil {
            var text = String(format: "joint audit round %d: %d earlier, %d unknowns, %d equations, %d hidden quantities, ",
                              rounds + 1, earlierViews.count, audit.unknowns, audit.equations, audit.hiddenQuantities)
            text += String(format: "%d narrower than k, %d pinned by earlier releases, %d to hide; %.2f s\n", audit.leaks.count,
                           audit.pinnedByEarlier, audit.repairCandidates.count,
                           Date().timeIntervalSince(started))
            for leak in audit.leaks.prefix(8) { text += "  \(leak)\n" }
            FileHandle.standardError.write(Data(text.utf8))
        }
        // Figures readers hold already are shown (their count must be the one shown before).
        var knewMore = false
        for (figure, shown) in audit.publishedElsewhere {
            guard let key = Self.registerKey(figure, period: period) else { continue }
            // Never one an earlier release hid (what was hidden stays hidden).
            guard candidateValues[key] == shown, original?.decision(key, value: shown) != .hidden,
                  history.decision(key, value: shown) != .known else { continue }
            history.know(key, value: shown)
            knewMore = true
        }
        guard !audit.leaks.isEmpty || knewMore else { return nil }
        rounds += 1
        previousLeaks = Set(audit.leaks.map { Self.identity($0.figure) })
        previouslyHidden = hiddenNow
        let named = audit.leaks.map { leak in
            if let key = Self.registerKey(leak.figure, period: period) { return "\(key.indicator) \(key.period) \(key.cell)" }
            return "\(leak.figure.indicator) \(leak.figure.exportPeriod) \(leak.figure.key.joined(separator: ","))"
        }
        guard rounds <= Self.maximumRounds else { return Leaks(count: audit.leaks.count, named: named, hidMore: false) }
        var hidMore = false
        // Everything hidden now stays hidden in the next round, so that the figures shown can only
        // shrink from round to round and a range found wide enough stays so.
        for figure in released.figures where !figure.published { history.hide(figure.key) }
        for figure in audit.repairCandidates {
            guard let key = Self.registerKey(figure, period: period) else { continue }
            if own.contains(key), history.hide(key) { hidMore = true }
        }
        return Leaks(count: audit.leaks.count, named: named, hidMore: hidMore || knewMore)
    }

    /// The audit over every earlier release; when their figures contradict each other or the
    /// candidate's (a late registration revised a count between two releases, so that no set of
    /// counts fits them all), over the largest run of the latest releases that fits with the
    /// candidate (docs/disclosure-control.md §10c, "Revisions").
    private func consistentAudit(_ candidate: ExportFile, only: ((HiddenFigure) -> Bool)?,
                                 value: @escaping (HiddenFigure) -> Int?,
                                 canHide: @escaping (HiddenFigure) -> Bool,
                                 held: @escaping (HiddenFigure) -> Bool,
                                 kBefore: @escaping (HiddenFigure, Int) -> Int?,
                                 persistent: @escaping (HiddenFigure) -> Bool) throws -> ReleaseAudit {
        // `kOf` for an audit of the views at `views` (indices into the earlier views) and the
        // candidate: each figure's release by its place in the register.
        func kOf(views: [Int]) -> (HiddenFigure) -> Int? {
            let orders = views.map { viewOrder[$0] } + [candidateOrder]
            return { figure in kBefore(figure, orders[figure.export]) }
        }
        do {
            return try ReleaseAudit.audit(earlier: earlierViews, candidate: candidate, catalogues: earlierCatalogues + [candidateCatalogue],
                                          only: only, kOf: kOf(views: Array(earlierViews.indices)), value: value, canHide: canHide,
                                          held: held, persistent: persistent)
        } catch is SolverError {
            var kept: [Int] = []
            func audit(_ views: [Int]) throws -> ReleaseAudit {
                try ReleaseAudit.audit(earlier: views.map { earlierViews[$0] }, candidate: candidate,
                                       catalogues: views.map { earlierCatalogues[$0] } + [candidateCatalogue],
                                       kOf: kOf(views: views), canHide: canHide, held: held)
            }
            var best = try audit([])
            for view in earlierViews.indices.reversed() {
                guard let result = try? audit([view] + kept) else { continue }
                kept.insert(view, at: 0)
                best = result
            }
            return best
        }
    }

    /// A figure's place in the releases: release, indicator, table, row, figure.
    static func identity(_ figure: HiddenFigure) -> String {
        "\(figure.export)/\(figure.indicator)/\(figure.table)/\(figure.key.joined(separator: ","))/\(figure.figure)"
    }

    /// The places of the counts `export` hides (as `identity` names them).
    static func hiddenIdentities(_ export: ExportFile, export index: Int) -> [String] {
        var result: [String] = []
        for indicator in export.indicators {
            func add(_ row: ExportFile.Row, table: String) {
                for (name, figure) in [("count", row.count), ("numerator", row.numerator), ("denominator", row.denominator)]
                where figure.map({ $0.value == nil || $0.suppressed }) ?? false {
                    result.append("\(index)/\(indicator.id)/\(table)/\(row.key.joined(separator: ","))/\(name)")
                }
            }
            add(indicator.headline, table: "headline")
            if let previous = indicator.previousHeadline { add(previous, table: "previousHeadline") }
            for table in indicator.tables { for row in table.rows { add(row, table: table.id) } }
        }
        return result
    }

    /// The register's key of a figure of the release of `period` being made: its own period's
    /// cell (`cellName`), or for the previous period's headline that period's headline cell.
    static func registerKey(_ figure: HiddenFigure, period candidate: ReportPeriod) -> ReleasedFigure.Key? {
        let period = ReportPeriod(figure.exportPeriod) ?? candidate
        if figure.table == "previousHeadline" {
            let cell = figure.figure == "numerator" ? "outcome=yes" : "total"
            return ReleasedFigure.Key(period: period.previous.description, indicator: figure.indicator, cell: cell)
        }
        return cellName(figure).map { ReleasedFigure.Key(period: period.description, indicator: figure.indicator, cell: $0) }
    }

    /// Whether a release of `text`'s period is linked to a release of `period` for a reader:
    /// their periods share a month (a quarter and its year, the same period) or a calendar year
    /// (a year's quarters are linked through the year: its figure less three quarters is the
    /// fourth, whichever order they were released in), or one's previous period (whose headline
    /// it shows) shares a month or a calendar year with the other's period.
    static func linked(_ text: String, _ period: ReportPeriod) -> Bool {
        guard let other = ReportPeriod(text) else { return false }
        func overlap(_ a: ReportPeriod, _ b: ReportPeriod) -> Bool { a.first <= b.last && b.first <= a.last }
        // The calendar year of the previous period too: a quarter shows the quarter before as its
        // previous headline, and that quarter is linked to the rest of its year through the year.
        return overlap(other, period) || other.first.year == period.first.year
            || overlap(other, period.previous) || overlap(other.previous, period)
            || other.first.year == period.previous.first.year || other.previous.first.year == period.first.year
    }

    /// The register's name of a figure (`Layout.cellName`): "total", or the fixed categories
    /// "dimension=category" sorted and joined by "|", a numerator with "outcome=yes". nil for a
    /// figure that is not one cell of the period's table (a previous period's headline, a
    /// funnel's stage).
    static func cellName(_ figure: HiddenFigure) -> String? {
        if figure.table == "previousHeadline" { return nil }
        var parts: [String] = []
        for (dimension, value) in zip(figure.dimensions, figure.key) where value != "total" {
            if dimension == "stage" { return nil }
            parts.append("\(dimension)=\(value)")
        }
        if figure.figure == "numerator" { parts.append("outcome=yes") }
        parts.sort()
        return parts.isEmpty ? "total" : parts.joined(separator: "|")
    }
}
