import TerminalKit
import UppfoljCore

/// The two top-level tabs.
enum Tab: Int, Sendable, CaseIterable {
    case cases, due
}

/// A screen pushed on top of a tab: a case, or a form on a case (or a new case).
enum Route: Sendable {
    case caseView(CaseViewState)
    /// One event of the case, read-only (Enter on a timeline row).
    case eventDetail(EventDetailState)
    /// The case's summary (`s` on the case screen).
    case caseSummary(CaseSummaryState)
    case form(FormSession)
}

struct CaseViewState: Sendable {
    var code: String
    /// Selection in the timeline (nil: select the newest on first draw).
    var timeline = TableState()
}

/// A message for the status line, kept as both languages until drawn.
struct StatusNote: Sendable, Equatable {
    var text: Localized
    var role: StyleRole
}

/// Modal things drawn over the screen.
enum Overlay: Sendable {
    case help(offset: Int)
    case dialog(DialogState)
}

struct DialogState: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// "Kasta ändringar?" before leaving a dirty form.
        case discardChanges
        /// Amend or retract the selected timeline event.
        case correctionChoice(code: String, target: EventID)
        /// "Makulera ärendet?" before the retraction form for a case's intake.
        case confirmVoid(code: String, target: EventID)
        /// "Återställ ärendet?" before the form that retracts the voiding of a case.
        case confirmRestore(code: String, voiding: EventID)
        /// "Ny riskbedömning?" after a save that reported new violence (issue 17 item 6); on a
        /// closed case (a T3) the new assessment needs the case reopened first (`reopen`).
        case offerRiskAssessment(code: String, reopen: Bool)
    }
    var kind: Kind
    var selected: Int
}

/// Everything the screens need. A value: copying it is cheap (the projection is copy-on-write).
public struct AppState: Sendable {
    public internal(set) var projection: Projection
    /// When the last message was handled (from the environment's clock), and its local day, which
    /// the cached due list was computed for.
    public internal(set) var now: Timestamp
    public private(set) var today: Day
    /// The terminal size from the last `.resize` (the layout pass uses it).
    public internal(set) var size: Size
    var tab: Tab = .cases
    /// Screens above the current tab, innermost last.
    var routes: [Route] = []
    /// Summaries of all cases and the due list, kept up to date when the projection changes.
    var index = CaseIndex()
    /// Where the projection stood when `index` was last brought up to date with it.
    private var indexMark: Projection.Mark?
    /// Rebuild the index and lists from the whole projection on every change, as before issue 20
    /// (the benchmark's "before", and the reference the incremental update is tested against).
    public var rebuildsIndexFully = false
    var caseList = CaseListState()
    var dueList = DueListState()
    var overlay: Overlay?
    var status: StatusNote?
    /// When the last key was handled (the idle lock counts from it).
    var lastActivity: Timestamp
    /// Set while the idle lock is engaged: the screen is blank and asks for the passphrase.
    var lock: IdleLockState?
    /// The idle lock is engaged.
    public var isLocked: Bool { lock != nil }

    public init(projection: Projection, env: AppEnvironment, size: Size = Size(width: 80, height: 24)) {
        let env = env.reading(env.clock.now())
        self.projection = projection
        self.size = size
        now = env.now
        today = env.today
        lastActivity = env.now
        index = CaseIndex(projection: projection, env: env)
        indexMark = projection.mark
        dueList.rebuild(index)
        if env.mineByDefault { caseList.mine = env.worker }
        caseList.rebuild(index)
    }

    // MARK: - Queries the runner (and tests) may use

    /// The key scope that gets the next key.
    public var scope: KeyScope {
        switch overlay {
        case .dialog: return .dialog
        case .help: return .help
        case nil: return baseScope
        }
    }

    /// The scope of the screen itself, under any overlay.
    public var baseScope: KeyScope {
        switch routes.last {
        case .form: return .form
        case .caseView: return .caseView
        case .eventDetail: return .eventDetail
        case .caseSummary: return .caseSummary
        case nil: return tab == .cases ? (caseList.isSearching ? .search : .caseList) : (dueList.isSearching ? .search : .dueList)
        }
    }

