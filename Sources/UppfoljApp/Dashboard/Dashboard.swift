import TerminalKit
import UppfoljCore
import UppfoljReports

/// Where the manager view's figures come from.
public enum DashboardSource: Sendable, Equatable {
    /// Computed from a journal: the period can change (each change asks for a new report).
    case journal
    /// An export file: one fixed period, no journal needed (and no case data at hand).
    case export
}

/// The manager view: anonymised group-level figures only. It reads a `Report` and nothing else,
/// so it cannot show a case code or anything about one case.
public struct DashboardState: Sendable {
    public enum Screen: Sendable, Equatable {
        case overview
        case indicator(Int)
    }

    public var report: Report
    public let source: DashboardSource
    public var screen: Screen = .overview
    /// Selected indicator on the overview: a position in `DashboardRenderer.overviewOrder` (the
    /// overview groups the indicators), not an index into `report.indicators`.
    public var selected = 0
    /// The period's figures as they were when the view opened on it (or moved to it): an
    /// indicator whose figures differ now (another worker's save came in) is marked.
    public private(set) var baseline: Report
    /// Ids of the indicators whose figures changed since `baseline`.
    public private(set) var changed: Set<String> = []
    /// First visible line of the indicator screen.
    public var scroll = 0
    public var helpOffset: Int?
    public var message: Localized?
    /// A period asked for and not yet loaded.
    public var loading: ReportPeriod?
    public var size: Size

    public init(report: Report, source: DashboardSource, size: Size) {
        self.report = report
        self.source = source
        self.size = size
        self.baseline = report
    }

    /// A new report: the same period again (caught up) is compared with the baseline; another
    /// period starts a new baseline.
    mutating func replaceReport(_ new: Report) {
        if new.metadata.period != baseline.metadata.period {
            baseline = new
            changed = []
        } else {
            let before = Dictionary(baseline.indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            changed = Set(new.indicators.filter { indicator in
                guard let old = before[indicator.id] else { return true }
                return old.headline != indicator.headline || old.tables != indicator.tables
            }.map(\.id))
        }
        report = new
    }

    var scope: KeyScope {
        switch screen {
        case .overview: .dashboard
        case .indicator: .indicator
        }
    }
}

public enum DashboardMsg: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case reportLoaded(Report)
    case loadFailed(Localized)
}

public enum DashboardEffect: Sendable, Equatable {
    /// Compute the report for this period and send `.reportLoaded`.
    case loadReport(ReportPeriod)
    case quit
}

public func dashboardUpdate(_ state: inout DashboardState, _ msg: DashboardMsg, _ env: AppEnvironment) -> [DashboardEffect] {
    switch msg {
    case .resize(let width, let height):
        state.size = Size(width: max(0, width), height: max(0, height))
        return []
    case .reportLoaded(let report):
        state.replaceReport(report)
        state.loading = nil
        state.scroll = 0
        return []
    case .loadFailed(let message):
        state.loading = nil
        state.message = message
        return []
    case .key(let key):
        return DashboardKeys.handle(key, &state)
    }
}

public func dashboardView(_ state: DashboardState, size: Size, env: AppEnvironment) -> Buffer {
    DashboardRenderer.frame(state, size: size, env: env)
}

enum DashboardKeys {
    static func handle(_ key: Key, _ state: inout DashboardState) -> [DashboardEffect] {
        if let offset = state.helpOffset {
            switch AppKeymap.keymap.action(for: key, on: .help) {
            case .help, .back: state.helpOffset = nil
            case .moveDown: state.helpOffset = offset + 1
            case .moveUp: state.helpOffset = max(0, offset - 1)
            default: break
            }
            return []
        }
        state.message = nil
        guard let action = AppKeymap.keymap.action(for: key, on: state.scope) else { return [] }
        let count = state.report.indicators.count
        let page = max(1, state.size.height - 8)
        switch (action, state.screen) {
        case (.help, _): state.helpOffset = 0
        case (.quit, _): return [.quit]
        case (.back, .indicator): state.screen = .overview
        case (.back, .overview): return [.quit]
        case (.open, .overview) where count > 0:
            let order = DashboardRenderer.overviewOrder(state.report)
            state.screen = .indicator(order.indices.contains(state.selected) ? order[state.selected] : 0)
            state.scroll = 0
        case (.moveDown, .overview): state.selected = min(count - 1, state.selected + 1)
        case (.moveUp, .overview): state.selected = max(0, state.selected - 1)
        case (.pageDown, .overview): state.selected = min(count - 1, state.selected + page)
        case (.pageUp, .overview): state.selected = max(0, state.selected - page)
        case (.first, .overview): state.selected = 0
        case (.last, .overview): state.selected = max(0, count - 1)
        case (.moveDown, .indicator): state.scroll += 1
        case (.moveUp, .indicator): state.scroll = max(0, state.scroll - 1)
        case (.pageDown, .indicator): state.scroll += page
        case (.pageUp, .indicator): state.scroll = max(0, state.scroll - page)
        case (.first, .indicator): state.scroll = 0
        case (.last, .indicator): state.scroll = Int.max / 2
        case (.previousPeriod, _), (.nextPeriod, _), (.cycleGranularity, _):
            guard state.source == .journal else {
                state.message = DashboardStrings.exportFixed
                return []
            }
            let current = state.loading ?? state.report.metadata.period
            let next: ReportPeriod
            switch action {
            case .previousPeriod: next = current.previous
            case .nextPeriod: next = current.next
            default: next = nextGranularity(current)
            }
            guard next.isWithinReportYears else { return [] }
            state.loading = next
            return [.loadReport(next)]
        default: break
        }
        return []
    }

    /// quarter → year → month → quarter, around the period's last month.
    static func nextGranularity(_ period: ReportPeriod) -> ReportPeriod {
        let last = period.last
        if period.isQuarter { return .year(last.year) }
        if period.isYear { return .month(last) }
        return .quarter(last.year, last.quarter)
    }
}
