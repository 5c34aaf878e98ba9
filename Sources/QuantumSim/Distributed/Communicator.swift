/// The messages a distributed state vector needs between its ranks, as MPI
/// provides them. The module `QuantumSimMPI` implements it twice:
/// `MPICommunicator` over MPI (built with the package trait `MPI`), and
/// `LocalCluster` with threads of one process, so the distributed algorithm
/// is tested by plain `swift test` on any rank count. (QuantumSim itself
/// needs neither MPI nor Foundation.)
///
/// Every rank must make the same collective calls in the same order, as in MPI.
public protocol Communicator: AnyObject, Sendable {
    /// This rank, 0..<size.
    var rank: Int { get }
    /// Number of ranks.
    var size: Int { get }

    /// Sends `byteCount` bytes from `send` to `partner` and receives as many
    /// from it into `receive` (MPI_Sendrecv). The buffers must not overlap.
    func exchange(sending send: UnsafeRawPointer, receivingInto receive: UnsafeMutableRawPointer,
                  byteCount: Int, with partner: Int) throws(QuantumSimError)

    /// Element-wise sum over all ranks, left in every rank's `values`
    /// (MPI_Allreduce). The sum is taken in the same order whatever the
    /// rank's timing, so every rank gets the same bits.
    func sumOverRanks(_ values: inout [Double]) throws(QuantumSimError)

    /// Replaces `values` on every rank by root's (MPI_Bcast); all ranks pass
    /// arrays of the same length.
    func broadcast(_ values: inout [Double], from root: Int) throws(QuantumSimError)

    /// Collects every rank's `byteCount` bytes at `send` into `receive` on
    /// root, in rank order (MPI_Gather); `receive` is used on root only and
    /// holds size × byteCount bytes.
    func gather(sending send: UnsafeRawPointer, byteCount: Int, into receive: UnsafeMutableRawPointer?,
                root: Int) throws(QuantumSimError)

    /// Waits until every rank has arrived (MPI_Barrier).
    func barrier() throws(QuantumSimError)
}

extension Communicator {
    /// Broadcasts root's unsigned integers (exact below 2^53).
    func broadcast(_ values: inout [Int], from root: Int) throws(QuantumSimError) {
        var d = values.map { Double($0) }
        try broadcast(&d, from: root)
        values = d.map { Int($0) }
    }
}
