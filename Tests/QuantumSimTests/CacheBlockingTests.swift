@testable import QuantumSim
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
        // (14, 13): a block of 2^13 amplitudes, larger than a core's L1.
        for (n, b, seed) in [(8, 4, UInt64(11)), (10, 6, 12), (12, 9, 13), (14, 13, 15)] {
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

    /// The schedule that gathers gates inside the block into runs is a
    /// reordering that keeps, for every qubit, the order of the gates on it,
    /// and it leaves no more runs than the circuit's own order.
    @Test func scheduleKeepsEachQubitsOrderAndLengthensRuns() throws {
        let c = try randomCircuit(qubits: 10, gates: 300, seed: 14).fused(maxQubits: 3, cacheBlockQubits: 5)
        let scheduled = c.scheduledForCacheBlocks(5)
        #expect(scheduled.count == c.operations.count)
        for q in 0..<10 {
            #expect(scheduled.filter { $0.qubits.contains(q) } == c.operations.filter { $0.qubits.contains(q) })
        }
        func runs(_ ops: [Operation]) -> Int {
            var count = 0, inRun = false
            for op in ops {
                let inside = op.qubits.allSatisfy { $0 < 5 }
                if inside && !inRun { count += 1 }
                inRun = inside
            }
            return count
        }
        #expect(runs(scheduled) < runs(c.operations), "\(runs(scheduled)) vs \(runs(c.operations))")
    }

    @Test func badBlockSizeIsAClearError() {
        #expect(throws: QuantumSimError.invalidParameter(name: "cache block qubits", value: 3,
                                                         expected: "0 (off) or 4...40")) {
            _ = try ExecutionOptions(cacheBlockQubits: 3)
        }
    }
}
