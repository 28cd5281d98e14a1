import TerminalKit
import UppfoljCore

/// Turns a key into state changes and effects: overlays first, then the search line, then an
/// open form's focused control, then the keymap of the screen.
enum KeyDispatch {
    static func handle(_ key: Key, _ app: inout AppState, _ env: AppEnvironment) -> [Effect] {
        if key == .resize { return [] }
        // Nothing is visible below the minimum size, so keys could only do harm there.
        guard minimumSize.isSatisfied(by: app.size) else { return [] }
        if !(app.topForm?.isSaving ?? false) { app.status = nil }

        switch app.overlay {
        case .dialog(let dialog): return dialogKey(key, dialog, &app, env)
        case .help(let offset): helpKey(key, offset, &app, env); return []
        case nil: break
        }
        if app.baseScope == .search, searchKey(key, &app, env) { return [] }
        if case .form = app.routes.last { return formKey(key, &app, env) }
        let scope = app.baseScope == .search ? (app.tab == .cases ? KeyScope.caseList : .dueList) : app.baseScope
        guard let action = AppKeymap.keymap.action(for: key, on: scope) else { return [] }
        return perform(action, &app, env)
    }

    // MARK: - Screens

    static func perform(_ action: Action, _ app: inout AppState, _ env: AppEnvironment) -> [Effect] {
        let page = max(1, app.size.height - 7)
        switch action {
        case .help:
            app.overlay = .help(offset: 0)
        case .quit:
            return [.quit]
        case .back:
            if !app.routes.isEmpty {
                app.routes.removeLast()
            } else if app.tab == .cases, !app.caseList.query.isEmpty {
                app.caseList.query.clear()
                app.refreshCaseList()
            } else if app.tab == .due, !app.dueList.query.isEmpty {
                app.dueList.query.clear()
                app.dueList.rebuild(app.index)
            }
        case .moveDown, .moveUp, .pageDown, .pageUp, .first, .last:
            move(action, page: page, &app, env)
        case .nextTab, .previousTab:
            app.tab = app.tab == .cases ? .due : .cases
        case .open:
            let code = app.tab == .cases ? app.caseList.selectedCode : app.dueList.selectedItem?.caseCode
            if let code { app.routes.append(.caseView(CaseViewState(code: code))) }
        case .newCase:
            app.routes.append(.form(FormEngine.open(.intake, caseCode: nil, state: app, env: env)))
        case .search:
            // A new search: the kept one is offered selected, so typing replaces it (End or → keeps
            // it for editing).
            if app.tab == .cases {
                app.caseList.isSearching = true
                app.caseList.query.selectAll()
            } else {
                app.dueList.isSearching = true
                app.dueList.query.selectAll()
            }
        case .toggleMine:
            app.caseList.mine = app.caseList.mine == nil ? env.worker : nil
            app.caseList.table.selected = 0
            app.refreshCaseList()
        case .cycleRoleFilter:
            app.caseList.roleFilter = app.caseList.roleFilter.next
            app.refreshCaseList()
        case .cycleStatusFilter:
            app.caseList.statusFilter = app.caseList.statusFilter.next
            app.refreshCaseList()
        case .toggleDueOnly:
            app.caseList.dueOnly.toggle()
            app.refreshCaseList()
        case .cycleSort:
            app.caseList.sort = app.caseList.sort.next
            app.refreshCaseList()
        case .reverseSort:
            app.caseList.ascending.toggle()
            app.refreshCaseList()
        case .newAssessment: openCaseForm(.assessment, &app, env)
        case .startIntervention: openCaseForm(.interventionStart, &app, env)
        case .endIntervention: openCaseForm(.interventionEnd, &app, env)
        case .partnerContact: openCaseForm(.partnerContact, &app, env)
        case .handover: openCaseForm(.handover, &app, env)
        case .duringFollowUp: openCaseForm(.duringFollowUp, &app, env)
        case .closeCase: openCaseForm(.closure, &app, env)
        case .reopen: openCaseForm(.reopening, &app, env)
        case .followUp:
            if app.routes.isEmpty { followUpFromDueList(&app, env) } else { openCaseForm(.followUp(months: nil), &app, env) }
        case .correct:
            startCorrection(&app, env)
        case .cycleDueRole:
            app.dueList.roleFilter = app.dueList.roleFilter.next
            app.dueList.rebuild(app.index)
        case .cycleDueKind:
            app.dueList.kindFilter = app.dueList.kindFilter.next
            app.dueList.rebuild(app.index)
        case .cycleDueSort:
            app.dueList.sort = app.dueList.sort.next
            app.dueList.rebuild(app.index)
        case .showSummary:
            guard case .caseView(let view)? = app.routes.last else { break }
            app.routes.append(.caseSummary(CaseSummaryState(code: view.code)))
        case .showEvent:
            guard case .caseView(let view)? = app.routes.last, let state = app.projection[view.code] else { break }
            let timeline = state.timeline()
            guard let index = view.timeline.selected, timeline.indices.contains(index) else {
                app.say(Strings.selectEventFirst, .error)
                break
            }
            app.routes.append(.eventDetail(EventDetailState(code: view.code, eventId: timeline[index].original.id)))
        default:
            break
        }
        return []
    }

