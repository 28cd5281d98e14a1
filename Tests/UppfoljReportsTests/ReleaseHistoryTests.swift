import Foundation
import UppfoljCore
import UppfoljSample
import XCTest
@testable import UppfoljReports

/// The release register's decisions (issue 14 item 1): consistent patterns across releases.
final class ReleaseHistoryTests: XCTestCase {
    private func figure(_ cell: String, _ value: Int, _ published: Bool, period: String = "2025Q1") -> ReleasedFigure {
        ReleasedFigure(period: period, indicator: "opened", cell: cell, value: value, published: published)
    }

    func testShownStaysShownHiddenStaysHiddenAndARevisedFigureIsHidden() {
        let history = ReleaseHistory([[figure("total", 40, true), figure("sex=female", 3, false), figure("sex=male", 37, true)]])
        XCTAssertEqual(history.decision(figure("total", 40, true).key, value: 40), .known)
        XCTAssertEqual(history.decision(figure("sex=female", 3, false).key, value: 3), .hidden)
        XCTAssertEqual(history.decision(figure("sex=female", 3, false).key, value: 8), .hidden, "hidden whatever it is now")
        XCTAssertEqual(history.decision(figure("sex=male", 37, true).key, value: 38), .hidden, "revised since it was shown")
        XCTAssertNil(history.decision(figure("total", 40, true, period: "2025Q2").key, value: 40), "another period is another figure")
        // A figure one release showed and another hid is in readers' hands: known.
        let both = ReleaseHistory([[figure("total", 4, false)], [figure("total", 4, true)]])
        XCTAssertEqual(both.decision(figure("total", 4, true).key, value: 4), .known)
    }

    func testConflictsNameEveryFigureThatWouldBreakThePattern() {
        let history = ReleaseHistory([[figure("total", 40, true), figure("sex=female", 3, false), figure("sex=male", 37, true)]])
        let next = [figure("total", 40, false), figure("sex=female", 3, true), figure("sex=male", 38, true), figure("role=victim", 20, true)]
        XCTAssertEqual(history.conflicts(next).map(\.cell), ["total", "sex=female", "sex=male"])
        XCTAssertEqual(history.conflicts([figure("total", 40, true), figure("sex=female", 3, false), figure("sex=male", 38, false)]), [])
    }

    // MARK: releases of the sample journal

    static let until = Day(iso: "2025-12-31")!
    static let catalogue = try! InstrumentCatalogue.builtIn()
    static let events = SampleGenerator(cases: 300, seed: 1, until: until, catalogue: catalogue).events()

    private func release(_ period: String, events: [Event], k: Int = 5, history: ReleaseHistory) throws -> ReleasedReport {
        let rollup = IndicatorRollup(projection: Projection(catalogue: Self.catalogue, events: events))
        let context = ReportContext(unit: "Enhet A", journalHeadHash: String(repeating: "ab", count: 32),
                                    programVersion: "test", asOf: Self.until)
        return try rollup.releaseReport(period: ReportPeriod(period)!, control: try DisclosureControl(minimumCellSize: k),
                                        context: context, history: history)
    }

    /// A quarter released, then late registrations, then the quarter released again: the second
    /// release keeps every decision of the first (what was shown with the same count is shown,
    /// what was hidden is hidden, revised counts are hidden). Without the register the two
    /// patterns differ: that is what the test shows the register prevents.
    func testAQuarterReleasedAgainAfterLateRegistrationsKeepsThePattern() throws {
        // "Late": every event of one case in ten is registered only after the first release.
        let codes = Array(Set(Self.events.map(\.caseCode))).sorted()
        let late = Set(codes.enumerated().filter { $0.offset % 10 == 3 }.map(\.element))
        let early = Self.events.filter { !late.contains($0.caseCode) }

        let first = try release("2024Q3", events: early, history: ReleaseHistory())
        XCTAssertFalse(first.figures.isEmpty)
        let history = ReleaseHistory([first.figures])

        let unguided = try release("2024Q3", events: Self.events, history: ReleaseHistory())
        XCTAssertFalse(history.conflicts(unguided.figures).isEmpty,
                       "without the register the second release contradicts the first (else this test proves nothing)")

        let second = try release("2024Q3", events: Self.events, history: history)
        XCTAssertEqual(history.conflicts(second.figures), [], "the second release keeps the first one's decisions")
        // Its own small counts are still hidden, except figures the first release already showed.
        let shownBefore = Set(first.figures.filter(\.published).map(\.key))
        for figure in second.figures where figure.published && (1...4).contains(figure.value) {
            XCTAssertTrue(shownBefore.contains(figure.key), "\(figure)")
        }
    }

    /// A k = 3 release (an admin's override), then the unit's k = 5: the k = 5 release shows the
    /// 3s and 4s the first one showed (readers have them) and its audit counts on them.
    /// The other way round — k = 5 first — the k = 3 release hides everything k = 5 hid.
    func testAnOverrideReleaseAndThePolicyReleaseShareOnePattern() throws {
        let k5 = try release("2024Q3", events: Self.events, k: 5, history: ReleaseHistory())
        let k3 = try release("2024Q3", events: Self.events, k: 3, history: ReleaseHistory([k5.figures]))
        XCTAssertEqual(ReleaseHistory([k5.figures]).conflicts(k3.figures), [])
        XCTAssertEqual(Set(k3.figures.filter(\.published).map(\.key)), Set(k5.figures.filter(\.published).map(\.key)),
                       "the k = 3 release shows nothing the k = 5 release hid")
        let unguided = try release("2024Q3", events: Self.events, k: 3, history: ReleaseHistory())
        XCTAssertGreaterThan(unguided.figures.filter(\.published).count, k5.figures.filter(\.published).count,
                             "alone, k = 3 would show more (else this test proves nothing)")
    }
}
