// `outpost --help` and `outpost help COMMAND`.

enum Help {
    static func text(for command: String?) -> String {
        switch command {
        case "run": return """
            usage: outpost run [--config FILE] [--listen HOST:PORT] [--database PATH] [--log-format logfmt|json]

            Runs the agent: schedules every check and report in FILE (default agent.conf), stores
            results in the SQLite database and serves /metrics, /, /healthz and /readyz.
            --listen and --database override [agent] listen and database. SIGHUP reloads FILE (a
            file with errors is refused and the running config stays). SIGTERM or SIGINT stop it
            cleanly: runs in flight get [agent] shutdown_grace, the store is flushed, exit 0.
            """
        case "check-config": return """
            usage: outpost check-config [FILE]

            Validates FILE (default agent.conf) and prints a summary. Exit 0 when valid; exit 2 with
            every error, as FILE:LINE:COL: message, on stderr when not.
            """
        case "next": return """
            usage: outpost next 'CRON' [--tz ZONE] [--from ISO8601] [-n N]

            Prints the next N (default 5) fire times of a five-field cron expression, one ISO 8601
            timestamp with its UTC offset per line, evaluated in ZONE (default UTC) from --from (default now).
            """
        case "once": return """
            usage: outpost once [--config FILE] NAME

            Runs the check or report NAME once, now, prints its status, duration, message and samples,
            and exits with its status code (0 ok, 1 warning, 2 critical, 3 unknown).
            """
        default: return """
            usage: outpost [COMMAND] [OPTIONS]

            Outpost runs health checks and report jobs on schedules, keeps their history in SQLite and
            serves Prometheus metrics and a status page from one port.

            commands:
              run            run the agent (the default)
              check-config   validate a config file
              next           print the next fire times of a cron expression
              once           run one job now and print its result

            options: --help, --version, --log-format logfmt|json
            Run 'outpost help COMMAND' for a command's options.
            """
        }
    }
}
