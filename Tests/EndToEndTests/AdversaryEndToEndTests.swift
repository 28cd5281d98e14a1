import DisclosureAdversary
import Foundation
import XCTest

/// Issue 14: the reader's attack on the real `uppfolj`'s exports. The adversary
/// (Tests/DisclosureAdversary, docs/disclosure-control.md "The adversary") reads only the JSON
/// files and the published catalogue, builds one linear system of everything released and derives
/// the range of every hidden count in exact arithmetic.
///
/// The leaks the issue named are regression cases. The acceptance test
/// `testNoHiddenCountHasARangeNarrowerThanK` runs every export the program allows through the
/// attacker and finds no hidden count narrower than k (the joint release audit,
/// docs/disclosure-control.md §10c); `testTheAttackerFindsLeaksWhenReleasesDoNotSeeEachOther`
/// proves on the same kind of exports that the harness bites.
final class AdversaryEndToEndTests: XCTestCase {
    nonisolated(unsafe) static var folder: URL!
    /// The sample journal of the issue: 300 cases, seed 1, until 2026-11-23, as release 0.4.0 wrote
    /// it (the frozen copy in Tests/GoldenFixtureTests/Fixtures/v1; today's generator draws other cases).
    nonisolated(unsafe) static var sample: String!

    override class func setUp() {
        super.setUp()
        do {
            folder = try Uppfolj.temporaryFolder()
        } catch {
            fatalError("adversary setup failed: \(error)")
        }
    }

    /// A fresh copy of the frozen sample for each test: every export is now registered in the
    /// journal's release register and kept by later ones, so tests must not share a register.
    override func setUp() {
        super.setUp()
        do {
            Self.sample = try AdversaryRun.frozenSample(in: Self.folder.appendingPathComponent(UUID().uuidString))
        } catch {
            XCTFail("adversary setup failed: \(error)")
        }
    }

    override class func tearDown() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    private var builtIn: PublishedCatalogue { get throws { try PublishedCatalogue.builtIn() } }

