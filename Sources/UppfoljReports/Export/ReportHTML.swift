import UppfoljCore

/// The board report (nämndrapport): one self-contained, printable HTML page of a `Report` for the
/// socialnämnd (docs/board-report.md). It draws the very `Report` value an export writes, so every
/// figure and every `..` is the export's. No script and no external resource: the CSS is inline
/// (with print rules for A4), the charts are inline SVG, and every text from outside the program
/// (a unit's name, a unit's own catalogue) is escaped.
///
/// Order: headline figures (Koladas nyckeltal and SU-Kvinnofrid when the catalogue has them, else the
/// core figures), then every indicator with the previous period, a chart and its tables, then how
/// figures are hidden, then the provenance. A hidden figure is `..` with a footnote mark, never a bar.
public enum ReportHTML {
    /// Catalogue indicators whose id starts with one of these are the headline figures, in catalogue
    /// order, under the group's title.
    public static let headlineGroups: [(prefix: String, title: Localized)] = [
        ("kolada-", Localized(sv: "Koladas nyckeltal", en: "Kolada's key figures")),
        ("suk-", Localized(sv: "SU-Kvinnofrid", en: "SU-Kvinnofrid")),
    ]
    /// The headline figures while the catalogue has no `kolada-`/`suk-` indicators: what a unit is
    /// asked first (docs/domain.md §6) — how many cases were opened, how many got an intervention,
    /// how many reached their goal, how many were risk-assessed at intake, and whether the violence
    /// had stopped at closure.
    public static let coreHeadlineIDs = ["opened", "with-intervention", "goal-reached", "risk-assessed", "violence-stopped"]

    /// The headline block: the prefixed groups when any exist, else the core figures.
    public static func headlines(_ report: Report) -> [(title: Localized, indicators: [IndicatorReport])] {
        let groups = headlineGroups.map { group in
            (title: group.title, indicators: report.indicators.filter { $0.id.hasPrefix(group.prefix) })
        }.filter { !$0.indicators.isEmpty }
        if !groups.isEmpty { return groups }
        let core = coreHeadlineIDs.compactMap { report.indicator($0) }
        return core.isEmpty ? [] : [(title: Localized(sv: "Nyckeltal", en: "Key figures"), indicators: core)]
    }

    public static func render(_ report: Report, asOf: Day, language: Language) -> String {
        var page = Page(report: report, asOf: asOf, language: language)
        return page.render()
    }

    /// The footnote mark beside every `..`.
    static let mark = "*"

    /// Escapes text for HTML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

private struct Page {
    let report: Report
    let asOf: Day
    let language: Language
    var html = ""

    init(report: Report, asOf: Day, language: Language) {
        self.report = report
        self.asOf = asOf
        self.language = language
    }

    func t(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }
    func t(_ localized: Localized) -> String { ReportHTML.escape(localized.text(language)) }
    var meta: ReportMetadata { report.metadata }
    var k: Int { meta.minimumCellSize }
    var hidden: String { "<span class=\"hidden\">..</span><span class=\"fn\">\(ReportHTML.mark)</span>" }

    mutating func render() -> String {
        let title = t("Uppföljning av arbetet mot våld i nära relationer", "Follow-up of the work against intimate-partner violence")
        html += "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<title>\(title) – \(ReportHTML.escape(periodText(meta.period)))</title>\n"
        html += "<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        header(title)
        headlineBlock()
        html += "<h2 id=\"indikatorer\">\(t("Indikatorerna", "The indicators"))</h2>\n"
        for indicator in report.indicators { section(indicator) }
        suppressionSection()
        provenanceSection()
        html += "</body>\n</html>\n"
        return html
    }

    // MARK: - Parts

    mutating func header(_ title: String) {
        html += "<header>\n<h1>\(title)</h1>\n"
        html += "<p class=\"sub\">\(ReportHTML.escape(meta.units.joined(separator: " + "))) · "
        html += "\(t("Period", "Period")) \(ReportHTML.escape(periodText(meta.period))) · "
        html += "\(t("jämfört med", "compared with")) \(ReportHTML.escape(periodText(meta.previousPeriod)))</p>\n"
        if asOf < meta.period.lastDay {
            html += "<p class=\"notice\">\(t("Perioden är inte avslutad: siffrorna gäller till och med \(dayText(asOf)).", "The period is not over: the figures are up to \(dayText(asOf)).")))</p>\n"
        }
        html += "<p class=\"lead\">\(t("Anonymiserade siffror om ärenden. Siffror som visas som .. är dolda för att ingen enskild person ska kunna pekas ut (se \"Dolda siffror\" sist i rapporten).", "Anonymised figures about cases. Figures shown as .. are hidden so that no individual can be singled out (see \"Hidden figures\" at the end)."))</p>\n"
        html += "</header>\n"
    }

