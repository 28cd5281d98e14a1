import Foundation
import ParallelWork
import UppfoljCore

/// What the lists need of one case, computed once per projection so that filtering, sorting
/// and searching 50 000 cases works on small values.
struct CaseSummary: Sendable, Equatable {
    let code: String
    let lowercasedCode: String
    let role: Role?
    let status: CaseStatus
    let risk: RiskLevel?
    let opened: Day?
    let lastEvent: Day?
    /// The responsible worker (intake, then the latest handover).
    let responsible: String?
    /// Position in natural code order ("T-2" before "T-10").
    var codeRank = 0

    /// The case's summary, or nil when the lists do not show it (no intake and not voided).
    init?(_ state: CaseState) {
        // Voided cases stay in the list (status "Makulerat"), so they can be found and restored.
        guard state.intake != nil || state.isVoided else { return nil }
        code = state.code
        lowercasedCode = state.code.lowercased()
        role = state.role
        status = state.status
        risk = state.highestCurrentRisk?.riskLevel
        opened = state.intakeDate
        lastEvent = state.lastEventDate
        responsible = state.responsibleWorker
    }
}

/// How many due items of each kind (the due list's summary line).
struct DueCounts: Sendable, Equatable {
    var overdue = 0, due = 0, noAssessment = 0, openInterventions = 0, upcoming = 0

    mutating func add(_ other: DueCounts) {
        overdue += other.overdue; due += other.due; noAssessment += other.noAssessment
        openInterventions += other.openInterventions; upcoming += other.upcoming
    }

    mutating func add(_ item: DueItem, _ amount: Int) {
        switch item.kind {
        case .followUpOverdue: overdue += amount
        case .followUpDue, .followUpRetry: due += amount
        case .noRiskAssessment: noAssessment += amount
        case .openIntervention: openInterventions += amount
        case .followUpUpcoming: upcoming += amount
        }
    }
}

/// One case's entry in the index before and after a change (what the lists need to move its rows).
struct CaseIndexChange: Sendable {
    let code: String
    let oldSummary: CaseSummary?
    let newSummary: CaseSummary?
    let oldRole: Role?
    let oldDue: [DueItem]
    let newDue: [DueItem]
}

/// The case and due lists' source: every case with an intake (active or voided) summarised, in natural code order, and the
/// unit's due list (`DueList.items(for:)` per case, most urgent first).
///
/// Built once from the whole projection; after a save (or others' appends) only the touched cases
/// are updated (`update`): binary searches and moving array elements, nothing per other case.
struct CaseIndex: Sendable, Equatable {
    private(set) var summaries: [CaseSummary] = []
    private(set) var dueItems: [DueItem] = []
    /// The most urgent item of each case.
    private(set) var firstDue: [String: DueItem] = [:]
    /// Each case's due items, in `DueList.items(for:)` order.
    private(set) var dueByCase: [String: [DueItem]] = [:]
    /// Each case's role (for the due list's role filter).
    private(set) var roles: [String: Role] = [:]
    private(set) var dueCounts = DueCounts()
    /// The day and rules the due items were computed for (another day or policy: build anew).
    private(set) var today: Day?
    private(set) var policy: FollowUpPolicy?

    init() {}

    init(projection: Projection, env: AppEnvironment) {
        today = env.today
        policy = env.policy
        // Each case's summary and due items on every core (a part of the cases each, sorted there),
        // then the parts merged in order: at a million events this is most of the time between the
        // journal being read and the case list on screen.
        let codes = projection.caseCodes
        let parts = Parallel.map(WorkSplit.ranges(count: codes.count, minimumPerPart: 4_096)) { range in
            Part(codes[range], projection, env)
        }
        var keyed: [(key: [UInt8], summary: CaseSummary)] = []
        var due: [(offset: Int, element: DueItem)] = []
        for part in parts {
            keyed = Self.merged(keyed, part.keyed, by: Self.keyOrder)
            due = Self.merged(due, part.due.map { ($0.offset + due.count, $0.element) }, by: Self.stableDueOrder)
            roles.merge(part.roles) { a, _ in a }
            firstDue.merge(part.firstDue) { a, _ in a }
            dueByCase.merge(part.dueByCase) { a, _ in a }
            dueCounts.add(part.dueCounts)
        }
        summaries = keyed.enumerated().map { index, entry in
            var summary = entry.summary
            summary.codeRank = index
            return summary
        }
        dueItems = due.map(\.element)
    }

