import Yams

/// Reads YAML (or JSON) nodes with their marks, for messages with the file,
/// line, column and key path: the helpers shared by the job and network
/// readers.
struct NodeReader {
    let file: String

    func fail(_ node: Node?, _ keyPath: String, _ message: String) -> JobError {
        JobError(file: file, location: JobLocation(line: node?.mark?.line, column: node?.mark?.column, keyPath: keyPath),
                 message)
    }

    func entries(_ m: Node.Mapping, _ keyPath: String, allowed: [String]) throws(JobError) -> [(String, Node, Node)] {
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard let key = k.string else { throw fail(k, keyPath, "expected a key name") }
            guard allowed.contains(key) else {
                throw fail(k, keyPath.isEmpty ? key : "\(keyPath).\(key)", "unknown key \"\(key)\": expected one of \(choices(allowed))")
            }
            guard !out.contains(where: { $0.0 == key }) else { throw fail(k, keyPath, "key \"\(key)\" appears twice") }
            out.append((key, k, v))
        }
        return out
    }

    func scalarText(_ n: Node, _ keyPath: String, what: String) throws(JobError) -> String {
        guard let s = n.scalar?.string else { throw fail(n, keyPath, "expected \(what)") }
        return s
    }

    func integer(_ n: Node, _ keyPath: String, range: ClosedRange<Int>) throws(JobError) -> Int {
        guard let s = n.scalar?.string, let v = Int(s), range.contains(v) else {
            throw fail(n, keyPath, "expected a whole number in \(range.lowerBound)...\(range.upperBound), found \(n.scalar?.string ?? "a collection")")
        }
        return v
    }

    /// A parameter value: a number (YAML/JSON number, `.inf`, `inf`) or a name.
    func value(_ n: Node, _ keyPath: String) throws(JobError) -> ParameterValue {
        guard let scalar = n.scalar else { throw fail(n, keyPath, "expected a number or a name, found a collection") }
        let s = scalar.string
        if let x = Double(s) { return .number(x) }
        switch s.lowercased() {
        case ".inf", "inf", "+.inf", "infinity": return .number(.infinity)
        default: break
        }
        if let x = n.float, scalar.style == .plain { return .number(x) }
        return .text(s)
    }

    /// A YAML/JSON boolean: `true` or `false` (any capitalisation YAML 1.2 allows), nothing else.
    func boolean(_ n: Node, _ keyPath: String) throws(JobError) -> Bool {
        guard let s = n.scalar, s.style == .plain else {
            throw fail(n, keyPath, "expected true or false, found \(n.scalar.map { "\"\($0.string)\"" } ?? "a collection")")
        }
        switch s.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw fail(n, keyPath, "expected true or false, found \(s.string)")
        }
    }

    /// A number: a YAML/JSON number, `.inf` or `inf`; `range` checked.
    func number(_ n: Node, _ keyPath: String, in range: ClosedRange<Double>, unit: String = "") throws(JobError) -> Double {
        guard case let .number(x) = try value(n, keyPath), !x.isNaN, range.contains(x) else {
            let hi = range.upperBound == .infinity ? "∞" : ParameterValue.number(range.upperBound).description
            throw fail(n, keyPath, "expected a number in \(ParameterValue.number(range.lowerBound))...\(hi)\(unit.isEmpty ? "" : " (\(unit))"), "
                       + "found \(n.scalar?.string ?? "a collection")")
        }
        return x
    }

    /// A mapping's entries, or an error naming what was expected.
    func mapping(_ n: Node, _ keyPath: String, allowed: [String], what: String) throws(JobError) -> [(String, Node, Node)] {
        guard let m = n.mapping else { throw fail(n, keyPath, "expected \(what)") }
        return try entries(m, keyPath, allowed: allowed)
    }

    /// A sequence's items, or an error naming what was expected.
    func sequence(_ n: Node, _ keyPath: String, what: String) throws(JobError) -> [Node] {
        guard let s = n.sequence else { throw fail(n, keyPath, "expected \(what)") }
        return Array(s)
    }
}
