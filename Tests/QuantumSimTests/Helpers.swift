import ComplexModule
import QuantumSim
import QuantumSimTestSupport

/// Options for one variant and thread count (never the environment: tests
/// run in parallel in one process).
func options(_ variant: KernelVariant, threads: Int = 1,
             parallelQubits: Int = ExecutionOptions.defaultParallelQubits) throws -> ExecutionOptions {
    try ExecutionOptions(variant: variant, threads: threads, parallelQubits: parallelQubits)
}

/// Applies `gate` with the kernels and with the index reference and returns
/// the largest amplitude difference.
func kernelError(_ gate: Gate, on qubits: [Int], state amps: [Complex<Double>], variant: KernelVariant,
                 threads: Int = 1) throws -> Double {
    var s = try StateVector(amplitudes: amps, options: options(variant, threads: threads))
    try s.apply(gate, to: qubits)
    return Reference.maxDifference(s.amplitudes, Reference.applyByIndex(gate, on: qubits, to: amps))
}

/// Tolerance for one gate on a normalised complex128 state.
let gateTolerance = 1e-12

/// A random circuit of every gate shape: 1-qubit dense and diagonal,
/// controlled, 2-qubit dense, 3-qubit.
func randomCircuit(qubits n: Int, gates: Int, seed: UInt64) throws -> Circuit {
    var rng = SeededGenerator(seed: seed)
    var c = try Circuit(qubits: n)
    for _ in 0..<gates {
        let a = Int.random(in: 0..<n, using: &rng), b = (a + Int.random(in: 1..<n, using: &rng)) % n
        let x = Double.random(in: -3...3, using: &rng)
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: c = try c.h(a)
        case 1: c = try c.rx(x, a)
        case 2: c = try c.rz(x, a)
        case 3: c = try c.cx(a, b)
        case 4: c = try c.cp(x, a, b)
        case 5: c = try c.u(x, -x, x / 2, a)
        case 6: c = try c.swap(a, b)
        case 7: c = try c.crx(x, a, b)
        case 8: c = try c.t(a)
        default:
            let d = (b + 1) % n
            c = d == a ? try c.cz(a, b) : try c.ccx(a, b, d)
        }
    }
    return c
}
