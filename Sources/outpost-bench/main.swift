// outpost-bench: measured figures for Outpost's hot paths, one section per subsystem.
//   outpost-bench store|config|metrics|spawn|agent [options]
//   outpost-bench all
// Each section is a function in its own file; add it to `sections` below.
#if canImport(Glibc)
import Glibc
#endif

struct BenchSection: Sendable {
    let name: String
    let summary: String
    let run: @Sendable ([String]) throws -> Void
}

let sections: [BenchSection] = [
    BenchSection(name: "store", summary: "Store ingest vs a plain C loop [--runs N] [--batch B]", run: storeBench),
    BenchSection(name: "config", summary: "Parse and validate a config of N checks vs python3 tomllib [--checks N]", run: configBench),
    BenchSection(name: "metrics", summary: "/metrics render time and scrapes/s at 100 and 10,000 checks [--checks N] [--seconds S]", run: metricsBench),
    BenchSection(name: "spawn", summary: "ProcessRunner vs bare posix_spawn, then a zombie soak [--runs N] [--threads T]", run: spawnBench),
    BenchSection(name: "agent", summary: "the outpost binary: idle RSS on agent.conf, then N checks [--checks N] [--seconds S]", run: agentBench),
]

func usage(_ sections: [BenchSection]) -> Never {
    var text = "usage: outpost-bench <section> [options] | all\n"
    for section in sections { text += "  \(section.name)\t\(section.summary)\n" }
    writeStderr(text)
    exit(2)
}

func writeStderr(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// `--name value` from the arguments, or `default`.
func intOption(_ args: [String], _ name: String, default value: Int) -> Int {
    guard let i = args.firstIndex(of: name) else { return value }
    guard i + 1 < args.count, let parsed = Int(args[i + 1]), parsed > 0 else {
        writeStderr("outpost-bench: \(name) needs a positive integer\n")
        exit(2)
    }
    return parsed
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { usage(sections) }
let rest = Array(arguments.dropFirst())
do {
    if command == "all" {
        for section in sections { try section.run(rest) }
    } else if let section = sections.first(where: { $0.name == command }) {
        try section.run(rest)
    } else {
        usage(sections)
    }
} catch {
    writeStderr("outpost-bench \(command): \(error)\n")
    exit(1)
}
