import UppfoljCore

/// T0, the intake that opens a case: the case code and every fact of DOMAIN.md §4.
enum IntakeForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formIntake }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        fill(&values, Intake(role: .victim), role: nil)
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText("date", event.effectiveDate.iso)
        if case .intake(let intake) = event.body { fill(&values, intake, role: intake.role) }
        // The birth year is never shown: left empty it stays as recorded.
        values.setText("birthYear", "")
        return values
    }

    private static func fill(_ values: inout FormValues, _ intake: Intake, role: Role?) {
        values.setVocab("role", role)
        values.setVocab("sex", intake.sex)
        values.setText("birthYear", intake.birthYear.map(String.init) ?? "")
        values.setVocab("referral", intake.referral)
        values.setVocab("relation", intake.relation)
        values.setAnswer("multiplePerpetrators", intake.multiplePerpetrators)
        values.setSet("violenceTypes", intake.violenceTypes)
        values.setAnswer("honourContext", intake.honourContext)
        values.setText("childrenInHousehold", intake.childrenInHousehold.map(String.init) ?? "")
        values.setAnswer("childrenWitnessed", intake.childrenWitnessed)
        values.setAnswer("childrenExposed", intake.childrenExposed)
        values.setAnswer("policeReport", intake.policeReport)
        values.setSet("protectiveMeasures", intake.protectiveMeasures)
        values.setVocab("housing", intake.housing)
        values.setVocab("occupation", intake.occupation)
        values.setAnswer("substanceUse", intake.substanceUse)
        values.setAnswer("functionalImpairment", intake.functionalImpairment)
        values.setAnswer("interpreterNeeded", intake.interpreterNeeded)
        values.setAnswer("reportOfConcern", intake.reportOfConcern)
        values.setVocab("legalBasis", intake.legalBasis)
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        var items: [FormItem] = [.heading(ctx.t(Strings.headingCase))]
        if !ctx.isAmending {
            items.append(.field(f.text("caseCode", Strings.fieldCaseCode, maxLength: Validator.maxCaseCodeLength,
                                       placeholder: Strings.caseCodePlaceholder, hint: Strings.caseCodeHint)))
        }
        items += [
            .field(f.date("date", Strings.fieldIntakeDate)),
            .field(f.vocab("role", Strings.fieldRole, Role.self)),
            .field(f.vocab("referral", Strings.fieldReferral, ReferralSource.self)),
            .field(f.vocab("legalBasis", Strings.fieldLegalBasis, LegalBasis.self)),
            .heading(ctx.t(Strings.headingPerson)),
            .field(f.vocab("sex", Strings.fieldSex, Sex.self)),
            .field(f.integer("birthYear", Strings.fieldBirthYear,
                             placeholder: ctx.isAmending ? Strings.birthYearUnchanged : Strings.unknownPlaceholder,
                             hint: Strings.birthYearHint)),
            .field(f.vocab("occupation", Strings.fieldOccupation, Occupation.self)),
            .field(f.vocab("housing", Strings.fieldHousing, Housing.self)),
            .field(f.tri("substanceUse", Strings.fieldSubstanceUse)),
            .field(f.tri("functionalImpairment", Strings.fieldFunctionalImpairment)),
            .field(f.tri("interpreterNeeded", Strings.fieldInterpreter)),
            .heading(ctx.t(Strings.headingViolence)),
            .field(f.vocab("relation", Strings.fieldRelation, Relation.self)),
            .field(f.tri("multiplePerpetrators", Strings.fieldMultiplePerpetrators)),
            .field(f.set("violenceTypes", Strings.fieldViolenceTypes, ViolenceType.self, unknownOption: true)),
            .field(f.tri("honourContext", Strings.fieldHonour)),
            .field(f.tri("policeReport", Strings.fieldPoliceReport)),
            .field(f.set("protectiveMeasures", Strings.fieldProtectiveMeasures, ProtectiveMeasure.self, unknownOption: true)),
            .heading(ctx.t(Strings.headingChildren)),
            .field(f.integer("childrenInHousehold", Strings.fieldChildren)),
            .field(f.tri("childrenWitnessed", Strings.fieldChildrenWitnessed)),
            .field(f.tri("childrenExposed", Strings.fieldChildrenExposed)),
            .field(f.tri("reportOfConcern", Strings.fieldReportOfConcern)),
        ]
        return items
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let code = r.text("caseCode")
        if !ctx.isAmending, code.isEmpty { r.fail("caseCode", Strings.caseCodeMissing, code: "app.required") }
        let date = r.date("date")
        let role = r.required("role", Role.self)
        let birthYear = r.optionalInt("birthYear")
        let children = r.optionalInt("childrenInHousehold")
        guard let date, let role, ctx.isAmending || !code.isEmpty else { return nil }
        var intake = Intake(role: role)
        intake.sex = r.vocab("sex", default: .unknown)
        intake.birthYear = birthYear
        if ctx.isAmending, r.text("birthYear").isEmpty, case .intake(let recorded)? = ctx.amending?.body {
            intake.birthYear = recorded.birthYear
        }
        intake.referral = r.vocab("referral", default: .unknown)
        intake.relation = r.vocab("relation", default: .unknown)
        intake.multiplePerpetrators = r.answer("multiplePerpetrators")
        intake.violenceTypes = r.optionalSet("violenceTypes", ViolenceType.self)
        intake.honourContext = r.answer("honourContext")
        intake.childrenInHousehold = children
        intake.childrenWitnessed = r.answer("childrenWitnessed")
        intake.childrenExposed = r.answer("childrenExposed")
        intake.policeReport = r.answer("policeReport")
        intake.protectiveMeasures = r.optionalSet("protectiveMeasures", ProtectiveMeasure.self)
        intake.housing = r.vocab("housing", default: .unknown)
        intake.occupation = r.vocab("occupation", default: .unknown)
        intake.substanceUse = r.answer("substanceUse")
        intake.functionalImpairment = r.answer("functionalImpairment")
        intake.interpreterNeeded = r.answer("interpreterNeeded")
        intake.reportOfConcern = r.answer("reportOfConcern")
        intake.legalBasis = r.vocab("legalBasis", default: .unknown)
        return FormOutput(caseCode: ctx.isAmending ? nil : code, date: date, body: .intake(intake))
    }
}
