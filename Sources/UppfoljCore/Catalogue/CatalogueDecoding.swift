// Turns the parsed catalogue file into instruments, checking every rule a hand-edited file can
// break. The first problem found is thrown as a CatalogueError naming file, key path and line:column.
// The file format is documented in docs/instruments.md; keep the two in step.

struct CatalogueDecoder {
    static let supportedFormat = 1

    let source: String
    let bytes: [UInt8]
    /// Versions already defined elsewhere (the catalogue this file is merged onto), and where.
    var existing: Set<InstrumentRef> = []
    var existingSource = ""

    func fail(_ code: String, _ path: String, at offset: Int?, sv: String, en: String) -> CatalogueError {
        let position = offset.map { strictJSONLineColumn(of: $0, in: bytes) }
        return CatalogueError(code: code, source: source, path: path, line: position?.line,
                              column: position?.column, problem: Localized(sv: sv, en: en))
    }

    // MARK: - The file

    func decodeCatalogue() throws -> (format: Int, version: String, note: Localized?, instruments: [Instrument]) {
        let root: StrictJSONNode
        do {
            root = try StrictJSONParser.parse(bytes)
        } catch let error as StrictJSONSyntaxError {
            let position = strictJSONLineColumn(of: error.offset, in: bytes)
            throw CatalogueError(code: "catalogue.syntax", source: source, path: "", line: position.line,
                                 column: position.column,
                                 problem: Localized(sv: "JSON-fel: \(error.message.sv)", en: "JSON error: \(error.message.en)"))
        }
        let object = try CatalogueObject(root, path: "", allowed: ["format", "catalogueVersion", "note", "instruments"], decoder: self)
        let format = try object.int("format")
        guard format == Self.supportedFormat else {
            throw fail("catalogue.unsupportedFormat", "format", at: object.offset(of: "format"),
                       sv: "formatet \(format) stöds inte; den här versionen av Uppfölj läser format \(Self.supportedFormat)",
                       en: "format \(format) is not supported; this version of Uppfölj reads format \(Self.supportedFormat)")
        }
        let version = try object.identifier("catalogueVersion", style: .version)
        let note = try object.optionalLocalized("note")
        let elements = try object.array("instruments")
        guard !elements.isEmpty else {
            throw fail("catalogue.empty", "instruments", at: object.offset(of: "instruments"),
                       sv: "listan har inga instrument", en: "the list has no instruments")
        }
        var instruments: [Instrument] = []
        var seen: [InstrumentRef: Int] = [:]
        for (index, element) in elements.enumerated() {
            let path = "instruments[\(index)]"
            let instrument = try decodeInstrument(element, path: path)
            if let earlier = seen[instrument.ref] {
                throw fail("catalogue.duplicateInstrument", "\(path).version", at: versionOffset(element),
                           sv: "\(instrument.id) version \(instrument.version) finns redan i instruments[\(earlier)]; en ny version måste få ett eget versionsnamn",
                           en: "\(instrument.id) version \(instrument.version) is already defined in instruments[\(earlier)]; a new version needs a version name of its own")
            }
            if existing.contains(instrument.ref) {
                throw fail("catalogue.duplicateInstrument", "\(path).version", at: versionOffset(element),
                           sv: "\(instrument.id) version \(instrument.version) finns redan i \(existingSource); en ny version måste få ett eget versionsnamn",
                           en: "\(instrument.id) version \(instrument.version) is already defined in \(existingSource); a new version needs a version name of its own")
            }
            seen[instrument.ref] = index
            instruments.append(instrument)
        }
        // A superseded version names its replacement: a version of the same instrument, in this
        // file or in the catalogue it is merged onto.
        for (index, instrument) in instruments.enumerated() {
            guard let replacement = instrument.supersededBy else { continue }
            let ref = InstrumentRef(id: instrument.id, version: replacement)
            guard seen[ref] != nil || existing.contains(ref) else {
                let defined = instruments.filter { $0.id == instrument.id }.map(\.version)
                    + existing.filter { $0.id == instrument.id }.map(\.version).sorted()
                throw fail("catalogue.unknownVersion", "instruments[\(index)].supersededBy",
                           at: memberOffset(elements[index], "supersededBy"),
                           sv: "\(instrument.id) har ingen version \"\(replacement)\" (\(list(defined, sv: true)))",
                           en: "\(instrument.id) has no version \"\(replacement)\" (\(list(defined, sv: false)))")
            }
        }
        return (format, version, note, instruments)
    }

