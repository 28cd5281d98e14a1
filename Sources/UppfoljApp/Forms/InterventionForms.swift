import UppfoljCore

/// An intervention (insats) begins: its id within the case and its type.
enum InterventionStartForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formInterventionStart }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        let used = Set(ctx.caseState?.interventions.map(\.interventionId) ?? [])
        let next = (1...).lazy.map { "I\($0)" }.first { !used.contains($0) }!
        values.setText(.interventionId, next)
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        if case .interventionStarted(let start) = event.body {
            values.setText(.interventionId, start.interventionId)
            values.setVocab(.type, start.type)
            values.setVocab(.legalBasis, start.legalBasis)
            values.setAnswer(.offeredAndDeclined, start.offeredAndDeclined ?? .unknown)
            values.setText(.accompanyingChildren, start.accompanyingChildren.map(String.init) ?? "")
        }
        return values
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        return [
            .field(f.date(.date, Strings.fieldStartDate)),
            .field(f.text(.interventionId, Strings.fieldInterventionId, maxLength: Validator.maxInterventionIdLength,
                          hint: Strings.interventionIdHint)),
            .field(f.vocab(.type, Strings.fieldInterventionType, InterventionType.self)),
            .field(f.vocab(.legalBasis, Strings.fieldLegalBasis, LegalBasis.self, hint: Strings.legalBasisHint)),
            .field(f.tri(.offeredAndDeclined, Strings.fieldOfferedAndDeclined)),
        ] + (values.choice(.type) == InterventionType.shelter.wireIndex
             ? [.field(f.integer(.accompanyingChildren, Strings.fieldAccompanyingChildren))] : [])
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let date = r.date()
        let type = r.required(.type, InterventionType.self)
        let children = r.optionalInt(.accompanyingChildren)
        guard let date, let type else { return nil }
        var start = InterventionStart(interventionId: r.text(.interventionId), type: type)
        start.legalBasis = r.vocab(.legalBasis, default: LegalBasis.unknown)
        start.offeredAndDeclined = r.answer(.offeredAndDeclined)
        if type == .shelter { start.accompanyingChildren = children }
        return FormOutput(date: date, body: .interventionStarted(start))
    }
}

/// An intervention ends: which one (of the open ones) and how.
enum InterventionEndForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formInterventionEnd }

    /// The interventions the form offers: the open ones (and, when amending, the one the event ended).
    static func choices(_ ctx: FormContext) -> [InterventionRecord] {
        var list = ctx.caseState?.openInterventions ?? []
        if case .interventionEnded(let end)? = ctx.amending?.body, !list.contains(where: { $0.interventionId == end.interventionId }),
           let record = ctx.caseState?.interventions.first(where: { $0.interventionId == end.interventionId }) {
            list.insert(record, at: 0)
        }
        return list
    }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        values.setChoice(.interventionId, choices(ctx).isEmpty ? nil : 0)
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        if case .interventionEnded(let end) = event.body {
            values.setChoice(.interventionId, choices(ctx).firstIndex { $0.interventionId == end.interventionId })
            values.setVocab(.outcome, end.outcome)
        }
        return values
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        let options = choices(ctx).map { Strings.interventionChoice($0) }
        return [
            .field(f.date(.date, Strings.fieldEndDate)),
            .field(f.choice(.interventionId, Strings.fieldIntervention, options)),
            .field(f.vocab(.outcome, Strings.fieldOutcome, InterventionOutcome.self)),
        ]
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let date = r.date()
        let list = choices(ctx)
        let chosen = r.values.choice(.interventionId).flatMap { list.indices.contains($0) ? list[$0] : nil }
        if chosen == nil { r.fail(.interventionId, Strings.mustChoose, code: "app.required") }
        let outcome = r.required(.outcome, InterventionOutcome.self)
        guard let date, let chosen, let outcome else { return nil }
        return FormOutput(date: date, body: .interventionEnded(InterventionEnd(interventionId: chosen.interventionId, outcome: outcome)))
    }
}
