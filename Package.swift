// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Uppfolj",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "uppfolj", targets: ["uppfolj"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "UppfoljCore", resources: [.copy("Resources/instruments.json")]),
        .target(name: "UppfoljJournal", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "UppfoljStore", dependencies: [
            "UppfoljCore", "UppfoljJournal",
            .product(name: "Crypto", package: "swift-crypto"),
            // scrypt (memory-hard passphrase KDF); Crypto itself has no password KDF.
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .target(name: "UppfoljSample", dependencies: ["UppfoljCore"]),
        .target(name: "CProcessHardening"),
        .executableTarget(name: "uppfolj", dependencies: [
            "CProcessHardening", "UppfoljCore", "UppfoljJournal", "UppfoljStore", "UppfoljSample", "UppfoljReports", "UppfoljApp", "TerminalKit", "TerminalBackend",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "journal-lock-probe", dependencies: ["UppfoljJournal"]),
        .executableTarget(name: "store-kill-probe", dependencies: ["UppfoljCore", "UppfoljStore", "UppfoljSample"]),
        .executableTarget(name: "nc-demo", dependencies: ["TerminalBackend", "TerminalKit"]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(name: "uppfolj-bench", dependencies: [
            "UppfoljCore", "UppfoljJournal", "UppfoljStore", "UppfoljSample", "UppfoljReports", "UppfoljApp", "TerminalKit", "CSQLite",
        ]),
        .target(name: "TerminalKit"),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "TerminalBackend", dependencies: ["CNcursesw", "TerminalKit"]),
        .target(name: "UppfoljReports", dependencies: ["UppfoljCore"], resources: [.copy("Resources/indicators.json")]),
        .target(name: "UppfoljApp", dependencies: ["UppfoljCore", "UppfoljReports", "TerminalKit"]),
        .testTarget(name: "UppfoljCoreTests", dependencies: ["UppfoljCore"]),
        .testTarget(name: "UppfoljJournalTests", dependencies: ["UppfoljJournal", "ChildProcessSupport"]),
        // Shared by the tests that run writers in child processes (lock and kill tests).
        .target(name: "ChildProcessSupport", path: "Tests/ChildProcessSupport"),
        .testTarget(name: "UppfoljStoreTests", dependencies: [
            "UppfoljStore", "UppfoljSample", "ChildProcessSupport", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "UppfoljReportsTests", dependencies: ["UppfoljReports", "UppfoljCore", "UppfoljSample"]),
        .testTarget(name: "UppfoljAppTests", dependencies: ["UppfoljApp", "UppfoljCore", "UppfoljReports", "UppfoljSample", "TerminalKit"]),
        .testTarget(name: "TerminalBackendTests", dependencies: ["TerminalBackend", "TerminalKit"]),
        .testTarget(name: "EndToEndTests", dependencies: ["UppfoljCore", "TerminalKit"]),
        // A journal written by an earlier release and what it must keep giving (exclude: the fixture
        // files are read by path, not bundled).
        .testTarget(name: "GoldenFixtureTests", dependencies: ["UppfoljCore", "UppfoljStore", "UppfoljReports"],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
