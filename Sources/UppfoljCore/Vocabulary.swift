/// The closed value sets of DOMAIN.md §4. Raw values are the stable identifiers used in the
/// journal's JSON interchange and in exports; the binary journal codec stores a value's index in
/// `allCases`, so NEW CASES MAY ONLY BE APPENDED (VocabularyWireOrderTests pins the order).
public protocol Vocabulary: CaseIterable, RawRepresentable, Hashable, Sendable, Codable
where RawValue == String, AllCases == [Self] {
    var label: Localized { get }
}

extension Vocabulary {
    public var wireIndex: Int { Self.allCases.firstIndex(of: self)! }
    public static func fromWire(_ index: Int) -> Self? {
        index >= 0 && index < allCases.count ? allCases[index] : nil
    }
}

private func L(_ sv: String, _ en: String) -> Localized { Localized(sv: sv, en: en) }

public enum Role: String, Vocabulary {
    case victim, perpetrator
    public var label: Localized {
        switch self {
        case .victim: L("Våldsutsatt", "Victim")
        case .perpetrator: L("Våldsutövare", "Perpetrator")
        }
    }
}

/// yes / no / unknown ("okänt"): every yes/no fact in the domain may be unknown.
public enum Answer: String, Vocabulary {
    case yes, no, unknown
    public var label: Localized {
        switch self {
        case .yes: L("Ja", "Yes")
        case .no: L("Nej", "No")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

public enum Sex: String, Vocabulary {
    case female, male, other, unknown
    public var label: Localized {
        switch self {
        case .female: L("Kvinna", "Woman")
        case .male: L("Man", "Man")
        case .other: L("Annat", "Other")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

/// Birth years are never shown or exported, only the age band at intake.
public enum AgeBand: String, Vocabulary {
    case under18 = "0-17", from18to25 = "18-25", from26to40 = "26-40", from41to64 = "41-64", from65 = "65+", unknown
    public var label: Localized {
        switch self {
        case .under18: L("Under 18", "Under 18")
        case .from18to25: L("18–25", "18–25")
        case .from26to40: L("26–40", "26–40")
        case .from41to64: L("41–64", "41–64")
        case .from65: L("65+", "65+")
        case .unknown: L("Okänt", "Unknown")
        }
    }

    /// The age band of someone born in `birthYear`, in the year of `date` (age reached that year).
    public init(birthYear: Int?, at date: Day) {
        guard let birthYear else { self = .unknown; return }
        let age = date.year - birthYear
        switch age {
        case ..<18: self = .under18
        case 18...25: self = .from18to25
        case 26...40: self = .from26to40
        case 41...64: self = .from41to64
        default: self = .from65
        }
    }
}

public enum ReferralSource: String, Vocabulary {
    case selfReferral, police, otherSocialServicesUnit, healthCare, womensShelter, school,
         employmentService, socialInsurance, migrationAgency, other, unknown
    public var label: Localized {
        switch self {
        case .selfReferral: L("Egen kontakt", "Self-referral")
        case .police: L("Polis", "Police")
        case .otherSocialServicesUnit: L("Annan enhet inom socialtjänsten", "Other social services unit")
        case .healthCare: L("Hälso- och sjukvård", "Health care")
        case .womensShelter: L("Kvinno-/tjejjour", "Women's/girls' shelter")
        case .school: L("Skola/förskola", "School/preschool")
        case .employmentService: L("Arbetsförmedlingen", "Public Employment Service")
        case .socialInsurance: L("Försäkringskassan", "Social Insurance Agency")
        case .migrationAgency: L("Migrationsverket", "Migration Agency")
        case .other: L("Annan", "Other")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

/// The relation to the other party: närstående as 5 kap. 11 a § SoL reads it.
public enum Relation: String, Vocabulary {
    case currentPartner, formerPartner, parent, grandparent, sibling, child, grandchild,
         otherRelative, otherClose, unknown
    public var label: Localized {
        switch self {
        case .currentPartner: L("Nuvarande partner", "Current partner")
        case .formerPartner: L("Tidigare partner", "Former partner")
        case .parent: L("Förälder/fosterförälder", "Parent/foster parent")
        case .grandparent: L("Mor-/farförälder", "Grandparent")
        case .sibling: L("Syskon", "Sibling")
        case .child: L("Barn", "Child")
        case .grandchild: L("Barnbarn", "Grandchild")
        case .otherRelative: L("Annan släkting", "Other relative")
        case .otherClose: L("Annan närstående", "Other close person")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

public enum ViolenceType: String, Vocabulary {
    case physical, psychological, sexual, economic, material, neglect, latent, digital
    public var label: Localized {
        switch self {
        case .physical: L("Fysiskt", "Physical")
        case .psychological: L("Psykiskt", "Psychological")
        case .sexual: L("Sexuellt", "Sexual")
        case .economic: L("Ekonomiskt", "Economic")
        case .material: L("Materiellt", "Material")
        case .neglect: L("Försummelse", "Neglect")
        case .latent: L("Latent våld", "Latent violence")
        case .digital: L("Digitalt", "Digital")
        }
    }
}

public enum ProtectiveMeasure: String, Vocabulary {
    case contactBan, protectedIdentity, safetyAlarm, shelter
    public var label: Localized {
        switch self {
        case .contactBan: L("Kontaktförbud", "Restraining order")
        case .protectedIdentity: L("Skyddade personuppgifter", "Protected identity")
        case .safetyAlarm: L("Trygghetslarm", "Safety alarm")
        case .shelter: L("Skyddat boende", "Sheltered housing")
        }
    }
}

public enum Housing: String, Vocabulary {
    case ownHome, lodger, shelter, temporary, homeless, other, unknown
    public var label: Localized {
        switch self {
        case .ownHome: L("Egen bostad", "Own home")
        case .lodger: L("Inneboende", "Lodger")
        case .shelter: L("Skyddat boende", "Sheltered housing")
        case .temporary: L("Tillfälligt boende", "Temporary housing")
        case .homeless: L("Hemlös", "Homeless")
        case .other: L("Annat", "Other")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

public enum Occupation: String, Vocabulary {
    case working, studying, jobSeeking, sickLeave, retired, parentalLeave, other, unknown
    public var label: Localized {
        switch self {
        case .working: L("Arbetar", "Working")
        case .studying: L("Studerar", "Studying")
        case .jobSeeking: L("Arbetssökande", "Job seeking")
        case .sickLeave: L("Sjukskriven", "On sick leave")
        case .retired: L("Pensionär", "Retired")
        case .parentalLeave: L("Föräldraledig", "Parental leave")
        case .other: L("Annat", "Other")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

public enum LegalBasis: String, Vocabulary {
    case assistanceDecision, serviceWithoutDecision, unknown
    public var label: Localized {
        switch self {
        case .assistanceDecision: L("Biståndsbeslut", "Assistance decision")
        case .serviceWithoutDecision: L("Service utan beslut", "Service without decision")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

/// The fixed time points of the follow-up (SUV: before, during and after the intervention).
public enum TimePoint: String, Vocabulary {
    case intake = "T0", during = "T1", closure = "T2", afterClosure = "T3"
    public var label: Localized {
        switch self {
        case .intake: L("T0 inskrivning", "T0 intake")
        case .during: L("T1 under insats", "T1 during intervention")
        case .closure: L("T2 avslut", "T2 closure")
        case .afterClosure: L("T3 uppföljning efter avslut", "T3 follow-up after closure")
        }
    }
}

public enum InterventionType: String, Vocabulary {
    case supportiveTalks, individualTreatment, groupTreatment, shelter, temporaryHousing,
         permanentHousingSupport, financialAssistance, legalProcessSupport, childTalks,
         motivationalInterviewing, honourFamilyWork, remoteAdvice, authorityContactSupport,
         practicalSupport, other
    public var label: Localized {
        switch self {
        case .supportiveTalks: L("Stödsamtal", "Supportive talks")
        case .individualTreatment: L("Enskild behandling (t.ex. ATV)", "Individual treatment (e.g. ATV)")
        case .groupTreatment: L("Gruppbehandling (t.ex. IVIN)", "Group treatment (e.g. IVIN)")
        case .shelter: L("Skyddat boende", "Sheltered housing")
        case .temporaryHousing: L("Tillfälligt boende", "Temporary housing")
        case .permanentHousingSupport: L("Stöd till permanent bostad", "Support to permanent housing")
        case .financialAssistance: L("Ekonomiskt bistånd", "Financial assistance")
        case .legalProcessSupport: L("Stöd i rättsprocessen", "Support in legal proceedings")
        case .childTalks: L("Barnsamtal (t.ex. Trappan)", "Talks with children (e.g. Trappan)")
        case .motivationalInterviewing: L("Motiverande samtal", "Motivational interviewing")
        case .honourFamilyWork: L("Familjearbete (hedersrelaterat)", "Family work (honour-related)")
        case .remoteAdvice: L("Rådgivning telefon/mejl/chatt", "Advice by phone/e-mail/chat")
        case .authorityContactSupport: L("Stöd i myndighetskontakter", "Support with authorities")
        case .practicalSupport: L("Praktiskt stöd", "Practical support")
        case .other: L("Annat", "Other")
        }
    }

    /// Treatment of perpetrators (indicator 9 counts these).
    public var isTreatment: Bool { self == .individualTreatment || self == .groupTreatment }
}

public enum InterventionOutcome: String, Vocabulary {
    case completed, endedByClient, endedByUnit, moved, other
    public var label: Localized {
        switch self {
        case .completed: L("Fullföljd", "Completed")
        case .endedByClient: L("Avbruten av klient", "Ended by client")
        case .endedByUnit: L("Avbruten av verksamheten", "Ended by the unit")
        case .moved: L("Flyttat", "Moved")
        case .other: L("Annat", "Other")
        }
    }
}

public enum ContactChannel: String, Vocabulary {
    case phone, letter, textMessage, email, visit, other
    public var label: Localized {
        switch self {
        case .phone: L("Telefon", "Phone")
        case .letter: L("Brev", "Letter")
        case .textMessage: L("Sms", "Text message")
        case .email: L("Mejl", "E-mail")
        case .visit: L("Besök", "Visit")
        case .other: L("Annat", "Other")
        }
    }
}

public enum ClosureReason: String, Vocabulary {
    case goalFullyMet, goalPartlyMet, goalNotMet, endedByClient, moved, other
    public var label: Localized {
        switch self {
        case .goalFullyMet: L("Mål uppnått helt", "Goal fully met")
        case .goalPartlyMet: L("Mål uppnått delvis", "Goal partly met")
        case .goalNotMet: L("Mål ej uppnått", "Goal not met")
        case .endedByClient: L("Avbrutet av klient", "Ended by client")
        case .moved: L("Flyttat", "Moved")
        case .other: L("Annat", "Other")
        }
    }
}

public enum ViolenceStatus: String, Vocabulary {
    case ongoing, stopped, unknown
    public var label: Localized {
        switch self {
        case .ongoing: L("Pågår", "Ongoing")
        case .stopped: L("Upphört", "Stopped")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

public enum CorrectionReason: String, Vocabulary {
    case wrongValue, wrongDate, wrongCase, duplicate, missingInformation, other
    public var label: Localized {
        switch self {
        case .wrongValue: L("Fel uppgift", "Wrong value")
        case .wrongDate: L("Fel datum", "Wrong date")
        case .wrongCase: L("Fel ärende", "Wrong case")
        case .duplicate: L("Dubbelregistrering", "Duplicate entry")
        case .missingInformation: L("Uppgift saknades", "Missing information")
        case .other: L("Annat", "Other")
        }
    }
}

public enum PartnerResponse: String, Vocabulary {
    case accepted, declined
    public var label: Localized {
        switch self {
        case .accepted: L("Tackade ja", "Accepted")
        case .declined: L("Tackade nej", "Declined")
        }
    }
}
