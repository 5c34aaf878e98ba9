import Foundation

/// The points of a job: fixed parameters and defaults, plus swept axes
/// combined as a Cartesian product (the last axis varying fastest) or zipped.
/// Points are computed from their index, so a job of any size needs no list.
public struct Sweep: Sendable {
    public enum Mode: String, Sendable, CaseIterable { case product, zip }

    public struct Axis: Sendable {
        public let name: String
        public let values: [ParameterValue]
        /// From a `log` range: plots use a log axis.
        public let logarithmic: Bool
    }

    /// Every parameter of the job, in column order.
    let definitions: [ParameterDefinition]
    let fixed: [String: ParameterValue]
    public let axes: [Axis]
    public let mode: Mode

    /// Number of points.
    public let count: Int

    init(definitions: [ParameterDefinition], fixed: [String: ParameterValue], axes: [Axis], mode: Mode, count: Int) {
        self.definitions = definitions
        self.fixed = fixed
        self.axes = axes
        self.mode = mode
        self.count = count
    }

    /// The number of points of `axes` combined by `mode`; nil when it
    /// overflows an Int.
    static func pointCount(axes: [Axis], mode: Mode) -> Int? {
        guard let first = axes.first else { return 1 }
        if mode == .zip { return first.values.count }
        var n = 1
        for a in axes {
            let (p, overflow) = n.multipliedReportingOverflow(by: a.values.count)
            if overflow { return nil }
            n = p
        }
        return n
    }

    /// The parameters of point `index` (0..<count).
    public func parameters(at index: Int) -> ParameterSet {
        var values = [String: ParameterValue]()
        for def in definitions { values[def.name] = fixed[def.name] ?? def.defaultValue }
        var rest = index
        for axis in axes.reversed() {
            let n = axis.values.count
            values[axis.name] = axis.values[mode == .zip ? index : rest % n]
            rest /= n
        }
        return ParameterSet(names: definitions.map(\.name), values: values)
    }

    /// `count` values from `from` to `to`, evenly spaced (or evenly in log).
    static func range(from: Double, to: Double, count: Int, log: Bool) -> [Double] {
        guard count > 1 else { return [from] }
        return (0..<count).map { i in
            let t = Double(i) / Double(count - 1)
            if i == count - 1 { return to }
            // Powers of ten in log10 so that decades land exactly (10, 100, ...).
            return log ? Foundation.pow(10, Foundation.log10(from) + t * (Foundation.log10(to) - Foundation.log10(from)))
                : from + t * (to - from)
        }
    }
}
