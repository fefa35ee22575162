// Agent builds the parts from a config and wires them: Scheduler → Runners → results →
// Store + LiveState → HTTP. It owns their lifecycle: start, and on SIGTERM/SIGINT stop
// scheduling, wait for runs in flight, flush the store and exit 0.
import Foundation
import OutpostConfig
import OutpostHTTP
import OutpostStore
import PluginProcess

public final class Agent: Sendable {
    public static let version = "0.1.0"

    let config: AgentConfig
    let logger: Logger
    let live: LiveState
    let store: Store
    let scheduler: Scheduler
    let routes: Routes
    let server: HTTPServer
    let orphans = OrphanReaper()

    /// Opens the store and the listener; nothing runs until `run()`. Throws a readable error
    /// when the database is in use or the port is taken.
    public init(config: AgentConfig, logger: Logger) throws {
        self.config = config
        self.logger = logger
        _ = ProcessRunner.becomeChildSubreaper()
        live = LiveState(jobs: config.jobs)
        store = try Store(path: config.agent.database, onError: { message in
            logger.error("store write failed; results are kept in memory and retried", ["error": message])
        }, onRecovery: { message in
            logger.info("store writes recovered", ["detail": message])
        })
        let reportsDirectory = URL(fileURLWithPath: config.agent.database).deletingLastPathComponent()
            .appendingPathComponent("outpost-reports").path
        let runners = Runners(reportsDirectory: reportsDirectory)
        let (live, store) = (live, store)
        scheduler = Scheduler(
            jobs: config.jobs, maxConcurrent: config.agent.maxConcurrent, logger: logger,
            execute: { runners.run($0) },
            onResult: { result in Agent.record(result, live: live, store: store, logger: logger) },
            onSkip: { job in
                live.recordSkipped(job: job.name)
                logger.warn("run skipped: previous run still running", ["job": job.name])
            })
        routes = Routes(live: live, collectors: [live, scheduler, StoreMetrics(store: store), OrphanMetrics(reaper: orphans),
                                                 ProcessMetrics(version: Agent.version)])
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

    /// Starts scheduling and serves until SIGTERM or SIGINT; returns the exit code.
    /// Call with both signals blocked in every thread (see `blockTerminationSignals`).
    public func run() -> Int32 {
        orphans.start()
        scheduler.start()
        routes.setReady(true)
        logger.info("outpost started", [
            "version": Agent.version, "listen": "\(config.agent.listen.host):\(server.port)", "database": config.agent.database,
            "checks": String(config.checks.count), "reports": String(config.reports.count),
        ])
        let signal = Agent.waitForTerminationSignal()
        logger.info("stopping", ["signal": signal == SIGTERM ? "SIGTERM" : "SIGINT"])
        return shutdown(grace: config.agent.shutdownGrace)
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

    static func record(_ result: RunResult, live: LiveState, store: Store, logger: Logger) {
        store.enqueue(RunRecord(
            job: result.job, kind: result.kind.rawValue, startedAt: result.startedAt, duration: result.duration,
            status: result.status.rawValue, message: result.message, output: result.output,
            samples: result.samples.map { SampleRecord(name: $0.name, value: $0.value, unit: $0.unit) }))
        let previous = live.record(result)
        if previous != result.status {
            let level: Logger.Level = result.status == .ok ? .info : .warn
            logger.log(level, "status changed", ["job": result.job, "from": previous.map(\.description) ?? "none",
                                                 "to": result.status.description, "message": result.message])
        }
    }

    /// Blocks SIGTERM and SIGINT in the calling thread and the threads it starts later, so that
    /// `run()` receives them with sigwait instead of a handler interrupting arbitrary code.
    public static func blockTerminationSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    static func waitForTerminationSignal() -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
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
