#if MPI
import CMPI
#endif
import QuantumSim

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The ranks of `MPI_COMM_WORLD` as a ``Communicator`` for
/// ``DistributedStateVector`` and sharded jobs.
///
/// MPI is optional: this module is always built, but talks to MPI only when
/// the package is built with its trait (`swift build --traits MPI`, which
/// needs an MPI library: Debian's `libopenmpi-dev`). Otherwise ``world()``
/// throws an error that says so.
public final class MPICommunicator: Communicator, @unchecked Sendable {
    public let rank: Int
    public let size: Int

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// Whether this build was made with the `MPI` trait.
    public static var isAvailable: Bool {
        #if MPI
        return true
        #else
        return false
        #endif
    }

    /// Whether an MPI launcher (`mpirun`, `srun`) started this process.
    public static var launchedByLauncher: Bool {
        let names = ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"]
        return names.contains { name in getenv(name) != nil }
    }

    /// Ranks of this job on this machine, as the launcher tells (1 when it
    /// does not): jobs divide the cores by it.
    public static var localRankCount: Int {
        for name in ["OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE"] {
            if let v = getenv(name), let n = Int(String(cString: v)), n >= 1 { return n }
        }
        return 1
    }

    #if MPI
    nonisolated(unsafe) private static var shared: MPICommunicator?
    #endif

    /// MPI_COMM_WORLD, initialising MPI on first use (and finalising it at exit).
    public static func world() throws(QuantumSimError) -> MPICommunicator {
        #if MPI
        if let shared { return shared }
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            try check(MPI_Init(nil, nil), "MPI_Init")
            atexit { MPI_Finalize() }
        }
        var rank: Int32 = 0, size: Int32 = 0
        try check(MPI_Comm_rank(qn_mpi_comm_world(), &rank), "MPI_Comm_rank")
        try check(MPI_Comm_size(qn_mpi_comm_world(), &size), "MPI_Comm_size")
        let world = MPICommunicator(rank: Int(rank), size: Int(size))
        shared = world
        return world
        #else
        throw .mpiUnavailable("this build has none; rebuild with `swift build --traits MPI` (needs an MPI library such as Debian's libopenmpi-dev)")
        #endif
    }

    /// Ends every rank of the job with `code` (MPI_Abort): what a rank that
    /// fails does, so that the others do not wait for it forever.
    public static func abort(code: Int32) -> Never {
        #if MPI
        MPI_Abort(qn_mpi_comm_world(), code)
        #endif
        exit(code)
    }

    #if MPI
    private static func check(_ status: Int32, _ call: String) throws(QuantumSimError) {
        guard status != qn_mpi_success() else { return }
        throw .communicationFailed("\(call) returned error \(status)")
    }

    /// Byte counts go to MPI as Int32: larger messages are split.
    private static let largestMessage = 1 << 30
    #endif

    public func exchange(sending send: UnsafeRawPointer, receivingInto receive: UnsafeMutableRawPointer,
                         byteCount: Int, with partner: Int) throws(QuantumSimError) {
        #if MPI
        var offset = 0
        while offset < byteCount {
            let n = min(Self.largestMessage, byteCount - offset)
            try Self.check(MPI_Sendrecv(send + offset, Int32(n), qn_mpi_byte(), Int32(partner), 0,
                                        receive + offset, Int32(n), qn_mpi_byte(), Int32(partner), 0,
                                        qn_mpi_comm_world(), qn_mpi_status_ignore()), "MPI_Sendrecv")
            offset += n
        }
        #endif
    }

    /// Reduced on rank 0 and broadcast, so every rank holds the same bits
    /// (an all-reduce need not promise that).
    public func sumOverRanks(_ values: inout [Double]) throws(QuantumSimError) {
        #if MPI
        guard !values.isEmpty else { return }
        var total = values
        let count = Int32(values.count)
        try values.withUnsafeBufferPointer { (v) throws(QuantumSimError) in
            try total.withUnsafeMutableBufferPointer { (t) throws(QuantumSimError) in
                try Self.check(MPI_Reduce(v.baseAddress, t.baseAddress, count, qn_mpi_double(), qn_mpi_sum(), 0,
                                          qn_mpi_comm_world()), "MPI_Reduce")
            }
        }
        try broadcast(&total, from: 0)
        values = total
        #endif
    }

    public func broadcast(_ values: inout [Double], from root: Int) throws(QuantumSimError) {
        #if MPI
        guard !values.isEmpty else { return }
        let count = Int32(values.count)
        try values.withUnsafeMutableBufferPointer { (v) throws(QuantumSimError) in
            try Self.check(MPI_Bcast(v.baseAddress, count, qn_mpi_double(), Int32(root), qn_mpi_comm_world()), "MPI_Bcast")
        }
        #endif
    }

    public func gather(sending send: UnsafeRawPointer, byteCount: Int, into receive: UnsafeMutableRawPointer?,
                       root: Int) throws(QuantumSimError) {
        #if MPI
        guard byteCount <= Self.largestMessage else {
            throw .communicationFailed("gathering \(byteCount) bytes per rank: at most \(Self.largestMessage) go in one message")
        }
        try Self.check(MPI_Gather(send, Int32(byteCount), qn_mpi_byte(), receive, Int32(byteCount), qn_mpi_byte(),
                                  Int32(root), qn_mpi_comm_world()), "MPI_Gather")
        #endif
    }

    public func barrier() throws(QuantumSimError) {
        #if MPI
        try Self.check(MPI_Barrier(qn_mpi_comm_world()), "MPI_Barrier")
        #endif
    }
}
