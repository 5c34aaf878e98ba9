/// A place in a job file: line and column (1-based) and the key path.
public struct JobLocation: Sendable, Hashable, CustomStringConvertible {
    public let line: Int?, column: Int?
    public let keyPath: String

    public init(line: Int?, column: Int?, keyPath: String) {
        self.line = line
        self.column = column
        self.keyPath = keyPath
    }

    public var description: String {
        let place = line.map { l in column.map { "\(l):\($0)" } ?? "\(l)" }
        return [place, keyPath.isEmpty ? nil : "at \(keyPath)"].compactMap { $0 }.joined(separator: " ")
    }
}

/// A job that cannot run, with the file and the place that say why.
public struct JobError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let location: JobLocation?
    public let message: String

    public init(file: String, location: JobLocation?, _ message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        "\(file)\(location.map { ":\($0.description)" } ?? ""): \(message)"
    }
}

/// "a", "b" or "c" (quoted), for lists of valid choices.
func choices(_ names: [String]) -> String {
    names.map { "\"\($0)\"" }.joined(separator: ", ")
}
