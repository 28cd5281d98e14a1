import Foundation

// SwiftPM generates `Bundle.module` for UppfoljCore's resources; the fuzz build compiles the sources
// directly with swiftc, so the catalogue is found next to the binary instead (run.sh copies it).
extension Bundle {
    static let module: Bundle = {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return Bundle(path: folder.path) ?? .main
    }()
}