    private func versionOffset(_ node: StrictJSONNode) -> Int {
        if case .object(let members) = node.value, let member = members.first(where: { $0.key == "version" }) {
            return member.value.offset
        }
        return node.offset
    }

    // MARK: - One instrument

    private static let instrumentKeys = [
        "id", "version", "name", "family", "kind", "standardised", "note", "ratesEarlier", "allowsCritical",
        "asksClientEstimate", "allItemsRequired", "domains", "scales", "items", "judgements", "total",
        "summaryJudgement", "edition", "supersededBy", "secondRating", "roles", "respondents",
    ]

    private func decodeInstrument(_ node: StrictJSONNode, path: String) throws -> Instrument {
        let object = try CatalogueObject(node, path: path, allowed: Self.instrumentKeys, decoder: self)
        let id = try object.identifier("id", style: .instrument)
        let version = try object.identifier("version", style: .version)
        let name = try object.localized("name")
        let family = try object.has("family") ? object.identifier("family", style: .instrument) : id
        let kindText = try object.string("kind")
        guard let kind = InstrumentKind(rawValue: kindText) else {
            throw fail("catalogue.invalidValue", object.keyPath("kind"), at: object.offset(of: "kind"),
                       sv: "okänd sorts instrument \"\(kindText)\"; välj screening, description eller riskAssessment",
                       en: "unknown kind of instrument \"\(kindText)\"; choose screening, description or riskAssessment")
        }
        let standardised = try object.bool("standardised")
        let note = try object.optionalLocalized("note")
        var ratesEarlier = try object.bool("ratesEarlier", default: false)
        let edition = try object.has("edition") ? object.identifier("edition", style: .version) : nil
        let supersededBy = try object.has("supersededBy") ? object.identifier("supersededBy", style: .version) : nil
        if let supersededBy, supersededBy == version {
            throw fail("catalogue.invalidValue", object.keyPath("supersededBy"), at: object.offset(of: "supersededBy"),
                       sv: "en version kan inte ersättas av sig själv; ange versionen som ersätter \(version)",
                       en: "a version cannot supersede itself; name the version that replaces \(version)")
        }
        let allowsCritical = try object.bool("allowsCritical", default: false)
        let asksClientEstimate = try object.bool("asksClientEstimate", default: false)
        let allItemsRequired = try object.bool("allItemsRequired", default: false)

        let domains = try decodeDomains(of: object, path: path)
        let scales = try decodeList("scales", of: object, path: path, code: "catalogue.duplicateScale",
                                    noun: Localized(sv: "skalan", en: "the scale"), id: \.id) { try decodeScale($0, path: $1) }
        let items = try decodeItems(of: object, path: path, domains: domains, scales: scales)
        let secondRating = try decodeSecondRating(of: object, scales: scales, ratesEarlier: &ratesEarlier)
        let judgements = try decodeList("judgements", of: object, path: path, code: "catalogue.duplicateJudgement",
                                        noun: Localized(sv: "bedömningen", en: "the judgement"), id: \.id) { try decodeJudgement($0, path: $1) }
        let summary = try decodeSummaryJudgement(of: object, node: node, path: path, judgements: judgements, kind: kind)

        // Total rule.
        let total = try decodeTotal(object, items: items, path: path)

        return Instrument(id: id, version: version, name: name, family: family, kind: kind, standardised: standardised,
                          note: note, domains: domains, scales: scales, items: items, judgements: judgements,
                          total: total, ratesEarlier: ratesEarlier, secondRating: secondRating, edition: edition,
                          supersededBy: supersededBy, allowsCritical: allowsCritical,
                          asksClientEstimate: asksClientEstimate, allItemsRequired: allItemsRequired,
                          summaryJudgementId: summary,
                          roles: try object.has("roles") ? vocabularyList("roles", of: object) : Role.allCases,
                          respondents: try object.has("respondents") ? vocabularyList("respondents", of: object) : Respondent.allCases)
    }

