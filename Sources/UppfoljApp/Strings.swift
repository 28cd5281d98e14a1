import UppfoljCore

/// Turns a `Localized` into the text of the app's language.
struct Translator: Sendable {
    let language: Language
    init(_ language: Language) { self.language = language }
    func callAsFunction(_ text: Localized) -> String { text.text(language) }
}

private func L(_ sv: String, _ en: String) -> Localized { Localized(sv: sv, en: en) }

/// Every word the app shows, Swedish and English side by side (vocabulary labels come from
/// UppfoljCore; key help texts are in Strings+Keys.swift). Swedish is the default.
enum Strings {
    // MARK: Chrome
    static let appName = L("Uppfölj", "Uppfölj")
    static let tabCases = L("Ärenden", "Cases")
    static let tabDue = L("Att göra", "To do")
    // The texts that name keys take the key names from the key table (`KeyHints`).
    /// "Tab byt flik · ? hjälp"
    static func tabBarListKeys(tab: Localized, help: Localized) -> Localized {
        L("\(tab.sv) byt flik · \(help.sv) hjälp", "\(tab.en) switch tab · \(help.en) help")
    }
    /// "Esc tillbaka · ? hjälp"
    static func tabBarBackKeys(back: Localized, help: Localized) -> Localized {
        L("\(back.sv) tillbaka · \(help.sv) hjälp", "\(back.en) back · \(help.en) help")
    }
    /// The space bar's name in running text.
    static let spaceKey = L("mellanslag", "Space")
    static let journalIndicator = L("Journal", "Journal")
    static let demoShort = L("DEMO", "DEMO")
    static let demoIndicator = L("DEMO – syntetiska data", "DEMO – synthetic data")
    static func tooSmall(_ size: String) -> Localized {
        L("Fönstret är för litet (behöver \(size))", "The window is too small (needs \(size))")
    }
    static let helpTitle = L("Hjälp – tangenter", "Help – keys")
    /// "Esc eller ? stänger · ↑↓ bläddrar"
    static func helpFooter(close: Localized, closeToo: Localized, scroll: Localized) -> Localized {
        L("\(close.sv) eller \(closeToo.sv) stänger · \(scroll.sv) bläddrar", "\(close.en) or \(closeToo.en) closes · \(scroll.en) scroll")
    }

    // MARK: Key scopes
    static let scopeCaseList = L("Ärenden", "Cases")
    static let scopeDueList = L("Att göra", "To do")
    static let scopeCaseView = L("Ärende", "Case")
    static let scopeForm = L("Formulär", "Form")
    static let scopeSearch = L("Sökraden", "Search line")
    static let scopeDialog = L("Dialogruta", "Dialog")
    static let scopeHelp = L("Hjälpen", "Help")
    static let scopeEverywhere = L("Överallt", "Everywhere")

    // MARK: Key hints (bottom line)
    static let hintHelp = L("hjälp", "help")
    static let hintBack = L("tillbaka", "back")
    static let hintTab = L("flik", "tab")
    static let hintOpen = L("öppna", "open")
    static let hintDetails = L("visa", "details")
    static let hintNew = L("nytt", "new")
    static let hintQuit = L("avsluta", "quit")
    static let hintSearch = L("sök", "search")
    static let hintRole = L("roll", "role")
    static let hintStatus = L("status", "status")
    static let hintDueOnly = L("att göra", "to do")
    static let hintSort = L("sortera", "sort")
    static let hintKeepSearch = L("behåll", "keep")
    static let hintClearSearch = L("rensa", "clear")
    static let hintAssessment = L("bedömning", "assessment")
    static let hintIntervention = L("insats", "intervention")
    static let hintInterventionEnd = L("insats slut", "end")
    static let hintPartner = L("partner", "partner")
    static let hintT1 = L("T1", "T1")
    static let hintClose = L("avslut", "close")
    static let hintT3 = L("T3", "T3")
    static let hintCorrect = L("rätta", "correct")
    static let hintNextField = L("nästa fält", "next field")
    static let hintChange = L("ändra", "change")
    static let hintSave = L("spara", "save")
    static let hintChoose = L("välj", "choose")
    static let hintCancel = L("avbryt", "cancel")

