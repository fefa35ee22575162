// The real Nagios plugins (Debian monitoring-plugins-basic), run through ProcessRunner and parsed.
import Foundation
import Testing
@testable import PluginProcess

@Suite struct RealPluginTests {
    static let directory = "/usr/lib/nagios/plugins"
    static func plugin(_ name: String) -> String? {
        let path = directory + "/" + name
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    func run(_ argv: [String]) -> (ProcessOutcome, PluginOutput) {
        let outcome = ProcessRunner.run(ProcessSpec(
            argv: argv, environment: ["PATH": "/usr/bin:/bin", "LANG": "C"], timeout: .seconds(20)))
        return (outcome, PluginOutputParser.parse(outcome.stdout))
    }

    @Test func checkDummy() throws {
        guard let path = Self.plugin("check_dummy") else {
            print("SKIP: \(Self.directory)/check_dummy not installed"); return
        }
        let (outcome, output) = run([path, "1", "hello"])
        #expect(outcome.termination == .exited(1))
        #expect(output.message == "WARNING: hello")
        #expect(output.perfdata.isEmpty && output.malformedPerfdata == 0)
        let (critical, _) = run([path, "2", "x"])
        #expect(critical.termination == .exited(2))
    }

    @Test func checkLoad() throws {
        guard let path = Self.plugin("check_load") else {
            print("SKIP: check_load not installed"); return
        }
        let (outcome, output) = run([path, "-w", "1000,1000,1000", "-c", "2000,2000,2000"])
        #expect(outcome.termination == .exited(0), "\(outcome.stdout) \(outcome.stderr)")
        #expect(output.message.contains("OK"), "\(output.message)")
        #expect(output.malformedPerfdata == 0)
        #expect(output.perfdata.map(\.label) == ["load1", "load5", "load15"], "\(outcome.stdout)")
        for datum in output.perfdata {
            #expect(datum.value >= 0 && datum.value < 1000)
            #expect(datum.warning?.end == 1000 && datum.critical?.end == 2000)
        }
    }

    @Test func checkDisk() throws {
        guard let path = Self.plugin("check_disk") else {
            print("SKIP: check_disk not installed"); return
        }
        let (outcome, output) = run([path, "-w", "20%", "-c", "10%", "-p", "/"])
        guard case .exited(let code) = outcome.termination else {
            Issue.record("check_disk did not exit: \(outcome.termination)"); return
        }
        #expect((0...2).contains(code), "\(outcome.stdout) \(outcome.stderr)")
        #expect(output.message.hasPrefix("DISK"))
        #expect(output.malformedPerfdata == 0, "\(outcome.stdout)")
        let root = output.perfdata.first { $0.label == "/" }
        #expect(root != nil, "\(outcome.stdout)")
        if let root {
            #expect(root.unit == .bytes)
            #expect(root.value > 0)
            #expect((root.max ?? 0) >= root.value)
            #expect(root.min == 0)
        }
    }
}
