import QuantumSim
import QuantumSimTestSupport
import Testing

/// Cache blocking (runs of gates below qubit b applied one 2^b-amplitude
/// block at a time) against gate-by-gate application.
@Suite struct CacheBlockingTests {
    /// Random circuits of every gate shape, fused and not, on states larger
    /// than the block: every variant, 1 and 2 threads, several block sizes
    /// (so that runs start and stop at gates reaching above the block).
    @Test(arguments: KernelVariant.supported)
    func blockedRunsGiveTheGateByGateState(variant: KernelVariant) throws {
        for (n, b, seed) in [(8, 4, UInt64(11)), (10, 6, 12), (12, 9, 13)] {
            let circuit = try randomCircuit(qubits: n, gates: 120, seed: seed)
            for c in [circuit, try circuit.fused(maxQubits: 3)] {
                for threads in [1, 2] {
                    let plain = try ExecutionOptions(variant: variant, threads: threads, parallelQubits: 6,
                                                     cacheBlockQubits: 0)
                    let blocked = try ExecutionOptions(variant: variant, threads: threads, parallelQubits: 6,
                                                       cacheBlockQubits: b)
                    var expected = try StateVector(qubits: n, options: plain)
                    var state = try StateVector(qubits: n, options: blocked)
                    try expected.apply(c)
                    try state.apply(c)
                    let difference = Reference.maxDifference(state.amplitudes, expected.amplitudes)
                    #expect(difference < 1e-12, "n=\(n) b=\(b) threads=\(threads): \(difference)")
                }
            }
        }
    }

    @Test func badBlockSizeIsAClearError() {
        #expect(throws: QuantumSimError.invalidParameter(name: "cache block qubits", value: 3,
                                                         expected: "0 (off) or 4...40")) {
            _ = try ExecutionOptions(cacheBlockQubits: 3)
        }
    }
}
