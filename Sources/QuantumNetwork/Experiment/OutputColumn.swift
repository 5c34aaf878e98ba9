/// One output column of an experiment's result: its name and unit as results
/// files write them, and how to read its value from a result (nil where it
/// does not apply to that result, e.g. a fidelity when nothing was delivered).
///
/// A result type lists its columns once (``ExperimentResult/columns``), so a
/// column's name, unit and value cannot drift apart or be misspelled.
public struct OutputColumn<Result>: Sendable {
    public let name: String
    /// Unit ("" when none), for documentation and plot axes.
    public let unit: String
    public let value: @Sendable (Result) -> Double?

    public init(_ name: String, _ unit: String = "", _ value: @escaping @Sendable (Result) -> Double?) {
        self.name = name
        self.unit = unit
        self.value = value
    }

    /// The same column read from the part of a larger result that `part` picks.
    public func reading<Whole>(_ part: @escaping @Sendable (Whole) -> Result) -> OutputColumn<Whole> {
        let value = self.value
        return OutputColumn<Whole>(name, unit) { value(part($0)) }
    }
}

/// What an experiment's run produces: a value per declared column.
public protocol ExperimentResult: Sendable {
    /// The output columns, in the order results files write them.
    static var columns: [OutputColumn<Self>] { get }
}

extension ExperimentResult {
    /// The value of every column, in ``columns`` order.
    public var row: [Double?] { Self.columns.map { $0.value(self) } }
}