    /// A form is open and holds unsaved changes.
    public var hasUnsavedChanges: Bool {
        routes.contains { if case .form(let form) = $0 { return form.isDirty } else { return false } }
    }

    /// The code of the topmost case screen in the route stack (a form above it keeps it open).
    var openCaseCode: String? {
        for route in routes.reversed() { if case .caseView(let view) = route { return view.code } }
        return nil
    }

    /// The case code of the case screen (or form) on top, if any.
    public var currentCaseCode: String? {
        switch routes.last {
        case .caseView(let view): return view.code
        case .eventDetail(let detail): return detail.code
        case .caseSummary(let summary): return summary.code
        case .form(let form): return form.caseCode
        case nil: return nil
        }
    }

    /// Shows a notice from the runner in the status line until the next key (e.g. the journal's
    /// "a torn tail was cut off" message on open).
    public mutating func showNotice(_ text: Localized, isError: Bool = false) {
        say(text, isError ? .error : .warning)
    }

    // MARK: - Internal helpers

    var topForm: FormSession? {
        if case .form(let form) = routes.last { return form }
        return nil
    }

    mutating func modifyTopForm(_ body: (inout FormSession) -> Void) {
        guard case .form(var form) = routes.last else { return }
        body(&form)
        routes[routes.count - 1] = .form(form)
    }

    mutating func modifyTopCaseView(_ body: (inout CaseViewState) -> Void) {
        guard case .caseView(var view) = routes.last else { return }
        body(&view)
        routes[routes.count - 1] = .caseView(view)
    }

    mutating func modifyTopEventDetail(_ body: (inout EventDetailState) -> Void) {
        guard case .eventDetail(var detail) = routes.last else { return }
        body(&detail)
        routes[routes.count - 1] = .eventDetail(detail)
    }

    mutating func modifyTopSummary(_ body: (inout CaseSummaryState) -> Void) {
        guard case .caseSummary(var summary) = routes.last else { return }
        body(&summary)
        routes[routes.count - 1] = .caseSummary(summary)
    }

    mutating func say(_ text: Localized, _ role: StyleRole = .normal) {
        status = StatusNote(text: text, role: role)
    }

    /// Drops this state's share of the projection while the runner's store changes its own copy (a
    /// save, catching up with others' appends): a projection held twice is copied whole on the
    /// store's next change, which costs time in proportion to the journal. The next
    /// `.projectionChanged` gives the state the store's projection back; nothing may be drawn or
    /// updated in between.
    public mutating func lendProjection() {
        projection = Projection(catalogue: projection.catalogue)
    }

    /// Takes back the projection lent with `lendProjection` when it did not change meanwhile.
    public mutating func returnProjection(_ projection: Projection) {
        self.projection = projection
    }

    mutating func replaceProjection(_ projection: Projection, _ env: AppEnvironment) {
        // Only the cases changed since the index was brought up to date are looked at, when that can
        // be told (the same line of projection states, the same day and rules); otherwise all.
        let changes = rebuildsIndexFully || !index.isCurrent(for: env) ? nil
            : indexMark.flatMap { projection.casesChanged(since: $0) }
        self.projection = projection
        today = env.today
        indexMark = projection.mark
        if let changes, !changes.settings {
            let applied = changes.codes.sorted().map { index.update($0, in: projection) }
            dueList.apply(applied, totalCount: index.dueItems.count)
            caseList.apply(applied, totalCount: index.summaries.count)
        } else {
            index = CaseIndex(projection: projection, env: env)
            dueList.rebuild(index)
            caseList.rebuild(index)
        }
        for position in routes.indices {
            guard case .caseView(var view) = routes[position] else { continue }
            // A case screen that showed its newest event keeps showing the newest one.
            let count = projection[view.code]?.timeline().count ?? 0
            if let selected = view.timeline.selected, selected >= count - 2 { view.timeline.selected = max(0, count - 1) }
            routes[position] = .caseView(view)
        }
    }

    /// Rebuilds the cached lists after a filter or sort change.
    mutating func refreshCaseList() {
        caseList.rebuild(index)
    }
}
