import FigureTestJournals
import Foundation
import UppfoljCore
import XCTest
@testable import UppfoljReports

/// Issue 15 items 1–3 on `KoladaJournal` (its table is the hand-worked input): Kolada's three key
/// figures and their rates, SU-Kvinnofrid's headline figures, and the outcome figures, each
/// counted by hand below (raw cells, before disclosure control), then through the suppressed path.
final class KoladaFigureTests: XCTestCase {
    static let facts: [CaseFacts] = IndicatorRollup(projection: Projection(catalogue: KoladaJournal.catalogue,
                                                                            events: KoladaJournal.events)).allFacts
    let builder = ReportBuilder(instruments: KoladaJournal.catalogue, control: try! DisclosureControl(minimumCellSize: 3))

    func raw(_ id: String, _ period: String = "2025") -> [String: Int] {
        let cells = builder.rawCells(id, facts: Self.facts, period: ReportPeriod(period)!, asOf: KoladaJournal.asOf)
        XCTAssertFalse(cells.isEmpty, "\(id) is not in the catalogue")
        return cells
    }

    func testTheJournalHasSixteenCases() {
        XCTAssertEqual(Self.facts.count, 16)
    }

    // MARK: Kolada (item 1)

    /// K1: adult victims (18–25, 26–40, 41–64, 65+) opened in 2025: V1–V8 = 8. Not V0 (opened
    /// 2024), U1 and U2 (0–17), X1 (age unknown), P1–P4 (perpetrators, P4 also under 18).
    func testK1AdultVictimsOpened() {
        let cells = raw("kolada-k1-opened")
        XCTAssertEqual(cells["total"], 8)
        // All eight in Q1: the trend has them there.
        XCTAssertEqual(cells["period=2025Q1"], 8)
        XCTAssertEqual(cells["period=2025Q2"], 0)
        // The whole-unit indicator 1 counts every opened case: 8 + U1, U2, X1 + P1–P4 = 15.
        XCTAssertEqual(raw("opened")["total"], 15)
    }

    /// K2: of K1's eight, with at least one intervention: V1, V2, V3, V4, V5 = 5 (V6, V7, V8 none).
    /// P3's group treatment was offered and declined: not an intervention (indicator 2 below).
    func testK2OfThemWithAnIntervention() {
        let cells = raw("kolada-k2-intervention")
        XCTAssertEqual(cells["total"], 8)
        XCTAssertEqual(cells["outcome=yes"], 5)
        XCTAssertEqual(cells["outcome=no"], 3)
    }

    /// K3: adult victims' cases closed in 2025: V0 (opened 2024: the closure date counts), V1–V7 = 8;
    /// goal reached fully (V1, V3, V4) or partly (V0, V2) = 5. Not U1 or X1 (fully, but under 18 /
    /// age unknown), not P1 (partly, a perpetrator).
    func testK3ClosedWithTheGoalReached() {
        let cells = raw("kolada-k3-goal")
        XCTAssertEqual(cells["total"], 8)
        XCTAssertEqual(cells["outcome=yes"], 5)
        XCTAssertEqual(cells["category=goalFullyMet"], 3)
        XCTAssertEqual(cells["category=goalPartlyMet"], 2)
        XCTAssertEqual(cells["category=goalNotMet"], 2)      // V5, V7
        XCTAssertEqual(cells["category=endedByClient"], 1)   // V6 (goal not assessed: the reason)
    }

