import Foundation
import QuantumSim
import QuantumSimTestSupport
import Testing

private let circuits = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Benchmarks/circuits")

/// The error a text gives, or "" when it parses.
private func qasmError(_ text: String) -> String {
    do {
        _ = try QASMProgram(parsing: text)
        return ""
    } catch {
        return error.description
    }
}

private let header = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n"

@Suite struct QASMTests {
    @Test(arguments: ["hadamards-20", "hadamards-24", "qft-20", "qft-24", "random-20", "random-24"])
    func benchmarkCircuitsParse(name: String) throws {
        let text = try String(contentsOf: circuits.appendingPathComponent("\(name).qasm"), encoding: .utf8)
        let c = try Circuit(qasm: text)
        #expect(c.qubitCount == (name.hasSuffix("24") ? 24 : 20))
        if name == "qft-24" { #expect(c.operations.count == 312) }
        if name == "random-24" { #expect(c.operations.count == 950) }
        // Round trip: parse → export → parse gives the same circuit.
        #expect(try Circuit(qasm: c.qasm()) == c)
    }

    @Test func qftOfZeroIsTheUniformState() throws {
        let text = try String(contentsOf: circuits.appendingPathComponent("qft-20.qasm"), encoding: .utf8)
        var s = try StateVector(qubits: 20, options: ExecutionOptions(threads: 2))
        try s.apply(Circuit(qasm: text))
        let p = s.probabilities
        #expect(p.allSatisfy { abs($0 - 1.0 / Double(1 << 20)) < 1e-15 })
    }

    @Test func bellGhzAndBroadcasting() throws {
        let bell = try Circuit(qasm: header + "qreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n")
        #expect(bell == (try Circuit(qubits: 2).h(0).cx(0, 1)))
        // Whole registers apply index by index; a single qubit pairs with each.
        let p = try QASMProgram(parsing: header + "qreg a[3];\nqreg b[3];\nh a;\ncx a,b;\ncz a[0],b;\n")
        let c = try p.circuit()
        #expect(c.operations.map(\.qubits) == [[0], [1], [2], [0, 3], [1, 4], [2, 5], [0, 3], [0, 4], [0, 5]])
        var s = try StateVector(qubits: 6)
        try s.apply(try Circuit(qasm: header + "qreg q[6];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\ncx q[2],q[3];\ncx q[3],q[4];\ncx q[4],q[5];\n"))
        let (p0, p63) = (try s.probability(0), try s.probability(63))
        #expect(abs(p0 - 0.5) < 1e-14 && abs(p63 - 0.5) < 1e-14)
    }

    @Test func gateDefinitionsAndExpressions() throws {
        let text = header + """
            qreg q[2];
            gate rot(a, b) x { rz(a) x; ry(b / 2) x; }
            gate pair(t) x, y { rot(t, -t) x; cx x, y; u1(t^2) y; barrier x, y; }
            pair(pi/3) q[0], q[1];
            rz(-pi/2 + 2*pi^2/4 - sqrt(4)*ln(exp(1)) + sin(0) + cos(0) + tan(0)) q[1];
            """
        let c = try Circuit(qasm: text)
        let t = Double.pi / 3
        let expected = try Circuit(qubits: 2).rz(t, 0).ry(-t / 2, 0).cx(0, 1).p(t * t, 1)
            .rz(-Double.pi / 2 + 2 * Double.pi * Double.pi / 4 - 2 + 1, 1)
        #expect(c.operations.count == 5)
        for (a, b) in zip(c.operations, expected.operations) {
            #expect(a.qubits == b.qubits)
            #expect(zip(a.gate.matrix, b.gate.matrix).allSatisfy { ($0 - $1).length < 1e-12 })
        }
    }

    @Test func everyQelibGateMatchesItsDefinition() throws {
        // u3/u2/u1 against U; controlled gates against their target under a control.
        let text = header + """
            qreg q[3];
            u3(0.1,0.2,0.3) q[0]; u2(0.4,0.5) q[1]; u1(0.6) q[2]; U(0.1,0.2,0.3) q[0]; id q[1]; u0(1) q[1];
            x q[0]; y q[1]; z q[2]; h q[0]; s q[1]; sdg q[2]; t q[0]; tdg q[1]; sx q[2]; sxdg q[0];
            rx(0.7) q[1]; ry(0.8) q[2]; rz(0.9) q[0]; p(1.0) q[1];
            cx q[0],q[1]; CX q[1],q[2]; cy q[2],q[0]; cz q[0],q[2]; ch q[1],q[0]; csx q[2],q[1]; swap q[0],q[2];
            crx(0.1) q[0],q[1]; cry(0.2) q[1],q[2]; crz(0.3) q[2],q[0]; cu1(0.4) q[0],q[1]; cp(0.5) q[1],q[2];
            cu3(0.6,0.7,0.8) q[2],q[0]; cu(0.1,0.2,0.3,0.4) q[0],q[1]; rxx(0.5) q[1],q[2]; rzz(0.6) q[0],q[2];
            ccx q[0],q[1],q[2]; cswap q[2],q[0],q[1];
            """
        let c = try Circuit(qasm: text)
        #expect(c.operations.count == 38)
        for op in c.operations {
            let m = op.gate.matrix, d = Int(Double(m.count).squareRoot())
            // Unitary.
            for i in 0..<d { for j in 0..<d {
                var s = Complex<Double>.zero
                for k in 0..<d { s = s + m[k * d + i].conjugate * m[k * d + j] }
                #expect((s - (i == j ? .one : .zero)).length < 1e-12, "\(op.gate.name)")
            } }
        }
        // Spot checks against closed forms.
        let u2 = c.operations[1].gate.matrix, r = 1 / 2.0.squareRoot()
        #expect((u2[0] - Complex(r)).length < 1e-12 && (u2[1] + Complex(length: r, phase: 0.5)).length < 1e-12)
        let rzz = c.operations[35].gate.matrix
        #expect((rzz[0] - Complex(length: 1, phase: -0.3)).length < 1e-12 && (rzz[5] - Complex(length: 1, phase: 0.3)).length < 1e-12)
        let cu = c.operations[33].gate.matrix // control q[0] (low bit) set: e^{iγ}·U
        #expect((cu[3 * 4 + 3] - Complex(length: 1, phase: 0.4 + 0.2 + 0.3) * Complex(Double.cos(0.05))).length < 1e-12)
    }

    @Test func roundTripOfEveryExportableGate() throws {
        var rng = SeededGenerator(seed: 3)
        var c = try Circuit(qubits: 4)
        for _ in 0..<200 {
            let a = Int.random(in: 0..<4, using: &rng), b = (a + Int.random(in: 1..<4, using: &rng)) % 4
            let x = Double.random(in: -7...7, using: &rng)
            switch Int.random(in: 0..<12, using: &rng) {
            case 0: c = try c.h(a)
            case 1: c = try c.rx(x, a)
            case 2: c = try c.u(x, x / 3, -x, a)
            case 3: c = try c.cx(a, b)
            case 4: c = try c.cp(x, a, b)
            case 5: c = try c.swap(a, b)
            case 6: c = try c.crz(x, a, b)
            case 7: c = try c.p(x, a)
            case 8: c = try c.sx(a)
            case 9: c = try c.cz(a, b)
            case 10: c = try c.t(a)
            default: c = try c.ry(1e-9 * x, a)
            }
        }
        let again = try Circuit(qasm: c.qasm())
        #expect(again == c)
        #expect(try Circuit(qasm: again.qasm()) == again)
    }

    @Test func exportRefusesGatesWithoutAnOpenQASM2Form() throws {
        var c = try Circuit(qubits: 2)
        try c.append(Gate.iswap, on: [0, 1])
        #expect(throws: QASMError.self) { _ = try c.qasm() }
    }

    @Test func errorsNameTheLineColumnAndWhatWasExpected() {
        #expect(qasmError("qreg q[2];") == "line 1, column 1: this is not OpenQASM 2: a program starts with \"OPENQASM 2.0;\"")
        #expect(qasmError("OPENQASM 3.0;") == "line 1, column 10: unsupported OpenQASM version 3.0: expected 2.0")
        #expect(qasmError(header + "qreg q[2];\nfoo q[0];\n") == "line 4, column 1: unknown gate foo")
        #expect(qasmError("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n") == "line 3, column 1: unknown gate h (add include \"qelib1.inc\";)")
        #expect(qasmError(header + "qreg q[2];\nrx q[0];\n") == "line 4, column 1: gate rx takes 1 parameter(s), given 0")
        #expect(qasmError(header + "qreg q[2];\ncx q[0];\n") == "line 4, column 1: gate cx acts on 2 qubit(s), given 1")
        #expect(qasmError(header + "qreg q[2];\nh q[2];\n") == "line 4, column 5: index 2 is out of range for q[2]")
        #expect(qasmError(header + "qreg q[2];\nh r[0];\n") == "line 4, column 3: unknown quantum register r: declared are q")
        #expect(qasmError(header + "opaque g q;\n").contains("line 3, column 1: opaque gates have no definition"))
        #expect(qasmError("OPENQASM 2.0;\ninclude \"other.inc\";\n").contains("cannot include \"other.inc\""))
        #expect(qasmError(header + "qreg a[2];\nqreg b[3];\ncx a,b;\n").contains("line 5, column 1: registers of different sizes"))
        #expect(qasmError(header + "qreg q[2]\nh q[0];\n") == "line 4, column 1: expected \";\" but found \"h\"")
        #expect(qasmError(header + "qreg q[2];\nqreg q[1];\n").contains("register q is declared twice"))
        #expect(qasmError(header + "qreg q[1];\nrz(theta) q[0];\n").contains("line 4, column 4: unknown name theta"))
        #expect(qasmError(header + "qreg q[1];\ngate g a { h a;\n").contains("is not closed"))
        #expect(qasmError(header + "qreg q[1];\nh q[0]; $\n").contains("line 4, column 9: unexpected character \"$\""))
        #expect(qasmError(header + "qreg q[2];\ncx q[0],q[0];\n").contains("applied to qubit 0 twice"))
        #expect(qasmError(header + "qreg q[1];\ncreg c[2];\nmeasure q -> c;\n").contains("sizes must match"))
        #expect(qasmError(header + "qreg q[1];\ncreg c[1];\nif (c == 2) x q[0];\n").contains("does not fit the 1 bits of c"))
        #expect(qasmError(header + "qreg q[70];\n").contains("at most 62"))
        #expect(qasmError("OPENQASM 2.0;\nqreg q[1];\ngate g a { U(0,0,0) b; }\n").contains("b is not a qubit of gate g"))
        #expect(qasmError(header + "qreg q[1];\ncreg c[1];\nif (c == 0) qreg r[1];\n").contains("expected a gate application"))
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(qasmError(header + "qreg q[1];\nrz(\(deep)) q[0];\n").contains("nests deeper than 256 levels"))
        // Definitions that double at each level would expand to 2^40 gates: refused, not attempted.
        var doubling = header + "qreg q[1];\ngate g0 a { x a; x a; }\n"
        for k in 1...40 { doubling += "gate g\(k) a { g\(k - 1) a; g\(k - 1) a; }\n" }
        #expect(qasmError(doubling + "g40 q[0];\n").contains("expands to more than"))
        #expect(qasmError("{\"not\": \"qasm\"}").contains("this is not OpenQASM 2"))
    }

    @Test func programsWithMeasurementsResetsAndConditions() throws {
        let p = try QASMProgram(parsing: header + """
            qreg q[2];
            creg c[2];
            h q[0];
            measure q[0] -> c[0];
            reset q[1];
            if (c == 1) x q[1];
            measure q[1] -> c[1];
            """)
        #expect(p.qubitCount == 2 && p.bitCount == 2 && p.instructions.count == 5)
        #expect(!p.measuresOnlyAtTheEnd)
        if case let .conditional(register, value, inner) = p.instructions[3] {
            #expect(register == "c" && value == 1 && inner == .gate(.x, qubits: [1]))
        } else {
            Issue.record("expected a conditional")
        }
        #expect(throws: QASMError.self) { _ = try p.circuit() }
    }

    /// Teleportation with classical feed-forward, shot by shot: q2 ends in
    /// RY(θ)|0⟩, so it reads 1 with probability sin²(θ/2) whatever Alice's
    /// outcomes; and a reset qubit always reads 0.
    @Test func shotsFeedMeasurementsForwardAndReset() throws {
        let theta = 1.1
        let p = try QASMProgram(parsing: header + """
            qreg q[3];
            creg a[1];
            creg b[1];
            creg out[1];
            creg r[1];
            ry(\(theta)) q[0];
            h q[1];
            cx q[1], q[2];
            cx q[0], q[1];
            h q[0];
            measure q[0] -> a[0];
            measure q[1] -> b[0];
            if (b == 1) x q[2];
            if (a == 1) z q[2];
            measure q[2] -> out[0];
            x q[0];
            reset q[0];
            measure q[0] -> r[0];
            """)
        var rng = SeededGenerator(seed: 21)
        let shots = 4000
        var ones = 0, outcomes = Set<Int>()
        for _ in 0..<shots {
            let bits = try p.runShot(using: &rng)
            #expect(bits & 0b1000 == 0, "the reset qubit read 1")
            ones += (bits >> 2) & 1
            outcomes.insert(bits & 0b11)
        }
        let expected = sin(theta / 2) * sin(theta / 2), se = (expected * (1 - expected) / Double(shots)).squareRoot()
        #expect(abs(Double(ones) / Double(shots) - expected) < 4 * se)
        #expect(outcomes == [0, 1, 2, 3], "Alice's outcomes are uniform: all four appear")
    }

    @Test func fuzzedAndTruncatedInputNeverCrashOrHang() throws {
        var rng = SeededGenerator(seed: 99)
        let valid = try String(contentsOf: circuits.appendingPathComponent("qft-20.qasm"), encoding: .utf8)
        let alphabet = Array("OPENQASM 2.0;include\"qelib1.inc\"qreg creg gate measure->if(==)[]{},;+-*/^pi sin 0123456789.e\nxyzhq c ")
        let start = Date()
        for trial in 0..<3000 {
            let text: String
            switch trial % 3 {
            case 0: text = String(valid.prefix(Int.random(in: 0..<min(valid.count, 4000), using: &rng)))
            case 1:
                text = String((0..<Int.random(in: 0..<200, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            default:
                var chars = Array(valid.prefix(600))
                for _ in 0..<5 { chars[Int.random(in: 0..<chars.count, using: &rng)] = alphabet.randomElement(using: &rng)! }
                text = String(chars)
            }
            _ = try? QASMProgram(parsing: text) // must return or throw, never trap
        }
        #expect(Date().timeIntervalSince(start) < 30)
    }
}
