import Foundation

/// The assessment instruments, loaded from a versioned data file (docs/instruments.md).
/// The shipped file is `Resources/instruments.json`; a unit can load its own file in the same
/// format, on its own or merged on top of the built-in one, to add instrument versions without a
/// code change.
public struct InstrumentCatalogue: Sendable, Equatable, Hashable {
    /// The file format this build reads (`"format"` in the file).
    public static let supportedFormat = CatalogueDecoder.supportedFormat

    /// The catalogue file's own version (`"catalogueVersion"`).
    public let catalogueVersion: String
    public let note: Localized?
    /// In file order; versions of one instrument in the order they were added.
    public let instruments: [Instrument]
    /// Where the catalogue was read from (file path, "instruments.json (built-in)").
    public let source: String

    // MARK: - Lookup

    public func instrument(_ ref: InstrumentRef) -> Instrument? {
        index(of: ref).map { instruments[$0] }
    }

    /// Where `instrument(ref)` is in `instruments`. By index: searching the elements themselves
    /// copies every instrument passed over (twenty-odd references retained and released each).
    func index(of ref: InstrumentRef) -> Int? {
        for index in instruments.indices where instruments[index].id == ref.id && instruments[index].version == ref.version {
            return index
        }
        return nil
    }

    /// What the projection keeps of an assessment, found without copying an instrument: its
    /// instrument's `riskLevel(judgements)` and family (nil when the catalogue does not know it).
    /// Replay asks this once per assessment event.
    func riskLevelAndFamily(of assessment: Assessment) -> (level: RiskLevel?, family: String)? {
        guard let index = index(of: assessment.instrument) else { return nil }
        let judgements = instruments[index].judgements
        var level: RiskLevel?
        // As `Instrument.riskLevel`: the first judgement with the id, its first option with the value.
        // The judgements are read where the assessment keeps them packed, without making a
        // `JudgementValue` (two strings) of each.
        assessment.forEachPackedJudgement { judgement, value in
            guard let j = judgements.indices.first(where: { Self.text(judgements[$0].id, is: judgement) }) else { return }
            let options = judgements[j].options
            guard let o = options.indices.first(where: { Self.text(options[$0].id, is: value) }),
                  let risk = options[o].risk else { return }
            if level == nil || risk > level! { level = risk }
        }
        return (level, instruments[index].family)
    }

    /// Whether `text == String(decoding: utf8, as: UTF8.self)`: compared byte for byte when both are
    /// ASCII (then `==` is byte equality), as Strings otherwise (canonical equivalence).
    static func text(_ text: String, is utf8: UnsafeRawBufferPointer) -> Bool {
        let bytewise = text.utf8.withContiguousStorageIfAvailable { stored -> Bool? in
            let own = UnsafeRawBufferPointer(stored)
            if own.elementsEqual(utf8) { return true }
            // Different bytes are different Strings when both are ASCII.
            return own.contains(where: { $0 >= 0x80 }) || utf8.contains(where: { $0 >= 0x80 }) ? nil : false
        }
        if let bytewise, let answer = bytewise { return answer }
        return text == String(decoding: utf8, as: UTF8.self)
    }

    public func instrument(id: String, version: String) -> Instrument? {
        instrument(InstrumentRef(id: id, version: version))
    }

    /// All versions of one instrument, in catalogue order (oldest first).
    public func versions(of id: String) -> [Instrument] {
        instruments.filter { $0.id == id }
    }

    /// The default version for new assessments: the last one listed for `id` that is not superseded
    /// (the last one listed if all are).
    public func current(_ id: String) -> Instrument? {
        instruments.last { $0.id == id && $0.isOffered } ?? instruments.last { $0.id == id }
    }

    /// Every version new assessments may use, in catalogue order: all that are not superseded.
    /// One instrument may offer two (SARA: the Swedish 2nd edition and V3). Superseded versions stay
    /// in the catalogue so that assessments recorded with them keep their meaning.
    public var offeredInstruments: [Instrument] {
        instruments.filter(\.isOffered)
    }

    /// Distinct instrument ids in catalogue order.
    public var instrumentIds: [String] {
        var seen = Set<String>()
        return instruments.map(\.id).filter { seen.insert($0).inserted }
    }

    /// The current version of every instrument, in catalogue order (for a "choose instrument" list).
    public var currentInstruments: [Instrument] {
        instrumentIds.compactMap(current)
    }

    // MARK: - Loading

    /// Reads and checks a catalogue file. Throws `CatalogueError`.
    public static func load(path: String) throws -> InstrumentCatalogue {
        try load(data: readFile(path), source: path)
    }

