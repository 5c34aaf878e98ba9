import ComplexModule
import RealModule

/// A quantum gate: an optional set of control qubits and a unitary on its
/// target qubits, stored densely or, when it is diagonal, as its diagonal.
///
/// Qubit conventions (as in Qiskit): a gate is applied to a list of qubits,
/// controls first, then targets; bit `b` of a row or column index of the
/// target matrix refers to the `b`-th target. Qubit 0 is the least
/// significant bit of a basis-state index.
public struct Gate: Sendable, Hashable, CustomStringConvertible {
    /// How the target unitary is stored.
    public enum Action: Sendable, Hashable {
        /// A dense 2^k × 2^k matrix, row-major.
        case dense([Complex<Double>])
        /// The diagonal of a diagonal 2^k × 2^k matrix.
        case diagonal([Complex<Double>])
    }

    /// Lower-case name (`h`, `cx`, `rz`, ...) as in OpenQASM where one exists.
    public let name: String
    /// Angles, in radians.
    public let parameters: [Double]
    /// Number of control qubits (each controls on |1⟩).
    public let controlCount: Int
    /// Number of target qubits of ``action``.
    public let targetCount: Int
    /// The unitary on the targets.
    public let action: Action

    /// Controls plus targets.
    public var qubitCount: Int { controlCount + targetCount }

    init(name: String, parameters: [Double] = [], controls: Int = 0, targets: Int, action: Action) {
        self.name = name
        self.parameters = parameters
        self.controlCount = controls
        self.targetCount = targets
        self.action = action
    }

    /// The same target unitary under `count` more controls.
    public func controlled(by count: Int = 1, name: String? = nil) -> Gate {
        Gate(name: name ?? String(repeating: "c", count: count) + self.name, parameters: parameters,
             controls: controlCount + count, targets: targetCount, action: action)
    }

    /// The target unitary as a dense row-major matrix.
    public var targetMatrix: [Complex<Double>] {
        switch action {
        case let .dense(m): return m
        case let .diagonal(d):
            let dim = d.count
            var m = [Complex<Double>](repeating: .zero, count: dim * dim)
            for i in 0..<dim { m[i * dim + i] = d[i] }
            return m
        }
    }

    /// The whole unitary on controls and targets (controls are the low bits
    /// of the index, in the order the gate is applied), row-major.
    public var matrix: [Complex<Double>] {
        let t = targetMatrix, tdim = 1 << targetCount, cmask = (1 << controlCount) - 1
        let dim = 1 << qubitCount
        var m = [Complex<Double>](repeating: .zero, count: dim * dim)
        for r in 0..<dim {
            for c in 0..<dim where (r & cmask) == (c & cmask) {
                if r & cmask == cmask {
                    m[r * dim + c] = t[(r >> controlCount) * tdim + (c >> controlCount)]
                } else if r == c {
                    m[r * dim + c] = .one
                }
            }
        }
        return m
    }

    /// The inverse gate (U†).
    public var inverse: Gate {
        let inverseName: String
        var params = parameters
        switch name {
        case "s", "t", "cs", "ct": inverseName = name + "dg"
        case "sdg", "tdg", "csdg", "ctdg": inverseName = String(name.dropLast(2))
        case "sx": inverseName = "sxdg"
        case "sxdg": inverseName = "sx"
        case "iswap": inverseName = "iswapdg"
        case "iswapdg": inverseName = "iswap"
        default:
            if Gate.selfInverse.contains(name) {
                inverseName = name
            } else if !parameters.isEmpty, name != "u", name != "unitary" {
                inverseName = name
                params = parameters.map { -$0 }
            } else if name == "u" {
                // U(θ,φ,λ)† = U(−θ,−λ,−φ)
                inverseName = "u"
                params = [-parameters[0], -parameters[2], -parameters[1]]
            } else {
                inverseName = name.hasSuffix("†") ? String(name.dropLast()) : name + "†"
            }
        }
        let newAction: Action
        switch action {
        case let .diagonal(d): newAction = .diagonal(d.map { $0.conjugate })
        case let .dense(m):
            let dim = 1 << targetCount
            var a = m
            for r in 0..<dim { for c in 0..<dim { a[r * dim + c] = m[c * dim + r].conjugate } }
            newAction = .dense(a)
        }
        return Gate(name: inverseName, parameters: params, controls: controlCount, targets: targetCount,
                    action: newAction)
    }

