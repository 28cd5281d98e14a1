import UppfoljCore
import UppfoljReports

private func L(_ sv: String, _ en: String) -> Localized { Localized(sv: sv, en: en) }

/// The manager view's words, Swedish and English.
enum DashboardStrings {
    static let scopeDashboard = L("Ledningsvy: översikt", "Manager view: overview")
    static let scopeIndicator = L("Ledningsvy: indikator", "Manager view: indicator")
    static let title = L("Ledningsvy", "Manager view")
    /// "← → period · ? hjälp" (the keys from the key table, `KeyHints.dashboardTitle`).
    static func titleKeys(previous: Localized, next: Localized, help: Localized) -> Localized {
        L("\(previous.sv) \(next.sv) period · \(help.sv) hjälp", "\(previous.en) \(next.en) period · \(help.en) help")
    }
    static let keyOpen = L("Visa indikatorn med uppdelningar, diagram och trend", "Show the indicator with breakdowns, charts and trend")
    static let keyPreviousPeriod = L("Föregående period (lika lång)", "Previous period (same length)")
    static let keyNextPeriod = L("Nästa period (lika lång)", "Next period (same length)")
    static let keyGranularity = L("Byt periodlängd: kvartal, år, månad", "Change the period length: quarter, year, month")
    static let keyBackToOverview = L("Tillbaka till översikten", "Back to the overview")
    static let hintPrevious = L("förra perioden", "previous period")
    static let hintNext = L("nästa", "next")
    static let hintGranularity = L("periodlängd", "period length")
    static let hintOverview = L("översikt", "overview")
    static let period = L("Period", "Period")
    static let comparedWith = L("jämfört med", "compared with")
    static let fixedPeriod = L("export: perioden är fast", "export: the period is fixed")
    static let columnNumber = L("Nr", "No")
    static let columnIndicator = L("Indikator", "Indicator")
    static let columnValue = L("Perioden", "Period")
    static let columnPrevious = L("Föregående", "Previous")
    static let columnCount = L("Antal", "Count")
    static let columnShare = L("Andel", "Share")
    static let columnNumerator = L("Täljare", "Numerator")
    static let columnDenominator = L("Nämnare", "Denominator")
    static let columnMedian = L("Median, dagar", "Median, days")
    static let columnMedianInterventions = L("Median, insatser", "Median, interventions")
    static let interventions = L("insatser", "interventions")
    static let total = L("Totalt", "Total")
    static let days = L("dagar", "days")
    static let cases = L("ärenden", "cases")
    static let loading = L("Räknar …", "Computing …")
    static let exportFixed = L("Exporten gäller en fast period; öppna journalen för att byta period.",
                               "The export covers a fixed period; open the journal to change the period.")
    static let noFigures = L("Inga ärenden under perioden.", "No cases in the period.")
    static func footnote(k: Int) -> Localized {
        L(".. = färre än \(k) ärenden, eller dolt för att skydda andra celler (k = \(k))",
          ".. = fewer than \(k) cases, or hidden to protect other cells (k = \(k))")
    }
    static let groupKolada = L("Koladas nyckeltal (vuxna våldsutsatta)", "Kolada's key figures (adult victims)")
    static let groupSUKvinnofrid = L("SU-Kvinnofrid (vuxna våldsutsatta)", "SU-Kvinnofrid (adult victims)")
    static let groupVictims = L("Våldsutsatta", "Victims")
    static let groupPerpetrators = L("Våldsutövare", "Perpetrators")
    static let groupAll = L("Alla ärenden", "All cases")
    static let changedMark = L("● = siffrorna har ändrats sedan vyn öppnades", "● = the figures changed since the view was opened")
    static let monthsSv = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"]
    static let monthsEn = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    /// "t.o.m. 6 december" for a period not yet over.
    static func through(_ day: Day) -> Localized {
        L("t.o.m. \(day.components.day) \(monthsSv[day.month - 1])", "to \(day.components.day) \(monthsEn[day.month - 1])")
    }
    /// k in words, for the period line.
    static func kInWords(_ k: Int) -> Localized {
        L("k = \(k): färre än \(k) ärenden visas som ..", "k = \(k): fewer than \(k) cases show as ..")
    }
    static func units(_ names: [String]) -> Localized {
        L(names.count == 1 ? "Enhet: \(names[0])" : "Enheter: \(names.joined(separator: ", "))",
          names.count == 1 ? "Unit: \(names[0])" : "Units: \(names.joined(separator: ", "))")
    }
}
