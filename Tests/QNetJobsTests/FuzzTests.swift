import Foundation
@testable import QNetJobs
import QuantumSim
import Testing

/// A seeded mutation fuzzer for the readers of untrusted text: the OpenQASM
/// reader (then the simulation of what it accepts, when small), the job
/// reader (then building every point of small sweeps and the job's
/// fingerprint) and the network reader (then its exports and drawing). Inputs are the committed programs and example jobs, mutated
/// by byte flips, cuts, duplications and insertions of tokens chosen to
/// reach the limits (huge numbers, deep nesting, NaN, wide registers).
///
/// A crash fails the whole test run, which is the point; a slow input fails
/// its check. CI runs a bounded number of inputs; `QNET_FUZZ_SECONDS=600`
/// (scripts/fuzz) runs each fuzzer for that long. Inputs that once crashed
/// are kept below as regression cases.
@Suite struct FuzzTests {
    static let seconds = Double(ProcessInfo.processInfo.environment["QNET_FUZZ_SECONDS"] ?? "") ?? 0
    static let ciInputs = 1500
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Inputs that crashed, hung or allocated without bound before issue 16.
    static let qasmRegressions = [
        "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\nrx(" + Array(repeating: "1", count: 90_000).joined(separator: "+") + ") q[0];\n",
        "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\nrx(" + Array(repeating: "1", count: 90_000).joined(separator: "*") + ") q[0];\n",
        "OPENQASM 2.0;\nqreg q[1];\ncreg c[40];\nmeasure q[0] -> c[0];\n",
        "OPENQASM 2.0;\nqreg q[1];\ncreg c[64];\nmeasure q[0] -> c[0];\n",
        "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\nrx(0/0) q[0];\n",
        "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\nrx(1e999) q[0];\n",
        "OPENQASM 2.0;\nqreg q[1];\ncreg c[62];\nmeasure q[0] -> c[61];\nif (c==4611686018427387904) U(0,0,0) q[0];\n",
    ]
    static let jobRegressions = [
        "protocol: teleportation\nsweep:\n  axes:\n" + ["length_km", "t1_s", "t2_s"].map {
            "    - parameter: \($0)\n      linear: {from: 1, to: 2, count: 10000000}\n"
        }.joined(),
        "protocol: teleportation\nplot: {log_x: yes}\n",
        "protocol: teleportation\nname: ../../escape\n",
        "protocol: teleportation\nmax_points: 9223372036854775807\nsweep:\n  axes:\n    - parameter: length_km\n      values: [1, 2]\n",
    ]

    static let qasmTokens = ["OPENQASM 2.0;", "include \"qelib1.inc\";", "qreg q[3];", "creg c[62];", "creg c[63];", "[", "]", "(", ")",
                             "{", "}", ";", ",", "+", "-", "*", "/", "^", "pi", "sqrt(", "ln(", "0/0", "1e999", "1e308*10",
                             "99999999999999999999", "-1", "4611686018427387904", "gate g(a) x { rx(a) x; }", "g(1) q[0];",
                             "if (c==1) ", "measure q -> c;", "reset q[0];", "barrier q;", "U(0,0,0) q[0];", "CX q[0],q[1];",
                             "opaque o q;", "\"", "\n", "//", "é", "\u{0}", "qreg r[62];", "cx q, q;", "h q;",
                             String(repeating: "(", count: 300), String(repeating: "-", count: 300)]
    static let jobTokens = ["protocol: teleportation", "sweep:", "axes:", "- parameter: length_km", "values: [1, 2, 3]",
                            "linear: {from: 1, to: 2, count: 10000000}", "log: {from: 0, to: 1, count: 3}", ".inf", "nan",
                            "-1", "[", "]", "{", "}", ":", "\n  ", "\n    ", "&a", "*a", "!!str", "null", "~", "'", "\"",
                            "output: {csv: r.csv}", "name: x", "max_points: 1", "runs: 0", "seed: -1",
                            "18446744073709551616", "mode: zip", "plot: {x: index, log_x: true}", "é", "\t", "---", "..."]

