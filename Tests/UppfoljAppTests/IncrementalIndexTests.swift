import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore
import UppfoljSample

/// The case index and the two lists are kept up to date case by case after a save (issue 20).
/// Property: after any sequence of saves, corrections, voidings, restorations and handovers, applied
/// one at a time or several at once, with any filter ("mina ärenden" too), sort and selection, the
/// incrementally kept index and lists equal the ones built from the whole projection.
final class IncrementalIndexTests: XCTestCase {
    let env = AppEnvironment(catalogue: Fixture.catalogue, today: Day(iso: "2026-06-30")!, worker: "hl01")

    func testIncrementalIndexEqualsOneBuiltFromScratch() {
        let sample = SampleGenerator(cases: 120, seed: 7, until: Day(iso: "2026-06-30")!, catalogue: Fixture.catalogue).events()
        for seed in UInt64(1)...6 {
            var random = SplitMix64(seed: seed)
            let start = sample.count / 2
            var projection = Projection(catalogue: Fixture.catalogue, events: sample[..<start])
            var kept = AppState(projection: projection, env: env)
            var full = AppState(projection: projection, env: env)
            full.rebuildsIndexFully = true
            var pending = Array(sample[start...])
            var extra = ExtraEvents(seed: seed)
            var steps = 0
            while steps < 160 {
                steps += 1
                // Now and then a filter, a sort or a selection changes (on both states alike).
                if random.below(6) == 0 { changeView(&kept, &full, &random) }
                // One event or a burst (another worker's saves caught up with at once).
                let burst = random.below(5) == 0 ? 1 + random.below(12) : 1
                for _ in 0..<burst {
                    if !pending.isEmpty, random.below(3) != 0 {
                        projection.apply(pending.removeFirst())
                    } else {
                        projection.apply(extra.next(in: projection, &random))
                    }
                }
                if random.below(4) == 0 {
                    // The runner's save path: the state lends its projection while the store changes it.
                    kept.lendProjection()
                }
                _ = update(&kept, .projectionChanged(projection), env)
                _ = update(&full, .projectionChanged(projection), env)
                let scratch = CaseIndex(projection: projection, env: env)
                XCTAssertEqual(kept.index, scratch, "seed \(seed), step \(steps): index")
                XCTAssertEqual(kept.caseList.codes, full.caseList.codes, "seed \(seed), step \(steps): case list")
                XCTAssertEqual(kept.caseList.table.selected, full.caseList.table.selected, "seed \(seed), step \(steps): case selection")
                XCTAssertEqual(kept.caseList.codeWidth, full.caseList.codeWidth, "seed \(seed), step \(steps)")
                XCTAssertEqual(kept.caseList.totalCount, full.caseList.totalCount, "seed \(seed), step \(steps)")
                XCTAssertEqual(kept.dueList.items, full.dueList.items, "seed \(seed), step \(steps): due list")
                XCTAssertEqual(kept.dueList.table.selected, full.dueList.table.selected, "seed \(seed), step \(steps): due selection")
                XCTAssertEqual(kept.dueList.totalCount, full.dueList.totalCount, "seed \(seed), step \(steps)")
                if kept.index != scratch || kept.caseList.codes != full.caseList.codes || kept.dueList.items != full.dueList.items { return }
            }
            XCTAssertGreaterThan(extra.made, 20, "the random edits ran")
        }
    }

    /// A gap wider than the projection's change window, another projection, or a new day: built anew.
    func testFallsBackToAFullBuild() {
        let sample = SampleGenerator(cases: 600, seed: 3, until: Day(iso: "2026-06-30")!, catalogue: Fixture.catalogue).events()
        XCTAssertGreaterThan(sample.count, Projection.changeWindow + 10)
        var projection = Projection(catalogue: Fixture.catalogue, events: sample[..<10])
        var state = AppState(projection: projection, env: env)
        for event in sample[10...] { projection.apply(event) }
        XCTAssertNil(projection.casesChanged(since: state.projection.mark))
        _ = update(&state, .projectionChanged(projection), env)
        XCTAssertEqual(state.index, CaseIndex(projection: projection, env: env))
        // A different projection with the same number of events: not the same line.
        let other = Projection(catalogue: Fixture.catalogue, events: sample)
        XCTAssertNil(other.casesChanged(since: projection.mark))
        // Two copies that went different ways from a common state are not one line.
        var a = projection, b = projection
        a.apply(Fixture.intake("X-1", "2026-06-01", id: 900_001))
        b.apply(Fixture.intake("X-2", "2026-06-01", id: 900_002))
        XCTAssertNil(b.casesChanged(since: a.mark))
        XCTAssertEqual(a.casesChanged(since: projection.mark)?.codes, ["X-1"])
    }

