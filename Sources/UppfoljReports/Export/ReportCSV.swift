import UppfoljCore

/// The two CSV dialects of the export.
public enum CSVDialect: String, Sendable, CaseIterable {
    /// RFC 4180: comma, CRLF, `.` as decimal point.
    case rfc4180
    /// Swedish spreadsheet style: `;`, decimal comma, UTF-8 byte order mark, CRLF — opens as
    /// columns in LibreOffice and Excel with Swedish settings.
    case swedish

    var separator: Character { self == .swedish ? ";" : "," }
    var decimal: String { self == .swedish ? "," : "." }
}

/// The CSV export, made to be opened in a spreadsheet (docs/export-csv.md). Machines read the JSON
/// export; this file is for people, but keeps the stable ids beside the labels.
///
/// - A short header block in column A, one line per cell: title, unit, period, k, the suppression
///   method (wrapped), when it was computed, program and catalogue version, the journal head hash
///   (two halves) and the format. No long text in a column that holds figures, so a spreadsheet
///   does not widen a figure column off the printed page.
/// - An empty row, then the table: first the period's and the previous period's figure of every
///   indicator (the overview), then each indicator's tables under a heading row that holds only
///   its name; one row per figure row of the report, with the label (indicator and group, in the
///   chosen language) first, the figures next (count, share %, numerator,
///   denominator, median — numbers, or `..` when hidden), then the period and the stable ids
///   (indicator, table, period, role, sex, age_band, honour, intervention_type, category, stage).
/// - Text that a spreadsheet would take for a number or a date ("65+", "2025", "18-25", "2026-12")
///   is written as a text formula `="65+"`, which LibreOffice and Excel show as the text itself.
public enum ReportCSV {
    public static let formatName = "uppfolj-indicators-csv"
    public static let formatVersion = 3
    /// The stable id columns, to the right of the figures; their headers are the same in every language.
    public static let idColumns = ["indicator", "table", "period", "role", "sex", "age_band", "honour",
                                   "intervention_type", "legal_basis", "category", "stage"]
    /// Report dimension id → id column.
    static let dimensionColumns = ["period": "period", "role": "role", "sex": "sex", "ageBand": "age_band",
                                   "honour": "honour", "interventionType": "intervention_type", "legalBasis": "legal_basis",
                                   "category": "category", "stage": "stage"]
    /// The label and figure columns, in the chosen language.
    public static func labelColumns(_ language: Language) -> [String] {
        language == .sv
            ? ["Indikator och grupp", "Antal", "Per 10 000", "Andel %", "Täljare", "Nämnare", "Median", "Period", "Indikator"]
            : ["Indicator and group", "Count", "Per 10,000", "Share %", "Numerator", "Denominator", "Median", "Period", "Indicator"]
    }
    public static func columns(_ language: Language) -> [String] { labelColumns(language) + idColumns }

    /// The widest a header line may be (characters), about the width of the labels below it.
    static let headerWidth = 42
    /// The widest a label in column A may be (characters): column A and the figure columns fit an
    /// A4 page in portrait, with room for one more figure column.
    static let labelWidth = 42

    enum Cell {
        /// Text: written as text even where a spreadsheet would read a number.
        case text(String)
        /// A figure: a number, or `..`.
        case figure(String)
        case empty
    }

