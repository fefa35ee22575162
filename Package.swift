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

        .executableTarget(name: "outpost", dependencies: ["OutpostAgent", "OutpostConfig", "Cron"]),
        .executableTarget(name: "toml-test-decoder", dependencies: ["TOML"]),
        .target(name: "BenchSupport", linkerSettings: [.linkedLibrary("sqlite3")]),
        .executableTarget(name: "outpost-bench", dependencies: ["OutpostStore", "BenchSupport", "OutpostAgent", "OutpostConfig", "OutpostHTTP", "TOML", "PluginProcess"]),

        .testTarget(name: "TOMLTests", dependencies: ["TOML"]),
        .testTarget(name: "CronTests", dependencies: ["Cron"]),
        .testTarget(name: "PluginProcessTests", dependencies: ["PluginProcess"]),
        .testTarget(name: "OutpostStoreTests", dependencies: ["OutpostStore", "CSQLite"]),
        .testTarget(name: "OutpostHTTPTests", dependencies: ["OutpostHTTP"]),
        .testTarget(name: "OutpostConfigTests", dependencies: ["OutpostConfig", "TOML"], exclude: ["Fixtures"]),
        .testTarget(name: "OutpostAgentTests", dependencies: ["OutpostAgent", "OutpostConfig", "OutpostHTTP", "PluginProcess"], exclude: ["Golden"]),
        .testTarget(name: "IntegrationTests", dependencies: []),
        .testTarget(name: "CLibraryTests", dependencies: ["CZlib", "CCurl", "Compression"]),
    ],
    swiftLanguageModes: [.v6]
)
