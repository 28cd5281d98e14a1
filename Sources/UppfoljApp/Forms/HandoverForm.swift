import UppfoljCore

/// Hands the case over to another responsible worker (issue 16 item 4): an event of schema 2
/// (`handover`); the recording worker is the event's own. The case list's "mina ärenden" follows it.
enum HandoverForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formHandover }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues { datedValues(ctx) }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        if case .handover(let handover) = event.body { values.setText(.toWorker, handover.toWorker) }
        return values
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        var items: [FormItem] = [.field(f.date(.date, Strings.fieldDate))]
        if let now = ctx.caseState?.responsibleWorker {
            items.append(.heading(ctx.t(Strings.responsibleNow(now))))
        }
        items.append(.field(f.text(.toWorker, Strings.fieldNewResponsible, maxLength: Validator.maxWorkerLength,
                                   hint: Strings.newResponsibleHint)))
        return items
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let date = r.date()
        let worker = r.text(.toWorker)
        if worker.isEmpty { r.fail(.toWorker, Strings.newResponsibleMissing) }
        guard let date, !worker.isEmpty else { return nil }
        return FormOutput(date: date, body: .handover(Handover(toWorker: worker)))
    }
}