    /// The instrument's domains (optional), each id once.
    private func decodeDomains(of object: CatalogueObject, path: String) throws -> [InstrumentDomain] {
        var domains: [InstrumentDomain] = []
        if object.has("domains") {
            for (index, element) in try object.array("domains").enumerated() {
                let domainObject = try CatalogueObject(element, path: "\(path).domains[\(index)]", allowed: ["id", "name"], decoder: self)
                let domainId = try domainObject.identifier("id", style: .item)
                if let earlier = domains.firstIndex(where: { $0.id == domainId }) {
                    throw fail("catalogue.duplicateDomain", domainObject.keyPath("id"), at: domainObject.offset(of: "id"),
                               sv: "området \"\(domainId)\" finns redan i domains[\(earlier)]",
                               en: "the domain \"\(domainId)\" is already defined in domains[\(earlier)]")
                }
                domains.append(InstrumentDomain(id: domainId, name: try domainObject.localized("name")))
            }
        }
        return domains
    }

    /// The elements of the list `key` (scales, judgements), each read by `decode`, each id once.
    private func decodeList<T>(_ key: String, of object: CatalogueObject, path: String, code: String, noun: Localized,
                               id: (T) -> String, decode: (StrictJSONNode, String) throws -> T) throws -> [T] {
        var list: [T] = []
        for (index, element) in try object.array(key).enumerated() {
            let value = try decode(element, "\(path).\(key)[\(index)]")
            if let earlier = list.firstIndex(where: { id($0) == id(value) }) {
                throw fail(code, "\(path).\(key)[\(index)].id", at: memberOffset(element, "id"),
                           sv: "\(noun.sv) \"\(id(value))\" finns redan i \(key)[\(earlier)]",
                           en: "\(noun.en) \"\(id(value))\" is already defined in \(key)[\(earlier)]")
            }
            list.append(value)
        }
        return list
    }

    /// The items, each id once, each on one of the scales and, if it names one, in one of the domains.
    private func decodeItems(of object: CatalogueObject, path: String, domains: [InstrumentDomain], scales: [RatingScale]) throws -> [InstrumentItem] {
        var items: [InstrumentItem] = []
        for (index, element) in try object.array("items").enumerated() {
            let itemObject = try CatalogueObject(element, path: "\(path).items[\(index)]",
                                                 allowed: ["id", "label", "domain", "scale", "inTotal"], decoder: self)
            let itemId = try itemObject.identifier("id", style: .item)
            if let earlier = items.firstIndex(where: { $0.id == itemId }) {
                throw fail("catalogue.duplicateItem", itemObject.keyPath("id"), at: itemObject.offset(of: "id"),
                           sv: "punkten \(itemId) finns redan i items[\(earlier)]; varje punkt behöver ett eget id",
                           en: "the item \(itemId) is already defined in items[\(earlier)]; every item needs an id of its own")
            }
            let label = try itemObject.localized("label")
            var domain: String?
            if itemObject.has("domain") {
                let domainId = try itemObject.string("domain")
                guard domains.contains(where: { $0.id == domainId }) else {
                    throw fail("catalogue.unknownDomain", itemObject.keyPath("domain"), at: itemObject.offset(of: "domain"),
                               sv: "området \"\(domainId)\" finns inte i instrumentets domains (\(list(domains.map(\.id), sv: true)))",
                               en: "the domain \"\(domainId)\" is not in the instrument's domains (\(list(domains.map(\.id), sv: false)))")
                }
                domain = domainId
            }
            let scaleId = try itemObject.string("scale")
            guard let scale = scales.first(where: { $0.id == scaleId }) else {
                throw fail("catalogue.unknownScale", itemObject.keyPath("scale"), at: itemObject.offset(of: "scale"),
                           sv: "skalan \"\(scaleId)\" finns inte i instrumentets scales (\(list(scales.map(\.id), sv: true)))",
                           en: "the scale \"\(scaleId)\" is not in the instrument's scales (\(list(scales.map(\.id), sv: false)))")
            }
            let inTotal = try itemObject.bool("inTotal", default: true)
            items.append(InstrumentItem(id: itemId, label: label, domain: domain, scale: scale, inTotal: inTotal))
        }
        return items
    }

