import DisclosureAdversary
import Foundation
import XCTest

/// The release audit (issue 14, docs/disclosure-control.md §10c) on hand-made exports: which
/// hidden counts it finds narrower than k, which shown figures of the candidate it names to hide,
/// and what it does not call a leak.
final class ReleaseAuditTests: XCTestCase {
    private let catalogue = try! PublishedCatalogue.read(Data("""
    {"version": "t1", "indicators": [
      {"id": "opened", "kind": "count", "period": "intakeDate", "breakdowns": ["role"]},
      {"id": "with-intervention", "kind": "share", "period": "intakeDate", "field": "hadIntervention", "numerator": ["yes"], "breakdowns": ["role"]}
    ]}
    """.utf8))

    private typealias Cell = Int?     // nil = `..`

    private func figure(_ value: Cell) -> [String: Any] {
        value.map { ["value": $0, "suppressed": false] } ?? ["value": NSNull(), "suppressed": true]
    }

    /// One release of the same journal: the head hash and unit differ from release to release
    /// (every release is anchored in the journal), the audit reads them all as one source.
    private func export(period: String = "2024Q1", release: Int, k: Int = 5, indicators: [[String: Any]]) throws -> ExportFile {
        let json: [String: Any] = [
            "metadata": ["period": period, "previousPeriod": "2023Q4", "units": ["U\(release)"], "minimumCellSize": k,
                         "journalHeadHashes": [String(repeating: "\(release)", count: 64)], "catalogueVersion": "t1",
                         "computedIn": "2026-12", "format": "uppfolj-indicators", "formatVersion": 1],
            "indicators": indicators,
        ]
        return try ExportFile.read(JSONSerialization.data(withJSONObject: json))
    }

    private func opened(total: Cell, victim: Cell, perpetrator: Cell) -> [String: Any] {
        ["id": "opened", "number": "1", "kind": "count", "headline": ["key": [], "count": figure(total)],
         "tables": [[
             "id": "byRole", "dimensions": [["id": "role", "categories": [["id": "victim"], ["id": "perpetrator"]]]],
             "rows": [["key": ["victim"], "count": figure(victim)], ["key": ["perpetrator"], "count": figure(perpetrator)],
                      ["key": ["total"], "count": figure(total)]],
         ]]]
    }

    private func withIntervention(denominator: Cell, numerator: Cell) -> [String: Any] {
        ["id": "with-intervention", "number": "2", "kind": "share",
         "headline": ["key": [], "numerator": figure(numerator), "denominator": figure(denominator)], "tables": []]
    }

    /// The issue's first leak in miniature, inside one release: the opened total is hidden in
    /// indicator 1 but shown as indicator 2's denominator (13), so the hidden victims are
    /// 13 − 7 = 6. The total is not a leak — the release shows it elsewhere, and may show it here
    /// too — but the victims are, and the figure to hide is the shown perpetrators (not a
    /// headline, linked to the victims through the role table's total).
    func testALeakAcrossIndicatorsOfOneReleaseNamesTheFigureToHide() throws {
        let candidate = try export(release: 0, indicators: [opened(total: nil, victim: nil, perpetrator: 7),
                                                            withIntervention(denominator: 13, numerator: 10)])
        let audit = try ReleaseAudit.audit(earlier: [], candidate: candidate, catalogues: [catalogue])
        XCTAssertEqual(audit.leaks.map { "\($0.figure.indicator)/\($0.figure.table)/\($0.figure.key)" }, ["opened/byRole/[\"victim\"]"])
        XCTAssertEqual(audit.leaks.first?.range.description, "[6, 6]")
        XCTAssertEqual(audit.repairCandidates.map { "\($0.indicator)/\($0.table)/\($0.key)/\($0.figure)" },
                       ["opened/byRole/[\"perpetrator\"]/count"])
        XCTAssertEqual(Set(audit.publishedElsewhere.map { "\($0.figure.indicator)/\($0.figure.table)/\($0.value)" }),
                       ["opened/headline/13", "opened/byRole/13"])
    }

