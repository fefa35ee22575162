// A report job: a script run in a fresh working directory of its own; the files it leaves
// there that match `outputs` are its artifacts. A run fails when the script fails, or when an
// expected output is missing or too small (the scripts this replaces "succeeded" with empty CSVs).
import Foundation
import OutpostConfig
import PluginProcess

public struct ReportRunner: Runner {
    let command: CommandRunner
    /// Each run gets `<root>/<job>/<UTC timestamp>/`; the newest `keep` are kept.
    let root: String

    init(command: CommandRunner, root: String) {
        self.command = command
        self.root = root
    }

    public func run(_ job: Job) -> RunResult {
        let settings = job.report ?? ReportSettings(outputs: ["*"], minBytes: 1, keep: 1)
        let started = unixNow()
        let directory = runDirectory(job: job.name, startedAt: started)
        var result = RunResult(job: job.name, kind: job.kind, startedAt: started, duration: 0, status: .critical, message: "")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            result.message = "cannot create working directory \(directory): \(error.localizedDescription)"
            return result
        }
        let outcome = command.execute(job, workingDirectory: directory, extraEnvironment: ["OUTPOST_REPORT_DIR": directory])
        result.duration = outcome.duration.seconds
        result.output = CommandRunner.combinedOutput(outcome)
        defer { prune(job: job.name, keep: settings.keep) }

        switch outcome.termination {
        case .exited(0): break
        case .exited(let code):
            result.message = "exit \(code)" + (Self.lastLine(outcome.stderr).map { ": \($0)" } ?? "")
            return result
        case .signaled(let signal):
            result.message = "killed by signal \(signal)"
            return result
        case .timedOut:
            result.message = "timed out after \(formatSeconds(job.timeout.seconds))"
            return result
        case .spawnFailed(let reason):
            result.message = reason
            return result
        case .stoppedByAgent:
            result.message = CommandRunner.stoppedMessage
            return result
        }

        let artifacts = Self.collect(in: directory, patterns: settings.outputs)
        let totalBytes = artifacts.reduce(0) { $0 + $1.bytes }
        result.samples = [Sample(name: "artifacts", value: Double(artifacts.count)),
                          Sample(name: "artifact_bytes", value: Double(totalBytes), unit: "bytes")]
        if artifacts.isEmpty {
            result.message = "no output file matched \(settings.outputs.joined(separator: ", "))"
        } else if let small = artifacts.first(where: { $0.bytes < settings.minBytes }) {
            result.message = "\(small.name) is \(small.bytes) bytes, expected at least \(settings.minBytes)"
        } else {
            result.status = .ok
            let names = artifacts.map(\.name).joined(separator: ", ")
            result.message = "\(artifacts.count) file\(artifacts.count == 1 ? "" : "s"), \(totalBytes) bytes: \(names)"
        }
        return result
    }

    struct Artifact { var name: String; var bytes: Int }

    /// Regular files directly in `directory` whose names match one of `patterns`, sorted by name.
    static func collect(in directory: String, patterns: [String]) -> [Artifact] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap { name in
            guard patterns.contains(where: { fnmatch($0, name, 0) == 0 }) else { return nil }
            var info = stat()
            guard stat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            return Artifact(name: name, bytes: Int(info.st_size))
        }
    }

    func runDirectory(job: String, startedAt: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return "\(root)/\(job)/\(formatter.string(from: Date(timeIntervalSince1970: startedAt)))"
    }

    /// Deletes all but the newest `keep` run directories of a job (names sort by time). Only
    /// entries named like a run directory are touched, whatever else is there.
    func prune(job: String, keep: Int) {
        let jobDirectory = "\(root)/\(job)"
        let runs = ((try? FileManager.default.contentsOfDirectory(atPath: jobDirectory)) ?? []).filter(Self.isRunDirectoryName).sorted()
        for old in runs.dropLast(keep) {
            try? FileManager.default.removeItem(atPath: "\(jobDirectory)/\(old)")
        }
    }

    /// "20261204T015327.972Z", as `runDirectory` names them.
    static func isRunDirectoryName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count == 20, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "."), bytes[19] == UInt8(ascii: "Z") else { return false }
        return bytes.enumerated().allSatisfy { [8, 15, 19].contains($0.offset) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) }
    }

    static func lastLine(_ text: String) -> String? {
        text.split(whereSeparator: \.isNewline).last.map { String($0.prefix(200)) }
    }
}