    private static func move(_ action: Action, page: Int, _ app: inout AppState, _ env: AppEnvironment) {
        func apply(_ table: inout TableState, count: Int) {
            switch action {
            case .moveDown: table.selectNext(rowCount: count)
            case .moveUp: table.selectPrevious(rowCount: count)
            case .pageDown: table.pageDown(rowCount: count, pageSize: page)
            case .pageUp: table.pageUp(rowCount: count, pageSize: page)
            case .first: table.selectFirst(rowCount: count)
            case .last: table.selectLast(rowCount: count)
            default: break
            }
        }
        switch app.routes.last {
        case .caseView(let view):
            let count = app.projection[view.code]?.timeline().count ?? 0
            app.modifyTopCaseView { apply(&$0.timeline, count: count) }
        case .caseSummary(let summary):
            let count = CaseSummaryDocument.screenLines(summary.code, projection: app.projection, env: env).count
            let offset = scrolled(summary.offset, action, count: count, page: page, visible: max(1, app.size.height - 4))
            app.modifyTopSummary { $0.offset = offset }
        case .eventDetail(let detail):
            let count = EventDetailScreen.lineCount(detail, app, env: env)
            let offset = scrolled(detail.offset, action, count: count, page: page, visible: max(1, app.size.height - 4))
            app.modifyTopEventDetail { $0.offset = offset }
        case .form, nil:
            if app.tab == .cases {
                apply(&app.caseList.table, count: app.caseList.codes.count)
            } else {
                apply(&app.dueList.table, count: app.dueList.items.count)
            }
        }
    }

    /// A scroll offset after a moving key, kept within the lines.
    private static func scrolled(_ offset: Int, _ action: Action, count: Int, page: Int, visible: Int) -> Int {
        var offset = offset
        switch action {
        case .moveDown: offset += 1
        case .moveUp: offset -= 1
        case .pageDown: offset += page
        case .pageUp: offset -= page
        case .first: offset = 0
        case .last: offset = count
        default: break
        }
        return min(max(0, offset), max(0, count - visible))
    }

    /// Opens a form on the case of the case screen, unless the case cannot take that event now.
    static func openCaseForm(_ kind: FormKind, _ app: inout AppState, _ env: AppEnvironment) {
        guard let code = app.currentCaseCode, let state = app.projection[code] else { return }
        if state.isVoided {
            app.say(Strings.caseVoided(code), .error)
            return
        }
        guard state.intake != nil else { return }
        if let refusal = refusal(kind, state) {
            app.say(refusal, .error)
            return
        }
        app.routes.append(.form(FormEngine.open(kind, caseCode: code, state: app, env: env)))
    }

    /// Why the case cannot take this kind of event now, if it cannot.
    static func refusal(_ kind: FormKind, _ state: CaseState) -> Localized? {
        switch kind {
        case .followUp:
            return state.status == .closed ? nil : Strings.followUpNeedsClosure
        case .reopening:
            return state.status == .closed ? nil : Strings.reopenNeedsClosure
        case .partnerContact where state.role == .victim:
            return Strings.partnerContactVictimCase
        default:
            if state.status == .closed { return Strings.caseClosedMessage }
            if kind == .interventionEnd, state.openInterventions.isEmpty { return Strings.noOpenInterventionsMessage }
            return nil
        }
    }