    // MARK: Case list
    static let colCode = L("Kod", "Code")
    static let colRole = L("Roll", "Role")
    static let colStatus = L("Status", "Status")
    static let colRisk = L("Risk", "Risk")
    static let colOpened = L("Aktualiserad", "Opened")
    static let colLastEvent = L("Senaste händelse", "Latest event")
    static let colLastEventShort = L("Senast", "Latest")
    static let colNext = L("Nästa att göra", "Next to do")
    static let colTask = L("Att göra", "To do")
    static let colDate = L("Datum", "Date")
    static let noCases = L("Inga ärenden ännu. Tryck n för att skriva in ett nytt ärende.",
                           "No cases yet. Press n to record a new case.")
    static let noMatchingCases = L("Inga ärenden matchar filtren.", "No cases match the filters.")
    static let searchLabel = L("Sök:", "Search:")
    static func caseCount(shown: Int, total: Int) -> Localized {
        shown == total ? L("\(total) ärenden", "\(total) cases") : L("\(shown) av \(total) ärenden", "\(shown) of \(total) cases")
    }
    static func filterSummary(mine: Bool = false, role: RoleFilter, status: StatusFilter, dueOnly: Bool, sort: CaseSortColumn,
                              ascending: Bool) -> Localized {
        let whose = mine ? L("Mina ärenden · ", "My cases · ") : L("", "")
        let roles = [L("alla", "all"), L("våldsutsatt", "victim"), L("våldsutövare", "perpetrator")]
        let statuses = [L("alla", "all"), L("öppna", "open"), L("avslutade", "closed"), L("makulerade", "retracted")]
        let columns = [colCode, colRole, colStatus, colRisk, colOpened, colLastEvent, colNext]
        let r = roles[role.rawValue], s = statuses[status.rawValue], c = columns[sort.rawValue]
        let arrow = ascending ? "↑" : "↓"
        return L(whose.sv + "Roll: \(r.sv) · Status: \(s.sv)\(dueOnly ? " · endast att göra" : "") · Sortering: \(c.sv) \(arrow)",
                 whose.en + "Role: \(r.en) · Status: \(s.en)\(dueOnly ? " · to do only" : "") · Sort: \(c.en) \(arrow)")
    }
    static func riskLevel(_ level: RiskLevel) -> Localized {
        switch level {
        case .low: L("Låg", "Low")
        case .medium: L("Medel", "Medium")
        case .high: L("Hög", "High")
        }
    }
    /// A short name for an instrument family in the risk column ("SARA", "PATRIARK").
    static func instrumentFamily(_ family: String) -> Localized {
        family == "utan-metod" ? L("utan metod", "no method") : L(family.uppercased(), family.uppercased())
    }
    /// The case's risk as the lists show it: the highest current judgement, with its family.
    static func riskWithFamily(_ record: AssessmentRecord) -> Localized {
        let level = riskLevel(record.riskLevel ?? .low), family = instrumentFamily(record.family)
        return L("\(level.sv) \(family.sv)", "\(level.en) \(family.en)")
    }

    // MARK: Due list
    static func dueFilterSummary(role: RoleFilter, kind: DueKindFilter, sort: DueSort) -> Localized {
        let roles = [L("alla", "all"), L("våldsutsatt", "victim"), L("våldsutövare", "perpetrator")]
        let kinds = [L("alla", "all"), L("T3", "T3"), L("endast försenade T3", "overdue T3 only"),
                     L("utan riskbedömning", "no risk assessment"), L("öppna insatser", "open interventions")]
        let sorts = [L("mest brådskande", "most urgent"), L("datum", "date"), L("kod", "code")]
        let r = roles[role.rawValue], k = kinds[kind.rawValue], s = sorts[sort.rawValue]
        return L("Roll: \(r.sv) · Typ: \(k.sv) · Sortering: \(s.sv)", "Role: \(r.en) · Kind: \(k.en) · Sort: \(s.en)")
    }
    static func dueCount(shown: Int, total: Int) -> Localized {
        shown == total ? L("\(total) rader", "\(total) rows") : L("\(shown) av \(total) rader", "\(shown) of \(total) rows")
    }
    static let hintKind = L("typ", "kind")
    static let nothingDue = L("Inget att göra just nu.", "Nothing to do right now.")
    static func dueSummary(overdue: Int, due: Int, noAssessment: Int, openInterventions: Int, upcoming: Int) -> Localized {
        L("T3: försenade \(overdue), att göra \(due), snart \(upcoming) · utan riskbedömning \(noAssessment) · öppna insatser \(openInterventions)",
          "T3: overdue \(overdue), due \(due), soon \(upcoming) · no risk assessment \(noAssessment) · open interventions \(openInterventions)")
    }
    static func notAFollowUpRow(open: Localized) -> Localized {
        L("Markerad rad är ingen T3-uppföljning; \(open.sv) öppnar ärendet.",
          "The selected row is not a T3 follow-up; \(open.en) opens the case.")
    }

