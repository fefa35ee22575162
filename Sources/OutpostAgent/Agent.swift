// Agent builds the parts from a config and wires them: Scheduler → Runners → results →
// Store + LiveState → HTTP. It owns their lifecycle: start; on SIGHUP reload the config
// (Agent+Reload.swift); on SIGTERM/SIGINT stop scheduling, wait for runs in flight, flush
// the store and exit 0.
import Foundation
import OutpostConfig
import OutpostHTTP
import OutpostStore
import PluginProcess
import Synchronization

public final class Agent: Sendable {
    public static let version = "0.1.0"

    /// Reads and validates the config file again (with the command line's overrides).
    public typealias ConfigSource = @Sendable () throws(ConfigErrors) -> AgentConfig

    /// The config in force: the one started with, or the last one reloaded.
    let config: Mutex<AgentConfig>
    let configSource: ConfigSource?
    let logger: Logger
    let store: Store
    let scheduler: Scheduler
    let wiring: Wiring
    let routes: Routes
    let server: HTTPServer
    let orphans = OrphanReaper()
    let reloads = ReloadMetrics()
    /// Every collector but the LiveState, which a reload replaces.
    let agentCollectors: [any MetricsCollector]

    /// Opens the store and the listener; nothing runs until `run()`. Throws a readable error
    /// when the database is in use or the port is taken. `configSource` makes SIGHUP reload.
    public init(config: AgentConfig, logger: Logger, configSource: ConfigSource? = nil) throws {
        self.config = Mutex(config)
        self.configSource = configSource
        self.logger = logger
        _ = ProcessRunner.becomeChildSubreaper()
        store = try Store(path: config.agent.database, onError: { message in
            logger.error("store write failed; results are kept in memory and retried", ["error": message])
        }, onRecovery: { message in
            logger.info("store writes recovered", ["detail": message])
        })
        let reportsDirectory = URL(fileURLWithPath: config.agent.database).deletingLastPathComponent()
            .appendingPathComponent("outpost-reports").path
        let runners = Runners(reportsDirectory: reportsDirectory)
        let live = LiveState(jobs: config.jobs)
        let (wiring, store) = (Wiring(live: live, collectors: []), store)
        self.wiring = wiring
        scheduler = Scheduler(
            jobs: config.jobs, maxConcurrent: config.agent.maxConcurrent, logger: logger,
            execute: { runners.run($0) },
            onResult: { result in Agent.record(result, wiring: wiring, store: store, logger: logger) },
            onSkip: { job in
                wiring.recordSkipped(job: job.name)
                logger.warn("run skipped: previous run still running", ["job": job.name])
            })
        agentCollectors = [scheduler, StoreMetrics(store: store), OrphanMetrics(reaper: orphans), reloads,
                           ProcessMetrics(version: Agent.version)]
        wiring.replace(live: live, collectors: [live] + agentCollectors)
        let scheduler = scheduler
        routes = Routes(wiring: wiring, nextRuns: { scheduler.nextRuns() })
        let routes = routes
        do {
            server = try HTTPServer(host: config.agent.listen.host, port: config.agent.listen.port) { routes.respond(to: $0) }
        } catch {
            store.close()
            throw error
        }
    }

    /// The port actually listened on (useful with port 0).
    public var port: UInt16 { server.port }

    /// Starts scheduling and serves until SIGTERM or SIGINT, reloading on SIGHUP; returns the
    /// exit code. Call `Signals.block()` before anything starts a thread.
    public func run() -> Int32 {
        orphans.start()
        scheduler.start()
        routes.setReady(true)
        let config = config.withLock { $0 }
        logger.info("outpost started", [
            "version": Agent.version, "listen": "\(config.agent.listen.host):\(server.port)", "database": config.agent.database,
            "checks": String(config.checks.count), "reports": String(config.reports.count),
        ])
        while true {
            let signal = Signals.wait()
            if signal == SIGHUP {
                reload()
                continue
            }
            logger.info("stopping", ["signal": signal == SIGTERM ? "SIGTERM" : "SIGINT"])
            // A second Ctrl-C or SIGTERM cuts the grace short.
            let logger = logger
            Signals.watch { _ in
                logger.warn("second stop signal: stopping the processes of runs in flight now")
                ProcessRunner.stopAll(signal: SIGTERM)
            }
            return shutdown(grace: self.config.withLock { $0.agent.shutdownGrace })
        }
    }

    /// Stop scheduling, wait up to `grace` for runs in flight, then stop the processes of those
    /// still running (their runs are stored as stopped), flush the store, stop serving.
    public func shutdown(grace: Duration) -> Int32 {
        routes.setReady(false)
        var unfinished = scheduler.stop(grace: grace)
        if unfinished > 0 {
            logger.warn("runs still in flight after the grace period; stopping their processes", ["runs": String(unfinished)])
            ProcessRunner.stopAll(signal: SIGTERM)
            unfinished = scheduler.stop(grace: .seconds(2))
            if unfinished > 0 {
                ProcessRunner.stopAll(signal: SIGKILL)
                unfinished = scheduler.stop(grace: .seconds(2))
            }
            if unfinished > 0 { logger.error("runs did not end even after SIGKILL; they are not stored", ["runs": String(unfinished)]) }
        }
        orphans.stop()
        store.close()
        server.stop()
        logger.info("stopped", ["writes": String(store.stats.writesTotal)])
        return 0
    }

    static func record(_ result: RunResult, wiring: Wiring, store: Store, logger: Logger) {
        store.enqueue(RunRecord(
            job: result.job, kind: result.kind.rawValue, startedAt: result.startedAt, duration: result.duration,
            status: result.status.rawValue, message: result.message, output: result.output,
            samples: result.samples.map { SampleRecord(name: $0.name, value: $0.value, unit: $0.unit) }))
        // A run of a job a reload removed is stored, but is no longer news.
        let (known, previous) = wiring.record(result)
        if known && previous != result.status {
            let level: Logger.Level = result.status == .ok ? .info : .warn
            logger.log(level, "status changed", ["job": result.job, "from": previous.map(\.description) ?? "none",
                                                 "to": result.status.description, "message": result.message])
        }
    }
}

struct StoreMetrics: MetricsCollector {
    let store: Store

    func collect(into writer: inout MetricsWriter) {
        let stats = store.stats
        writer.family("outpost_store_writes_total", .counter, "Runs committed to the database.")
        writer.sample("outpost_store_writes_total", Double(stats.writesTotal))
        writer.family("outpost_store_errors_total", .counter, "Failed database write transactions (each is retried).")
        writer.sample("outpost_store_errors_total", Double(stats.errorsTotal))
        writer.family("outpost_store_pending_runs", .gauge, "Runs waiting in memory to be written.")
        writer.sample("outpost_store_pending_runs", Double(stats.pendingRuns))
        writer.family("outpost_store_dropped_runs_total", .counter, "Runs dropped because too many were waiting while writes failed.")
        writer.sample("outpost_store_dropped_runs_total", Double(stats.droppedRuns))
        writer.family("outpost_store_database_bytes", .gauge, "Size of the database file and its write-ahead log.")
        writer.sample("outpost_store_database_bytes", Double(stats.databaseBytes))
    }
}

struct OrphanMetrics: MetricsCollector {
    let reaper: OrphanReaper

    func collect(into writer: inout MetricsWriter) {
        writer.family("outpost_orphans_reaped_total", .counter,
                      "Exited grandchildren of plugins that had left their process group, reaped by the agent.")
        writer.sample("outpost_orphans_reaped_total", Double(reaper.reapedTotal))
    }
}
