import Foundation

/// Wall-clock figures over repetitions: median and spread (min–max).
struct Timing: Codable {
    var median: Double
    var min: Double
    var max: Double
    var runs: Int

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        min = sorted.first ?? 0
        max = sorted.last ?? 0
        runs = sorted.count
    }

    var text: String { String(format: "%.3f s (%.3f–%.3f)", median, min, max) }
    var millis: String { String(format: "%.3f ms (%.3f–%.3f)", median * 1000, min * 1000, max * 1000) }
}

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Runs `body` once to warm up, then `repetitions` times; returns the timing of the repetitions.
func measure(repetitions: Int, warmUp: Bool = true, _ body: () throws -> Void) rethrows -> Timing {
    if warmUp { try body() }
    var samples: [Double] = []
    for _ in 0..<repetitions {
        let start = now()
        try body()
        samples.append(now() - start)
    }
    return Timing(samples)
}

/// Latency percentiles of single operations, in milliseconds.
struct Latency: Codable {
    var p50: Double
    var p99: Double
    var count: Int

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        func at(_ q: Double) -> Double { sorted[Swift.min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)] * 1000 }
        p50 = at(0.5)
        p99 = at(0.99)
        count = sorted.count
    }

    var text: String { String(format: "p50 %.2f ms, p99 %.2f ms", p50, p99) }
}

/// Peak resident memory of this process so far, in MB.
func peakResidentMB() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024            // kilobytes on Linux
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576       // bytes on macOS
    #endif
}
