import TerminalKit
import UppfoljApp
import UppfoljCore
import UppfoljReports

/// Where the manager view's figures come from when they follow a journal: a period's report, and
/// catching up with what other processes appended.
public protocol DashboardFigures {
    func report(_ period: ReportPeriod) throws -> Report
    /// Folds in others' appends; true when a figure may have changed.
    mutating func catchUp() throws -> Bool
}

/// The manager view as the runner drives it: key → update → effects (compute a period's report)
/// → view. With a journal (`figures`) it also catches up, between keys, with events other
/// processes appended; from an export (no figures) it only waits for keys.
public struct DashboardScreen: RunnerScreen {
    public let env: AppEnvironment
    public private(set) var figures: (any DashboardFigures)?
    public private(set) var state: DashboardState

    public init(report: Report, source: DashboardSource, figures: (any DashboardFigures)?, env: AppEnvironment, size: Size) {
        self.env = env
        self.figures = figures
        state = DashboardState(report: report, source: source, size: size)
    }

    /// Runs the manager view on `terminal` until the manager quits or the terminal goes away.
    public static func run(_ report: Report, source: DashboardSource, figures: (any DashboardFigures)?, env: AppEnvironment,
                           on terminal: some TerminalDevice) throws {
        var screen = DashboardScreen(report: report, source: source, figures: figures, env: env, size: terminal.size)
        try Runner.run(&screen, on: terminal)
    }

    /// How long the view waits for a key before it looks for others' appends.
    public static let followMs = 2_000

    public var idleTimeoutMs: Int? { figures == nil ? nil : Self.followMs }
    /// One key per frame (every key may start a computation that shows "Räknar …").
    public var keysPerFrame: Int { 1 }

    public func frame(size: Size) -> Buffer { dashboardView(state, size: size, env: env) }

    public mutating func resized(to size: Size, _ display: Display) throws -> KeyOutcome {
        perform(dashboardUpdate(&state, .resize(width: size.width, height: size.height), env), display)
    }

    public mutating func handle(_ key: Key, _ display: Display) throws -> KeyOutcome {
        perform(dashboardUpdate(&state, .key(key), env), display)
    }

    public mutating func idle(_ display: Display) throws -> KeyOutcome {
        guard var source = figures, try source.catchUp() else { return .next }
        figures = source
        _ = dashboardUpdate(&state, .reportLoaded(try source.report(state.report.metadata.period)), env)
        return .next
    }

    private mutating func perform(_ first: [DashboardEffect], _ display: Display) -> KeyOutcome {
        var effects = first
        while let effect = effects.first {
            effects.removeFirst()
            switch effect {
            case .quit:
                return .quit
            case .loadReport(let period):
                display.draw(dashboardView(state, size: display.size, env: env))   // shows "Räknar …"
                guard let figures else { continue }
                do {
                    effects += dashboardUpdate(&state, .reportLoaded(try figures.report(period)), env)
                } catch {
                    effects += dashboardUpdate(&state, .loadFailed(Localized(sv: "Kunde inte räkna: \(error)", en: "Could not compute: \(error)")), env)
                }
            }
        }
        return .next
    }
}
