/// Everything that can be wrong with a request to the disclosure-control component.
public enum DisclosureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The minimum cell size k is below the floor the product allows (docs/domain.md §7: never below 3).
    case minimumCellSizeBelowFloor(requested: Int, lowestAllowed: Int)
    /// A count is negative.
    case negativeCount(cell: Int, value: Int)
    /// The nested count arrays do not form a rectangular grid, or a dimension is empty.
    case notRectangular
    /// A constraint refers to a cell that does not exist, lists a cell twice, has no parts,
    /// or lists its total among its parts.
    case malformedConstraint(index: Int)
    /// A constraint's total is not the sum of its parts.
    case constraintNotSatisfied(index: Int, total: Int, sumOfParts: Int)
    /// Two cells have the same coordinates.
    case duplicateCoordinates([Int?])
    /// No non-negative values fit the published figures: they contradict each other.
    case inconsistentPublishedFigures
    /// A share's numerator is larger than its denominator.
    case numeratorExceedsDenominator(numerator: Int, denominator: Int)
    /// An exact computation needed more than 64 bits (counts far beyond any real unit's volume).
    case arithmeticOverflow

    public var description: String {
        switch self {
        case let .minimumCellSizeBelowFloor(requested, lowestAllowed):
            return "minimum cell size \(requested) is below the lowest allowed value \(lowestAllowed)"
        case let .negativeCount(cell, value):
            return "cell \(cell) has the negative count \(value)"
        case .notRectangular:
            return "the counts do not form a non-empty rectangular grid"
        case let .malformedConstraint(index):
            return "constraint \(index) is malformed"
        case let .constraintNotSatisfied(index, total, sumOfParts):
            return "constraint \(index): total \(total) differs from the sum of its parts \(sumOfParts)"
        case let .duplicateCoordinates(coordinates):
            return "two cells have the coordinates \(CellCoordinates.text(coordinates))"
        case .inconsistentPublishedFigures:
            return "the published figures contradict each other"
        case let .numeratorExceedsDenominator(numerator, denominator):
            return "numerator \(numerator) exceeds denominator \(denominator)"
        case .arithmeticOverflow:
            return "a count is too large for exact disclosure auditing"
        }
    }
}

/// Formatting of grid coordinates, where `nil` in a position means "total over that dimension".
enum CellCoordinates {
    static func text(_ coordinates: [Int?]) -> String {
        "(" + coordinates.map { $0.map(String.init) ?? "total" }.joined(separator: ", ") + ")"
    }
}
