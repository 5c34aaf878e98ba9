import Foundation
import Testing

/// Issue 16's classes of hostile input, replayed against the real `qnet`
/// binary: each must end in a clear error (non-zero exit, no signal, a
/// message naming the bad value) or intact data (compared with an
/// uninterrupted run, wall time aside). Cases that need root (a private
/// device node, a small tmpfs for a full disk) are skipped without it.
@Suite(.serialized) struct HostileInputTests {
    struct Outcome {
        let status: Int32, signalled: Bool, stdout: String, stderr: String
        /// A clean refusal: exit 1 (or 64 for usage), no signal, and a message.
        var isCleanError: Bool { !signalled && status != 0 && !stderr.contains("Fatal error") && !stderr.isEmpty }
    }

    /// Runs qnet (through `sh -c` when `shell` is set, `$QNET` naming the
    /// binary), killing it after `timeout` seconds (then `signalled` holds).
    func qnet(_ arguments: [String], in dir: URL, environment: [String: String] = [:], shell: String? = nil,
              timeout: Double = 120, interruptAfter: Double? = nil) throws -> Outcome {
        let p = Process()
        let binary = try qnetExecutable()
        if let shell {
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", shell]
        } else {
            p.executableURL = binary
            p.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["QNET"] = binary.path
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.currentDirectoryURL = dir
        let out = dir.appendingPathComponent(".stdout-\(UUID().uuidString)"), err = dir.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        let start = Date()
        var interrupted = false
        while p.isRunning {
            if let after = interruptAfter, !interrupted, Date().timeIntervalSince(start) > after {
                kill(p.processIdentifier, SIGINT)
                interrupted = true
            }
            if Date().timeIntervalSince(start) > timeout { kill(p.processIdentifier, SIGKILL) }
            usleep(5000)
        }
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        return Outcome(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
                       stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                       stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    static let isRoot = getuid() == 0

    /// A job of 8 quick points writing r.csv beside itself.
    static let job = """
        protocol: teleportation
        runs: 20
        seed: 5
        sweep:
          axes:
            - parameter: length_km
              linear: {from: 1, to: 8, count: 8}
        output: {csv: r.csv}
        """

    func directory(_ name: String, job: String = HostileInputTests.job) throws -> URL {
        let dir = try scratchDirectory("hostile-\(name)")
        try job.write(to: dir.appendingPathComponent("j.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    func text(_ dir: URL, _ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }

    // MARK: 1. Outputs that are not regular files

    @Test func devicesFifosDirectoriesAreRefusedAndSymlinksFollowed() throws {
        let dir = try directory("special")
        // A private device node (never the machine's own): a copy of /dev/null's numbers.
        if Self.isRoot {
            #expect(mknod(dir.appendingPathComponent("node").path, S_IFCHR | 0o644, dev_t(0x103)) == 0)
            for extra in [["--force"], ["--resume"]] {
                let r = try qnet(["run", "j.yaml", "--csv", "node", "--quiet"] + extra, in: dir)
                #expect(r.isCleanError && r.stderr.contains("node: is a character device"), "\(r.stderr)")
            }
            var st = stat()
            #expect(lstat(dir.appendingPathComponent("node").path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
        }
        #expect(mkfifo(dir.appendingPathComponent("fifo").path, 0o644) == 0)
        let fifo = try qnet(["run", "j.yaml", "--csv", "fifo", "--resume", "--quiet"], in: dir, timeout: 30)
        #expect(fifo.isCleanError && fifo.stderr.contains("FIFO"), "\(fifo.stderr)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("adir"), withIntermediateDirectories: false)
        let d = try qnet(["run", "j.yaml", "--csv", "adir", "--force", "--quiet"], in: dir)
        #expect(d.isCleanError && d.stderr.contains("adir: is a directory"), "\(d.stderr)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("r.shard-0-of-1.csv"), withIntermediateDirectories: false)
        let plot = try qnet(["run", "j.yaml", "--csv", "p.csv", "--plot", "fifo", "--quiet"], in: dir, timeout: 30)
        #expect(plot.isCleanError && plot.stderr.contains("fifo: is a FIFO"), "\(plot.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p.csv").path), "refused before any point ran")
        let shard = try qnet(["run", "j.yaml", "--shard", "0/1", "--quiet"], in: dir)
        #expect(shard.isCleanError && shard.stderr.contains("r.shard-0-of-1.csv: is a directory"), "\(shard.stderr)")
        // A symlinked output stays a link; the results land in its target.
        try "old".write(to: dir.appendingPathComponent("target.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path, withDestinationPath: "target.csv")
        let link = try qnet(["run", "j.yaml", "--csv", "link.csv", "--force", "--quiet", "--threads", "2"], in: dir)
        #expect(link.status == 0, "\(link.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link.csv").path) == "target.csv")
        #expect(try text(dir, "target.csv").split(separator: "\n").count == 9)
        // `-` is standard output: the header and every row in point order.
        let out = try qnet(["run", "j.yaml", "--csv", "-", "--quiet", "--threads", "2"], in: dir)
        #expect(out.status == 0)
        #expect(out.stdout.split(separator: "\n").map { $0.prefix { $0 != "," } } == ["index", "0", "1", "2", "3", "4", "5", "6", "7"])
        #expect(try deterministicPart(dir.appendingPathComponent("target.csv").path)
            == out.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") })
    }

    // MARK: 2. Resume proves every row belongs to the job

    @Test func resumeRefusesForeignCutAndOutOfRangeRows() throws {
        let dir = try directory("resume")
        #expect(try qnet(["run", "j.yaml", "--quiet", "--jsonl", "r.jsonl", "--csv", "r.csv"], in: dir).status == 0)
        let good = try text(dir, "r.csv"), goodJSON = try text(dir, "r.jsonl")
        var lines = good.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        func refused(_ content: String, file: String = "r.csv", job: String? = nil, _ expected: String) throws {
            try content.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
            if let job { try job.write(to: dir.appendingPathComponent("j.yaml"), atomically: true, encoding: .utf8) }
            defer { try? Self.job.write(to: dir.appendingPathComponent("j.yaml"), atomically: true, encoding: .utf8) }
            let r = try qnet(["run", "j.yaml", "--resume", "--quiet", file == "r.csv" ? "--csv" : "--jsonl", file], in: dir)
            #expect(r.isCleanError && r.stderr.contains(expected), "\(expected): \(r.stderr)")
            #expect(try text(dir, file) == content, "a refused file is left as it was")
        }
        // Another job's seed, runs or sweep values.
        try refused(good, job: Self.job.replacingOccurrences(of: "seed: 5", with: "seed: 6"), "seed there = \"5\", here = \"6\"")
        try refused(good, job: Self.job.replacingOccurrences(of: "runs: 20", with: "runs: 21"), "runs there = 20, here = 21")
        try refused(good, job: Self.job.replacingOccurrences(of: "to: 8, count: 8", with: "to: 9, count: 8"), "was written by another job")
        // A row cut short in the middle, a row of 999, of −1, an edited parameter.
        var cut = lines
        cut[3] = String(cut[3].prefix(30))
        try refused(cut.joined(separator: "\n"), "r.csv:4: holds point 2 cut short")
        var out = lines
        out.insert("999" + lines[3].drop { $0 != "," }, at: 3)
        try refused(out.joined(separator: "\n"), "holds point 999, outside this job's points 0…7")
        out[3] = "-1" + lines[3].drop { $0 != "," }
        try refused(out.joined(separator: "\n"), "holds point -1")
        var edited = lines[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        edited[1] = "4.5"
        lines[4] = edited.joined(separator: ",")
        try refused(lines.joined(separator: "\n"), "length_km = 4.5, but this job's point 3 has length_km = 4")
        // JSON Lines: a row that is only its index.
        var json = goodJSON.split(separator: "\n").map(String.init)
        json[1] = "{\"index\":1}"
        try refused(json.joined(separator: "\n") + "\n", file: "r.jsonl", "r.jsonl:2: holds point 1 cut short")
        // A header cut by a kill is written whole again, and the run completes.
        try String(good.prefix(50)).write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let cutHeader = try qnet(["run", "j.yaml", "--resume", "--quiet"], in: dir)
        #expect(cutHeader.status == 0 && cutHeader.stderr.contains("cut an unfinished last line"), "\(cutHeader.stderr)")
        #expect(try deterministicPart(dir.appendingPathComponent("r.csv").path)
            == good.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") })
        // No fingerprint: nothing proves the rows are this job's.
        try good.write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("r.csv.job.json"))
        let bare = try qnet(["run", "j.yaml", "--resume", "--quiet"], in: dir)
        #expect(bare.isCleanError && bare.stderr.contains("has no job fingerprint"), "\(bare.stderr)")
    }

    // MARK: 3. Two writers

    @Test func aSecondWriterIsRefusedAndTheFirstFinishesIntact() throws {
        let dir = try directory("lock", job: slowJob)
        let ref = try directory("lock-ref", job: slowJob)
        #expect(try qnet(["run", "j.yaml", "--quiet", "--threads", "2"], in: ref).status == 0)
        let first = try startQnet(["run", "j.yaml", "--quiet", "--threads", "1"], in: dir)
        let csv = dir.appendingPathComponent("out.csv").path
        waitForLines(csv, atLeast: 3, while: first)
        let second = try qnet(["run", "j.yaml", "--quiet", "--resume"], in: dir)
        let wasRunning = first.isRunning
        first.waitUntilExit()
        #expect(wasRunning, "make the job slower")
        #expect(second.isCleanError && second.stderr.contains("is being written by another run (process \(first.processIdentifier)"),
                "\(second.stderr)")
        #expect(first.terminationStatus == 0)
        #expect(try deterministicPart(csv) == deterministicPart(ref.appendingPathComponent("out.csv").path))
    }

    // MARK: 4. Merge checks rows and fingerprints

    @Test func mergeRefusesCutRowsAndShardsOfAnotherJob() throws {
        let dir = try directory("merge")
        for i in 0..<2 { #expect(try qnet(["run", "j.yaml", "--quiet", "--shard", "\(i)/2"], in: dir).status == 0) }
        #expect(try qnet(["merge", "j.yaml", "--shards", "2"], in: dir).status == 0)
        let shard = dir.appendingPathComponent("r.shard-1-of-2.csv")
        let original = try String(contentsOf: shard, encoding: .utf8)
        var lines = original.split(separator: "\n").map(String.init)
        lines[2] = String(lines[2].prefix(30))
        try (lines.joined(separator: "\n") + "\n").write(to: shard, atomically: true, encoding: .utf8)
        let cut = try qnet(["merge", "j.yaml", "--shards", "2", "--force"], in: dir)
        #expect(cut.isCleanError && cut.stderr.contains("r.shard-1-of-2.csv:3: holds point 3 cut short"), "\(cut.stderr)")
        // Shard 1 computed with another seed.
        try original.write(to: shard, atomically: true, encoding: .utf8)
        let other = Self.job.replacingOccurrences(of: "seed: 5", with: "seed: 9")
        try other.write(to: dir.appendingPathComponent("k.yaml"), atomically: true, encoding: .utf8)
        #expect(try qnet(["run", "k.yaml", "--quiet", "--shard", "1/2", "--csv", "r.csv", "--force"], in: dir).status == 0)
        let seed = try qnet(["merge", "j.yaml", "--shards", "2", "--force"], in: dir)
        #expect(seed.isCleanError && seed.stderr.contains("seed there = \"9\", here = \"5\""), "\(seed.stderr)")
    }

    // MARK: 5, 6. Paths: outputs against each other and the job; job files cannot write elsewhere

    @Test func outputsMayNotCollideOrLeaveTheJobDirectory() throws {
        let dir = try directory("paths")
        let selfJob = "protocol: teleportation\noutput: {csv: self.yaml}\n"
        try selfJob.write(to: dir.appendingPathComponent("self.yaml"), atomically: true, encoding: .utf8)
        let s = try qnet(["run", "self.yaml", "--force", "--quiet"], in: dir)
        #expect(s.isCleanError && s.stderr.contains("is both the job file and the csv output"), "\(s.stderr)")
        #expect(try text(dir, "self.yaml") == selfJob)
        let both = try qnet(["run", "j.yaml", "--csv", "x", "--jsonl", "x", "--quiet"], in: dir, timeout: 10)
        #expect(both.isCleanError && both.stderr.contains("is both the csv output and the jsonl output"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
        let plot = try qnet(["run", "j.yaml", "--plot", "j.yaml", "--quiet"], in: dir)
        #expect(plot.isCleanError && plot.stderr.contains("is both the job file and the plot"))
        for (yaml, expected) in [("name: ../../escape", "is not a plain file name"), ("name: \"\"", "is not a plain file name"),
                                 ("name: \"a\\nb\"", "is not a plain file name"),
                                 ("output: {csv: /tmp/qnet-escape/r.csv}", "is absolute"),
                                 ("output: {csv: ../r.csv}", "climbs out of the job file's directory"),
                                 ("output: {csv: a/../../r.csv}", "climbs out")] {
            try "protocol: teleportation\n\(yaml)\n".write(to: dir.appendingPathComponent("e.yaml"), atomically: true, encoding: .utf8)
            let r = try qnet(["run", "e.yaml", "--quiet"], in: dir)
            #expect(r.isCleanError && r.stderr.contains(expected), "\(yaml): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/qnet-escape"))
    }

    // MARK: 7. Full disks

    @Test(.enabled(if: HostileInputTests.isRoot)) func aFullDiskKeepsWholeRowsAndResumes() throws {
        let dir = try directory("full")
        let mount = dir.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: false)
        func mountTmpfs(_ size: String) throws -> Bool {
            try qnet([], in: dir, shell: "mount -t tmpfs -o size=\(size) tmpfs '\(mount.path)'").status == 0
        }
        defer { _ = try? qnet([], in: dir, shell: "umount '\(mount.path)'") }
        guard try mountTmpfs("16k") else {
            TestLog.skip("cannot mount a tmpfs here: full-disk cases skipped")
            return
        }
        let big = Self.job.replacingOccurrences(of: "to: 8, count: 8", with: "to: 200, count: 200").replacingOccurrences(of: "runs: 20", with: "runs: 2")
        try big.write(to: mount.appendingPathComponent("big.yaml"), atomically: true, encoding: .utf8)
        let full = try qnet(["run", "small/big.yaml", "--quiet"], in: dir)
        #expect(full.isCleanError && full.stderr.contains("no space left on device:") && full.stderr.contains("of 200 points kept in")
            && full.stderr.contains("run with --resume"), "\(full.stderr)")
        let kept = try String(contentsOf: mount.appendingPathComponent("r.csv"), encoding: .utf8)
        #expect(kept.hasSuffix("\n") && kept.split(separator: "\n").count > 1, "only whole rows are kept")
        // Free space (a bigger tmpfs holding the same files) and resume: the whole run.
        let saved = try [("r.csv", kept), ("r.csv.job.json", String(contentsOf: mount.appendingPathComponent("r.csv.job.json"), encoding: .utf8))]
        _ = try qnet([], in: dir, shell: "umount '\(mount.path)'")
        #expect(try mountTmpfs("48k"))
        try big.write(to: mount.appendingPathComponent("big.yaml"), atomically: true, encoding: .utf8)
        for (name, content) in saved { try content.write(to: mount.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        // Space for the rows but not for sorting them through a temporary copy.
        let sorted = try qnet(["run", "small/big.yaml", "--quiet", "--resume", "--threads", "2"], in: dir)
        let listing = try FileManager.default.contentsOfDirectory(atPath: mount.path)
        #expect(!listing.contains { $0.hasSuffix(".tmp") }, "no temporary file is left: \(listing)")
        if sorted.status != 0 {
            #expect(sorted.stderr.contains("no space left on device while sorting its rows: the file is unchanged and complete"),
                    "\(sorted.stderr)")
        }
        _ = try qnet([], in: dir, shell: "umount '\(mount.path)'")
        #expect(try mountTmpfs("1m"))
        let ref = try directory("full-ref", job: big)
        #expect(try qnet(["run", "j.yaml", "--quiet"], in: ref).status == 0)
        try big.write(to: mount.appendingPathComponent("big.yaml"), atomically: true, encoding: .utf8)
        for (name, content) in saved { try content.write(to: mount.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        #expect(try qnet(["run", "small/big.yaml", "--quiet", "--resume"], in: dir).status == 0)
        #expect(try deterministicPart(mount.appendingPathComponent("r.csv").path) == deterministicPart(ref.appendingPathComponent("r.csv").path))
    }

    // MARK: 8, 9, 12, 14. OpenQASM

    func program(_ body: String) -> String { "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n" + body }

    @Test func hostileProgramsAreCleanErrors() throws {
        let dir = try directory("qasm")
        let terms = Array(repeating: "1", count: 90_000)
        let cases: [(String, String)] = [
            (program("qreg q[1];\nrx(\(terms.joined(separator: "+"))) q[0];\n"), "the expression has more than 10000 terms"),
            (program("qreg q[1];\nrx(\(terms.joined(separator: "*"))) q[0];\n"), "the expression has more than 10000 terms"),
            (program("qreg q[1];\ngate g(a) x { rx(\(Array(repeating: "a", count: 90_000).joined(separator: "+"))) x; }\ng(1) q[0];\n"),
             "the expression has more than 10000 terms"),
            (program("qreg q[1];\nrx(" + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + ") q[0];\n"),
             "nests deeper"),
            (program("qreg q[1];\nrx(0/0) q[0];\n"), "j.qasm:4:1: parameter 1 of rx is"),
            (program("qreg q[1];\nrz(1/0) q[0];\n"), "parameter 1 of rz is inf"),
            (program("qreg q[1];\nrx(ln(0)) q[0];\n"), "is -inf: expected a finite number"),
            (program("qreg q[1];\nrx(sqrt(-1)) q[0];\n"), "expected a finite number"),
            (program("qreg q[1];\nrx(1e999) q[0];\n"), "j.qasm:4:4: 1e999 is too large"),
            (program("qreg q[1];\ngate g(a) x { rx(a/0) x; }\ng(1) q[0];\n"), "(in gate g) is inf"),
            (program("qreg q[1];\ncreg c[64];\nmeasure q[0] -> c[0];\n"), "64 classical bits: at most 62"),
        ]
        for (text, expected) in cases {
            try text.write(to: dir.appendingPathComponent("j.qasm"), atomically: true, encoding: .utf8)
            let r = try qnet(["simulate", "j.qasm"], in: dir)
            #expect(r.isCleanError && r.status == 1 && r.stderr.contains(expected) && !r.stderr.contains("Usage:"),
                    "\(expected): \(r.status) \(r.stderr.prefix(300))")
        }
        // --export-qasm writes no NaN: the program is refused first.
        try program("qreg q[1];\nrx(0/0) q[0];\n").write(to: dir.appendingPathComponent("j.qasm"), atomically: true, encoding: .utf8)
        #expect(try qnet(["simulate", "j.qasm", "--export-qasm", "out.qasm"], in: dir).isCleanError)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.qasm").path))
        // Wide classical registers count in a dictionary: 40 bits, and 31 bits measured mid-way.
        try program("qreg q[1];\ncreg c[40];\nh q[0];\nmeasure q[0] -> c[39];\n").write(to: dir.appendingPathComponent("w.qasm"), atomically: true, encoding: .utf8)
        let wide = try qnet(["simulate", "w.qasm", "--format", "json"], in: dir)
        #expect(wide.status == 0 && wide.stdout.contains("\"1" + String(repeating: "0", count: 39) + "\":"), "\(wide.stderr)")
        try program("qreg q[1];\ncreg c[31];\nh q[0];\nmeasure q[0] -> c[0];\nif (c==1) x q[0];\nmeasure q[0] -> c[30];\n")
            .write(to: dir.appendingPathComponent("m.qasm"), atomically: true, encoding: .utf8)
        #expect(try qnet(["simulate", "m.qasm", "--shots", "200"], in: dir).status == 0)
        // Ties among the --top counts go the same way in every process (counts live in a dictionary).
        try program("qreg q[8];\ncreg c[8];\nh q;\nmeasure q -> c;\n").write(to: dir.appendingPathComponent("t.qasm"), atomically: true, encoding: .utf8)
        let runs = try (0..<3).map { _ in try qnet(["simulate", "t.qasm", "--shots", "300", "--top", "5", "--format", "json"], in: dir) }
        let counts = runs.map { $0.stdout.split(separator: "\"counts\":").last.map(String.init) ?? "" }
        #expect(runs.allSatisfy { $0.status == 0 } && Set(counts).count == 1 && counts[0].contains(":"), "\(counts)")
        // Shots: a bound, and Ctrl-C through a long mid-circuit run.
        let shots = try qnet(["simulate", "m.qasm", "--shots", "100000000000000"], in: dir)
        #expect(shots.isCleanError && shots.stderr.contains("--shots 100000000000000 is invalid"))
        let interrupted = try qnet(["simulate", "m.qasm", "--shots", "1000000000000"], in: dir, timeout: 30, interruptAfter: 1)
        #expect(!interrupted.signalled && interrupted.status == 130 && interrupted.stderr.contains("interrupted after"),
                "\(interrupted.status) \(interrupted.stderr.suffix(200))")
    }

    // MARK: 10, 11, 13. Sizes: sweeps, memory, validation

    @Test func hugeSweepsAndStatesAreRefusedWithTheirSizes() throws {
        let dir = try directory("sizes")
        let axes = ["length_km", "t1_s", "t2_s"].map { "    - parameter: \($0)\n      linear: {from: 1, to: 2, count: 10000000}\n" }
        try ("protocol: teleportation\nsweep:\n  axes:\n" + axes.joined()).write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let sweep = try qnet(["validate", "s.yaml"], in: dir, timeout: 60)
        #expect(sweep.isCleanError && sweep.stderr.contains("takes the sweep past the most points a job may have"), "\(sweep.stderr)")
        // 30 qubits fit in the state check but not with the probabilities, under a 4 GB address space.
        try program("qreg q[30];\n").write(to: dir.appendingPathComponent("big.qasm"), atomically: true, encoding: .utf8)
        let memory = try qnet([], in: dir, shell: "ulimit -v 4000000; exec \"$QNET\" simulate big.qasm")
        #expect(memory.isCleanError && memory.stderr.contains("needs 25769803776 bytes")
            && memory.stderr.contains("the address-space limit (ulimit -v)"), "\(memory.stderr)")
        // Validating 10^8 points shows progress and stops at Ctrl-C.
        let many = "protocol: teleportation\nruns: 1\nparameters: {t2_s: 1}\nsweep:\n  axes:\n    - parameter: length_km\n      linear: {from: 1, to: 2, count: 10000}\n"
            + "    - parameter: t1_s\n      linear: {from: 1, to: 2, count: 10000}\n"
        try many.write(to: dir.appendingPathComponent("many.yaml"), atomically: true, encoding: .utf8)
        let stopped = try qnet(["run", "many.yaml"], in: dir, timeout: 60, interruptAfter: 4)
        #expect(!stopped.signalled && stopped.status == 130 && stopped.stderr.contains("validating:"), "\(stopped.stderr.suffix(300))")
    }

    // MARK: 15, 16, 17. Environment, booleans, option values, messages

    @Test func badSettingsAreNamedWithWhatIsExpected() throws {
        let dir = try directory("settings")
        for (command, env, expected) in [(["info"], ["QNET_KERNEL": "bogus"], "QNET_KERNEL=bogus: unknown kernel variant 'bogus'"),
                                         (["run", "j.yaml", "--quiet"], ["QNET_KERNEL": "bogus"], "QNET_KERNEL=bogus"),
                                         (["run", "j.yaml", "--quiet"], ["QNET_THREADS": "-1"], "QNET_THREADS=-1: thread count '-1' is invalid"),
                                         (["info"], ["QNET_THREADS": "zero"], "QNET_THREADS=zero")] {
            let r = try qnet(command, in: dir, environment: env)
            #expect(r.isCleanError && r.stderr.contains(expected), "\(command) \(env): \(r.stderr)")
        }
        if !HostileInputTests.supportsAVX512 {
            let r = try qnet(["info"], in: dir, environment: ["QNET_KERNEL": "avx512"])
            #expect(r.isCleanError && r.stderr.contains("not supported on this CPU"))
        }
        try (Self.job + "\nplot: {log_x: yes}\n").write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let yes = try qnet(["validate", "b.yaml"], in: dir)
        #expect(yes.isCleanError && yes.stderr.contains("b.yaml:9:15: at plot.log_x: expected true or false, found yes"), "\(yes.stderr)")
        for (arguments, expected) in [(["run", "j.yaml", "--threads", "-1"], "--threads -1 is out of range"),
                                      (["run", "j.yaml", "--shard", "-1/4"], "--shard -1/4 is invalid"),
                                      (["merge", "j.yaml", "--shards", "-2"], "--shards -2 is invalid"),
                                      (["simulate", "x.qasm", "--shots", "-1"], "--shots -1 is invalid"),
                                      (["simulate", "x.qasm", "--top", "-5"], "--top -5 is invalid"),
                                      (["simulate", "x.qasm", "--threads", "-1"], "--threads -1 is out of range")] {
            let r = try qnet(arguments, in: dir)
            #expect(r.isCleanError && r.stderr.contains(expected), "\(arguments): \(r.stderr)")
        }
        // Files that are not what they should be: plain words, no Foundation domains.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("adir.yaml"), withIntermediateDirectories: false)
        try Data([0x70, 0x72, 0xff, 0x0a]).write(to: dir.appendingPathComponent("bin.yaml"))
        try "".write(to: dir.appendingPathComponent("empty.yaml"), atomically: true, encoding: .utf8)
        try "protocol: teleportation\nparameters: 3\n".write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try program("qreg q[2];\nh q[0];\n").write(to: dir.appendingPathComponent("ok.qasm"), atomically: true, encoding: .utf8)
        for (arguments, expected) in [(["run", "adir.yaml"], "adir.yaml: cannot read the job file: it is a directory"),
                                      (["run", "bin.yaml"], "it is not UTF-8 text (first invalid byte at offset 2)"),
                                      (["run", "empty.yaml"], "empty.yaml: expected a mapping"),
                                      (["run", "p.yaml"], "p.yaml:2:13: at parameters: expected a mapping"),
                                      (["simulate", "adir.yaml"], "it is a directory, not a regular file"),
                                      (["simulate", "ok.qasm", "--export-qasm", "adir.yaml"], "adir.yaml: is a directory"),
                                      (["simulate", "ok.qasm", "--export-qasm", "ok.qasm"], "is both the program and the exported program")] {
            let r = try qnet(arguments, in: dir)
            #expect(r.isCleanError && r.status == 1 && r.stderr.contains(expected) && !r.stderr.contains("Domain=")
                && !r.stderr.contains("::") && !r.stderr.contains("Usage:"), "\(arguments): \(r.stderr)")
        }
    }

    static let supportsAVX512: Bool = {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return false }
        return info.contains(" avx512f") && info.contains(" avx512dq")
    }()
}

/// Messages for skipped cases, on the test log.
enum TestLog {
    static func skip(_ message: String) { print("skipped: \(message)") }
}
