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
    static func header(variants: [KernelVariant], threads: [Int], parallelQubits: Int) -> String {
        let info = SimulatorInfo()
        let coreType = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"
        return """
            # qnet-bench — \(info.cpuName), \(info.hardwareThreads) logical CPUs
            # kernel variants supported: \(info.supportedVariants.map(\.rawValue).joined(separator: ", ")) \
            (best: \(info.bestVariant)); measured: \(variants.map(\.rawValue).joined(separator: ", "))
            # threads measured: \(threads.map(String.init).joined(separator: ", ")); parallel from \
            \(parallelQubits) qubits (default \(info.parallelQubits))
            # OpenBLAS core: \(info.blasCore) (OPENBLAS_CORETYPE=\(coreType)), LAPACK \(info.lapackVersion)
            # stream: in-place pass over the state's own buffer (same variant and threads), GB/s counts read + write
            # FMA peak, one thread, GFLOP/s (multiply-add = 2): \(peaks(variants))
            """
    }

    /// Each measured variant's peak in both precisions (FMAPeak), measured now.
    static func peaks(_ variants: [KernelVariant]) -> String {
        variants.map { v in
            let f64 = FMAPeak.gflops(variant: v, precision: .double), f32 = FMAPeak.gflops(variant: v, precision: .single)
            func show(_ x: Double?) -> String { x.map { String(format: "%.1f", $0) } ?? "n/a" }
            return "\(v.rawValue) \(show(f64)) (c128) / \(show(f32)) (c64)"
        }.joined(separator: ", ")
    }
}
