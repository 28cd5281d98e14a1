import UppfoljCore

/// One step of partner contact on a perpetrator's case: asked (consent), an attempt, the
/// partner's answer, or a conversation. The fields follow the chosen step.
enum PartnerContactForm: EventFormSpec {
    enum Step: Int, CaseIterable {
        case asked, attempt, response, conversation
        var label: Localized {
            switch self {
            case .asked: Strings.stepAsked
            case .attempt: Strings.stepAttempt
            case .response: Strings.stepResponse
            case .conversation: Strings.stepConversation
            }
        }
    }

    static func title(_ ctx: FormContext) -> Localized { Strings.formPartnerContact }

    static func initialValues(_ ctx: FormContext, kind: FormKind) -> FormValues {
        var values = datedValues(ctx)
        let asked = ctx.caseState?.partnerContacts.contains { if case .asked = $0.value { true } else { false } } ?? false
        values.setChoice(.step, asked ? nil : Step.asked.rawValue)
        for id in [FieldPath.safetyPlanning, .treatmentInformation, .referralMade] { values.setBool(id, false) }
        return values
    }

    static func values(from event: Event, _ ctx: FormContext) -> FormValues {
        var values = FormValues()
        values.setText(.date, event.effectiveDate.iso)
        guard case .partnerContact(let contact) = event.body else { return values }
        switch contact {
        case .asked(let consent):
            values.setChoice(.step, Step.asked.rawValue)
            values.setAnswer(.consent, consent)
        case .attempt(let channel, let reached):
            values.setChoice(.step, Step.attempt.rawValue)
            values.setVocab(.channel, channel)
            values.setBool(.reached, reached)
        case .response(let response):
            values.setChoice(.step, Step.response.rawValue)
            values.setVocab(.response, response)
        case .conversation(let c):
            values.setChoice(.step, Step.conversation.rawValue)
            values.setBool(.safetyPlanning, c.safetyPlanning)
            values.setBool(.treatmentInformation, c.treatmentInformation)
            values.setAnswer(.newViolence, c.newViolence)
            values.setSet(.newViolenceTypes, c.newViolenceTypes)
            values.setAnswer(.concernForChildren, c.concernForChildren)
            values.setBool(.referralMade, c.referralMade)
        }
        return values
    }

    static func items(_ values: FormValues, _ ctx: FormContext) -> [FormItem] {
        let f = ctx.fields
        var items: [FormItem] = [
            .field(f.date(.date, Strings.fieldDate)),
            .field(f.choice(.step, Strings.fieldStep, Step.allCases.map(\.label))),
        ]
        switch values.choice(.step).flatMap(Step.init(rawValue:)) {
        case .asked:
            items.append(.field(f.tri(.consent, Strings.fieldConsent)))
        case .attempt:
            items.append(.field(f.vocab(.channel, Strings.fieldChannel, ContactChannel.self)))
            items.append(.field(f.bool(.reached, Strings.fieldReached)))
        case .response:
            items.append(.field(f.vocab(.response, Strings.fieldResponse, PartnerResponse.self)))
        case .conversation:
            items.append(.field(f.bool(.safetyPlanning, Strings.fieldSafetyPlanning)))
            items.append(.field(f.bool(.treatmentInformation, Strings.fieldTreatmentInformation)))
            items.append(.field(f.tri(.newViolence, Strings.fieldNewViolenceReported)))
            if values.tri(.newViolence) == .yes {
                items.append(.field(f.set(.newViolenceTypes, Strings.fieldViolenceTypes, ViolenceType.self, unknownOption: false)))
            }
            items.append(.field(f.tri(.concernForChildren, Strings.fieldConcernForChildren)))
            items.append(.field(f.bool(.referralMade, Strings.fieldReferralMade)))
        case nil:
            break
        }
        return items
    }

    static func build(_ r: inout FormReader, _ ctx: FormContext) -> FormOutput? {
        let date = r.date()
        guard let step = r.values.choice(.step).flatMap(Step.init(rawValue:)) else {
            r.fail(.step, Strings.mustChoose, code: "app.required")
            return nil
        }
        let contact: PartnerContact
        switch step {
        case .asked:
            contact = .asked(consent: r.answer(.consent))
        case .attempt:
            let channel = r.required(.channel, ContactChannel.self)
            let reached = r.requiredBool(.reached)
            guard let channel, let reached else { return nil }
            contact = .attempt(channel: channel, reached: reached)
        case .response:
            guard let response = r.required(.response, PartnerResponse.self) else { return nil }
            contact = .response(response)
        case .conversation:
            var c = PartnerConversation()
            c.safetyPlanning = r.bool(.safetyPlanning)
            c.treatmentInformation = r.bool(.treatmentInformation)
            c.newViolence = r.answer(.newViolence)
            c.newViolenceTypes = c.newViolence == .yes ? r.set(.newViolenceTypes, ViolenceType.self) : []
            c.concernForChildren = r.answer(.concernForChildren)
            c.referralMade = r.bool(.referralMade)
            contact = .conversation(c)
        }
        guard let date else { return nil }
        return FormOutput(date: date, body: .partnerContact(contact))
    }
}