    /// The bytes of a file, or a `CatalogueError` saying why it cannot be read.
    private static func readFile(_ path: String) throws -> [UInt8] {
        if let data = FileManager.default.contents(atPath: path) { return [UInt8](data) }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let problem = !exists
            ? Localized(sv: "filen finns inte", en: "the file does not exist")
            : isDirectory.boolValue
                ? Localized(sv: "det är en katalog, inte en fil", en: "it is a directory, not a file")
                : Localized(sv: "filen kan inte läsas (behörighet?)", en: "the file cannot be read (permissions?)")
        throw CatalogueError(code: "catalogue.unreadable", source: path, path: "", line: nil, column: nil, problem: problem)
    }

    /// Reads and checks a catalogue from bytes; `source` names it in error messages. Throws `CatalogueError`.
    public static func load(data: Data, source: String) throws -> InstrumentCatalogue {
        try load(data: [UInt8](data), source: source)
    }

    /// Reads and checks a catalogue from bytes; `source` names it in error messages. Throws `CatalogueError`.
    public static func load(data: [UInt8], source: String) throws -> InstrumentCatalogue {
        let decoded = try CatalogueDecoder(source: source, bytes: data).decodeCatalogue()
        return InstrumentCatalogue(catalogueVersion: decoded.version, note: decoded.note,
                                   instruments: decoded.instruments, source: source)
    }

    /// The catalogue shipped with the program (the `instruments.json` resource).
    public static func builtIn() throws -> InstrumentCatalogue {
        try builtInCache.get()
    }

    /// The shipped catalogue's raw bytes, e.g. to copy to sample-data/ or to start a unit's own file.
    public static func builtInData() throws -> Data {
        guard let url = Bundle.module.url(forResource: "instruments", withExtension: "json") else {
            throw CatalogueError(code: "catalogue.unreadable", source: builtInSource, path: "", line: nil, column: nil,
                                 problem: Localized(sv: "den inbyggda katalogen saknas i programpaketet",
                                                    en: "the built-in catalogue is missing from the program's resources"))
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw CatalogueError(code: "catalogue.unreadable", source: url.path, path: "", line: nil, column: nil,
                                 problem: Localized(sv: "filen kan inte läsas", en: "the file cannot be read"))
        }
    }

    private static let builtInSource = "instruments.json (built-in)"

    private static let builtInCache: Result<InstrumentCatalogue, CatalogueError> = {
        do {
            return .success(try load(data: builtInData(), source: builtInSource))
        } catch let error as CatalogueError {
            return .failure(error)
        } catch {
            return .failure(CatalogueError(code: "catalogue.unreadable", source: builtInSource, path: "", line: nil,
                                           column: nil, problem: Localized(sv: "\(error)", en: "\(error)")))
        }
    }()

    // MARK: - Combining

    /// This catalogue with the instruments of a unit's own catalogue file added after its own.
    /// The file has the same format; it may not redefine a version defined here. Throws `CatalogueError`.
    public func merging(path: String) throws -> InstrumentCatalogue {
        try merging(data: Self.readFile(path), source: path)
    }

    /// This catalogue with the instruments read from `data` added after its own (see `merging(path:)`).
    public func merging(data: [UInt8], source: String) throws -> InstrumentCatalogue {
        var decoder = CatalogueDecoder(source: source, bytes: data)
        decoder.existing = Set(instruments.map(\.ref))
        decoder.existingSource = self.source
        let decoded = try decoder.decodeCatalogue()
        let other = InstrumentCatalogue(catalogueVersion: decoded.version, note: decoded.note,
                                        instruments: decoded.instruments, source: source)
        return try merged(with: other)
    }

    /// This catalogue with the instruments read from `data` added after its own (see `merging(path:)`).
    public func merging(data: Data, source: String) throws -> InstrumentCatalogue {
        try merging(data: [UInt8](data), source: source)
    }

    /// This catalogue with `other`'s instruments added after its own (a unit's file on top of the
    /// built-in one). A version already defined here cannot be redefined: recorded assessments
    /// refer to it, so its meaning must not change. Throws `CatalogueError` naming `other`'s source.
    public func merged(with other: InstrumentCatalogue) throws -> InstrumentCatalogue {
        for (index, instrument) in other.instruments.enumerated() where self.instrument(instrument.ref) != nil {
            throw CatalogueError(
                code: "catalogue.duplicateInstrument", source: other.source, path: "instruments[\(index)].version",
                line: nil, column: nil,
                problem: Localized(
                    sv: "\(instrument.id) version \(instrument.version) finns redan i \(source); en ny version måste få ett eget versionsnamn",
                    en: "\(instrument.id) version \(instrument.version) is already defined in \(source); a new version needs a version name of its own"))
        }
        return InstrumentCatalogue(catalogueVersion: "\(catalogueVersion)+\(other.catalogueVersion)", note: note,
                                   instruments: instruments + other.instruments, source: "\(source) + \(other.source)")
    }
}
