import XCTest
@testable import UppfoljCore

final class DayTests: XCTestCase {
    func testParsesAndFormatsISODates() {
        XCTAssertEqual(Day(iso: "1970-01-01")?.daysSinceEpoch, 0)
        XCTAssertEqual(Day(iso: "2024-02-29")?.iso, "2024-02-29")
        XCTAssertNil(Day(iso: "2023-02-29"))
        XCTAssertNil(Day(iso: "2024-13-01"))
        XCTAssertNil(Day(iso: "2024-1-01"))
        XCTAssertNil(Day(iso: "20240101"))
    }

    func testRoundTripsEveryDayOverFourCenturies() {
        var day = Day(iso: "1900-01-01")!
        var expected = (1900, 1, 1)
        while day.year < 2300 {
            let c = day.components
            XCTAssertEqual(c.year, expected.0); XCTAssertEqual(c.month, expected.1); XCTAssertEqual(c.day, expected.2)
            XCTAssertEqual(Day(iso: day.iso), day)
            day = day.adding(days: 1)
            expected.2 += 1
            if expected.2 > Day.daysIn(month: expected.1, year: expected.0) {
                expected.2 = 1; expected.1 += 1
                if expected.1 > 12 { expected.1 = 1; expected.0 += 1 }
            }
        }
    }

    func testAddingMonthsClampsToMonthEnd() {
        XCTAssertEqual(Day(iso: "2024-08-31")!.adding(months: 6).iso, "2025-02-28")
        XCTAssertEqual(Day(iso: "2023-08-31")!.adding(months: 6).iso, "2024-02-29")
        XCTAssertEqual(Day(iso: "2024-01-15")!.adding(months: 12).iso, "2025-01-15")
        XCTAssertEqual(Day(iso: "2024-11-30")!.adding(months: 3).iso, "2025-02-28")
    }

    func testQuarter() {
        XCTAssertEqual(Day(iso: "2024-03-31")!.quarter, 1)
        XCTAssertEqual(Day(iso: "2024-04-01")!.quarter, 2)
        XCTAssertEqual(Day(iso: "2024-12-31")!.quarter, 4)
    }

    func testTimestampISO() {
        let t = Timestamp(iso: "2024-05-06T07:08:09Z")!
        XCTAssertEqual(t.iso, "2024-05-06T07:08:09Z")
        XCTAssertNil(Timestamp(iso: "2024-05-06T24:08:09Z"))
        XCTAssertEqual(Timestamp(secondsSinceEpoch: -1).iso, "1969-12-31T23:59:59Z")
    }

    func testAgeBands() {
        let d = Day(iso: "2025-06-01")!
        XCTAssertEqual(AgeBand(birthYear: 2010, at: d), .under18)
        XCTAssertEqual(AgeBand(birthYear: 2007, at: d), .from18to25)
        XCTAssertEqual(AgeBand(birthYear: 2000, at: d), .from18to25)
        XCTAssertEqual(AgeBand(birthYear: 1999, at: d), .from26to40)
        XCTAssertEqual(AgeBand(birthYear: 1984, at: d), .from41to64)
        XCTAssertEqual(AgeBand(birthYear: 1960, at: d), .from65)
        XCTAssertEqual(AgeBand(birthYear: nil, at: d), .unknown)
    }
}
