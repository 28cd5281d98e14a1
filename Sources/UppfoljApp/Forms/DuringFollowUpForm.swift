import UppfoljCore

/// T1: an optional, repeatable follow-up while the work is under way.
enum DuringFollowUpForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formDuringFollowUp }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        values.setVocab(.housing, Housing.unknown)
        if ctx.caseState?.role == .victim { values.setSet(.protectiveMeasures, nil as VocabularySet<ProtectiveMeasure>?) }
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        if case .duringFollowUp(let t1) = event.body {
            values.setAnswer(.violenceSinceLast, t1.violenceSinceLast)
            values.setSet(.violenceTypes, t1.violenceTypes)
            values.setAnswer(.policeReport, t1.policeReport)
            values.setVocab(.housing, t1.housing)
            values.setSet(.protectiveMeasures, t1.protectiveMeasures)
            values.setVocab(.goalProgress, t1.goalProgress)
        }
        return values
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        var items: [FormItem] = [
            .field(f.date(.date, Strings.fieldDate)),
            .field(f.tri(.violenceSinceLast, Strings.fieldViolenceSinceLast)),
        ]
        if values.tri(.violenceSinceLast) == .yes {
            items.append(.field(f.set(.violenceTypes, Strings.fieldViolenceTypes, ViolenceType.self, unknownOption: false)))
        }
        items.append(.field(f.tri(.policeReport, Strings.fieldPoliceReport)))
        items.append(.field(f.vocab(.housing, Strings.fieldHousing, Housing.self)))
        if ctx.caseState?.role == .victim {
            items.append(.field(f.set(.protectiveMeasures, Strings.fieldProtectiveMeasures, ProtectiveMeasure.self, unknownOption: true)))
        }
        items.append(.field(f.choice(.goalProgress, Strings.fieldGoalProgress, GoalAttainment.allCases.map(\.label),
                                     placeholder: Strings.notRecordedPlaceholder)))
        return items
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        guard let date = r.date() else { return nil }
        var t1 = DuringFollowUp()
        t1.violenceSinceLast = r.answer(.violenceSinceLast)
        t1.violenceTypes = t1.violenceSinceLast == .yes ? r.set(.violenceTypes, ViolenceType.self) : []
        t1.policeReport = r.answer(.policeReport)
        t1.housing = r.vocab(.housing, default: .unknown)
        if ctx.caseState?.role == .victim { t1.protectiveMeasures = r.optionalSet(.protectiveMeasures, ProtectiveMeasure.self) }
        t1.goalProgress = r.optionalVocab(.goalProgress, GoalAttainment.self)
        return FormOutput(date: date, body: .duringFollowUp(t1))
    }
}
