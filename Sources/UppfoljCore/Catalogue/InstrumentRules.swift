// What an instrument says about a set of ratings and judgements: problems, derived total, risk.

extension Instrument {
    /// Every problem with a set of ratings and judgements, in input order, then missing ones in
    /// catalogue order. Field paths: "ratings.R7", "ratings.R7.earlier", "ratings.R7.critical",
    /// "judgements.risk".
    ///
    /// Rules: the item must exist and be rated at most once; `value` and `earlier` must lie on the
    /// item's scale (nil = omitted, always allowed unless `allItemsRequired`); `earlier` only where
    /// the instrument `ratesEarlier`; `critical` only where it `allowsCritical`. A judgement must
    /// exist, its value must be one of its options, and it is given once (or, for a `multiple`
    /// judgement, each option at most once). Judgements marked `required`, including the summary
    /// judgement, must be given.
    public func validate(ratings: [ItemRating], judgements given: [JudgementValue]) -> [Problem] {
        var problems: [Problem] = []
        // The names and field paths for messages are made only when there is a problem to word,
        // and the items seen are kept in small arrays (an assessment rates a few dozen at most):
        // a million-event import validates some 200,000 assessments.
        var name: Localized { displayName }
        // An item seen is marked at its index (the first item with its id, as the lookup finds it):
        // the same id, the same index. Items are read in place, not copied out.
        var seen = [Bool](repeating: false, count: items.count)
        var answered: [String] = []
        answered.reserveCapacity(ratings.count)
        for rating in ratings {
            let id = rating.item
            var shown: String { SafeText.display(id) }
            var field: FieldPath { FieldPath.rating(shown) }
            guard let index = items.firstIndex(where: { $0.id == id }) else {
                problems.append(Problem(code: "rating.unknownItem", field: field, message: id.isEmpty
                    ? Localized(sv: "En bedömd punkt saknar id.", en: "A rated item has no id.")
                    : Localized(sv: "\(shown) finns inte i \(name.sv).", en: "\(name.en) has no item \(shown).")))
                continue
            }
            guard !seen[index] else {
                problems.append(Problem(code: "rating.duplicate", field: field, message: Localized(
                    sv: "\(shown) är bedömd mer än en gång.", en: "\(shown) is rated more than once.")))
                continue
            }
            seen[index] = true
            if let value = rating.value {
                answered.append(id)
                if !items[index].scale.contains(value) {
                    let scale = items[index].scale
                    problems.append(Problem(code: "rating.outOfScale", field: field, message: Localized(
                        sv: "Värdet \(value) ligger utanför skalan \(scale.rangeText) för \(shown).",
                        en: "The value \(value) is outside the scale \(scale.rangeText) for \(shown).")))
                }
            }
            if let earlier = rating.earlier {
                if !ratesEarlier {
                    problems.append(Problem(code: "rating.earlierNotRated", field: .earlierRating(shown), message: Localized(
                        sv: "\(name.sv) bedöms inte för en tidigare period; ta bort det tidigare värdet för \(shown).",
                        en: "\(name.en) is not rated for an earlier period; remove the earlier value for \(shown).")))
                } else if !secondScale(items[index]).contains(earlier) {
                    let scale = secondScale(items[index])
                    let aspect = secondRating ?? .earlier
                    problems.append(Problem(code: "rating.earlierOutOfScale", field: .earlierRating(shown), message: aspect == .earlier
                        ? Localized(
                            sv: "Värdet \(earlier) för tidigare period ligger utanför skalan \(scale.rangeText) för \(shown).",
                            en: "The earlier value \(earlier) is outside the scale \(scale.rangeText) for \(shown).")
                        : Localized(
                            sv: "Värdet \(earlier) för \(aspect.name.sv.lowercased()) ligger utanför skalan \(scale.rangeText) för \(shown).",
                            en: "The value \(earlier) for \(aspect.name.en.lowercased()) is outside the scale \(scale.rangeText) for \(shown).")))
                }
            }
            if rating.critical, !allowsCritical {
                problems.append(Problem(code: "rating.criticalNotAllowed", field: .criticalFlag(shown), message: Localized(
                    sv: "\(name.sv) har ingen markering för kritiska faktorer; ta bort markeringen på \(shown).",
                    en: "\(name.en) has no critical flag; remove the flag on \(shown).")))
            }
        }
        if allItemsRequired {
            for item in items where item.inTotal && !answered.contains(item.id) {
                problems.append(Problem(code: "rating.missing", field: .rating(item.id), message: Localized(
                    sv: "\(item.id) saknar svar; i \(name.sv) ska alla besvaras.",
                    en: "\(item.id) has no answer; \(name.en) requires all of them.")))
            }
        }

        var chosen: [(judgement: String, values: [String])] = []
        var mentioned: [String] = []
        for value in given {
            var field: FieldPath { FieldPath.judgement(SafeText.display(value.judgement)) }
            guard let judgement = judgement(value.judgement) else {
                problems.append(Problem(code: "judgement.unknown", field: field, message: judgements.isEmpty
                    ? Localized(sv: "\(name.sv) har inga bedömningar; ta bort \"\(SafeText.display(value.judgement))\".",
                                en: "\(name.en) has no judgements; remove \"\(SafeText.display(value.judgement))\".")
                    : Localized(sv: "\(name.sv) har ingen bedömning \"\(SafeText.display(value.judgement))\".",
                                en: "\(name.en) has no judgement \"\(SafeText.display(value.judgement))\".")))
                continue
            }
            if !mentioned.contains(judgement.id) { mentioned.append(judgement.id) }
            guard judgement.option(value.value) != nil else {
                let labels = judgement.options.map(\.label)
                problems.append(Problem(code: "judgement.unknownOption", field: field, message: Localized(
                    sv: "\"\(SafeText.display(value.value))\" är inget alternativ för \(judgement.name.sv); välj \(Self.joined(labels.map(\.sv), "eller")).",
                    en: "\"\(SafeText.display(value.value))\" is not an option of \(judgement.name.en); choose \(Self.joined(labels.map(\.en), "or")).")))
                continue
            }
            let slot = chosen.firstIndex { $0.judgement == judgement.id }
            if let slot {
                let earlier = chosen[slot].values
                if !judgement.multiple {
                    problems.append(Problem(code: "judgement.duplicate", field: field, message: Localized(
                        sv: "\(judgement.name.sv) är angiven mer än en gång; välj ett alternativ.",
                        en: "\(judgement.name.en) is given more than once; choose one option.")))
                    continue
                }
                if earlier.contains(value.value) {
                    problems.append(Problem(code: "judgement.duplicateOption", field: field, message: Localized(
                        sv: "\"\(SafeText.display(value.value))\" är angivet mer än en gång för \(judgement.name.sv).",
                        en: "\"\(SafeText.display(value.value))\" is given more than once for \(judgement.name.en).")))
                    continue
                }
            }
            if let slot { chosen[slot].values.append(value.value) } else { chosen.append((judgement.id, [value.value])) }
        }
        for judgement in judgements where (judgement.required || judgement.id == summaryJudgementId)
            && !mentioned.contains(judgement.id) {
            problems.append(Problem(code: "judgement.missing", field: .judgement(judgement.id), message: Localized(
                sv: "Bedömningen \(judgement.name.sv) saknas; den ska alltid anges i \(name.sv).",
                en: "The judgement \(judgement.name.en) is missing; \(name.en) always requires it.")))
        }
        return problems
    }

