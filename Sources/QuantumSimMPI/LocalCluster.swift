import Foundation
import QuantumSim

/// Ranks as threads of one process, talking through shared memory: the
/// ``Communicator`` that lets the distributed state vector run, and be
/// tested, without MPI. Semantics follow MPI's (blocking pairwise exchange,
/// collectives in the same order on every rank); a rank that throws aborts
/// the others' pending calls with ``QuantumSimError/communicationFailed(_:)``
/// instead of leaving them waiting.
///
/// ```swift
/// let states = try LocalCluster.run(ranks: 4) { comm in
///     var psi = try DistributedStateVector(qubits: 20, communicator: comm)
///     try psi.apply(circuit)
///     return try psi.gatheredAmplitudes()
/// }
/// ```
public final class LocalCluster: @unchecked Sendable {
    /// Number of ranks.
    public let size: Int
    private let condition = NSCondition()
    // All state below is guarded by `condition`.
    private var generation = 0, arrived = 0
    private var posted: [UnsafeRawPointer?]
    private var pairPosted: [[UnsafeRawPointer?]]
    private var pairBytes: [[Int]]
    private var pairConsumed: [[Bool]]
    private var failure: String?

    private init(size: Int) {
        self.size = size
        posted = Array(repeating: nil, count: size)
        pairPosted = Array(repeating: Array(repeating: nil, count: size), count: size)
        pairBytes = Array(repeating: Array(repeating: 0, count: size), count: size)
        pairConsumed = Array(repeating: Array(repeating: false, count: size), count: size)
    }

