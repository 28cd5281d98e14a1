import TerminalKit
import UppfoljCore

/// What happens when the runner reports back on an `.append`: "Sparat" only after `.saved`;
/// refusals and failures keep the form and its content.
enum SaveFlow {
    private static func savingFormIndex(_ app: AppState, id: EventID? = nil) -> Int? {
        app.routes.lastIndex { route in
            guard case .form(let form) = route, case .saving(let pending) = form.phase else { return false }
            return id == nil || pending == id
        }
    }

    static func saved(_ id: EventID, _ app: inout AppState, _ env: AppEnvironment) {
        guard let index = savingFormIndex(app, id: id), case .form(let form) = app.routes[index] else { return }
        let ctx = FormEngine.context(for: form, state: app, env: env)
        var title = form.kind.spec.title(ctx)
        if form.amendTarget != nil { title = Strings.amendTitle(title) }
        app.routes.remove(at: index)
        var code = form.caseCode
        if form.kind == .intake, form.amendTarget == nil {
            let newCode = form.values.text(.caseCode).trimmingSpaces
            code = newCode
            if index == app.routes.count { app.routes.append(.caseView(CaseViewState(code: newCode))) }
        }
        app.say(Strings.saved(title, code: code ?? ""), .success)
        // New violence reported: offer a new risk assessment of the case (Enter opens it, Esc declines).
        if form.reportsNewViolence, form.amendTarget == nil, let code, app.overlay == nil {
            // A T3 is recorded on a closed case: no assessment there, the case is reopened first.
            var closed = app.projection[code]?.status == .closed
            if case .followUp = form.kind { closed = true }
            app.overlay = .dialog(DialogState(kind: .offerRiskAssessment(code: code, reopen: closed), selected: 0))
        }
    }

    static func failed(_ message: Localized, _ app: inout AppState, _ env: AppEnvironment) {
        guard let index = savingFormIndex(app), case .form(var form) = app.routes[index] else {
            app.say(Strings.saveFailed(message), .error)
            return
        }
        form.phase = .editing
        app.routes[index] = .form(form)
        app.say(Strings.saveFailed(message), .error)
    }

    static func refused(_ problems: [Problem], _ app: inout AppState, _ env: AppEnvironment) {
        guard let index = savingFormIndex(app), case .form(var form) = app.routes[index] else {
            if let first = problems.first { app.say(first.message, .error) }
            return
        }
        form.phase = .editing
        let ctx = FormEngine.context(for: form, state: app, env: env)
        let unplaced = FormEngine.show(problems, in: &form, ctx)
        app.routes[index] = .form(form)
        app.say(problemSummary(unplaced, inline: form.messages.count), .error)
    }

    /// The status line after a refused save: problems no field shows, else a pointer to the fields.
    static func problemSummary(_ unplaced: [Problem], inline: Int) -> Localized {
        if !unplaced.isEmpty {
            return Localized(sv: unplaced.map(\.message.sv).joined(separator: " "),
                             en: unplaced.map(\.message.en).joined(separator: " "))
        }
        return Strings.fixMarkedFields(inline)
    }
}

/// When a saved event reports new violence, the risk may have changed (issue 17 item 6): a T1 with
/// violence since last time, a partner conversation with new violence, a T3 with new violence.
/// Only "ja" counts; "nej" and "okänt" change nothing, so a plain T1 costs no extra key.
enum RiskPrompt {
    static func reportsNewViolence(_ body: EventBody) -> Bool {
        switch body {
        case .duringFollowUp(let t1): t1.violenceSinceLast == .yes
        case .partnerContact(.conversation(let conversation)): conversation.newViolence == .yes
        case .followUp(let t3): t3.reached && t3.newViolence == .yes
        default: false
        }
    }
}
