/// When follow-ups after closure fall due. Defaults from docs/domain.md §3; a unit may change them.
public struct FollowUpPolicy: Sendable, Equatable, Codable {
    /// Months after closure for each T3 follow-up (6 by default; a unit may add 12).
    public var monthsAfterClosure: [Int] = [6]
    /// A due follow-up becomes overdue this many days after its due date.
    public var overdueAfterDays: Int = 30
    /// How far ahead the due list shows follow-ups that are coming up.
    public var upcomingWithinDays: Int = 14

    public init(monthsAfterClosure: [Int] = [6], overdueAfterDays: Int = 30, upcomingWithinDays: Int = 14) {
        self.monthsAfterClosure = monthsAfterClosure
        self.overdueAfterDays = overdueAfterDays
        self.upcomingWithinDays = upcomingWithinDays
    }

    public static let standard = FollowUpPolicy()

    /// The policy the unit's settings give (`Projection.unitSettings`): T3 after `t3Months`
    /// (default 6) and, when set above 0, a T4 after `t4Months`.
    public init(settings: UnitSettings) {
        var months = [settings.t3Months ?? 6]
        if let t4 = settings.t4Months, t4 > 0 { months.append(t4) }
        self.init(monthsAfterClosure: months)
    }
}

public struct DueItem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case followUpUpcoming(months: Int)
        case followUpDue(months: Int)
        case followUpOverdue(months: Int)
        /// A T3 that did not reach the client, offered for another attempt while its window is open
        /// (`attempts` made so far; issue 17 item 4).
        case followUpRetry(months: Int, attempts: Int)
        case openIntervention(id: String, type: InterventionType)
        case noRiskAssessment
    }
    public let kind: Kind
    public let caseCode: String
    /// The due date (follow-ups), the start date (open interventions) or the intake date.
    public let date: Day
    public let isHighRisk: Bool

    /// Sort weight: overdue first, then due, missing assessments, open interventions, upcoming.
    public var urgency: Int {
        switch kind {
        case .followUpOverdue: 0
        case .followUpDue, .followUpRetry: 1
        case .noRiskAssessment: 2
        case .openIntervention: 3
        case .followUpUpcoming: 4
        }
    }

    public var label: Localized {
        switch kind {
        case .followUpUpcoming(let m): Localized(sv: "T3 (\(m) mån) snart", en: "T3 (\(m) mo) upcoming")
        case .followUpDue(let m): Localized(sv: "T3 (\(m) mån) att göra", en: "T3 (\(m) mo) due")
        case .followUpOverdue(let m): Localized(sv: "T3 (\(m) mån) försenad", en: "T3 (\(m) mo) overdue")
        case .followUpRetry(let m, let n):
            Localized(sv: "T3 (\(m) mån) ej nådd, \(n) försök – försök igen",
                      en: "T3 (\(m) mo) not reached, \(n) \(n == 1 ? "attempt" : "attempts") – try again")
        case .openIntervention(let id, let type):
            // The id is stored text (an old journal may hold controls in it): shown through the sanitiser.
            Localized(sv: "Pågående insats \(SafeText.display(id)) (\(type.label.sv)) saknar avslut",
                      en: "Ongoing intervention \(SafeText.display(id)) (\(type.label.en)) has no end")
        case .noRiskAssessment: Localized(sv: "Ingen riskbedömning", en: "No risk assessment")
        }
    }
}

public enum DueList {
    /// Due follow-up dates of a closed case that are not yet done, with their month offsets.
    /// Only the current episode's: a reopened case is active again, so the follow-ups of the
    /// closure before the reopening no longer fall due (done or not); when the new episode
    /// closes, its T3 and T4 count from that closure.
    public static func pendingFollowUps(of state: CaseState, policy: FollowUpPolicy) -> [(months: Int, due: Day)] {
        // A client who declined follow-up at closure has none due.
        guard let closure = state.closure, closure.value.followUpConsent != .no else { return [] }
        let done = state.currentFollowUps
        return policy.monthsAfterClosure.sorted().compactMap { months in
            done.contains { $0.value.monthsAfterClosure == months }
                ? nil : (months, closure.date.adding(months: months))
        }
    }

