// swift-tools-version:6.0
// Outpost: one agent process that runs health checks and report jobs on schedules,
// keeps their history in SQLite and serves /metrics, a status page and exports.
import PackageDescription

let package = Package(
    name: "Outpost",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "outpost", targets: ["outpost"]),
        .executable(name: "toml-test-decoder", targets: ["toml-test-decoder"]),
    ],
    targets: [
        // C libraries from Debian packages (see .ci/run for the install line).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        // zlib for the compressed exports, libcurl for the HTTP checks; CLibraryTests pins both.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        // Leaf libraries: each knows nothing of the others.
        .target(name: "TOML"),
        .target(name: "Cron"),
        .target(name: "PluginProcess"),
        .target(name: "ThreadSupport"),
        .target(name: "Compression", dependencies: ["CZlib"]),
        .target(name: "OutpostStore", dependencies: ["CSQLite", "ThreadSupport"]),
        .target(name: "OutpostHTTP", dependencies: ["CMicroHTTPD"]),

        // agent.conf -> typed, validated values.
        .target(name: "OutpostConfig", dependencies: ["TOML", "Cron", "PluginProcess"]),
        // Scheduler, runners, live state, metrics and routes, wired together by Agent.
        .target(name: "OutpostAgent", dependencies: ["OutpostConfig", "Cron", "PluginProcess", "OutpostStore", "OutpostHTTP", "ThreadSupport", "Compression"]),

        .executableTarget(name: "outpost", dependencies: ["OutpostAgent", "OutpostConfig", "Cron", "PluginProcess"]),
        .executableTarget(name: "toml-test-decoder", dependencies: ["TOML"]),
        .target(name: "BenchSupport", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Shared by the tests and the benchmarks; Foundation only.
        .target(name: "TestSupport"),
        .executableTarget(name: "outpost-bench", dependencies: ["TestSupport", "OutpostStore", "BenchSupport", "OutpostAgent", "OutpostConfig", "OutpostHTTP", "TOML", "PluginProcess"]),

        .testTarget(name: "TOMLTests", dependencies: ["TestSupport", "TOML"]),
        .testTarget(name: "CronTests", dependencies: ["TestSupport", "Cron"]),
        .testTarget(name: "PluginProcessTests", dependencies: ["TestSupport", "PluginProcess"]),
        .testTarget(name: "OutpostStoreTests", dependencies: ["OutpostStore", "CSQLite"]),
        .testTarget(name: "OutpostHTTPTests", dependencies: ["OutpostHTTP"]),
        .testTarget(name: "OutpostConfigTests", dependencies: ["OutpostConfig", "TOML"], exclude: ["Fixtures"]),
        .testTarget(name: "OutpostAgentTests", dependencies: ["TestSupport", "OutpostAgent", "OutpostConfig", "OutpostHTTP", "PluginProcess"], exclude: ["Golden"]),
        .testTarget(name: "IntegrationTests", dependencies: ["TestSupport"]),
        .testTarget(name: "CLibraryTests", dependencies: ["TestSupport", "CZlib", "CCurl"]),
        .testTarget(name: "CompressionTests", dependencies: ["Compression", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