    /// What one core works out for a range of cases.
    private struct Part: Sendable {
        var keyed: [(key: [UInt8], summary: CaseSummary)] = []
        /// The part's due items with their place in the part (for a stable order), sorted.
        var due: [(offset: Int, element: DueItem)] = []
        var roles: [String: Role] = [:]
        var firstDue: [String: DueItem] = [:]
        var dueByCase: [String: [DueItem]] = [:]
        var dueCounts = DueCounts()

        init(_ codes: ArraySlice<String>, _ projection: Projection, _ env: AppEnvironment) {
            var keys: [[UInt8]] = [], summaries: [CaseSummary] = []
            keys.reserveCapacity(codes.count)
            summaries.reserveCapacity(codes.count)
            var items: [DueItem] = []
            for code in codes {
                guard let state = projection.cases[code], let summary = CaseSummary(state) else { continue }
                keys.append(NaturalOrder.key(code))
                summaries.append(summary)
                if let role = state.role { roles[code] = role }
                let caseItems = DueList.items(for: state, today: env.today, policy: env.policy)
                if let first = caseItems.first {
                    firstDue[code] = first
                    dueByCase[code] = caseItems
                }
                for item in caseItems { dueCounts.add(item, 1) }
                items += caseItems
            }
            // Positions are sorted, not the entries (moving a key and a summary in every step of the
            // sort costs more than the comparisons).
            let order = keys.indices.sorted { a, b in
                CaseIndex.keyOrder((keys[a], summaries[a]), (keys[b], summaries[b]))
            }
            keyed = order.map { (keys[$0], summaries[$0]) }
            // Stable: one case's items with the same urgency and date keep the order DueList gave them.
            due = items.indices.sorted { a, b in
                if CaseIndex.dueOrder(items[a], items[b]) { return true }
                if CaseIndex.dueOrder(items[b], items[a]) { return false }
                return a < b
            }.map { ($0, items[$0]) }
        }
    }

    private static func keyOrder(_ a: (key: [UInt8], summary: CaseSummary), _ b: (key: [UInt8], summary: CaseSummary)) -> Bool {
        let order = a.key.withUnsafeBufferPointer { x in
            b.key.withUnsafeBufferPointer { y in
                let n = min(x.count, y.count)
                let common = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return common != 0 ? Int(common) : x.count - y.count
            }
        }
        return order != 0 ? order < 0 : a.summary.code.utf8.lexicographicallyPrecedes(b.summary.code.utf8)
    }

    private static func stableDueOrder(_ a: (offset: Int, element: DueItem), _ b: (offset: Int, element: DueItem)) -> Bool {
        if dueOrder(a.element, b.element) { return true }
        if dueOrder(b.element, a.element) { return false }
        return a.offset < b.offset
    }

