import UppfoljCore

/// What the lists need of one case, computed once per projection so that filtering, sorting
/// and searching 50 000 cases works on small values.
struct CaseSummary: Sendable {
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
}

/// The case and due lists' source: every case with an intake (active or voided) summarised, in natural code order, and the
/// unit's due list (`DueList.items(for:)` per case, most urgent first).
struct CaseIndex: Sendable {
    private(set) var summaries: [CaseSummary] = []
    private(set) var dueItems: [DueItem] = []
    /// The most urgent item of each case.
    private(set) var firstDue: [String: DueItem] = [:]
    /// Each case's role (for the due list's role filter).
    private(set) var roles: [String: Role] = [:]

    init() {}

    init(projection: Projection, env: AppEnvironment) {
        var keyed: [(key: [UInt8], summary: CaseSummary)] = []
        keyed.reserveCapacity(projection.caseCodes.count)
        for code in projection.caseCodes {
            // Voided cases stay in the list (status "Makulerat"), so they can be found and restored.
            guard let state = projection.cases[code], state.intake != nil || state.isVoided else { continue }
            keyed.append((NaturalOrder.key(code), CaseSummary(
                code: code, lowercasedCode: code.lowercased(), role: state.role, status: state.status,
                risk: state.highestCurrentRisk?.riskLevel, opened: state.intakeDate, lastEvent: state.lastEventDate,
                responsible: state.responsibleWorker)))
            if let role = state.role { roles[code] = role }
            let items = DueList.items(for: state, today: env.today, policy: env.policy)
            if let first = items.first { firstDue[code] = first }
            dueItems += items
        }
        keyed.sort { a, b in
            a.key != b.key ? a.key.lexicographicallyPrecedes(b.key)
                : a.summary.code.utf8.lexicographicallyPrecedes(b.summary.code.utf8)
        }
        summaries = keyed.enumerated().map { index, entry in
            var summary = entry.summary
            summary.codeRank = index
            return summary
        }
        dueItems.sort { ($0.urgency, $0.date, $0.caseCode) < ($1.urgency, $1.date, $1.caseCode) }
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
        let (x, y) = (key(a), key(b))
        return x != y ? x.lexicographicallyPrecedes(y) : a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
