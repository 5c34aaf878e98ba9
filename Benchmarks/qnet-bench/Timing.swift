import Foundation
import QuantumSim

enum Timing {
    /// Median wall time of `repeats` runs of `body`, after one warm-up run.
    static func median(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// GB/s of an in-place pass (read and write every amplitude) over the
    /// state's own buffer, with the state's variant and threads; the factor 1
    /// leaves the state unchanged.
    static func streamGBps(_ state: inout StateVector, repeats: Int) throws -> Double {
        let seconds = try median(repeats: repeats) { try state.scale(by: 1.0) }
        return Double(state.amplitudeCount * 2 * state.precision.amplitudeBytes) / seconds / 1e9
    }
}
