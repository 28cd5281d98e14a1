import UppfoljCore

/// T3: the follow-up after closure. The point (months after closure) defaults to the one due.
enum FollowUpForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formFollowUp }

    /// The month offsets offered: the policy's (the due list's come from it), plus the one amended.
    static func monthOptions(_ ctx: FormContext) -> [Int] {
        var months = Set(ctx.env.policy.monthsAfterClosure)
        if case .followUp(let amended)? = ctx.amending?.body { months.insert(amended.monthsAfterClosure) }
        return months.sorted()
    }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        var preset: Int?
        if case .followUp(let months) = kind { preset = months }
        let due = ctx.caseState.map { DueList.pendingFollowUps(of: $0, policy: ctx.env.policy).first?.months } ?? nil
        let months = preset ?? due ?? ctx.env.policy.monthsAfterClosure.min() ?? 6
        values.setChoice(.monthsAfterClosure, monthOptions(ctx).firstIndex(of: months))
        values.setVocab(.housing, Housing.unknown)
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        guard case .followUp(let t3) = event.body else { return values }
        values.setChoice(.monthsAfterClosure, monthOptions(ctx).firstIndex(of: t3.monthsAfterClosure))
        values.setBool(.reached, t3.reached)
        values.setAnswer(.newViolence, t3.newViolence)
        values.setSet(.newViolenceTypes, t3.newViolenceTypes)
        values.setAnswer(.newPoliceReport, t3.newPoliceReport)
        values.setVocab(.housing, t3.housing)
        values.setChoice(.surveySituationImproved, t3.survey?.situationImproved.map { $0 - 1 })
        values.setChoice(.surveySupportImportance, t3.survey?.supportImportance.map { $0 - 1 })
        values.setChoice(.surveyFeelingSafe, t3.survey?.feelingSafe.map { $0 - 1 })
        values.setText(.attempts, t3.attempts.map(String.init) ?? "")
        values.setVocab(.notReachedReason, t3.notReachedReason)
        values.setChoice(.source, t3.source.flatMap { sources(ctx.caseState?.role).firstIndex(of: $0) })
        values.setVocab(.livingSituation, t3.livingSituation)
        if let answer = t3.partnerReportedNewViolence { values.setAnswer(.partnerReportedNewViolence, answer) }
        return values
    }

    /// Where a T3's information can come from (the partner only on a perpetrator's case).
    static func sources(_ role: Role?) -> [InformationSource] {
        role == .perpetrator ? [.client, .partner, .register, .other] : [.client, .register, .other]
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        var items: [FormItem] = [
            .field(f.date(.date, Strings.fieldFollowUpDate)),
            .field(f.choice(.monthsAfterClosure, Strings.fieldMonthsAfterClosure, monthOptions(ctx).map(Strings.monthsLabel))),
            .field(f.bool(.reached, Strings.fieldClientReached)),
            .field(f.integer(.attempts, Strings.fieldAttempts)),
        ]
        if values.choice(.reached) == FormValues.no {
            items.append(.field(f.vocab(.notReachedReason, Strings.fieldNotReachedReason, NotReachedReason.self)))
        }
        guard values.choice(.reached) == FormValues.yes else { return items }
        let role = ctx.caseState?.role
        items.append(.field(f.vocab(.source, Strings.fieldInformationSource, options: sources(role))))
        if role == .perpetrator {
            items.append(.field(f.tri(.partnerReportedNewViolence, Strings.fieldPartnerNewViolence)))
        }
        items.append(.field(f.tri(.newViolence, Strings.fieldNewViolence)))
        if values.tri(.newViolence) == .yes {
            items.append(.field(f.set(.newViolenceTypes, Strings.fieldViolenceTypes, ViolenceType.self, unknownOption: false)))
        }
        items.append(.field(f.tri(.newPoliceReport, Strings.fieldNewPoliceReport)))
        items.append(.field(f.vocab(.housing, Strings.fieldHousing, Housing.self)))
        items.append(.field(f.vocab(.livingSituation, Strings.fieldLivingSituation(role), LivingSituation.self)))
        items += SurveyFields.items(ctx)
        return items
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let date = r.date()
        let months = r.values.choice(.monthsAfterClosure).flatMap { index in
            let list = monthOptions(ctx)
            return list.indices.contains(index) ? list[index] : nil
        }
        if months == nil { r.fail(.monthsAfterClosure, Strings.mustChoose, code: "app.required") }
        let reached = r.requiredBool(.reached)
        let attempts = r.optionalInt(.attempts)
        guard let date, let months, let reached else { return nil }
        var t3 = FollowUpAfterClosure(reached: reached)
        t3.monthsAfterClosure = months
        t3.attempts = attempts
        let role = ctx.caseState?.role
        if !reached { t3.notReachedReason = r.optionalVocab(.notReachedReason, NotReachedReason.self) }
        if reached {
            t3.newViolence = r.answer(.newViolence)
            t3.newViolenceTypes = t3.newViolence == .yes ? r.set(.newViolenceTypes, ViolenceType.self) : []
            t3.newPoliceReport = r.answer(.newPoliceReport)
            t3.housing = r.vocab(.housing, default: .unknown)
            t3.survey = SurveyFields.read(r)
            let sources = sources(role)
            t3.source = r.values.choice(.source).flatMap { sources.indices.contains($0) ? sources[$0] : nil } ?? .unknown
            t3.livingSituation = r.vocab(.livingSituation, default: LivingSituation.unknown)
            if role == .perpetrator { t3.partnerReportedNewViolence = r.optionalAnswer(.partnerReportedNewViolence) }
        }
        return FormOutput(date: date, body: .followUp(t3))
    }
}
