import UppfoljCore

/// Återaktualisering (issue 17 item 2): a closed case becomes active again as a new episode. One
/// form records the reopening and the new episode's intake together (one `reopening` event of
/// schema 3): the reason, the new intake date, then the intake's questions as the intake form asks
/// them. The role is the case's and is not asked; the person's stable facts (sex, birth year —
/// never shown — occupation, relation and the other party's sex) are pre-filled from the
/// current intake, while what the new episode is about (violence, risk factors, children,
/// housing) starts as "okänt" to be asked again rather than carried over unseen.
enum ReopeningForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formReopening }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = IntakeForm.initialValues(ctx, kind: kind)
        values.setVocab(.reason, Optional<ReopeningReason>.none)
        if let previous = ctx.caseState?.intake {
            var carried = Intake(role: previous.role)
            carried.sex = previous.sex
            carried.birthYear = previous.birthYear
            carried.occupation = previous.occupation
            carried.relation = previous.relation
            carried.otherPartySex = previous.otherPartySex
            carried.responsibleWorker = nil
            IntakeForm.fill(&values, carried, role: previous.role)
        }
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        if case .reopening(let reopening) = event.body {
            values.setVocab(.reason, reopening.reason)
            IntakeForm.fill(&values, reopening.intake, role: reopening.intake.role)
        }
        return values
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        // A new reopening starts the next episode; an amended (or shown) one is the episode it started.
        let episodes = ctx.caseState?.episodes ?? []
        let number = ctx.amending.flatMap { event in episodes.first { $0.startEventId == event.id }?.number }
            ?? episodes.count + 1
        var date = f.date(.date, Strings.fieldReopeningDate)
        date.hint = ctx.t(Strings.reopeningDateHint)
        var items: [FormItem] = [
            .heading(ctx.t(Strings.headingEpisode(number))),
            .field(f.vocab(.reason, Strings.fieldReopeningReason, ReopeningReason.self)),
            .field(date),
        ]
        // The intake's own fields, without the case code, the role (the case's) and the birth year
        // (the person's, kept as recorded); its intake date is the one above.
        let skipped: Set<FieldPath> = [.caseCode, .role, .birthYear, .date]
        items += IntakeForm.items(values, ctx).filter { item in
            guard let field = item.field else { return true }
            return !skipped.contains(field.id)
        }.drop { if case .heading = $0 { return true } else { return false } }
        return items
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let reason = r.required(.reason, ReopeningReason.self)
        let date = r.date(.date)
        let children = r.optionalInt(.childrenInHousehold)
        guard let role = ctx.caseState?.role, let date, let reason else { return nil }
        var intake = Intake(role: role)
        // The person's recorded birth year is kept (never shown or typed again).
        if case .reopening(let recorded)? = ctx.amending?.body {
            intake.birthYear = recorded.intake.birthYear
        } else {
            intake.birthYear = ctx.caseState?.intake?.birthYear
        }
        intake.childrenInHousehold = children
        IntakeForm.read(&r, into: &intake)
        return FormOutput(date: date, body: .reopening(Reopening(reason: reason, intake: intake)))
    }
}
