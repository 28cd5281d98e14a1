import Foundation

/// The reader's attack on everything released: read the exports, build one linear system, and
/// derive the range of every hidden count.
public enum Adversary {
    public struct Finding: Sendable, CustomStringConvertible {
        public let figure: HiddenFigure
        public let range: DerivedRange
        public var description: String { "\(figure) ∈ \(range)" }
    }

    public struct Result: Sendable {
        public let exports: Int
        public let publishedFigures: Int
        public let unknowns: Int
        public let equations: Int
        /// Every hidden count with its derived range (the same count in several places once each).
        public let findings: [Finding]
        public let k: Int

        /// Hidden counts whose range is narrower than k (exact disclosures included).
        public var leaks: [Finding] { findings.filter { $0.range.isNarrower(than: k) } }
        public var exact: [Finding] { findings.filter { $0.range.isExact } }

        /// Distinct hidden quantities (the same linear form hidden in several places counts once).
        public var distinctHidden: Int { Set(findings.map(\.figure.form)).count }
        public var distinctLeaks: Int { Set(leaks.map(\.figure.form)).count }
        public var distinctExact: Int { Set(exact.map(\.figure.form)).count }

        public var summary: String {
            "\(exports) exports, \(publishedFigures) published figures, \(findings.count) hidden counts "
                + "(\(distinctHidden) distinct), exact disclosures \(distinctExact), ranges narrower than k = \(k): \(distinctLeaks)"
                + (distinctHidden > 0 ? String(format: " (%.0f %%)", 100.0 * Double(distinctLeaks) / Double(distinctHidden)) : "")
        }

        /// The finding for a hidden figure named by export index, indicator, table, row key and figure.
        public func finding(export: Int, indicator: String, table: String, key: [String], figure: String) -> Finding? {
            findings.first {
                $0.figure.export == export && $0.figure.indicator == indicator && $0.figure.table == table
                    && $0.figure.key == key && $0.figure.figure == figure
            }
        }
    }

    /// - Parameter k: the unit's minimum cell size, the width every hidden range must reach
    ///   (default: the largest k any export states).
    public static func attack(_ exports: [ExportFile], catalogues: [PublishedCatalogue], k: Int? = nil) throws -> Result {
        let model = try ReaderModel(exports: exports, catalogues: catalogues)
        let solver = try RangeSolver(model.system, objectives: model.hidden.map(\.form))
        var cache: [LinearForm: DerivedRange] = [:]
        var findings: [Finding] = []
        for figure in model.hidden {
            let range: DerivedRange
            if let known = cache[figure.form] { range = known } else {
                range = try solver.range(of: figure.form)
                cache[figure.form] = range
            }
            findings.append(Finding(figure: figure, range: range))
        }
        return Result(exports: exports.count, publishedFigures: model.publishedFigures, unknowns: model.system.variableCount,
                      equations: model.system.equations.count, findings: findings,
                      k: k ?? exports.map(\.metadata.minimumCellSize).max() ?? 5)
    }

    /// The range of one expression of the model's unknowns (for tests that name a cell themselves).
    public static func range(of form: LinearForm, in model: ReaderModel) throws -> DerivedRange {
        try RangeSolver(model.system).range(of: form)
    }
}
