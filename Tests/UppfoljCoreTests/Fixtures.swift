@testable import UppfoljCore

/// Small builders for hand-made test journals. Case codes and worker ids are synthetic.
enum Fixture {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static func id(_ n: UInt64) -> EventID { EventID(high: 0xAB, low: n) }

    static func event(_ code: String, _ date: String, _ body: EventBody, id: UInt64? = nil,
                      worker: String = "hl01") -> Event {
        Event(id: self.id(id ?? UInt64.random(in: 1_000_000...UInt64.max / 2)), caseCode: code,
              recordedAt: Timestamp(secondsSinceEpoch: Int64(day(date).daysSinceEpoch) * 86_400 + 36_000),
              effectiveDate: day(date), worker: worker, body: body)
    }

    static func intake(_ code: String, _ date: String, role: Role = .victim, id: UInt64? = nil) -> Event {
        var intake = Intake(role: role)
        intake.sex = role == .victim ? .female : .male
        intake.birthYear = 1985
        intake.violenceTypes = [.physical, .psychological]
        return event(code, date, .intake(intake), id: id)
    }
}