    static let selfInverse: Set<String> = [
        "id", "x", "y", "z", "h", "cx", "cy", "cz", "swap", "ccx", "cswap", "mcx", "mcz", "ccz",
    ]

    public var description: String {
        parameters.isEmpty ? name : "\(name)(\(parameters.map { String($0) }.joined(separator: ", ")))"
    }
}

// MARK: - Standard gates

extension Gate {
    private static func c(_ re: Double, _ im: Double = 0) -> Complex<Double> { Complex(re, im) }
    private static func phase(_ angle: Double) -> Complex<Double> { Complex(.cos(angle), .sin(angle)) }
    private static let r2 = 1.0 / Double.sqrt(2)

    private static func one(_ name: String, _ m: [Complex<Double>], _ params: [Double] = []) -> Gate {
        Gate(name: name, parameters: params, targets: 1, action: .dense(m))
    }
    private static func diag(_ name: String, _ d: [Complex<Double>], _ params: [Double] = []) -> Gate {
        Gate(name: name, parameters: params, targets: d.count == 2 ? 1 : 2, action: .diagonal(d))
    }

    public static let i = diag("id", [c(1), c(1)])
    public static let x = one("x", [c(0), c(1), c(1), c(0)])
    public static let y = one("y", [c(0), c(0, -1), c(0, 1), c(0)])
    public static let z = diag("z", [c(1), c(-1)])
    public static let h = one("h", [c(r2), c(r2), c(r2), c(-r2)])
    public static let s = diag("s", [c(1), c(0, 1)])
    public static let sdg = diag("sdg", [c(1), c(0, -1)])
    public static let t = diag("t", [c(1), phase(.pi / 4)])
    public static let tdg = diag("tdg", [c(1), phase(-.pi / 4)])
    /// √X.
    public static let sx = one("sx", [c(0.5, 0.5), c(0.5, -0.5), c(0.5, -0.5), c(0.5, 0.5)])

    /// exp(−iθX/2).
    public static func rx(_ theta: Double) -> Gate {
        let co = Double.cos(theta / 2), si = Double.sin(theta / 2)
        return one("rx", [c(co), c(0, -si), c(0, -si), c(co)], [theta])
    }
    /// exp(−iθY/2).
    public static func ry(_ theta: Double) -> Gate {
        let co = Double.cos(theta / 2), si = Double.sin(theta / 2)
        return one("ry", [c(co), c(-si), c(si), c(co)], [theta])
    }
    /// exp(−iθZ/2) = diag(e^{−iθ/2}, e^{iθ/2}).
    public static func rz(_ theta: Double) -> Gate {
        diag("rz", [phase(-theta / 2), phase(theta / 2)], [theta])
    }
    /// Phase gate diag(1, e^{iλ}).
    public static func p(_ lambda: Double) -> Gate { diag("p", [c(1), phase(lambda)], [lambda]) }
    /// U(θ, φ, λ) as in OpenQASM 3 / Qiskit.
    public static func u(_ theta: Double, _ phi: Double, _ lambda: Double) -> Gate {
        let co = Double.cos(theta / 2), si = Double.sin(theta / 2)
        return one("u", [c(co), phase(lambda) * c(-si), phase(phi) * c(si), phase(phi + lambda) * c(co)],
                   [theta, phi, lambda])
    }

