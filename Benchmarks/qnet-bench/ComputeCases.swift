import Foundation
import QuantumSim

/// Dense k-qubit gates inside the cache block, against one core's
/// multiply-add peak (FMAPeak) measured in the same run: the compute-bound
/// side of the kernels, as circuits run them (a run of gates below the block
/// applied to one block at a time), not a single gate over memory.
enum ComputeCases {
    /// State and block sizes: a 2^14-amplitude block is 256 KiB in
    /// complex128 (in L2 on every machine measured), and the 2^18 state
    /// makes one pass over memory per run negligible beside its gates.
    static let stateQubits = 18, blockQubits = 14
    /// Copies of the gate per timed run.
    static let gatesPerRun = 32

    /// The target sets per gate width: lowest qubits (inside the register),
    /// the block's top qubits (one register apart and more), and both ends.
    static func targetSets(_ k: Int) -> [[Int]] {
        let b = blockQubits
        var sets = [Array(0..<k), Array((b - k)..<b)]
        if k >= 2 { sets.append(Array(0..<(k / 2)) + Array((b - (k - k / 2))..<b)) }
        return sets
    }

    static func run(threads: [Int], variants: [KernelVariant], repeats: Int, filter: String?,
                    emit: (ComputeRow) -> Void) throws {
        for precision in [Precision.double, .single] {
            for v in variants {
                guard let peak = FMAPeak.gflops(variant: v, precision: precision) else { continue }
                for t in threads {
                    let options = try ExecutionOptions(variant: v, threads: t, cacheBlockQubits: blockQubits,
                                                       fusionQubits: 1)
                    var state = try StateVector(qubits: stateQubits, precision: precision, options: options)
                    let label = v.rawValue + (precision == .single ? "-c64" : "")
                    for k in 1...5 where filter.map({ "dense\(k)".contains($0) }) ?? true {
                        let gate = GateCase.denseGate(k)
                        for targets in targetSets(k) {
                            var circuit = try Circuit(qubits: stateQubits)
                            for _ in 0..<gatesPerRun { try circuit.append(gate, on: targets) }
                            let seconds = try Timing.median(repeats: repeats) { try state.apply(circuit) }
                            // A dense k-qubit gate: 2^k complex multiply-adds per amplitude, 8 flops each.
                            let flops = Double(gatesPerRun) * Double(1 << stateQubits) * 8 * Double(1 << k)
                            emit(ComputeRow(gate: "dense\(k)", variant: label, targets: targets, threads: t,
                                            secondsPerGate: seconds / Double(gatesPerRun),
                                            gflops: flops / seconds / 1e9, peakGflops: peak * Double(t)))
                        }
                    }
                }
            }
        }
    }
}

/// One compute-bound result: GFLOP/s and its ratio to the FMA peak of the
/// threads used (one core's peak times the thread count).
struct ComputeRow: Encodable {
    let gate: String
    let variant: String
    let targets: [Int]
    let threads: Int
    let secondsPerGate: Double
    let gflops: Double
    let peakGflops: Double
    let ratio: Double

    init(gate: String, variant: String, targets: [Int], threads: Int, secondsPerGate: Double, gflops: Double,
         peakGflops: Double) {
        self.gate = gate
        self.variant = variant
        self.targets = targets
        self.threads = threads
        self.secondsPerGate = secondsPerGate
        self.gflops = gflops
        self.peakGflops = peakGflops
        ratio = gflops / peakGflops
    }

    enum CodingKeys: String, CodingKey {
        case gate, variant, targets, threads, gflops, ratio
        case secondsPerGate = "seconds_per_gate", peakGflops = "peak_gflops"
    }

    static let tableHeader = "# dense gates on a 2^\(ComputeCases.stateQubits) state, "
        + "\(ComputeCases.gatesPerRun) per run, 2^\(ComputeCases.blockQubits)-amplitude cache blocks; "
        + "flops = 8·2^k per amplitude\n"
        + Row.pad("gate", 8) + Row.pad("variant", 11) + Row.pad("targets", 16) + Row.pad("thr", 4)
        + Row.pad("µs/gate", 10, right: true) + Row.pad("GFLOP/s", 9, right: true)
        + Row.pad("peak", 8, right: true) + Row.pad("ratio", 7, right: true)

    var tableLine: String {
        Row.pad(gate, 8) + Row.pad(variant, 11) + Row.pad(targets.map(String.init).joined(separator: ","), 16)
            + Row.pad("\(threads)", 4)
            + Row.pad(String(format: "%.1f", secondsPerGate * 1e6), 10, right: true)
            + Row.pad(String(format: "%.1f", gflops), 9, right: true)
            + Row.pad(String(format: "%.1f", peakGflops), 8, right: true)
            + Row.pad(String(format: "%.2f", ratio), 7, right: true)
    }
}
