/// The closed value sets of docs/domain.md §4. Raw values are the stable identifiers used in the
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
    // Schema 2 (appended: raw values are wire positions).
    case probationService, relativeOrPartner
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
        case .probationService: L("Kriminalvården/frivården", "Prison and Probation Service")
        case .relativeOrPartner: L("Anhörig/partner", "Relative/partner")
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
    // Schema 2.
    case policeAlarmPackage
    public var label: Localized {
        switch self {
        case .contactBan: L("Kontaktförbud", "Restraining order")
        case .protectedIdentity: L("Skyddade personuppgifter", "Protected identity")
        case .safetyAlarm: L("Trygghetslarm", "Safety alarm")
        case .shelter: L("Skyddat boende", "Protected accommodation / shelter")
        case .policeAlarmPackage: L("Larmpaket från polisen", "Police alarm package")
        }
    }
}

public enum Housing: String, Vocabulary {
    case ownHome, lodger, shelter, temporary, homeless, other, unknown
    public var label: Localized {
        switch self {
        case .ownHome: L("Egen bostad", "Own home")
        case .lodger: L("Inneboende", "Lodger")
        case .shelter: L("Skyddat boende", "Protected accommodation / shelter")
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
    // Schema 2: SoL (2025:400), in force 2025-07-01, replaced "service utan beslut".
    case withoutNeedsAssessment
    public var label: Localized {
        switch self {
        case .assistanceDecision: L("Biståndsbeslut", "Assistance decision")
        case .serviceWithoutDecision: L("Service utan beslut", "Service without decision")
        case .unknown: L("Okänt", "Unknown")
        case .withoutNeedsAssessment: L("Insats utan behovsprövning", "Without needs assessment")
        }
    }

    /// The day SoL (2025:400) came into force: "insats utan behovsprövning" from it, "service utan
    /// beslut" before it.
    public static let newSocialServicesActDate = Day(year: 2025, month: 7, day: 1)!

    /// Whether the basis existed in law on `date` (biståndsbeslut and okänt always do).
    public func isValid(on date: Day) -> Bool {
        switch self {
        case .serviceWithoutDecision: date < LegalBasis.newSocialServicesActDate
        case .withoutNeedsAssessment: date >= LegalBasis.newSocialServicesActDate
        case .assistanceDecision, .unknown: true
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
    // Schema 2.
    case supportGroup, ivin, talkingAboutViolence, kibb, contactPerson, substanceOutpatient
    public var label: Localized {
        switch self {
        case .supportiveTalks: L("Stödsamtal", "Supportive talks")
        case .individualTreatment: L("Enskild behandling (t.ex. ATV)", "Individual treatment (e.g. ATV)")
        // Schema-1 events may hold IVIN here (the old label named it); schema 2 records it as `.ivin`.
        case .groupTreatment: L("Gruppbehandling (t.ex. ickevåldsgrupp)", "Group treatment (e.g. non-violence group)")
        case .shelter: L("Skyddat boende", "Protected accommodation / shelter")
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
        case .supportGroup: L("Stödgrupp", "Support group")
        case .ivin: L("IVIN (enskild internetbehandling)", "IVIN (individual internet-based treatment)")
        case .talkingAboutViolence: L("Samtal om våld", "Talking about violence")
        case .kibb: L("Barnsamtal (KIBB)", "Talks with children (KIBB)")
        case .contactPerson: L("Kontaktperson", "Contact person")
        case .substanceOutpatient: L("Öppenvård för missbruk", "Outpatient substance-use care")
        }
    }

    /// The type's category in the figures' breakdown by intervention type: the types of schema 1;
    /// a type schema 2 added counts under the nearest of them (IVIN is individual treatment, KIBB
    /// a talk with children; the others "annat") until the indicator catalogue lists them.
    public var reportCategory: InterventionType {
        switch self {
        case .ivin, .talkingAboutViolence: .individualTreatment
        case .kibb: .childTalks
        case .supportGroup, .contactPerson, .substanceOutpatient: .other
        default: self
        }
    }

    /// The report categories of `reportCategory`, in wire order.
    public static let reportCategories: [InterventionType] = Array(allCases.prefix(through: InterventionType.other.wireIndex))

    /// Treatment of perpetrators (indicator 9 counts these).
    public var isTreatment: Bool { self == .individualTreatment || self == .groupTreatment || self == .ivin }
}

public enum InterventionOutcome: String, Vocabulary {
    case completed, endedByClient, endedByUnit, moved, other
    public var label: Localized {
        switch self {
        case .completed: L("Fullföljd", "Completed")
        case .endedByClient: L("Avbruten av klienten", "Ended by the client")
        case .endedByUnit: L("Avbruten av verksamheten", "Ended by the unit")
        case .moved: L("Flyttat", "Moved")
        case .other: L("Annat", "Other")
        }
    }
}

public enum ContactChannel: String, Vocabulary {
    case phone, letter, textMessage, email, visit, other
    // Schema 2: the safe way to make contact after closure may be "do not contact".
    case doNotContact
    public var label: Localized {
        switch self {
        case .phone: L("Telefon", "Phone")
        case .letter: L("Brev", "Letter")
        case .textMessage: L("Sms", "Text message")
        case .email: L("Mejl", "E-mail")
        case .visit: L("Besök", "Visit")
        case .other: L("Annat", "Other")
        case .doNotContact: L("Kontakta ej", "Do not contact")
        }
    }
}

/// Why the case closed. Schema 1 mixed the reason with the goal attainment (the three `goal…`
/// values); they exist only in schema-1 events, which `EventSchema` reads as `.planned` plus a
/// `GoalAttainment`, so a decoded event never holds them in memory.
public enum ClosureReason: String, Vocabulary {
    case goalFullyMet, goalPartlyMet, goalNotMet, endedByClient, moved, other
    // Schema 2.
    case planned, endedByUnit, handedOver, contactCeased, deceased
    public var label: Localized {
        switch self {
        case .goalFullyMet: L("Mål uppnått helt", "Goal fully met")
        case .goalPartlyMet: L("Mål uppnått delvis", "Goal partly met")
        case .goalNotMet: L("Mål ej uppnått", "Goal not met")
        case .endedByClient: L("Avbrutet av klienten", "Ended by the client")
        case .moved: L("Flyttat", "Moved")
        case .other: L("Annat", "Other")
        case .planned: L("Planerat avslut", "Planned closure")
        case .endedByUnit: L("Avbrutet av verksamheten", "Ended by the unit")
        case .handedOver: L("Överlämnat till annan verksamhet eller kommun", "Handed over to another service or municipality")
        case .contactCeased: L("Kontakten upphörde", "Contact ceased")
        case .deceased: L("Avliden", "Deceased")
        }
    }

    /// The values schema 1 used for reason and attainment at once; refused in newer events.
    public var isSchemaOneOnly: Bool { self == .goalFullyMet || self == .goalPartlyMet || self == .goalNotMet }

    /// The report category of a closure in the figures' closure-reason field (indicator 3 and the
    /// closure reasons' breakdown): the categories of schema 1, read from the goal attainment
    /// (fully/partly/not reached → the goal categories, whatever the reason) and otherwise from the
    /// reason, schema 2's reasons grouped under schema 1's (handed over → moved; ended by the unit,
    /// contact ceased, deceased → other). A schema-1 closure gets its own reason back.
    public static func reportCategory(reason: ClosureReason, attainment: GoalAttainment?) -> ClosureReason {
        switch attainment {
        case .full?: return .goalFullyMet
        case .partly?: return .goalPartlyMet
        case .notMet?: return .goalNotMet
        case .notAssessed?, nil: break
        }
        switch reason {
        case .endedByClient, .moved, .other: return reason
        case .handedOver: return .moved
        case .goalFullyMet, .goalPartlyMet, .goalNotMet: return reason
        case .planned, .endedByUnit, .contactCeased, .deceased: return .other
        }
    }

    /// The report categories of `reportCategory`, in wire order.
    public static let reportCategories: [ClosureReason] = [.goalFullyMet, .goalPartlyMet, .goalNotMet, .endedByClient, .moved, .other]

    /// The reasons a worker can choose (schema 2).
    public static let current: [ClosureReason] = [.planned, .endedByClient, .endedByUnit, .moved, .handedOver,
                                                  .contactCeased, .deceased, .other]
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

// MARK: schema 2

/// How far the goals of the work were reached: at closure, and as progress at T1.
public enum GoalAttainment: String, Vocabulary {
    case full, partly, notMet, notAssessed
    public var label: Localized {
        switch self {
        case .full: L("Helt", "Fully")
        case .partly: L("Delvis", "Partly")
        case .notMet: L("Inte uppnått", "Not reached")
        case .notAssessed: L("Inte bedömt", "Not assessed")
        }
    }
}

/// Coded goal areas of the work (docs/domain.md §4); `forPerpetrators` marks those of a perpetrator's case.
public enum GoalArea: String, Vocabulary {
    case safety, processingViolence, legalProcess, housing, economy, parenting, violenceStops, responsibility, other
    public var label: Localized {
        switch self {
        case .safety: L("Ökad säkerhet", "Increased safety")
        case .processingViolence: L("Bearbetning av våldet", "Working through the violence")
        case .legalProcess: L("Stöd i rättsprocessen", "Support in legal proceedings")
        case .housing: L("Boende", "Housing")
        case .economy: L("Ekonomi", "Finances")
        case .parenting: L("Föräldraskap", "Parenting")
        case .violenceStops: L("Att våldet upphör", "The violence stops")
        case .responsibility: L("Ansvarstagande", "Taking responsibility")
        case .other: L("Annat", "Other")
        }
    }
    /// Which roles the goal area belongs to.
    public func applies(to role: Role) -> Bool {
        switch self {
        case .safety, .processingViolence, .legalProcess, .housing, .economy: role == .victim
        case .violenceStops, .responsibility: role == .perpetrator
        case .parenting, .other: true
        }
    }
}

/// Severity of the violence (SU-Kvinnofrid reports "mycket grovt våld"; the scale is unverified).
public enum Severity: String, Vocabulary {
    case mild, serious, verySerious, unknown
    public var label: Localized {
        switch self {
        case .mild: L("Lindrigt", "Mild")
        case .serious: L("Allvarligt", "Serious")
        case .verySerious: L("Mycket allvarligt", "Very serious")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

public enum ViolenceDuration: String, Vocabulary {
    case underOneYear, oneToFiveYears, overFiveYears, unknown
    public var label: Localized {
        switch self {
        case .underOneYear: L("Kortare än 1 år", "Less than 1 year")
        case .oneToFiveYears: L("1–5 år", "1–5 years")
        case .overFiveYears: L("Längre än 5 år", "More than 5 years")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

public enum LastViolence: String, Vocabulary {
    case lastWeek, lastMonth, lastHalfYear, longerAgo, unknown
    public var label: Localized {
        switch self {
        case .lastWeek: L("Senaste veckan", "In the last week")
        case .lastMonth: L("Senaste månaden", "In the last month")
        case .lastHalfYear: L("Senaste halvåret", "In the last six months")
        case .longerAgo: L("Längre sedan", "Longer ago")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

/// Relationship and living situation with the other party, now.
public enum LivingSituation: String, Vocabulary {
    case livingTogether, togetherLivingApart, separated, noRelationship, unknown
    public var label: Localized {
        switch self {
        case .livingTogether: L("Bor tillsammans", "Living together")
        case .togetherLivingApart: L("I relation men bor isär", "In a relationship, living apart")
        case .separated: L("Separerade", "Separated")
        case .noRelationship: L("Ingen relation", "No relationship")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

/// Why a perpetrator is in contact: own choice, or a condition of the Prison and Probation Service.
public enum Mandate: String, Vocabulary {
    case voluntary, probationCondition, otherMandate, unknown
    public var label: Localized {
        switch self {
        case .voluntary: L("Frivilligt", "Voluntary")
        case .probationCondition: L("Föreskrift/villkor från Kriminalvården", "Condition from the Prison and Probation Service")
        case .otherMandate: L("Annat krav", "Other requirement")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

/// Where a piece of outcome information comes from.
public enum InformationSource: String, Vocabulary {
    case client, partner, register, other, unknown
    public var label: Localized {
        switch self {
        case .client: L("Klienten", "The client")
        case .partner: L("Partnern", "The partner")
        case .register: L("Register", "Register")
        case .other: L("Annan källa", "Other source")
        case .unknown: L("Okänt", "Unknown")
        }
    }
}

/// Why a follow-up after closure did not reach the client.
public enum NotReachedReason: String, Vocabulary {
    case noAnswer, contactOutdated, declined, notSafe, other
    public var label: Localized {
        switch self {
        case .noAnswer: L("Inget svar", "No answer")
        case .contactOutdated: L("Kontaktuppgift inaktuell", "Contact details out of date")
        case .declined: L("Avböjde", "Declined")
        case .notSafe: L("Inte säkert att kontakta", "Not safe to contact")
        case .other: L("Annat", "Other")
        }
    }
}

/// Whom an assessment was done with.
public enum Respondent: String, Vocabulary {
    case client, partner, otherSource
    public var label: Localized {
        switch self {
        case .client: L("Klienten", "The client")
        case .partner: L("Partnern (partnerkontakt)", "The partner (partner contact)")
        case .otherSource: L("Annan källa", "Other source")
        }
    }
}

// MARK: schema 3

/// Why a closed case became active again (återaktualisering, schema 3).
public enum ReopeningReason: String, Vocabulary {
    case newViolence, clientSeeksSupport, newReport, other
    public var label: Localized {
        switch self {
        case .newViolence: L("Nytt våld", "New violence")
        case .clientSeeksSupport: L("Klienten söker stöd igen", "The client seeks support again")
        case .newReport: L("Ny anmälan eller remiss", "A new report or referral")
        case .other: L("Annat", "Other")
        }
    }
}
