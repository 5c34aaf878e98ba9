import CKernels

/// An instruction-set variant of the C kernels.
///
/// Every variant computes the same gates; they differ in register width.
/// ``best`` is the widest one this CPU and operating system support.
public enum KernelVariant: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// Portable C (two-double registers: SSE2 on x86-64, NEON on arm64).
    case scalar
    /// AVX2 with FMA: two complex amplitudes per register.
    case avx2
    /// AVX-512 (F, DQ) with FMA: four complex amplitudes per register.
    case avx512

    var cValue: Int32 {
        switch self {
        case .scalar: return Int32(QN_VARIANT_SCALAR.rawValue)
        case .avx2: return Int32(QN_VARIANT_AVX2.rawValue)
        case .avx512: return Int32(QN_VARIANT_AVX512.rawValue)
        }
    }

    /// Whether this build contains the variant and the machine can run it.
    public var isSupported: Bool { qn_variant_supported(cValue) != 0 }

    /// Complex amplitudes per SIMD register.
    public var lanes: Int { Int(qn_variant_lanes(cValue)) }

    /// The variants this machine can run, narrowest first.
    public static var supported: [KernelVariant] { allCases.filter(\.isSupported) }

    /// The widest supported variant.
    public static var best: KernelVariant { supported.last ?? .scalar }

    /// Reads a variant name (`scalar`, `avx2`, `avx512`), checking support.
    public init(validating name: String) throws(QuantumSimError) {
        guard let v = KernelVariant(rawValue: name.lowercased()) else {
            throw .unknownVariant(requested: name, known: KernelVariant.allCases.map(\.rawValue))
        }
        guard v.isSupported else {
            throw .unsupportedVariant(requested: name, supported: KernelVariant.supported.map(\.rawValue))
        }
        self = v
    }

    public var description: String { rawValue }
}
