import CKernels

/// Sends an already validated gate to the C kernels, on any buffer of
/// 2^qubitCount amplitudes (a state vector, or a density matrix seen as a
/// vector of twice as many qubits).
func applyKernel(_ gate: Gate, on qubits: [Int], shiftedBy shift: Int = 0, to pointer: UnsafeMutableRawPointer,
                 qubitCount: Int, exec: qn_exec) throws(QuantumSimError) {
    try applyKernel(gate, to: pointer, qubitCount: qubitCount, exec: exec) { qubits[$0] + shift }
}

/// A channel's superoperator on a density matrix's vector: its k qubits on
/// the row side, then the same qubits + `shift` on the column side.
func applySuperoperator(_ superoperator: Gate, on qubits: [Int], shift: Int, to pointer: UnsafeMutableRawPointer,
                        qubitCount: Int, exec: qn_exec) throws(QuantumSimError) {
    let k = qubits.count
    try applyKernel(superoperator, to: pointer, qubitCount: qubitCount, exec: exec) { $0 < k ? qubits[$0] : qubits[$0 - k] + shift }
}

/// The core: `qubit(i)` is the gate's i-th qubit (controls first). The
/// target list lives on the stack: small states make many calls.
private func applyKernel(_ gate: Gate, to pointer: UnsafeMutableRawPointer, qubitCount: Int, exec: qn_exec,
                         qubit: (Int) -> Int) throws(QuantumSimError) {
    var controlMask: UInt64 = 0
    for i in 0..<gate.controlCount { controlMask |= 1 << UInt64(qubit(i)) }
    let n = Int32(qubitCount), count = gate.targetCount
    let status: Int32 = withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { targets in
        for i in 0..<count { targets[i] = Int32(qubit(gate.controlCount + i)) }
        let t = targets.baseAddress!
        switch gate.action {
        case let .dense(m):
            return m.withUnsafeBufferPointer { mp in
                mp.withMemoryRebound(to: Double.self) { d in
                    qn_sv_apply_matrix(exec, pointer, n, t, Int32(count), d.baseAddress!, controlMask)
                }
            }
        case let .diagonal(dg):
            return dg.withUnsafeBufferPointer { dp in
                dp.withMemoryRebound(to: Double.self) { d in
                    qn_sv_apply_diagonal(exec, pointer, n, t, Int32(count), d.baseAddress!, controlMask)
                }
            }
        }
    }
    try checkKernelStatus(status, widest: gate, exec: exec)
}

/// The error of a gate kernel's status (`widest`: the gate named when there
/// are too many targets).
private func checkKernelStatus(_ status: Int32, widest gate: Gate, exec: qn_exec) throws(QuantumSimError) {
    switch status {
    case Int32(QN_OK): return
    case Int32(QN_ERR_TOO_MANY_TARGETS):
        throw .gateTooLarge(gate: gate.name, targets: gate.targetCount, maximum: Int(QN_MAX_GATE_QUBITS))
    case Int32(QN_ERR_OUT_OF_MEMORY): throw .outOfMemory(what: "the plan of gate \(gate.name)")
    default:
        throw .unsupportedVariant(requested: "\(exec.variant)", supported: KernelVariant.supported.map(\.rawValue))
    }
}

/// A run of operations whose qubits all lie below `blockQubits`, applied one
/// block of 2^blockQubits amplitudes at a time (see `qn_sv_apply_blocked`).
func applyBlocked(_ ops: ArraySlice<Operation>, blockQubits: Int, to pointer: UnsafeMutableRawPointer,
                  qubitCount: Int, exec: qn_exec) throws(QuantumSimError) {
    var targetCounts: [Int32] = [], targets: [Int32] = [], values: [Double] = []
    var masks: [UInt64] = [], diagonal: [Int32] = []
    for op in ops {
        let gate = op.gate
        var mask: UInt64 = 0
        for q in op.qubits[..<gate.controlCount] { mask |= 1 << UInt64(q) }
        masks.append(mask)
        targetCounts.append(Int32(gate.targetCount))
        for q in op.qubits[gate.controlCount...] { targets.append(Int32(q)) }
        switch gate.action {
        case let .dense(m):
            diagonal.append(0)
            for c in m { values.append(c.real); values.append(c.imaginary) }
        case let .diagonal(d):
            diagonal.append(1)
            for c in d { values.append(c.real); values.append(c.imaginary) }
        }
    }
    let status = qn_sv_apply_blocked(exec, pointer, Int32(qubitCount), Int32(blockQubits), Int32(ops.count),
                                     targetCounts, targets, values, masks, diagonal)
    guard status != Int32(QN_OK) else { return }
    try checkKernelStatus(status, widest: ops.map(\.gate).max { $0.targetCount < $1.targetCount }!, exec: exec)
}
