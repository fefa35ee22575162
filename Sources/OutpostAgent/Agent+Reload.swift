// SIGHUP: read agent.conf again. A config with any error changes nothing (every error is
// logged, as check-config prints it, and outpost_config_last_reload_successful turns 0);
// a valid one replaces the jobs in place: a job that stays keeps its state, its timing and
// its run in flight. `listen` and `database` need a restart and are kept.
import Foundation
import OutpostConfig
import Synchronization

extension Agent {
    func reload() {
        guard let configSource else {
            logger.warn("SIGHUP ignored: this agent was not started from a config file")
            return
        }
        let old = config.withLock { $0 }
        var new: AgentConfig
        do {
            new = try configSource()
        } catch {
            for problem in error.errors {
                logger.error("config reload failed; the running config stays", ["error": problem.description])
            }
            reloads.record(success: false)
            return
        }
        if new.agent.listen != old.agent.listen {
            logger.warn("listen changed; it takes effect at the next restart", ["listen": "\(new.agent.listen)"])
            new.agent.listen = old.agent.listen
        }
        if new.agent.database != old.agent.database {
            logger.warn("database changed; it takes effect at the next restart", ["database": new.agent.database])
            new.agent.database = old.agent.database
        }
        let others = agentCollectors
        wiring.reload { current in
            let live = LiveState(jobs: new.jobs, carryingOver: current)
            return (live, [live] + others)
        }
        scheduler.replace(jobs: new.jobs, maxConcurrent: new.agent.maxConcurrent)
        config.withLock { $0 = new }
        reloads.record(success: true)
        let before = Set(old.jobs.map(\.name)), after = Set(new.jobs.map(\.name))
        logger.info("config reloaded", [
            "checks": String(new.checks.count), "reports": String(new.reports.count),
            "added": String(after.subtracting(before).count), "removed": String(before.subtracting(after).count),
        ])
    }
}

/// Prometheus' own convention for reloads, so the same alert serves both.
final class ReloadMetrics: MetricsCollector {
    private struct State {
        var successful = true
        var lastSuccess = Date().timeIntervalSince1970
        var failures = 0
    }

    private let state = Mutex(State())

    func record(success: Bool) {
        state.withLock { state in
            state.successful = success
            if success { state.lastSuccess = Date().timeIntervalSince1970 } else { state.failures += 1 }
        }
    }

    func collect(into writer: inout MetricsWriter) {
        let state = state.withLock { $0 }
        writer.family("outpost_config_last_reload_successful", .gauge, "1 if the last config reload (or the start) succeeded, 0 if it was refused.")
        writer.sample("outpost_config_last_reload_successful", state.successful ? 1 : 0)
        writer.family("outpost_config_last_reload_success_timestamp_seconds", .gauge, "Unix time of the last successful config load.")
        writer.sample("outpost_config_last_reload_success_timestamp_seconds", state.lastSuccess.rounded(.down))
        writer.family("outpost_config_reload_failures_total", .counter, "Config reloads refused because the file had errors.")
        writer.sample("outpost_config_reload_failures_total", Double(state.failures))
    }
}
