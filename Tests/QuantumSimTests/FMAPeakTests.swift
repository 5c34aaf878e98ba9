import QuantumSim
import Testing

/// The measured multiply-add peak: a finite positive figure for every variant
/// this machine runs, in both precisions, and none for the others; single
/// precision carries twice the lanes, so it may not come out far below double.
struct FMAPeakTests {
    @Test func everySupportedVariantHasAPeakAndTheOthersNone() {
        for variant in KernelVariant.allCases {
            let f64 = FMAPeak.gflops(variant: variant, precision: .double, seconds: 0.005, repeats: 3)
            let f32 = FMAPeak.gflops(variant: variant, precision: .single, seconds: 0.005, repeats: 3)
            if KernelVariant.supported.contains(variant) {
                #expect(f64.map { $0.isFinite && $0 > 0 } == true, "\(variant) c128: \(String(describing: f64))")
                #expect(f32.map { $0.isFinite && $0 > 0 } == true, "\(variant) c64: \(String(describing: f32))")
                if let f64, let f32 { #expect(f32 > 1.2 * f64, "\(variant): c64 \(f32) against c128 \(f64)") }
            } else {
                #expect(f64 == nil && f32 == nil, "\(variant) is not supported here")
            }
        }
    }
}