    // MARK: Case view
    static func caseMissing(_ code: String) -> Localized {
        L("Ärendet \(code) finns inte (ännu).", "The case \(code) does not exist (yet).")
    }
    static func intakeOn(_ date: String) -> Localized { L("inskrivet \(date)", "intake \(date)") }
    static func ageBand(_ band: AgeBand) -> Localized {
        band == .unknown ? L("ålder okänd", "age unknown") : L("ålder \(band.label.sv)", "age \(band.label.en)")
    }
    static let highRiskFlag = L("! HÖG RISK", "! HIGH RISK")
    static let labelRisk = L("Risk", "Risk")
    static let labelInterventions = L("Insatser", "Interventions")
    static let labelNext = L("Att göra", "To do")
    static let noAssessment = L("ingen riskbedömning ännu (b)", "no risk assessment yet (b)")
    static let noRiskLevel = L("ingen risknivå", "no risk level")
    static func andMore(_ n: Int) -> Localized { L("(+\(n) till)", "(+\(n) more)") }
    static let noOpenInterventions = L("inga pågående", "none open")
    static let nothingNext = L("inget", "nothing")
    static let timelineHeading = L("Händelser", "Events")
    static let noEvents = L("Inga händelser.", "No events.")
    static func amendedTag(_ reason: CorrectionReason) -> Localized {
        L("[rättad: \(reason.label.sv.lowercased())]", "[amended: \(reason.label.en.lowercased())]")
    }
    static func retractedTag(_ reason: CorrectionReason) -> Localized {
        L("[makulerad: \(reason.label.sv.lowercased())]", "[retracted: \(reason.label.en.lowercased())]")
    }
    static func interventionChoice(_ record: InterventionRecord) -> Localized {
        L("\(record.interventionId) \(record.type.label.sv) (från \(record.start.iso))",
          "\(record.interventionId) \(record.type.label.en) (from \(record.start.iso))")
    }
    static let caseClosedMessage = L("Ärendet är avslutat. Efter avslut kan bara uppföljning (T3, u) och rättelser (r) registreras.",
                                     "The case is closed. After closure only follow-ups (T3, u) and corrections (r) can be recorded.")
    static let followUpNeedsClosure = L("Uppföljning efter avslut (T3) kräver att ärendet är avslutat (a).",
                                        "A follow-up after closure (T3) needs the case to be closed (a).")
    static let partnerContactVictimCase = L("Partnerkontakt registreras bara i ärenden för våldsutövare.",
                                            "Partner contact is recorded only on perpetrator cases.")
    static let noOpenInterventionsMessage = L("Ärendet har ingen pågående insats att avsluta.",
                                              "The case has no open intervention to end.")
    static let selectEventFirst = L("Markera först en händelse i tidslinjen.", "Select an event in the timeline first.")
    static let cannotCorrectCorrection = L("En rättelse kan inte rättas; rätta den ursprungliga händelsen.",
                                           "A correction cannot be corrected; correct the original event.")
    static let alreadyRetracted = L("Händelsen är redan makulerad.", "The event is already retracted.")
    static let correctTitle = L("Rätta händelse", "Correct event")
    static func correctMessage(_ event: Localized) -> Localized {
        L("\(event.sv): ändra uppgifterna eller makulera händelsen? Inget raderas; journalen behåller båda.",
          "\(event.en): amend its values or retract the event? Nothing is deleted; the journal keeps both.")
    }
    static let voidTitle = L("Makulera ärendet?", "Void the case?")
    static func voidMessage(_ code: String) -> Localized {
        L("Att makulera inskrivningen makulerar ärendet \(code): det räknas inte längre i listor och statistik och kan inte få nya händelser. Inget raderas; ärendet finns kvar som makulerat och kan återställas.",
          "Retracting the intake voids the case \(code): it no longer counts in lists and figures and takes no new events. Nothing is deleted; the case stays as retracted and can be restored.")
    }
    static let voidButton = L("Makulera", "Void")
    static let restoreTitle = L("Återställ ärendet?", "Restore the case?")
    static func restoreMessage(_ code: String) -> Localized {
        L("Häv makuleringen av \(code)? Ärendet blir som före makuleringen.",
          "Retract the voiding of \(code)? The case becomes as it was before it was voided.")
    }
    static let restoreButton = L("Återställ", "Restore")
    static let formRestore = L("Återställ makulerat ärende", "Restore voided case")
    static let formVoid = L("Makulera ärende", "Void case")
    static func voidedBy(worker: String, date: String, reason: CorrectionReason, comment: String?) -> Localized {
        let note = comment.map { " – \"\($0)\"" } ?? ""
        return L("\(date) av \(worker): \(reason.label.sv.lowercased())\(note)", "\(date) by \(worker): \(reason.label.en.lowercased())\(note)")
    }
    static let labelVoided = L("Makulerat", "Retracted")
    static let voidedCaseHint = L("Markera makuleringen och tryck r för att återställa ärendet.",
                                  "Select the voiding and press r to restore the case.")
    static func caseVoided(_ code: String) -> Localized {
        L("Ärendet \(code) är makulerat och kan inte få nya händelser; det kan återställas.",
          "The case \(code) is retracted and takes no new events; it can be restored.")
    }
    static let onlyVoidingCanBeUndone = L("I ett makulerat ärende kan bara makuleringen hävas (ärendet återställs).",
                                          "On a voided case only the voiding can be retracted (the case is restored).")
    static let amendButton = L("Ändra", "Amend")
    static let retractButton = L("Makulera", "Retract")
    static let cancelButton = L("Avbryt", "Cancel")

    // MARK: Event descriptions
    static let honourShort = L("hedersrelaterat", "honour-related")
    static func totalShort(_ total: Int, _ maximum: Int) -> Localized { L("summa \(total)/\(maximum)", "total \(total)/\(maximum)") }
    static func clientEstimateShort(_ level: RiskLevel) -> Localized {
        L("klientens skattning: \(level.name.sv)", "client's estimate: \(level.name.en)")
    }
    static func consentShort(_ answer: Answer) -> Localized {
        L("samtycke: \(answer.label.sv.lowercased())", "consent: \(answer.label.en.lowercased())")
    }
    static let reachedShort = L("nådd", "reached")
    static let notReachedShort = L("ej nådd", "not reached")
    static func newViolenceShort(_ answer: Answer) -> Localized {
        L("nytt våld: \(answer.label.sv.lowercased())", "new violence: \(answer.label.en.lowercased())")
    }
    static let safetyPlanningShort = L("säkerhetsplanering", "safety planning")
    static let treatmentInfoShort = L("behandlingsinformation", "treatment information")
    static let concernShort = L("oro för barn", "concern for children")
    static let referralShort = L("hänvisning", "referral")
    static func violenceSinceLastShort(_ answer: Answer) -> Localized {
        L("våld sedan senast: \(answer.label.sv.lowercased())", "violence since last: \(answer.label.en.lowercased())")
    }
    static func violenceStatusShort(_ status: ViolenceStatus) -> Localized {
        L("våldet: \(status.label.sv.lowercased())", "violence: \(status.label.en.lowercased())")
    }
    static func goalAttainmentShort(_ attainment: GoalAttainment) -> Localized {
        L("mål: \(attainment.label.sv.lowercased())", "goal: \(attainment.label.en.lowercased())")
    }
    static func partnerReportShort(_ answer: Answer) -> Localized {
        L("partnern: nytt våld \(answer.label.sv.lowercased())", "partner: new violence \(answer.label.en.lowercased())")
    }
    // MARK: Case summary
    static let scopeCaseSummary = L("Sammanfattning", "Summary")
    static func summaryTitle(_ code: String) -> Localized {
        L("Sammanfattning av ärende \(SafeText.display(code))", "Summary of case \(SafeText.display(code))")
    }
    static let summaryState = L("Läge", "Current state")
    static func closedOn(_ date: String, reason: Localized, goal: Localized) -> Localized {
        L("avslutat \(date): \(reason.sv.lowercased()); målen: \(goal.sv.lowercased())",
          "closed \(date): \(reason.en.lowercased()); goals: \(goal.en.lowercased())")
    }
    static func endedOn(_ date: String) -> Localized { L("avslutad \(date)", "ended \(date)") }
    static let ongoing = L("pågår", "ongoing")
    static let noInterventions = L("inga insatser", "no interventions")
    static func summaryFooter(today: String, worker: String) -> Localized {
        L("Utskrivet \(today) av \(SafeText.display(worker)). Innehåller uppgifter om ett ärende; hanteras som journalen.",
          "Written \(today) by \(SafeText.display(worker)). Holds one case's data; handle it like the journal.")
    }
    static let hintSummary = L("sammanfattning", "summary")

