import UppfoljCore

private func L(_ sv: String, _ en: String) -> Localized { Localized(sv: sv, en: en) }

extension Strings {
    /// What each key binding does, for the help overlay and docs/keys.md (see `AppKeymap`).
    enum Keys {
        static let help = L("Visa eller stäng hjälpen", "Show or hide this help")
        static let back = L("Tillbaka", "Go back")
        static let backFromForm = L("Tillbaka; frågar \"Kasta ändringar?\" om formuläret har osparade ändringar",
                                    "Go back; asks \"Discard changes?\" when the form has unsaved changes")
        static let moveDown = L("Nästa rad", "Next row")
        static let moveUp = L("Föregående rad", "Previous row")
        static let pageDown = L("En sida ned", "One page down")
        static let pageUp = L("En sida upp", "One page up")
        static let first = L("Första raden", "First row")
        static let last = L("Sista raden", "Last row")
        static let nextTab = L("Nästa flik (Ärenden, Att göra)", "Next tab (Cases, To do)")
        static let previousTab = L("Föregående flik", "Previous tab")
        static let open = L("Öppna ärendet på raden", "Open the case on the row")
        static let showEvent = L("Visa markerad händelse: alla uppgifter, vem och när, rättelser",
                                 "Show the selected event: all values, who and when, corrections")
        static let backToCase = L("Tillbaka till ärendet", "Back to the case")
        static let dueRoleFilter = L("Filtrera på roll (alla, våldsutsatt, våldsutövare)", "Filter by role (all, victim, perpetrator)")
        static let dueKindFilter = L("Filtrera på typ (alla, T3, endast försenade T3, utan riskbedömning, öppna insatser)",
                                     "Filter by kind (all, T3, overdue T3 only, no risk assessment, open interventions)")
        static let dueSort = L("Sortera: mest brådskande, datum, kod", "Sort: most urgent, date, code")
        static let caseSummary = L("Sammanfattning av ärendet på en skärm (skriv ut: uppfolj case KOD --out FIL)",
                                   "The case summarised on one screen (to print: uppfolj case CODE --out FILE)")
        static let newCase = L("Nytt ärende (inskrivning T0)", "New case (intake T0)")
        static let quit = L("Avsluta Uppfölj", "Quit Uppfölj")
        static let search = L("Sök på ärendekod (skriv; Enter behåller, Esc rensar)",
                           "Search by case code (type; Enter keeps, Esc clears)")
        static let cycleRoleFilter = L("Filtrera på roll (alla, våldsutsatt, våldsutövare)",
                           "Filter by role (all, victim, perpetrator)")
        static let cycleStatusFilter = L("Filtrera på status (alla, öppna, avslutade)",
                           "Filter by status (all, open, closed)")
        static let toggleMine = L("Mina ärenden (där du är ansvarig) eller alla", "My cases (where you are responsible) or all")
        static let toggleDueOnly = L("Visa endast ärenden med något att göra", "Show only cases with something to do")
        static let cycleSort = L("Sortera på nästa kolumn", "Sort by the next column")
        static let reverseSort = L("Vänd sorteringsordningen", "Reverse the sort order")
        static let endSearch = L("Behåll sökningen och gå till listan", "Keep the search and go to the list")
        static let clearSearch = L("Rensa sökningen", "Clear the search")
        static let newAssessment = L("Ny bedömning (riskbedömning med instrument)",
                           "New assessment (risk assessment with an instrument)")
        static let startIntervention = L("Insats påbörjad", "Intervention started")
        static let endIntervention = L("Insats avslutad", "Intervention ended")
        static let reopen = L("Återaktualisera ett avslutat ärende (ny episod med ny inskrivning)",
                              "Reopen a closed case (a new episode with a new intake)")
        static let handover = L("Lämna över ärendet till en annan ansvarig handläggare", "Hand the case over to another responsible worker")
        static let partnerContact = L("Partnerkontakt (bara ärenden för våldsutövare)",
                           "Partner contact (perpetrator cases only)")
        static let duringFollowUp = L("Uppföljning under insats (T1)", "Follow-up during intervention (T1)")
        static let closeCase = L("Avslut (T2)", "Closure (T2)")
        static let followUp = L("Uppföljning efter avslut (T3); i Att göra för markerad T3-rad",
                           "Follow-up after closure (T3); in To do for the selected T3 row")
        static let correct = L("Rätta markerad händelse (ändra eller makulera, orsak krävs)",
                           "Correct the selected event (amend or retract, reason required)")
        static let backToList = L("Tillbaka till listan", "Back to the list")
        static let nextField = L("Nästa fält (j och k bara utanför textfält)",
                           "Next field (j and k only outside text fields)")
        static let previousField = L("Föregående fält", "Previous field")
        static let choiceNext = L("Nästa alternativ (i textfält: markören)", "Next option (in text fields: the cursor)")
        static let choicePrevious = L("Föregående alternativ (i textfält: markören)",
                           "Previous option (in text fields: the cursor)")
        static let toggle = L("Kryssa i/ur; byt alternativ", "Check/uncheck; change option")
        static let pickValue = L("Välj skalvärde direkt (bedömning, enkät); - = utelämnad",
                           "Pick a scale value directly (assessment, survey); - = omitted")
        static let confirm = L("Nästa fält; på [Spara] sparar", "Next field; on [Save] saves")
        static let save = L("Spara formuläret (fungerar i alla terminaler; aldrig C-s)",
                           "Save the form (works in every terminal; never C-s)")
        static let dialogNext = L("Nästa knapp", "Next button")
        static let dialogPrevious = L("Föregående knapp", "Previous button")
        static let dialogChoose = L("Välj markerad knapp", "Choose the selected button")
        static let dialogYes = L("Ja (första knappen)", "Yes (the first button)")
        static let dialogNo = L("Nej / avbryt", "No / cancel")
        static let dialogCancel = L("Avbryt", "Cancel")
        static let closeHelp = L("Stäng hjälpen", "Close the help")
    }
}