    /// Two sorted arrays as one, `a`'s element first where neither precedes the other.
    private static func merged<T>(_ a: [T], _ b: [T], by precedes: (T, T) -> Bool) -> [T] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var result: [T] = []
        result.reserveCapacity(a.count + b.count)
        var (i, j) = (0, 0)
        while i < a.count && j < b.count {
            if precedes(b[j], a[i]) { result.append(b[j]); j += 1 } else { result.append(a[i]); i += 1 }
        }
        result += a[i...]
        result += b[j...]
        return result
    }

    /// The index's order of due items: most urgent first, then by date, then by case code.
    static func dueOrder(_ x: DueItem, _ y: DueItem) -> Bool {
        (x.urgency, x.date, x.caseCode) < (y.urgency, y.date, y.caseCode)
    }

    /// Whether this index can be brought up to date for `env` case by case (same day, same rules).
    func isCurrent(for env: AppEnvironment) -> Bool { today == env.today && policy == env.policy }

    /// The position of `code` in `summaries` (natural order), and whether it is there.
    func summaryPosition(of code: String) -> (index: Int, found: Bool) {
        let key = NaturalOrder.key(code)
        var low = 0, high = summaries.count
        while low < high {
            let mid = (low + high) / 2
            let other = summaries[mid].code
            if other == code { return (mid, true) }
            if NaturalOrder.less(key: NaturalOrder.key(other), other, than: key, code) { low = mid + 1 } else { high = mid }
        }
        return (low, false)
    }

    func summary(of code: String) -> CaseSummary? {
        let (index, found) = summaryPosition(of: code)
        return found ? summaries[index] : nil
    }

    /// Brings one case's entries up to date with `projection` (which changed that case since the
    /// index was made); returns what changed, for the lists.
    mutating func update(_ code: String, in projection: Projection) -> CaseIndexChange {
        let state = projection[code]
        var newSummary = state.flatMap(CaseSummary.init)
        let (position, found) = summaryPosition(of: code)
        let oldSummary = found ? summaries[position] : nil
        switch (found, newSummary) {
        case (true, var summary?):
            summary.codeRank = position
            newSummary = summary
            summaries[position] = summary
        case (true, nil):
            summaries.remove(at: position)
            for index in position..<summaries.count { summaries[index].codeRank = index }
        case (false, var summary?):
            summary.codeRank = position
            newSummary = summary
            summaries.insert(summary, at: position)
            for index in (position + 1)..<summaries.count { summaries[index].codeRank = index }
        case (false, nil):
            break
        }
        // As in the full build: roles and due items only of the cases the lists show.
        let shown = newSummary == nil ? nil : state
        let oldRole = roles[code]
        roles[code] = shown?.role
        let oldDue = dueByCase[code] ?? []
        let newDue = shown.map { DueList.items(for: $0, today: today ?? Day.today(), policy: policy ?? .standard) } ?? []
        dueByCase[code] = newDue.isEmpty ? nil : newDue
        firstDue[code] = newDue.first
        for item in oldDue {
            dueCounts.add(item, -1)
            var index = dueItems.lowerBound { Self.dueOrder($0, item) }
            while index < dueItems.count, dueItems[index] != item, !Self.dueOrder(item, dueItems[index]) { index += 1 }
            if index < dueItems.count, dueItems[index] == item { dueItems.remove(at: index) }
        }
        for item in newDue {
            dueCounts.add(item, 1)
            // After every equal item: the case's items keep their own order, as in the full build.
            dueItems.insert(item, at: dueItems.lowerBound { !Self.dueOrder(item, $0) })
        }
        return CaseIndexChange(code: code, oldSummary: oldSummary, newSummary: newSummary, oldRole: oldRole,
                               oldDue: oldDue, newDue: newDue)
    }
}

extension Array {
    /// The first index whose element does not satisfy `isBefore` (the elements that do must come
    /// first): a binary search.
    func lowerBound(_ isBefore: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if isBefore(self[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Natural order of codes: runs of ASCII digits compare as numbers ("T-2" before "T-10").
enum NaturalOrder {
    /// A byte key whose plain byte order is the natural order: each digit run is written without
    /// leading zeros, prefixed by its length.
    static func key(_ text: String) -> [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count + 4)
        var digits: [UInt8] = []
        func flush() {
            guard !digits.isEmpty else { return }
            let trimmed = digits.drop { $0 == UInt8(ascii: "0") }
            key.append(UInt8(ascii: "0"))                 // digits sort before letters, as in ASCII
            key.append(UInt8(min(trimmed.count, 255)))
            key += trimmed
            digits.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits.append(byte)
            } else {
                flush()
                key.append(byte)
            }
        }
        flush()
        return key
    }

    static func less(_ a: String, _ b: String) -> Bool {
        less(key: key(a), a, than: key(b), b)
    }

    /// `less` with the keys already made.
    static func less(key x: [UInt8], _ a: String, than y: [UInt8], _ b: String) -> Bool {
        x != y ? x.lexicographicallyPrecedes(y) : a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