    // MARK: Event details
    static let scopeEventDetail = L("Händelse", "Event")
    static let detailDate = L("Datum", "Date")
    static let detailRecorded = L("Registrerad", "Recorded")
    static let detailStanding = L("Status", "Standing")
    static let standingActive = L("gäller (inte rättad)", "in force (not corrected)")
    static let detailValues = L("Uppgifter", "Values")
    static let detailCorrections = L("Rättelser av händelsen", "Corrections of this event")
    static let noCorrections = L("Inga rättelser.", "No corrections.")
    static let itselfRetracted = L("(rättelsen är själv makulerad)", "(the correction is itself retracted)")
    static func recordedAtBy(_ time: String, worker: String) -> Localized {
        L("\(time) av \(SafeText.display(worker))", "\(time) by \(SafeText.display(worker))")
    }
    static func firstRecorded(_ value: String) -> Localized {
        L("(först registrerat: \(value))", "(first recorded: \(value))")
    }
    static func correctionLine(action: Correction.Action, reason: CorrectionReason, worker: String) -> Localized {
        let (sv, en): (String, String)
        switch action {
        case .amend: (sv, en) = ("Ändrad", "Amended")
        case .retract: (sv, en) = ("Makulerad", "Retracted")
        }
        return L("\(sv) av \(SafeText.display(worker)): \(reason.label.sv.lowercased())",
                 "\(en) by \(SafeText.display(worker)): \(reason.label.en.lowercased())")
    }

    /// A save refused because other workers changed the case while the form was open (issue 16).
    static func changedMeanwhile(_ code: String, others: [Event], _ problems: Localized) -> Localized {
        func who(_ e: Event, _ sv: Bool) -> String {
            let name = SafeText.display(e.worker)
            return sv ? "\(name) registrerade \(e.kind.label.sv.lowercased()) \(e.recordedAt.localDay.iso)"
                : "\(name) recorded \(e.kind.label.en.lowercased()) on \(e.recordedAt.localDay.iso)"
        }
        return L("Ärendet \(SafeText.display(code)) ändrades medan du arbetade: \(others.map { who($0, true) }.joined(separator: "; ")). Inget sparades: \(problems.sv)",
                 "The case \(SafeText.display(code)) changed while you worked: \(others.map { who($0, false) }.joined(separator: "; ")). Nothing was saved: \(problems.en)")
    }

    static func idleLocked(minutes: Int) -> Localized {
        L("Uppfölj är låst: ingen tangent på \(minutes) min. Osparade uppgifter finns kvar.",
          "Uppfölj is locked: no key for \(minutes) min. Unsaved entries are kept.")
    }
    static func idlePassphrase(_ worker: String) -> Localized {
        L("Lösenfras för \(SafeText.display(worker)): ", "Passphrase for \(SafeText.display(worker)): ")
    }
    static let idleChecking = L("Kontrollerar …", "Checking …")

    static func recordedBy(_ worker: String) -> Localized {
        L("av \(SafeText.display(worker))", "by \(SafeText.display(worker))")
    }
    static func responsibleShort(_ worker: String) -> Localized {
        L("ansvarig \(SafeText.display(worker))", "responsible \(SafeText.display(worker))")
    }
    static func handoverTo(_ worker: String) -> Localized {
        L("ansvarig nu \(SafeText.display(worker))", "now responsible: \(SafeText.display(worker))")
    }
    static func monthsLabel(_ months: Int) -> Localized { L("\(months) mån efter avslut", "\(months) mo after closure") }
    static func amends(_ target: String) -> Localized { L("ändrar \(target)", "amends \(target)") }
    static func retracts(_ target: String) -> Localized { L("makulerar \(target)", "retracts \(target)") }

