// The single error type for rejected cron expressions; the message is meant to be shown to users as is.

/// A rejected cron expression. `message` names the field and the problem,
/// e.g. `minute field: 61 is out of range 0-59`.
public struct CronError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