    /// Runs `body` on `ranks` threads, each with its own communicator, and
    /// returns their results in rank order; rethrows the lowest rank's error.
    public static func run<T: Sendable>(ranks: Int, _ body: @escaping @Sendable (any Communicator) throws -> T) throws -> [T] {
        guard ranks >= 1 else { throw QuantumSimError.invalidRankCount(ranks) }
        let cluster = LocalCluster(size: ranks)
        let results = ResultSlots<T>(count: ranks)
        for r in 0..<ranks {
            let thread = Thread {
                let outcome = Result { try body(Member(rank: r, cluster: cluster)) }
                if case let .failure(error) = outcome { cluster.abort("rank \(r) failed: \(error)") }
                results.set(r, outcome)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        return try results.waitForAll()
    }

    private func abort(_ reason: String) {
        condition.lock()
        if failure == nil { failure = reason }
        condition.broadcast()
        condition.unlock()
    }

    /// Throws the recorded failure; call with the lock held.
    private func checkFailure() throws(QuantumSimError) {
        if let failure { throw .communicationFailed(failure) }
    }

    private func barrier() throws(QuantumSimError) {
        condition.lock()
        defer { condition.unlock() }
        try checkFailure()
        let g = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            condition.broadcast()
            return
        }
        while generation == g, failure == nil { condition.wait() }
        if generation == g { try checkFailure() }
    }

    /// Publishes `pointer` as this rank's contribution, waits for all, runs
    /// `read` over everyone's, and waits again before the pointers expire.
    private func collective(rank: Int, _ pointer: UnsafeRawPointer,
                            _ read: ([UnsafeRawPointer]) -> Void) throws(QuantumSimError) {
        condition.lock()
        posted[rank] = pointer
        condition.unlock()
        try barrier()
        condition.lock()
        let all = posted.map { $0! }
        condition.unlock()
        read(all)
        try barrier()
    }

    private func exchange(rank: Int, _ send: UnsafeRawPointer, _ receive: UnsafeMutableRawPointer,
                          _ byteCount: Int, _ partner: Int) throws(QuantumSimError) {
        guard partner >= 0, partner < size, partner != rank else {
            throw .communicationFailed("rank \(rank) cannot exchange with rank \(partner) of \(size)")
        }
        condition.lock()
        defer { condition.unlock() }
        pairPosted[rank][partner] = send
        pairBytes[rank][partner] = byteCount
        condition.broadcast()
        while pairPosted[partner][rank] == nil, failure == nil { condition.wait() }
        try checkFailure()
        guard pairBytes[partner][rank] == byteCount else {
            throw .communicationFailed("rank \(rank) sends \(byteCount) bytes but rank \(partner) sends \(pairBytes[partner][rank])")
        }
        let source = pairPosted[partner][rank]!
        condition.unlock()
        receive.copyMemory(from: source, byteCount: byteCount)
        condition.lock()
        // Done with the partner's buffer; wait until it is done with ours.
        pairPosted[partner][rank] = nil
        pairConsumed[partner][rank] = true
        condition.broadcast()
        while !pairConsumed[rank][partner], failure == nil { condition.wait() }
        try checkFailure()
        pairConsumed[rank][partner] = false
    }

    /// One rank's view of the cluster.
    private final class Member: Communicator, @unchecked Sendable {
        let rank: Int
        let cluster: LocalCluster
        var size: Int { cluster.size }

        init(rank: Int, cluster: LocalCluster) {
            self.rank = rank
            self.cluster = cluster
        }

        func exchange(sending send: UnsafeRawPointer, receivingInto receive: UnsafeMutableRawPointer,
                      byteCount: Int, with partner: Int) throws(QuantumSimError) {
            try cluster.exchange(rank: rank, send, receive, byteCount, partner)
        }

        func sumOverRanks(_ values: inout [Double]) throws(QuantumSimError) {
            let count = values.count
            guard count > 0 else { return }
            var total = [Double](repeating: 0, count: count)
            try values.withUnsafeBufferPointer { (p) throws(QuantumSimError) in
                try cluster.collective(rank: rank, UnsafeRawPointer(p.baseAddress!)) { all in
                    // Rank order, so every rank adds the same numbers in the same order.
                    for source in all {
                        let d = source.assumingMemoryBound(to: Double.self)
                        for i in 0..<count { total[i] += d[i] }
                    }
                }
            }
            values = total
        }

        func broadcast(_ values: inout [Double], from root: Int) throws(QuantumSimError) {
            let count = values.count
            guard count > 0 else { return }
            var copy = values
            try values.withUnsafeBufferPointer { (p) throws(QuantumSimError) in
                try cluster.collective(rank: rank, UnsafeRawPointer(p.baseAddress!)) { all in
                    let d = all[root].assumingMemoryBound(to: Double.self)
                    for i in 0..<count { copy[i] = d[i] }
                }
            }
            values = copy
        }

        func gather(sending send: UnsafeRawPointer, byteCount: Int, into receive: UnsafeMutableRawPointer?,
                    root: Int) throws(QuantumSimError) {
            let isRoot = rank == root
            try cluster.collective(rank: rank, send) { all in
                guard isRoot, let receive else { return }
                for (r, source) in all.enumerated() {
                    (receive + r * byteCount).copyMemory(from: source, byteCount: byteCount)
                }
            }
        }

        func barrier() throws(QuantumSimError) { try cluster.barrier() }
    }
}

/// One result per rank, filled by the rank threads.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSCondition()
    private var slots: [Result<T, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<T, any Error>) {
        lock.lock(); slots[index] = result; lock.broadcast(); lock.unlock()
    }

    /// Waits for every rank, then returns the results in order, or the
    /// lowest rank's own error when one failed.
    func waitForAll() throws -> [T] {
        lock.lock(); defer { lock.unlock() }
        while slots.contains(where: { $0 == nil }) { lock.wait() }
        // Prefer a rank's own error to the "rank r failed" the others saw.
        if let own = slots.first(where: { if case let .failure(e) = $0, !Self.isAbort(e) { true } else { false } }),
           case let .failure(e) = own { throw e }
        return try slots.map { try $0!.get() }
    }

    private static func isAbort(_ error: any Error) -> Bool {
        if case .communicationFailed = error as? QuantumSimError { return true }
        return false
    }
}
