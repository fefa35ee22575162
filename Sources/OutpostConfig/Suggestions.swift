// "Did you mean …?" for unknown keys: a near miss by spelling, or a word operators bring
// from other tools (cron's "interval", telegraf's "cmd"); and the time zone a typo meant.
import Foundation

/// Words from other tools' configs, mapped to Outpost's key.
let synonyms: [String: String] = [
    "interval": "every", "period": "every", "frequency": "every",
    "cron": "schedule", "crontab": "schedule",
    "cmd": "command", "exec": "command", "args": "command", "argv": "command",
    "environment": "env", "vars": "env",
    "cwd": "workdir", "dir": "workdir", "directory": "workdir", "working_directory": "workdir",
    "tz": "timezone", "time_zone": "timezone",
    "type": "kind", "id": "name",
    "address": "listen", "bind": "listen", "listen_address": "listen",
    "db": "database", "path": "database",
    "token": "export_token",
    "concurrency": "max_concurrent", "max_concurrency": "max_concurrent",
    "output": "outputs", "files": "outputs",
]

/// The IANA zone a misspelt name most likely meant ("America/Torronto"), if one is within two edits.
func closestTimeZone(to name: String) -> String? {
    let lowered = name.lowercased()
    let closest = TimeZone.knownTimeZoneIdentifiers.map { ($0, editDistance(lowered, $0.lowercased())) }.min { $0.1 < $1.1 }
    return closest.flatMap { $0.1 <= 2 ? $0.0 : nil }
}

/// The allowed key closest to `key`, if it is close enough to be a plausible typo.
func suggestion(for key: String, among allowed: [String]) -> String? {
    let lowered = key.lowercased()
    var best: (key: String, distance: Int)?
    for candidate in allowed {
        let distance = editDistance(lowered, candidate)
        if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    if let best, best.distance <= max(1, min(2, best.key.count / 3)) { return best.key }
    // A synonym, or a typo of one ("intreval" -> "interval" -> "every").
    for (word, target) in synonyms where allowed.contains(target) {
        if editDistance(lowered, word) <= max(1, min(2, word.count / 3)) { return target }
    }
    return nil
}

/// Optimal string alignment distance: Levenshtein plus adjacent transpositions, so that
/// "intreval" is one edit from "interval".
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], previous2[j - 2] + 1)
            }
        }
        (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
}
