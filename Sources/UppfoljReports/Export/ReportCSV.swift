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

/// The CSV export, one figure per row in a fixed set of columns (docs/export-csv.md):
///
///     indicator, number, indicator_name, table, period, role, sex, age_band, honour,
///     intervention_type, category, stage, measure, value
///
/// A dimension column is empty for a total. `measure` is count, numerator, denominator,
/// share_percent or median; `value` is the number or `..` when suppressed. The metadata come
/// first as rows whose indicator is `#meta` (table = the key, value = its value).
public enum ReportCSV {
    public static let columns = ["indicator", "number", "indicator_name", "table", "period", "role", "sex", "age_band",
                                 "honour", "intervention_type", "legal_basis", "category", "stage", "measure", "value"]
    /// Report dimension id → CSV column.
    static let dimensionColumns = ["period": "period", "role": "role", "sex": "sex", "ageBand": "age_band",
                                   "honour": "honour", "interventionType": "intervention_type", "legalBasis": "legal_basis",
                                   "category": "category", "stage": "stage"]

    public static func render(_ report: Report, dialect: CSVDialect, language: Language) -> String {
        var lines: [[String]] = [columns]
        let meta = report.metadata
        func metaRow(_ key: String, _ value: String) -> [String] {
            var row = Array(repeating: "", count: columns.count)
            row[0] = "#meta"
            row[3] = key
            row[columns.count - 1] = value
            return row
        }
        lines.append(metaRow("format", "\(meta.format) \(meta.formatVersion)"))
        lines.append(metaRow("period", meta.period.description))
        lines.append(metaRow("previous_period", meta.previousPeriod.description))
        lines.append(metaRow("units", meta.units.joined(separator: " + ")))
        lines.append(metaRow("k", String(meta.minimumCellSize)))
        lines.append(metaRow("suppression_method", meta.suppressionMethod.text(language)))
        lines.append(metaRow("program_version", meta.programVersion))
        lines.append(metaRow("journal_head_hash", meta.journalHeadHashes.joined(separator: " ")))
        lines.append(metaRow("computed_in", meta.computedIn.description))
        lines.append(metaRow("catalogue_version", meta.catalogueVersion))
        lines.append(metaRow("population_18plus", meta.population.map { "\($0.inhabitants18Plus) (\($0.year))" }
                             ?? (language == .sv ? "ej angiven" : "not set")))

        for indicator in report.indicators {
            func rows(table: String, period: String, dimensions: [String], row: ReportRow) -> [[String]] {
                var base = Array(repeating: "", count: columns.count)
                base[0] = indicator.id
                base[1] = indicator.number
                base[2] = indicator.name.text(language)
                base[3] = table
                base[4] = period
                for (dimension, category) in zip(dimensions, row.key) where category != ReportRow.total {
                    guard let column = dimensionColumns[dimension], let index = columns.firstIndex(of: column) else {
                        preconditionFailure("no CSV column for the report dimension \(dimension)")
                    }
                    base[index] = category
                }
                var result: [[String]] = []
                func add(_ measure: String, _ value: String) {
                    var line = base
                    line[columns.count - 2] = measure
                    line[columns.count - 1] = value
                    result.append(line)
                }
                if let count = row.count { add("count", count.text) }
                if let numerator = row.numerator { add("numerator", numerator.text) }
                if let denominator = row.denominator { add("denominator", denominator.text) }
                if let share = row.share {
                    add("share_percent", share.percentText(decimals: 1, language: dialect == .swedish ? .sv : .en))
                }
                if let median = row.median { add("median", median.text) }
                if let rate = row.rate { add("rate_per_\(rate.per)", rate.text(language: dialect == .swedish ? .sv : .en)) }
                return result
            }
            lines += rows(table: "headline", period: meta.period.description, dimensions: [], row: indicator.headline)
            if let previous = indicator.previousHeadline {
                lines += rows(table: "previous", period: meta.previousPeriod.description, dimensions: [], row: previous)
            }
            for table in indicator.tables {
                let dimensions = table.dimensions.map(\.id)
                for row in table.rows {
                    lines += rows(table: table.id, period: meta.period.description, dimensions: dimensions, row: row)
                }
            }
        }
        let text = lines.map { $0.map { field($0, dialect) }.joined(separator: String(dialect.separator)) }
            .joined(separator: "\r\n") + "\r\n"
        return dialect == .swedish ? "\u{FEFF}" + text : text
    }

    /// One field: defused against formula injection, then RFC 4180 quoting (fields with the
    /// separator, a quote, CR or LF are quoted, quotes doubled).
    static func field(_ text: String, _ dialect: CSVDialect) -> String {
        let text = defused(text, dialect)
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
