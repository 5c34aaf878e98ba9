extension Circuit {
    /// The circuit as OpenQASM 2.0 (`qreg q[n]`, qelib1 gate names,
    /// parameters in Swift's shortest round-trip form so that parsing the
    /// text back gives the same circuit). Throws for a gate that OpenQASM 2
    /// cannot name (a dense `unitary`, `iswap`, multi-controlled gates).
    public func qasm() throws(QASMError) -> String {
        var out = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[\(qubitCount)];\n"
        for (k, op) in operations.enumerated() {
            guard let name = QASMGateLibrary.exportName(of: op.gate) else {
                throw QASMError(line: k + 4, column: 1,
                                message: "gate \(op.gate.name) (operation \(k)) has no OpenQASM 2 form: decompose it first")
            }
            let params = op.gate.parameters.isEmpty ? "" : "(" + op.gate.parameters.map { "\($0)" }.joined(separator: ",") + ")"
            out += name + params + " " + op.qubits.map { "q[\($0)]" }.joined(separator: ",") + ";\n"
        }
        return out
    }
}
