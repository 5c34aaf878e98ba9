import ComplexModule
import RealModule
import QuantumSim

/// A random circuit of every gate shape: 1-qubit dense and diagonal,
/// controlled, 2-qubit dense, 3-qubit.
public func randomCircuit(qubits n: Int, gates: Int, seed: UInt64) throws -> Circuit {
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

/// `randomCircuit` with wider gates mixed in every tenth gate: random dense
/// 2- and 3-qubit unitaries, a 2-qubit diagonal unitary and a 3-controlled Z
/// (for distributed states, whose global qubits treat dense and diagonal
/// targets and controls differently). Needs at least 4 qubits.
public func randomWideCircuit(qubits n: Int, gates: Int, seed: UInt64) throws -> Circuit {
    let base = try randomCircuit(qubits: n, gates: gates, seed: seed)
    var inputs = RandomInputs(seed: seed ^ 0x5eed)
    var c = try Circuit(qubits: n)
    for (i, op) in base.operations.enumerated() {
        try c.append(op.gate, on: op.qubits)
        guard i % 10 == 9 else { continue }
        switch i / 10 % 4 {
        case 0: try c.append(Gate.unitary(inputs.unitary(qubits: 3)), on: inputs.distinctQubits(3, of: n))
        case 1: try c.append(Gate.unitary(inputs.unitary(qubits: 2)), on: inputs.distinctQubits(2, of: n))
        case 2:
            let phases = (0..<4).map { _ in inputs.angle() }
            let diagonal = (0..<4).map { r in (0..<4).map { c in r == c ? Complex(Double.cos(phases[r]), Double.sin(phases[r])) : .zero } }
            try c.append(Gate.unitary(diagonal), on: inputs.distinctQubits(2, of: n))
        default: try c.append(Gate.mcz(controls: 3), on: inputs.distinctQubits(4, of: n))
        }
    }
    return c
}
