import ArgumentParser
import Foundation
import QuantumSim
import QuantumSimMPI

/// `qnet info`: what this machine and build will use.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the version, CPU features, kernel variant, threads and BLAS in use, and the protocols.")

    func run() throws {
        let info = SimulatorInfo()
        let environment = ProcessInfo.processInfo.environment
        // The options every command uses: a bad QNET_KERNEL or QNET_THREADS is an error here too.
        let options = try CommandEnvironment.options()
        let (kernel, threads) = ExecutionOptions.environmentValues
        print("qnet \(QNetVersion.current)")
        print("cpu: \(info.cpuName), \(info.hardwareThreads) logical CPUs")
        print("kernel variants supported: \(info.supportedVariants.map(\.rawValue).joined(separator: ", ")); "
            + "chosen: \(options.variant.rawValue)" + (kernel?.isEmpty == false ? " (QNET_KERNEL)" : " (best)"))
        print("threads: \(options.threads)" + (threads?.isEmpty == false ? " (QNET_THREADS)" : " (all cores)")
            + "; state passes threaded from \(info.parallelQubits) qubits")
        print("memory: \(MemoryBudget.available) available to this process")
        print("blas: OpenBLAS core \(info.blasCore), \(info.blasThreads) thread(s)"
            + " (OPENBLAS_CORETYPE=\(environment["OPENBLAS_CORETYPE"] ?? "unset")); LAPACK \(info.lapackVersion)")
        print("mpi: " + (MPICommunicator.isAvailable ? "built in (--mpi for simulate and run)"
                                                     : "not built in (rebuild with `swift build --traits MPI`)"))
        print("protocols: \(ProtocolCatalog.all.map(\.name).joined(separator: ", "))")
    }
}