    mutating func headlineBlock() {
        let groups = ReportHTML.headlines(report)
        guard !groups.isEmpty else { return }
        html += "<section class=\"headlines\">\n"
        for group in groups {
            html += "<h2>\(t(group.title))</h2>\n<div class=\"cards\">\n"
            for indicator in group.indicators {
                html += "<div class=\"card\"><p class=\"name\">\(label(indicator))</p>"
                html += "<p class=\"big\">\(primaryText(indicator.headline))</p>"
                html += "<p class=\"detail\">\(detailText(indicator.headline))</p>"
                html += "<p class=\"prev\">\(comparisonText(indicator))</p></div>\n"
            }
            html += "</div>\n"
        }
        if groups.contains(where: { $0.indicators.contains { isHidden($0.headline) || $0.previousHeadline.map(isHidden) == true } }) {
            html += footnote()
        }
        html += "</section>\n"
    }

    mutating func section(_ indicator: IndicatorReport) {
        html += "<section class=\"indicator\" id=\"\(ReportHTML.escape(indicator.id))\">\n"
        html += "<h3>\(label(indicator))</h3>\n"
        html += "<p class=\"def\">\(t(indicator.definition))</p>\n"
        html += "<p class=\"figure\"><b>\(ReportHTML.escape(periodText(meta.period))): \(primaryText(indicator.headline))</b>"
        let detail = detailText(indicator.headline)
        if !detail.isEmpty { html += " \(detail)" }
        html += " · \(comparisonText(indicator))</p>\n"
        if let chart = chart(indicator) { html += chart }
        if !indicator.tables.isEmpty {
            // One-way tables side by side where they fit; cross tables take the width.
            html += "<div class=\"tables\">\n"
            for table in indicator.tables { tableHTML(table, indicator) }
            html += "</div>\n"
        }
        for note in indicator.notes { html += "<p class=\"note\">\(t(note))</p>\n" }
        if sectionHasHidden(indicator) { html += footnote() }
        html += "</section>\n"
    }

    mutating func suppressionSection() {
        let tally = report.countFigureTally
        html += "<section class=\"about\" id=\"dolda\">\n<h2>\(t("Dolda siffror", "Hidden figures"))</h2>\n"
        html += "<p>\(t("Siffrorna gäller ärenden hos socialtjänsten och omfattas av sekretess. Ett antal som är mindre än \(k) (alltså 1–\(k - 1) ärenden) visas därför aldrig, utan skrivs som ..; noll visas. Andra siffror i samma tabell döljs också när en dold siffra annars skulle kunna räknas fram ur summor och andra tabeller. En andel visas inte när den bygger på färre än \(k) ärenden, eller när dess täljare eller nämnare är dold. Dolda siffror ritas inte i diagrammen.", "These figures concern social-services cases and are confidential. A count below \(k) (that is, 1–\(k - 1) cases) is therefore never shown but written as ..; zero is shown. Other figures in the same table are hidden too when a hidden figure could otherwise be worked out from totals and other tables. A share is not shown when it rests on fewer than \(k) cases, or when its numerator or denominator is hidden. Hidden figures are not drawn in the charts."))</p>\n"
        let percent = tally.figures == 0 ? 0 : (200 * tally.hidden + tally.figures) / (2 * tally.figures)
        html += "<p>\(t("I den här rapporten är \(tally.hidden) av \(tally.figures) antal dolda (\(percent) %). Det är samma siffror, med samma dolda celler, som enhetens export för perioden.", "In this report \(tally.hidden) of \(tally.figures) counts are hidden (\(percent) %). They are the same figures, with the same hidden cells, as the unit's export for the period."))</p>\n"
        html += "</section>\n"
    }

