import UppfoljCore

/// Synthetic ratings and judgements for any instrument of the catalogue, leaning towards a
/// wanted risk level so that sample figures (risk at intake vs closure) look plausible.
enum SampleAssessments {
    static func make(_ instrumentId: String, timePoint: TimePoint, level: RiskLevel, catalogue: InstrumentCatalogue,
                     rng: inout SplitMix64) -> Assessment? {
        guard let instrument = catalogue.current(instrumentId) else { return nil }  // never a superseded version
        let lean: Double = switch level { case .low: 0.15; case .medium: 0.4; case .high: 0.7 }
        var ratings: [ItemRating] = []
        for item in instrument.items {
            func rate(_ scale: RatingScale) -> Int {
                let values = scale.values.sorted()
                // Higher scale values are more likely the higher the lean.
                return rng.chance(lean) ? values[values.count - 1 - rng.below(max(1, values.count / 2))] : values[rng.below(max(1, (values.count + 1) / 2))]
            }
            let omitted = instrument.items.count > 5 && !(instrument.allItemsRequired && item.inTotal) && rng.chance(0.04)
            let value = omitted ? nil : rate(item.scale)
            let earlier = instrument.ratesEarlier ? rate(instrument.secondScale(item)) : nil
            let critical = instrument.allowsCritical && value == item.scale.maximum && rng.chance(0.3)
            ratings.append(ItemRating(item: item.id, value: value, earlier: earlier, critical: critical))
        }
        var judgements: [JudgementValue] = []
        for judgement in instrument.judgements {
            guard judgement.required || rng.chance(0.6) else { continue }
            let matching = judgement.options.filter { $0.risk == level }
            let option = matching.first ?? judgement.options[rng.below(judgement.options.count)]
            judgements.append(JudgementValue(judgement: judgement.id, value: option.id))
        }
        let estimate: RiskLevel? = instrument.asksClientEstimate && rng.chance(0.7)
            ? rng.weighted([(level, 0.6), (.low, 0.2), (.medium, 0.15), (.high, 0.05)]) : nil
        return Assessment(instrument: InstrumentRef(id: instrument.id, version: instrument.version),
                          timePoint: timePoint, ratings: ratings, judgements: judgements, clientEstimate: estimate,
                          respondent: .client)
    }
}
