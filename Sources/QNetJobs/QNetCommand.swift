import ArgumentParser

/// `qnet`: the command-line face of QNet.
public struct QNetCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "qnet",
        abstract: "Simulate quantum networks: batch parameter sweeps of the quantum-internet protocols.",
        version: QNetVersion.current,
        subcommands: [RunCommand.self, MergeCommand.self, ValidateCommand.self, SimulateCommand.self, NetworkCommand.self, InfoCommand.self, SchemaCommand.self])

    public init() {}
}

/// The version `qnet --version` and `qnet info` report.
public enum QNetVersion {
    public static let current = "0.4.0-dev"
}
