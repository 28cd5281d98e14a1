import TerminalKit
import UppfoljCore

/// The one form engine: every event form is a configuration (`EventFormSpec`) of it.
enum FormEngine {
    /// The save button is the last stop of the focus order; it is no field of an event.
    static let saveButtonId = FieldPath("__save")
    static let correctionReasonId = FieldPath.correction.appending("reason")
    static let commentId = FieldPath.comment

    // MARK: - Opening

    /// A new form, or with `amending` a form pre-filled with that event's current values.
    static func open(_ kind: FormKind, caseCode: String?, amending target: EventID? = nil,
                     state: AppState, env: AppEnvironment) -> FormSession {
        var session = FormSession(kind: kind, caseCode: caseCode, amendTarget: target, values: FormValues(),
                                  initial: FormValues(), focusedId: saveButtonId)
        let ctx = context(for: session, state: state, env: env)
        let values: FormValues
        if let current = ctx.amending {
            values = kind.spec.values(from: current, ctx)
        } else {
            values = kind.spec.initialValues(ctx, kind: kind)
        }
        session.values = values.selectingPrefilledText()
        session.initial = values
        session.focusedId = focusOrder(items(session, ctx)).first ?? saveButtonId
        session.seenEvents = Set(ctx.caseState?.events.map(\.id) ?? [])
        return session
    }

    static func context(for session: FormSession, state: AppState, env: AppEnvironment) -> FormContext {
        let caseState = session.caseCode.flatMap { state.projection[$0] }
        var current: Event?
        var original: Event?
        if let target = session.amendTarget, let entry = caseState?.timeline().first(where: { $0.original.id == target }) {
            current = entry.current
            original = entry.original
        }
        return FormContext(kind: session.kind, env: env, projection: state.projection, caseCode: session.caseCode, caseState: caseState,
                           amending: current, amendingOriginal: original, t: Translator(env.language))
    }

    // MARK: - Fields and focus

    /// The form's items; an amending form starts with the correction's reason and comment.
    static func items(_ session: FormSession, _ ctx: FormContext) -> [FormItem] {
        let own = session.kind.spec.items(session.values, ctx)
        guard session.amendTarget != nil else { return own }
        return correctionItems(ctx) + [.heading(ctx.t(Strings.headingNewValues))] + own
    }

    static func correctionItems(_ ctx: FormContext) -> [FormItem] {
        [
            .heading(ctx.t(Strings.headingCorrection)),
            .field(ctx.fields.vocab(correctionReasonId, Strings.fieldCorrectionReason, CorrectionReason.self)),
            .field(ctx.fields.text(commentId, Strings.fieldComment, maxLength: Validator.maxCommentLength,
                                   placeholder: Strings.optionalPlaceholder, hint: Strings.commentHint)),
        ]
    }

    static func focusOrder(_ items: [FormItem]) -> [FieldPath] {
        items.compactMap(\.field?.id) + [saveButtonId]
    }

    static func focusedSpec(_ session: FormSession, _ ctx: FormContext) -> FieldSpec? {
        items(session, ctx).compactMap(\.field).first { $0.id == session.focusedId }
    }

    /// Keeps focus on a field that exists (fields come and go as values change).
    static func normalizeFocus(_ session: inout FormSession, _ ctx: FormContext) {
        let order = focusOrder(items(session, ctx))
        if !order.contains(session.focusedId) { session.focusedId = order.first ?? saveButtonId }
    }

    static func moveFocus(_ session: inout FormSession, by delta: Int, _ ctx: FormContext) {
        let order = focusOrder(items(session, ctx))
        let index = order.firstIndex(of: session.focusedId) ?? 0
        session.focusedId = order[(index + delta + order.count) % order.count]
    }

    // MARK: - Editing