    /// Indicator 3, renamed: every closed case of both roles and all ages. Closed in 2025: V0–V7,
    /// U1, X1, P1, P2, P3 = 13; goal fully or partly: V0, V1, V2, V3, V4, U1, X1, P1 = 8.
    /// Legal basis: bistånd V1, V2 (one of two), V5, X1, P1 = 5; without a decision V0, V3, V4 = 3;
    /// no intervention V6, V7, P2, P3 (declined only) = 4; unknown U1 (basis not recorded) = 1.
    func test3GoalReachedAllRolesByLegalBasis() {
        let definition = IndicatorCatalogue.builtIn.indicator("goal-reached")!
        XCTAssertFalse(definition.name.sv.contains("Kolada"), "indicator 3 is not Kolada's key figure")
        let cells = raw("goal-reached")
        XCTAssertEqual(cells["total"], 13)
        XCTAssertEqual(cells["outcome=yes"], 8)
        XCTAssertEqual(cells["legalBasis=assistanceDecision"], 5)
        XCTAssertEqual(cells["legalBasis=withoutDecision"], 3)
        XCTAssertEqual(cells["legalBasis=noIntervention"], 4)
        XCTAssertEqual(cells["legalBasis=unknown"], 1)
        // With the goal reached: bistånd V1, V2, X1, P1 = 4 (not V5); without V0, V3, V4 = 3.
        XCTAssertEqual(cells["legalBasis=assistanceDecision|outcome=yes"], 4)
        XCTAssertEqual(cells["legalBasis=withoutDecision|outcome=yes"], 3)
    }

    /// Indicator 2 by role × age band. Opened in 2025 (15): victims 0-17 U1 (yes), U2 (no); 18-25 V3
    /// (yes), V6 (no); 26-40 V1, V2 (yes), V8 (no); 41-64 V4 (yes), V7 (no); 65+ V5 (yes); unknown X1
    /// (yes). Perpetrators 26-40 P1 (yes), P2 (no); 41-64 P3 (no: declined); 0-17 P4 (no).
    func test2WithInterventionByRoleAndAgeBand() throws {
        let cells = raw("with-intervention")
        XCTAssertEqual(cells["total"], 15)
        XCTAssertEqual(cells["outcome=yes"], 8)
        XCTAssertEqual(cells["ageBand=0-17|role=victim"], 2)
        XCTAssertEqual(cells["ageBand=0-17|outcome=yes|role=victim"], 1)
        XCTAssertEqual(cells["ageBand=26-40|role=victim"], 3)
        XCTAssertEqual(cells["ageBand=26-40|outcome=yes|role=victim"], 2)
        XCTAssertEqual(cells["ageBand=41-64|outcome=yes|role=perpetrator"], 0, "P3's offer was declined")
        XCTAssertEqual(cells["ageBand=0-17|role=perpetrator"], 1)
        // The adult victims' cells add up to K2 (5 of 8).
        let adult = ["18-25", "26-40", "41-64", "65+"]
        XCTAssertEqual(adult.map { cells["ageBand=\($0)|outcome=yes|role=victim"]! }.reduce(0, +), 5)
        XCTAssertEqual(adult.map { cells["ageBand=\($0)|role=victim"]! }.reduce(0, +), 8)
        let report = try builder.indicators(facts: Self.facts, period: ReportPeriod("2025")!, asOf: KoladaJournal.asOf)
        let table = try XCTUnwrap(report.first { $0.id == "with-intervention" }?.table(.crossing([.role, .ageBand])))
        XCTAssertEqual(table.dimensions.map(\.id), ["role", "ageBand"])
        XCTAssertEqual(table.rows.count, 3 * 7, "(2 roles + total) × (6 bands + total)")
    }

