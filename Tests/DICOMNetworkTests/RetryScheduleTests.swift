import XCTest

@testable import DICOMNetwork

/// The waits between attempts of `send --retries`: exponential backoff, capped.
final class RetryScheduleTests: XCTestCase {
    func test_delays_doubleFromTheInitialWait_upTo60Seconds() {
        XCTAssertEqual(RetrySchedule(initial: 1).delays(count: 8), [1, 2, 4, 8, 16, 32, 60, 60])
        XCTAssertEqual(RetrySchedule(initial: 0.25).delays(count: 4), [0.25, 0.5, 1, 2])
        XCTAssertEqual(RetrySchedule(initial: 5, factor: 3, maximum: 100).delays(count: 4), [5, 15, 45, 100])
    }

    func test_noInitialWait_neverWaits() {
        XCTAssertEqual(RetrySchedule(initial: 0).delays(count: 3), [0, 0, 0])
        XCTAssertEqual(RetrySchedule(initial: -4).delays(count: 2), [0, 0])
    }

    func test_edges_noRetry_andHugeRetryNumbers_stayInRange() {
        let schedule = RetrySchedule(initial: 1)
        XCTAssertEqual(schedule.delay(beforeRetry: 0), 0)
        XCTAssertEqual(schedule.delay(beforeRetry: -3), 0)
        XCTAssertEqual(schedule.delay(beforeRetry: 10_000), 60)
        XCTAssertEqual(schedule.delay(beforeRetry: Int.max), 60)
        XCTAssertEqual(schedule.delays(count: 0), [])
        XCTAssertEqual(RetrySchedule(initial: .infinity).delay(beforeRetry: 1), 0, "a wait that is not a number is no wait")
    }

    func test_storeOptions_retryDelay_isTheScheduleStart() {
        var options = StoreSCU.Options(retries: 3, retryDelay: 0.5)
        XCTAssertEqual(options.backoff, RetrySchedule(initial: 0.5, factor: 2, maximum: 60))
        XCTAssertEqual(options.backoff.delays(count: 3), [0.5, 1, 2])
        options.retryDelay = 2
        XCTAssertEqual(options.backoff.delays(count: 2), [2, 4])
    }
}
