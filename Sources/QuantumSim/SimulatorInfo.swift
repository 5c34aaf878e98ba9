import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the simulator runs on: the kernel variants this machine supports,
/// the one used by default, threads, and the BLAS/LAPACK libraries linked.
/// Printed by `qnet-bench`, so no figure is shown without the kernel set
/// that produced it.
public struct SimulatorInfo: Sendable, CustomStringConvertible {
    /// Variants this build and CPU can run, narrowest first.
    public let supportedVariants: [KernelVariant]
    /// The widest supported variant.
    public let bestVariant: KernelVariant
    /// Logical CPUs.
    public let hardwareThreads: Int
    /// Qubits from which passes are split over threads by default.
    public let parallelQubits: Int
    /// The OpenBLAS core in use (e.g. "SkylakeX"; "Prescott" means generic kernels).
    public let blasCore: String
    /// The LAPACK version LAPACKE calls.
    public let lapackVersion: String
    /// OpenBLAS's own thread count (QNet sets 1).
    public let blasThreads: Int

    /// Reads the current machine and libraries.
    public init() {
        supportedVariants = KernelVariant.supported
        bestVariant = KernelVariant.best
        hardwareThreads = ExecutionOptions.hardwareThreads
        parallelQubits = ExecutionOptions.defaultParallelQubits
        blasCore = String(cString: qn_blas_core_name())
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        qn_lapack_version(&major, &minor, &patch)
        lapackVersion = "\(major).\(minor).\(patch)"
        blasThreads = Int(qn_blas_threads())
    }

    /// The CPU's model name from /proc/cpuinfo ("unknown CPU" elsewhere).
    public var cpuName: String {
        guard let file = fopen("/proc/cpuinfo", "r") else { return "unknown CPU" }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0, let l = line {
            let text = String(cString: l)
            guard text.hasPrefix("model name"), let colon = text.firstIndex(of: ":") else { continue }
            return String(text[text.index(after: colon)...].drop { $0 == " " || $0 == "\t" }.prefix { $0 != "\n" })
        }
        return "unknown CPU"
    }

    public var description: String {
        "kernels: \(supportedVariants.map(\.rawValue).joined(separator: ", ")) (best: \(bestVariant)); "
            + "\(hardwareThreads) threads, parallel from \(parallelQubits) qubits; "
            + "OpenBLAS core \(blasCore) (\(blasThreads) thread\(blasThreads == 1 ? "" : "s")), LAPACK \(lapackVersion)"
    }
}
