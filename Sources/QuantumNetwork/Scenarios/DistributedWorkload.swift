import QuantumSim

/// Circuits the distributed-circuit jobs run across modules.
public enum DistributedWorkload: String, Sendable, CaseIterable {
    /// H on qubit 0 and a CNOT chain: an n-qubit GHZ state, every CNOT
    /// between neighbours (non-local where neighbours sit on different modules).
    case ghz
    /// The GHZ circuit, then 3 layers of RY·RZ on every qubit and a CNOT chain.
    case layered

    /// The circuit on `qubits` qubits.
    public func circuit(qubits n: Int) throws(QuantumSimError) -> Circuit {
        var c = try Circuit(qubits: n).h(0)
        for q in 0..<(n - 1) { c = try c.cx(q, q + 1) }
        if self == .layered {
            // Fixed angles that differ per qubit and layer, so no layer is a Clifford.
            for layer in 0..<3 {
                for q in 0..<n { c = try c.ry(0.3 * Double(q + layer + 1), q).rz(0.2 * Double(q + 1), q) }
                for q in 0..<(n - 1) { c = try c.cx(q, q + 1) }
            }
        }
        return c
    }
}