    /// The perpetrators are shown twice — as indicator 1's row and as the denominator of
    /// indicator 2's perpetrator row, one quantity — so hiding one place leaves the victims at
    /// 13 − 7 = 6. The repair takes the quantity out: both places are named, and nothing else
    /// (not the totals, which are worth more).
    func testARepairHidesEveryPlaceOfTheQuantityItTakesOut() throws {
        var share = withIntervention(denominator: 13, numerator: 2)
        share["tables"] = [[
            "id": "byRole", "dimensions": [["id": "role", "categories": [["id": "victim"], ["id": "perpetrator"]]]],
            "rows": [["key": ["victim"], "numerator": figure(1), "denominator": figure(nil)],
                     ["key": ["perpetrator"], "numerator": figure(1), "denominator": figure(7)],
                     ["key": ["total"], "numerator": figure(2), "denominator": figure(13)]],
        ]]
        let candidate = try export(release: 0, indicators: [opened(total: 13, victim: nil, perpetrator: 7), share])
        let audit = try ReleaseAudit.audit(earlier: [], candidate: candidate, catalogues: [catalogue])
        XCTAssertEqual(Set(audit.leaks.map { "\($0.figure.indicator)/\($0.figure.key)/\($0.range)" }),
                       ["opened/[\"victim\"]/[6, 6]"])
        XCTAssertEqual(Set(audit.repairCandidates.map { "\($0.indicator)/\($0.table)/\($0.key)/\($0.figure)" }),
                       ["opened/byRole/[\"perpetrator\"]/count", "with-intervention/byRole/[\"perpetrator\"]/denominator"])
    }

    /// A funnel's stages are shown only when they follow from its shown categories and total
    /// (`LayoutRendering.funnelTable`), and the register cannot hide them on their own. Here b (2)
    /// is exact from the categories (20 − 10 − 8), and as long as the stages "reached" (b + c = 10)
    /// and "accepted" (c = 8) stand in the trials, no category the repair may hide widens it: the
    /// long form's fourth journal was refused its year so. The trials leave the stages out (they
    /// follow from what stays shown), and the repair names the least valuable category, c.
    func testAFunnelsStagesDoNotPinALeakAgainstTheRepair() throws {
        let catalogue = try PublishedCatalogue.read(Data("""
        {"version": "t1", "indicators": [
          {"id": "funnel", "kind": "funnel", "period": "intakeDate", "field": "partnerStage",
           "stages": [{"id": "asked", "categories": ["a", "b", "c"]}, {"id": "reached", "categories": ["b", "c"]},
                      {"id": "accepted", "categories": ["c"]}]}
        ]}
        """.utf8))
        let funnel: [String: Any] = [
            "id": "funnel", "number": "1", "kind": "funnel", "headline": ["key": [], "count": figure(20)],
            "tables": [
                ["id": "stages", "dimensions": [["id": "stage", "categories": [["id": "asked"], ["id": "reached"], ["id": "accepted"]]]],
                 "rows": [["key": ["asked"], "count": figure(20)], ["key": ["reached"], "count": figure(10)],
                          ["key": ["accepted"], "count": figure(8)]]],
                ["id": "categories", "dimensions": [["id": "category", "categories": [["id": "a"], ["id": "b"], ["id": "c"]]]],
                 "rows": [["key": ["a"], "count": figure(10)], ["key": ["b"], "count": figure(nil)], ["key": ["c"], "count": figure(8)],
                          ["key": ["total"], "count": figure(20)]]],
            ]]
        let candidate = try export(release: 0, indicators: [funnel])
        let audit = try ReleaseAudit.audit(earlier: [], candidate: candidate, catalogues: [catalogue],
                                           canHide: { !$0.dimensions.contains("stage") })
        XCTAssertEqual(audit.leaks.map { "\($0.figure.table)/\($0.figure.key)/\($0.range)" }, ["categories/[\"b\"]/[2, 2]"])
        XCTAssertEqual(audit.repairCandidates.map { "\($0.table)/\($0.key)" }, ["categories/[\"c\"]"])
    }

    /// With the perpetrators hidden too, nothing is narrower than k.
    func testTheRepairedReleaseHasNoLeak() throws {
        let candidate = try export(release: 0, indicators: [opened(total: nil, victim: nil, perpetrator: nil),
                                                            withIntervention(denominator: 13, numerator: 10)])
        let audit = try ReleaseAudit.audit(earlier: [], candidate: candidate, catalogues: [catalogue])
        XCTAssertTrue(audit.leaks.isEmpty, "\(audit.leaks)")
        XCTAssertTrue(audit.repairCandidates.isEmpty)
    }