    /// Keys the focused control takes before the keymap: text editing in text fields, moving
    /// inside a checkbox list. Returns false when the keymap should have the key.
    static func handleEditingKey(_ key: Key, _ session: inout FormSession, _ ctx: FormContext) -> Bool {
        guard let spec = focusedSpec(session, ctx) else { return false }
        switch spec.control {
        case .text(let kind, _):
            switch key {
            case .char("?") where !kind.accepts("?", into: [], at: 0):
                return false  // `?` opens the help from date and number fields
            case _ where TextFieldState.isEditingKey(key):
                guard case .text(var field) = session.values[spec.id] ?? .text(TextFieldState()) else { return false }
                let before = field.text
                field.handle(key, kind: kind)
                session.values[spec.id] = .text(field)
                if field.text != before { changed(spec.id, &session, ctx) }
                return true
            default:
                return false
            }
        case .choice(let options, _):
            // A letter jumps to the next option starting with it; j/k move between fields when no option does.
            guard case .char(let c) = key, c.isLetter,
                  let index = LetterJump.index(of: c, in: options, after: session.values.choice(spec.id)) else { return false }
            session.values.setChoice(spec.id, index)
            changed(spec.id, &session, ctx)
            return true
        case .multi(let options, _):
            if case .char(let c) = key, c.isLetter {
                guard case .multi(var list) = session.values[spec.id] ?? .multi(MultiChoiceState()),
                      let index = LetterJump.index(of: c, in: options, after: list.cursor) else { return false }
                list.cursor = index
                session.values[spec.id] = .multi(list)
                return true
            }
            guard key == .up || key == .down else { return false }
            guard case .multi(var list) = session.values[spec.id] ?? .multi(MultiChoiceState()) else { return false }
            guard list.handle(key, optionCount: options.count) else { return false }
            session.values[spec.id] = .multi(list)
            return true
        default:
            return false
        }
    }

    /// Changes the focused control's value for a keymap action (←, →, Space, a digit).
    static func change(_ action: Action, key: Key, _ session: inout FormSession, _ ctx: FormContext) {
        guard let spec = focusedSpec(session, ctx) else { return }
        let id = spec.id
        switch spec.control {
        case .choice(let options, _):
            var choice = ChoiceState(selected: session.values.choice(id))
            switch action {
            case .choiceNext, .toggle: choice.selectNext(count: options.count)
            case .choicePrevious: choice.selectPrevious(count: options.count)
            default: return
            }
            session.values.setChoice(id, choice.selected)
        case .scale(let picks, let range):
            var choice = ChoiceState(selected: session.values.choice(id))
            switch action {
            case .choiceNext, .toggle: choice.selectNext(count: picks.count)
            case .choicePrevious: choice.selectPrevious(count: picks.count)
            case .pickValue:
                guard case .char(let c) = key else { return }
                guard let index = picks.firstIndex(where: { $0.key == c }) else {
                    session.messages[id] = Strings.outOfScale(String(c), range: range, item: spec.label)
                    return
                }
                choice.selected = index
            default: return
            }
            session.values.setChoice(id, choice.selected)
        case .tri:
            var value = session.values.tri(id) ?? .unknown  // unanswered reads (and shows) as unknown
            switch action {
            case .choiceNext, .toggle: value = TriState.cycle(value, forward: true)
            case .choicePrevious: value = TriState.cycle(value, forward: false)
            default: return
            }
            session.values.setTri(id, value)
        case .multi(let options, let exclusiveLast):
            guard action == .toggle, !options.isEmpty else { return }
            guard case .multi(var list) = session.values[id] ?? .multi(MultiChoiceState()) else { return }
            list.cursor = min(max(0, list.cursor), options.count - 1)
            list.toggle()
            if exclusiveLast, list.checked.contains(list.cursor) {
                let last = options.count - 1
                list.checked = list.cursor == last ? [last] : list.checked.subtracting([last])
            }
            session.values[id] = .multi(list)
        case .text:
            return
        }
        changed(id, &session, ctx)
    }

    private static func changed(_ id: FieldPath, _ session: inout FormSession, _ ctx: FormContext) {
        session.messages[id] = nil
        session.kind.spec.didChange(id, &session.values, ctx)
        normalizeFocus(&session, ctx)
    }

    // MARK: - Saving

