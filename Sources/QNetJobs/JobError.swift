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

    /// `file:line:column: at key.path: message`, leaving out the parts not known.
    public var description: String {
        var text = file
        if let line = location?.line {
            text += ":\(line)" + (location?.column.map { ":\($0)" } ?? "")
        }
        if let path = location?.keyPath, !path.isEmpty { text += ": at \(path)" }
        return text + ": " + message
    }
}

/// "a", "b" or "c" (quoted), for lists of valid choices.
func choices(_ names: [String]) -> String {
    names.map { "\"\($0)\"" }.joined(separator: ", ")
}
