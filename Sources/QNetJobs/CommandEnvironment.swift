import QuantumSim

/// `QNET_KERNEL` and `QNET_THREADS`, read by one parser
/// (`ExecutionOptions.fromEnvironment`) for every command: a bad value is an
/// error naming the variable, never ignored.
enum CommandEnvironment {
    static func options() throws(JobError) -> ExecutionOptions {
        do { return try ExecutionOptions.fromEnvironment() } catch {
            let (kernel, threads) = ExecutionOptions.environmentValues
            let variable: String
            switch error {
            case .invalidThreadCount: variable = "QNET_THREADS=\(threads ?? "")"
            default: variable = "QNET_KERNEL=\(kernel ?? "")"
            }
            throw JobError(file: variable, location: nil, "\(error) (unset it for the default)")
        }
    }

    /// Threads from `--threads`, else `QNET_THREADS`, else every core.
    static func threads(_ option: Int?) throws(JobError) -> Int {
        let environment = try options()
        return option ?? environment.threads
    }
}