    /// Runs the app's own checks (every text field against control characters and personnummer, dates, numbers, the
    /// form's rules, then the journal's validator). Returns the event to append, or nil with
    /// inline messages set and the problems no field shows (for the status line).
    static func prepareSave(_ session: inout FormSession, _ ctx: FormContext) -> (event: Event?, unplaced: [Problem]) {
        let items = self.items(session, ctx)
        var reader = FormReader(session.values)
        for spec in items.compactMap(\.field) {
            if case .text = spec.control {
                reader.problems += Validator.textProblems(session.values.text(spec.id), field: spec.id)
            }
        }
        let output = session.kind.spec.build(&reader, ctx)
        var reason: CorrectionReason?
        if session.amendTarget != nil { reason = reader.required(correctionReasonId, CorrectionReason.self) }

        var problems = reader.problems
        var event: Event?
        if problems.isEmpty, let output, let code = output.caseCode ?? session.caseCode {
            var body = output.body
            var date = output.date
            if let target = session.amendTarget, let reason {
                let originalDate = ctx.amendingOriginal?.effectiveDate
                let comment = reader.text(commentId)
                body = .correction(Correction(target: target, action: .amend(body: body, effectiveDate: date == originalDate ? nil : date),
                                              reason: reason, comment: comment.isEmpty ? nil : comment))
                date = ctx.env.today
            }
            let candidate = Event(id: ctx.env.ids.next(), caseCode: code, recordedAt: ctx.env.now, effectiveDate: date,
                                  worker: ctx.env.worker, body: body)
            problems = Validator(catalogue: ctx.env.catalogue, today: ctx.env.today).validate(candidate, in: ctx.projection)
            if problems.isEmpty { event = candidate }
        }
        if let event { return (event, []) }
        // The form's own problems kept the event from being built: say what is wrong with the date
        // too, so every wrong field is marked at once (not one more with each save).
        if !reader.problems.isEmpty, session.amendTarget == nil, let kind = session.kind.eventKind,
           !problems.contains(where: { $0.field == .date }), let date = Day(iso: session.values.text(.date).trimmingSpaces) {
            problems += Validator(catalogue: ctx.env.catalogue, today: ctx.env.today)
                .dateProblems(date, kind: kind, caseCode: session.caseCode, in: ctx.projection)
        }
        return (nil, show(problems, in: &session, ctx))
    }

    /// Puts each problem under the field its path names (or the closest enclosing field) and
    /// focuses the first one. Returns the problems no visible field can show.
    @discardableResult
    static func show(_ problems: [Problem], in session: inout FormSession, _ ctx: FormContext) -> [Problem] {
        let items = self.items(session, ctx)
        let ids = items.compactMap(\.field?.id)
        // A scale's "7 is not on the scale" note stays (it was said at the key; the value is unchanged).
        let scaleIds = Set(items.compactMap(\.field).filter { if case .scale = $0.control { return true } else { return false } }.map(\.id))
        session.messages = session.messages.filter { scaleIds.contains($0.key) }
        var unplaced: [Problem] = []
        var firstField: FieldPath?
        for problem in problems {
            guard let id = fieldId(for: problem.field, among: ids) else {
                unplaced.append(problem)
                continue
            }
            if let existing = session.messages[id], existing != problem.message {
                session.messages[id] = Localized(sv: existing.sv + " " + problem.message.sv, en: existing.en + " " + problem.message.en)
            } else {
                session.messages[id] = problem.message
            }
            if firstField == nil || ids.firstIndex(of: id)! < ids.firstIndex(of: firstField!)! { firstField = id }
        }
        if let firstField { session.focusedId = firstField }
        return unplaced
    }

    /// The field a problem path names: exact, else the longest field id it starts with ("ratings.R3.x" → "ratings.R3").
    static func fieldId(for path: FieldPath, among ids: [FieldPath]) -> FieldPath? {
        if ids.contains(path) { return path }
        return ids.filter { $0.contains(path) }.max { $0.rawValue.count < $1.rawValue.count }
    }
}
