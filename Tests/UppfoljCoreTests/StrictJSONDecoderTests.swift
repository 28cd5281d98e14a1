import XCTest
@testable import UppfoljCore

/// The one strict JSON reader (issue 12, item 9): what it refuses, and that each refusal says what
/// is wrong and where.
final class StrictJSONDecoderTests: XCTestCase {
    struct Sample: Decodable, Equatable {
        var name: String
        var count: Int
        var note: String?
        var tags: [String]
    }

    func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> StrictJSONError? {
        do {
            _ = try StrictJSONDecoder().decode(Sample.self, from: Array(text.utf8))
            XCTFail("accepted: \(text)", file: file, line: line)
            return nil
        } catch let error as StrictJSONError {
            return error
        } catch {
            XCTFail("not a located error: \(error)", file: file, line: line)
            return nil
        }
    }

    func testAcceptsWhatTheTypeReadsWithNullForAnAbsentOptional() throws {
        let decoded = try StrictJSONDecoder().decode(Sample.self, from: Array(#"{"name":"a","count":2,"note":null,"tags":["x"]}"#.utf8))
        XCTAssertEqual(decoded, Sample(name: "a", count: 2, note: nil, tags: ["x"]))
    }

    func testRefusalsAreLocatedAndSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("{\"name\":\"a\",\n \"name\":\"b\",\"count\":1,\"tags\":[]}", "2:2: name: the key \"name\" appears twice"),
            (#"{"name":"a","count":1,"tags":[],"colour":1}"#, "1:33: colour: unknown key \"colour\""),
            (#"{"name":"a","cont":1,"tags":[]}"#, "1:13: cont: unknown key \"cont\" (did you mean \"count\"?)"),
            (#"{"name":"a","count":01,"tags":[]}"#, "1:21: invalid number: numbers may not have leading zeros"),
            (#"{"name":"a","count":1.,"tags":[]}"#, "1:21: invalid number: no digits after the decimal point"),
            (#"{"name":"a","count":1e,"tags":[]}"#, "invalid number: no digits in the exponent"),
            (#"{"name":"a","count":-,"tags":[]}"#, "invalid number: a minus sign with no digits after it"),
            (#"{"name":"a","count":1.5,"tags":[]}"#, "count: must be a whole number, but is 1.5"),
            (#"{"name":"a","count":99999999999999999999,"tags":[]}"#, "count: the number is too large or too small here"),
            (#"{"name":"a","count":"1","tags":[]}"#, "count: must be a whole number, but is a string"),
            (#"{"name":"a","count":1,"tags":"#, "the file ends where a value was expected"),
            (#"{"name":"a","count":1,"tags":[]} x"#, "text after the end of the JSON value"),
            (#"{"name":"a","count":1,"tags":["# + String(repeating: "[", count: 100), "nested too deeply (more than 64 levels)"),
            ("{\"name\":\"a\u{1B}\",\"count\":1,\"tags\":[]}", "control character inside a string"),
        ]
        for (input, expected) in cases {
            guard let error = error(input) else { continue }
            XCTAssertTrue(error.text(.en).contains(expected), "\(input): \(error.text(.en))")
            XCTAssertFalse(error.text(.sv).isEmpty)
        }
    }

    func testInvalidUTF8IsNamedAsSuch() {
        var bytes = Array(#"{"name":"a?","count":1,"tags":[]}"#.utf8)
        bytes[10] = 0xC3  // a lead byte followed by a quote
        do {
            _ = try StrictJSONDecoder().decode(Sample.self, from: bytes)
            XCTFail("accepted invalid UTF-8")
        } catch let error as StrictJSONError {
            XCTAssertTrue(error.text(.en).contains("1:9: the string is not valid UTF-8"), error.text(.en))
        } catch { XCTFail("\(error)") }
    }

    func testAHugeValueIsNotEchoedInFull() {
        let huge = String(repeating: "9", count: 1_000_000) + ".5"
        guard let error = error(#"{"name":"a","count":\#(huge),"tags":[]}"#) else { return }
        XCTAssertLessThan(error.text(.en).count, 300, error.text(.en))
    }
}
