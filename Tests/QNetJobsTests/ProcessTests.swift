import Foundation
import Testing

/// The `qnet` executable built beside this test bundle.
func qnetExecutable() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("qnet"),
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/qnet"),
    ]
    return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                        "qnet executable not found in \(candidates.map(\.path))")
}

/// Runs qnet with `arguments` to the end; returns its exit status and stderr.
func runQnet(_ arguments: [String], in dir: URL) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = try qnetExecutable()
    p.arguments = arguments
    p.currentDirectoryURL = dir
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// Starts qnet with `arguments` in `dir` without waiting for it (stderr to `stderr` if given).
func startQnet(_ arguments: [String], in dir: URL, stderr: Pipe? = nil) throws -> Process {
    let p = Process()
    p.executableURL = try qnetExecutable()
    p.arguments = arguments
    p.currentDirectoryURL = dir
    if let stderr { p.standardError = stderr }
    try p.run()
    return p
}

/// Waits, at most 60 s, until `path` holds `lines` lines or `process` has ended.
func waitForLines(_ path: String, atLeast lines: Int, while process: Process) {
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline, process.isRunning,
          ((try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? 0) < lines { usleep(2000) }
}

/// A job of 40 points slow enough (tens of ms each) to be killed mid-way.
let slowJob = """
    protocol: teleportation
    runs: 400
    seed: 5
    parameters: {t1_s: 1, t2_s: 0.5, gate_error_2q: 0.01}
    sweep:
      axes:
        - parameter: length_km
          linear: {from: 1, to: 40, count: 40}
    output: {csv: out.csv, jsonl: out.jsonl}
    """

@Suite(.serialized) struct ProcessTests {
    @Test func killedRunResumesToTheFileOfAnUninterruptedRun() throws {
        let dir = try scratchDirectory("kill")
        try slowJob.write(to: dir.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        // The reference: one uninterrupted run.
        let ref = try scratchDirectory("kill-ref")
        try slowJob.write(to: ref.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        #expect(try runQnet(["run", "job.yaml", "--quiet", "--threads", "2"], in: ref).status == 0)

        // Start, wait for some points, kill -9 (no chance to clean up).
        let p = try startQnet(["run", "job.yaml", "--quiet", "--threads", "2"], in: dir)
        let csv = dir.appendingPathComponent("out.csv").path
        waitForLines(csv, atLeast: 6, while: p)
        let killedEarly = p.isRunning
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(killedEarly, "the run finished before it could be killed: make the job slower")
        let partial = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").count - 1
        #expect(partial >= 5 && partial < 40)

        // Without --resume the existing file is refused, with it the run completes.
        let refused = try runQnet(["run", "job.yaml", "--quiet"], in: dir)
        #expect(refused.status != 0 && refused.stderr.contains("already exists: run with --resume"))
        #expect(try runQnet(["run", "job.yaml", "--quiet", "--resume"], in: dir).status == 0)
        for name in ["out.csv", "out.jsonl"] {
            #expect(try deterministicPart(dir.appendingPathComponent(name).path)
                == deterministicPart(ref.appendingPathComponent(name).path))
        }
    }

    @Test func interruptStopsCleanlyAndSaysHowToResume() throws {
        let dir = try scratchDirectory("sigint")
        try slowJob.write(to: dir.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        let err = Pipe()
        let p = try startQnet(["run", "job.yaml", "--quiet", "--threads", "1"], in: dir, stderr: err)
        let csv = dir.appendingPathComponent("out.csv").path
        waitForLines(csv, atLeast: 3, while: p)
        kill(p.processIdentifier, SIGINT)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        #expect(message.contains("resume with: qnet run job.yaml --resume"))
        let lines = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(lines.hasSuffix("\n") && lines.split(separator: "\n").count >= 3)
    }

    @Test func aBadJobWritesNothing() throws {
        let dir = try scratchDirectory("bad")
        try """
            protocol: teleportation
            parameters: {t1_s: 1}
            sweep: {axes: [{parameter: t2_s, values: [1, 5]}]}
            output: {csv: out.csv}
            """.write(to: dir.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        let r = try runQnet(["run", "job.yaml"], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains("job.yaml") && r.stderr.contains("T2 = 5.0 is invalid"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.csv").path))
        let v = try runQnet(["validate", "job.yaml"], in: dir)
        #expect(v.status != 0 && v.stderr.contains("point 1 (t2_s = 5)"))
    }

    @Test func commandLineOutputsAndPlot() throws {
        let dir = try scratchDirectory("cli-outputs")
        try """
            protocol: purification
            runs: 200
            parameters: {length_km: 5}
            sweep:
              axes:
                - parameter: scheme
                  values: [bbpssw, dejmps]
                - parameter: source_fidelity
                  linear: {from: 0.6, to: 0.9, count: 4}
            """.write(to: dir.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        let r = try runQnet(["run", "job.yaml", "--csv", "r.csv", "--jsonl", "r.jsonl", "--plot", "p.svg",
                             "--plot-x", "source_fidelity", "--plot-series", "scheme"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("scheme") && r.stdout.contains("results: r.csv and r.jsonl (8 points)"))
        #expect(r.stderr.contains("8/8 points")) // periodic progress lines when stderr is not a terminal
        let svg = try String(contentsOf: dir.appendingPathComponent("p.svg"), encoding: .utf8)
        #expect(svg.components(separatedBy: "<polyline").count == 3 && svg.contains(">scheme<") && svg.contains(">dejmps<"))
        let jsonl = try String(contentsOf: dir.appendingPathComponent("r.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(jsonl.count == 8 && jsonl[0].hasPrefix("{\"index\":0,\"scheme\":\"bbpssw\","))
        let quiet = try runQnet(["run", "job.yaml", "--csv", "r.csv", "--force", "--quiet"], in: dir)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty)
    }

    @Test func infoAndHelp() throws {
        let dir = try scratchDirectory("info")
        let info = try runQnet(["info"], in: dir)
        #expect(info.status == 0 && info.stdout.contains("kernel variants supported") && info.stdout.contains("blas"))
        for sub in ["run", "validate", "info"] {
            let h = try runQnet([sub, "--help"], in: dir)
            #expect(h.status == 0 && h.stdout.contains("USAGE"), "\(sub)")
        }
    }
}

@Suite struct SimulateCommandTests {
    private func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return name
    }

    @Test func countsAmplitudesAndProbabilities() throws {
        let dir = try scratchDirectory("simulate")
        let bell = try write("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n",
                             "bell.qasm", in: dir)
        let counts = try runQnet(["simulate", bell, "--shots", "2000", "--seed", "1", "--format", "json"], in: dir)
        #expect(counts.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(counts.stdout.utf8)) as! [String: Any]
        let c = json["counts"] as! [String: Int]
        #expect(Set(c.keys) == ["00", "11"] && c.values.reduce(0, +) == 2000 && abs(c["00"]! - 1000) < 4 * 23)
        #expect(json["kernel"] is String && json["seconds"] is Double)
        let amps = try runQnet(["simulate", bell, "--output", "amplitudes"], in: dir)
        #expect(amps.stdout.contains("00  0.707107 + 0i") && amps.stdout.contains("11  0.707107 + 0i"))
        #expect(amps.stdout.contains("simulated in") && amps.stdout.contains("kernels"))
        let probs = try runQnet(["simulate", bell, "--output", "probabilities", "--precision", "3", "--kernel", "scalar",
                                 "--threads", "1"], in: dir)
        #expect(probs.stdout.contains("00  0.5\n") && probs.stdout.contains("scalar kernels, 1 thread"))
        #expect(json["dtype"] as? String == "complex128")
        let single = try runQnet(["simulate", bell, "--output", "amplitudes", "--single", "--format", "json"], in: dir)
        let j64 = try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as! [String: Any]
        #expect(j64["dtype"] as? String == "complex64")
        let a64 = j64["amplitudes"] as! [String: [Double]]
        #expect(Set(a64.keys) == ["00", "11"] && a64.values.allSatisfy { abs($0[0] - 0.5.squareRoot()) < 1e-6 })
    }

    @Test func midCircuitMeasurementRunsPerShot() throws {
        let dir = try scratchDirectory("simulate-shots")
        let f = try write("""
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[2];
            creg c[2];
            h q[0];
            measure q[0] -> c[0];
            if (c == 1) x q[1];
            measure q[1] -> c[1];
            """, "feed.qasm", in: dir)
        let r = try runQnet(["simulate", f, "--shots", "500", "--format", "json"], in: dir)
        let c = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["counts"] as! [String: Int]
        #expect(Set(c.keys).isSubset(of: ["00", "11"]) && c.values.reduce(0, +) == 500)
        let amps = try runQnet(["simulate", f, "--output", "amplitudes"], in: dir)
        #expect(amps.status != 0 && amps.stderr.contains("only counts are defined"))
    }

    @Test func badProgramsGetTheirLineAndColumn() throws {
        let dir = try scratchDirectory("simulate-bad")
        let f = try write("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncx q[0] q[1];\n", "bad.qasm", in: dir)
        let r = try runQnet(["simulate", f], in: dir)
        #expect(r.status == 1 && r.stderr.contains("bad.qasm:4:9: expected \";\"") && !r.stderr.contains("Usage"), "\(r.stderr)")
        let missing = try runQnet(["simulate", "nope.qasm"], in: dir)
        #expect(missing.status == 1 && missing.stderr.contains("nope.qasm: cannot read the OpenQASM file: no such file"))
    }
}
