/// Programs that measure, reset or branch mid-way run shot by shot.
extension QASMProgram {
    /// One shot: the program run on a fresh state, instruction by
    /// instruction, measurements and resets sampled from `rng`. Returns the
    /// classical bits at the end as an integer (bit k of the flat bit index
    /// k, registers laid end to end).
    public func runShot(precision: Precision = .double, options: ExecutionOptions = .singleThreaded,
                        using rng: inout SeededGenerator) throws(QuantumSimError) -> Int {
        var state = try StateVector(qubits: qubitCount, precision: precision, options: options)
        var bits = 0
        for ins in instructions { try execute(ins, on: &state, bits: &bits, using: &rng) }
        return bits
    }

    private func execute(_ ins: QASMInstruction, on state: inout StateVector, bits: inout Int,
                         using rng: inout SeededGenerator) throws(QuantumSimError) {
        switch ins {
        case let .gate(g, qs): try state.apply(g, to: qs)
        case let .measure(q, b):
            let m = try state.measure(q, using: &rng)
            bits = m == 1 ? bits | (1 << b) : bits & ~(1 << b)
        case let .reset(q): try state.reset(q, using: &rng)
        case .barrier: break
        case let .conditional(name, v, inner):
            // The parser admits only declared registers in an `if`.
            guard let r = classicalRegisters.first(where: { $0.name == name }) else {
                throw .invalidParameter(name: "if register \(name)", value: .nan,
                                        expected: "a classical register of the program")
            }
            if (bits >> r.offset) & ((1 << r.size) - 1) == v { try execute(inner, on: &state, bits: &bits, using: &rng) }
        }
    }
}