    /// Catalogue 2026.1 (19 indicators, before issue 15's Kolada and SU-Kvinnofrid figures), as a
    /// unit catalogue (`--indicators`): the tests of method v2 and the joint year pattern were
    /// measured on it. Catalogue 2026.2's figures of adult victims, narrowed populations with two
    /// conditions, and its role × age crossing link indicators in ways the per-table audit does not
    /// see, and single exports leak again with it (docs/disclosure-control.md §10b).
    private static var catalogue2026_1: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/indicators-2026.1.json").path
    }

    private func export(_ journal: String, _ arguments: [String]) throws -> ExportFile {
        try AdversaryRun.export(journal, arguments, in: Self.folder).file
    }

    private func exportPath(_ journal: String, _ arguments: [String]) throws -> String {
        try AdversaryRun.export(journal, arguments, in: Self.folder).path
    }

    private func range(_ result: Adversary.Result, _ export: Int, _ indicator: String, _ table: String, _ key: [String],
                       _ figure: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard let finding = result.finding(export: export, indicator: indicator, table: table, key: key, figure: figure) else {
            XCTFail("\(indicator)/\(table)\(key).\(figure) is not hidden in export \(export)", file: file, line: line)
            return nil
        }
        return finding.range.description
    }

    private func shown(_ file: ExportFile, _ indicator: String, _ table: String, _ key: [String], _ figure: String) -> Int? {
        guard let i = file.indicators.first(where: { $0.id == indicator }) else { return nil }
        let rows = table == "headline" ? [i.headline] : (i.tables.first { $0.id == table }?.rows ?? [])
        guard let row = rows.first(where: { $0.key == key }) else { return nil }
        let value = figure == "count" ? row.count : figure == "numerator" ? row.numerator : row.denominator
        return value?.suppressed == false ? value?.value : nil
    }

    /// The first example. Under method v1 the quarter's opened total was `..` in every
    /// indicator, but indicator 4 showed its numerator 8 and its categories "utan metod" 5 and
    /// "none" 0, so the total was 8 + 5 + 0 = 13, and with the men (9) the women 13 − 9 = 4: the
    /// population stage had hidden the total as a complement, and indicator 4's own audit did not
    /// guard it. Method v2 guards a population cell hidden elsewhere in every indicator's table
    /// (`isHiddenElsewhere`) and holds every hidden count to k: indicator 4 now hides more, and
    /// the reader's ranges for the total and the women are at least k wide.
    /// Indicator 6's total (the closed victims) is the "closed, role = victim" figure that
    /// indicators 3 and 5b show (10): it was hidden there and given back here; now a population
    /// narrowed by one category takes its total from the wider one (`Layout.narrowing`).
    func testOneQuarterOfTheSampleJournalNoLongerGivesBackItsOpenedTotalAndItsWomen() throws {
        let q1 = try export(Self.sample, ["--period", "2024Q1"])
        let result = try Adversary.attack([q1], catalogues: [builtIn], k: 5)
        // Each figure of the example is now either published (the same value everywhere
        // it appears) or hidden with a range at least k wide.
        for (indicator, table, key, figure) in [("opened", "headline", [String](), "count"),
                                                ("risk-assessed", "headline", [], "denominator"),
                                                ("opened", "bySex", ["female"], "count"),
                                                ("opened", "roleSexAgeBand", ["total", "female", "total"], "count"),
                                                ("violence-stopped", "headline", [], "denominator")] {
            if let value = shown(q1, indicator, table, key, figure) {
                XCTAssertGreaterThanOrEqual(value, 5, "\(indicator)/\(table)\(key).\(figure) published below k")
            } else if let finding = result.finding(export: 0, indicator: indicator, table: table, key: key, figure: figure) {
                XCTAssertFalse(finding.range.isNarrower(than: 5), "\(finding)")
            } else {
                XCTFail("\(indicator)/\(table)\(key).\(figure) neither shown nor hidden")
            }
        }
        XCTAssertEqual(shown(q1, "opened", "headline", [], "count"), shown(q1, "risk-assessed", "headline", [], "denominator"))
        XCTAssertEqual(shown(q1, "violence-stopped", "headline", [], "denominator"),
                       shown(q1, "goal-reached", "byRole", ["victim"], "denominator"), "the same figure as 3's and 5b's victim row")
        print("2024Q1 alone: \(result.summary)")
    }

    /// One export on its own (issue 14's first finding: "one export with the built-in catalogue
    /// already leaks"), with catalogue 2026.1 (see `catalogue2026_1`). On the frozen sample, method v1 left 42, 11, 10 and 0 hidden counts
    /// narrower than k in these four exports; cells hidden elsewhere guarded, every hidden count
    /// held to k, narrowed populations and categories that are breakdown cells bring the last
    /// three to 0.
    ///
    /// 2024Q1 is the exception since the population figures are decided jointly over the year:
    /// the joint pattern hides the quarter's victims and perpetrators (6 and 7) as complements of
    /// each other, and indicators' own cells (crossings, numerators by role) narrow them to a
    /// range 2 wide when combined — the combination *across indicators* of one export that no
    /// single table's audit sees (docs/disclosure-control.md §10b). A ratchet: it may not grow.
    ///
    /// "Several per case" (issue 14 item 3): a case may have several violence types, so no
    /// type's count exceeds its total. The audit did not state it, and 2024Q1 gave back the
    /// violence-types totals by role exactly (6 and 6: each a type's count at its bound). With
    /// the bounds stated (`LinkedTable.upperBounds`) 2024Q1 went from 6 hidden counts narrower
    /// than k (2 exact) to 4 (none exact).
    ///
    /// The last 4 were the victims and perpetrators (6 and 7, hidden as each other's complement)
    /// bounded from below by one indicator's shown numerators and from above by another's: each
    /// table's range k wide, their intersection [5, 7]. With the ranges carried from table to
    /// table (`DerivedRanges`) 2024Q1 is at 0 too: all four at 0.
    func testEachSingleExportOfTheSampleJournalLeaksNothing() throws {
        let catalogue = try PublishedCatalogue.read(path: Self.catalogue2026_1)
        for period in ["2024Q1", "2024Q3", "2024", "2025"] {
            let file = try export(Self.sample, ["--period", period, "--indicators", Self.catalogue2026_1])
            let result = try Adversary.attack([file], catalogues: [catalogue], k: 5)
            if ProcessInfo.processInfo.environment["UPPFOLJ_PRINT_LEAKS"] != nil {
                print("\(period), catalogue 2026.1: \(result.summary)")
                for leak in result.leaks { print("LEAK \(period) \(leak)") }
            }
            XCTAssertEqual(result.leaks.filter { $0.figure.indicator == "violence-types" }.map(\.description), [],
                           "\(period): a type's count bounds its total")
            XCTAssertEqual(result.distinctLeaks, 0,
                           "\(period): \(result.summary); e.g. \(result.leaks.prefix(8).map(\.description))")
        }
    }

    /// Leaks found from a set of exports that none of them gives on its own.
    /// One export on its own with the built-in catalogue 2026.2. Its role × age band crossing is
    /// shown by indicator 2 (in role × sex × age band) and again as the with-intervention share's
    /// denominators: the same figures, decided in two tables, so one table hid a cell the other
    /// showed, and sums gave it back. Now the first indicator of a population decides such a
    /// crossing and later ones take its decision (same figure, one cell). The frozen sample's
    /// 2024 went from 46 hidden counts narrower than k to 8, 2025 from 76 to 50 (the rest:
    /// combinations across indicators, docs/disclosure-control.md §10b). Choosing a category
    /// rather than a headline as complement (issue 14 item 5) brought 2024 to 4 (2025 stays 50).
    /// The reader then got stronger (2026-12-07, once its solver was fast enough): it also knows
    /// that risk method, housing support, number of interventions and legal basis apply to every
    /// case and goal attainment to every closed case (docs/indicators.md), which links the Kolada
    /// and SU-Kvinnofrid populations of adult victims to the unit's own: 2024 at 19 and 2025 at
    /// 51 with the same exports — all of 2024's new ones in the adult closed victims, the
    /// narrowed population whose link is still open (docs/disclosure-control.md §10b).
    /// Since every release is audited as one system before it leaves (the joint release audit,
    /// docs/disclosure-control.md §10c), the attacker finds none in either.
    func testSingleExportsWithTheBuiltInCatalogueDecideSharedCrossingsOnce() throws {
        for (period, allowed) in [("2024", 0), ("2025", 0)] {
            let file = try export(Self.sample, ["--period", period])
            let result = try Adversary.attack([file], catalogues: [builtIn], k: 5)
            print("\(period), catalogue 2026.2: \(result.summary)")
            if ProcessInfo.processInfo.environment["UPPFOLJ_PRINT_LEAKS"] != nil {
                for leak in result.leaks { print("LEAK \(period) \(leak)") }
            }
            XCTAssertLessThanOrEqual(result.distinctLeaks, allowed, "\(period): \(result.summary); e.g. \(result.leaks.prefix(6).map(\.description))")
        }
    }

    /// Quarters and their year: the year's trend row and the quarter exports gave back counts
    /// that each export hid safely on its own (issue 14: "cases opened 2023Q4 = 37 − 12 − 7 −
    /// 14"). Every release is now audited with the earlier releases of the periods it shares
    /// months with (docs/disclosure-control.md §10c): the year is decided with its quarters as
    /// one system, and the attacker finds no hidden count narrower than k in the three together.
    /// (Before, the attacker found counts only the three together gave back.)
    func testAQuarterAndItsYearTogetherNoLongerDiscloseWhatNeitherDoesAlone() throws {
        let files = try ["2024Q1", "2024Q2", "2024"].map { try export(Self.sample, ["--period", $0]) }
        let together = try Adversary.attack(files, catalogues: [builtIn], k: 5)
        XCTAssertTrue(together.leaks.isEmpty, "quarters + year: \(together.summary); e.g. \(together.leaks.prefix(3).map(\.description))")
        print("2024Q1, 2024Q2, 2024: \(together.summary)")
    }

    /// The hole the long form found (docs/disclosure-control.md §11): a year shows the previous
    /// year's headline, the sum of that year's quarters. Once the audit linked a year only to its
    /// own quarters and to the release of the previous year, so a year released after the previous
    /// year's quarters could show a headline that, less three shown quarters, gave back a fourth
    /// those quarters' releases had hidden. The releases within the previous period are linked now,
    /// and the previous headline is a figure the repair may hide.
    func testAYearAndThePreviousYearsQuartersTogetherDiscloseNothing() throws {
        let files = try ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025"].map { try export(Self.sample, ["--period", $0]) }
        let together = try Adversary.attack(files, catalogues: [builtIn], k: 5)
        print("2024Q1–Q4, 2025: \(together.summary)")
        XCTAssertTrue(together.leaks.isEmpty, "the previous year's quarters + the year: \(together.summary); e.g. \(together.leaks.prefix(3).map(\.description))")
    }

    /// A quarter and its year are protected as one structure (issue 14 item 2; population figures
    /// so far): the year's trend row for a quarter is the same figure as that quarter's headline,
    /// so both are shown (with
    /// the same value) or both hidden — never shown in one release and hidden in the other, which
    /// is how "cases opened 2023Q4 = 37 − 12 − 7 − 14" came back. The quarter's population figures
    /// (by role, sex, age band) likewise keep ranges at least k wide over the three exports
    /// (catalogue 2026.1, see `catalogue2026_1`).
    func testAQuartersFiguresAreDecidedAlikeInItsExportAndInItsYear() throws {
        let quarters = try ["2024Q1", "2024Q2"].map { try export(Self.sample, ["--period", $0, "--indicators", Self.catalogue2026_1]) }
        let year = try export(Self.sample, ["--period", "2024", "--indicators", Self.catalogue2026_1])
        var compared = 0
        for indicator in year.indicators {
            guard let trend = indicator.tables.first(where: { $0.id == "trend" }) else { continue }
            for (index, quarter) in quarters.enumerated() {
                let period = ["2024Q1", "2024Q2"][index]
                guard let row = trend.rows.first(where: { $0.key == [period] }),
                      let own = quarter.indicators.first(where: { $0.id == indicator.id }) else { continue }
                // Counts and denominators are population figures, decided jointly over the year.
                // Numerators are an indicator's own cells, still decided per period (docs §10b).
                for (inYear, inQuarter, name) in [(row.count, own.headline.count, "count"),
                                                  (row.denominator, own.headline.denominator, "denominator")] {
                    guard let inYear, let inQuarter else { continue }
                    compared += 1
                    XCTAssertEqual(inYear.suppressed, inQuarter.suppressed, "\(indicator.id) \(period) \(name): year \(inYear), quarter \(inQuarter)")
                    if !inYear.suppressed && !inQuarter.suppressed { XCTAssertEqual(inYear.value, inQuarter.value) }
                }
            }
        }
        XCTAssertGreaterThan(compared, 20)
        let result = try Adversary.attack(quarters + [year], catalogues: [try PublishedCatalogue.read(path: Self.catalogue2026_1)], k: 5)
        for figure in ["headline", "bySex", "byAgeBand", "trend"] {
            let leaks = result.leaks.filter { $0.figure.indicator == "opened" && $0.figure.table == figure }
            XCTAssertEqual(leaks.count, 0, "opened/\(figure): \(leaks.prefix(4).map(\.description))")
        }
        print("2024Q1, 2024Q2, 2024 (joint over the year): \(result.summary)")
    }

    /// Overlapping ranges (Q1..Q3 minus Q1..Q2 is Q3) used to disclose what neither did alone.
    /// Closed by the export grid (issue 14 item 2): a range that is not a quarter or a year is
    /// refused, so the pair can no longer be requested.
    func testOverlappingRangesAreNoLongerExported() throws {
        for period in ["2024Q1..2024Q2", "2024Q1..2024Q3"] {
            let out = Self.folder.appendingPathComponent("range-\(UUID().uuidString).json").path
            let result = try Uppfolj.run(["export", Self.sample, "--format", "json", "--period", period, "--out", out])
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("rutnät"), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        }
    }

    /// `--min-cell 3` against the unit's k = 5 used to show 3s and 4s that the k = 5 export hid,
    /// and helped derive more. k is now the unit's policy (issue 14 item 4): without
    /// `--override-policy` (the admin's) the k = 3 export is refused. With it, the release register
    /// (item 1) keeps the earlier k = 5 release's decisions: what it hid stays hidden, so the pair
    /// gives a reader nothing the k = 5 export alone does not. (Measured before the register: the
    /// pair recovered small counts of the k = 5 export exactly and leaked more than it alone.)
    func testAMinCell3ExportNoLongerOpensTheK5Export() throws {
        let refusedOut = Self.folder.appendingPathComponent("k3-\(UUID().uuidString).json").path
        let refused = try Uppfolj.run(["export", Self.sample, "--format", "json", "--period", "2024Q1", "--min-cell", "3", "--out", refusedOut])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("policy"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: refusedOut))
        let k5 = try export(Self.sample, ["--period", "2024Q1"])
        let k3 = try export(Self.sample, ["--period", "2024Q1", "--min-cell", "3", "--override-policy"])
        XCTAssertEqual(k3.metadata.minimumCellSize, 3)
        let result = try Adversary.attack([k5, k3], catalogues: [builtIn], k: 5)
        let alone = try Adversary.attack([k5], catalogues: [builtIn], k: 5)
        let smallAndExact = result.exact.filter { $0.figure.export == 0 && ($0.range.lower ?? 0) >= 1 && ($0.range.lower ?? 0) <= 4 }
        let smallAndExactAlone = alone.exact.filter { ($0.range.lower ?? 0) >= 1 && ($0.range.lower ?? 0) <= 4 }
        XCTAssertEqual(smallAndExact.count, smallAndExactAlone.count, "the k = 3 export recovers small counts: \(smallAndExact.prefix(4).map(\.description))")
        XCTAssertEqual(result.distinctLeaks, alone.distinctLeaks, "the pair leaks more than the k = 5 export alone")
        print("k = 5 and k = 3 of 2024Q1: \(result.summary); the k = 5 export alone: \(alone.summary)")
    }

    /// `merge` used to take one journal twice under two unit names and double every figure. It now
    /// refuses two exports naming the same journal head. (Exports made at different times name
    /// different heads, since every export is anchored in the journal: see the closing note of the
    /// issue; a stable journal identity in the metadata is still to come.)
    func testAMergeOfOneJournalTwiceIsRefused() throws {
        let a = try exportPath(Self.sample, ["--period", "2024Q1", "--unit", "Enhet A"])
        var json = try String(contentsOfFile: a, encoding: .utf8)
        json = json.replacingOccurrences(of: "\"Enhet A\"", with: "\"Enhet B\"")
        let b = Self.folder.appendingPathComponent("renamed-\(UUID().uuidString).json").path
        try json.write(toFile: b, atomically: true, encoding: .utf8)
        let out = Self.folder.appendingPathComponent("merged-\(UUID().uuidString).json").path
        let result = try Uppfolj.run(["merge", a, b, "--out", out])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("samma journal"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// Utility (issue 14 acceptance, the half that can hold): the sample journal's 2025 export
    /// publishes the number of women among victims, at least k. The frozen sample's 2025 victims
    /// are 28 women, 3 men, 1 "annat" and 1 "okänt"; among the adults (SU-Kvinnofrid's and
    /// Kolada's population) 25 women of 30. All of 33, 30 and 28 shown would pin the adults who
    /// are not women to [2, 5] (the women under 18 are at most 33 − 30 = 3), so one of them is
    /// hidden; the engine keeps the victims (33) and the adult women (25, S1's numerator) and
    /// hides the women of all ages (docs/disclosure-control.md §10b, "Women and men among
    /// victims"). Fails if the women are hidden in both places.
    func testTheSampleYearPublishesTheWomenAmongVictims() throws {
        let year = try export(Self.sample, ["--period", "2025"])
        let allAges = shown(year, "opened", "roleSexAgeBand", ["victim", "female", "total"], "count")
        let adults = shown(year, "suk-women", "headline", [], "numerator")
        let women = allAges ?? adults
        XCTAssertNotNil(women, "the women among the 2025 victims are hidden in indicator 1 and in S1")
        XCTAssertGreaterThanOrEqual(women ?? 0, 5)
        XCTAssertNotNil(shown(year, "opened", "roleSexAgeBand", ["victim", "total", "total"], "count"), "the victims' total")
    }

    /// Utility (issue 14 acceptance as written): the men too. The frozen sample's 2025 has 3 men
    /// among its victims, below k = 5, which rule 1 hides whatever else is shown, folded or not.
    /// The point needs restating; until then the test stays gated.
    func testTheSampleYearPublishesWomenAndMenAmongVictims() throws {
        guard ProcessInfo.processInfo.environment["UPPFOLJ_ADVERSARY_STRICT"] == "1" else {
            throw XCTSkip("cannot pass on the frozen sample: its 2025 has 3 male victims, below k = 5 (the women, 28, are shown); the acceptance point needs restating; run with UPPFOLJ_ADVERSARY_STRICT=1")
        }
        let year = try export(Self.sample, ["--period", "2025"])
        let women = shown(year, "opened", "roleSexAgeBand", ["victim", "female", "total"], "count")
        let men = shown(year, "opened", "roleSexAgeBand", ["victim", "male", "total"], "count")
        XCTAssertNotNil(women)
        XCTAssertNotNil(men)
        XCTAssertGreaterThanOrEqual(women ?? 0, 5)
        XCTAssertGreaterThanOrEqual(men ?? 0, 5)
    }

    // MARK: the acceptance test

    /// What the fast form requests: a small random journal and a second unit, a quarter, the
    /// next quarter, their year, a range, k = 3 beside the unit's k, a merge of the two units, and
    /// a unit catalogue with an indicator that is the complement of a built-in cell.
    private func fastForm() throws -> (files: [ExportFile], catalogues: [PublishedCatalogue], k: Int) {
        let a = try AdversaryRun.journal(cases: 120, seed: 11, until: "2025-12-31", in: Self.folder, name: "fast-a", years: 2)
        let b = try AdversaryRun.journal(cases: 60, seed: 12, until: "2025-12-31", in: Self.folder, name: "fast-b", years: 2)
        let catalogue = try AdversaryRun.unitCatalogue(in: Self.folder)
        var files: [ExportFile] = []
        for period in ["2025Q1", "2025Q2", "2025"] { files.append(try export(a, ["--period", period])) }
        files.append(try export(a, ["--period", "2025Q1", "--min-cell", "3", "--override-policy"]))
        let own = try exportPath(a, ["--period", "2025Q1", "--unit", "Enhet A"])
        let other = try exportPath(b, ["--period", "2025Q1", "--unit", "Enhet B"])
        files.append(try AdversaryRun.merge([own, other], in: Self.folder))
        files.append(try export(a, ["--period", "2025Q1", "--indicators", catalogue.path]))
        return (files, [try builtIn, catalogue.published], 5)
    }

    /// The long form (UPPFOLJ_LONG_TESTS=1): random journals of 50–300 cases, unit k 3 and 5, every
    /// month, quarter and the year, ranges and a rolling year, both k a worker may use, merges with
    /// a second unit, and the unit catalogue.
    private func longForm() throws -> [(name: String, files: [ExportFile], catalogues: [PublishedCatalogue], k: Int)] {
        var rng = SplitMix(seed: 14)
        let catalogue = try AdversaryRun.unitCatalogue(in: Self.folder)
        var runs: [(String, [ExportFile], [PublishedCatalogue], Int)] = []
        for index in 0..<4 {
            let cases = 50 + Int(rng.next() % 251)
            let seed = 100 + index
            let k = index % 2 == 0 ? 5 : 3
            let secondCases = 50 + Int(rng.next() % 100)
            // UPPFOLJ_LONG_ONLY=2,4: only those journals (1-based; the others' draws are kept).
            if let only = ProcessInfo.processInfo.environment["UPPFOLJ_LONG_ONLY"],
               !only.split(separator: ",").contains(Substring("\(index + 1)")) { continue }
            let journal = try AdversaryRun.journal(cases: cases, seed: seed, until: "2025-12-31", in: Self.folder, name: "long-\(index)", years: 2)
            let second = try AdversaryRun.journal(cases: secondCases, seed: seed + 50, until: "2025-12-31",
                                                  in: Self.folder, name: "long-\(index)-b", years: 2)
            // Every period the export grid allows (quarters and years; months and ranges are refused).
            let periods = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025", "2024"]
            var files: [ExportFile] = []
            for period in periods { files.append(try export(journal, ["--period", period, "--min-cell", "\(k)", "--override-policy"])) }
            for period in ["2025Q1", "2025"] where k > 3 {
                files.append(try export(journal, ["--period", period, "--min-cell", "3", "--override-policy"]))
            }
            for period in ["2025Q1", "2025"] {
                let own = try exportPath(journal, ["--period", period, "--min-cell", "\(k)", "--override-policy", "--unit", "Enhet A"])
                let other = try exportPath(second, ["--period", period, "--min-cell", "\(k)", "--override-policy", "--unit", "Enhet B"])
                files.append(try AdversaryRun.merge([own, other], in: Self.folder))
            }
            for period in ["2025Q1", "2025"] {
                files.append(try export(journal, ["--period", period, "--min-cell", "\(k)", "--override-policy", "--indicators", catalogue.path]))
            }
            runs.append(("journal \(index + 1): \(cases) cases, seed \(seed), k = \(k)", files, [try builtIn, catalogue.published], k))
        }
        return runs
    }

    private var longTests: Bool { ProcessInfo.processInfo.environment["UPPFOLJ_LONG_TESTS"] == "1" }

    /// Issue 14's acceptance: no hidden count has a derivable range narrower than k, from
    /// everything released. Today's code leaks; this waits for the defence.
    func testNoHiddenCountHasARangeNarrowerThanK() throws {
        let runs: [(name: String, files: [ExportFile], catalogues: [PublishedCatalogue], k: Int)]
        if longTests { runs = try longForm() } else {
            let fast = try fastForm()
            runs = [("fast form", fast.files, fast.catalogues, fast.k)]
        }
        for (name, files, catalogues, k) in runs {
            let result = try Adversary.attack(files, catalogues: catalogues, k: k)
            print("\(name): \(result.summary)")
            XCTAssertTrue(result.leaks.isEmpty, "\(name): \(result.summary); e.g. \(result.leaks.prefix(5).map(\.description))")
        }
    }

    /// The attacker on exports made by hand (diagnosis, skipped unless UPPFOLJ_ATTACK_DIR is set):
    /// every `*.json` export in that folder, with the built-in catalogue and any unit catalogues
    /// named in UPPFOLJ_ATTACK_CATALOGUES (colon-separated), at k = UPPFOLJ_ATTACK_K (default 5).
    /// Prints the summary and every hidden count narrower than k; fails if there is one.
    func testTheExportsInAFolder() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let folder = environment["UPPFOLJ_ATTACK_DIR"] else { throw XCTSkip("set UPPFOLJ_ATTACK_DIR to a folder of JSON exports") }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        let files = try names.map { try ExportFile.read(path: (folder as NSString).appendingPathComponent($0)) }
        var catalogues = [try builtIn]
        for path in (environment["UPPFOLJ_ATTACK_CATALOGUES"] ?? "").split(separator: ":") {
            catalogues.append(try PublishedCatalogue.read(path: String(path)))
        }
        let result = try Adversary.attack(files, catalogues: catalogues, k: Int(environment["UPPFOLJ_ATTACK_K"] ?? "5") ?? 5)
        print("\(names.count) exports in \(folder): \(result.summary)")
        for leak in result.leaks { print("LEAK \(leak)") }
        XCTAssertTrue(result.leaks.isEmpty, result.summary)
    }

    /// The harness bites: the year and its quarters exported from two copies of one journal,
    /// each copy with its own (empty) release register, so that neither release is decided
    /// with the other in view — what the register and the joint audit prevent, and what a
    /// copied journal gets round (a limit, docs/disclosure-control.md §10c). The attacker,
    /// reading the three files, must find hidden counts narrower than k.
    func testTheAttackerFindsLeaksWhenReleasesDoNotSeeEachOther() throws {
        let copy = try AdversaryRun.frozenSample(in: Self.folder.appendingPathComponent(UUID().uuidString))
        let files = [try export(Self.sample, ["--period", "2024Q1"]), try export(Self.sample, ["--period", "2024Q2"]),
                     try export(copy, ["--period", "2024"])]
        let start = Date()
        let result = try Adversary.attack(files, catalogues: [builtIn], k: 5)
        print(String(format: "quarters and a year that did not see them: %@ (%.1f s)", result.summary, Date().timeIntervalSince(start)))
        XCTAssertFalse(result.leaks.isEmpty, "the attacker found nothing: \(result.summary)")
    }
}