    // MARK: Forms: titles and headings
    static let formIntake = L("Nytt ärende (inskrivning T0)", "New case (intake T0)")
    static let formAssessment = L("Bedömning", "Assessment")
    static let formInterventionStart = L("Insats påbörjad", "Intervention started")
    static let formInterventionEnd = L("Insats avslutad", "Intervention ended")
    static let formPartnerContact = L("Partnerkontakt", "Partner contact")
    static let formHandover = L("Byte av ansvarig handläggare", "Handover to another worker")

    static func attemptNumber(_ n: Int) -> Localized { L("försök \(n)", "attempt \(n)") }

    // MARK: Risk prompt (issue 17 item 6)
    static let riskPromptTitle = L("Ny riskbedömning?", "A new risk assessment?")
    static func riskPromptMessage(_ code: String) -> Localized {
        L("Nytt våld har rapporterats i \(code); risken kan ha ändrats. Göra en ny riskbedömning nu?",
          "New violence was reported in \(code); the risk may have changed. Make a new risk assessment now?")
    }
    static func riskPromptReopenMessage(_ code: String) -> Localized {
        L("Nytt våld har rapporterats i \(code) efter avslut. En ny riskbedömning görs i en ny episod: återaktualisera ärendet nu?",
          "New violence was reported in \(code) after closure. A new risk assessment is made in a new episode: reopen the case now?")
    }
    static let assessButton = L("Riskbedömning", "Risk assessment")
    static let reopenButton = L("Återaktualisera", "Reopen")
    static let notNowButton = L("Inte nu", "Not now")

    // MARK: Reopening (återaktualisering, issue 17)
    static let formReopening = L("Återaktualisering – ny inskrivning", "Reopening – new intake")
    static let fieldReopeningReason = L("Skäl", "Reason")
    static let fieldReopeningDate = L("Datum (ny inskrivning)", "Date (new intake)")
    static let reopeningDateHint = L("Den nya episodens inskrivningsdatum: inte före avslutet, inte i framtiden",
                                     "The new episode's intake date: not before the closure, not in the future")
    static func headingEpisode(_ number: Int) -> Localized { L("Episod \(number)", "Episode \(number)") }
    static let reopenNeedsClosure = L("Bara ett avslutat ärende kan återaktualiseras (A).",
                                      "Only a closed case can be reopened (A).")
    static func reopenedOn(_ date: String, episode: Int) -> Localized {
        L("återaktualiserat \(date) (episod \(episode))", "reopened \(date) (episode \(episode))")
    }
    static let labelEpisodes = L("Episoder", "Episodes")
    static func episodeSpan(_ number: Int, _ start: String, _ end: String?) -> Localized {
        L("\(number): \(start)–\(end ?? "")", "\(number): \(start)–\(end ?? "")")
    }
    static let labelClosed = L("Avslutat", "Closed")
    static func closedReopenHint(_ date: String) -> Localized {
        L("\(date) · A återaktualiserar (ny episod)", "\(date) · A reopens (a new episode)")
    }
    static func reopeningDetail(_ reason: Localized, episode: Int?) -> Localized {
        guard let episode else { return reason }
        return L("\(reason.sv) · episod \(episode)", "\(reason.en) · episode \(episode)")
    }
    static let fieldNewResponsible = L("Ny ansvarig", "New responsible worker")
    static let newResponsibleHint = L("Handläggar-id, t.ex. hl07", "Worker id, e.g. hl07")
    static let newResponsibleMissing = L("Ange vem som tar över ärendet.", "Say who takes the case over.")
    static func responsibleNow(_ worker: String) -> Localized {
        L("Ansvarig nu: \(SafeText.display(worker))", "Responsible now: \(SafeText.display(worker))")
    }
    static let formDuringFollowUp = L("Uppföljning under insats (T1)", "Follow-up during intervention (T1)")
    static let formClosure = L("Avslut (T2)", "Closure (T2)")
    static let formFollowUp = L("Uppföljning efter avslut (T3)", "Follow-up after closure (T3)")
    static let formRetract = L("Makulera händelse", "Retract event")
    static func amendTitle(_ form: Localized) -> Localized { L("Rättelse: \(form.sv)", "Correction: \(form.en)") }
    static func retracting(_ event: Localized) -> Localized { L("Makulerar: \(event.sv)", "Retracting: \(event.en)") }
    static let headingCase = L("Ärende", "Case")
    static let headingPerson = L("Person och situation", "Person and situation")
    static let headingViolence = L("Våld", "Violence")
    static let headingChildren = L("Barn", "Children")
    static let headingItems = L("Frågor", "Items")
    static let headingJudgements = L("Bedömning", "Judgement")
    static let headingViolenceByType = L("Våld vid avslut per typ", "Violence at closure by type")
    static let headingSurvey = L("Brukarenkät (frivillig)", "Client survey (optional)")
    static let headingCorrection = L("Rättelse", "Correction")
    static let headingNewValues = L("Nya uppgifter", "New values")

    // MARK: Forms: fields
    static let fieldCaseCode = L("Ärendekod", "Case code")
    static let fieldIntakeDate = L("Inskrivningsdatum", "Intake date")
    static let fieldRole = L("Roll", "Role")
    static let fieldReferral = L("Aktualiserad via", "Referral source")
    static let fieldLegalBasis = L("Grund för stödet", "Legal basis")
    static let fieldSex = L("Kön", "Sex")
    static let fieldBirthYear = L("Födelseår", "Birth year")
    static let fieldOccupation = L("Sysselsättning", "Occupation")
    static let fieldHousing = L("Boende", "Housing")
    static let fieldSubstanceUse = L("Missbruk eller beroende", "Substance abuse or dependence")
    static let fieldFunctionalImpairment = L("Funktionsnedsättning", "Functional impairment")
    static let fieldInterpreter = L("Behov av tolk", "Interpreter needed")
    static let fieldRelation = L("Relation till den andra", "Relation to the other party")