    /// The second rating of each item (now and earlier; current and background; presence and
    /// relevance): given, or implied by `ratesEarlier`, which it sets.
    private func decodeSecondRating(of object: CatalogueObject, scales: [RatingScale], ratesEarlier: inout Bool) throws -> SecondRating? {
        var secondRating: SecondRating?
        if object.has("secondRating") {
            let second = try CatalogueObject(object.member("secondRating").value, path: object.keyPath("secondRating"),
                                             allowed: ["firstName", "name", "scale"], decoder: self)
            if object.has("ratesEarlier"), !ratesEarlier {
                throw fail("catalogue.invalidValue", object.keyPath("ratesEarlier"), at: object.offset(of: "ratesEarlier"),
                           sv: "\"secondRating\" betyder att varje punkt bedöms två gånger; ta bort \"ratesEarlier\": false",
                           en: "\"secondRating\" means every item is rated twice; remove \"ratesEarlier\": false")
            }
            var secondScale: RatingScale?
            if second.has("scale") {
                let scaleId = try second.string("scale")
                guard let scale = scales.first(where: { $0.id == scaleId }) else {
                    throw fail("catalogue.unknownScale", second.keyPath("scale"), at: second.offset(of: "scale"),
                               sv: "skalan \"\(scaleId)\" finns inte i instrumentets scales (\(list(scales.map(\.id), sv: true)))",
                               en: "the scale \"\(scaleId)\" is not in the instrument's scales (\(list(scales.map(\.id), sv: false)))")
                }
                secondScale = scale
            }
            secondRating = SecondRating(firstName: try second.optionalLocalized("firstName"), name: try second.localized("name"),
                                        scale: secondScale)
            ratesEarlier = true
        } else if ratesEarlier {
            secondRating = .earlier
        }
        return secondRating
    }

    /// The judgement that sums up the risk: one required single choice whose every option has a
    /// risk; a risk assessment instrument must name one.
    private func decodeSummaryJudgement(of object: CatalogueObject, node: StrictJSONNode, path: String, judgements: [Judgement],
                                        kind: InstrumentKind) throws -> String? {
        var summary: String?
        if object.has("summaryJudgement") {
            let summaryId = try object.string("summaryJudgement")
            let summaryPath = object.keyPath("summaryJudgement")
            guard let index = judgements.firstIndex(where: { $0.id == summaryId }) else {
                throw fail("catalogue.unknownJudgement", summaryPath, at: object.offset(of: "summaryJudgement"),
                           sv: "bedömningen \"\(summaryId)\" finns inte i instrumentets judgements (\(list(judgements.map(\.id), sv: true)))",
                           en: "the judgement \"\(summaryId)\" is not in the instrument's judgements (\(list(judgements.map(\.id), sv: false)))")
            }
            let judgement = judgements[index]
            let judgementPath = "\(path).judgements[\(index)]"
            let judgementNode = try object.array("judgements")[index]
            if judgement.multiple {
                throw fail("catalogue.invalidSummary", "\(judgementPath).multiple", at: memberOffset(judgementNode, "multiple"),
                           sv: "den sammanfattande bedömningen \"\(summaryId)\" kan inte ha flera val (\"multiple\": true)",
                           en: "the summary judgement \"\(summaryId)\" cannot allow several options (\"multiple\": true)")
            }
            if !judgement.required {
                throw fail("catalogue.invalidSummary", "\(judgementPath).required", at: memberOffset(judgementNode, "required"),
                           sv: "den sammanfattande bedömningen \"\(summaryId)\" måste vara obligatorisk; skriv \"required\": true",
                           en: "the summary judgement \"\(summaryId)\" must be required; write \"required\": true")
            }
            if let option = judgement.options.firstIndex(where: { $0.risk == nil }) {
                throw fail("catalogue.invalidSummary", "\(judgementPath).options[\(option)]",
                           at: optionOffset(judgementNode, option),
                           sv: "alternativet \"\(judgement.options[option].id)\" i den sammanfattande bedömningen saknar \"risk\" (lag, medel eller hog)",
                           en: "the option \"\(judgement.options[option].id)\" of the summary judgement has no \"risk\" (lag, medel or hog)")
            }
            summary = summaryId
        } else if kind == .riskAssessment {
            throw fail("catalogue.missingKey", path, at: node.offset,
                       sv: "nyckeln \"summaryJudgement\" saknas; ett riskbedömningsinstrument måste ange vilken bedömning som sammanfattar risken",
                       en: "the key \"summaryJudgement\" is missing; a risk assessment instrument must name the judgement that summarises the risk")
        }
        return summary
    }

