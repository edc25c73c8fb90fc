import Foundation

/// How long to wait before each retry: `initial` seconds before the first, then `factor` times
/// as long as the wait before (exponential backoff), never more than `maximum`.
public struct RetrySchedule: Sendable, Equatable {
    /// Seconds before the first retry.
    public var initial: Double
    /// How much longer each wait is than the one before (2: the wait doubles).
    public var factor: Double
    /// The longest wait, in seconds.
    public var maximum: Double

    public init(initial: Double, factor: Double = 2, maximum: Double = 60) {
        self.initial = initial.isFinite ? max(0, initial) : 0
        self.factor = factor.isFinite ? max(1, factor) : 1
        self.maximum = maximum.isFinite ? max(0, maximum) : 60
    }

    /// Seconds to wait before retry number `retry` (1 for the first retry; 0 or less waits
    /// nothing).
    public func delay(beforeRetry retry: Int) -> Double {
        guard retry >= 1, initial > 0 else { return 0 }
        // pow is infinite for huge exponents, and min keeps the maximum then.
        return min(maximum, initial * pow(factor, Double(retry - 1)))
    }

    /// The waits before retries 1 to `count`.
    public func delays(count: Int) -> [Double] {
        count < 1 ? [] : (1...count).map { delay(beforeRetry: $0) }
    }
}
