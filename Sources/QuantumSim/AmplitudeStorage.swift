import CKernels
import ComplexModule

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The element type of a state vector's amplitudes.
public enum Precision: String, Sendable, CaseIterable, CustomStringConvertible {
    /// complex128: two doubles per amplitude (the default).
    case double
    /// complex64: two floats per amplitude, half the memory and about half
    /// the time of a pass; about 7 significant digits.
    case single

    /// "complex128" or "complex64".
    public var description: String { self == .double ? "complex128" : "complex64" }

    /// Bytes per amplitude.
    public var amplitudeBytes: Int { self == .double ? 16 : 8 }

    var cValue: Int32 { self == .double ? Int32(QN_PRECISION_DOUBLE.rawValue) : Int32(QN_PRECISION_SINGLE.rawValue) }
}

/// 64-byte aligned memory for 2^n interleaved complex amplitudes (complex128,
/// or complex64 for a single-precision state vector), shared copy-on-write
/// between `StateVector` (and `DensityMatrix`) values.
final class AmplitudeStorage: @unchecked Sendable {
    let qubitCount: Int
    let precision: Precision
    /// The memory, as the C kernels take it.
    let raw: UnsafeMutableRawPointer

    var amplitudeCount: Int { 1 << qubitCount }

    /// The elements as doubles: complex128 storage only.
    var pointer: UnsafeMutablePointer<Double> {
        assert(precision == .double, "complex64 storage read as doubles")
        return raw.assumingMemoryBound(to: Double.self)
    }

    /// The elements as floats: complex64 storage only.
    var floats: UnsafeMutablePointer<Float> {
        assert(precision == .single, "complex128 storage read as floats")
        return raw.assumingMemoryBound(to: Float.self)
    }

    /// Bytes a state of `qubits` qubits occupies.
    static func bytes(qubits: Int, precision: Precision = .double) -> UInt64 {
        qubits >= 60 ? UInt64.max : UInt64(precision.amplitudeBytes) << UInt64(qubits)
    }

    /// Uninitialised storage; throws when it cannot fit in the memory this
    /// process may take (``MemoryBudget``) or the allocation fails.
    init(qubits: Int, precision: Precision = .double) throws(QuantumSimError) {
        guard qubits >= 1 else { throw .invalidQubitCount(qubits) }
        let need = Self.bytes(qubits: qubits, precision: precision)
        guard qubits < 60, need <= MemoryBudget.physicalMemory else {
            throw .stateTooLarge(qubits: qubits, bytesNeeded: need, bytesAvailable: MemoryBudget.physicalMemory)
        }
        if need >= MemoryBudget.checkedFrom { try MemoryBudget.check(need, for: "a \(qubits)-qubit \(precision) state") }
        // qn_alloc counts doubles: 2 per complex128 amplitude, 1 per complex64.
        guard let p = qn_alloc((precision == .double ? 2 : 1) << qubits) else {
            throw .outOfMemory(what: "a \(qubits)-qubit \(precision) state (\(need) bytes)")
        }
        qubitCount = qubits
        self.precision = precision
        raw = UnsafeMutableRawPointer(p)
    }

    deinit { qn_free(raw.assumingMemoryBound(to: Double.self)) }

    func copy(options: ExecutionOptions) throws(QuantumSimError) -> AmplitudeStorage {
        let c = try AmplitudeStorage(qubits: qubitCount, precision: precision)
        qn_sv_copy(options.cValue(precision: precision), c.raw, raw, Int32(qubitCount))
        return c
    }
}

extension AmplitudeStorage {
    /// Amplitude `i`, widened to doubles.
    func load(_ i: Int) -> Complex<Double> {
        switch precision {
        case .double: return Complex(pointer[2 * i], pointer[2 * i + 1])
        case .single: return Complex(Double(floats[2 * i]), Double(floats[2 * i + 1]))
        }
    }

    /// Sets amplitude `i` (rounded to floats in complex64 storage).
    func store(_ a: Complex<Double>, at i: Int) {
        switch precision {
        case .double: pointer[2 * i] = a.real; pointer[2 * i + 1] = a.imaginary
        case .single: floats[2 * i] = Float(a.real); floats[2 * i + 1] = Float(a.imaginary)
        }
    }
}
