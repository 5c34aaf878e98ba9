// The distributed state vector over MPI, checked against the single-process
// state: `mpirun -np R qnet-mpi-check [CIRCUIT.qasm ...]` (scripts/test-mpi
// runs it with 2 and 4 ranks, and with 3 to see the rank-count error).
// Exits 0 when every check passes, 1 on a failed check, 2 without MPI.
import Foundation
import QuantumSim
import QuantumSimMPI
import QuantumSimTestSupport

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("qnet-mpi-check: \(message)\n".utf8))
    MPICommunicator.abort(code: code)
}

/// The error `make` throws, or nil.
func error(of make: () throws(QuantumSimError) -> DistributedStateVector) -> QuantumSimError? {
    do { _ = try make(); return nil } catch { return error }
}

func check(_ comm: MPICommunicator, circuitPaths: [String]) throws -> [String] {
    let say: (String) -> Void = { if comm.rank == 0 { print($0) } }
    // A rank count that is not a power of two must be refused clearly.
    guard comm.size & (comm.size - 1) == 0 else {
        let e = error { () throws(QuantumSimError) in try DistributedStateVector(qubits: 10, communicator: comm) }
        guard e == .invalidRankCount(comm.size) else { return ["\(comm.size) ranks: expected a rank-count error, got \(String(describing: e))"] }
        say("ok: \(e!)")
        return []
    }
    let options = try ExecutionOptions(threads: 1)
    let circuits = try circuitPaths.map { path in
        (name: String(path.split(separator: "/").last!), circuit: try Circuit(qasm: String(contentsOfFile: path, encoding: .utf8)))
    }
    var failures = try DistributedChecks.run(communicator: comm, options: options, circuits: circuits)
    // More ranks than a state has pairs of amplitudes.
    let qubits = comm.size.trailingZeroBitCount
    if qubits >= 1 {
        let e = error { () throws(QuantumSimError) in try DistributedStateVector(qubits: qubits, communicator: comm) }
        if e == .tooManyRanks(ranks: comm.size, qubits: qubits) { say("ok: \(e!)") } else {
            failures.append("\(comm.size) ranks for \(qubits) qubits: expected too many ranks, got \(String(describing: e))")
        }
    }
    if failures.isEmpty {
        say("ok: \(comm.size) ranks match the single-process state (random circuits\(circuits.map { ", " + $0.name }.joined()), reads)")
    }
    return failures
}

let comm: MPICommunicator
do { comm = try MPICommunicator.world() } catch { fail("\(error)", code: 2) }
do {
    let failures = try check(comm, circuitPaths: Array(CommandLine.arguments.dropFirst()))
    if !failures.isEmpty { fail(failures.joined(separator: "\n"), code: 1) }
} catch {
    fail("\(error)", code: 1)
}
