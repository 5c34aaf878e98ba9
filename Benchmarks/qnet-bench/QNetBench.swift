import ArgumentParser
import Foundation
import QuantumNetwork
import QuantumSim

/// `qnet-bench`: times every gate kind in every kernel variant against the
/// streaming bandwidth measured on the same buffer in the same run.
@main
struct QNetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qnet-bench",
        abstract: "Benchmark QNet's state-vector kernels against the machine's streaming bandwidth.",
        discussion: """
            For each state size, thread count, variant and gate: the median time per gate over \
            the repeats, the bytes the gate must move (amplitudes read and written × 16 B), the \
            resulting GB/s, and its ratio to an in-place streaming pass over the same buffer \
            measured just before (same variant, same threads).
            """)

    @Flag(help: "Sizes 20 and 24, 3 repeats: under a minute.")
    var quick = false

    @Option(parsing: .upToNextOption, help: "State sizes in qubits (default 20 24 26).")
    var qubits: [Int] = []

    @Option(parsing: .upToNextOption, help: "Thread counts (default 1 and all cores).")
    var threads: [Int] = []

    @Option(parsing: .upToNextOption, help: "Kernel variants (default: all supported).")
    var variants: [String] = []

    @Option(help: "Timed repeats per measurement; the median is reported (default 7, quick 3).")
    var repeats: Int?

    @Option(help: "Thread passes from this many qubits (default: the library's measured default).")
    var parallelQubits = ExecutionOptions.defaultParallelQubits

    @Option(help: """
        What to measure: gates (state-vector kernels), compute (dense gates in the cache block \
        against the FMA peak, both precisions), density (density matrices, partial trace), \
        network (repeater chain, teleportation, distributed circuit), traffic (the traffic \
        engine's events per second), batch (qnet run's points per second and memory), or all.
        """)
    var suite: Suite = .gates

    enum Suite: String, ExpressibleByArgument, CaseIterable { case gates, compute, density, network, traffic, batch, all }

    @Flag(help: "Gates suite: complex64 states (variants reported as NAME-c64) instead of complex128.")
    var single = false

    @Option(help: "Only gates whose name contains this text.")
    var gate: String?

    @Option(help: "Also write the results as a JSON array to this file.")
    var json: String?

    mutating func validate() throws {
        for n in qubits where !(4...30).contains(n) {
            throw ValidationError("qubit count \(n) is out of range: expected 4...30")
        }
        for t in threads where !(1...256).contains(t) {
            throw ValidationError("thread count \(t) is out of range: expected 1...256")
        }
        if let r = repeats, r < 1 { throw ValidationError("repeats \(r) is invalid: expected at least 1") }
    }

    mutating func run() throws {
        let sizes = qubits.isEmpty ? (quick ? [20, 24] : [20, 24, 26]) : qubits
        let hw = ExecutionOptions.hardwareThreads
        let threadCounts = threads.isEmpty ? Array(Set([1, hw])).sorted() : threads
        let chosen = try variants.isEmpty ? KernelVariant.supported : variants.map { try KernelVariant(validating: $0) }
        let reps = repeats ?? (quick ? 3 : 7)

        emit(Machine.header(variants: chosen, threads: threadCounts, parallelQubits: parallelQubits))
        if suite == .compute {
            emit(ComputeRow.tableHeader)
            var rows: [ComputeRow] = []
            try ComputeCases.run(threads: threadCounts, variants: chosen, repeats: reps, filter: gate) { row in
                emit(row.tableLine)
                rows.append(row)
            }
            if let json { try write(rows, to: json) }
            return
        }
        if suite == .network || suite == .traffic || suite == .batch {
            // Their own table and JSON: times per delivered pair, run, circuit or point, not GB/s.
            emit(NetworkRow.tableHeader)
            var rows: [NetworkRow] = []
            let record = { (row: NetworkRow) in
                emit(row.tableLine)
                rows.append(row)
            }
            if suite == .network {
                try NetworkCases.run(repeats: reps, quick: quick, filter: gate, emit: record)
            } else if suite == .traffic {
                try TrafficCases.run(repeats: reps, quick: quick, filter: gate, emit: record)
            } else {
                try BatchCases.run(repeats: reps, quick: quick, emit: record)
            }
            if let json { try write(rows, to: json) }
            return
        }
        emit(Row.tableHeader)
        var rows: [Row] = []
        let record = { (row: Row) in
            emit(row.tableLine)
            rows.append(row)
        }
        if suite != .gates {
            let dmSizes = qubits.isEmpty ? (quick ? [8, 10] : DensityCases.sizes) : qubits.filter { $0 <= 13 }
            try DensityCases.run(sizes: dmSizes, threads: threadCounts, variants: chosen, repeats: reps,
                                 parallelQubits: parallelQubits, filter: gate, emit: record)
            if gate.map({ "noisy-circuit".contains($0) }) ?? true {
                try DensityCases.noisy(threads: threadCounts, variants: chosen, repeats: reps,
                                       parallelQubits: parallelQubits, emit: record)
            }
            if gate.map({ "fidelity".contains($0) }) ?? true {
                try DensityCases.fidelity(repeats: reps, emit: record)
            }
            if gate.map({ "sv-ptrace".contains($0) }) ?? true {
                try DensityCases.partialTrace(threads: threadCounts, variants: chosen, repeats: reps,
                                              parallelQubits: parallelQubits, emit: record)
            }
        }
        if suite == .all {
            try NetworkCases.run(repeats: reps, quick: quick, filter: gate) { emit($0.tableLine) }
            try TrafficCases.run(repeats: reps, quick: quick, filter: gate) { emit($0.tableLine) }
            try BatchCases.run(repeats: reps, quick: quick) { emit($0.tableLine) }
        }
        for n in sizes where suite != .density {
            for t in threadCounts {
                let precision: Precision = single ? .single : .double
                var state = try StateVector(qubits: n, precision: precision,
                                            options: ExecutionOptions(variant: .best, threads: t, parallelQubits: parallelQubits))
                for v in chosen {
                    state.options = try ExecutionOptions(variant: v, threads: t, parallelQubits: parallelQubits)
                    let label = v.rawValue + (single ? "-c64" : "")
                    let stream = try Timing.streamGBps(&state, repeats: reps)
                    emit("# stream: n=\(n) \(label) threads=\(t): \(String(format: "%.1f", stream)) GB/s")
                    for g in GateCase.all(qubits: n) where gate.map({ g.name.contains($0) }) ?? true {
                        let seconds = try Timing.median(repeats: reps) { try state.apply(g.gate, to: g.qubits) }
                        record(Row(gate: g.name, variant: label, qubits: n, targets: g.qubits, threads: t,
                                   seconds: seconds, bytes: g.bytes(precision), streamGBps: stream))
                    }
                }
            }
        }
        if let json { try write(rows, to: json) }
    }

    private func write<R: Encodable>(_ rows: [R], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(rows).write(to: URL(fileURLWithPath: path))
        FileHandle.standardError.write("wrote \(rows.count) results to \(path)\n".data(using: .utf8)!)
    }
}

/// Writes a line to stdout unbuffered, so a long run can be followed in a file.
func emit(_ line: String) {
    FileHandle.standardOutput.write((line + "\n").data(using: .utf8)!)
}
