import UppfoljCore

/// Retracts an earlier event: a reason (required) and an optional comment. Nothing is deleted;
/// the journal keeps both events and every screen uses the corrected view.
enum RetractForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized {
        switch target(ctx)?.original.kind {
        case .correction?: Strings.formRestore   // retracting a correction only ever restores a voided case
        case .intake?: Strings.formVoid
        default: Strings.formRetract
        }
    }

    static func target(_ ctx: FormContext) -> TimelineEntry? {
        guard case .retract(let id) = ctx.kind else { return nil }
        return ctx.caseState?.timeline().first { $0.original.id == id }
    }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues { FormValues() }
    static func values(from event: Event, _ ctx: FormContext) -> FormValues { FormValues() }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        FormEngine.correctionItems(ctx)
    }

    static func summary(_ values: FormValues, _ ctx: FormContext) -> [String] {
        guard let entry = target(ctx) else { return [] }
        return [ctx.t(Strings.retracting(EventText.dated(entry.current, ctx.env.catalogue)))]
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        guard case .retract(let target) = ctx.kind else { return nil }
        guard let reason = r.required(FormEngine.correctionReasonId, CorrectionReason.self) else { return nil }
        let comment = r.text(FormEngine.commentId)
        return FormOutput(date: ctx.env.today, body: .correction(Correction(target: target, action: .retract, reason: reason,
                                                                           comment: comment.isEmpty ? nil : comment)))
    }
}
