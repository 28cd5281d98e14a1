import ArgumentParser
import Foundation
import UppfoljCore
import UppfoljReports
import UppfoljStore

/// The one way group-level figures leave the unit. `uppfolj export` (CSV, JSON) and `uppfolj report`
/// (the board report, HTML) both go through `Release.make`: the period must be on the release grid,
/// k is the unit's policy, the figures are computed and suppressed once into one `Report`, the file
/// is rendered from that very value, and the release is in the access log before the file is written.
/// Every release is decided with all earlier ones in view and registered (`ReleaseRegister`).
struct Release {
    /// The suppressed figures that leave.
    let report: Report
    /// The rendered file.
    let data: Data
    /// The day the figures were computed on.
    let asOf: Day
    /// The k used.
    let minimumCellSize: Int

    /// Computes the figures of the requested period and renders them with `render`; logs the
    /// release (`format` names it in the access log, e.g. "json", "csv-sv", "html-sv"). Throws an
    /// `ExitCode` after printing the reason when the release is refused or cannot be made.
    static func make(common: CommonOptions, journal: JournalArgument, figures: FigureOptions, asOf: AsOfOption,
                     worker: String?, format: String, render: (Report, Day) throws -> Data) throws -> Release {
        // The figures as the journal stood at the end of the as-of day (today unless `--as-of`):
        // events recorded later are left out, and the header's head hash is the head after the
        // last event included, so the same journal, period, k and day give the same file.
        let today = try asOf.day(today: Day.today(), common)
        let period = try figures.reportPeriod(today: today, common)
        // Periods on a grid (issue 14 item 2): only calendar quarters and years leave the unit, so
        // every release, its previous-period row and its trend rows (quarters) are grid periods.
        // A range equal to a grid period is that period (2025Q1..2025Q4 reads as 2025).
        guard period.isOnReleaseGrid else {
            printError(common.say(
                "Perioden \(period) ligger inte i exportens rutnät: exportera ett kvartal (t.ex. 2025Q1) eller ett år (t.ex. 2025). Månader, godtyckliga intervall och rullande perioder exporteras inte, eftersom skillnader mellan överlappande perioder kan röja små antal.",
                "The period \(period) is not on the export grid: export a quarter (e.g. 2025Q1) or a year (e.g. 2025). Months, arbitrary ranges and rolling periods are not exported, since differences between overlapping periods can reveal small counts."))
            throw Exit.refused
        }
        let catalogue = try figures.indicatorCatalogue(common)
        let instruments = try loadCatalogue(common)
        // --override-policy is the admin's (issue 16); a release itself a manager's.
        let store = try openStore(journal.path, common, catalogue: instruments, readOnly: true,
                                  allow: figures.overridePolicy ? Roles.admin : Roles.figures,
                                  what: figures.overridePolicy ? Localized(sv: "export --override-policy", en: "export --override-policy")
                                      : Localized(sv: "en export eller rapport", en: "an export or report"), worker: worker,
                                  recordedThrough: today)
        let who = try identity(store, given: worker, common)
        let control = try figures.control(common, policy: store.projection.unitSettings.minimumCellSize, releases: true)
        let rollup = IndicatorRollup(projection: store.projection)
        // The journal's events stay in memory until the process ends: freeing half a million
        // objects one by one would cost longer than the report (the OS reclaims it at exit).
        _ = Unmanaged.passRetained(store)
        let source = FigureSource(store: store, rollup: rollup, catalogue: catalogue,
                                  control: control, unit: figures.unitName, today: today)
        // Every earlier release, from the register (issue 14 item 1): its decisions are kept.
        let earlier: [ReleaseRecord]
        do {
            earlier = try store.registeredReleases()
        } catch let error as StoreError {
            // The register or the access log that vouches for it cannot be used (missing, cut,
            // replaced, damaged): a file could not be used, as when the access log cannot be written.
            printError(common.say("Exporten gjordes inte: ", "Nothing exported: ") + common.text(error.message))
            throw Exit.unusable
        }
        var history = ReleaseHistory(earlier.map(\.figures))
        // The population figures decided jointly with the other periods of the year (issue 14),
        // every figure an earlier release showed or hid decided as it was then.
        var released = try source.releaseReport(period, history: history)
        // The joint audit: the reader's attack on the whole release, all indicators as one system,
        // together with the earlier releases of the periods it shares months with.
        // A hidden count narrower than k hides the shown figures it rests on, and the figures are
        // decided again with those hidden, until none is narrower; else the release is refused.
        let audit = try JointReleaseAudit(earlier: earlier, period: period, catalogue: catalogue)
        // The audit of a year on a small unit can take a minute: a person at a terminal is told
        // what is going on, round by round (nothing when standard error is a file or a pipe).
        let progress = isatty(STDERR_FILENO) == 1
        var round = 1
        func announce() {
            guard progress else { return }
            let with: String
            switch earlier.count {
            case 0: with = ""
            case 1: with = common.say(" tillsammans med 1 tidigare utlämning", " together with 1 earlier release")
            case let n: with = common.say(" tillsammans med \(n) tidigare utlämningar", " together with \(n) earlier releases")
            }
            printError(common.say("Granskar \(period)\(with) (omgång \(round)) …", "Auditing \(period)\(with) (round \(round)) …"))
        }
        announce()
        while let leaks = try audit.repair(released, period: period, history: &history) {
            guard leaks.hidMore else {
                let named = leaks.named.prefix(3).joined(separator: "; ")
                printError(common.say(
                    "Exporten gjordes inte: tillsammans med tidigare utlämningar skulle \(leaks.count) dolda antal gå att räkna fram snävare än k (\(named)), och det går inte att dölja mer utan att ändra något som redan lämnats ut. Se uppfolj releases.",
                    "Nothing exported: together with earlier releases, \(leaks.count) hidden counts could be worked out more narrowly than k (\(named)), and nothing more can be hidden without changing what has already been released. See uppfolj releases."))
                throw Exit.refused
            }
            if progress {
                printError(common.say("  \(leaks.count) dolda antal skulle gå att räkna fram snävare än k: fler siffror döljs.",
                                      "  \(leaks.count) hidden counts would be derivable more narrowly than k: more figures are hidden."))
            }
            released = try source.releaseReport(period, history: history)
            round += 1
            announce()
        }
        let conflicts = history.conflicts(released.figures)
        guard conflicts.isEmpty else {
            // The engine keeps earlier decisions whenever it can; when the table cannot be protected
            // with them (a figure hidden before would now follow from figures shown before), the
            // release is refused rather than contradict what readers already hold.
            let named = conflicts.prefix(5).map { "\($0.indicator) \($0.period) \($0.cell)" }.joined(separator: "; ")
            printError(common.say(
                "Exporten gjordes inte: \(conflicts.count) siffror skulle visas eller döljas på annat sätt än i en tidigare utlämning (\(named)), och två olika mönster för samma siffror kan tillsammans röja små antal. Se uppfolj releases.",
                "Nothing exported: \(conflicts.count) figures would be shown or hidden otherwise than in an earlier release (\(named)), and two different patterns for the same figures can together reveal small counts. See uppfolj releases."))
            throw Exit.refused
        }
        let report = released.report
        let data = try render(report, today)
        let policyOverride = control.rule.minimumCellSize != (store.projection.unitSettings.minimumCellSize ?? DisclosureControl.defaultMinimumCellSize)
        // Every release is in the register and the access log before it leaves: period, format,
        // k, and every figure shown or hidden.
        do {
            let now = Int64(Date().timeIntervalSince1970)
            let head = try store.register(ReleaseRecord(
                time: now, worker: who, period: period.description, format: format,
                minimumCellSize: control.rule.minimumCellSize, policyOverride: policyOverride,
                catalogueVersion: catalogue.version, asOf: today.iso, journalRecords: store.recordCount,
                journalHead: store.headHash, figures: released.figures,
                readerView: try audit.readerView(released.report), publishedCatalogue: audit.catalogueData),
                decidedWith: earlier.count)
            var entry = AccessRecord(time: now, worker: who,
                                     action: .export, period: period.description, format: format,
                                     minimumCellSize: control.rule.minimumCellSize)
            if policyOverride { entry.policyOverride = true }
            entry.releaseRecords = head.records
            entry.releaseHead = head.hash
            try store.logAccess(entry)
        } catch let error as StoreError {
            printError(common.say("Exporten gjordes inte: utlämningsregistret eller åtkomstloggen kunde inte skrivas. ",
                                  "Nothing exported: the release register or the access log could not be written. ")
                       + common.text(error.message))
            throw Exit.unusable
        }
        return Release(report: report, data: data, asOf: today, minimumCellSize: control.rule.minimumCellSize)
    }

    /// Writes the file (or standard output for `-`) and says what was written and how much was hidden.
    func write(to out: String, _ common: CommonOptions) throws {
        if out == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try writeOutput(data, to: out)
        } catch {
            printError(common.say("Kunde inte skriva \(out): \(error.localizedDescription)", "Could not write \(out): \(error.localizedDescription)"))
            throw Exit.unusable
        }
        let tally = report.countFigureTally
        let percent = tally.figures == 0 ? 0 : (200 * tally.hidden + tally.figures) / (2 * tally.figures)
        let period = report.metadata.period
        printError(common.say("Skrev \(out): \(report.indicators.count) indikatorer för \(period), k = \(minimumCellSize); dolda antal: \(tally.hidden) av \(tally.figures) (\(percent) %).",
                              "Wrote \(out): \(report.indicators.count) indicators for \(period), k = \(minimumCellSize); hidden counts: \(tally.hidden) of \(tally.figures) (\(percent) %)."))
    }
}
