import ArgumentParser
import Dispatch
import Foundation
import QuantumSim
import QuantumSimMPI

extension RemapStrategy: ExpressibleByArgument {}

extension SimulateCommand {
    /// `qnet simulate FILE --mpi`: the state split over the MPI ranks. Every
    /// rank runs this; rank 0 prints. Counts come from the distributed
    /// sampler (the single-process draws for the same seed); probabilities
    /// and amplitudes from each rank's largest entries, gathered on rank 0.
    func runDistributed(_ program: QASMProgram, options: ExecutionOptions, what: Output) throws {
        let comm = try MPICommunicator.world()
        guard program.measuresOnlyAtTheEnd else {
            throw failure("--mpi runs programs that measure only at the end; this one measures, resets or branches mid-way")
        }
        do {
            let circuit = try circuit(of: program)
            var state = try DistributedStateVector(qubits: program.qubitCount, communicator: comm,
                                                   precision: amplitudePrecision, options: options)
            state.remapping = remap
            try comm.barrier()
            let start = DispatchTime.now().uptimeNanoseconds
            try state.apply(circuit)
            try comm.barrier()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            let statistics = state.statistics

            var entries: [Entry] = [], nonzero = 0, width = program.qubitCount
            if what == .counts {
                width = try countWidth(program)
                var rng = SeededGenerator(seed: seed)
                var tally: [Int: Int] = [:]
                count(try state.sample(shots: shots, using: &rng), program, into: &tally)
                (entries, nonzero) = countEntries(tally)
            } else {
                (entries, nonzero) = try gatherLargest(&state, amplitudes: what == .amplitudes, communicator: comm)
            }
            var exchanged = [Double(statistics.bytesSent), statistics.seconds]
            try comm.sumOverRanks(&exchanged)
            guard comm.rank == 0 else { return }
            let extra = ["\"ranks\":\(comm.size)", "\"remap\":\(Self.quote(remap.rawValue))", "\"swaps\":\(statistics.swaps)", "\"exchanges\":\(statistics.exchanges)",
                         "\"global_gates\":\(statistics.globalGates)",
                         "\"bytes_exchanged\":\(Int(exchanged[0]))",
                         "\"exchange_seconds_mean\":\(exchanged[1] / Double(comm.size))"]
            report(entries, nonzero: nonzero, what: what, width: width, program: program, options: options,
                   seconds: seconds, ranks: comm.size, extra: extra)
            if format == .table {
                print("# \(statistics.swaps) global-qubit swaps in \(statistics.exchanges) exchanges (\(remap.rawValue)) for "
                      + "\(statistics.globalGates) gates on global qubits, \(Int(exchanged[0])) bytes exchanged in all")
            }
        } catch {
            Console.error("qnet simulate (rank \(comm.rank) of \(comm.size)): \(error)\n")
            MPICommunicator.abort(code: 1)
        }
    }

    /// The largest entries over all ranks (per --top), on rank 0, and how
    /// many are nonzero: each rank offers its own largest, rank 0 chooses.
    func gatherLargest(_ state: inout DistributedStateVector, amplitudes: Bool,
                       communicator comm: MPICommunicator) throws -> ([Entry], Int) {
        try state.restoreLayout() // rank r's local index i is then basis state r·2^L + i
        let local = state.slice.amplitudes
        let offset = comm.rank << state.localQubitCount
        let value = { (i: Int) in amplitudes ? local[i].real : local[i].lengthSquared }
        let (mine, count) = largest(local.indices) { amplitudes ? abs(local[$0].real) + abs(local[$0].imaginary) : value($0) }
        // Fixed-size offers: (index, value, imaginary), index −1 for none.
        let k = top > 0 ? min(top, local.count) : local.count
        var offer = [Double](repeating: -1, count: 3 * k)
        for (j, i) in mine.enumerated() {
            offer[3 * j] = Double(offset + i)
            offer[3 * j + 1] = value(i)
            offer[3 * j + 2] = local[i].imaginary
        }
        var all = [Double](repeating: 0, count: comm.rank == 0 ? 3 * k * comm.size : 0)
        try offer.withUnsafeBytes { sent in
            try all.withUnsafeMutableBytes { received in
                try comm.gather(sending: sent.baseAddress!, byteCount: sent.count, into: received.baseAddress, root: 0)
            }
        }
        var nonzero = [Double(count)]
        try comm.sumOverRanks(&nonzero)
        let offered = stride(from: 0, to: all.count, by: 3).filter { all[$0] >= 0 }.map {
            Entry(index: Int(all[$0]), value: all[$0 + 1], imaginary: amplitudes ? all[$0 + 2] : nil)
        }
        let (chosen, _) = largest(offered.indices) { abs(offered[$0].value) + abs(offered[$0].imaginary ?? 0) }
        return (chosen.map { offered[$0] }, Int(nonzero[0]))
    }

    /// `--exchange-plan R`: the planned swaps for R ranks, per strategy.
    func printExchangePlan(_ circuit: Circuit, ranks: Int) throws {
        let n = circuit.qubitCount
        let slice = amplitudePrecision.amplitudeBytes << (n - max(0, ranks.trailingZeroBitCount))
        print("# \(file): \(n) qubits, \(circuit.operations.count) gates over \(ranks) ranks: "
              + "\(n - ranks.trailingZeroBitCount) local qubits, \(slice) bytes per rank (\(amplitudePrecision))")
        for strategy in RemapStrategy.allCases {
            let s = try DistributedStateVector.plannedExchanges(for: circuit, qubits: n, ranks: ranks, strategy: strategy,
                                                                 precision: amplitudePrecision)
            print("\(strategy.rawValue): \(s.swaps) qubit swaps in \(s.exchanges) exchanges for \(s.globalGates) gates on "
                  + "global qubits; \(s.bytesSent) bytes sent per rank (\(String(format: "%.2f", Double(s.bytesSent) / Double(slice))) "
                  + "slices), \(s.messages) messages")
        }
    }
}
