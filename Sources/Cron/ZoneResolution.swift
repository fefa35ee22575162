// Maps wall-clock times to instants in a time zone with cron's DST policy:
// a time inside a spring-forward gap maps to the first instant after the gap,
// a time repeated by a fall-back maps to its first (earlier) occurrence.

import Foundation

struct ZoneResolver {
    let timeZone: TimeZone

    /// UTC offset in seconds at an instant given in whole seconds since the epoch.
    func offset(at instant: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    /// Wall-clock seconds (see `CivilTime.wallSeconds`) of an instant.
    func wallSeconds(at instant: Int) -> Int {
        instant + offset(at: instant)
    }

    /// The instant cron fires for wall time `wall`. Assumes at most one offset change
    /// within a day of it, which holds for every real zone around the dates cron cares about.
    func instant(forWall wall: Int) -> Int {
        // Offsets span -12h...+14h, so a day either side brackets every candidate instant.
        let before = offset(at: wall - 86_400)
        let after = offset(at: wall + 86_400)
        let candidates = [wall - before, wall - after].filter { offset(at: $0) == wall - $0 }
        if let earliest = candidates.min() {
            return earliest  // One valid instant, or two in an overlap: take the first occurrence.
        }
        guard after > before else { return wall - before }  // Not a simple gap; no better answer.
        // Gap: instants < transition have offset `before`. `wall - after` is before the transition and
        // `wall - before` after it; binary-search the transition, the first instant after the gap.
        var low = wall - after  // offset == before
        var high = wall - before  // offset != before
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if offset(at: mid) == before { low = mid } else { high = mid }
        }
        return high
    }
}