    /// An earlier release of the same period hid both roles of a shown total (safe on its own);
    /// the candidate — another k, say — shows the perpetrators. Together the earlier release's
    /// victims are exact: the leak is in the earlier release, the figure to hide in the candidate.
    /// A figure readers already hold is never named.
    func testAnEarlierReleasesHiddenCountIsGuardedAndOnlyTheCandidateHidesMore() throws {
        let earlier = try export(release: 0, indicators: [opened(total: 13, victim: nil, perpetrator: nil)])
        let candidate = try export(release: 1, k: 3, indicators: [opened(total: 13, victim: nil, perpetrator: 7)])
        let audit = try ReleaseAudit.audit(earlier: [earlier], candidate: candidate, catalogues: [catalogue])
        let leaks = audit.leaks.map { "\($0.figure.export)/\($0.figure.key)/\($0.k)/\($0.range)" }
        // The candidate's 7 is also the earlier release's hidden perpetrators, shown: a leak too
        // (what was hidden stays hidden).
        XCTAssertEqual(Set(leaks), ["0/[\"victim\"]/5/[6, 6]", "0/[\"perpetrator\"]/5/[7, 7]"], "\(leaks)")
        XCTAssertEqual(audit.repairCandidates.map { "\($0.export)/\($0.key)" }, ["1/[\"perpetrator\"]"])

        // The same, but the candidate may not hide the perpetrators (an earlier release showed
        // them): nothing can be named, and the release has to be refused.
        let refused = try ReleaseAudit.audit(earlier: [earlier], candidate: candidate, catalogues: [catalogue],
                                             canHide: { $0.key != ["perpetrator"] })
        XCTAssertFalse(refused.leaks.isEmpty)
        XCTAssertTrue(refused.repairCandidates.filter { $0.key == ["perpetrator"] }.isEmpty)
    }

    /// A zero an earlier release hid stays protected: readers were told it could be anything up
    /// to the shown total. The earlier release (k = 5) hid both roles of 13 opened cases (victims
    /// 0, perpetrators 13; each [0, 13]). The candidate, of the same period, shows that all
    /// perpetrators had an intervention (13): the perpetrators are then at least 13 and the
    /// victims exactly 0. That 0 is a leak like any other (the long form's last findings were
    /// such derived zeros), and the shown numerator is what to hide. A zero only the candidate
    /// hides and readers can derive is not one: the candidate shows it.
    func testAZeroAnEarlierReleaseHidIsNotGivenAwayByTheCandidate() throws {
        let earlier = try export(release: 0, indicators: [opened(total: 13, victim: nil, perpetrator: nil)])
        var share = withIntervention(denominator: 13, numerator: 13)
        share["tables"] = [[
            "id": "byRole", "dimensions": [["id": "role", "categories": [["id": "victim"], ["id": "perpetrator"]]]],
            "rows": [["key": ["victim"], "numerator": figure(nil), "denominator": figure(nil)],
                     ["key": ["perpetrator"], "numerator": figure(13), "denominator": figure(nil)],
                     ["key": ["total"], "numerator": figure(13), "denominator": figure(13)]],
        ]]
        let candidate = try export(release: 1, k: 3, indicators: [opened(total: 13, victim: nil, perpetrator: nil), share])
        let audit = try ReleaseAudit.audit(earlier: [earlier], candidate: candidate, catalogues: [catalogue])
        let leaks = Set(audit.leaks.map { "\($0.figure.export)/\($0.figure.indicator)/\($0.figure.key)/\($0.range)" })
        XCTAssertTrue(leaks.contains("0/opened/[\"victim\"]/[0, 0]"), "\(leaks)")
        XCTAssertTrue(audit.repairCandidates.contains { $0.indicator == "with-intervention" && $0.key == ["perpetrator"] && $0.figure == "numerator" },
                      "\(audit.repairCandidates)")
        XCTAssertFalse(audit.publishedElsewhere.contains { $0.figure.key == ["victim"] && $0.figure.figure != "numerator" },
                       "a zero hidden before is not shown now")

        // Without the earlier release, the candidate's own hidden zero is derivable and shown.
        let alone = try ReleaseAudit.audit(earlier: [], candidate: candidate, catalogues: [catalogue])
        XCTAssertFalse(alone.leaks.contains { $0.figure.key == ["victim"] && $0.figure.indicator == "opened" }, "\(alone.leaks)")
        XCTAssertTrue(alone.publishedElsewhere.contains { $0.figure.indicator == "opened" && $0.figure.key == ["victim"] && $0.value == 0 },
                      "\(alone.publishedElsewhere.map { "\($0.figure)=\($0.value)" })")
    }

