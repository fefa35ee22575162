// Hostile input: truncations, byte flips, deep nesting and huge tokens must yield a value or a TOMLError.
import Foundation
import Testing
import TestSupport
import TOML

let robustnessSamples: [String] = [
    """
    # Outpost check config
    title = "prod \\u00e9 \\U0001F600"
    [agent]
    interval = 1_000
    ratio = 6.5e-3
    hosts = ["a", 'b', \"\"\"c
    d\"\"\", '''e''']
    started = 1979-05-27T07:32:00.999-07:00
    [[check]]
    name = "web"
    http = { url = "http://x", timeout = 5, headers = { a = "b" } }
    tags = [1, 0x1F, 0o7, 0b1, -inf, nan, true, 07:32:00, 1979-05-27, 1979-05-27 07:32:00]
    a.b.c = 'x'
    [[check]]
    name = "db"
    [check.extra]
    q = \"\"\"one \\
       two\"\"\"
    """,
    "a = [ [ 1, 2 ], { x = 1 }, [] ]\r\n[t]\r\nk = \"v\" # c\r\n",
]

func parseOutcome(_ bytes: [UInt8]) -> Bool {
    do {
        _ = try TOML.parse(bytes: bytes)
        return true
    } catch {
        #expect(!error.message.isEmpty)
        #expect(error.position.line >= 1 && error.position.column >= 1)
        return false
    }
}

@Suite struct RobustnessTests {
    @Test func samplesParse() throws {
        for sample in robustnessSamples {
            _ = try TOML.parse(sample)
        }
    }

    @Test func truncationsAndByteFlips() {
        let clock = ContinuousClock()
        let started = clock.now
        var accepted = 0, rejected = 0
        for sample in robustnessSamples {
            let bytes = Array(sample.utf8)
            for cut in 0...bytes.count {
                if parseOutcome(Array(bytes[0..<cut])) { accepted += 1 } else { rejected += 1 }
            }
        }
        var rng = SplitMix64(state: 0xC0FFEE)
        let interesting: [UInt8] = Array("[]{}=\"'#.,\\\n\r\t _-+:0x7ZT".utf8) + [0x00, 0x7F, 0xC3, 0xFF, 0x80, 0xED]
        for _ in 0..<4000 {
            var bytes = Array(robustnessSamples[Int(rng.next() % UInt64(robustnessSamples.count))].utf8)
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes[i] = interesting[Int(rng.next() % UInt64(interesting.count))]
                default: bytes.remove(at: i)
                }
            }
            if parseOutcome(bytes) { accepted += 1 } else { rejected += 1 }
        }
        print("robustness: \(accepted) accepted, \(rejected) rejected in \(clock.now - started)")
        #expect(rejected > 1000)
        #expect(clock.now - started < .seconds(60))
    }

    /// (document, whether the nesting limit is what rejects it); a top-level `[[[` is a plain syntax error.
    static let deepDocuments: [(String, Bool)] = [
        (String(repeating: "[", count: 10_000), false),
        ("a = " + String(repeating: "[", count: 10_000), true),
        ("a = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), true),
        ("a = " + String(repeating: "{b=", count: 10_000) + "1" + String(repeating: "}", count: 10_000), true),
        ("a = " + String(repeating: "[{b=", count: 5_000), true),
        ("[" + String(repeating: "a.", count: 10_000) + "a]", true),
        ("[[" + String(repeating: "a.", count: 10_000) + "a]]", true),
        (String(repeating: "a.", count: 10_000) + "a = 1", true),
        ((1...200).map { "[" + String(repeating: "t.", count: $0) + "x]" }.joined(separator: "\n"), true),
        ("a = " + String(repeating: "{b=[", count: 5_000), true),
    ]

    @Test(arguments: deepDocuments.indices)
    func deepNestingIsRejectedQuickly(_ index: Int) {
        let (doc, byLimit) = Self.deepDocuments[index]
        let clock = ContinuousClock()
        let started = clock.now
        do {
            _ = try TOML.parse(doc)
            Issue.record("deep document #\(index) was accepted")
        } catch {
            if byLimit { #expect(error.message == "nesting too deep (limit 128)", "\(error)") }
        }
        #expect(clock.now - started < .seconds(5))
    }

    @Test func nestingAtTheLimitIsAccepted() throws {
        let doc = "a = " + String(repeating: "[", count: 127) + String(repeating: "]", count: 127)
        _ = try TOML.parse(doc)
    }

    @Test func hugeStringAndKey() throws {
        let big = String(repeating: "x", count: 1 << 20)
        let t1 = try TOML.parse("a = \"\(big)\"")
        #expect(t1["a"]?.value.stringValue?.utf8.count == 1 << 20)
        let t2 = try TOML.parse("\(big) = 1\n\"\(big)y\" = 2")
        #expect(t2[big]?.value.integerValue == 1)
        #expect(t2[big + "y"]?.value.integerValue == 2)
        let manyOnOneLine = "a = [" + String(repeating: "1,", count: 200_000) + "]"
        #expect(try TOML.parse(manyOnOneLine)["a"]?.value.arrayValue?.count == 200_000)
        #expect(throws: TOMLError.self) { try TOML.parse("a = \"\(big)") }
    }

    /// Positions of values after multi-line values must not rescan the document (was quadratic).
    @Test func manyMultilineValuesStayLinear() throws {
        var doc = ""
        for i in 0..<20_000 { doc += "k\(i) = [\n  1,\n  2,\n]\ns\(i) = \"\"\"\nx\ny\"\"\"\n" }
        let clock = ContinuousClock()
        let started = clock.now
        let table = try TOML.parse(doc)
        #expect(table["s19999"]?.position == SourcePosition(line: 20_000 * 7 - 2, column: 10))
        #expect(table["k19999"]?.value.arrayValue?[1].position == SourcePosition(line: 20_000 * 7 - 4, column: 3))
        #expect(clock.now - started < .seconds(10))
    }
}