    /// The derived total by the catalogue's rule, or nil with the reason in `note`.
    /// No total is derived from invalid ratings (unknown item, item rated twice, value off the scale).
    public func derivedTotal(_ ratings: [ItemRating]) -> DerivedTotal {
        // Items recorded apart (`inTotal: false`) are neither counted nor missed.
        let counted = totalItems
        let (allValues, invalid) = validValues(ratings)
        let values = allValues.filter { id, _ in item(id)?.inTotal ?? false }
        let omitted = counted.count - counted.filter { item in ratings.contains { $0.item == item.id && $0.value != nil } }.count
        let maximum: Int?
        switch total {
        case .none: maximum = nil
        case .sum: maximum = counted.reduce(0) { $0 + $1.scale.maximum }
        case .countYes: maximum = counted.count
        case .anyYes: maximum = 1
        }
        if case .none = total {
            return DerivedTotal(total: nil, omitted: omitted, maximum: nil, note: Localized(
                sv: "\(name.sv) ger ingen summa.", en: "\(name.en) has no total."))
        }
        if !invalid.isEmpty {
            let list = invalid.joined(separator: ", ")
            return DerivedTotal(total: nil, omitted: omitted, maximum: maximum, note: Localized(
                sv: "Ingen summa förrän bedömningen är rättad (\(list)).",
                en: "No total until the ratings are corrected (\(list))."))
        }
        let count = counted.count
        switch total {
        case .none:
            return DerivedTotal(total: nil, omitted: omitted, maximum: nil, note: nil)
        case .sum(let requireComplete):
            let sum = values.values.reduce(0, +)
            return complete(sum, omitted: omitted, of: count, maximum: maximum, requireComplete: requireComplete,
                            word: Self.omittedWord)
        case .countYes(let requireComplete):
            let yes = values.values.filter { $0 == 1 }.count
            return complete(yes, omitted: omitted, of: count, maximum: maximum, requireComplete: requireComplete,
                            word: Self.unansweredWord)
        case .anyYes(let positive, let negative):
            if values.values.contains(1) {
                return DerivedTotal(total: 1, omitted: omitted, maximum: 1, note: positive)
            }
            if omitted > 0 {
                let phrase = Self.phrase(omitted, of: count, Self.unansweredWord)
                return DerivedTotal(total: nil, omitted: omitted, maximum: 1, note: Localized(
                    sv: "Kan inte avgöras: \(phrase.sv) och inget svar är ja.",
                    en: "Cannot be decided: \(phrase.en) and no answer is yes."))
            }
            return DerivedTotal(total: 0, omitted: 0, maximum: 1, note: negative)
        }
    }