    /// A unit raises its k from 5 to 7 after a release. The earlier release hid a share's
    /// numerator below a shown denominator of 6 ([0, 6]: 6 wide, enough for k = 5, not for 7). The candidate at k = 7
    /// hides the same figures: the numerator's range cannot be widened by any later release, so
    /// it is held to the k it was released hidden under (`kOf`) and is no leak at all. Without
    /// `kOf` it is narrower than 7 but pinned by the earlier release alone: not held against the
    /// candidate either, but counted as such (`pinnedByEarlier`).
    func testAFigureHiddenUnderAnEarlierKKeepsThatKInALaterReleaseWithAHigherK() throws {
        let earlier = try export(release: 0, indicators: [withIntervention(denominator: 6, numerator: nil)])
        let candidate = try export(release: 1, k: 7, indicators: [withIntervention(denominator: 6, numerator: nil)])
        let strict = try ReleaseAudit.audit(earlier: [earlier], candidate: candidate, catalogues: [catalogue])
        XCTAssertTrue(strict.leaks.isEmpty, "\(strict.leaks)")
        XCTAssertEqual(strict.pinnedByEarlier, 1)
        let kept = try ReleaseAudit.audit(earlier: [earlier], candidate: candidate, catalogues: [catalogue],
                                          kOf: { $0.indicator == "with-intervention" ? 5 : nil })
        XCTAssertTrue(kept.leaks.isEmpty, "\(kept.leaks)")
        XCTAssertEqual(kept.pinnedByEarlier, 0)
        // A figure first hidden by the candidate is held to the candidate's k: a new hidden count
        // of 6 wide is a leak at k = 7.
        let fresh = try export(release: 1, k: 7, indicators: [withIntervention(denominator: 6, numerator: nil)])
        let first = try ReleaseAudit.audit(earlier: [], candidate: fresh, catalogues: [catalogue], kOf: { _ in nil })
        XCTAssertEqual(first.leaks.map { "\($0.figure.indicator)/\($0.k)" }, ["with-intervention/7"])
    }

    /// Four quarters each showed their victims (6, 7, 5, 8) and perpetrators; the year hides
    /// both roles (say as each other's complements). Its victims are the quarters' sum, 26, for
    /// any reader of the quarters: no figure of the year can change that, so it is not the year's
    /// leak — the year shows it (with the count it has), and no figure of the year is named to
    /// hide for it.
    func testAFigureTheEarlierReleasesPinAloneIsShownNotHeldAgainstTheCandidate() throws {
        let quarters = try [(6, 7), (7, 6), (5, 9), (8, 5)].enumerated().map { index, roles in
            try export(period: "2024Q\(index + 1)", release: index,
                       indicators: [opened(total: roles.0 + roles.1, victim: roles.0, perpetrator: roles.1)])
        }
        let year = try export(period: "2024", release: 4, indicators: [opened(total: 53, victim: nil, perpetrator: nil)])
        let audit = try ReleaseAudit.audit(earlier: quarters, candidate: year, catalogues: [catalogue])
        XCTAssertTrue(audit.leaks.isEmpty, "\(audit.leaks)")
        XCTAssertTrue(audit.repairCandidates.isEmpty, "\(audit.repairCandidates)")
        XCTAssertEqual(audit.pinnedByEarlier, 2)
        XCTAssertEqual(Set(audit.publishedElsewhere.map { "\($0.figure.key)=\($0.value)" }), ["[\"victim\"]=26", "[\"perpetrator\"]=27"])
    }

    /// The truncated programme gives the same verdict as the full range, with and without the
    /// true count, on every hidden count of these releases.
    func testNarrowRangeAgreesWithTheFullRange() throws {
        let exports = [try export(release: 0, indicators: [opened(total: 13, victim: nil, perpetrator: nil),
                                                           withIntervention(denominator: 13, numerator: nil)]),
                       try export(release: 1, indicators: [opened(total: nil, victim: 6, perpetrator: nil)])]
        let model = try ReaderModel(exports: exports, catalogues: [catalogue], oneSource: "journal")
        let solver = try RangeSolver(model.system, objectives: model.hidden.map(\.form))
        let truth: [String: Int] = ["[\"perpetrator\"]": 7, "[]": 13]
        for figure in model.hidden {
            let full = try solver.range(of: figure.form)
            for k in [1, 3, 5, 8, 14] {
                let plain = try solver.narrowRange(of: figure.form, k: k)
                XCTAssertEqual(plain, full.isNarrower(than: k) ? full : nil, "\(figure) k = \(k)")
                if let value = truth["\(figure.key)"], figure.indicator == "opened" {
                    let hinted = try solver.narrowRange(of: figure.form, k: k, value: value)
                    XCTAssertEqual(hinted, full.isNarrower(than: k) ? full : nil, "\(figure) k = \(k), value \(value)")
                }
            }
        }
    }
}
