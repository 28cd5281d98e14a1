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
        // The one parallel loop (and how work is split over the cores), shared by every module.
        .target(name: "ParallelWork"),
        .target(name: "UppfoljCore", dependencies: ["ParallelWork"], resources: [.copy("Resources/instruments.json")]),
        .target(name: "UppfoljJournal", dependencies: ["ParallelWork", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "UppfoljStore", dependencies: [
            "UppfoljCore", "UppfoljJournal", "ParallelWork",
            // Where a journal lives: a file, or a PostgreSQL database (JournalPlace, JournalCopy).
            "UppfoljPostgres",
            .product(name: "Crypto", package: "swift-crypto"),
            // scrypt (memory-hard passphrase KDF); Crypto itself has no password KDF.
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            // AES-256-GCM with one key schedule for a bulk import's records (BulkRecordSealer).
            "CLibcrypto",
        ]),
        // OpenSSL's libcrypto: libpq-dev already needs libssl-dev, and libpq loads libcrypto anyway.
        .systemLibrary(name: "CLibcrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // The journal in a PostgreSQL database (issue 19): every line of PostgreSQL code is here.
        .systemLibrary(name: "CLibpq", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "UppfoljPostgres", dependencies: ["UppfoljJournal", "CLibpq"]),
        .target(name: "UppfoljSample", dependencies: ["UppfoljCore"]),
        .target(name: "CProcessHardening"),
        .executableTarget(name: "uppfolj", dependencies: [
            "CProcessHardening", "UppfoljCore", "UppfoljStore", "UppfoljSample", "UppfoljReports", "UppfoljApp", "UppfoljRunner", "TerminalKit", "TerminalBackend",
            "UppfoljPostgres", "DisclosureAdversary",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "journal-lock-probe", dependencies: ["UppfoljJournal"]),
        .executableTarget(name: "store-kill-probe", dependencies: ["UppfoljCore", "UppfoljStore", "UppfoljSample", "UppfoljPostgres"]),
        .executableTarget(name: "nc-demo", dependencies: ["TerminalBackend", "TerminalKit"]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .executableTarget(name: "uppfolj-bench", dependencies: [
            "CProcessHardening", "UppfoljCore", "UppfoljJournal", "UppfoljStore", "UppfoljSample", "UppfoljReports", "UppfoljApp", "TerminalKit", "CSQLite",
            "UppfoljPostgres", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "TerminalKit"),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "TerminalBackend", dependencies: ["CNcursesw", "TerminalKit"]),
        .target(name: "UppfoljReports", dependencies: ["UppfoljCore", "ParallelWork"], resources: [.copy("Resources/indicators.json")]),
        .target(name: "UppfoljApp", dependencies: ["UppfoljCore", "UppfoljReports", "TerminalKit", "ParallelWork"]),
        // The one program loop (workbench and manager view) over a TerminalDevice, with the store's effects.
        .target(name: "UppfoljRunner", dependencies: ["UppfoljApp", "UppfoljCore", "UppfoljReports", "UppfoljStore", "TerminalKit"]),
        .testTarget(name: "ParallelWorkTests", dependencies: ["ParallelWork"]),
        // UppfoljSample for SplitMix64, the one deterministic generator of samples and random tests.
        .testTarget(name: "UppfoljCoreTests", dependencies: ["UppfoljCore", "UppfoljSample"]),
        .testTarget(name: "UppfoljJournalTests", dependencies: ["UppfoljJournal", "ChildProcessSupport"]),
        // Shared by the tests that run writers in child processes (lock and kill tests).
        .target(name: "ChildProcessSupport", path: "Tests/ChildProcessSupport"),
        // A throw-away PostgreSQL server for the tests (UPPFOLJ_TEST_PG_URL, or a cluster of its own).
        .target(name: "PostgresTestSupport", dependencies: ["UppfoljPostgres"], path: "Tests/PostgresTestSupport"),
        // One suite of the journal's contract, run against the file and the PostgreSQL backend.
        .testTarget(name: "JournalContractTests", dependencies: ["UppfoljJournal", "UppfoljPostgres", "PostgresTestSupport"]),
        .testTarget(name: "UppfoljStoreTests", dependencies: [
            "UppfoljStore", "UppfoljSample", "ChildProcessSupport", .product(name: "Crypto", package: "swift-crypto"),
            "PostgresTestSupport", "UppfoljPostgres",
        ]),
        // Test support shared by the test targets that build buffers (never linked into the product).
        .target(name: "TerminalKitTestSupport", dependencies: ["TerminalKit"], path: "Tests/TerminalKitTestSupport"),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit", "TerminalKitTestSupport", "UppfoljSample"]),
        // Hand-worked journals whose figures the report tests work out and the end-to-end tests
        // export through the real program (one copy for both).
        .target(name: "FigureTestJournals", dependencies: ["UppfoljCore"], path: "Tests/FigureTestJournals"),
        .testTarget(name: "UppfoljReportsTests", dependencies: ["UppfoljReports", "UppfoljCore", "UppfoljSample", "FigureTestJournals"],
                    exclude: ["__Snapshots__"]),
        // Snapshots are files read by path (__Snapshots__/<name>.txt), not bundled.
        // The app-level test clock and id source, shared by the app and runner tests.
        .target(name: "AppTestSupport", dependencies: ["UppfoljApp", "UppfoljCore"], path: "Tests/AppTestSupport"),
        .testTarget(name: "UppfoljAppTests", dependencies: ["UppfoljApp", "UppfoljCore", "UppfoljReports", "UppfoljSample", "TerminalKit", "TerminalKitTestSupport", "AppTestSupport"],
                    exclude: ["__Snapshots__"]),
        .testTarget(name: "UppfoljRunnerTests", dependencies: [
            "UppfoljRunner", "UppfoljApp", "UppfoljCore", "UppfoljStore", "UppfoljReports", "UppfoljSample", "TerminalKit", "TerminalKitTestSupport", "AppTestSupport",
        ]),
        .testTarget(name: "TerminalBackendTests", dependencies: ["TerminalBackend", "TerminalKit", "TerminalKitTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["UppfoljCore", "TerminalKit", "DisclosureAdversary", "FigureTestJournals",
                                                          "PostgresTestSupport"]),
        // The reader's attack on released figures (issue 14): reads what left the unit (export
        // documents and the published catalogue) and nothing else, solves in exact arithmetic.
        // Every release is audited with it against everything released before (Release.swift);
        // the tests attack the real exports with it.
        // Optimised even in debug builds: exact simplex over rationals is ~20× slower unoptimised.
        .target(name: "DisclosureAdversary", swiftSettings: [.unsafeFlags(["-O"])]),
        .testTarget(name: "DisclosureAdversaryTests", dependencies: ["DisclosureAdversary"]),
        // A journal written by an earlier release and what it must keep giving (exclude: the fixture
        // files are read by path, not bundled).
        .testTarget(name: "GoldenFixtureTests", dependencies: ["UppfoljCore", "UppfoljStore", "UppfoljReports"],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
