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
