import ArgumentParser
import Foundation

/// `qnet`: the command-line face of QNet.
public struct QNetCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "qnet",
        abstract: "Simulate quantum networks: batch parameter sweeps of the quantum-internet protocols.",
        version: QNetVersion.current,
        subcommands: [RunCommand.self, MergeCommand.self, ValidateCommand.self, SimulateCommand.self, NetworkCommand.self, TraceCommand.self, InfoCommand.self, SchemaCommand.self])

    public init() {}

    /// `qnet` with `protocols` added to the built-in ones: every command
    /// (run, validate, merge, schema, info) knows them as it knows its own.
    /// A registration error ends the process with a message naming it.
    public static func main(registering protocols: [ProtocolSpec]) {
        do {
            try ProtocolRegistry.shared.register(protocols)
        } catch {
            Console.error("qnet: cannot register the protocols: \(error)\n")
            exit(withError: ExitCode(2))
        }
        main()
    }
}

/// The version `qnet --version` and `qnet info` report.
public enum QNetVersion {
    public static let current = "0.4.0-dev"
}
