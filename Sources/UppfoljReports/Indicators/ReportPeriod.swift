import Foundation
import UppfoljCore

/// A calendar month, the finest grain any group-level figure uses (docs/domain.md §7).
public struct ReportMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// year * 12 + (month - 1)
    public let index: Int

    public init(year: Int, month: Int) { index = year * 12 + (month - 1) }
    public init(index: Int) { self.index = index }
    public init(_ day: Day) { self.init(year: day.year, month: day.month) }

    public var year: Int { index / 12 }
    public var month: Int { index % 12 + 1 }
    public var quarter: Int { (month - 1) / 3 + 1 }
    public var firstDay: Day { Day(year: year, month: month, day: 1)! }
    public var description: String { year.padded(4) + "-" + month.padded(2) }
    public static func < (a: ReportMonth, b: ReportMonth) -> Bool { a.index < b.index }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let month = ReportMonth(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not YYYY-MM: \(text)"))
        }
        self = month
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// "YYYY-MM"
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), reportYears.contains(y) else { return nil }
        self.init(year: y, month: m)
    }
}

/// The years a period may fall in (keeps every date arithmetic within `Day`'s range).
public let reportYears = 1900...2200

/// A reporting period: whole months from `first` to `last`, inclusive. Written as a month
/// ("2025-03"), a quarter ("2025Q1"), a year ("2025") or a range of those ("2025Q1..2025Q4").
public struct ReportPeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    public let first: ReportMonth
    public let last: ReportMonth

    public init(first: ReportMonth, last: ReportMonth) {
        precondition(first <= last, "a period runs forwards")
        self.first = first
        self.last = last
    }

    public static func quarter(_ year: Int, _ quarter: Int) -> ReportPeriod {
        let start = ReportMonth(year: year, month: (quarter - 1) * 3 + 1)
        return ReportPeriod(first: start, last: ReportMonth(index: start.index + 2))
    }
    public static func year(_ year: Int) -> ReportPeriod {
        ReportPeriod(first: ReportMonth(year: year, month: 1), last: ReportMonth(year: year, month: 12))
    }
    public static func month(_ month: ReportMonth) -> ReportPeriod { ReportPeriod(first: month, last: month) }

    /// The quarter containing `day`.
    public static func quarter(containing day: Day) -> ReportPeriod { .quarter(day.year, day.quarter) }

    public var monthCount: Int { last.index - first.index + 1 }

    /// Whether the period lies within `reportYears` (stepping past them is refused).
    public var isWithinReportYears: Bool { reportYears.contains(first.year) && reportYears.contains(last.year) }
    public var firstDay: Day { first.firstDay }
    /// The last day of the period.
    public var lastDay: Day { ReportMonth(index: last.index + 1).firstDay.adding(days: -1) }
    public func contains(_ day: Day) -> Bool { day >= firstDay && day <= lastDay }
    public func contains(_ month: ReportMonth) -> Bool { month >= first && month <= last }

    /// Is this exactly one calendar quarter / year?
    public var isQuarter: Bool { monthCount == 3 && first.month % 3 == 1 }
    public var isYear: Bool { monthCount == 12 && first.month == 1 }

    /// Whether the period may be released (issue 14, docs/disclosure-control.md "Periods on a grid"):
    /// a calendar quarter or year. Its previous period and its trend parts are then grid periods too.
    public var isOnReleaseGrid: Bool { isQuarter || isYear }

    /// The equally long period just before (for "previous period" columns).
    public var previous: ReportPeriod {
        ReportPeriod(first: ReportMonth(index: first.index - monthCount), last: ReportMonth(index: first.index - 1))
    }
    /// The equally long period just after.
    public var next: ReportPeriod {
        ReportPeriod(first: ReportMonth(index: last.index + 1), last: ReportMonth(index: last.index + monthCount))
    }

    /// The parts a trend is shown in: quarters when the period is made of whole quarters, else months.
    public var trendParts: [ReportPeriod] {
        if first.month % 3 == 1 && monthCount % 3 == 0 {
            return stride(from: first.index, through: last.index, by: 3).map {
                ReportPeriod(first: ReportMonth(index: $0), last: ReportMonth(index: $0 + 2))
            }
        }
        return (first.index...last.index).map { .month(ReportMonth(index: $0)) }
    }

    /// The canonical name: "2025-03", "2025Q1", "2025", or "A..B" of those.
    public var description: String {
        if first == last { return first.description }
        if isQuarter { return "\(first.year)Q\(first.quarter)" }
        if isYear { return "\(first.year)" }
        let quarterAligned = first.month % 3 == 1 && last.month % 3 == 0
        let yearAligned = first.month == 1 && last.month == 12
        if yearAligned { return "\(first.year)..\(last.year)" }
        if quarterAligned { return "\(first.year)Q\(first.quarter)..\(last.year)Q\(last.quarter)" }
        return "\(first)..\(last)"
    }

    /// Parses the forms of `description`; nil when malformed or running backwards.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let ends = trimmed.components(separatedBy: "..")
        guard ends.count <= 2, let a = ReportPeriod.single(ends[0]) else { return nil }
        let b = ends.count == 2 ? ReportPeriod.single(ends[1]) : a
        guard let b, a.first <= b.last else { return nil }
        self.init(first: a.first, last: b.last)
    }

    private static func single(_ text: String) -> ReportPeriod? {
        if let month = ReportMonth(text) { return .month(month) }
        let upper = text.uppercased()
        if upper.count == 6, upper.dropFirst(4).first == "Q", let y = Int(upper.prefix(4)),
           let q = Int(upper.suffix(1)), (1...4).contains(q), reportYears.contains(y) {
            return .quarter(y, q)
        }
        if text.count == 4, let y = Int(text), reportYears.contains(y) { return .year(y) }
        return nil
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let period = ReportPeriod(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a period: \(text)"))
        }
        self = period
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int {
    func padded(_ width: Int) -> String {
        let text = String(self)
        return String(repeating: "0", count: Swift.max(0, width - text.count)) + text
    }
}
