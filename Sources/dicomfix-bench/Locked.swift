#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value shared between the workers of `DispatchQueue.concurrentPerform`, only ever touched
/// under its mutex (hence the unchecked Sendable). Kept free of Foundation so that the reader
/// benchmarks measure the codec, not Foundation's start-up and memory.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

/// The first error any worker met; later ones are dropped.
final class FirstError: Sendable {
    private let storage = Locked<(any Error)?>(nil)

    var error: (any Error)? { storage.withLock { $0 } }
    var hasError: Bool { error != nil }

    func record(_ error: any Error) {
        storage.withLock { if $0 == nil { $0 = error } }
    }
}