    // MARK: - Helpers

    private func changeView(_ a: inout AppState, _ b: inout AppState, _ random: inout SplitMix64) {
        func both(_ body: (inout AppState) -> Void) { body(&a); body(&b) }
        switch random.below(8) {
        case 0:
            let filter = RoleFilter.allCases[random.below(RoleFilter.allCases.count)]
            both { $0.caseList.roleFilter = filter; $0.dueList.roleFilter = filter; $0.refreshCaseList(); $0.dueList.rebuild($0.index) }
        case 1:
            let filter = StatusFilter.allCases[random.below(StatusFilter.allCases.count)]
            let dueOnly = random.below(3) == 0
            both { $0.caseList.statusFilter = filter; $0.caseList.dueOnly = dueOnly; $0.refreshCaseList() }
        case 2:
            let sort = CaseSortColumn.allCases[random.below(CaseSortColumn.allCases.count)]
            let ascending = random.below(2) == 0
            both { $0.caseList.sort = sort; $0.caseList.ascending = ascending; $0.refreshCaseList() }
        case 3:
            let kind = DueKindFilter.allCases[random.below(DueKindFilter.allCases.count)]
            let sort = DueSort.allCases[random.below(DueSort.allCases.count)]
            both { $0.dueList.kindFilter = kind; $0.dueList.sort = sort; $0.dueList.rebuild($0.index) }
        case 4:
            let text = ["", "1", "u20", "-0", "x"][random.below(5)]
            both { $0.caseList.query = TextFieldState(text: text); $0.refreshCaseList() }
        case 5:
            // "Mina ärenden" (issue 16): the responsible worker, whom a handover changes.
            let mine = [nil, "hl01", "hl02", "hl03"][random.below(4)]
            both { $0.caseList.mine = mine; $0.refreshCaseList() }
        default:
            let row = random.below(200)
            let dueRow = random.below(120)
            both { $0.caseList.table.selected = row; $0.dueList.table.selected = dueRow }
        }
    }
}

/// Random saves on top of the sample: new cases (codes that exercise natural order), assessments
/// that move the risk, closures, interventions, amendments, retractions, voidings of a whole case
/// and restorations of voided ones, handovers to another worker.
private struct ExtraEvents {
    var random: SplitMix64
    var made = 0
    var nextId: UInt64 = 1

    init(seed: UInt64) { random = SplitMix64(seed: seed &* 7919) }