    public static func render(_ report: Report, dialect: CSVDialect, language: Language) -> String {
        let meta = report.metadata
        func say(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }
        var lines: [[Cell]] = []
        func header(_ text: String) {
            for line in wrapped(text, width: headerWidth) { lines.append([.text(line)]) }
        }

        header(say("Uppfölj: indikatorer för \(meta.period) (jämfört med \(meta.previousPeriod))",
                   "Uppfölj: indicators for \(meta.period) (compared with \(meta.previousPeriod))"))
        header(say("Enhet: ", "Unit: ") + meta.units.joined(separator: " + "))
        header(say("Minsta cellstorlek k = \(meta.minimumCellSize); .. = dold siffra",
                   "Minimum cell size k = \(meta.minimumCellSize); .. = hidden figure"))
        header(say("Metod: ", "Method: ") + meta.suppressionMethod.text(language))
        header(meta.population.map { say("Invånare 18+: \($0.inhabitants18Plus) (\($0.year))", "Inhabitants 18+: \($0.inhabitants18Plus) (\($0.year))") }
               ?? say("Invånare 18+: ej angivet (inga kvoter)", "Inhabitants 18+: not set (no rates)"))
        if let asOf = meta.asOf {
            header(say("Uppgifter per \(asOf.iso) (journalens händelser registrerade till och med den dagen)",
                       "As of \(asOf.iso) (the journal's events recorded up to and including that day)"))
        }
        header(say("Beräknad \(meta.computedIn); Uppfölj \(meta.programVersion); katalog \(meta.catalogueVersion)",
                   "Computed \(meta.computedIn); Uppfölj \(meta.programVersion); catalogue \(meta.catalogueVersion)"))
        header(say("Journalens huvudhash (SHA-256, två halvor):", "Journal head hash (SHA-256, two halves):"))
        for hash in meta.journalHeadHashes {
            let middle = hash.index(hash.startIndex, offsetBy: hash.count / 2)
            header(String(hash[..<middle]))
            header(String(hash[middle...]))
        }
        header("\(say("Format", "Format")): \(formatName) \(formatVersion)")
        lines.append([])
        lines.append(columns(language).map(Cell.text))

        let labelCount = labelColumns(language).count
        func name(_ indicator: IndicatorReport) -> String { indicator.number + " " + indicator.name.text(language) }
        let width = labelCount + idColumns.count
        func row(_ indicator: IndicatorReport, label: String, table: String, period: String, dimensions: [ReportDimension],
                 row: ReportRow) -> [Cell] {
            var cells = Array(repeating: Cell.empty, count: width)
            cells[0] = .text(clipped(label))
            cells[1] = row.count.map { .figure($0.text) } ?? .empty
            // Kolada's key figures: the count (a share's numerator) per 10,000 inhabitants 18+.
            cells[2] = row.rate.map { .figure($0.text(language: dialect == .swedish ? .sv : .en)) } ?? .empty
            if let share = row.share {
                cells[3] = .figure(share.percentText(decimals: 1, language: dialect == .swedish ? .sv : .en))
            }
            cells[4] = row.numerator.map { .figure($0.text) } ?? .empty
            cells[5] = row.denominator.map { .figure($0.text) } ?? .empty
            cells[6] = row.median.map { .figure($0.text) } ?? .empty
            cells[7] = .text(period)
            cells[8] = .text(name(indicator))
            cells[labelCount] = .text(indicator.id)
            cells[labelCount + 1] = .text(table)
            cells[labelCount + 2] = .text(period)
            for (dimension, category) in zip(dimensions, row.key) where category != ReportRow.total {
                guard let column = dimensionColumns[dimension.id], let index = idColumns.firstIndex(of: column) else {
                    preconditionFailure("no CSV column for the report dimension \(dimension.id)")
                }
                cells[labelCount + index] = .text(category)
            }
            return cells
        }
        // First every indicator's figure for the period and the previous period (the overview a
        // reader looks for first, on the first printed page), then each indicator's tables under a
        // heading row (only its label: no figure, no id).
        for indicator in report.indicators {
            lines.append(row(indicator, label: name(indicator), table: "headline", period: meta.period.description,
                             dimensions: [], row: indicator.headline))
            if let previous = indicator.previousHeadline {
                lines.append(row(indicator, label: "  " + say("Jämförelse: ", "Previous: ") + meta.previousPeriod.description,
                                 table: "previous", period: meta.previousPeriod.description, dimensions: [], row: previous))
            }
        }
        for indicator in report.indicators where !indicator.tables.isEmpty {
            var heading = Array(repeating: Cell.empty, count: width)
            heading[0] = .text(clipped(name(indicator)))
            lines.append(heading)
            for table in indicator.tables {
                for tableRow in table.rows {
                    let period = table.dimensions.firstIndex { $0.id == "period" }
                        .map { tableRow.key[$0] }.flatMap { $0 == ReportRow.total ? nil : $0 } ?? meta.period.description
                    lines.append(row(indicator, label: "  " + groupLabel(table, tableRow, language), table: table.kind.rawValue, period: period,
                                     dimensions: table.dimensions, row: tableRow))
                }
            }
        }
        let text = lines.map { $0.map { cell($0, dialect) }.joined(separator: String(dialect.separator)) }
            .joined(separator: "\r\n") + "\r\n"
        return dialect == .swedish ? "\u{FEFF}" + text : text
    }

