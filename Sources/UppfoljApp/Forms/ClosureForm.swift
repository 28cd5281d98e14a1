import UppfoljCore

/// T2: the case closes. Reason, violence at closure overall and per type, optional survey.
enum ClosureForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formClosure }

    static func typeId(_ type: ViolenceType) -> String { "violenceByType.\(type.rawValue)" }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        values.setVocab("violence", ViolenceStatus.unknown)
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText("date", event.effectiveDate.iso)
        guard case .closure(let closure) = event.body else { return values }
        values.setVocab("reason", closure.reason)
        values.setVocab("violence", closure.violence)
        for (type, status) in closure.violenceByType { values.setVocab(typeId(type), status) }
        values.setChoice("survey.situationImproved", closure.survey?.situationImproved.map { $0 - 1 })
        values.setChoice("survey.supportImportance", closure.survey?.supportImportance.map { $0 - 1 })
        return values
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        var items: [FormItem] = [
            .field(f.date("date", Strings.fieldClosureDate)),
            .field(f.vocab("reason", Strings.fieldClosureReason, ClosureReason.self)),
            .field(f.vocab("violence", Strings.fieldViolenceAtClosure, ViolenceStatus.self)),
            .heading(ctx.t(Strings.headingViolenceByType)),
        ]
        for type in ViolenceType.allCases {
            items.append(.field(f.choice(typeId(type), type.label, ViolenceStatus.allCases.map(\.label) + [Strings.notGiven],
                                         placeholder: Strings.notGiven)))
        }
        items += SurveyFields.items(ctx)
        return items
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let date = r.date()
        let reason = r.required("reason", ClosureReason.self)
        guard let date, let reason else { return nil }
        var closure = Closure(reason: reason)
        closure.violence = r.vocab("violence", default: .unknown)
        for type in ViolenceType.allCases {
            if let index = r.values.choice(typeId(type)), ViolenceStatus.allCases.indices.contains(index) {
                closure.violenceByType[type] = ViolenceStatus.allCases[index]
            }
        }
        closure.survey = SurveyFields.read(r)
        return FormOutput(date: date, body: .closure(closure))
    }
}

/// The optional client survey (brukarenkät) shared by closure and T3.
enum SurveyFields {
    static func items(_ ctx: FormContext) -> [FormItem] {
        [
            .heading(ctx.t(Strings.headingSurvey)),
            .field(ctx.fields.survey("survey.situationImproved", Strings.fieldSituationImproved)),
            .field(ctx.fields.survey("survey.supportImportance", Strings.fieldSupportImportance)),
        ]
    }

    static func read(_ r: FormReader) -> ClientSurvey? {
        let survey = ClientSurvey(situationImproved: r.survey("survey.situationImproved"),
                                  supportImportance: r.survey("survey.supportImportance"))
        return survey.situationImproved == nil && survey.supportImportance == nil ? nil : survey
    }
}