    /// The highest risk level among the judgements given (for the high-risk flag); nil if none of
    /// them maps to a level. Unknown judgements and options are ignored.
    public func riskLevel(_ judgements: [JudgementValue]) -> RiskLevel? {
        judgements.compactMap { judgement($0.judgement)?.option($0.value)?.risk }.max()
    }

    /// The risk level of the summary judgement (indicator 5), if it is given and valid.
    public func summaryRiskLevel(_ judgements: [JudgementValue]) -> RiskLevel? {
        guard let summary = summaryJudgement,
              let given = judgements.first(where: { $0.judgement == summary.id }) else { return nil }
        return summary.option(given.value)?.risk
    }

    /// Per domain, in catalogue order: how many items are rated, how many above the scale's
    /// lowest value, and the highest value (FREDA-beskrivning: which violence, how often).
    /// Only valid values count (the first rating of an item; values on its scale).
    public func domainSummaries(_ ratings: [ItemRating]) -> [DomainSummary] {
        let (values, _) = validValues(ratings)
        return domains.map { domain in
            let domainItems = items.filter { $0.domain == domain.id }
            let rated = domainItems.compactMap { item in values[item.id].map { (item, $0) } }
            return DomainSummary(domain: domain, items: domainItems.count, rated: rated.count,
                                 present: rated.filter { $0.1 > $0.0.scale.minimum }.count,
                                 highest: rated.map(\.1).max())
        }
    }

    // MARK: - Helpers

    /// The valid current values by item id (first rating of an item only), and the ids of invalid ratings.
    private func validValues(_ ratings: [ItemRating]) -> (values: [String: Int], invalid: [String]) {
        var values: [String: Int] = [:]
        var seen = Set<String>()
        var invalid: [String] = []
        for rating in ratings {
            guard let item = item(rating.item), seen.insert(rating.item).inserted else {
                if !invalid.contains(rating.item) { invalid.append(rating.item) }
                continue
            }
            if let value = rating.value {
                if item.scale.contains(value) {
                    values[item.id] = value
                } else if !invalid.contains(rating.item) {
                    invalid.append(rating.item)
                }
            }
        }
        return (values, invalid)
    }

    private func complete(_ total: Int, omitted: Int, of count: Int, maximum: Int?, requireComplete: Bool,
                          word: (sv: (String, String), en: String)) -> DerivedTotal {
        guard omitted > 0 else { return DerivedTotal(total: total, omitted: 0, maximum: maximum, note: nil) }
        let phrase = Self.phrase(omitted, of: count, word)
        if requireComplete {
            return DerivedTotal(total: nil, omitted: omitted, maximum: maximum, note: Localized(
                sv: "Ingen summa: \(phrase.sv), och det som utelämnas räknas inte som 0.",
                en: "No total: \(phrase.en), and an omitted item does not count as 0."))
        }
        return DerivedTotal(total: total, omitted: omitted, maximum: maximum, note: Localized(
            sv: "Summan räknar bara de besvarade; \(phrase.sv).",
            en: "The total counts only the answered items; \(phrase.en)."))
    }

    private static let omittedWord = (sv: ("utelämnad", "utelämnade"), en: "omitted")
    private static let unansweredWord = (sv: ("obesvarad", "obesvarade"), en: "unanswered")

    /// "2 av 20 är utelämnade" / "2 of 20 are omitted".
    private static func phrase(_ n: Int, of count: Int, _ word: (sv: (String, String), en: String)) -> Localized {
        Localized(sv: "\(n) av \(count) är \(n == 1 ? word.sv.0 : word.sv.1)",
                  en: "\(n) of \(count) \(n == 1 ? "is" : "are") \(word.en)")
    }

    /// "a, b eller c".
    static func joined(_ words: [String], _ conjunction: String) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " \(conjunction) " + words.last!
    }
}
