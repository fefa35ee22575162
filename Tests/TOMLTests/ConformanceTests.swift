// Runs every case listed in toml-test's files-toml-1.0.0 in-process.
import Foundation
import Testing
import TOML

/// <package root>/../shared/toml-test, package root being three levels above this file.
let tomlTestRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/toml-test")

@Suite struct ConformanceTests {
    func listedCases() -> [String]? {
        let list = tomlTestRoot.appendingPathComponent("files-toml-1.0.0")
        guard let text = try? String(contentsOf: list, encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isNewline).map(String.init)
    }

    @Test func tomlTestSuite() throws {
        guard let cases = listedCases() else {
            Issue.record("toml-test suite not found; looked for \(tomlTestRoot.path)/files-toml-1.0.0")
            return
        }
        var validPassed = 0, validTotal = 0, invalidPassed = 0, invalidTotal = 0
        var failures: [String] = []
        for name in cases {
            let url = tomlTestRoot.appendingPathComponent(name)
            if name.hasPrefix("invalid/") {
                invalidTotal += 1
                let bytes = [UInt8](try Data(contentsOf: url))
                do {
                    _ = try TOML.parse(bytes: bytes)
                    failures.append("\(name): accepted but should be rejected")
                } catch {
                    invalidPassed += 1
                }
            } else if name.hasPrefix("valid/") && name.hasSuffix(".toml") {
                validTotal += 1
                let bytes = [UInt8](try Data(contentsOf: url))
                let expectedURL = url.deletingPathExtension().appendingPathExtension("json")
                do {
                    let table = try TOML.parse(bytes: bytes)
                    let actual = try JSONSerialization.jsonObject(with: Data(taggedJSON(table).utf8))
                    let expected = try JSONSerialization.jsonObject(with: try Data(contentsOf: expectedURL))
                    if let diff = TaggedJSON.difference(expected: expected, actual: actual) {
                        failures.append("\(name): \(diff)")
                    } else {
                        validPassed += 1
                    }
                } catch {
                    failures.append("\(name): \(error)")
                }
            }
        }
        let total = validPassed + invalidPassed
        print("toml-test 1.0.0: valid \(validPassed)/\(validTotal), invalid \(invalidPassed)/\(invalidTotal), listed files \(cases.count)")
        #expect(failures.isEmpty, "\(failures.count) failing cases:\n\(failures.prefix(40).joined(separator: "\n"))")
        #expect(validTotal == 210 && invalidTotal == 499, "unexpected case counts")
        #expect(total == validTotal + invalidTotal)
    }
}
