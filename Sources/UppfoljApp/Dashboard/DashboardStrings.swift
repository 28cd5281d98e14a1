import UppfoljCore
import UppfoljReports

private func L(_ sv: String, _ en: String) -> Localized { Localized(sv: sv, en: en) }

/// The manager view's words, Swedish and English.
enum DashboardStrings {
    static let scopeDashboard = L("Ledningsvy: översikt", "Manager view: overview")
    static let scopeIndicator = L("Ledningsvy: indikator", "Manager view: indicator")
    static let title = L("Ledningsvy", "Manager view")
    static let titleKeys = L("← → period · ? hjälp", "← → period · ? help")
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
    static func units(_ names: [String]) -> Localized {
        L(names.count == 1 ? "Enhet: \(names[0])" : "Enheter: \(names.joined(separator: ", "))",
          names.count == 1 ? "Unit: \(names[0])" : "Units: \(names.joined(separator: ", "))")
    }
}