    mutating func next(in projection: Projection, _ outer: inout SplitMix64) -> Event {
        made += 1
        nextId += 1
        let id = 0x5EED_0000 + nextId
        let date = Day(daysSinceEpoch: Day(iso: "2024-01-01")!.daysSinceEpoch + Int32(random.below(900)))
        let codes = projection.caseCodes
        let code = codes.isEmpty ? "N-1" : codes[random.below(codes.count)]
        let dateText = date.iso
        switch random.below(10) {
        case 0:
            let prefix = ["N-", "N-0", "A", "U2026-"][random.below(4)]
            return Fixture.intake(prefix + String(random.below(400)), dateText, role: random.below(2) == 0 ? .victim : .perpetrator, id: id)
        case 1:
            return Fixture.assessment(code, dateText, risk: ["hog", "medel", "lag"][random.below(3)], id: id)
        case 2:
            return Fixture.closure(code, dateText, id: id)
        case 3:
            return Fixture.start(code, dateText, "I\(random.below(3))", .supportiveTalks, id: id)
        case 4, 5:
            // Void the case (retract its intake), or restore it (retract the voiding).
            let events = projection[code]?.events ?? []
            if let voiding = projection[code]?.voidingCorrection, random.below(2) == 0 {
                return correction(code, dateText, target: voiding.id, .retract, id: id)
            }
            if let intake = events.first(where: { $0.kind == .intake }) {
                return correction(code, dateText, target: intake.id, .retract, id: id)
            }
            return Fixture.intake(code, dateText, id: id)
        case 6:
            // Retract or amend some event of the case (an assessment, a closure, an intervention…).
            let events = (projection[code]?.events ?? []).filter { $0.kind != .correction && $0.kind != .intake }
            guard let target = events.isEmpty ? nil : events[random.below(events.count)] else { return Fixture.closure(code, dateText, id: id) }
            if random.below(2) == 0 { return correction(code, dateText, target: target.id, .retract, id: id) }
            return correction(code, dateText, target: target.id, .amend(body: target.body, effectiveDate: date), id: id)
        case 7:
            let end = InterventionEnd(interventionId: "I\(random.below(3))", outcome: .completed)
            return Fixture.event(code, dateText, .interventionEnded(end), id: id)
        case 8:
            // A handover moves the case in or out of a worker's "mina ärenden".
            let to = "hl0" + String(1 + random.below(3))
            return Fixture.event(code, dateText, .handover(Handover(toWorker: to)), id: id)
        default:
            return Fixture.assessment(code, dateText, risk: "lag", id: id)
        }
    }

    private func correction(_ code: String, _ date: String, target: EventID, _ action: Correction.Action, id: UInt64) -> Event {
        Fixture.event(code, date, .correction(Correction(target: target, action: action, reason: .wrongValue)), id: id)
    }
}

/// The index built on several cores (parts of the cases, merged) equals the one-pass build it
/// replaced: every case's summary in natural code order, the due items most urgent first and
/// stable within a case, the per-case maps and the counts.
final class CaseIndexBuildTests: XCTestCase {
    func testThePartsMergedEqualOnePassOverEveryCase() {
        let env = AppEnvironment(catalogue: Fixture.catalogue, today: Day(iso: "2026-06-30")!, worker: "hl01")
        // Enough cases for more than one part (4,096 a part at least), codes out of natural order.
        var events = SampleGenerator(cases: 9_000, seed: 3, until: env.today, catalogue: Fixture.catalogue).events()
        events.reverse()
        events.sort { ($0.recordedAt, $0.id) < ($1.recordedAt, $1.id) }
        let projection = Projection(catalogue: Fixture.catalogue, events: events)
        XCTAssertGreaterThan(projection.caseCodes.count, 8_192)
        let index = CaseIndex(projection: projection, env: env)

        var keyed: [(key: [UInt8], summary: CaseSummary)] = []
        var items: [DueItem] = []
        var roles: [String: Role] = [:], firstDue: [String: DueItem] = [:], dueByCase: [String: [DueItem]] = [:]
        var counts = DueCounts()
        for code in projection.caseCodes {
            guard let state = projection.cases[code], let summary = CaseSummary(state) else { continue }
            keyed.append((NaturalOrder.key(code), summary))
            if let role = state.role { roles[code] = role }
            let due = DueList.items(for: state, today: env.today, policy: env.policy)
            if let first = due.first { firstDue[code] = first; dueByCase[code] = due }
            for item in due { counts.add(item, 1) }
            items += due
        }
        keyed.sort { a, b in a.key != b.key ? a.key.lexicographicallyPrecedes(b.key) : a.summary.code < b.summary.code }
        let expectedDue = items.enumerated().sorted { a, b in
            if CaseIndex.dueOrder(a.element, b.element) { return true }
            if CaseIndex.dueOrder(b.element, a.element) { return false }
            return a.offset < b.offset
        }.map(\.element)
        XCTAssertEqual(index.summaries.map(\.code), keyed.map(\.summary.code))
        XCTAssertEqual(index.summaries.map(\.codeRank), Array(keyed.indices))
        XCTAssertEqual(index.dueItems, expectedDue)
        XCTAssertGreaterThan(expectedDue.count, 1_000)
        XCTAssertEqual(index.roles, roles)
        XCTAssertEqual(index.firstDue, firstDue)
        XCTAssertEqual(index.dueByCase, dueByCase)
        XCTAssertEqual(index.dueCounts, counts)
    }
}
