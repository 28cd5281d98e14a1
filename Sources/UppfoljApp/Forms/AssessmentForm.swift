import UppfoljCore

/// A risk assessment with any instrument version of the catalogue: one row per item with the
/// scale shown (and "utelämnad"), earlier ratings and critical flags where the instrument has
/// them, the summary judgements, the client's own estimate, and a live derived total.
enum AssessmentForm: EventFormSpec {
    static func title(_ ctx: FormContext) -> Localized { Strings.formAssessment }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        let first = ctx.caseState?.assessments.isEmpty ?? true
        values.setVocab(.timePoint, first ? TimePoint.intake : TimePoint.during)
        values.setVocab(.respondent, Respondent.client, among: respondents(ctx))
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        guard case .assessment(let assessment) = event.body else { return values }
        values.setVocab(.timePoint, assessment.timePoint)
        // Schema-1 assessments did not record whom they were done with (nil): left unchosen, kept nil.
        values.setVocab(.respondent, assessment.respondent, among: respondents(ctx))
        let instruments = choices(ctx)
        values.setChoice(.instrument, instruments.firstIndex { $0.ref == assessment.instrument })
        guard let instrument = ctx.env.catalogue.instrument(assessment.instrument) else { return values }
        for rating in assessment.ratings {
            guard let item = instrument.item(rating.item) else { continue }
            // A rating recorded without a value is "utelämnad" (the pick after the scale's options).
            let index = { (scale: RatingScale, value: Int?) in value.map { v in scale.options.firstIndex { $0.value == v } } ?? scale.options.count }
            values.setChoice(ratingId(item), index(item.scale, rating.value))
            if instrument.ratesEarlier {
                values.setChoice(FieldPath.earlierRating(item.id), index(instrument.secondScale(item), rating.earlier))
            }
            if instrument.allowsCritical { values.setChecked(FieldPath.criticalFlag(item.id), rating.critical ? [0] : []) }
        }
        for judgement in instrument.judgements {
            let chosen = assessment.judgements.filter { $0.judgement == judgement.id }.map(\.value)
            let indices = chosen.compactMap { id in judgement.options.firstIndex { $0.id == id } }
            if judgement.multiple {
                values.setChecked(judgementId(judgement), Set(indices))
            } else {
                values.setChoice(judgementId(judgement), indices.first)
            }
        }
        if let estimate = assessment.clientEstimate {
            values.setChoice(.clientEstimate, RiskLevel.allCases.firstIndex(of: estimate))
        }
        return values
    }

    static func ratingId(_ item: InstrumentItem) -> FieldPath { .rating(item.id) }

    /// Whom an assessment can be done with on this case: the partner only on a perpetrator's case
    /// (during partner contact).
    static func respondents(_ ctx: FormContext) -> [Respondent] {
        ctx.caseState?.role == .perpetrator ? [.client, .partner, .otherSource] : [.client, .otherSource]
    }
    static func judgementId(_ judgement: Judgement) -> FieldPath { .judgement(judgement.id) }

    /// The instrument versions the form offers: those new assessments may use (not superseded), and,
    /// when an assessment is amended, the version it was recorded with even if superseded since.
    static func choices(_ ctx: FormContext) -> [Instrument] {
        var list = ctx.env.catalogue.offeredInstruments
        if case .assessment(let amended)? = ctx.amending?.body, !list.contains(where: { $0.ref == amended.instrument }),
           let recorded = ctx.env.catalogue.instrument(amended.instrument) {
            list.append(recorded)
        }
        return list
    }

    static func instrument(_ values: FormValues, _ ctx: FormContext) -> Instrument? {
        let instruments = choices(ctx)
        return values.choice(.instrument).flatMap { instruments.indices.contains($0) ? instruments[$0] : nil }
    }

    static func didChange(_ id: FieldPath, _ values: inout FormValues, _ ctx: FormContext) {
        if id == .instrument { values.removeAll(within: [.ratings, .judgements, .clientEstimate]) }
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        let t = ctx.t
        var items: [FormItem] = [
            .field(f.date(.date, Strings.fieldAssessmentDate)),
            .field(f.vocab(.timePoint, Strings.fieldTimePoint, TimePoint.self)),
            .field(f.choice(.instrument, Strings.fieldInstrument, choices(ctx).map(\.displayName),
                            placeholder: Strings.chooseInstrument, hint: KeyHints.instrument)),
        ]
        guard let instrument = instrument(values, ctx) else { return items }
        var groups: [(heading: String, items: [InstrumentItem])] = instrument.domains.map { domain in
            (t(domain.name), instrument.items.filter { $0.domain == domain.id })
        }
        let loose = instrument.items.filter { item in item.domain == nil || instrument.domain(item.domain!) == nil }
        if !loose.isEmpty { groups.insert((t(Strings.headingItems), loose), at: 0) }
        for group in groups where !group.items.isEmpty {
            items.append(.heading(group.heading))
            for item in group.items {
                let picks = scalePicks(item.scale, t)
                let first = instrument.secondRating?.firstName.map { t($0) + ". " } ?? ""
                items.append(.field(FieldSpec(id: ratingId(item), label: "\(item.id) \(t(item.label))",
                                              control: .scale(options: picks, rangeText: item.scale.rangeText),
                                              hint: first + t(Strings.scaleHint(scaleText(item.scale, t))))))
                if let second = instrument.secondRating {
                    let scale = instrument.secondScale(item)
                    items.append(.field(FieldSpec(id: FieldPath.earlierRating(item.id), label: "  " + t(second.name).lowercased(),
                                                  control: .scale(options: scalePicks(scale, t), rangeText: scale.rangeText),
                                                  hint: t(second.name) + ". " + t(Strings.scaleHint(scaleText(scale, t))))))
                }
                if instrument.allowsCritical {
                    items.append(.field(FieldSpec(id: FieldPath.criticalFlag(item.id), label: "  " + t(Strings.fieldCritical),
                                                  control: .multi(options: [""], exclusiveLast: false),
                                                  hint: t(KeyHints.critical))))
                }
            }
        }
        if !instrument.judgements.isEmpty || instrument.asksClientEstimate {
            items.append(.heading(t(Strings.headingJudgements)))
        }
        for judgement in instrument.judgements {
            let options = judgement.options.map { t($0.label) }
            if judgement.multiple {
                items.append(.field(FieldSpec(id: judgementId(judgement), label: t(judgement.name),
                                              control: .multi(options: options, exclusiveLast: false),
                                              hint: judgement.note.map(t.callAsFunction) ?? t(KeyHints.set))))
            } else {
                items.append(.field(FieldSpec(id: judgementId(judgement), label: t(judgement.name),
                                              control: .choice(options: options, placeholder: t(Strings.choosePlaceholder)),
                                              hint: judgement.note.map(t.callAsFunction) ?? t(KeyHints.choice))))
            }
        }
        if instrument.asksClientEstimate {
            items.append(.field(f.choice(.clientEstimate, Strings.fieldClientEstimate,
                                         RiskLevel.allCases.map(Strings.riskLevel) + [Strings.notGiven],
                                         placeholder: Strings.notGiven)))
        }
        items.append(.field(f.vocab(.respondent, Strings.fieldRespondent, options: respondents(ctx), hint: Strings.respondentHint)))
        return items
    }

    /// The scale's values shown as the form's words ("Nej", "Ja"; "N", "D", "J" where the form
    /// abbreviates), each picked by its stored value's digit, then "–" for omitted with the scale's
    /// own word for it ("-- (otillräcklig information)" on SARA:SV; omitted is not 0).
    static func scalePicks(_ scale: RatingScale, _ t: Translator) -> [ScalePick] {
        scale.options.map { option in
            let digit = String(option.value)
            return ScalePick(key: digit.count == 1 ? Character(digit) : "\u{0}", mark: t(option.word), label: t(option.label))
        } + [ScalePick(key: "-", mark: "–", label: t(scale.omittedWord))]
    }

    /// "0 = Nej · 1 = Ja · - = utelämnad": which key picks which word.
    static func scaleText(_ scale: RatingScale, _ t: Translator) -> String {
        (scale.options.map { option -> String in
            let word = option.short.map { "\($0) (\(t(option.label)))" } ?? t(option.label)
            return "\(option.value) = \(word)"
        } + ["- = \(t(scale.omittedWord))"]).joined(separator: " · ")
    }

    static func ratings(_ values: FormValues, _ instrument: Instrument) -> [ItemRating] {
        instrument.items.compactMap { item in
            let value = { (id: FieldPath, scale: RatingScale) -> Int? in
                values.choice(id).flatMap { scale.options.indices.contains($0) ? scale.options[$0].value : nil }
            }
            let rating = ItemRating(item: item.id, value: value(ratingId(item), item.scale),
                                    earlier: instrument.ratesEarlier ? value(FieldPath.earlierRating(item.id), instrument.secondScale(item)) : nil,
                                    critical: instrument.allowsCritical && values.checked(FieldPath.criticalFlag(item.id)).contains(0))
            // Nothing picked is no rating; "–" picked is a rating recorded as omitted (utelämnad).
            let picked = values.choice(ratingId(item)) != nil || values.choice(FieldPath.earlierRating(item.id)) != nil
            return !picked && !rating.critical ? nil : rating
        }
    }

    static func summary(_ values: FormValues, _ ctx: FormContext) -> [String] {
        guard let instrument = instrument(values, ctx), !instrument.items.isEmpty else { return [] }
        let derived = instrument.derivedTotal(ratings(values, instrument))
        if case .anyYes = instrument.total {  // FREDA-kortfrågor: a result in words, not a sum
            return [ctx.t(Strings.screeningResult(derived, items: instrument.totalItems.count))]
        }
        var lines = [ctx.t(Strings.derivedTotal(derived, items: instrument.totalItems.count))]
        if let note = derived.note { lines.append(ctx.t(note)) }
        return lines
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let date = r.date(.date)
        let timePoint = r.vocab(.timePoint, default: TimePoint.intake)
        guard let instrument = instrument(r.values, ctx) else {
            r.fail(.instrument, Strings.chooseInstrumentMessage, code: "app.required")
            return nil
        }
        guard let date else { return nil }
        var judgements: [JudgementValue] = []
        for judgement in instrument.judgements {
            let id = judgementId(judgement)
            let indices = judgement.multiple ? r.values.checked(id).sorted() : r.values.choice(id).map { [$0] } ?? []
            for index in indices where judgement.options.indices.contains(index) {
                judgements.append(JudgementValue(judgement: judgement.id, value: judgement.options[index].id))
            }
        }
        let estimate = instrument.asksClientEstimate
            ? r.values.choice(.clientEstimate).flatMap { RiskLevel.allCases.indices.contains($0) ? RiskLevel.allCases[$0] : nil }
            : nil
        let respondents = respondents(ctx)
        let respondent = r.values.choice(.respondent).flatMap { respondents.indices.contains($0) ? respondents[$0] : nil }
        let assessment = Assessment(instrument: instrument.ref, timePoint: timePoint, ratings: ratings(r.values, instrument),
                                    judgements: judgements, clientEstimate: estimate, respondent: respondent)
        return FormOutput(date: date, body: .assessment(assessment))
    }
}
