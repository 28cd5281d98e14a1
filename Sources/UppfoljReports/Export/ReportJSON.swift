import Foundation
import UppfoljCore

/// The JSON export: the `Report` as it is (schema: docs/export-schema.json). Sorted keys and a
/// fixed layout, so the same report always gives the same bytes.
public enum ReportJSON {
    public static func encode(_ report: Report) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(report)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public struct ReadError: Error, Equatable, CustomStringConvertible {
        public let message: Localized
        public var description: String { message.sv }
    }

    /// Reads an export; refuses other files and newer format versions with a clear message. The first
    /// look (is this an export at all, which version) is lenient; the reading itself is strict.
    public static func decode(_ data: Data) throws(ReadError) -> Report {
        struct Probe: Decodable {
            struct Meta: Decodable { var format: String?; var formatVersion: Int? }
            var metadata: Meta?
        }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: data),
              probe.metadata?.format == ReportMetadata.formatName else {
            throw ReadError(message: Localized(sv: "Filen är inte en indikatorexport från Uppfölj.",
                                               en: "The file is not an indicator export from Uppfölj."))
        }
        let version = probe.metadata?.formatVersion ?? 0
        guard version <= ReportMetadata.currentFormatVersion else {
            throw ReadError(message: Localized(
                sv: "Exporten har formatversion \(version); det här programmet läser till och med \(ReportMetadata.currentFormatVersion). Uppdatera Uppfölj.",
                en: "The export has format version \(version); this program reads up to \(ReportMetadata.currentFormatVersion). Update Uppfölj."))
        }
        // Through the one strict reader: duplicate and unknown keys are refused, every problem is
        // located, and each figure's suppressed flag is checked against its value.
        do {
            return try StrictJSONDecoder().decode(Report.self, from: [UInt8](data))
        } catch let error as StrictJSONError {
            throw ReadError(message: Localized(sv: "Exporten kan inte läsas: \(error.text(.sv))",
                                               en: "The export cannot be read: \(error.text(.en))"))
        } catch {
            throw ReadError(message: Localized(sv: "Exporten kan inte läsas: \(error)", en: "The export cannot be read: \(error)"))
        }
    }
}