    /// The rates per 10,000 inhabitants 18+ with the population 12,345 (year 2024), half up to one
    /// decimal: K1 8 × 10,000 / 12,345 = 6.480… → 6.5; K2 5 → 4.050… → 4.1; K3 5 → 4.1.
    func testRatesPerTenThousandFromThePopulationSetting() throws {
        XCTAssertEqual(RateFigure(count: Figure(8), per: 10_000, population: 12_345).text(language: .sv), "6,5")
        XCTAssertEqual(RateFigure(count: Figure(5), per: 10_000, population: 12_345).text(language: .en), "4.1")
        XCTAssertEqual(RateFigure(count: .suppressed, per: 10_000, population: 12_345).text(), "..")

        let context = ReportContext(unit: "test", journalHeadHash: String(repeating: "0", count: 64), programVersion: "t",
                                    asOf: KoladaJournal.asOf,
                                    population: ReportPopulation(inhabitants18Plus: KoladaJournal.population, year: 2024))
        // k = 3: 8 and 5 are at least k, and their complements (3) too.
        let report = try builder.report(facts: Self.facts, period: ReportPeriod("2025")!, context: context)
        XCTAssertEqual(report.metadata.population, ReportPopulation(inhabitants18Plus: 12_345, year: 2024))
        let k1 = try XCTUnwrap(report.indicator("kolada-k1-opened"))
        XCTAssertEqual(k1.headline.count?.value, 8)
        XCTAssertEqual(k1.headline.rate, RateFigure(per: 10_000, tenths: 65))
        XCTAssertTrue(k1.notes.contains { $0.sv.contains("12345 (år 2024)") }, "\(k1.notes)")
        let k2 = try XCTUnwrap(report.indicator("kolada-k2-intervention"))
        XCTAssertEqual(k2.headline.numerator?.value, 5)
        XCTAssertEqual(k2.headline.denominator?.value, 8)
        XCTAssertEqual(k2.headline.rate?.tenths, 41)
        let k3 = try XCTUnwrap(report.indicator("kolada-k3-goal"))
        XCTAssertEqual(k3.headline.numerator?.value, 5)
        XCTAssertEqual(k3.headline.rate?.tenths, 41)
        // Only the Kolada figures carry a rate, and only on the headline.
        for indicator in report.indicators {
            XCTAssertEqual(indicator.headline.rate != nil, indicator.id.hasPrefix("kolada-"), indicator.id)
            XCTAssertNil(indicator.previousHeadline?.rate)
            XCTAssertTrue(indicator.tables.allSatisfy { $0.rows.allSatisfy { $0.rate == nil } })
        }
        // The JSON says it, and reads back.
        let data = try ReportJSON.encode(report)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"inhabitants18Plus\" : 12345"))
        XCTAssertEqual(try ReportJSON.decode(data), report)
    }

    func testWithoutAPopulationThereIsNoRateAndTheReportSaysSo() throws {
        let context = ReportContext(unit: "test", journalHeadHash: String(repeating: "0", count: 64), programVersion: "t",
                                    asOf: KoladaJournal.asOf)
        let report = try builder.report(facts: Self.facts, period: ReportPeriod("2025")!, context: context)
        XCTAssertNil(report.metadata.population)
        for id in ["kolada-k1-opened", "kolada-k2-intervention", "kolada-k3-goal"] {
            let indicator = try XCTUnwrap(report.indicator(id))
            XCTAssertNil(indicator.headline.rate, id)
            XCTAssertTrue(indicator.notes.contains { $0.sv.contains("Ingen befolkningssiffra") }, id)
        }
        let csv = ReportCSV.render(report, dialect: .swedish, language: .sv)
        XCTAssertTrue(csv.contains("\r\nInvånare 18+: ej angivet (inga kvoter)\r\n"), String(csv.prefix(1500)))
        XCTAssertTrue(ExportFormatTests.tableRows(csv, ";").dropFirst().allSatisfy { $0[2].isEmpty }, "no rate without a population")
    }

    /// A rate is hidden exactly when its count is: with k = 10 the 8 adult victims are hidden, and
    /// 8 / 12,345 × 10,000 would give them back.
    func testARateIsHiddenWithItsCount() throws {
        let strict = ReportBuilder(instruments: KoladaJournal.catalogue, control: try DisclosureControl(minimumCellSize: 10))
        let context = ReportContext(unit: "test", journalHeadHash: String(repeating: "0", count: 64), programVersion: "t",
                                    asOf: KoladaJournal.asOf, population: ReportPopulation(inhabitants18Plus: 12_345, year: 2024))
        let report = try strict.report(facts: Self.facts, period: ReportPeriod("2025")!, context: context)
        let k1 = try XCTUnwrap(report.indicator("kolada-k1-opened"))
        XCTAssertNil(k1.headline.count?.value)
        XCTAssertEqual(k1.headline.rate, RateFigure(per: 10_000, tenths: nil))
        let csv = ReportCSV.render(report, dialect: .rfc4180, language: .en)
        let row = try XCTUnwrap(ExportFormatTests.tableRows(csv, ",").first { $0[9] == "kolada-k1-opened" && $0[10] == "headline" })
        XCTAssertEqual(row[1], "..")
        XCTAssertEqual(row[2], "..", "Per 10,000: hidden with its count")
    }

    /// A merge adds the units' populations when they are of the same year and takes the rate over the sum.
    func testAMergeTakesTheRateOverTheUnitsPopulations() throws {
        func unit(_ name: String, _ hash: Character, population: Int) throws -> Report {
            let context = ReportContext(unit: name, journalHeadHash: String(repeating: hash, count: 64), programVersion: "t",
                                        asOf: KoladaJournal.asOf, population: ReportPopulation(inhabitants18Plus: population, year: 2024))
            return try builder.report(facts: Self.facts, period: ReportPeriod("2025")!, context: context)
        }
        let merged = try ReportMerge.merge([unit("A", "a", population: 12_345), unit("B", "b", population: 7_655)])
        XCTAssertEqual(merged.metadata.population, ReportPopulation(inhabitants18Plus: 20_000, year: 2024))
        // 8 + 8 = 16 per 20,000 × 10,000 = 8.0
        XCTAssertEqual(merged.indicator("kolada-k1-opened")?.headline.rate?.tenths, 80)
        let otherYear = try ReportMerge.merge([unit("A", "a", population: 12_345), {
            var b = try unit("B", "b", population: 7_655)
            b.metadata.population?.year = 2023
            return b
        }()])
        XCTAssertNil(otherYear.metadata.population)
        XCTAssertNil(otherYear.indicator("kolada-k1-opened")?.headline.rate)
    }

    // MARK: SU-Kvinnofrid (item 2): adult victims

    /// Opened in 2025 (K1's eight): women V1, V2, V3, V5, V6, V7, V8 = 7 (V4 a man).
    func testSUWomen() {
        let cells = raw("suk-women")
        XCTAssertEqual(cells["total"], 8)
        XCTAssertEqual(cells["outcome=yes"], 7)
        XCTAssertEqual(cells["category=male"], 1)
    }

    /// Honour-related: V2, V6 = 2 of 8 (V4's unknown in the denominator).
    func testSUHonour() {
        let cells = raw("suk-honour")
        XCTAssertEqual(cells["total"], 8)
        XCTAssertEqual(cells["outcome=yes"], 2)
    }

    /// First T0 risk assessment's method: FREDA V1, V2, V6, V7 = 4; another instrument V3 (SARA) = 1;
    /// utan metod V4 = 1; none V5, V8 = 2.
    func testSURiskMethod() {
        let cells = raw("suk-risk-method")
        XCTAssertEqual(cells["total"], 8)
        XCTAssertEqual(cells["category=freda"], 4)
        XCTAssertEqual(cells["category=otherInstrument"], 1)
        XCTAssertEqual(cells["category=withoutMethod"], 1)
        XCTAssertEqual(cells["category=none"], 2)
    }

    /// Severity recorded for 7 (not V4); very severe V1, V5 = 2 (V6's unknown in the denominator).
    func testSUVerySevere() {
        let cells = raw("suk-very-severe")
        XCTAssertEqual(cells["total"], 7)
        XCTAssertEqual(cells["outcome=yes"], 2)
        XCTAssertEqual(cells["category=unknown"], 1)
    }

    /// Closed in 2025 (K3's eight): housing support V1 (shelter), V2 (temporary housing) = 2.
    func testSUHousing() {
        let cells = raw("suk-housing")
        XCTAssertEqual(cells["total"], 8)
        XCTAssertEqual(cells["outcome=yes"], 2)
    }

    /// Interventions per closed case: V0 1, V1 1, V2 2, V3 1, V4 1, V5 1, V6 0, V7 0 — sorted
    /// 0 0 1 1 1 1 1 2, median (1 + 1) / 2 = 1. Honour-related V2 2, V6 0: (0 + 2) / 2 = 1; not
    /// honour-related V0 V1 V3 V5 V7: 0 1 1 1 1 → 1; unknown V4 → 1.
    /// Distribution: 0 → 2 (V6, V7), 1 → 5, 2 → 1 (V2); by honour yes: 0 → 1, 2 → 1.
    func testSUInterventionsPerCase() {
        let median = raw("suk-interventions-per-case")
        XCTAssertEqual(median["total"], 8)
        XCTAssertEqual(median["median:total"], 1)
        XCTAssertEqual(median["median:honour=yes"], 1)
        XCTAssertEqual(median["honour=yes"], 2)
        XCTAssertEqual(median["median:honour=no"], 1)
        let distribution = raw("suk-interventions-distribution")
        XCTAssertEqual(distribution["category=0"], 2)
        XCTAssertEqual(distribution["category=1"], 5)
        XCTAssertEqual(distribution["category=2"], 1)
        XCTAssertEqual(distribution["category=4+"], 0)
        XCTAssertEqual(distribution["category=0|honour=yes"], 1)
        XCTAssertEqual(distribution["category=2|honour=yes"], 1)
    }

    /// Goal attainment of the eight closed: fully V1 V3 V4 = 3, partly V0 V2 = 2, not V5 V7 = 2, not assessed V6 = 1.
    func testSUGoalAttainment() {
        let cells = raw("suk-goal-attainment")
        XCTAssertEqual(cells["total"], 8)
        XCTAssertEqual(cells["category=full"], 3)
        XCTAssertEqual(cells["category=partly"], 2)
        XCTAssertEqual(cells["category=notMet"], 2)
        XCTAssertEqual(cells["category=notAssessed"], 1)
    }

    /// Survey at closure, answered by V1–V5: situation 5, 4, 5, 3, 2 → 4 or 5: 3 of 5; importance
    /// 5, 3, 4, 5, 2 → 3 of 5 (V1, V3, V4).
    func testSUSurvey() {
        let improved = raw("suk-survey-improved")
        XCTAssertEqual(improved["total"], 5)
        XCTAssertEqual(improved["outcome=yes"], 3)
        let importance = raw("suk-survey-importance")
        XCTAssertEqual(importance["total"], 5)
        XCTAssertEqual(importance["outcome=yes"], 3)
        XCTAssertEqual(importance["category=5"], 2)
    }

    // MARK: Outcomes (item 3)

    /// T3s done in 2025: V0, V1, V2, V3, V5, P1, U1 = 7; reached 5; not reached V2 (no answer) and V5
    /// (reason not recorded). Victims 6 (4 reached), perpetrators 1.
    func testT3ReachRateWithReasons() {
        let cells = raw("t3-reached")
        XCTAssertEqual(cells["total"], 7)
        XCTAssertEqual(cells["outcome=yes"], 5)
        XCTAssertEqual(cells["category=noAnswer"], 1)
        XCTAssertEqual(cells["category=reasonNotRecorded"], 1)
        XCTAssertEqual(cells["category=declined"], 0)
        XCTAssertEqual(cells["role=victim"], 6)
        XCTAssertEqual(cells["outcome=yes|role=victim"], 4)
    }

    /// T3 due in 2025 with consent (not V4, P2: consent no; P3's consent not recorded: due): V0
    /// 10-15, V1 11-10, V2 11-20, V3 11-25, V5 12-05, V6 12-10, V7 12-15, X1 12-02, P1 11-15, P3
    /// 12-20, U1 11-01 = 11, all windows (due + 30 days) ended by 2026-03-01. In time and reached:
    /// V0, V1, V3 (12-20 ≤ 12-25), P1, U1 = 5; done in the window but not reached V2, V5 = 2 (before
    /// issue 15 these counted as in time: 7); missing V6, V7, X1, P3 = 4.
    func testT3InTimeCountsOnlyReachedFollowUps() {
        let cells = raw("t3-in-time")
        XCTAssertEqual(cells["total"], 11)
        XCTAssertEqual(cells["outcome=yes"], 5)
        XCTAssertEqual(cells["category=inWindow"], 5)
        XCTAssertEqual(cells["category=notReached"], 2)
        XCTAssertEqual(cells["category=missing"], 4)
        XCTAssertEqual(cells["category=early"], 0)
    }

    /// Perpetrators closed in 2025 with the partner's account recorded: P1 no, P2 yes, P3 unknown = 3;
    /// violence stopped (no new violence) 1. At T3: P1 (no) = 1 of 1.
    func testPerpetratorOutcomeReportedByThePartner() {
        let closure = raw("perpetrator-outcome-closure")
        XCTAssertEqual(closure["total"], 3)
        XCTAssertEqual(closure["outcome=yes"], 1)
        XCTAssertEqual(closure["category=unknown"], 1)
        XCTAssertEqual(closure["legalBasis=assistanceDecision"], 1)   // P1
        XCTAssertEqual(closure["legalBasis=noIntervention"], 2)       // P2, P3 (declined only)
        let t3 = raw("perpetrator-outcome-t3")
        XCTAssertEqual(t3["total"], 1)
        XCTAssertEqual(t3["outcome=yes"], 1)
    }

    /// Perpetrators opened in 2025: P1 no, P2 yes (intake), P3 yes (group treatment offered and
    /// declined; intake not recorded), P4 no = 2 of 4.
    func testTreatmentOffersDeclined() {
        let cells = raw("treatment-offer-declined")
        XCTAssertEqual(cells["total"], 4)
        XCTAssertEqual(cells["outcome=yes"], 2)
        // P3's declined offer is not treatment: indicator 9 (treatment ended in 2025) has P1 only.
        XCTAssertEqual(raw("treatment-completed")["total"], 1)
    }

    /// The counting by masks and by names agree on this journal for every new field.
    func testMasksAgreeWithNamesForTheNewFields() {
        let coder = FieldCoder(instruments: KoladaJournal.catalogue, asOf: KoladaJournal.asOf, policy: .standard)
        let fields: [FactField] = [.riskMethod, .severity, .housingSupport, .interventionCountBand, .closureSurveyImportance,
                                   .t3Contact, .partnerReportAtClosure, .partnerReportAtT3, .treatmentOfferDeclined,
                                   .legalBasis, .t3Timeliness]
        for field in fields {
            let categories = field.categories(instruments: KoladaJournal.catalogue).map(\.id)
            for facts in Self.facts {
                let mask = coder.mask(field, of: facts)
                let byMask = categories.indices.filter { mask.bits & (1 << UInt64($0)) != 0 }.map { categories[$0] }
                XCTAssertEqual(byMask, field.values(of: facts, asOf: KoladaJournal.asOf, policy: .standard), "\(field)")
            }
        }
    }

    /// Through disclosure control (k = 3): whatever is shown is the hand count, and every
    /// adult-victim figure that shares K1's cases shows the same total.
    func testSuppressedPathShowsTheHandCounts() throws {
        let report = try builder.indicators(facts: Self.facts, period: ReportPeriod("2025")!, asOf: KoladaJournal.asOf)
        func headline(_ id: String) throws -> ReportRow { try XCTUnwrap(report.first { $0.id == id }?.headline, id) }
        let k1 = try headline("kolada-k1-opened").count?.value
        XCTAssertTrue([nil, 8].contains(k1))
        for id in ["kolada-k2-intervention", "suk-women", "suk-honour"] {
            XCTAssertEqual(try headline(id).denominator?.value, k1, "\(id) shares K1's cases")
        }
        XCTAssertTrue([nil, 5].contains(try headline("kolada-k3-goal").numerator?.value))
        XCTAssertTrue([nil, 8].contains(try headline("suk-goal-attainment").count?.value))
        XCTAssertEqual(try headline("suk-goal-attainment").count?.value, try headline("kolada-k3-goal").denominator?.value)
    }
}
