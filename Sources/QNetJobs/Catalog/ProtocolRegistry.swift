import Foundation

/// The protocols jobs can name in this process: QNet's built-in ones, then
/// those a Swift program registers before it reads jobs
/// (``QNetCommand/main(registering:)`` or ``register(_:)``).
public final class ProtocolRegistry: @unchecked Sendable {
    public static let shared = ProtocolRegistry()

    private let lock = NSLock()
    private var registered: [ProtocolSpec] = []

    /// Built-in first, then registered, in the order registered.
    public var protocols: [ProtocolSpec] {
        lock.lock()
        defer { lock.unlock() }
        return ProtocolCatalog.builtIn + registered
    }

    /// Adds `specs`, after checking that every name is new and well formed
    /// (nothing is added when one is not).
    public func register(_ specs: [ProtocolSpec]) throws(RegistrationError) {
        lock.lock()
        defer { lock.unlock() }
        var taken = Set((ProtocolCatalog.builtIn + registered).map(\.name))
        for spec in specs {
            try Self.check(spec)
            guard taken.insert(spec.name).inserted else {
                throw RegistrationError("protocol \"\(spec.name)\" is already registered: choose another name")
            }
        }
        registered += specs
    }

    /// The columns every job writes besides a protocol's parameters and outputs.
    static let jobColumns = ["index", "runs", "seed", "wall_time_s"]

    private static func check(_ spec: ProtocolSpec) throws(RegistrationError) {
        func wellFormed(_ s: String, _ allowed: Set<Character>) -> Bool {
            !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || allowed.contains($0)) }
        }
        guard wellFormed(spec.name, ["-", "_"]) else {
            throw RegistrationError("protocol name \"\(spec.name)\": expected letters, digits, \"-\" and \"_\"")
        }
        var seen = Set(jobColumns)
        for name in spec.parameters.map(\.name) + spec.outputs.map(\.name) {
            guard wellFormed(name, ["_"]) else {
                throw RegistrationError("\(spec.name): column \"\(name)\": expected letters, digits and \"_\"")
            }
            guard seen.insert(name).inserted else {
                throw RegistrationError("\(spec.name): column \"\(name)\" is written twice (as a parameter, an output, "
                                        + "or one of \(jobColumns.joined(separator: ", ")))")
            }
        }
    }
}

/// Why a protocol cannot be registered.
public struct RegistrationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