    /// A non-empty list of a vocabulary's raw values without repeats ("roles": ["victim"]).
    private func vocabularyList<V: Vocabulary>(_ key: String, of object: CatalogueObject) throws -> [V] {
        let elements = try object.array(key)
        var values: [V] = []
        for element in elements {
            guard case .string(let text) = element.value, let value = V(rawValue: text), !values.contains(value) else {
                let known = V.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail("catalogue.invalidValue", object.keyPath(key), at: element.offset,
                           sv: "ska vara en lista utan upprepningar av \(known)",
                           en: "must be a list without repeats of \(known)")
            }
            values.append(value)
        }
        guard !values.isEmpty else {
            throw fail("catalogue.invalidValue", object.keyPath(key), at: object.offset(of: key),
                       sv: "får inte vara tom", en: "must not be empty")
        }
        return values
    }

    private func decodeScale(_ node: StrictJSONNode, path: String) throws -> RatingScale {
        let object = try CatalogueObject(node, path: path, allowed: ["id", "note", "omitted", "options"], decoder: self)
        let id = try object.identifier("id", style: .item)
        let note = try object.optionalLocalized("note")
        let omitted = try object.optionalLocalized("omitted")
        let elements = try object.array("options")
        guard !elements.isEmpty else {
            throw fail("catalogue.emptyScale", object.keyPath("options"), at: object.offset(of: "options"),
                       sv: "skalan \"\(id)\" har inga värden", en: "the scale \"\(id)\" has no values")
        }
        var options: [ScaleOption] = []
        for (index, element) in elements.enumerated() {
            let option = try CatalogueObject(element, path: "\(path).options[\(index)]", allowed: ["value", "label", "short"], decoder: self)
            let value = try option.int("value")
            if let earlier = options.firstIndex(where: { $0.value == value }) {
                throw fail("catalogue.duplicateScaleValue", option.keyPath("value"), at: option.offset(of: "value"),
                           sv: "värdet \(value) finns redan i skalan \"\(id)\" (options[\(earlier)])",
                           en: "the value \(value) is already in the scale \"\(id)\" (options[\(earlier)])")
            }
            var short: String?
            if option.has("short") {
                let text = try option.string("short")
                guard text.count <= 4, text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
                    throw fail("catalogue.invalidValue", option.keyPath("short"), at: option.offset(of: "short"),
                               sv: "\"short\" är formulärets förkortning: högst 4 synliga ASCII-tecken, t.ex. \"N\" eller \"--\"",
                               en: "\"short\" is the form's abbreviation: at most 4 visible ASCII characters, e.g. \"N\" or \"--\"")
                }
                if let earlier = options.firstIndex(where: { $0.short == text }) {
                    throw fail("catalogue.duplicateScaleValue", option.keyPath("short"), at: option.offset(of: "short"),
                               sv: "förkortningen \"\(text)\" finns redan i options[\(earlier)]",
                               en: "the abbreviation \"\(text)\" is already used in options[\(earlier)]")
                }
                short = text
            }
            options.append(ScaleOption(value: value, label: try option.localized("label"), short: short))
        }
        return RatingScale(id: id, options: options, note: note, omitted: omitted)
    }

    private func decodeJudgement(_ node: StrictJSONNode, path: String) throws -> Judgement {
        let object = try CatalogueObject(node, path: path, allowed: ["id", "name", "required", "multiple", "note", "options"], decoder: self)
        let id = try object.identifier("id", style: .item)
        let name = try object.localized("name")
        let required = try object.bool("required", default: false)
        let multiple = try object.bool("multiple", default: false)
        let note = try object.optionalLocalized("note")
        let elements = try object.array("options")
        guard !elements.isEmpty else {
            throw fail("catalogue.emptyJudgement", object.keyPath("options"), at: object.offset(of: "options"),
                       sv: "bedömningen \"\(id)\" har inga alternativ", en: "the judgement \"\(id)\" has no options")
        }
        var options: [JudgementOption] = []
        for (index, element) in elements.enumerated() {
            let option = try CatalogueObject(element, path: "\(path).options[\(index)]", allowed: ["id", "label", "risk"], decoder: self)
            let optionId = try option.identifier("id", style: .item)
            if let earlier = options.firstIndex(where: { $0.id == optionId }) {
                throw fail("catalogue.duplicateOption", option.keyPath("id"), at: option.offset(of: "id"),
                           sv: "alternativet \"\(optionId)\" finns redan i bedömningen \"\(id)\" (options[\(earlier)])",
                           en: "the option \"\(optionId)\" is already in the judgement \"\(id)\" (options[\(earlier)])")
            }
            let label = try option.localized("label")
            var risk: RiskLevel?
            if option.has("risk") {
                let text = try option.string("risk")
                guard let level = RiskLevel(rawValue: text) else {
                    throw fail("catalogue.invalidValue", option.keyPath("risk"), at: option.offset(of: "risk"),
                               sv: "okänd risknivå \"\(text)\"; välj lag, medel eller hog",
                               en: "unknown risk level \"\(text)\"; choose lag, medel or hog")
                }
                risk = level
            }
            options.append(JudgementOption(id: optionId, label: label, risk: risk))
        }
        return Judgement(id: id, name: name, options: options, required: required, multiple: multiple, note: note)
    }

    private func decodeTotal(_ instrument: CatalogueObject, items: [InstrumentItem], path: String) throws -> TotalRule {
        let allKeys = ["rule", "requireComplete", "positive", "negative"]
        let node = try instrument.member("total").value
        let totalPath = instrument.keyPath("total")
        let loose = try CatalogueObject(node, path: totalPath, allowed: allKeys, decoder: self)
        let rule = try loose.string("rule")
        let keysByRule: [String: [String]] = [
            "none": ["rule"], "sum": ["rule", "requireComplete"], "countYes": ["rule", "requireComplete"],
            "anyYes": ["rule", "positive", "negative"],
        ]
        guard let allowed = keysByRule[rule] else {
            throw fail("catalogue.invalidValue", loose.keyPath("rule"), at: loose.offset(of: "rule"),
                       sv: "okänd summeringsregel \"\(rule)\"; välj none, sum, countYes eller anyYes",
                       en: "unknown total rule \"\(rule)\"; choose none, sum, countYes or anyYes")
        }
        let object = try CatalogueObject(node, path: totalPath, allowed: allowed, decoder: self, rule: rule)
        let rulePath = object.keyPath("rule")
        let ruleOffset = object.offset(of: "rule")
        if rule != "none", items.isEmpty {
            throw fail("catalogue.totalRuleMismatch", rulePath, at: ruleOffset,
                       sv: "regeln \"\(rule)\" räknar på punkterna, men instrumentet har inga (items är tom); använd \"none\"",
                       en: "the rule \"\(rule)\" counts the items, but the instrument has none (items is empty); use \"none\"")
        }
        if rule != "none", !items.contains(where: \.inTotal) {
            throw fail("catalogue.totalRuleMismatch", rulePath, at: ruleOffset,
                       sv: "regeln \"\(rule)\" räknar på punkterna, men alla har \"inTotal\": false; använd \"none\"",
                       en: "the rule \"\(rule)\" counts the items, but every item has \"inTotal\": false; use \"none\"")
        }
        if rule == "countYes" || rule == "anyYes", let item = items.first(where: { $0.inTotal && !$0.scale.isYesNo }) {
            throw fail("catalogue.totalRuleMismatch", rulePath, at: ruleOffset,
                       sv: "regeln \"\(rule)\" räknar ja-svar och kräver ja/nej-skalor (exakt värdena 0 = nej och 1 = ja), men \(item.id) har skalan \"\(item.scale.id)\" med värdena \(item.scale.rangeText)",
                       en: "the rule \"\(rule)\" counts yes answers and needs yes/no scales (exactly the values 0 = no and 1 = yes), but \(item.id) has the scale \"\(item.scale.id)\" with the values \(item.scale.rangeText)")
        }
        switch rule {
        case "sum": return .sum(requireComplete: try object.bool("requireComplete"))
        case "countYes": return .countYes(requireComplete: try object.bool("requireComplete"))
        case "anyYes": return .anyYes(positive: try object.localized("positive"), negative: try object.localized("negative"))
        default: return .none
        }
    }

    // MARK: - Helpers

    private func memberOffset(_ node: StrictJSONNode, _ key: String) -> Int {
        if case .object(let members) = node.value, let member = members.first(where: { $0.key == key }) {
            return member.value.offset
        }
        return node.offset
    }

    private func optionOffset(_ judgementNode: StrictJSONNode, _ index: Int) -> Int {
        if case .object(let members) = judgementNode.value,
           let options = members.first(where: { $0.key == "options" }),
           case .array(let elements) = options.value.value, index < elements.count {
            return elements[index].offset
        }
        return judgementNode.offset
    }

    func list(_ ids: [String], sv: Bool) -> String {
        if ids.isEmpty { return sv ? "inga finns" : "there are none" }
        return (sv ? "finns: " : "defined: ") + ids.joined(separator: ", ")
    }
}