    // Schema 2: labels that name the other party, by the case's role.
    /// "the perpetrator" on a victim's case, "the victim" on a perpetrator's (definite form).
    static func otherParty(_ role: Role?) -> (sv: String, en: String) {
        switch role {
        case .victim?: ("våldsutövaren", "the perpetrator")
        case .perpetrator?: ("den våldsutsatta", "the victim")
        case nil: ("den andra parten", "the other party")
        }
    }
    static func fieldRelationTo(_ role: Role?) -> Localized {
        let o = otherParty(role); return L("Relation till \(o.sv)", "Relation to \(o.en)")
    }
    static func fieldOtherPartySex(_ role: Role?) -> Localized {
        switch role {
        case .victim?: L("Våldsutövarens kön", "The perpetrator's sex")
        case .perpetrator?: L("Den våldsutsattas kön", "The victim's sex")
        case nil: L("Den andra partens kön", "The other party's sex")
        }
    }
    /// Relationship and living situation with the other party now.
    static func fieldLivingSituation(_ role: Role?) -> Localized {
        let o = otherParty(role); return L("Nuläge med \(o.sv)", "Now with \(o.en)")
    }
    static let fieldKnownDate = L("Aktualiserad (datum)", "Became known (date)")
    static let fieldSeverity = L("Våldets allvar", "Severity of the violence")
    static let fieldViolenceDuration = L("Hur länge våldet pågått", "How long the violence has gone on")
    static let fieldLastViolence = L("Senaste våldet", "Most recent violence")
    static let fieldGoals = L("Mål för arbetet", "Goals of the work")
    static let fieldMandate = L("Frivilligt eller krav", "Voluntary or required")
    static let fieldUnderInvestigation = L("Misstänkt eller dömd för våldet", "Under investigation or convicted for the violence")
    static let fieldTreatmentDeclined = L("Tackat nej till erbjuden behandling", "Declined an offer of treatment")
    static let fieldResponsibleWorker = L("Ansvarig handläggare", "Responsible worker")
    static let responsibleWorkerHint = L("Tomt: den som registrerar", "Empty: the worker recording")
    static let headingVictimOnly = L("Den våldsutsattas situation", "The victim's situation")
    static let headingPerpetratorOnly = L("Våldsutövarens situation", "The perpetrator's situation")
    static let fieldFollowUpConsent = L("Samtycke till uppföljning", "Consent to follow-up")
    static let fieldSafeContact = L("Säkert kontaktsätt", "Safe way to make contact")
    static let fieldInformationSource = L("Uppgiftskälla", "Source of the information")
    static let fieldPartnerNewViolence = L("Partnern: nytt våld", "Partner: new violence")
    static let fieldAttempts = L("Antal kontaktförsök", "Contact attempts")
    static let fieldNotReachedReason = L("Varför inte nådd", "Why not reached")
    static let fieldFeelingSafe = L("Känner sig trygg (1 inte alls – 5 helt)", "Feels safe (1 not at all – 5 fully)")
    static let legalBasisHint = L("Service utan beslut före 2025-07-01; därefter insats utan behovsprövning (SoL 2025:400)",
                                  "Service without decision before 2025-07-01; then without needs assessment (SoL 2025:400)")
    static let fieldOfferedAndDeclined = L("Erbjuden men avböjd", "Offered and declined")
    static let fieldAccompanyingChildren = L("Medföljande barn", "Accompanying children")
    static let fieldGoalProgress = L("Framsteg mot målen", "Progress towards the goals")
    static let fieldMultiplePerpetrators = L("Fler än en våldsutövare", "More than one perpetrator")
    static let fieldViolenceTypes = L("Våldsformer", "Violence types")
    static let fieldHonour = L("Hedersrelaterat våld", "Honour-related violence")
    static let fieldPoliceReport = L("Polisanmälan", "Police report")
    static let fieldProtectiveMeasures = L("Skyddsåtgärder", "Protective measures")
    static let fieldChildren = L("Barn i hushållet (antal)", "Children in household (number)")
    static let fieldChildrenWitnessed = L("Barn har upplevt våld (sett, hört, märkt)", "Children experienced the violence (saw, heard, noticed)")
    static let fieldChildrenExposed = L("Barn själva utsatta", "Children themselves exposed")
    static let fieldReportOfConcern = L("Orosanmälan gjord", "Report of concern made")
    static let fieldAssessmentDate = L("Bedömningsdatum", "Assessment date")
    static let fieldTimePoint = L("Tidpunkt", "Time point")
    static let fieldInstrument = L("Instrument", "Instrument")
    static let fieldRespondent = L("Gjord med", "Done with")
    static func doneWith(_ respondent: Respondent) -> Localized {
        L("gjord med " + respondent.label.sv.lowercased(), "done with " + respondent.label.en.lowercased())
    }
    static let respondentHint = L("Vem bedömningen gjordes med: klienten, partnern (vid partnerkontakt) eller en annan källa. Bara bedömningar med klienten räknas som ärendets risk.", "Whom the assessment was done with: the client, the partner (during partner contact) or another source. Only assessments with the client count as the case's risk.")
    static let fieldEarlier = L("tidigare", "earlier")
    static let fieldCritical = L("kritisk", "critical")
        static let fieldClientEstimate = L("Klientens egen skattning", "Client's own estimate")
    static let fieldStartDate = L("Startdatum", "Start date")
    static let fieldEndDate = L("Slutdatum", "End date")
    static let fieldInterventionId = L("Beteckning", "Label")
    static let fieldInterventionType = L("Typ av insats", "Intervention type")
    static let fieldIntervention = L("Insats", "Intervention")
    static let fieldOutcome = L("Hur den slutade", "How it ended")
    static let fieldDate = L("Datum", "Date")
    static let fieldStep = L("Steg", "Step")
    static let stepAsked = L("Tillfrågad om partnerkontakt", "Asked about partner contact")
    static let stepAttempt = L("Kontaktförsök", "Contact attempt")
    static let stepResponse = L("Partnerns svar", "Partner's answer")
    static let stepConversation = L("Partnersamtal", "Partner conversation")
    static let fieldConsent = L("Samtycke", "Consent")
    static let fieldChannel = L("Kanal", "Channel")
    static let fieldReached = L("Nådde partnern", "Partner reached")
    static let fieldResponse = L("Svar", "Answer")
    static let fieldSafetyPlanning = L("Säkerhetsplanering gjord", "Safety planning done")
    static let fieldTreatmentInformation = L("Information om behandlingen", "Treatment information given")
    static let fieldNewViolenceReported = L("Partnern berättar om nytt våld", "Partner reports new violence")
    static let fieldConcernForChildren = L("Oro för barn", "Concern for children")
    static let fieldReferralMade = L("Hänvisning gjord", "Referral made")
    static let fieldViolenceSinceLast = L("Våld sedan senast", "Violence since last time")
    static let fieldClosureDate = L("Avslutsdatum", "Closure date")
    static let fieldClosureReason = L("Orsak till avslut", "Reason for closure")
    static let fieldGoalAttainment = L("Måluppfyllelse", "Goal attainment")
    static let fieldViolenceAtClosure = L("Våld vid avslut", "Violence at closure")
    static let fieldSituationImproved = L("Situationen förbättrad (1–5)", "Situation improved (1–5)")
    static let fieldSupportImportance = L("Stödets betydelse (1–5)", "Importance of support (1–5)")
    static let fieldFollowUpDate = L("Uppföljningsdatum", "Follow-up date")
    static let fieldMonthsAfterClosure = L("Uppföljningspunkt", "Follow-up point")
    static let fieldClientReached = L("Klienten nåddes", "Client reached")
    static let fieldNewViolence = L("Nytt våld sedan avslut", "New violence since closure")
    static let fieldNewPoliceReport = L("Ny polisanmälan", "New police report")
    static let fieldCorrectionReason = L("Orsak till rättelse", "Reason for correction")
    static let fieldComment = L("Kommentar", "Comment")

