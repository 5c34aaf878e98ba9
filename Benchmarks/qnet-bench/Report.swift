import CKernels
import Foundation
import QuantumSim

/// One result, as printed and as written to JSON.
struct Row: Encodable {
    let gate: String
    let variant: String
    let qubits: Int
    let targets: [Int]
    let threads: Int
    let seconds: Double
    let bytes: UInt64
    let gbps: Double
    let streamGBps: Double
    let ratio: Double

    init(gate: String, variant: String, qubits: Int, targets: [Int], threads: Int, seconds: Double, bytes: UInt64,
         streamGBps: Double) {
        self.gate = gate
        self.variant = variant
        self.qubits = qubits
        self.targets = targets
        self.threads = threads
        self.seconds = seconds
        self.bytes = bytes
        self.gbps = Double(bytes) / seconds / 1e9
        self.streamGBps = streamGBps
        self.ratio = gbps / streamGBps
    }

    enum CodingKeys: String, CodingKey {
        case gate, variant, qubits, targets, threads, seconds, bytes, gbps, ratio
        case streamGBps = "stream_gbps"
    }

    static let tableHeader =
        pad("gate", 8) + pad("variant", 8) + pad("n", 4) + pad("qubits", 10) + pad("thr", 4)
        + pad("ms/gate", 10, right: true) + pad("MB", 9, right: true) + pad("GB/s", 8, right: true)
        + pad("stream", 8, right: true) + pad("ratio", 7, right: true)

    var tableLine: String {
        Row.pad(gate, 8) + Row.pad(variant, 8) + Row.pad("\(qubits)", 4)
            + Row.pad(targets.map(String.init).joined(separator: ","), 10) + Row.pad("\(threads)", 4)
            + Row.pad(String(format: "%.3f", seconds * 1e3), 10, right: true)
            + Row.pad(String(format: "%.0f", Double(bytes) / 1e6), 9, right: true)
            + Row.pad(String(format: "%.1f", gbps), 8, right: true)
            + Row.pad(String(format: "%.1f", streamGBps), 8, right: true)
            + Row.pad(String(format: "%.2f", ratio), 7, right: true)
    }

    static func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(1, w - s.count))
        return right ? fill + s : s + fill
    }
}

enum Machine {
    static var cpuName: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let name = line.split(separator: ":", maxSplits: 1).last
        else { return "unknown CPU" }
        return name.trimmingCharacters(in: .whitespaces)
    }

    static func header(variants: [KernelVariant], threads: [Int]) -> String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        qn_lapack_version(&major, &minor, &patch)
        let core = String(cString: qn_blas_core_name())
        return """
            # qnet-bench — \(cpuName), \(ExecutionOptions.hardwareThreads) logical CPUs
            # kernel variants supported: \(KernelVariant.supported.map(\.rawValue).joined(separator: ", ")) \
            (best: \(KernelVariant.best)); measured: \(variants.map(\.rawValue).joined(separator: ", "))
            # threads measured: \(threads.map(String.init).joined(separator: ", ")); parallel from \
            \(QN_PARALLEL_MIN_AMPLITUDES) amplitudes
            # OpenBLAS core: \(core) (OPENBLAS_CORETYPE=\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset")), \
            LAPACK \(major).\(minor).\(patch)
            # stream: in-place pass over the state's own buffer (same variant and threads), GB/s counts read + write
            """
    }
}
