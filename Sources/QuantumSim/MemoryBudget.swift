#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How much memory this process may still take: the least of the machine's
/// physical memory, its control group's limit (cgroup v2 `memory.max` less
/// `memory.current`, or v1 `memory.limit_in_bytes` less usage) and the
/// address-space limit (`ulimit -v`) less the address space in use. Big
/// allocations are checked against it first, so they fail with the numbers
/// instead of an out-of-memory kill or a trap.
public enum MemoryBudget {
    public struct Limit: Sendable, CustomStringConvertible {
        /// Bytes still available.
        public let bytes: UInt64
        /// What sets it: "physical memory", "the cgroup limit", "the address-space limit (ulimit -v)".
        public let source: String

        public var description: String { "\(gib(bytes)) GiB (\(source))" }
    }

    /// Allocations below this size are not checked (small states are made by the million).
    public static let checkedFrom: UInt64 = 64 << 20

    /// The current limit (read anew: usage changes).
    public static var available: Limit {
        var limits = [Limit(bytes: physicalMemory, source: "physical memory")]
        if let max = number("/sys/fs/cgroup/memory.max") {
            limits.append(Limit(bytes: max - min(max, number("/sys/fs/cgroup/memory.current") ?? 0), source: "the cgroup limit"))
        } else if let max = number("/sys/fs/cgroup/memory/memory.limit_in_bytes"), max < 1 << 60 {
            let used = number("/sys/fs/cgroup/memory/memory.usage_in_bytes") ?? 0
            limits.append(Limit(bytes: max - min(max, used), source: "the cgroup limit"))
        }
        var r = rlimit()
        if getrlimit(RLIMIT_AS_VALUE, &r) == 0, r.rlim_cur != rlim_t.max {
            let limit = UInt64(r.rlim_cur)
            limits.append(Limit(bytes: limit - min(limit, addressSpaceInUse), source: "the address-space limit (ulimit -v)"))
        }
        return limits.min { $0.bytes < $1.bytes } ?? limits[0]
    }

    /// Physical memory of the machine, in bytes.
    public static let physicalMemory: UInt64 = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? UInt64(pages) * UInt64(size) : UInt64.max
    }()

    /// Throws `notEnoughMemory` when `bytes` (for `what`) do not fit. `what`
    /// is made only for the message: small states are allocated by the
    /// million, and building a string each time cost 19 % of a teleportation.
    public static func check(_ bytes: UInt64, for what: @autoclosure () -> String) throws(QuantumSimError) {
        guard bytes >= checkedFrom else { return }
        let limit = available
        guard bytes <= limit.bytes else {
            throw .notEnoughMemory(what: what(), bytesNeeded: bytes, bytesAvailable: limit.bytes, limitedBy: limit.source)
        }
    }

    static func gib(_ bytes: UInt64) -> String {
        let g = Double(bytes) / Double(1 << 30)
        return g < 10 ? String(Double(Int(g * 100)) / 100) : String(Int(g))
    }

    #if os(Linux)
    private static let RLIMIT_AS_VALUE = __rlimit_resource_t(RLIMIT_AS.rawValue)
    #else
    private static let RLIMIT_AS_VALUE = RLIMIT_AS
    #endif

    /// The first line of a small file (nil if it cannot be read).
    private static func firstLine(_ path: String) -> String? {
        guard let f = fopen(path, "r") else { return nil }
        defer { fclose(f) }
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, 128, f) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A whole number in a one-line file (nil if missing or "max").
    private static func number(_ path: String) -> UInt64? {
        firstLine(path).flatMap { UInt64($0.filter { !$0.isWhitespace }) }
    }

    /// The process's virtual size (first field of /proc/self/statm, in pages).
    private static var addressSpaceInUse: UInt64 {
        guard let pages = firstLine("/proc/self/statm")?.split(separator: " ").first.flatMap({ UInt64($0) }) else { return 0 }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
