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
        values.setChoice("monthsAfterClosure", monthOptions(ctx).firstIndex(of: months))
        values.setVocab("housing", Housing.unknown)
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText("date", event.effectiveDate.iso)
        guard case .followUp(let t3) = event.body else { return values }
        values.setChoice("monthsAfterClosure", monthOptions(ctx).firstIndex(of: t3.monthsAfterClosure))
        values.setBool("reached", t3.reached)
        values.setAnswer("newViolence", t3.newViolence)
        values.setSet("newViolenceTypes", t3.newViolenceTypes)
        values.setAnswer("newPoliceReport", t3.newPoliceReport)
        values.setVocab("housing", t3.housing)
        values.setChoice("survey.situationImproved", t3.survey?.situationImproved.map { $0 - 1 })
        values.setChoice("survey.supportImportance", t3.survey?.supportImportance.map { $0 - 1 })
        return values
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        var items: [FormItem] = [
            .field(f.date("date", Strings.fieldFollowUpDate)),
            .field(f.choice("monthsAfterClosure", Strings.fieldMonthsAfterClosure, monthOptions(ctx).map(Strings.monthsLabel))),
            .field(f.bool("reached", Strings.fieldClientReached)),
        ]
        guard values.choice("reached") == FormValues.yes else { return items }
        items.append(.field(f.tri("newViolence", Strings.fieldNewViolence)))
        if values.tri("newViolence") == .yes {
            items.append(.field(f.set("newViolenceTypes", Strings.fieldViolenceTypes, ViolenceType.self, unknownOption: false)))
        }
        items.append(.field(f.tri("newPoliceReport", Strings.fieldNewPoliceReport)))
        items.append(.field(f.vocab("housing", Strings.fieldHousing, Housing.self)))
        items += SurveyFields.items(ctx)
        return items
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let date = r.date()
        let months = r.values.choice("monthsAfterClosure").flatMap { index in
            let list = monthOptions(ctx)
            return list.indices.contains(index) ? list[index] : nil
        }
        if months == nil { r.fail("monthsAfterClosure", Strings.mustChoose, code: "app.required") }
        let reached = r.requiredBool("reached")
        guard let date, let months, let reached else { return nil }
        var t3 = FollowUpAfterClosure(reached: reached)
        t3.monthsAfterClosure = months
        if reached {
            t3.newViolence = r.answer("newViolence")
            t3.newViolenceTypes = t3.newViolence == .yes ? r.set("newViolenceTypes", ViolenceType.self) : []
            t3.newPoliceReport = r.answer("newPoliceReport")
            t3.housing = r.vocab("housing", default: .unknown)
            t3.survey = SurveyFields.read(r)
        }
        return FormOutput(date: date, body: .followUp(t3))
    }
}
