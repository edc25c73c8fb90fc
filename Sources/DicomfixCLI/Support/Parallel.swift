import Foundation

/// Runs `work` on every element using all cores (bounded), returning results in input order.
/// Calls `progress` after each completed element (from worker threads, serialised). A single
/// element is worked on the calling thread: no thread pool to start for one file.
func parallelMap<T: Sendable, R: Sendable>(
    _ items: [T], progress: (@Sendable (Int) -> Void)? = nil, _ work: @Sendable @escaping (T) -> R
) -> [R] {
    if items.count == 1, let item = items.first {
        let result = work(item)
        progress?(1)
        return [result]
    }
    let results = ResultBox<R>(count: items.count)
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count))
    let next = Counter()
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while let index = next.take(below: items.count) {
            let completed = results.set(index, work(items[index]))
            progress?(completed)
        }
    }
    return results.values()
}

/// Like `parallelMap`, but each call of `work` gets a run of up to `runLength` consecutive items
/// (shorter runs when there are few items, so that every core still gets work), for work that
/// is cheaper done together (flushing a batch of outputs once). `work` returns one result per
/// item; results come back in input order. `progress` gets the number of items done.
func parallelRunsMap<T: Sendable, R: Sendable>(
    _ items: [T], runLength: Int, progress: (@Sendable (Int) -> Void)? = nil, _ work: @Sendable @escaping ([T]) -> [R]
) -> [R] {
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let fair = (items.count + workers * 4 - 1) / (workers * 4)
    let length = max(1, min(runLength, fair))
    let runs = stride(from: 0, to: items.count, by: length).map { Array(items[$0..<min($0 + length, items.count)]) }
    let done = Counter()
    let results = parallelMap(runs) { run -> [R] in
        let results = work(run)
        progress?(done.add(run.count))
        return results
    }
    return results.flatMap { $0 }
}

private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    /// Adds `amount` and returns the new value.
    func add(_ amount: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += amount
        return value
    }

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

private final class ResultBox<R>: @unchecked Sendable {
    private var storage: [R?]
    private var completed = 0
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    /// Stores the result of element `index`; returns how many elements are done, this one
    /// included (counted under the lock: each call returns a different count).
    func set(_ index: Int, _ value: R) -> Int {
        lock.lock()
        defer { lock.unlock() }
        storage[index] = value
        completed += 1
        return completed
    }

    func values() -> [R] {
        lock.lock()
        defer { lock.unlock() }
        return storage.compactMap { $0 }
    }
}
