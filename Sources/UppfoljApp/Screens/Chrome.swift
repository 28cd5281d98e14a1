import TerminalKit
import UppfoljCore

/// The frame around every screen: tab bar on top, key hints and status line at the bottom.
enum Chrome {
    /// ` Uppfölj  Ärenden │ Att göra (7)  › T-1 › Bedömning            Tab byt flik · ? hjälp`
    static func tabBar(_ app: AppState, into buffer: inout Buffer, area: Rect, env: AppEnvironment) {
        let t = Translator(env.language)
        var x = buffer.put(string: " " + t(Strings.appName) + " ", at: area.origin, style: .title)
        x += 1
        let due = app.dueList.totalCount
        let titles = [t(Strings.tabCases), t(Strings.tabDue) + (due > 0 ? " (\(due))" : "")]
        for (index, title) in titles.enumerated() {
            if index > 0 { x = buffer.put(string: Glyphs.unicode.tabDivider, at: Position(x: x, y: area.y), style: .muted) }
            x = buffer.put(string: " " + title + " ", at: Position(x: x, y: area.y),
                           style: index == app.tab.rawValue ? .selection : .normal)
        }
        var crumbs: [String] = []
        for route in app.routes {
            switch route {
            case .caseView(let view): crumbs.append(view.code)
            case .caseSummary: crumbs.append(t(Strings.scopeCaseSummary))
            case .eventDetail(let detail):
                if let event = app.projection[detail.code]?.timeline().first(where: { $0.original.id == detail.eventId })?.current {
                    crumbs.append(EventDetailScreen.title(event, t))
                }
            case .form(let form):
                let ctx = FormEngine.context(for: form, state: app, env: env)
                crumbs.append(t(form.kind.spec.title(ctx)))
            }
        }
        let right: String
        switch app.baseScope {
        case .form: right = t(KeyHints.tabBarForm)
        case .caseView, .eventDetail, .caseSummary: right = t(KeyHints.tabBarCase)
        default: right = t(KeyHints.tabBarList)
        }
        let rightX = area.maxX - right.displayWidth - 1
        if !crumbs.isEmpty {
            let text = " › " + crumbs.joined(separator: " › ")
            buffer.put(string: text.truncated(toWidth: max(0, rightX - x - 1)), at: Position(x: x, y: area.y))
        }
        if rightX > x { buffer.put(string: right, at: Position(x: rightX, y: area.y), style: .muted) }
    }

    /// The scope's keys with their short words, from the keymap: `Enter öppna  n nytt ärende …`.
    static func hintLine(_ scope: KeyScope, into buffer: inout Buffer, area: Rect, env: AppEnvironment) {
        let t = Translator(env.language)
        var x = area.x
        for hint in AppKeymap.hints(on: scope, t) {
            let width = hint.keys.displayWidth + 1 + hint.word.displayWidth
            guard x + width <= area.maxX else { break }
            x = buffer.put(string: hint.keys, at: Position(x: x, y: area.y), style: Style(.normal, attributes: .bold))
            x = buffer.put(string: " " + hint.word, at: Position(x: x, y: area.y), style: .muted)
            x += 2
        }
    }

    /// `hl01 · Journal   Sparat: Bedömning (T-1)                 2024-06-01`
    static func statusLine(_ app: AppState, into buffer: inout Buffer, area: Rect, env: AppEnvironment) {
        let t = Translator(env.language)
        let message = app.status.map { StatusMessage(t($0.text), role: $0.role) }
        if message != nil {
            // A message gets the whole line; only the demo warning stays beside it.
            StatusLine(left: env.demo ? t(Strings.demoShort) : "", message: message).render(into: &buffer, area: area)
        } else {
            let left = env.worker + " · " + t(env.demo ? Strings.demoIndicator : Strings.journalIndicator)
            StatusLine(left: left, right: env.today.iso).render(into: &buffer, area: area)
        }
    }
}

/// Draws a whole frame. `update` runs it too (on its own state) so scroll offsets that keep
/// the selection visible are remembered between frames.
enum Renderer {
    static func frame(_ app: inout AppState, size: Size, env: AppEnvironment) -> Buffer {
        let t = Translator(env.language)
        guard minimumSize.isSatisfied(by: size) else {
            return minimumSize.tooSmallFrame(size: size, message: t(Strings.tooSmall(minimumSize.text)))
        }
        var buffer = Buffer(size: size)
        let rows = buffer.area.splitVertically([.length(1), .fill(), .length(1), .length(1)])
        Chrome.tabBar(app, into: &buffer, area: rows[0], env: env)
        let body = rows[1]
        switch app.routes.last {
        case .caseView(var view):
            CaseViewScreen.render(app, view: &view, into: &buffer, area: body, env: env)
            app.modifyTopCaseView { $0 = view }
        case .caseSummary(var summary):
            CaseSummaryDocument.render(app, summary: &summary, into: &buffer, area: body, env: env)
            app.modifyTopSummary { $0 = summary }
        case .eventDetail(var detail):
            EventDetailScreen.render(app, detail: &detail, into: &buffer, area: body, env: env)
            app.modifyTopEventDetail { $0 = detail }
        case .form(var form):
            FormScreen.render(app, session: &form, into: &buffer, area: body, env: env)
            app.modifyTopForm { $0 = form }
        case nil:
            switch app.tab {
            case .cases: CaseListScreen.render(&app, into: &buffer, area: body, env: env)
            case .due: DueListScreen.render(&app, into: &buffer, area: body, env: env)
            }
        }
        Chrome.hintLine(app.scope, into: &buffer, area: rows[2], env: env)
        Chrome.statusLine(app, into: &buffer, area: rows[3], env: env)
        OverlayScreen.render(&app, into: &buffer, env: env)
        return buffer
    }
}
