/// The integral over simulated time of a quantity that changes in steps
/// (busy channels, held memory slots, requests in the system).
struct TimeIntegral: Sendable {
    private(set) var value = 0.0
    private(set) var area = 0.0
    private var since = 0.0

    /// The quantity becomes `newValue` at time `t` (≥ every earlier t).
    mutating func set(_ newValue: Double, at t: Double) {
        area += value * (t - since)
        value = newValue
        since = t
    }

    /// The integral from 0 to `t`.
    func area(until t: Double) -> Double { area + value * (t - since) }
}
