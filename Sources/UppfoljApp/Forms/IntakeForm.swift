import UppfoljCore

/// T0, the intake that opens a case: the case code and every fact of docs/domain.md §4. The form is
/// role-specific (SUV-våldsutsatthet / SUV-våldsutövare): the victim-only and perpetrator-only
/// fields appear once the role is chosen, and labels name the other party.
enum IntakeForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formIntake }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        fill(&values, Intake(role: .victim), role: nil)
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        if case .intake(let intake) = event.body { fill(&values, intake, role: intake.role) }
        // The birth year is never shown: left empty it stays as recorded.
        values.setText(.birthYear, "")
        return values
    }

    static func fill(_ values: inout FormValues, _ intake: Intake, role: Role?) {
        values.setVocab(.role, role)
        values.setVocab(.sex, intake.sex)
        values.setText(.birthYear, intake.birthYear.map(String.init) ?? "")
        values.setVocab(.referral, intake.referral)
        values.setVocab(.relation, intake.relation)
        values.setAnswer(.multiplePerpetrators, intake.multiplePerpetrators)
        values.setSet(.violenceTypes, intake.violenceTypes)
        values.setAnswer(.honourContext, intake.honourContext)
        values.setText(.childrenInHousehold, intake.childrenInHousehold.map(String.init) ?? "")
        values.setAnswer(.childrenWitnessed, intake.childrenWitnessed)
        values.setAnswer(.childrenExposed, intake.childrenExposed)
        values.setAnswer(.policeReport, intake.policeReport)
        values.setSet(.protectiveMeasures, intake.protectiveMeasures)
        values.setVocab(.housing, intake.housing)
        values.setVocab(.occupation, intake.occupation)
        values.setAnswer(.substanceUse, intake.substanceUse)
        values.setAnswer(.functionalImpairment, intake.functionalImpairment)
        values.setAnswer(.interpreterNeeded, intake.interpreterNeeded)
        values.setAnswer(.reportOfConcern, intake.reportOfConcern)
        values.setText(.knownDate, intake.knownDate?.iso ?? "")
        values.setVocab(.otherPartySex, intake.otherPartySex)
        values.setVocab(.livingSituation, intake.livingSituation)
        values.setVocab(.severity, intake.severity)
        values.setVocab(.violenceDuration, intake.violenceDuration)
        values.setVocab(.lastViolence, intake.lastViolence)
        values.setSet(.goals, intake.goals ?? [])
        values.setText(.responsibleWorker, intake.responsibleWorker ?? "")
        values.setVocab(.mandate, intake.mandate)
        values.setAnswer(.underInvestigationOrConvicted, intake.underInvestigationOrConvicted ?? .unknown)
        values.setAnswer(.treatmentOfferDeclined, intake.treatmentOfferDeclined ?? .unknown)
    }

    static func role(_ values: FormValues) -> Role? {
        values.choice(.role).flatMap { Role.allCases.indices.contains($0) ? Role.allCases[$0] : nil }
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        var items: [FormItem] = [.heading(ctx.t(Strings.headingCase))]
        if !ctx.isAmending {
            items.append(.field(f.text(.caseCode, Strings.fieldCaseCode, maxLength: Validator.maxCaseCodeLength,
                                       placeholder: Strings.caseCodePlaceholder, hint: Strings.caseCodeHint)))
        }
        let role = role(values)
        items += [
            .field(f.date(.date, Strings.fieldIntakeDate)),
            .field(f.date(.knownDate, Strings.fieldKnownDate)),
            .field(f.vocab(.role, Strings.fieldRole, Role.self)),
            .field(f.vocab(.referral, Strings.fieldReferral, ReferralSource.self)),
            .field(f.text(.responsibleWorker, Strings.fieldResponsibleWorker, maxLength: Validator.maxWorkerLength,
                          hint: Strings.responsibleWorkerHint)),
            .field(f.set(.goals, Strings.fieldGoals, GoalArea.self, unknownOption: false)),
            .heading(ctx.t(Strings.headingPerson)),
            .field(f.vocab(.sex, Strings.fieldSex, Sex.self)),
            .field(f.integer(.birthYear, Strings.fieldBirthYear,
                             placeholder: ctx.isAmending ? Strings.birthYearUnchanged : Strings.unknownPlaceholder,
                             hint: Strings.birthYearHint)),
            .field(f.vocab(.occupation, Strings.fieldOccupation, Occupation.self)),
            .field(f.tri(.substanceUse, Strings.fieldSubstanceUse)),
            .field(f.tri(.functionalImpairment, Strings.fieldFunctionalImpairment)),
            .field(f.tri(.interpreterNeeded, Strings.fieldInterpreter)),
            .heading(ctx.t(Strings.headingViolence)),
            .field(f.vocab(.relation, Strings.fieldRelationTo(role), Relation.self)),
            .field(f.vocab(.otherPartySex, Strings.fieldOtherPartySex(role), Sex.self)),
            .field(f.vocab(.livingSituation, Strings.fieldLivingSituation(role), LivingSituation.self)),
            .field(f.set(.violenceTypes, Strings.fieldViolenceTypes, ViolenceType.self, unknownOption: true)),
            .field(f.vocab(.severity, Strings.fieldSeverity, Severity.self)),
            .field(f.vocab(.violenceDuration, Strings.fieldViolenceDuration, ViolenceDuration.self)),
            .field(f.vocab(.lastViolence, Strings.fieldLastViolence, LastViolence.self)),
            .field(f.tri(.honourContext, Strings.fieldHonour)),
        ]
        switch role {
        case .victim?:
            items += [
                .heading(ctx.t(Strings.headingVictimOnly)),
                .field(f.vocab(.housing, Strings.fieldHousing, Housing.self)),
                .field(f.tri(.multiplePerpetrators, Strings.fieldMultiplePerpetrators)),
                .field(f.tri(.policeReport, Strings.fieldPoliceReport)),
                .field(f.set(.protectiveMeasures, Strings.fieldProtectiveMeasures, ProtectiveMeasure.self, unknownOption: true)),
            ]
        case .perpetrator?:
            items += [
                .heading(ctx.t(Strings.headingPerpetratorOnly)),
                .field(f.vocab(.mandate, Strings.fieldMandate, Mandate.self)),
                .field(f.tri(.underInvestigationOrConvicted, Strings.fieldUnderInvestigation)),
                .field(f.tri(.treatmentOfferDeclined, Strings.fieldTreatmentDeclined)),
            ]
        case nil:
            break
        }
        items += [
            .heading(ctx.t(Strings.headingChildren)),
            .field(f.integer(.childrenInHousehold, Strings.fieldChildren)),
            .field(f.tri(.childrenWitnessed, Strings.fieldChildrenWitnessed)),
            .field(f.tri(.childrenExposed, Strings.fieldChildrenExposed)),
            .field(f.tri(.reportOfConcern, Strings.fieldReportOfConcern)),
        ]
        return items
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let code = r.text(.caseCode)
        if !ctx.isAmending, code.isEmpty { r.fail(.caseCode, Strings.caseCodeMissing, code: "app.required") }
        let date = r.date(.date)
        let role = r.required(.role, Role.self)
        let birthYear = r.optionalInt(.birthYear)
        let children = r.optionalInt(.childrenInHousehold)
        guard let date, let role, ctx.isAmending || !code.isEmpty else { return nil }
        var intake = Intake(role: role)
        intake.birthYear = birthYear
        if ctx.isAmending, r.text(.birthYear).isEmpty, case .intake(let recorded)? = ctx.amending?.body {
            intake.birthYear = recorded.birthYear
        }
        intake.childrenInHousehold = children
        read(&r, into: &intake)
        return FormOutput(caseCode: ctx.isAmending ? nil : code, date: date, body: .intake(intake))
    }

    /// Every intake field but the case code, dates, role, birth year and children count, read
    /// into `intake` (whose role decides the role-specific fields). The reopening form reads the
    /// new episode's intake with it.
    static func read(_ r: inout FormReader, into intake: inout Intake) {
        intake.sex = r.vocab(.sex, default: .unknown)
        intake.referral = r.vocab(.referral, default: .unknown)
        intake.relation = r.vocab(.relation, default: .unknown)
        intake.violenceTypes = r.optionalSet(.violenceTypes, ViolenceType.self)
        intake.honourContext = r.answer(.honourContext)
        intake.childrenWitnessed = r.answer(.childrenWitnessed)
        intake.childrenExposed = r.answer(.childrenExposed)
        intake.occupation = r.vocab(.occupation, default: .unknown)
        intake.substanceUse = r.answer(.substanceUse)
        intake.functionalImpairment = r.answer(.functionalImpairment)
        intake.interpreterNeeded = r.answer(.interpreterNeeded)
        intake.reportOfConcern = r.answer(.reportOfConcern)
        // Schema 2 (the legal basis is recorded per intervention now).
        intake.knownDate = r.optionalDate(.knownDate)
        intake.otherPartySex = r.vocab(.otherPartySex, default: Sex.unknown)
        intake.livingSituation = r.vocab(.livingSituation, default: LivingSituation.unknown)
        intake.severity = r.vocab(.severity, default: Severity.unknown)
        intake.violenceDuration = r.vocab(.violenceDuration, default: ViolenceDuration.unknown)
        intake.lastViolence = r.vocab(.lastViolence, default: LastViolence.unknown)
        intake.goals = r.set(.goals, GoalArea.self)
        let worker = r.text(.responsibleWorker)
        intake.responsibleWorker = worker.isEmpty ? nil : worker
        switch intake.role {
        case .victim:
            intake.multiplePerpetrators = r.answer(.multiplePerpetrators)
            intake.policeReport = r.answer(.policeReport)
            intake.protectiveMeasures = r.optionalSet(.protectiveMeasures, ProtectiveMeasure.self)
            intake.housing = r.vocab(.housing, default: .unknown)
        case .perpetrator:
            intake.mandate = r.vocab(.mandate, default: Mandate.unknown)
            intake.underInvestigationOrConvicted = r.answer(.underInvestigationOrConvicted)
            intake.treatmentOfferDeclined = r.answer(.treatmentOfferDeclined)
        }
    }
}
