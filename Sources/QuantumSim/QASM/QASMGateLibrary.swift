import RealModule

/// The gates of `qelib1.inc` (as Qiskit ships it), built in: the file is
/// never read from disk. Each maps to the same unitary in QuantumSim;
/// `u1`/`u2`/`u3` map to `p`/`u` (exactly, global phase included).
enum QASMGateLibrary {
    /// Parameter and qubit counts of a built-in gate.
    static let signatures: [String: (parameters: Int, qubits: Int)] = [
        "U": (3, 1), "CX": (0, 2),
        "u3": (3, 1), "u2": (2, 1), "u1": (1, 1), "u": (3, 1), "p": (1, 1), "u0": (1, 1), "id": (0, 1),
        "x": (0, 1), "y": (0, 1), "z": (0, 1), "h": (0, 1), "s": (0, 1), "sdg": (0, 1), "t": (0, 1), "tdg": (0, 1),
        "sx": (0, 1), "sxdg": (0, 1), "rx": (1, 1), "ry": (1, 1), "rz": (1, 1),
        "cx": (0, 2), "cy": (0, 2), "cz": (0, 2), "ch": (0, 2), "csx": (0, 2), "swap": (0, 2),
        "crx": (1, 2), "cry": (1, 2), "crz": (1, 2), "cu1": (1, 2), "cp": (1, 2), "cu3": (3, 2), "cu": (4, 2),
        "rxx": (1, 2), "rzz": (1, 2), "ccx": (0, 3), "cswap": (0, 3),
    ]

    /// The gate for a built-in name and evaluated parameters.
    static func gate(_ name: String, _ p: [Double]) -> Gate? {
        switch name {
        case "U", "u3", "u": return .u(p[0], p[1], p[2])
        case "u2": return .u(.pi / 2, p[0], p[1])
        case "u1", "p": return .p(p[0])
        case "u0", "id": return .i
        case "CX", "cx": return .cx
        case "x": return .x
        case "y": return .y
        case "z": return .z
        case "h": return .h
        case "s": return .s
        case "sdg": return .sdg
        case "t": return .t
        case "tdg": return .tdg
        case "sx": return .sx
        case "sxdg": return Gate.sx.inverse
        case "rx": return .rx(p[0])
        case "ry": return .ry(p[0])
        case "rz": return .rz(p[0])
        case "cy": return .cy
        case "cz": return .cz
        case "ch": return Gate.h.controlled(name: "ch")
        case "csx": return Gate.sx.controlled(name: "csx")
        case "swap": return .swap
        case "crx": return .crx(p[0])
        case "cry": return .cry(p[0])
        case "crz": return .crz(p[0])
        case "cu1", "cp": return .cp(p[0])
        case "cu3": return Gate.u(p[0], p[1], p[2]).controlled(name: "cu3")
        case "cu":
            // Controlled e^{iγ}·U(θ, φ, λ): the phase sits on the control's |1⟩ branch.
            let u = Gate.u(p[0], p[1], p[2]).targetMatrix.map { $0 * Complex(length: 1, phase: p[3]) }
            return Gate(name: "cu", parameters: p, controls: 1, targets: 1, action: .dense(u))
        case "rxx":
            let c = Complex<Double>(Double.cos(p[0] / 2)), s = Complex<Double>(0, -Double.sin(p[0] / 2))
            return Gate(name: "rxx", parameters: p, targets: 2, action: .dense([
                c, .zero, .zero, s, .zero, c, s, .zero, .zero, s, c, .zero, s, .zero, .zero, c,
            ]))
        case "rzz":
            let a = Complex<Double>(length: 1, phase: -p[0] / 2), b = Complex<Double>(length: 1, phase: p[0] / 2)
            return Gate(name: "rzz", parameters: p, targets: 2, action: .diagonal([a, b, b, a]))
        case "ccx": return .ccx
        case "cswap": return .cswap
        default: return nil
        }
    }

    /// The OpenQASM 2 name of a QuantumSim gate, if it has one (export).
    static func exportName(of gate: Gate) -> String? {
        switch gate.name {
        case "sxdg", "ch", "csx", "cu3", "cu", "rxx", "rzz": return gate.name
        case "id": return "id"
        default:
            guard let sig = signatures[gate.name], sig.parameters == gate.parameters.count,
                  sig.qubits == gate.qubitCount else { return nil }
            return gate.name
        }
    }
}