    private static func followUpFromDueList(_ app: inout AppState, _ env: AppEnvironment) {
        guard let item = app.dueList.selectedItem else { return }
        let months: Int
        switch item.kind {
        case .followUpDue(let m), .followUpOverdue(let m), .followUpUpcoming(let m), .followUpRetry(let m, _): months = m
        default:
            app.say(KeyHints.notAFollowUpRow, .error)
            return
        }
        app.routes.append(.form(FormEngine.open(.followUp(months: months), caseCode: item.caseCode, state: app, env: env)))
    }

    private static func startCorrection(_ app: inout AppState, _ env: AppEnvironment) {
        guard case .caseView(let view)? = app.routes.last, let state = app.projection[view.code] else { return }
        let timeline = state.timeline()
        guard let index = view.timeline.selected, timeline.indices.contains(index) else {
            app.say(Strings.selectEventFirst, .error)
            return
        }
        let entry = timeline[index]
        if state.isVoided {
            // The one correction a voided case takes: retracting its voiding, which restores it.
            guard let voiding = state.voidingCorrection, entry.original.id == voiding.id else {
                app.say(Strings.onlyVoidingCanBeUndone, .error)
                return
            }
            app.overlay = .dialog(DialogState(kind: .confirmRestore(code: view.code, voiding: voiding.id), selected: 0))
            return
        }
        if entry.original.kind == .correction {
            app.say(Strings.cannotCorrectCorrection, .error)
            return
        }
        if case .retracted = entry.standing {
            app.say(Strings.alreadyRetracted, .error)
            return
        }
        app.overlay = .dialog(DialogState(kind: .correctionChoice(code: view.code, target: entry.original.id), selected: 0))
    }

    // MARK: - Search line

    /// Typing edits the query; Enter keeps it; Esc clears it. Other keys go to the list.
    private static func searchKey(_ key: Key, _ app: inout AppState, _ env: AppEnvironment) -> Bool {
        if let action = AppKeymap.keymap.binding(for: key, on: .search).flatMap({ $0.screens == nil ? nil : $0.action }) {
            if app.tab == .due {
                app.dueList.isSearching = false
                if action == .clearSearch { app.dueList.query.clear() }
                app.dueList.rebuild(app.index)
                return true
            }
            app.caseList.isSearching = false
            if action == .clearSearch { app.caseList.query.clear() }
            app.refreshCaseList()
            return true
        }
        guard TextFieldState.isEditingKey(key) else { return false }
        if app.tab == .due {
            // Att göra is searched the same way (issue 17 item 4).
            app.dueList.query.handle(key, kind: .text(maxLength: Validator.maxCaseCodeLength))
            app.dueList.table.selected = 0
            app.dueList.rebuild(app.index)
            return true
        }
        app.caseList.query.handle(key, kind: .text(maxLength: Validator.maxCaseCodeLength))
        app.caseList.table.selected = 0
        app.refreshCaseList()
        return true
    }

    // MARK: - Forms

    private static func formKey(_ key: Key, _ app: inout AppState, _ env: AppEnvironment) -> [Effect] {
        guard var session = app.topForm else { return [] }
        if session.isSaving {
            app.say(Strings.saving, .muted)
            return []
        }
        let ctx = FormEngine.context(for: session, state: app, env: env)
        if FormEngine.handleEditingKey(key, &session, ctx) {
            app.modifyTopForm { $0 = session }
            return []
        }
        guard let action = AppKeymap.keymap.action(for: key, on: .form) else { return [] }
        var effects: [Effect] = []
        switch action {
        case .help:
            app.overlay = .help(offset: 0)
        case .back:
            if session.isDirty {
                app.overlay = .dialog(DialogState(kind: .discardChanges, selected: 1))
            } else {
                app.routes.removeLast()
                return []
            }
        case .nextField:
            FormEngine.moveFocus(&session, by: 1, ctx)
        case .previousField:
            FormEngine.moveFocus(&session, by: -1, ctx)
        case .confirm where session.focusedId != FormEngine.saveButtonId:
            FormEngine.moveFocus(&session, by: 1, ctx)
        case .confirm, .save:
            let (event, unplaced) = FormEngine.prepareSave(&session, ctx)
            if let event {
                session.phase = .saving(event.id)
                session.reportsNewViolence = RiskPrompt.reportsNewViolence(event.body)
                app.say(Strings.saving, .muted)
                effects = [.append(event)]
            } else {
                let summary = SaveFlow.problemSummary(unplaced, inline: session.messages.count)
                // Others' events on the case since the form opened explain the refusal: name them.
                let others = (ctx.caseState?.events ?? []).filter { !session.seenEvents.contains($0.id) && $0.worker != env.worker }
                app.say(others.isEmpty ? summary : Strings.changedMeanwhile(session.caseCode ?? "", others: others, summary), .error)
            }
        case .choiceNext, .choicePrevious, .toggle, .pickValue:
            FormEngine.change(action, key: key, &session, ctx)
        default:
            break
        }
        app.modifyTopForm { $0 = session }
        return effects
    }

