// The `outpost` command: a thin shell over OutpostAgent and OutpostConfig.
import Foundation
import OutpostAgent

// A log reader that goes away (a restarted shipper, `| head`) must not kill the agent: writes
// then fail with EPIPE instead. Plugins start with default dispositions (posix_spawn).
signal(SIGPIPE, SIG_IGN)
exit(CommandLine.run(Array(CommandLine.arguments.dropFirst())))
