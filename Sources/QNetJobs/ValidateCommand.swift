import ArgumentParser

/// `qnet validate JOB`: every check `run` makes, without running.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a job file (syntax, names, ranges, every point's physics) without running it.")

    @Argument(help: "The job file (YAML or JSON).")
    var job: String

    func run() throws {
        let job = try Job.load(self.job)
        try PointValidation.run(job, quiet: false, stop: StopFlag.installForInterrupt())
        print("\(self.job): valid")
        print("  protocol: \(job.spec.name) — \(job.spec.summary)")
        print("  points: \(job.sweep.count) (\(job.sweep.mode.rawValue) of \(job.sweep.axes.count) axes), runs per point: \(job.runs), seed: \(job.seed)")
        for axis in job.sweep.axes {
            let unit = job.unit(of: axis.name)
            let values = axis.values.prefix(6).map(\.description).joined(separator: ", ")
            print("  sweep \(axis.name)\(unit.isEmpty ? "" : " (\(unit))"): \(values)\(axis.values.count > 6 ? ", … (\(axis.values.count) values)" : "")")
        }
        print("  columns: \(job.columns.joined(separator: ", "))")
    }
}