    // MARK: Forms: values, placeholders, hints
    static let yes = L("Ja", "Yes")
    static let no = L("Nej", "No")
    static let unknown = L("Okänt", "Unknown")
    static let notGiven = L("– ej angivet", "– not given")
    static let notAnswered = L("ej besvarad", "not answered")
    static let omitted = L("utelämnad", "omitted")
    static let datePlaceholder = L("ÅÅÅÅ-MM-DD", "YYYY-MM-DD")
    static let emptyPlaceholder = L("(tomt)", "(empty)")
    static let optionalPlaceholder = L("(frivilligt)", "(optional)")
    static let unknownPlaceholder = L("okänt", "unknown")
    static let choosePlaceholder = L("välj …", "choose …")
    static let notRecordedPlaceholder = L("ej registrerat", "not recorded")
    static let chooseInstrument = L("välj instrument …", "choose instrument …")
    static let caseCodePlaceholder = L("t.ex. 2024-017", "e.g. 2024-017")
    static let birthYearUnchanged = L("oförändrat (visas inte)", "unchanged (not shown)")
    static let dateHint = L("Datum som ÅÅÅÅ-MM-DD.", "Date as YYYY-MM-DD.")
    static func choiceHint(previous: Localized, next: Localized, toggle: Localized) -> Localized {
        L("\(previous.sv) \(next.sv) eller \(toggle.sv) byter alternativ.", "\(previous.en) \(next.en) or \(toggle.en) changes the option.")
    }
    static func triHint(previous: Localized, next: Localized, toggle: Localized) -> Localized {
        L("\(previous.sv) \(next.sv) eller \(toggle.sv): ja, nej, okänt.", "\(previous.en) \(next.en) or \(toggle.en): yes, no, unknown.")
    }
    // ↑↓ move inside a checkbox list (the list's own keys, not the table's).
    static func setHint(toggle: Localized) -> Localized {
        L("↑↓ flyttar, \(toggle.sv) kryssar. Inget ikryssat = inga.", "↑↓ move, \(toggle.en) checks. Nothing checked = none.")
    }
    static func setWithUnknownHint(toggle: Localized) -> Localized {
        L("↑↓ flyttar, \(toggle.sv) kryssar. Okänt = vet inte; inget ikryssat = inga.",
          "↑↓ move, \(toggle.en) checks. Unknown = not known; nothing checked = none.")
    }
    /// "1 = mycket sämre … 5 = mycket bättre · siffra 1–5 väljer; - = ej besvarad."
    static func surveyScaleHint(low: Localized, high: Localized) -> Localized {
        L("1 = \(low.sv) … 5 = \(high.sv) · siffra 1–5 väljer; - = ej besvarad.",
          "1 = \(low.en) … 5 = \(high.en) · digit 1–5 picks; - = not answered.")
    }
    static let surveyMuchWorse = L("mycket sämre", "much worse")
    static let surveyMuchBetter = L("mycket bättre", "much better")
    static let surveyNone = L("ingen", "none")
    static let surveyVeryGreat = L("mycket stor", "very great")
    static let surveyNotAtAll = L("inte alls", "not at all")
    static let surveyFully = L("helt", "fully")
    static let caseCodeHint = L("Enhetens löpnummer eller hänvisning. Aldrig namn eller personnummer.",
                                "The unit's running number or reference. Never names or identity numbers.")
    static let birthYearHint = L("Visas aldrig; används bara för åldersgrupp.", "Never shown; used only for the age band.")
    static func instrumentHint(previous: Localized, next: Localized) -> Localized {
        L("\(previous.sv) \(next.sv) byter instrument; punkterna visas när instrumentet är valt.",
          "\(previous.en) \(next.en) changes instrument; the items appear once it is chosen.")
    }
    static func scaleHint(_ scale: String) -> Localized {
        L("Siffran väljer: \(scale).", "The digit picks: \(scale).")
    }
    static func criticalHint(toggle: Localized) -> Localized {
        L("\(toggle.sv.prefix(1).uppercased() + toggle.sv.dropFirst()) markerar faktorn som kritisk.", "\(toggle.en) marks the factor critical.")
    }
    static let interventionIdHint = L("Id inom ärendet, t.ex. I1.", "Id within the case, e.g. I1.")
    static let commentHint = L("Kort kommentar; inga namn eller personnummer.", "Short comment; no names or identity numbers.")
    static let saveButton = L("Spara", "Save")
    /// "F2 eller C-g sparar från alla fält · Esc tillbaka"
    static func saveKeysNote(save: Localized, saveToo: Localized, back: Localized) -> Localized {
        L("\(save.sv) eller \(saveToo.sv) sparar från alla fält · \(back.sv) tillbaka",
          "\(save.en) or \(saveToo.en) saves from any field · \(back.en) back")
    }
    static func saveButtonHint(confirm: Localized) -> Localized { L("\(confirm.sv) sparar.", "\(confirm.en) saves.") }
    static let saving = L("Sparar…", "Saving…")
    static let unsavedMarker = L("ej sparat", "not saved")
    /// FREDA-kortfrågor's result: "Resultat: Våld identifierat" (or why it cannot be decided yet).
    static func screeningResult(_ derived: DerivedTotal, items: Int) -> Localized {
        let result = derived.note ?? L("–", "–")
        return L("Resultat: \(result.sv) · obesvarade: \(derived.omitted) av \(items)",
                 "Result: \(result.en) · unanswered: \(derived.omitted) of \(items)")
    }
    static func derivedTotal(_ derived: DerivedTotal, items: Int) -> Localized {
        let total = derived.total.map { t in derived.maximum.map { "\(t) av högst \($0)" } ?? "\(t)" }
        let totalEn = derived.total.map { t in derived.maximum.map { "\(t) of at most \($0)" } ?? "\(t)" }
        return L("Summa: \(total ?? "–") · utelämnade: \(derived.omitted) av \(items)",
                 "Total: \(totalEn ?? "–") · omitted: \(derived.omitted) of \(items)")
    }