/// A JSON object being read, with its key path; rejects unknown and duplicate keys up front.
struct CatalogueObject {
    enum IdentifierStyle {
        /// Instrument ids and families: lower-case ASCII letters, digits and '-' ("sara-sv").
        case instrument
        /// Item, domain, scale, judgement and option ids: ASCII letters, digits, '-' and '_' ("R7").
        case item
        /// Versions: ASCII letters, digits, '.', '-' and '_' ("1999-sv", "2.1").
        case version
    }

    let decoder: CatalogueDecoder
    let path: String
    let offset: Int
    private let members: [String: StrictJSONMember]

    init(_ node: StrictJSONNode, path: String, allowed: [String], decoder: CatalogueDecoder, rule: String? = nil) throws {
        self.decoder = decoder
        self.path = path
        self.offset = node.offset
        guard case .object(let list) = node.value else {
            throw decoder.fail("catalogue.wrongType", path, at: node.offset,
                               sv: "ska vara ett objekt ({ … }), men är \(node.kindName.sv)",
                               en: "must be an object ({ … }), but is \(node.kindName.en)")
        }
        var members: [String: StrictJSONMember] = [:]
        for member in list {
            let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
            if members[member.key] != nil {
                throw decoder.fail("catalogue.duplicateKey", memberPath, at: member.keyOffset,
                                   sv: "nyckeln \"\(SafeText.display(member.key))\" står två gånger i samma objekt",
                                   en: "the key \"\(SafeText.display(member.key))\" appears twice in the same object")
            }
            guard allowed.contains(member.key) else {
                let hint = Self.suggestion(for: member.key, among: allowed)
                let ruleText = rule.map { (sv: " med regeln \"\($0)\"", en: " with the rule \"\($0)\"") } ?? (sv: "", en: "")
                throw decoder.fail("catalogue.unknownKey", memberPath, at: member.keyOffset,
                                   sv: "okänd nyckel \"\(SafeText.display(member.key))\"\(hint.map { " (menade du \"\($0)\"?)" } ?? "")\(ruleText.sv); tillåtna nycklar här: \(allowed.joined(separator: ", "))",
                                   en: "unknown key \"\(SafeText.display(member.key))\"\(hint.map { " (did you mean \"\($0)\"?)" } ?? "")\(ruleText.en); keys allowed here: \(allowed.joined(separator: ", "))")
            }
            members[member.key] = member
        }
        self.members = members
    }

    func has(_ key: String) -> Bool { members[key] != nil }
    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    func offset(of key: String) -> Int { members[key]?.value.offset ?? offset }

    func member(_ key: String) throws -> StrictJSONMember {
        guard let member = members[key] else {
            throw decoder.fail("catalogue.missingKey", path, at: offset,
                               sv: "nyckeln \"\(key)\" saknas", en: "the key \"\(key)\" is missing")
        }
        return member
    }

    private func wrongType(_ key: String, _ node: StrictJSONNode, expected: Localized) -> CatalogueError {
        decoder.fail("catalogue.wrongType", keyPath(key), at: node.offset,
                     sv: "ska vara \(expected.sv), men är \(node.kindName.sv)",
                     en: "must be \(expected.en), but is \(node.kindName.en)")
    }

    func string(_ key: String) throws -> String {
        let node = try member(key).value
        guard case .string(let text) = node.value else {
            throw wrongType(key, node, expected: Localized(sv: "en text", en: "a string"))
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            throw decoder.fail("catalogue.invalidValue", keyPath(key), at: node.offset,
                               sv: "får inte vara tom", en: "must not be empty")
        }
        return text
    }

    func identifier(_ key: String, style: IdentifierStyle) throws -> String {
        let text = try string(key)
        let node = try member(key).value
        let bytes = Array(text.utf8)
        func isLower(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
        func isUpper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let valid: Bool
        let rule: Localized
        switch style {
        case .instrument:
            valid = (isLower(bytes[0]) || isDigit(bytes[0]))
                && bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
            rule = Localized(sv: "små bokstäver a–z, siffror och '-', utan å, ä, ö", en: "lower-case letters a–z, digits and '-'")
        case .item:
            valid = (isLower(bytes[0]) || isUpper(bytes[0]) || isDigit(bytes[0]))
                && bytes.allSatisfy { isLower($0) || isUpper($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
            rule = Localized(sv: "bokstäverna a–z och A–Z, siffror, '-' och '_', utan å, ä, ö", en: "letters a–z and A–Z, digits, '-' and '_'")
        case .version:
            valid = (isLower(bytes[0]) || isUpper(bytes[0]) || isDigit(bytes[0]))
                && bytes.allSatisfy { isLower($0) || isUpper($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
            rule = Localized(sv: "bokstäverna a–z och A–Z, siffror, '.', '-' och '_'", en: "letters a–z and A–Z, digits, '.', '-' and '_'")
        }
        guard valid, bytes.count <= 40 else {
            throw decoder.fail("catalogue.invalidValue", keyPath(key), at: node.offset,
                               sv: "\"\(text)\" är inget giltigt id: högst 40 tecken, \(rule.sv), och det första tecknet en bokstav eller siffra",
                               en: "\"\(text)\" is not a valid id: at most 40 characters, \(rule.en), starting with a letter or digit")
        }
        return text
    }

    func int(_ key: String) throws -> Int {
        let node = try member(key).value
        switch node.value {
        case .integer(let value): return value
        case .otherNumber(let text):
            throw decoder.fail("catalogue.wrongType", keyPath(key), at: node.offset,
                               sv: "ska vara ett heltal, men är \(text)", en: "must be an integer, but is \(text)")
        default: throw wrongType(key, node, expected: Localized(sv: "ett heltal", en: "an integer"))
        }
    }

    func bool(_ key: String) throws -> Bool {
        let node = try member(key).value
        guard case .bool(let value) = node.value else {
            throw wrongType(key, node, expected: Localized(sv: "true eller false", en: "true or false"))
        }
        return value
    }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        has(key) ? try bool(key) : value
    }

    func array(_ key: String) throws -> [StrictJSONNode] {
        let node = try member(key).value
        guard case .array(let elements) = node.value else {
            throw wrongType(key, node, expected: Localized(sv: "en lista ([ … ])", en: "an array ([ … ])"))
        }
        return elements
    }

    func localized(_ key: String) throws -> Localized {
        let node = try member(key).value
        let object = try CatalogueObject(node, path: keyPath(key), allowed: ["sv", "en"], decoder: decoder)
        return Localized(sv: try object.string("sv"), en: try object.string("en"))
    }

    func optionalLocalized(_ key: String) throws -> Localized? {
        has(key) ? try localized(key) : nil
    }

    /// The allowed key closest to a misspelt one (edit distance at most 2), if any.
    static func suggestion(for key: String, among allowed: [String]) -> String? {
        guard key.utf8.count <= 256 else { return nil }  // a typo is short; a huge key gets no quadratic search
        let candidates = allowed.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
        guard let best = candidates.min(by: { $0.1 < $1.1 }), best.1 <= 2, best.1 < key.count else { return nil }
        return best.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
