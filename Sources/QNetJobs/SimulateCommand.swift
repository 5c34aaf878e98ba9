import ArgumentParser
import Dispatch
import Foundation
import HeapModule
import QuantumSim
import QuantumSimMPI

/// `qnet simulate FILE.qasm`: run an OpenQASM 2.0 program on the state-vector engine.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate an OpenQASM 2.0 program and print probabilities, amplitudes or measurement counts.",
        discussion: """
            Basis states are written as bit strings with qubit 0 (or bit 0 of the classical \
            registers) on the right, as Qiskit does. A program whose measurements all come at \
            the end runs once and is sampled; one that measures, resets or branches mid-way \
            runs once per shot.
            """)

    enum Output: String, ExpressibleByArgument, CaseIterable { case probabilities, amplitudes, counts }
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "The OpenQASM 2.0 file.")
    var file: String

    @Option(parsing: .unconditional, help: "What to print: probabilities, amplitudes or counts (default: counts when the program measures).")
    var output: Output?

    @Option(parsing: .unconditional, help: "Shots for counts (1 to 10^12).")
    var shots = 1024

    @Option(parsing: .unconditional, help: "Seed of the measurement sampling.")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Significant digits of printed numbers.")
    var precision = 6

    @Option(parsing: .unconditional, help: "Only the N largest entries (0: every entry above 1e-12).")
    var top = 32

    @Option(parsing: .unconditional, help: "Threads (default: QNET_THREADS or all cores).")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Kernel variant: scalar, avx2 or avx512 (default: QNET_KERNEL or the best supported).")
    var kernel: String?

    @Option(parsing: .unconditional, help: "table or json.")
    var format: Format = .table

    @Option(parsing: .unconditional, help: ArgumentHelp("Fuse gates into blocks of at most this many qubits before simulating, on states "
                               + "of 14 qubits or more (1: no fusion)."))
    var fusion = ExecutionOptions.defaultFusionQubits

    @Option(parsing: .unconditional, help: ArgumentHelp("Apply each run of gates below qubit N one block of 2^N amplitudes at a time, "
                               + "so the run costs one pass over memory (0: off).", valueName: "N"))
    var cacheBlock = ExecutionOptions.defaultCacheBlockQubits

    @Flag(help: ArgumentHelp("Compute in complex64 (single precision: half the memory and about half the time; "
                             + "about 7 significant digits) instead of complex128."))
    var single = false

    @Flag(help: ArgumentHelp("Split the state over the ranks of an MPI job (`mpirun -np 2^k qnet simulate FILE --mpi`): "
                             + "each rank holds 2^(n−k) amplitudes and rank 0 prints. Needs qnet built with "
                             + "`swift build --traits MPI`, and a program that measures only at the end."))
    var mpi = false

    @Option(parsing: .unconditional, help: ArgumentHelp("With --mpi: how a qubit held in the rank number is brought into the slices when a gate "
                               + "needs it: lookahead (swap it in and keep it, planned over the whole circuit) or "
                               + "per-gate (swap in and back for each gate, the baseline).", valueName: "strategy"))
    var remap: RemapStrategy = .lookahead

    @Option(name: .customLong("exchange-plan"), parsing: .unconditional,
            help: ArgumentHelp("Simulate nothing: print the exchanges the circuit would need split over this many MPI "
                               + "ranks, with each remapping strategy (needs no MPI).", valueName: "ranks"))
    var exchangePlanRanks: Int?

    @Option(parsing: .unconditional, help: "Also write the program's circuit back as OpenQASM 2.0 to this file (QNet's export), and stop.")
    var exportQasm: String?

    var amplitudePrecision: Precision { single ? .single : .double }

    /// Most shots: sampling runs in bounded chunks, so the bound is time, not memory.
    static let maximumShots = 1_000_000_000_000

    func validate() throws {
        guard (1...Self.maximumShots).contains(shots) else {
            throw ValidationError("--shots \(shots) is invalid: expected a whole number from 1 to \(Self.maximumShots)")
        }
        guard (1...17).contains(precision) else { throw ValidationError("--precision \(precision) is out of range: expected 1...17") }
        guard top >= 0 else { throw ValidationError("--top \(top) is invalid: expected 0 or more") }
        guard (1...5).contains(fusion) else { throw ValidationError("--fusion \(fusion) is out of range: expected 1...5") }
        guard cacheBlock == 0 || (4...40).contains(cacheBlock) else {
            throw ValidationError("--cache-block \(cacheBlock) is out of range: expected 0 (off) or 4...40")
        }
        if let r = exchangePlanRanks, r < 1 || r & (r - 1) != 0 {
            throw ValidationError("--exchange-plan \(r) is invalid: expected a power of two number of ranks (1, 2, 4, …)")
        }
        if let t = threads, !(1...256).contains(t) { throw ValidationError("--threads \(t) is out of range: expected 1...256") }
        if exportQasm == "-" { throw ValidationError("--export-qasm - is not supported: give a file name") }
    }

    /// A failure while running (exit 1, no usage text), at the program's line and column when known.
    func failure(_ error: Error) -> JobError {
        if let e = error as? JobError { return e }
        if let q = error as? QASMError {
            return JobError(file: file, location: JobLocation(line: q.line, column: q.column, keyPath: ""), q.message)
        }
        return JobError(file: file, location: nil, "\(error)")
    }

    func failure(_ message: String) -> JobError { JobError(file: file, location: nil, message) }

    func run() throws {
        let text = try InputText.read(file, what: "OpenQASM file", limit: 256 << 20)
        let program: QASMProgram
        do { program = try QASMProgram(parsing: text) } catch { throw failure(error) }
        guard program.qubitCount >= 1 else { throw failure("the program declares no qubits") }
        let environment = try CommandEnvironment.options()
        let variant: KernelVariant
        do { variant = try kernel.map { (k) throws(QuantumSimError) in try KernelVariant(validating: k) } ?? environment.variant } catch {
            throw JobError(file: "--kernel \(kernel ?? "")", location: nil, "\(error)")
        }
        let base = try ExecutionOptions(variant: variant, threads: threads ?? environment.threads,
                                        parallelQubits: environment.parallelQubits, cacheBlockQubits: cacheBlock,
                                        fusionQubits: fusion)
        if let exportQasm {
            try OutputPaths.checkDistinct([("the program", file), ("the exported program", exportQasm)])
            let qasm: String
            do { qasm = try program.circuit().qasm() } catch { throw failure(error) }
            try AtomicLineWriter.write(qasm, to: exportQasm)
            return
        }
        if let ranks = exchangePlanRanks {
            try printExchangePlan(circuit(of: program), ranks: ranks)
            return
        }
        let what = output ?? (program.finalMeasurements.isEmpty ? .probabilities : .counts)
        try checkMemory(program, what: what)
        if mpi {
            try runDistributed(program, options: base, what: what)
            return
        }
        let start = DispatchTime.now().uptimeNanoseconds
        var rng = SeededGenerator(seed: seed)
        let stop = StopFlag.installForInterrupt()
        var entries: [Entry] = [], nonzero = 0
        var width = program.qubitCount
        if program.measuresOnlyAtTheEnd {
            let circuit = try circuit(of: program)
            do {
                var state = try StateVector(qubits: program.qubitCount, precision: amplitudePrecision, options: base)
                try state.apply(circuit) // fused and cache-blocked as the options say
                switch what {
                case .probabilities:
                    let real = state.probabilities
                    let (chosen, n) = largest(real.indices) { real[$0] }
                    (entries, nonzero) = (chosen.map { Entry(index: $0, value: real[$0], imaginary: nil) }, n)
                case .amplitudes:
                    let a = state.amplitudes
                    let (chosen, n) = largest(a.indices) { abs(a[$0].real) + abs(a[$0].imaginary) }
                    (entries, nonzero) = (chosen.map { Entry(index: $0, value: a[$0].real, imaginary: a[$0].imaginary) }, n)
                case .counts:
                    width = try countWidth(program)
                    var tally: [Int: Int] = [:]
                    try sampleInChunks(stop) { (n) throws(QuantumSimError) in
                        count(try state.sample(shots: n, using: &rng), program, into: &tally)
                    }
                    (entries, nonzero) = countEntries(tally)
                }
            } catch let e as ExitCode {
                throw e
            } catch {
                throw failure(error)
            }
        } else {
            guard what == .counts else {
                throw failure("the program measures, resets or branches mid-way: only counts are defined")
            }
            width = program.bitCount
            var tally: [Int: Int] = [:]
            let progress = ProgressReporter.automatic(quiet: format == .json || shots < 10_000)
            progress.start(total: shots, alreadyDone: 0, unit: "shots")
            do {
                for done in 0..<shots {
                    if stop.isSet {
                        progress.finish()
                        Console.error("interrupted after \(done) of \(shots) shots: nothing printed\n")
                        throw ExitCode(130)
                    }
                    tally[try program.runShot(precision: amplitudePrecision, options: base, using: &rng), default: 0] += 1
                    progress.pointDone()
                }
            } catch let e as ExitCode {
                throw e
            } catch {
                throw failure(error)
            }
            progress.finish()
            (entries, nonzero) = countEntries(tally)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        report(entries, nonzero: nonzero, what: what, width: width, program: program, options: base, seconds: seconds)
    }

    /// Shots sampled at most this many at a time: memory stays bounded (24
    /// bytes a shot) whatever --shots says; Ctrl-C stops between chunks.
    static let shotChunk = 1 << 22

    /// Calls `body` with chunk sizes summing to --shots.
    func sampleInChunks(_ stop: StopFlag, _ body: (Int) throws(QuantumSimError) -> Void) throws {
        var left = shots
        while left > 0 {
            if stop.isSet {
                Console.error("interrupted after \(shots - left) of \(shots) shots: nothing printed\n")
                throw ExitCode(130)
            }
            let n = min(left, Self.shotChunk)
            try body(n)
            left -= n
        }
    }

    /// Refuses, before anything is allocated, a run whose peak memory (the
    /// state and every array this command builds from it) does not fit.
    func checkMemory(_ program: QASMProgram, what: Output) throws {
        let n = program.qubitCount
        guard n < 60 else { return } // the state's own check names the size
        let amplitudes = UInt64(1) << UInt64(n)
        let state = UInt64(amplitudePrecision.amplitudeBytes) * amplitudes
        let extra: (bytes: UInt64, what: String)
        switch what {
        case .probabilities: extra = (8 * amplitudes, "the probabilities")
        case .amplitudes: extra = (16 * amplitudes, "the amplitudes as complex128")
        case .counts: extra = (program.measuresOnlyAtTheEnd ? 24 * UInt64(min(shots, Self.shotChunk)) : 0, "the samples")
        }
        let (peak, overflow) = state.addingReportingOverflow(extra.bytes)
        do {
            try MemoryBudget.check(overflow ? .max : peak, for: "simulating \(n) qubits with --output \(what.rawValue) "
                                   + "(the state, \(state) bytes, and \(extra.what), \(extra.bytes) bytes)")
        } catch {
            throw failure(error)
        }
    }

    /// The circuit of a program that measures only at the end.
    func circuit(of program: QASMProgram) throws -> Circuit {
        do { return try program.circuit() } catch { throw failure(error) }
    }

    /// The classical word width of counts (an error when nothing is measured).
    func countWidth(_ program: QASMProgram) throws -> Int {
        guard !program.finalMeasurements.isEmpty else {
            throw failure("the program measures nothing: ask for probabilities or amplitudes")
        }
        return program.bitCount
    }

    /// Adds sampled basis states to counts by classical word.
    func count(_ samples: [Int], _ program: QASMProgram, into tally: inout [Int: Int]) {
        let measured = program.finalMeasurements
        for sample in samples {
            var word = 0
            for (q, b) in measured where (sample >> q) & 1 == 1 { word |= 1 << b }
            tally[word, default: 0] += 1
        }
    }

    /// Counts as entries (the --top largest, ties to the lower word) and how
    /// many words occurred. Sorted first: a dictionary's order changes from
    /// process to process, and the choice among ties must not.
    func countEntries(_ tally: [Int: Int]) -> ([Entry], Int) {
        let words = tally.keys.sorted()
        let (chosen, n) = largest(words.indices) { Double(tally[words[$0]] ?? 0) }
        return (chosen.map { Entry(index: words[$0], value: Double(tally[words[$0]] ?? 0), imaginary: nil) }, n)
    }

    /// One printed entry: a basis state or classical word and its value.
    struct Entry {
        let index: Int
        let value: Double
        let imaginary: Double?
    }

    /// The indices to print: every one of magnitude above 1e-12, or the
    /// `top` largest of them through a bounded heap (sorting 2^24 entries
    /// took longer than simulating them; ties go to the lower index); and
    /// how many are above 1e-12.
    func largest(_ indices: some Sequence<Int>, magnitude: (Int) -> Double) -> (chosen: [Int], nonzero: Int) {
        // Read once: an option's value goes through its property wrapper's generic getter, which
        // per entry of a 2^24-entry loop cost a fifth of qft-24's run (BENCHMARKS.md, "Where the time goes").
        let top = self.top
        guard top > 0 else {
            let chosen = indices.filter { magnitude($0) > 1e-12 }
            return (chosen, chosen.count)
        }
        var heap = Heap<Ranked>(), nonzero = 0
        for i in indices {
            let m = magnitude(i)
            guard m > 1e-12 else { continue }
            nonzero += 1
            let entry = Ranked(magnitude: m, index: i)
            if heap.count < top { heap.insert(entry) } else if heap.min! < entry { _ = heap.replaceMin(with: entry) }
        }
        return (heap.unordered.map(\.index), nonzero)
    }

    /// Prints the entries as a table or JSON (`extra`: more JSON fields).
    func report(_ entries: [Entry], nonzero: Int, what: Output, width: Int, program: QASMProgram,
                options base: ExecutionOptions, seconds: Double, ranks: Int? = nil, extra: [String] = []) {
        var entries = entries
        if what == .counts {
            entries.sort { ($0.value, $1.index) > ($1.value, $0.index) }
        } else {
            entries.sort { $0.index < $1.index }
        }
        let n = program.qubitCount
        let number = { (x: Double) in String(format: "%.\(precision)g", x) }
        switch format {
        case .table:
            print("# \(file): \(n) qubits, \(program.instructions.count) instructions; simulated in \(String(format: "%.3f", seconds)) s "
                + "with \(base.variant.rawValue) kernels, \(base.threads) thread(s)\(ranks.map { " on each of \($0) ranks" } ?? ""), \(amplitudePrecision)")
            for e in entries {
                let value = what == .counts ? String(Int(e.value)) : number(e.value)
                print(Self.bits(e.index, width) + "  " + value + (e.imaginary.map { ($0 < 0 ? " - " : " + ") + number(abs($0)) + "i" } ?? ""))
            }
            if entries.count < nonzero { print("# \(nonzero - entries.count) more nonzero entries not shown (--top 0 for all)") }
        case .json:
            var fields = ["\"file\":\(Self.quote(file))", "\"qubits\":\(n)", "\"seconds\":\(seconds)",
                          "\"kernel\":\(Self.quote(base.variant.rawValue))", "\"threads\":\(base.threads)",
                          "\"dtype\":\(Self.quote(amplitudePrecision.description))"] + extra
            if what == .counts { fields.append("\"shots\":\(shots)") }
            let body = entries.map { e -> String in
                let v = what == .counts ? String(Int(e.value)) : number(e.value)
                return Self.quote(Self.bits(e.index, width)) + ":" + (e.imaginary.map { "[\(v),\(number($0))]" } ?? v)
            }.joined(separator: ",")
            fields.append("\"\(what.rawValue)\":{\(body)}")
            print("{" + fields.joined(separator: ",") + "}")
        }
    }

    static func bits(_ value: Int, _ width: Int) -> String {
        String((0..<max(width, 1)).reversed().map { (value >> $0) & 1 == 1 ? "1" : "0" })
    }

    static func quote(_ s: String) -> String { Cell.quoteJSON(s) }
}

/// An entry ranked for `--top`: larger magnitude first, then lower index.
private struct Ranked: Comparable {
    let magnitude: Double
    let index: Int
    static func < (a: Ranked, b: Ranked) -> Bool {
        a.magnitude != b.magnitude ? a.magnitude < b.magnitude : a.index > b.index
    }
}
