import CKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// 64-byte aligned memory for 2^n interleaved complex128 amplitudes, shared
/// copy-on-write between `StateVector` values.
final class AmplitudeStorage: @unchecked Sendable {
    let qubitCount: Int
    let pointer: UnsafeMutablePointer<Double>

    var amplitudeCount: Int { 1 << qubitCount }

    /// Bytes a state of `qubits` qubits occupies.
    static func bytes(qubits: Int) -> UInt64 {
        qubits >= 60 ? UInt64.max : UInt64(16) << UInt64(qubits)
    }

    /// Physical memory of the machine, in bytes (read once: small states are
    /// allocated by the million in network runs).
    static let physicalMemory: UInt64 = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? UInt64(pages) * UInt64(size) : UInt64.max
    }()

    /// Uninitialised storage; throws when it cannot fit in memory.
    init(qubits: Int) throws(QuantumSimError) {
        guard qubits >= 1 else { throw .invalidQubitCount(qubits) }
        let need = Self.bytes(qubits: qubits), have = Self.physicalMemory
        guard need <= have, let p = qn_alloc(2 << qubits) else {
            throw .stateTooLarge(qubits: qubits, bytesNeeded: need, bytesAvailable: have)
        }
        qubitCount = qubits
        pointer = p
    }

    deinit { qn_free(pointer) }

    func copy(options: ExecutionOptions) throws(QuantumSimError) -> AmplitudeStorage {
        let c = try AmplitudeStorage(qubits: qubitCount)
        qn_sv_copy(options.cValue, c.pointer, pointer, Int32(qubitCount))
        return c
    }
}
