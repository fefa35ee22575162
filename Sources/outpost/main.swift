// The `outpost` command: a thin shell over OutpostAgent and OutpostConfig.
import Foundation
import OutpostAgent

Agent.blockTerminationSignals()
exit(CommandLine.run(Array(CommandLine.arguments.dropFirst())))
