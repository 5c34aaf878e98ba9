import ArgumentParser
import Dispatch

/// Builds every point of a job (which checks its physics) before any runs,
/// with a progress line every 2 s once it takes longer than that; Ctrl-C
/// stops it (exit 130) with nothing written.
enum PointValidation {
    static func run(_ job: Job, quiet: Bool, stop: StopFlag) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        var shown = start
        try job.validatePoints(report: { done, total in
            let now = DispatchTime.now().uptimeNanoseconds
            if !quiet, now - shown > 2_000_000_000 || (done == total && shown != start) {
                Console.error("validating: \(done) of \(total) points\n")
                shown = now
            }
            return !stop.isSet
        })
        if stop.isSet {
            Console.error("interrupted while validating the points: nothing was written\n")
            throw ExitCode(130)
        }
    }
}
