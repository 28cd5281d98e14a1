import Foundation
import TerminalKit
import XCTest
@testable import UppfoljApp
@testable import UppfoljCore
import UppfoljSample

/// Guards how the cost of a save grows with the journal (issue 20), not absolute times (those are
/// the benchmark's, `uppfolj-bench --workbench`): from F2 to the frame that says "Sparat", the
/// app's part of a save — the form builds the event, the runner's store applies it to its
/// projection (the state has lent its share), `.projectionChanged`, `.saved`, the frame — must
/// cost about the same on a journal ten times as large. The store's own part (validate, seal,
/// one durable append) does not look at other cases; the benchmark measures it with the rest.
final class ComplexityTests: XCTestCase {
    let until = Day(iso: "2026-06-30")!

    func testASaveDoesNotGrowWithTheJournal() throws {
        let small = SampleGenerator(cases: 300, seed: 1, until: until, catalogue: Fixture.catalogue).events()
        let large = SampleGenerator(cases: 3_000, seed: 1, until: until, catalogue: Fixture.catalogue).events()
        let smallTime = try medianSave(small, fullRebuild: false)
        let largeTime = try medianSave(large, fullRebuild: false)
        let growth = largeTime / smallTime
        // Constant is 1; ten times the journal may cost a little more (binary searches, moving array
        // elements, caches), but a save that looks at every case would be about 10.
        XCTAssertLessThan(growth, 3, "a save on \(small.count) events: \(ms(smallTime)); on \(large.count): \(ms(largeTime))")

        // The guard can fail: the path before issue 20 (every case's summary, the due list and the
        // case list rebuilt) grows with the journal.
        let oldSmall = try medianSave(small, fullRebuild: true)
        let oldLarge = try medianSave(large, fullRebuild: true)
        XCTAssertGreaterThan(oldLarge / oldSmall, 3, "the full rebuild: \(ms(oldSmall)) → \(ms(oldLarge))")
        print("F2 → Sparat (app side) on \(small.count) → \(large.count) events: \(ms(smallTime)) → \(ms(largeTime)); before issue 20: \(ms(oldSmall)) → \(ms(oldLarge))")
    }

    private func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

    /// The median over several saves (a T1 on a different open case each time) of F2 → "Sparat".
    private func medianSave(_ events: [Event], fullRebuild: Bool) throws -> Double {
        let env = AppEnvironment(catalogue: Fixture.catalogue, today: until, worker: "hl01")
        var store = Projection(catalogue: Fixture.catalogue, events: events)   // the runner's store's projection
        var state = AppState(projection: store, env: env, size: Size(width: 120, height: 40))
        state.rebuildsIndexFully = fullRebuild
        let open = store.activeCases.filter { $0.status == .open }.map(\.code)
        var times: [Double] = []
        for round in 0..<15 {
            let code = open[(round * 37) % open.count]
            openT1(code, &state, env)
            let start = Date()
            let effects = update(&state, .key(.function(2)), env)
            guard case .append(let event)? = effects.first else {
                XCTFail("F2 gave \(effects)")
                return 0
            }
            if !fullRebuild { state.lendProjection() }
            store.apply(event)
            _ = update(&state, .projectionChanged(store), env)
            _ = update(&state, .saved(event.id), env)
            let frame = view(state, size: state.size, env: env)
            if round >= 3 { times.append(Date().timeIntervalSince(start)) }
            XCTAssertTrue(frame.lines().contains { $0.contains("Sparat") }, frame.lines().joined(separator: "\n"))
        }
        return times.sorted()[times.count / 2]
    }

    /// Back to the list, open the case (the list's selection set directly: the search is not what
    /// is measured here), `t` for a T1 form.
    private func openT1(_ code: String, _ state: inout AppState, _ env: AppEnvironment) {
        for _ in 0..<4 where !state.routes.isEmpty { _ = update(&state, .key(.escape), env) }
        guard let row = state.caseList.codes.firstIndex(of: code) else { return XCTFail("no row for \(code)") }
        state.caseList.table.selected = row
        _ = update(&state, .key(.enter), env)
        _ = update(&state, .key(.char("t")), env)
        XCTAssertEqual(state.scope, .form)
    }
}
