// Runs the built toml-test-decoder executable as the toml-test harness would.
import Foundation
import Testing

@Suite struct DecoderBinaryTests {
    func decoderURL() -> URL? {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("toml-test-decoder"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("toml-test-decoder"),
            packageRoot.appendingPathComponent(".build/debug/toml-test-decoder"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func run(_ input: String) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let url = decoderURL() else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = url
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func decodesValidAndRejectsInvalid() throws {
        guard decoderURL() != nil else {
            Issue.record("toml-test-decoder not built; looked next to \(Bundle.main.bundleURL.path) and in .build/debug")
            return
        }
        let ok = try run("a = 1\n[t]\nb = [true, 1.5]\n")
        #expect(ok.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8))
        let expected: [String: Any] = [
            "a": ["type": "integer", "value": "1"],
            "t": ["b": [["type": "bool", "value": "true"], ["type": "float", "value": "1.5"]]],
        ]
        #expect(TaggedJSON.difference(expected: expected, actual: json) == nil, "\(ok.stdout)")
        let bad = try run("a = 1\na = 2\n")
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains("2:1: duplicate key 'a'"))
    }
}