/// Running `uppfolj` for the adversary's tests: journals, exports, merges, a unit catalogue.
enum AdversaryRun {
    static func journal(cases: Int, seed: Int, until: String, in folder: URL, name: String, years: Int = 4) throws -> String {
        let out = folder.appendingPathComponent(name)
        let journal = out.appendingPathComponent("journal").path
        if FileManager.default.fileExists(atPath: journal) { return journal }
        let result = try Uppfolj.run(["sample", "--cases", "\(cases)", "--seed", "\(seed)", "--until", until,
                                      "--years", "\(years)", "--out", out.path])
        guard result.status == 0 else { throw Failure(message: "sample: \(result.stderr)") }
        return journal
    }

    /// A private copy of the 0.4.0 sample journal (the golden v1 fixture) and its key.
    static func frozenSample(in folder: URL) throws -> String {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GoldenFixtureTests/Fixtures/v1")
        let out = folder.appendingPathComponent("sample")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in ["journal", "journal.key"] {
            let target = out.appendingPathComponent(name)
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: target)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
        }
        return out.appendingPathComponent("journal").path
    }

    static func export(_ journal: String, _ arguments: [String], in folder: URL) throws -> (file: ExportFile, path: String) {
        let out = folder.appendingPathComponent("export-\(UUID().uuidString).json").path
        let result = try Uppfolj.run(["export", journal, "--format", "json", "--out", out] + arguments)
        guard result.status == 0 else { throw Failure(message: "export \(arguments): \(result.stderr)") }
        return (try ExportFile.read(path: out), out)
    }

    /// `uppfolj merge` of export files.
    static func merge(_ paths: [String], in folder: URL) throws -> ExportFile {
        let out = folder.appendingPathComponent("merge-\(UUID().uuidString).json").path
        let result = try Uppfolj.run(["merge"] + paths + ["--out", out])
        guard result.status == 0 else { throw Failure(message: "merge: \(result.stderr)") }
        return try ExportFile.read(path: out)
    }

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// A unit catalogue: the built-in one (under its own version) plus "perpetrators not aged
    /// 18–25", the complement of a built-in cell.
    static func unitCatalogue(in folder: URL) throws -> (path: String, published: PublishedCatalogue) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Sources/UppfoljReports/Resources/indicators.json"))
        var json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        json["version"] = "2026.1-enhet"
        var indicators = json["indicators"] as! [[String: Any]]
        indicators.append([
            "id": "perpetrators-not-18-25", "number": "15",
            "name": ["sv": "Utövare utanför 18–25 år", "en": "Perpetrators not aged 18–25"],
            "definition": ["sv": "Ärenden med utövare som inte är 18–25 år, efter inskrivning.",
                           "en": "Perpetrators' cases not aged 18–25, by intake."],
            "kind": "count", "period": "intakeDate",
            "population": [["field": "role", "in": ["perpetrator"]], ["field": "ageBand", "in": ["0-17", "26-40", "41-64", "65+", "unknown"]]],
            "breakdowns": ["sex"],
        ])
        json["indicators"] = indicators
        let out = folder.appendingPathComponent("unit-catalogue.json")
        let written = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        if !FileManager.default.fileExists(atPath: out.path) { try written.write(to: out) }
        return (out.path, try PublishedCatalogue.read(written))
    }
}

/// SplitMix64: a small seeded generator for the long form's journal sizes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