    // MARK: - Overlays

    private static func helpKey(_ key: Key, _ offset: Int, _ app: inout AppState, _ env: AppEnvironment) {
        guard let action = AppKeymap.keymap.action(for: key, on: .help) else { return }
        let rows = AppKeymap.helpRows(on: app.baseScope, Translator(env.language)).count
        switch action {
        case .help, .back: app.overlay = nil
        case .moveDown: app.overlay = .help(offset: min(offset + 1, max(0, rows - 1)))
        case .moveUp: app.overlay = .help(offset: max(0, offset - 1))
        case .pageDown: app.overlay = .help(offset: min(offset + 10, max(0, rows - 1)))
        case .pageUp: app.overlay = .help(offset: max(0, offset - 10))
        case .first: app.overlay = .help(offset: 0)
        case .last: app.overlay = .help(offset: max(0, rows - 1))
        default: break
        }
    }

    private static func dialogKey(_ key: Key, _ dialog: DialogState, _ app: inout AppState, _ env: AppEnvironment) -> [Effect] {
        guard let action = AppKeymap.keymap.action(for: key, on: .dialog) else { return [] }
        let count = OverlayScreen.buttonCount(dialog.kind)
        var dialog = dialog
        switch action {
        case .dialogNext: dialog.selected = (dialog.selected + 1) % count
        case .dialogPrevious: dialog.selected = (dialog.selected + count - 1) % count
        case .dialogChoose: return choose(dialog.selected, dialog.kind, &app, env)
        case .dialogYes: return choose(0, dialog.kind, &app, env)
        case .dialogNo: return choose(count - 1, dialog.kind, &app, env)
        default: return []
        }
        app.overlay = .dialog(dialog)
        return []
    }

    private static func choose(_ button: Int, _ kind: DialogState.Kind, _ app: inout AppState, _ env: AppEnvironment) -> [Effect] {
        app.overlay = nil
        switch kind {
        case .discardChanges:
            guard button == 0 else { return [] }
            if case .form = app.routes.last { app.routes.removeLast() }
            app.say(Strings.changesDiscarded)
            return []
        case .correctionChoice(let code, let target):
            guard let entry = app.projection[code]?.timeline().first(where: { $0.original.id == target }) else { return [] }
            switch button {
            case 0:
                guard let kind = FormKind(editing: entry.original.kind) else { return [] }
                app.routes.append(.form(FormEngine.open(kind, caseCode: code, amending: target, state: app, env: env)))
            case 1 where entry.original.kind == .intake:
                // Retracting the intake voids the whole case: ask first (Avbryt is the default).
                app.overlay = .dialog(DialogState(kind: .confirmVoid(code: code, target: target), selected: 1))
            case 1:
                app.routes.append(.form(FormEngine.open(.retract(target: target), caseCode: code, state: app, env: env)))
            default:
                break
            }
            return []
        case .confirmVoid(let code, let target), .confirmRestore(let code, let target):
            guard button == 0 else { return [] }
            app.routes.append(.form(FormEngine.open(.retract(target: target), caseCode: code, state: app, env: env)))
            return []
        case .offerRiskAssessment(let code, let reopen):
            guard button == 0 else { return [] }
            if reopen {
                // A closed case takes no assessment: its new risk is assessed in a new episode.
                var form = FormEngine.open(.reopening, caseCode: code, state: app, env: env)
                form.values.setVocab(.reason, ReopeningReason.newViolence)
                app.routes.append(.form(form))
            } else {
                app.routes.append(.form(FormEngine.open(.assessment, caseCode: code, state: app, env: env)))
            }
            return []
        }
    }
}

extension CaseIterable where Self: Equatable, AllCases == [Self] {
    /// The next case, wrapping around.
    var next: Self {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