    /// The group a table row describes, in words: "Våldsutsatt · Kön: Kvinna · Åldersgrupp: 18–25".
    /// Each part names its dimension ("Kön: Okänt" is not "Åldersgrupp: Okänt"), except roles,
    /// intervention types, funnel stages and long category names, which say it themselves; a
    /// table's total is "<table>: totalt".
    static func groupLabel(_ table: ReportTable, _ row: ReportRow, _ language: Language) -> String {
        var parts: [String] = []
        for (dimension, id) in zip(table.dimensions, row.key) where id != ReportRow.total {
            let name = dimension.categories.first { $0.id == id }?.name.text(language) ?? id
            if !["role", "interventionType", "stage"].contains(dimension.id), dimension.id != "category" || name.count <= 12 {
                parts.append(dimension.name.text(language) + ": " + name)
            } else {
                parts.append(name)
            }
        }
        let total = language == .sv ? "totalt" : "total"
        return parts.isEmpty ? table.title.text(language) + ": " + total : parts.joined(separator: " · ")
    }

    /// A label cut to `labelWidth` characters ("…" at the end), so that column A, which a
    /// spreadsheet makes as wide as its longest cell, leaves the figure columns on the printed
    /// page; the indicator's whole name is in the "Indikator" column.
    static func clipped(_ label: String) -> String {
        label.count <= labelWidth ? label : String(label.prefix(labelWidth - 1)) + "…"
    }

    /// Words of `text` in lines of at most `width` characters (a longer word stands alone).
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func cell(_ cell: Cell, _ dialect: CSVDialect) -> String {
        switch cell {
        case .empty: return ""
        case .figure(let text): return field(text, dialect)
        case .text(let text): return looksLikeANumber(text) ? quoted("=\"\(text)\"", dialect) : field(text, dialect)
        }
    }

    /// Whether a spreadsheet would read this text as a number or a date: digits with signs,
    /// separators and dashes only ("2025", "65+", "18-25", "2026-12", "0.4.0", "1").
    /// Such text is made of the program's own ids and numbers, never of a quote.
    static func looksLikeANumber(_ text: String) -> Bool {
        text.contains(where: \.isASCIIDigit) && text.allSatisfy { $0.isASCIIDigit || "+-.,:/ ".contains($0) }
    }

    /// One field: defused against formula injection, then RFC 4180 quoting (fields with the
    /// separator, a quote, CR or LF are quoted, quotes doubled).
    static func field(_ text: String, _ dialect: CSVDialect) -> String {
        quoted(defused(text, dialect), dialect)
    }

    /// RFC 4180 quoting: fields with the separator, a quote, CR or LF are quoted, quotes doubled.
    static func quoted(_ text: String, _ dialect: CSVDialect) -> String {
        guard text.contains(where: { $0 == dialect.separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some read a leading tab
    /// or CR the same way) as a formula. Text that reaches the export from outside this program —
    /// a unit's name, a merged unit's file, a unit's own indicator catalogue — could carry one
    /// (`=HYPERLINK(…)` sends a click elsewhere), so such text gets a leading `'`, which spreadsheets
    /// show as text (OWASP's advice). Numbers, including negative ones, stay as they are.
    static func defused(_ text: String, _ dialect: CSVDialect) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        let asNumber = dialect == .swedish ? text.replacingOccurrences(of: ",", with: ".") : text
        if Double(asNumber) != nil, asNumber.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }) { return text }
        return "'" + text
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