    public static let cx = x.controlled(name: "cx")
    public static let cy = y.controlled(name: "cy")
    public static let cz = diag("cz", [c(1), c(1), c(1), c(-1)])
    /// Controlled phase diag(1, 1, 1, e^{iλ}).
    public static func cp(_ lambda: Double) -> Gate { diag("cp", [c(1), c(1), c(1), phase(lambda)], [lambda]) }
    public static func crx(_ theta: Double) -> Gate { rx(theta).controlled(name: "crx") }
    public static func cry(_ theta: Double) -> Gate { ry(theta).controlled(name: "cry") }
    public static func crz(_ theta: Double) -> Gate { rz(theta).controlled(name: "crz") }
    public static let swap = Gate(name: "swap", targets: 2, action: .dense(permutation([0, 2, 1, 3])))
    public static let iswap = Gate(name: "iswap", targets: 2, action: .dense([
        c(1), c(0), c(0), c(0),
        c(0), c(0), c(0, 1), c(0),
        c(0), c(0, 1), c(0), c(0),
        c(0), c(0), c(0), c(1),
    ]))
    public static let ccx = x.controlled(by: 2, name: "ccx")
    public static let cswap = swap.controlled(name: "cswap")

    /// X controlled by `controls` qubits.
    public static func mcx(controls: Int) -> Gate { x.controlled(by: controls, name: "mcx") }
    /// Z controlled by `controls` qubits.
    public static func mcz(controls: Int) -> Gate { z.controlled(by: controls, name: "mcz") }

    private static func permutation(_ p: [Int]) -> [Complex<Double>] {
        var m = [Complex<Double>](repeating: .zero, count: p.count * p.count)
        for (col, row) in p.enumerated() { m[row * p.count + col] = .one }
        return m
    }

    /// Any unitary on `k` qubits, given as 2^k rows of 2^k entries. Checked:
    /// square of power-of-two size, at most 5 qubits, and unitary to within
    /// `tolerance` (max |U†U − I|). A diagonal matrix is stored as one.
    public static func unitary(_ rows: [[Complex<Double>]], name: String = "unitary",
                               tolerance: Double = 1e-10) throws(QuantumSimError) -> Gate {
        let dim = rows.count
        guard dim >= 2, dim & (dim - 1) == 0, rows.allSatisfy({ $0.count == dim }) else {
            throw .invalidMatrixShape(gate: name, rows: dim, columns: rows.map(\.count))
        }
        let k = dim.trailingZeroBitCount
        guard k <= maximumTargets else { throw .gateTooLarge(gate: name, targets: k, maximum: maximumTargets) }
        let deviation = unitarityDeviation(rows)
        guard deviation <= tolerance else { throw .notUnitary(gate: name, deviation: deviation, tolerance: tolerance) }
        var isDiagonal = true
        for r in 0..<dim { for c in 0..<dim where r != c && rows[r][c] != .zero { isDiagonal = false } }
        let action: Action = isDiagonal ? .diagonal((0..<dim).map { rows[$0][$0] }) : .dense(rows.flatMap { $0 })
        return Gate(name: name, targets: k, action: action)
    }

    /// Most target qubits of a dense gate.
    public static let maximumTargets = 5

    /// max over entries of |(U†U − I)_ij|.
    static func unitarityDeviation(_ u: [[Complex<Double>]]) -> Double {
        let dim = u.count
        var worst = 0.0
        for i in 0..<dim {
            for j in 0..<dim {
                var s = Complex<Double>.zero
                for k in 0..<dim { s = s + u[k][i].conjugate * u[k][j] }
                if i == j { s = s - .one }
                worst = max(worst, s.length)
            }
        }
        return worst
    }
}

extension Gate {
    /// The entry-wise complex conjugate U*: what a gate does to the column
    /// index of a density matrix.
    var conjugated: Gate {
        let a: Action
        // Real gates (X, H, CNOT, CZ, Z, ...) are their own conjugate: no copy.
        switch action {
        case let .dense(m) where m.allSatisfy({ $0.imaginary == 0 }): return self
        case let .diagonal(d) where d.allSatisfy({ $0.imaginary == 0 }): return self
        default: break
        }
        switch action {
        case let .dense(m): a = .dense(m.map { $0.conjugate })
        case let .diagonal(d): a = .diagonal(d.map { $0.conjugate })
        }
        return Gate(name: name + "*", parameters: parameters, controls: controlCount, targets: targetCount, action: a)
    }
}
