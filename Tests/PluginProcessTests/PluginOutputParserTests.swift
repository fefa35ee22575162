import Testing
import TestSupport
@testable import PluginProcess

@Suite struct PluginOutputParserTests {
    @Test func guidelinesSingleLine() {
        let out = PluginOutputParser.parse("DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n")
        #expect(out.message == "DISK OK - free space: / 3326 MB (56%);")
        #expect(out.longText == "")
        #expect(out.malformedPerfdata == 0)
        #expect(out.perfdata == [PerfDatum(
            label: "/", value: 2643 * 1048576, unit: .bytes,
            warning: PerfThreshold(start: 0, end: 5948 * 1048576), critical: PerfThreshold(start: 0, end: 5958 * 1048576),
            min: 0, max: 5968 * 1048576)])
    }

    @Test func guidelinesMultiLine() {
        let text = """
        DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968
        / 15272 MB (77%);
        /boot 68 MB (69%);
        /home 69357 MB (27%);
        /var/log 819 MB (84%); | /boot=68MB;88;93;0;98
        /home=69357MB;253404;253409;0;253414
        /var/log=818MB;970;975;0;980

        """
        let out = PluginOutputParser.parse(text)
        #expect(out.message == "DISK OK - free space: / 3326 MB (56%);")
        #expect(out.longText == "/ 15272 MB (77%);\n/boot 68 MB (69%);\n/home 69357 MB (27%);\n/var/log 819 MB (84%);")
        #expect(out.perfdata.map(\.label) == ["/", "/boot", "/home", "/var/log"])
        #expect(out.perfdata.map(\.value) == [2643, 68, 69357, 818].map { $0 * 1048576 })
        #expect(out.malformedPerfdata == 0)
    }

    @Test func guidelinesSimpleExamples() {
        let ping = PluginOutputParser.parse("PING ok - Packet loss = 0%, RTA = 0.80 ms | percent_packet_loss=0%, rta=0.80ms")
        #expect(ping.message == "PING ok - Packet loss = 0%, RTA = 0.80 ms")
        // "0%," has a bad UOM ("%,"): skipped and counted.
        #expect(ping.perfdata == [PerfDatum(label: "rta", value: 0.0008, unit: .seconds)])
        #expect(ping.malformedPerfdata == 1)
        let plain = PluginOutputParser.parse("OK - load average: 0.10, 0.05, 0.01")
        #expect(plain == PluginOutput(message: "OK - load average: 0.10, 0.05, 0.01"))
    }

    @Test func emptyAndWhitespaceOutput() {
        #expect(PluginOutputParser.parse("") == PluginOutput(message: ""))
        #expect(PluginOutputParser.parse("\n\n") == PluginOutput(message: ""))
        #expect(PluginOutputParser.parse("  OK  \r\n") == PluginOutput(message: "OK"))
        #expect(PluginOutputParser.parse("|") == PluginOutput(message: ""))
        #expect(PluginOutputParser.parse("OK|").perfdata.isEmpty)
    }

    @Test func longTextWithoutPerfdata() {
        let out = PluginOutputParser.parse("WARNING - 2 things\nthing one\nthing two\n")
        #expect(out.message == "WARNING - 2 things")
        #expect(out.longText == "thing one\nthing two")
        #expect(out.perfdata.isEmpty)
    }

    @Test func quotedLabels() {
        let out = PluginOutputParser.parse("OK | 'my label'=1 'a=b'=2 'it''s'=3 ''''=4 'x y''z w'=5s")
        #expect(out.perfdata.map(\.label) == ["my label", "a=b", "it's", "'", "x y'z w"])
        #expect(out.perfdata.map(\.value) == [1, 2, 3, 4, 5])
        #expect(out.malformedPerfdata == 0)
    }

    @Test func everyUnit() {
        let out = PluginOutputParser.parse(
            "OK | a=2s b=5ms c=7us d=50% e=10B f=1KB g=1.5MB h=2GB i=1TB j=123c k=42 l=-3.5 m=1e3 n=2.5E-3s")
        let pairs = out.perfdata.map { ($0.label, $0.value, $0.unit) }
        #expect(out.malformedPerfdata == 0)
        let expected: [(String, Double, PerfUnit)] = [
            ("a", 2, .seconds), ("b", 0.005, .seconds), ("c", 7e-6, .seconds), ("d", 50, .percent),
            ("e", 10, .bytes), ("f", 1024, .bytes), ("g", 1.5 * 1048576, .bytes), ("h", 2 * 1073741824, .bytes),
            ("i", 1099511627776, .bytes), ("j", 123, .counter), ("k", 42, .none), ("l", -3.5, .none),
            ("m", 1000, .none), ("n", 0.0025, .seconds),
        ]
        #expect(pairs.count == expected.count)
        for (got, want) in zip(pairs, expected) {
            #expect(got.0 == want.0 && abs(got.1 - want.1) <= abs(want.1) * 1e-12 && got.2 == want.2, "\(got) vs \(want)")
        }
    }

    @Test func unitSpellingsRealPluginsUse() {
        let out = PluginOutputParser.parse("OK | a=2kB b=3KiB c=1MiB d=1GiB e=1TiB f=1500ns g=1Mb")
        #expect(out.perfdata.map(\.value) == [2048, 3072, 1_048_576, 1_073_741_824, 1_099_511_627_776, 1.5e-6])
        #expect(out.perfdata.allSatisfy { $0.unit == .bytes || $0.label == "f" })
        #expect(out.malformedPerfdata == 1, "Mb (megabits) is not a byte unit: skipped, not guessed")
    }

    @Test func thresholdsAndRanges() {
        let out = PluginOutputParser.parse("OK | a=1;10;20 b=1;10:;~:20 c=1;10:20;@10:20 d=1;:5;@3 e=5ms;100:200;~:;0;1000")
        #expect(out.malformedPerfdata == 0)
        let byLabel = Dictionary(uniqueKeysWithValues: out.perfdata.map { ($0.label, $0) })
        #expect(byLabel["a"]?.warning == PerfThreshold(start: 0, end: 10))
        #expect(byLabel["a"]?.critical == PerfThreshold(start: 0, end: 20))
        #expect(byLabel["b"]?.warning == PerfThreshold(start: 10, end: nil))
        #expect(byLabel["b"]?.critical == PerfThreshold(start: nil, end: 20))
        #expect(byLabel["c"]?.warning == PerfThreshold(start: 10, end: 20))
        #expect(byLabel["c"]?.critical == PerfThreshold(start: 10, end: 20, inside: true))
        #expect(byLabel["d"]?.warning == PerfThreshold(start: 0, end: 5))
        #expect(byLabel["d"]?.critical == PerfThreshold(start: 0, end: 3, inside: true))
        // Thresholds and min/max convert with the value's UOM.
        #expect(byLabel["e"]?.warning == PerfThreshold(start: 0.1, end: 0.2))
        #expect(byLabel["e"]?.critical == PerfThreshold(start: nil, end: nil))
        #expect(byLabel["e"]?.min == 0 && byLabel["e"]?.max == 1.0)
    }

    @Test func thresholdAlerts() {
        #expect(PerfThreshold(start: 0, end: 10).alerts(11))
        #expect(!PerfThreshold(start: 0, end: 10).alerts(10))
        #expect(PerfThreshold(start: 0, end: 10).alerts(-1))
        #expect(PerfThreshold(start: 10, end: 20, inside: true).alerts(15))
        #expect(!PerfThreshold(start: nil, end: 20).alerts(-1e9))
    }

    @Test func trailingSemicolonsAndMinMax() {
        let out = PluginOutputParser.parse("OK | a=1;;; b=2;;;; c=3;;;0; d=4;;;;100 e=5;1;2;3;4;")
        #expect(out.malformedPerfdata == 0)
        #expect(out.perfdata.map(\.label) == ["a", "b", "c", "d", "e"])
        #expect(out.perfdata[2].min == 0 && out.perfdata[2].max == nil)
        #expect(out.perfdata[3].min == nil && out.perfdata[3].max == 100)
    }

    @Test(arguments: [
        "a=", "=5", "a=5xyz", "a=1;2;3;4;5;6", "a=U", "a=Us", "a=nan", "a=inf", "a=-inf", "a=0x10",
        "a=1e999", "a=1;x", "a=1;20:10", "a=1;;;abc", "a=1,5", "novalue", "'unterminated=1", "'q'x=1",
        "a=.", "a=+", "a=1;@", "a=1;;~", "a=5Kib",
    ])
    func malformedItemsAreCounted(_ item: String) {
        let out = PluginOutputParser.parse("OK | good=1 \(item) also=2")
        #expect(out.malformedPerfdata >= 1, "\(item)")
        #expect(out.perfdata.first?.label == "good")
        if !item.hasPrefix("'unterminated") {
            #expect(out.malformedPerfdata == 1, "\(item)")
            #expect(out.perfdata.map(\.label) == ["good", "also"], "\(item)")
        }
    }

    @Test func multiLinePerfdataAfterBarOnLaterLine() {
        let out = PluginOutputParser.parse("OK | a=1\nlong one\nlong two | b=2\nc=3 d=4\n'e f'=5\n")
        #expect(out.longText == "long one\nlong two")
        #expect(out.perfdata.map(\.label) == ["a", "b", "c", "d", "e f"])
    }

    @Test func crlfLineEndings() {
        // Windows-built plugins (and some scripts) end lines with CRLF.
        let out = PluginOutputParser.parse("OK - line1\r\nsecond line | z=1\r\nthird\r\n")
        #expect(out.message == "OK - line1")
        #expect(out.longText == "second line")
        #expect(out.perfdata.map(\.label) == ["z"])
        #expect(out.malformedPerfdata == 1, "'third' after the bar is perfdata, and malformed")
    }

    @Test func moreNumberForms() {
        let out = PluginOutputParser.parse("OK | a=+1 b=-0.5 c=.5 d=5. e=1e-3ms f=1E+2%")
        #expect(out.malformedPerfdata == 0)
        #expect(out.perfdata.map(\.value) == [1, -0.5, 0.5, 5, 1e-6, 100])
    }
}

@Suite struct PerfdataFuzzTests {
    @Test func randomGarbageNeverCrashes() {
        var rng = SplitMix64(state: 0xC0FFEE)
        let alphabet = Array("'=;:@~|.-+eE0123456789 \n\r\tUsmuBKMGT%cé\u{0}".unicodeScalars)
        var totalItems = 0
        for round in 0..<10_000 {
            let length = Int.random(in: 0..<200, using: &rng)
            let text: String
            if round % 2 == 0 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                var scalars = String.UnicodeScalarView()
                for _ in 0..<length { scalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]) }
                text = String(scalars)
            }
            let out = PluginOutputParser.parse(text)
            totalItems += out.perfdata.count + out.malformedPerfdata
            for datum in out.perfdata { #expect(datum.value.isFinite) }
        }
        #expect(totalItems > 1000)  // the structured half really exercises the item parser
    }
}
