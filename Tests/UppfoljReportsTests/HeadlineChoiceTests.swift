import Foundation
import UppfoljCore
import UppfoljSample
import XCTest
@testable import UppfoljReports

/// Issue 14 item 5 on the sample journal (`uppfolj sample --cases 300 --seed 1 --until 2026-11-23`,
/// the README's sample-data): which cells a release of 2025 hides.
final class HeadlineChoiceTests: XCTestCase {
    static let until = Day(iso: "2026-11-23")!
    static let catalogue = try! InstrumentCatalogue.builtIn()
    static let events = SampleGenerator(cases: 300, seed: 1, until: until, catalogue: catalogue).events()

    private func release2025() throws -> [String: ReleasedFigure] {
        let rollup = IndicatorRollup(projection: Projection(catalogue: Self.catalogue, events: Self.events))
        let context = ReportContext(unit: "Enhet A", journalHeadHash: String(repeating: "ab", count: 32),
                                    programVersion: "test", asOf: Self.until)
        let released = try rollup.releaseReport(period: ReportPeriod("2025")!, control: try DisclosureControl(minimumCellSize: 5),
                                                context: context, history: ReleaseHistory())
        var figures: [String: ReleasedFigure] = [:]
        for figure in released.figures where figure.period == "2025" { figures["\(figure.indicator) \(figure.cell)"] = figure }
        return figures
    }

    /// The closed cases of 2025 (74: women 32, men 39, "annat" 2, "okänt" 1) need one complement
    /// for "annat" + "okänt" = 3 < k. The line heuristic used to take the total — it settles the
    /// most lines — so every indicator of the closed cases lost its headline; now a category is
    /// hidden and the total is shown. Likewise the perpetrators asked about partner contact, the
    /// closed perpetrators (treatment completed) and the survey's answers.
    func testTheSampleYearShowsHeadlinesThatSmallerCellsCanProtect() throws {
        let figures = try release2025()
        for name in ["goal-reached total", "closure-risk total", "partner-funnel total", "survey-improved total",
                     "treatment-completed total"] {
            let figure = try XCTUnwrap(figures[name], name)
            XCTAssertGreaterThanOrEqual(figure.value, 5, name)
            XCTAssertTrue(figure.published, "\(name) (\(figure.value)) is hidden as a complement")
        }
        XCTAssertEqual(figures["goal-reached sex=other"]?.published, false)
        XCTAssertEqual(figures["goal-reached sex=unknown"]?.published, false)
    }

    /// Issue 14's acceptance point "the sample's 2025 export publishes the number of women and of
    /// men among victims": the women are shown; the men cannot be: there are 3 (of 33 victims:
    /// 28 women, 3 men, 1 "annat", 1 "okänt"), below k, and rule 1 hides every count in 1…k−1.
    /// No folding changes that (docs/disclosure-control.md §10b, "Women and men among victims").
    func testTheSampleYearShowsTheWomenAmongVictimsAndHidesTheThreeMen() throws {
        let figures = try release2025()
        XCTAssertEqual(figures["opened role=victim"]?.value, 33)
        XCTAssertEqual(figures["opened role=victim|sex=female"]?.value, 28)
        XCTAssertEqual(figures["opened role=victim|sex=female"]?.published, true)
        XCTAssertEqual(figures["opened role=victim|sex=male"]?.value, 3)
        XCTAssertEqual(figures["opened role=victim|sex=male"]?.published, false)
    }
}
