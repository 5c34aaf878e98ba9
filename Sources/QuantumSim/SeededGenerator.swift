/// A fast, seedable random number generator (xoshiro256**, seeded through
/// SplitMix64), so that measurements and samples can be reproduced.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) {
        s = (Self.splitmix(seed, 1), Self.splitmix(seed, 2), Self.splitmix(seed, 3), Self.splitmix(seed, 4))
    }

    /// The seed of stream `index` derived from `seed` (a SplitMix64 output):
    /// run k of a protocol, point k of a job. Depends on nothing else, so a
    /// result does not depend on threads or on which streams ran before.
    public static func derivedSeed(_ seed: UInt64, index: Int) -> UInt64 {
        splitmix(seed, UInt64(index + 1))
    }

    /// The k-th SplitMix64 output from state `seed`.
    private static func splitmix(_ seed: UInt64, _ k: UInt64) -> UInt64 {
        var z = seed &+ k &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    public static func == (a: SeededGenerator, b: SeededGenerator) -> Bool {
        a.s == b.s
    }

    public func hash(into h: inout Hasher) {
        h.combine(s.0); h.combine(s.1); h.combine(s.2); h.combine(s.3)
    }
}
