import CKernels

/// Sends an already validated gate to the C kernels, on any buffer of
/// 2^qubitCount amplitudes (a state vector, or a density matrix seen as a
/// vector of twice as many qubits).
func applyKernel(_ gate: Gate, on qubits: [Int], to pointer: UnsafeMutablePointer<Double>, qubitCount: Int,
                 exec: qn_exec) throws(QuantumSimError) {
    var controlMask: UInt64 = 0
    for q in qubits[..<gate.controlCount] { controlMask |= 1 << UInt64(q) }
    let targets = qubits[gate.controlCount...].map { Int32($0) }
    let n = Int32(qubitCount)
    let status: Int32
    switch gate.action {
    case let .dense(m):
        status = m.withUnsafeBufferPointer { mp in
            mp.withMemoryRebound(to: Double.self) { d in
                qn_sv_apply_matrix(exec, pointer, n, targets, Int32(targets.count), d.baseAddress!, controlMask)
            }
        }
    case let .diagonal(dg):
        status = dg.withUnsafeBufferPointer { dp in
            dp.withMemoryRebound(to: Double.self) { d in
                qn_sv_apply_diagonal(exec, pointer, n, targets, Int32(targets.count), d.baseAddress!, controlMask)
            }
        }
    }
    switch status {
    case Int32(QN_OK): return
    case Int32(QN_ERR_TOO_MANY_TARGETS):
        throw .gateTooLarge(gate: gate.name, targets: gate.targetCount, maximum: Int(QN_MAX_GATE_QUBITS))
    case Int32(QN_ERR_OUT_OF_MEMORY): throw .outOfMemory(what: "the plan of gate \(gate.name)")
    default:
        throw .unsupportedVariant(requested: "\(exec.variant)", supported: KernelVariant.supported.map(\.rawValue))
    }
}