    mutating func provenanceSection() {
        html += "<section class=\"about\" id=\"ursprung\">\n<h2>\(t("Om siffrorna", "About the figures"))</h2>\n<dl>\n"
        func item(_ name: String, _ value: String, _ cls: String = "") {
            html += "<dt>\(name)</dt><dd\(cls.isEmpty ? "" : " class=\"\(cls)\"")>\(value)</dd>\n"
        }
        item(t("Enhet", "Unit"), ReportHTML.escape(meta.units.joined(separator: " + ")))
        item(t("Period", "Period"), ReportHTML.escape(meta.period.description))
        item(t("Jämförelseperiod", "Previous period"), ReportHTML.escape(meta.previousPeriod.description))
        item(t("Beräknad per", "As of"), ReportHTML.escape(asOf.iso))
        item(t("Minsta cellstorlek (k)", "Minimum cell size (k)"), String(k))
        item(t("Metod för dolda siffror", "Suppression method"), t(meta.suppressionMethod))
        item(t("Programversion", "Program version"), "Uppfölj " + ReportHTML.escape(meta.programVersion))
        item(t("Journalens huvudhash", "Journal head hash"), meta.journalHeadHashes.map(ReportHTML.escape).joined(separator: "<br>"), "hash")
        item(t("Indikatorkatalog", "Indicator catalogue"), ReportHTML.escape(meta.catalogueVersion))
        item(t("Invånare 18+ (för kvoterna)", "Inhabitants 18+ (for the rates)"),
             meta.population.map { "\($0.inhabitants18Plus) (\($0.year))" } ?? t("ej angivet: inga kvoter", "not set: no rates"))
        html += "</dl>\n</section>\n"
    }

    func footnote() -> String {
        "<p class=\"footnote\"><sup>\(ReportHTML.mark)</sup> \(t(".. = dold siffra: färre än \(k) ärenden, eller dold för att en annan dold siffra inte ska kunna räknas fram.", ".. = hidden figure: fewer than \(k) cases, or hidden so that another hidden figure cannot be worked out."))</p>\n"
    }

    // MARK: - Figures as text

    func label(_ indicator: IndicatorReport) -> String {
        "<span class=\"nr\">\(ReportHTML.escape(indicator.number))</span> \(t(indicator.name))"
    }

    func isHidden(_ row: ReportRow) -> Bool {
        if let share = row.share { return share.isSuppressed }
        if let median = row.median { return median.isSuppressed }
        if let count = row.count { return count.isSuppressed }
        return row.numerator?.isSuppressed ?? false
    }

    /// The row's main figure: the share, the median or the count.
    func primaryText(_ row: ReportRow) -> String {
        if let share = row.share {
            return share.isSuppressed ? hidden : percent(share)
        }
        if let median = row.median {
            return median.isSuppressed ? hidden : median.text
        }
        if let count = row.count { return count.isSuppressed ? hidden : count.text }
        if let numerator = row.numerator { return numerator.isSuppressed ? hidden : numerator.text }
        return "–"
    }

    /// What the main figure rests on: "(38 av 84)" for a share, "(median, n = 40)" for a median;
    /// and for Kolada's key figures the rate per 10,000 inhabitants 18+.
    func detailText(_ row: ReportRow) -> String {
        let base = detailBase(row)
        guard let rate = row.rate else { return base }
        let text = rate.isSuppressed ? hidden : rate.text(language: language)
        let per = language == .sv ? "per 10 000 invånare 18+" : "per 10,000 inhabitants 18+"
        let rateText = rate.per == 10_000 ? "\(text) \(per)" : t("\(text) per \(rate.per)", "\(text) per \(rate.per)")
        return base.isEmpty ? "(\(rateText))" : "\(base) · \(rateText)"
    }

    func detailBase(_ row: ReportRow) -> String {
        if row.share != nil, let numerator = row.numerator, let denominator = row.denominator {
            return "(" + t("\(figure(numerator)) av \(figure(denominator))", "\(figure(numerator)) of \(figure(denominator))") + ")"
        }
        // A median's unit (days, interventions) is in the indicator's name.
        if row.median != nil {
            return row.denominator.map { "(median, n = \(figure($0)))" } ?? "(median)"
        }
        return ""
    }

    func figure(_ value: Figure) -> String { value.isSuppressed ? hidden : value.text }

    func percent(_ share: ShareFigure) -> String {
        let text = share.percentText(decimals: 1, language: language)
        return language == .sv ? text + "&nbsp;%" : text + "%"
    }

    /// "2024: 110 · förändring +13" (percentage points for shares), or what is missing.
    func comparisonText(_ indicator: IndicatorReport) -> String {
        let previousPeriod = ReportHTML.escape(periodText(meta.previousPeriod))
        guard let previous = indicator.previousHeadline else {
            return t("\(previousPeriod): uppgift saknas", "\(previousPeriod): not available")
        }
        var text = "\(previousPeriod): \(primaryText(previous))"
        let now = indicator.headline
        if let nowShare = now.share, let previousShare = previous.share, !nowShare.isSuppressed, !previousShare.isSuppressed,
           let an = nowShare.numerator, let ad = nowShare.denominator, let bn = previousShare.numerator, let bd = previousShare.denominator {
            // Percentage points, one decimal, from the exact fractions (half away from zero).
            let points = 100.0 * (Double(an) / Double(ad) - Double(bn) / Double(bd))
            let rounded = (points * 10).rounded() / 10
            let sign = rounded > 0 ? "+" : (rounded < 0 ? "−" : "±")
            var number = String(format: abs(rounded))
            if language == .sv { number = number.replacingOccurrences(of: ".", with: ",") }
            text += " · " + t("förändring \(sign)\(number) procentenheter", "change \(sign)\(number) percentage points")
        } else if now.share == nil, now.median == nil, let a = now.count?.value, let b = previous.count?.value {
            let difference = a - b
            let sign = difference > 0 ? "+" : (difference < 0 ? "−" : "±")
            text += " · " + t("förändring \(sign)\(abs(difference))", "change \(sign)\(abs(difference))")
        } else if let a = now.median?.value, let b = previous.median?.value {
            let difference = a - b
            let sign = difference > 0 ? "+" : (difference < 0 ? "−" : "±")
            text += " · " + t("förändring \(sign)\(abs(difference))", "change \(sign)\(abs(difference))")
        }
        return text
    }

    func periodText(_ period: ReportPeriod) -> String {
        if period.isYear { return String(period.first.year) }
        if period.isQuarter { return t("kvartal \(period.first.quarter) \(period.first.year)", "Q\(period.first.quarter) \(period.first.year)") }
        return period.description
    }

    func dayText(_ day: Day) -> String {
        let sv = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return language == .sv ? "\(day.components.day) \(sv[day.month - 1]) \(day.year)" : "\(day.components.day) \(en[day.month - 1]) \(day.year)"
    }

    func categoryName(_ dimension: ReportDimension, _ id: String) -> String {
        if id == ReportRow.total { return t("Totalt", "Total") }
        if let category = dimension.categories.first(where: { $0.id == id }) { return t(category.name) }
        return ReportHTML.escape(id)
    }

    func sectionHasHidden(_ indicator: IndicatorReport) -> Bool {
        if isHidden(indicator.headline) || indicator.previousHeadline.map(isHidden) == true { return true }
        return indicator.tables.contains { table in
            table.rows.contains { row in
                [row.count, row.numerator, row.denominator, row.median].contains { $0?.isSuppressed == true }
                    || row.share?.isSuppressed == true
            }
        }
    }

    // MARK: - Tables

    /// The measures a one-dimensional table shows, by what its rows carry.
    func columns(_ rows: [ReportRow]) -> [(title: String, text: (ReportRow) -> String)] {
        var result: [(title: String, text: (ReportRow) -> String)] = []
        if rows.contains(where: { $0.share != nil }) {
            result.append((t("Andel", "Share"), { row in row.share.map { $0.isSuppressed ? hidden : percent($0) } ?? "" }))
        }
        if rows.contains(where: { $0.median != nil }) {
            result.append(("Median", { row in row.median.map(figure) ?? "" }))
        }
        if rows.contains(where: { $0.count != nil }) {
            result.append((t("Antal", "Count"), { row in row.count.map(figure) ?? "" }))
        }
        if rows.contains(where: { $0.numerator != nil }) {
            result.append((t("Antal med", "Cases with"), { row in row.numerator.map(figure) ?? "" }))
        }
        if rows.contains(where: { $0.denominator != nil }) {
            let title = rows.contains(where: { $0.median != nil }) ? t("Antal ärenden", "Cases") : t("Av", "Of")
            result.append((title, { row in row.denominator.map(figure) ?? "" }))
        }
        return result
    }

    mutating func tableHTML(_ table: ReportTable, _ indicator: IndicatorReport) {
        guard !table.rows.isEmpty, !table.dimensions.isEmpty else { return }
        html += "<table>\n<caption>\(t(table.title))</caption>\n"
        if table.dimensions.count == 1 {
            let dimension = table.dimensions[0]
            let columns = columns(table.rows)
            html += "<thead><tr><th>\(t(dimension.name))</th>"
            for column in columns { html += "<th class=\"n\">\(column.title)</th>" }
            html += "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                let isTotal = row.key.first == ReportRow.total
                html += "<tr\(isTotal ? " class=\"total\"" : "")><th scope=\"row\">\(categoryName(dimension, row.key[0]))</th>"
                for column in columns { html += "<td class=\"n\">\(column.text(row))</td>" }
                html += "</tr>\n"
            }
            html += "</tbody>\n</table>\n"
            return
        }
        // Two or more dimensions: a cross table, the last dimension across, the others down; each
        // cell shows the row's main figure.
        let across = table.dimensions[table.dimensions.count - 1]
        let down = Array(table.dimensions.dropLast())
        var columnIDs: [String] = []
        var rowKeys: [[String]] = []
        var cells: [[String]: ReportRow] = [:]
        for row in table.rows {
            let head = Array(row.key.dropLast()), last = row.key[row.key.count - 1]
            if !columnIDs.contains(last) { columnIDs.append(last) }
            if !rowKeys.contains(head) { rowKeys.append(head) }
            cells[row.key] = row
        }
        // Totals last, categories in the dimension's order.
        func order(_ ids: [String], _ dimension: ReportDimension) -> [String] {
            let known = dimension.categories.map(\.id).filter(ids.contains)
            return known + ids.filter { !known.contains($0) && $0 != ReportRow.total } + (ids.contains(ReportRow.total) ? [ReportRow.total] : [])
        }
        columnIDs = order(columnIDs, across)
        let isShare = table.rows.contains { $0.share != nil }
        html += "<thead><tr>"
        for dimension in down { html += "<th>\(t(dimension.name))</th>" }
        for id in columnIDs { html += "<th class=\"n\">\(categoryName(across, id))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for head in rowKeys {
            let isTotal = head.allSatisfy { $0 == ReportRow.total }
            html += "<tr\(isTotal ? " class=\"total\"" : "")>"
            for (dimension, id) in zip(down, head) { html += "<th scope=\"row\">\(categoryName(dimension, id))</th>" }
            for id in columnIDs {
                guard let row = cells[head + [id]] else { html += "<td class=\"n\"></td>"; continue }
                html += "<td class=\"n\">\(primaryText(row))</td>"
            }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if isShare {
            html += "<p class=\"note\">\(t("Andel i procent.", "Share in per cent."))</p>\n"
        }
    }

    // MARK: - Chart

    /// A horizontal bar chart of the indicator's main breakdown (categories, funnel stages, role, the
    /// first other one-way table, else the trend): shares on a 0–100 % scale, counts and medians
    /// against the largest shown value. A hidden figure is `..`, never a bar.
    func chart(_ indicator: IndicatorReport) -> String? {
        let oneWay = indicator.tables.filter { $0.dimensions.count == 1 }
        let preferred = [ReportTableKind.categories, .stages, .breakdown(.role)].lazy.compactMap { kind in oneWay.first { $0.kind == kind } }.first
        guard let table = preferred ?? oneWay.first(where: { $0.kind != .trend }) ?? oneWay.first else { return nil }
        let dimension = table.dimensions[0]
        let rows = table.rows.filter { $0.key[0] != ReportRow.total }
        guard !rows.isEmpty else { return nil }
        let isShare = rows.contains { $0.share != nil }
        func value(_ row: ReportRow) -> Double? {
            if isShare { return row.share?.fraction.map { $0 * 100 } }
            if let median = row.median { return median.value.map(Double.init) }
            return row.count?.value.map(Double.init)
        }
        let maximum = isShare ? 100 : max(1, rows.compactMap(value).max() ?? 1)
        let labelWidth = 262.0, barStart = 270.0, barWidth = 300.0, rowHeight = 22.0
        let height = Double(rows.count) * rowHeight + 24
        var svg = "<figure class=\"chart\"><svg viewBox=\"0 0 640 \(Int(height))\" width=\"640\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(t(table.title))\">\n"
        // The axis: 0 and the scale's end.
        let axisY = Double(rows.count) * rowHeight + 4
        svg += "<line x1=\"\(barStart)\" y1=\"0\" x2=\"\(barStart)\" y2=\"\(axisY)\" class=\"axis\"/>"
        svg += "<text x=\"\(barStart)\" y=\"\(axisY + 14)\" class=\"tick\">0</text>"
        let end = isShare ? (language == .sv ? "100 %" : "100%") : Self.number(maximum)
        svg += "<text x=\"\(barStart + barWidth)\" y=\"\(axisY + 14)\" class=\"tick end\">\(end)</text>\n"
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight
            let name = categoryName(dimension, row.key[0])
            svg += "<text x=\"\(labelWidth)\" y=\"\(y + 15)\" class=\"label\">\(Self.clipped(name, 40))</text>"
            if let v = value(row) {
                let width = max(0, min(1, v / maximum)) * barWidth
                svg += "<rect x=\"\(barStart)\" y=\"\(y + 4)\" width=\"\(Self.number(width))\" height=\"\(rowHeight - 8)\" class=\"bar\"/>"
                let text = isShare ? row.share.map { $0.percentText(decimals: 1, language: language) + (language == .sv ? " %" : "%") } ?? ""
                    : Self.number(v)
                svg += "<text x=\"\(Self.number(barStart + width + 5))\" y=\"\(y + 15)\" class=\"value\">\(text)</text>\n"
            } else {
                svg += "<text x=\"\(barStart + 5)\" y=\"\(y + 15)\" class=\"value hidden\">..\(ReportHTML.mark)</text>\n"
            }
        }
        svg += "</svg><figcaption>\(t(table.title))\(isShare ? t(" (andel, 0–100 %)", " (share, 0–100%)") : "")</figcaption></figure>\n"
        return svg
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: value)
    }

    /// Shortens an (escaped) label for the chart's label column.
    static func clipped(_ escaped: String, _ limit: Int) -> String {
        escaped.count <= limit ? escaped : String(escaped.prefix(limit - 1)) + "…"
    }

    static let css = """
    @page { size: A4; margin: 14mm 14mm 16mm 14mm; }
    * { box-sizing: border-box; }
    body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.35;
           color: #111; max-width: 182mm; margin: 0 auto; padding: 8mm 0; }
    h1 { font-size: 17pt; margin: 0 0 2mm; }
    h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #888; break-after: avoid; }
    h3 { font-size: 11pt; margin: 6mm 0 1mm; break-after: avoid; }
    .nr { color: #555; }
    .sub { margin: 0 0 2mm; color: #333; }
    .notice { font-weight: bold; }
    .lead, .def, .note, .footnote { color: #333; }
    .def { margin: 0 0 1mm; font-size: 9pt; }
    .figure { margin: 1mm 0 2mm; }
    .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; }
    .card { border: 1px solid #999; border-radius: 2mm; padding: 2mm 3mm; break-inside: avoid; }
    .card p { margin: 0; }
    .card .name { font-size: 9pt; }
    .card .big { font-size: 17pt; font-weight: bold; }
    .card .detail, .card .prev { font-size: 8.5pt; color: #333; }
    .tables { display: flex; flex-wrap: wrap; column-gap: 8mm; align-items: flex-start; }
    table { border-collapse: collapse; margin: 2mm 0 3mm; font-size: 8.5pt; max-width: 100%; break-inside: avoid; }
    caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
    th, td { border-bottom: 1px solid #ccc; padding: 0.6mm 2mm; text-align: left; vertical-align: top; }
    td.n, th.n { text-align: right; white-space: nowrap; }
    tr.total th, tr.total td { font-weight: bold; border-top: 1px solid #666; }
    .hidden { color: #555; }
    .fn { font-size: 7.5pt; }
    .footnote { font-size: 8pt; }
    figure.chart { margin: 2mm 0; break-inside: avoid; }
    figure.chart svg { max-width: 100%; height: auto; }
    figcaption { font-size: 8pt; color: #333; }
    svg text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10px; fill: #111; }
    svg .label { text-anchor: end; }
    svg .tick { font-size: 9px; fill: #444; }
    svg .tick.end { text-anchor: end; }
    svg .bar { fill: #3a6ea5; }
    svg .axis { stroke: #666; stroke-width: 1; }
    section.indicator { border-top: 1px solid #ddd; }
    dl { display: grid; grid-template-columns: 45mm 1fr; gap: 1mm 3mm; }
    dt { font-weight: bold; }
    dd { margin: 0; }
    dd.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; overflow-wrap: anywhere; }
    @media print {
      body { padding: 0; max-width: none; }
      a { color: inherit; text-decoration: none; }
    }

    """
}

private extension String {
    /// A number with up to one decimal, "." as the point (for SVG coordinates and chart values).
    init(format value: Double) {
        let scaled = (value * 10).rounded()
        let whole = Int(scaled) / 10, tenth = abs(Int(scaled) % 10)
        self = tenth == 0 ? String(whole) : "\(value < 0 && whole == 0 ? "-" : "")\(whole).\(tenth)"
    }
}
