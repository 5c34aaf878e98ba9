import CKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How kernels run: which instruction-set variant and how many threads.
///
/// The default comes from the environment: `QNET_KERNEL=scalar|avx2|avx512`
/// forces a variant (otherwise the best supported one), `QNET_THREADS=N` sets
/// the thread count (otherwise all cores). Results are identical for every
/// thread count. Tests should pass options explicitly rather than set the
/// environment, since tests run in parallel in one process.
public struct ExecutionOptions: Sendable, Hashable, CustomStringConvertible {
    /// The kernel variant used by every pass over a state.
    public let variant: KernelVariant
    /// Threads for passes over states of at least 2^``parallelQubits`` amplitudes.
    public let threads: Int
    /// States with fewer qubits run on one thread (waking others costs more
    /// than it saves). The default, ``defaultParallelQubits``, is measured.
    public let parallelQubits: Int

    /// Cache blocking: in `StateVector.apply(_: Circuit)`, a run of gates
    /// whose qubits all lie below this qubit is applied one block of
    /// 2^cacheBlockQubits amplitudes at a time, so the run costs one pass over
    /// memory instead of one per gate. 0 turns it off; it only acts on
    /// states with more qubits than this.
    public let cacheBlockQubits: Int

    /// Gate fusion: `StateVector.apply(_: Circuit)` first fuses the circuit
    /// into gates of at most this many qubits (`Circuit.fused(maxQubits:)`)
    /// on states of at least ``fusionMinimumQubits`` qubits; 1 turns it off.
    public let fusionQubits: Int

    /// Below this many qubits fusing costs more than the passes it saves
    /// (measured on random-20's gates restricted to n qubits, one thread:
    /// 12 qubits 1.3 ms unfused against 1.9 ms fused, 14 qubits 4.7 ms
    /// against 3.8 ms).
    public static let fusionMinimumQubits = 14

    /// The measured default of ``parallelQubits``.
    public static let defaultParallelQubits = Int(QN_DEFAULT_PARALLEL_QUBITS)
    /// The measured default of ``fusionQubits``: with the fused kernels two
    /// register groups at a time, 4 qubits ran qft-24 and random-24 as fast
    /// as or faster than 3 (BENCHMARKS.md).
    public static let defaultFusionQubits = 4
    /// The measured default of ``cacheBlockQubits``: 2^16 complex128
    /// amplitudes are 1 MiB, half of a core's L2 here.
    public static let defaultCacheBlockQubits = 16

    /// Options with an explicit variant, thread count and threading threshold,
    /// all validated.
    public init(variant: KernelVariant = .best, threads: Int = ExecutionOptions.hardwareThreads,
                parallelQubits: Int = ExecutionOptions.defaultParallelQubits,
                cacheBlockQubits: Int = ExecutionOptions.defaultCacheBlockQubits,
                fusionQubits: Int = ExecutionOptions.defaultFusionQubits) throws(QuantumSimError)
    {
        guard variant.isSupported else {
            throw .unsupportedVariant(requested: variant.rawValue, supported: KernelVariant.supported.map(\.rawValue))
        }
        guard (1...256).contains(threads) else { throw .invalidThreadCount(String(threads)) }
        guard (1...62).contains(parallelQubits) else { throw .invalidParallelQubits(parallelQubits) }
        guard cacheBlockQubits == 0 || (4...40).contains(cacheBlockQubits) else {
            throw .invalidParameter(name: "cache block qubits", value: Double(cacheBlockQubits),
                                    expected: "0 (off) or 4...40")
        }
        guard (1...5).contains(fusionQubits) else {
            throw .invalidParameter(name: "fusion block size", value: Double(fusionQubits), expected: "1 to 5 qubits")
        }
        self.cacheBlockQubits = cacheBlockQubits
        self.fusionQubits = fusionQubits
        self.variant = variant
        self.threads = threads
        self.parallelQubits = parallelQubits
    }

    /// One thread, with the variant `QNET_KERNEL` names (else the best): for
    /// many small states run side by side (network runs, batch points), where
    /// parallelism comes from above. An invalid `QNET_KERNEL` falls back to
    /// the best variant here; ``fromEnvironment()`` reports it.
    public static let singleThreaded: ExecutionOptions = {
        let variant = (try? fromEnvironment())?.variant ?? .best
        return ExecutionOptions(checkedVariant: variant, threads: 1)
    }()

    /// Options whose variant is known to be supported and thread count valid.
    private init(checkedVariant: KernelVariant, threads: Int) {
        variant = checkedVariant
        self.threads = threads
        parallelQubits = Self.defaultParallelQubits
        cacheBlockQubits = Self.defaultCacheBlockQubits
        fusionQubits = Self.defaultFusionQubits
    }

    /// Logical CPUs available to this process.
    public static var hardwareThreads: Int { Int(qn_hardware_threads()) }

    /// Options read from `QNET_KERNEL` and `QNET_THREADS` (read once per process).
    public static func fromEnvironment() throws(QuantumSimError) -> ExecutionOptions {
        try environmentOptions.get()
    }

    private static let environmentOptions: Result<ExecutionOptions, QuantumSimError> = {
        do throws(QuantumSimError) {
            let (kernel, threads) = environmentValues
            return .success(try parse(kernel: kernel, threads: threads))
        } catch {
            return .failure(error)
        }
    }()

    /// The values of `QNET_KERNEL` and `QNET_THREADS` in this process's
    /// environment (nil when unset), for messages.
    public static var environmentValues: (kernel: String?, threads: String?) {
        (getenv("QNET_KERNEL").map { String(cString: $0) }, getenv("QNET_THREADS").map { String(cString: $0) })
    }

    /// Builds options from the values of `QNET_KERNEL` and `QNET_THREADS`
    /// (nil or empty: the default).
    public static func parse(kernel: String?, threads: String?) throws(QuantumSimError) -> ExecutionOptions {
        var variant = KernelVariant.best
        if let kernel, !kernel.isEmpty { variant = try KernelVariant(validating: kernel) }
        var count = hardwareThreads
        if let threads, !threads.isEmpty {
            guard let t = Int(threads), (1...256).contains(t) else { throw .invalidThreadCount(threads) }
            count = t
        }
        return try ExecutionOptions(variant: variant, threads: count)
    }

    /// The C description of a call on complex128 data (density matrices).
    var cValue: qn_exec { cValue(precision: .double) }

    /// The C description of a call on a state vector of `precision`.
    func cValue(precision: Precision) -> qn_exec {
        qn_exec(variant: variant.cValue, threads: Int32(threads), parallel_qubits: Int32(parallelQubits),
                precision: precision.cValue)
    }

    public var description: String { "\(variant) kernels, \(threads) thread\(threads == 1 ? "" : "s")" }
}
