import CKernels
import Dispatch

/// One core's measured peak of multiply-adds per kernel variant and
/// precision: the ceiling that compute-bound kernels are measured against
/// in the same run (the streaming bandwidth is the other).
public enum FMAPeak {
    /// GFLOP/s of one thread issuing independent multiply-adds on `variant`'s
    /// registers (each multiply-add counts 2), the median of `repeats` timed
    /// runs of about `seconds` each; nil when the variant is not supported here.
    public static func gflops(variant: KernelVariant, precision: Precision, seconds: Double = 0.05,
                              repeats: Int = 5) -> Double? {
        let single: Int32 = precision == .single ? 1 : 0
        let perRound = qn_fma_peak_flops_per_round(variant.cValue, single)
        guard perRound > 0 else { return nil }
        var rounds = 1 << 16
        // Rounds scaled until one run lasts `seconds`, then the median of `repeats` runs (the C
        // call is opaque here, so its result need not be used).
        while true {
            let t = time { _ = qn_fma_peak_run(variant.cValue, single, rounds) }
            if t >= seconds || rounds >= 1 << 40 { break }
            rounds = Int(Double(rounds) * min(16, max(2, seconds / max(t, 1e-9))))
        }
        var times: [Double] = []
        for _ in 0..<max(1, repeats) { times.append(time { _ = qn_fma_peak_run(variant.cValue, single, rounds) }) }
        times.sort()
        return Double(perRound) * Double(rounds) / times[times.count / 2] / 1e9
    }

    private static func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }
}