    /// The T3 points of the current episode whose attempts so far all failed to reach the client
    /// for a reason that leaves another attempt open (no answer, contact details out of date,
    /// other, or not recorded — not "declined" or "not safe to contact"), while the point's window
    /// is open (until `overdueAfterDays` after its due date): another attempt is due. `attempts`
    /// counts the attempts so far (each T3's own count where it gives one, else one).
    public static func followUpRetries(of state: CaseState, today: Day, policy: FollowUpPolicy)
        -> [(months: Int, attempts: Int, last: Day)] {
        guard let closure = state.closure, closure.value.followUpConsent != .no else { return [] }
        let done = state.currentFollowUps
        return policy.monthsAfterClosure.sorted().compactMap { months in
            let tries = done.filter { $0.value.monthsAfterClosure == months }
            guard let last = tries.last, tries.allSatisfy({ !$0.value.reached }),
                  last.value.notReachedReason != .declined, last.value.notReachedReason != .notSafe,
                  today < closure.date.adding(months: months).adding(days: policy.overdueAfterDays) else { return nil }
            let attempts = tries.reduce(0) { $0 + max(1, $1.value.attempts ?? 1) }
            return (months, attempts, tries.map(\.date).max() ?? last.date)
        }
    }

    /// What needs doing for one case on `today`, most urgent first.
    public static func items(for state: CaseState, today: Day, policy: FollowUpPolicy = .standard) -> [DueItem] {
        guard state.intake != nil, let intakeDate = state.intakeDate else { return [] }
        var items: [DueItem] = []
        let highRisk = state.isHighRisk
        for (months, due) in pendingFollowUps(of: state, policy: policy) {
            let kind: DueItem.Kind
            if today >= due.adding(days: policy.overdueAfterDays) {
                kind = .followUpOverdue(months: months)
            } else if today >= due {
                kind = .followUpDue(months: months)
            } else if today.days(until: due) <= policy.upcomingWithinDays {
                kind = .followUpUpcoming(months: months)
            } else {
                continue
            }
            items.append(DueItem(kind: kind, caseCode: state.code, date: due, isHighRisk: highRisk))
        }
        for retry in followUpRetries(of: state, today: today, policy: policy) {
            items.append(DueItem(kind: .followUpRetry(months: retry.months, attempts: retry.attempts), caseCode: state.code,
                                 date: retry.last, isHighRisk: highRisk))
        }
        for intervention in state.interventions where intervention.end == nil {
            items.append(DueItem(kind: .openIntervention(id: intervention.interventionId, type: intervention.type),
                                 caseCode: state.code, date: intervention.start, isHighRisk: highRisk))
        }
        // The current episode's: a reopened case needs a risk assessment of its new episode.
        if state.status == .open, state.currentAssessments.isEmpty {
            items.append(DueItem(kind: .noRiskAssessment, caseCode: state.code, date: intakeDate, isHighRisk: highRisk))
        }
        return items.sorted { ($0.urgency, $0.date) < ($1.urgency, $1.date) }
    }

    /// The whole unit's due list: most urgent first, then oldest date, then case code.
    public static func items(in projection: Projection, today: Day, policy: FollowUpPolicy = .standard) -> [DueItem] {
        // Case by case, without first copying every active case into an array (92,000 cases of a
        // million events made that array the largest allocation of `uppfolj status`).
        var all: [DueItem] = []
        projection.forEachActiveCase { all += items(for: $0, today: today, policy: policy) }
        return all.sorted { ($0.urgency, $0.date, $0.caseCode) < ($1.urgency, $1.date, $1.caseCode) }
    }
}
