import UppfoljCore

/// T2: the case closes. Reason, violence at closure overall and per type, optional survey.
enum ClosureForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formClosure }

    static func typeId(_ type: ViolenceType) -> FieldPath { FieldPath.violenceByType.appending(type.rawValue) }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        values.setVocab(.violence, ViolenceStatus.unknown)
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        guard case .closure(let closure) = event.body else { return values }
        values.setVocab(.reason, closure.reason, among: ClosureReason.current)
        values.setVocab(.goalAttainment, closure.goalAttainment)
        values.setVocab(.violence, closure.violence)
        for (type, status) in closure.violenceByType { values.setVocab(typeId(type), status) }
        values.setChoice(.surveySituationImproved, closure.survey?.situationImproved.map { $0 - 1 })
        values.setChoice(.surveySupportImportance, closure.survey?.supportImportance.map { $0 - 1 })
        values.setChoice(.surveyFeelingSafe, closure.survey?.feelingSafe.map { $0 - 1 })
        values.setVocab(.violenceSource, closure.violenceSource, among: sources(ctx.caseState?.role))
        values.setVocab(.livingSituation, closure.livingSituation)
        values.setAnswer(.followUpConsent, closure.followUpConsent ?? .unknown)
        values.setVocab(.safeContact, closure.safeContact)
        if let answer = closure.partnerReportedNewViolence { values.setAnswer(.partnerReportedNewViolence, answer) }
        return values
    }

    /// The sources a closure's information on violence can come from (the partner only on a perpetrator's case).
    static func sources(_ role: Role?) -> [InformationSource] {
        role == .perpetrator ? [.client, .partner, .other, .unknown] : [.client, .other, .unknown]
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        var items: [FormItem] = [
            .field(f.date(.date, Strings.fieldClosureDate)),
            .field(f.vocab(.reason, Strings.fieldClosureReason, options: ClosureReason.current)),
            .field(f.vocab(.goalAttainment, Strings.fieldGoalAttainment, GoalAttainment.self)),
            .field(f.vocab(.violence, Strings.fieldViolenceAtClosure, ViolenceStatus.self)),
            .field(f.vocab(.violenceSource, Strings.fieldInformationSource, options: sources(ctx.caseState?.role))),
        ]
        if ctx.caseState?.role == .perpetrator {
            items.append(.field(f.tri(.partnerReportedNewViolence, Strings.fieldPartnerNewViolence)))
        }
        items += [
            .field(f.vocab(.livingSituation, Strings.fieldLivingSituation(ctx.caseState?.role), LivingSituation.self)),
            .field(f.tri(.followUpConsent, Strings.fieldFollowUpConsent)),
            .field(f.vocab(.safeContact, Strings.fieldSafeContact, ContactChannel.self)),
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
        let reason = r.required(.reason, among: ClosureReason.current)
        let attainment = r.required(.goalAttainment, GoalAttainment.self)
        guard let date, let reason, let attainment else { return nil }
        var closure = Closure(reason: reason, goalAttainment: attainment)
        closure.violence = r.vocab(.violence, default: .unknown)
        for type in ViolenceType.allCases {
            if let index = r.values.choice(typeId(type)), ViolenceStatus.allCases.indices.contains(index) {
                closure.violenceByType[type] = ViolenceStatus.allCases[index]
            }
        }
        closure.survey = SurveyFields.read(r)
        let sources = sources(ctx.caseState?.role)
        closure.violenceSource = r.values.choice(.violenceSource).flatMap { sources.indices.contains($0) ? sources[$0] : nil } ?? .unknown
        closure.livingSituation = r.vocab(.livingSituation, default: LivingSituation.unknown)
        closure.followUpConsent = r.answer(.followUpConsent)
        closure.safeContact = r.optionalVocab(.safeContact, ContactChannel.self)
        if ctx.caseState?.role == .perpetrator { closure.partnerReportedNewViolence = r.optionalAnswer(.partnerReportedNewViolence) }
        return FormOutput(date: date, body: .closure(closure))
    }
}

/// The optional client survey (brukarenkät) shared by closure and T3.
enum SurveyFields {
    static func items(_ ctx: FormContext) -> [FormItem] {
        [
            .heading(ctx.t(Strings.headingSurvey)),
            .field(ctx.fields.survey(.surveySituationImproved, Strings.fieldSituationImproved,
                                     low: Strings.surveyMuchWorse, high: Strings.surveyMuchBetter)),
            .field(ctx.fields.survey(.surveySupportImportance, Strings.fieldSupportImportance,
                                     low: Strings.surveyNone, high: Strings.surveyVeryGreat)),
            .field(ctx.fields.survey(.surveyFeelingSafe, Strings.fieldFeelingSafe,
                                     low: Strings.surveyNotAtAll, high: Strings.surveyFully)),
        ]
    }

    static func read(_ r: FormReader) -> ClientSurvey? {
        let survey = ClientSurvey(situationImproved: r.survey(.surveySituationImproved),
                                  supportImportance: r.survey(.surveySupportImportance),
                                  feelingSafe: r.survey(.surveyFeelingSafe))
        return survey == ClientSurvey() ? nil : survey
    }
}