    // MARK: Forms: messages
    static let caseCodeMissing = L("Ärendekod saknas.", "The case code is missing.")
    static let mustChoose = L("Välj ett alternativ.", "Choose an option.")
    static let chooseInstrumentMessage = L("Välj instrument och version.", "Choose an instrument and version.")
    static let dateMissing = L("Datum saknas (ÅÅÅÅ-MM-DD).", "The date is missing (YYYY-MM-DD).")
    static func dateInvalid(_ text: String) -> Localized {
        L("\"\(text)\" är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-03-01.",
          "\"\(text)\" is not a date; write YYYY-MM-DD, e.g. 2024-03-01.")
    }
    static func notANumber(_ text: String) -> Localized {
        L("\"\(text)\" är inget heltal.", "\"\(text)\" is not a whole number.")
    }
    static func outOfScale(_ value: String, range: String, item: String) -> Localized {
        L("Värdet \(value) ligger utanför skalan \(range) (- = utelämnad).",
          "The value \(value) is outside the scale \(range) (- = omitted).")
    }
    static func fixMarkedFields(_ count: Int) -> Localized {
        L("Inte sparat: rätta \(count == 1 ? "det markerade fältet" : "de \(count) markerade fälten").",
          "Not saved: fix the \(count == 1 ? "marked field" : "\(count) marked fields").")
    }
    static func saved(_ what: Localized, code: String) -> Localized {
        L("Sparat: \(what.sv)\(code.isEmpty ? "" : " · " + code)", "Saved: \(what.en)\(code.isEmpty ? "" : " · " + code)")
    }
    static func saveFailed(_ reason: Localized) -> Localized {
        L("Kunde inte spara: \(reason.sv) Formuläret finns kvar.", "Could not save: \(reason.en) The form is kept.")
    }
    static let discardTitle = L("Kasta ändringar?", "Discard changes?")
    static let discardMessage = L("Formuläret har ändringar som inte är sparade.", "The form has changes that are not saved.")
    static let changesDiscarded = L("Ändringarna kastades.", "The changes were discarded.")
}