    static func corpus(_ ext: String, under dir: String) -> [String] {
        let base = root.appendingPathComponent(dir)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        return names.filter { $0.hasSuffix(ext) }.sorted().compactMap {
            try? String(contentsOf: base.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// One mutation of `text` (as bytes, so invalid UTF-8 and cut sequences occur).
    static func mutate(_ text: String, tokens: [String], using rng: inout SeededGenerator) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &rng)))
            case 2 where !bytes.isEmpty:
                let span = bytes[at..<min(bytes.count, at + Int.random(in: 1...256, using: &rng))]
                bytes.insert(contentsOf: Array(span), at: at)
            default: bytes.insert(contentsOf: Array((tokens.randomElement(using: &rng) ?? "").utf8), at: at)
            }
        }
        // Keep inputs small enough that each runs in milliseconds.
        return String(decoding: bytes.prefix(200_000), as: UTF8.self)
    }

    /// Runs `body` on mutated inputs for --seconds or `ciInputs` inputs;
    /// each input must finish within 20 s (a hang fails; a slow CI machine does not).
    static func fuzz(_ seeds: [String], tokens: [String], seed: UInt64, _ body: (String) -> Void) {
        var rng = SeededGenerator(seed: seed)
        let start = Date()
        var count = 0
        while Self.seconds > 0 ? Date().timeIntervalSince(start) < Self.seconds : count < Self.ciInputs {
            guard let base = seeds.randomElement(using: &rng) else { return }
            let input = mutate(base, tokens: tokens, using: &rng)
            let t = Date()
            body(input)
            let took = Date().timeIntervalSince(t)
            #expect(took < 20, "input \(count) took \(took) s: \(input.prefix(200).debugDescription)")
            count += 1
        }
        if Self.seconds > 0 { print("fuzzed \(count) inputs in \(Int(Date().timeIntervalSince(start))) s") }
    }

    /// Parses and, when small, simulates a program (every outcome a value or a thrown error).
    static func readProgram(_ text: String) {
        guard let program = try? QASMProgram(parsing: text), (1...10).contains(program.qubitCount) else { return }
        var rng = SeededGenerator(seed: 1)
        if program.measuresOnlyAtTheEnd, let circuit = try? program.circuit(),
           var state = try? StateVector(qubits: program.qubitCount, options: .singleThreaded) {
            try? state.apply(circuit)
            _ = try? state.sample(shots: 8, using: &rng)
        } else {
            for _ in 0..<2 { _ = try? program.runShot(precision: .double, options: .singleThreaded, using: &rng) }
        }
    }

    /// Reads a job and, when its sweep is small, builds every point and its fingerprint.
    static func readJob(_ text: String) {
        guard let job = try? Job.parse(text, file: "fuzz.yaml"), job.sweep.count <= 64 else { return }
        try? job.validatePoints()
        _ = JobFingerprint(job).sidecar(format: .csv, shard: nil)
        _ = job.leadingCells(job.sweep.count - 1)
    }

    static let networkTokens = ["nodes:", "links:", "classical:", "defaults:", "generate:", "- name: A", "- name: B",
                                "between: [A, B]", "between: [A, A]", "between: [A.x, B]", "preset: nv-centre", "preset: bogus",
                                "t1_s: 1", "t2_s: 3", "length_km: 1e308", "channels: 0", "position: {lat: 91, lon: 0}",
                                "position: {x_km: .inf, y_km: 0}", "{shape: waxman, nodes: 10000, size_km: 1}",
                                "{shape: grid, rows: 1000, columns: 1000, length_km: 1}", "modules: []", "band: X", "\"edges\": []",
                                "\"directed\": true", "[", "]", "{", "}", ":", "\n  ", "&a", "*a", "-1", "nan", ".inf", "é"]

    /// Reads a network file (YAML, JSON or node-link) and, when it is read, exports and draws it.
    static func readNetwork(_ text: String) {
        guard let d = try? NetworkFile.parse(text, file: "fuzz.yaml"), d.nodes.count <= 200 else { return }
        _ = NodeLinkJSON.text(d)
        _ = NetworkDOT.text(d)
        _ = NetworkSVG(network: d, title: "fuzz").svg()
    }

    @Test func networkReader() {
        let seeds = Self.corpus(".yaml", under: "examples/networks") + Self.corpus(".json", under: "Tests/QNetJobsTests/Fixtures")
        #expect(seeds.count >= 5)
        Self.fuzz(seeds, tokens: Self.networkTokens, seed: 18, Self.readNetwork)
    }

    @Test func openQASMReader() {
        for r in Self.qasmRegressions { Self.readProgram(r) }
        let seeds = Self.corpus(".qasm", under: "Benchmarks/circuits").map { String($0.prefix(4000)) } + Self.qasmRegressions.map { String($0.prefix(400)) }
        #expect(!seeds.isEmpty)
        Self.fuzz(seeds, tokens: Self.qasmTokens, seed: 16, Self.readProgram)
    }

    @Test func jobReader() {
        for r in Self.jobRegressions { Self.readJob(r) }
        // The huge sweep is read once above, not mutated: a valid 10^7-value axis takes seconds to build in debug.
        let seeds = Self.corpus(".yaml", under: "examples") + Self.corpus(".yaml", under: "examples/scenarios") + Self.jobRegressions.dropFirst()
        #expect(seeds.count > 5)
        Self.fuzz(seeds, tokens: Self.jobTokens, seed: 17, Self.readJob)
    }
}
