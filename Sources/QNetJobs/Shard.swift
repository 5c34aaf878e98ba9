import ArgumentParser

/// A share of a job's points, for splitting a sweep over Slurm array tasks or
/// separate machines: shard i of N computes the points whose index is i
/// modulo N. Points keep the seeds they have in a whole run (a seed derives
/// from the job seed and the point index only), so the shards merged give
/// the whole run's results whatever N is.
struct Shard: Sendable, Equatable {
    let index: Int, count: Int

    /// Reads "i/N" with 0 ≤ i < N.
    init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else {
            throw ValidationError("--shard \(text) is invalid: expected i/N with 0 ≤ i < N, e.g. 0/4")
        }
        index = i
        count = n
    }

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// The points of a job of `total` points that this shard computes.
    func points(of total: Int) -> [Int] { Array(stride(from: index, to: total, by: count)) }

    /// The file this shard writes for a whole run's `path`: NAME.csv becomes
    /// NAME.shard-i-of-N.csv.
    func path(for path: String) -> String {
        let tag = ".shard-\(index)-of-\(count)"
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path + tag }
        let cut = path.index(path.endIndex, offsetBy: -name.distance(from: dot, to: name.endIndex))
        return String(path[..<cut]) + tag + String(path[cut...])
    }
}
