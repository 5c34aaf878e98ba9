import CKernels
import QuantumSim
import Testing

/// Every bad input gives a typed error naming the bad value.
@Suite struct ErrorTests {
    @Test func qubitOutOfRangeAndRepeated() throws {
        var s = try StateVector(qubits: 3, options: options(.scalar))
        #expect(throws: QuantumSimError.qubitOutOfRange(qubit: 3, qubitCount: 3)) { try s.apply(.h, to: [3]) }
        #expect(throws: QuantumSimError.qubitOutOfRange(qubit: -1, qubitCount: 3)) { try s.apply(.h, to: [-1]) }
        #expect(throws: QuantumSimError.repeatedQubit(qubit: 1, qubits: [1, 1])) { try s.apply(.cx, to: [1, 1]) }
        #expect(throws: QuantumSimError.wrongQubitCount(gate: "cx", expected: 2, got: 1)) { try s.apply(.cx, to: [1]) }
        #expect(throws: QuantumSimError.qubitOutOfRange(qubit: 5, qubitCount: 3)) {
            _ = try Circuit(qubits: 3).h(0).cx(0, 5)
        }
        #expect(throws: QuantumSimError.qubitCountMismatch(expected: 3, got: 4)) { try s.apply(Circuit(qubits: 4)) }
        #expect(throws: QuantumSimError.qubitOutOfRange(qubit: 3, qubitCount: 3)) {
            _ = try s.expectation(PauliString("ZIII"))
        }
        // The failed calls left the state alone.
        #expect(try s.amplitude(0) == .one)
        let message = QuantumSimError.qubitOutOfRange(qubit: 3, qubitCount: 3).description
        #expect(message.contains("qubit 3") && message.contains("0..<3"))
    }

    @Test func nonUnitaryAndBadShapes() {
        let bad: [[Complex<Double>]] = [[.one, .one], [.zero, .one]]
        #expect {
            _ = try Gate.unitary(bad, name: "shear")
        } throws: { error in
            guard case let .notUnitary(name, deviation, _) = error as? QuantumSimError else { return false }
            return name == "shear" && deviation > 0.5
        }
        #expect(throws: QuantumSimError.invalidMatrixShape(gate: "unitary", rows: 3, columns: [3, 3, 3])) {
            _ = try Gate.unitary(Array(repeating: Array(repeating: Complex<Double>.one, count: 3), count: 3))
        }
        #expect(throws: QuantumSimError.invalidMatrixShape(gate: "unitary", rows: 2, columns: [2, 1])) {
            _ = try Gate.unitary([[.one, .zero], [.one]])
        }
        let big = (0..<64).map { r in (0..<64).map { c in r == c ? Complex<Double>.one : .zero } }
        #expect(throws: QuantumSimError.gateTooLarge(gate: "unitary", targets: 6, maximum: 5)) {
            _ = try Gate.unitary(big)
        }
    }

    @Test func stateSizeAndAmplitudes() {
        #expect {
            _ = try StateVector(qubits: 50, options: options(.scalar))
        } throws: { error in
            guard case let .stateTooLarge(q, need, _) = error as? QuantumSimError else { return false }
            return q == 50 && need == 16 << 50 && "\(error)".contains("\(UInt64(16) << 50) bytes")
        }
        #expect(throws: QuantumSimError.invalidQubitCount(0)) { _ = try StateVector(qubits: 0, options: options(.scalar)) }
        #expect(throws: QuantumSimError.amplitudeCountNotPowerOfTwo(count: 3)) {
            _ = try StateVector(amplitudes: [.one, .zero, .zero], options: options(.scalar))
        }
        #expect(throws: QuantumSimError.notNormalized(normSquared: 2, tolerance: 1e-10)) {
            _ = try StateVector(amplitudes: [.one, .one], options: options(.scalar))
        }
        #expect(throws: QuantumSimError.indexOutOfRange(index: 4, count: 4)) {
            _ = try StateVector(qubits: 2, options: options(.scalar)).amplitude(4)
        }
    }

    @Test func variantsThreadsAndEnvironment() throws {
        #expect(throws: QuantumSimError.unknownVariant(requested: "sse9", known: ["scalar", "avx2", "avx512"])) {
            _ = try ExecutionOptions.parse(kernel: "sse9", threads: nil)
        }
        #expect(throws: QuantumSimError.invalidThreadCount("zero")) {
            _ = try ExecutionOptions.parse(kernel: nil, threads: "zero")
        }
        #expect(throws: QuantumSimError.invalidThreadCount("0")) { _ = try ExecutionOptions(threads: 0) }
        #expect(throws: QuantumSimError.invalidParallelQubits(0)) { _ = try ExecutionOptions(parallelQubits: 0) }
        let o = try ExecutionOptions.parse(kernel: "SCALAR", threads: "3")
        #expect(o.variant == .scalar && o.threads == 3)
        #expect(try ExecutionOptions.parse(kernel: "", threads: "").variant == KernelVariant.best)
        for v in KernelVariant.allCases where !v.isSupported {
            #expect(throws: QuantumSimError.self) { _ = try ExecutionOptions(variant: v) }
        }
    }

    @Test func measurementInputs() throws {
        let s = try StateVector(qubits: 2, options: options(.scalar))
        var g = SeededGenerator(seed: 1)
        #expect(throws: QuantumSimError.invalidShots(-1)) { _ = try s.sample(shots: -1, using: &g) }
        #expect(try s.sample(shots: 0, using: &g).isEmpty)
        #expect(throws: QuantumSimError.repeatedQubit(qubit: 0, qubits: [0, 0])) { _ = try s.marginalProbabilities([0, 0]) }
        #expect(throws: QuantumSimError.invalidPauliString("XQ", reason: "'Q' at qubit 0 is not one of I, X, Y, Z")) {
            _ = try PauliString("XQ")
        }
        var t = try StateVector(qubits: 2, options: options(.scalar))
        #expect(throws: QuantumSimError.qubitCountMismatch(expected: 2, got: 3)) {
            _ = try t.inner(StateVector(qubits: 3, options: options(.scalar)))
        }
        _ = try t.measure(0, using: &g)
    }
}

/// The C layer refuses a variant it cannot run instead of crashing.
@Suite struct KernelStatusTests {
    @Test func unknownVariantIsAStatusNotACrash() {
        #expect(qn_variant_supported(7) == 0)
        #expect(qn_variant_name(7) == nil)
        let sv = qn_alloc(8)!
        defer { qn_free(sv) }
        qn_sv_init_zero(qn_exec(variant: 0, threads: 1, parallel_qubits: 0, precision: 0), sv, 2)
        let h: [Double] = [0.7071067811865476, 0, 0.7071067811865476, 0, 0.7071067811865476, 0, -0.7071067811865476, 0]
        var target: Int32 = 0
        let status = qn_sv_apply_matrix(qn_exec(variant: 7, threads: 1, parallel_qubits: 0, precision: 0), sv, 2, &target, 1, h, 0)
        #expect(status == Int32(QN_ERR_VARIANT_UNSUPPORTED))
        #expect(sv[0] == 1) // untouched
    }
}

@Suite struct SimulatorInfoTests {
    @Test func reportsKernelsAndBLAS() {
        let info = SimulatorInfo()
        #expect(info.supportedVariants.first == .scalar)
        #expect(info.supportedVariants.contains(info.bestVariant))
        #expect(info.blasThreads == 1) // never oversubscribe QNet's own threads
        #expect(!info.blasCore.isEmpty && info.lapackVersion.hasPrefix("3."))
        #expect(info.description.contains("best: \(info.bestVariant)"))
    }
}
