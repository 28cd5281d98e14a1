import TerminalKit
import XCTest
import TerminalBackend

final class StylePaletteTests: XCTestCase {
    private func mode(_ preference: ColorPreference = .automatic, noColor: String? = nil, hasColors: Bool = true,
                      colors: Int = 8, pairs: Int = 64) -> ColorMode {
        StylePalette.colorMode(preference: preference, noColor: noColor, hasColors: hasColors,
                               colorCount: colors, pairCount: pairs)
    }

    func testColorModeDecision() {
        XCTAssertEqual(mode(), .color)
        XCTAssertEqual(mode(noColor: ""), .color, "NO_COLOR only counts when non-empty")
        XCTAssertEqual(mode(noColor: "1"), .monochrome)
        XCTAssertEqual(mode(noColor: "yes please"), .monochrome)
        XCTAssertEqual(mode(.never), .monochrome)
        XCTAssertEqual(mode(hasColors: false), .monochrome)
        XCTAssertEqual(mode(colors: 2), .monochrome)
        XCTAssertEqual(mode(pairs: StylePalette.requiredColorPairs), .monochrome, "pair 0 is reserved")
        XCTAssertEqual(mode(pairs: StylePalette.requiredColorPairs + 1), .color)
    }

    func testMonochromeUsesTerminalKitAttributesAndNoPairs() {
        for role in StyleRole.allCases {
            let rendition = StylePalette.rendition(for: Style(role), mode: .monochrome)
            XCTAssertEqual(rendition.attributes, MonochromeStyle.attributes(for: role), "\(role)")
            XCTAssertEqual(rendition.colorPair, 0, "\(role)")
        }
    }

    func testMonochromeRolesAreDistinguishable() {
        let looks = StyleRole.allCases.map { StylePalette.rendition(for: Style($0), mode: .monochrome).attributes }
        XCTAssertEqual(Set(looks.map(\.rawValue)).count, StyleRole.allCases.count)
    }

    func testColorTable() {
        func look(_ role: StyleRole) -> RoleLook { StylePalette.look(for: role, mode: .color) }
        XCTAssertEqual(look(.normal), RoleLook([]))
        XCTAssertEqual(look(.error), RoleLook([.bold], foreground: .red))
        XCTAssertEqual(look(.warning), RoleLook([.bold], foreground: .yellow, background: .red))
        XCTAssertEqual(look(.success), RoleLook([], foreground: .green))
        XCTAssertEqual(look(.muted).attributes, [.dim])
        XCTAssertTrue(look(.header).attributes.contains(.bold))
        XCTAssertTrue(look(.title).attributes.contains(.bold))
        XCTAssertNotEqual(look(.focus), look(.selection))
        XCTAssertTrue(look(.focus).background != .terminalDefault, "focus must show without a colour foreground")
        XCTAssertTrue(look(.selection).background != .terminalDefault)
    }

    func testColorPairsAreDistinctPerColoredRoleAndZeroOtherwise() {
        var used = Set<Int16>()
        for role in StyleRole.allCases {
            let pair = StylePalette.colorPair(for: role)
            if StylePalette.look(for: role, mode: .color).usesColor {
                XCTAssertGreaterThan(pair, 0, "\(role)")
                XCTAssertTrue(used.insert(pair).inserted, "pair \(pair) reused by \(role)")
            } else {
                XCTAssertEqual(pair, 0, "\(role)")
            }
        }
        XCTAssertEqual(StylePalette.colorPair(for: .normal), 0)
    }

    func testErrorAndWarningNeverRelyOnColorAlone() {
        for role in [StyleRole.error, .warning, .focus, .selection, .title, .header] {
            let look = StylePalette.look(for: role, mode: .color)
            XCTAssertTrue(!look.attributes.isEmpty || look.background != .terminalDefault, "\(role)")
        }
    }

    func testStyleExtrasAreAdded() {
        let style = Style(.error, attributes: [.underline])
        XCTAssertEqual(StylePalette.rendition(for: style, mode: .color),
                       Rendition(attributes: [.bold, .underline], colorPair: StylePalette.colorPair(for: .error)))
        XCTAssertEqual(StylePalette.rendition(for: Style(.normal, attributes: [.reverse]), mode: .monochrome),
                       Rendition(attributes: [.reverse], colorPair: 0))
    }
}
