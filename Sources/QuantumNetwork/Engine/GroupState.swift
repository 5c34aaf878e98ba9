import QuantumSim

/// How a network run holds its quantum states.
public enum StateRepresentation: String, Sendable, CaseIterable, Hashable {
    /// Density matrices: exact mixed states; one run gives the average over
    /// all noise, measurement outcomes aside. The default.
    case densityMatrix
    /// State vectors with noise unravelled into quantum trajectories: each
    /// run samples one; averages converge over runs. Reaches many more qubits.
    case stateVector
}

/// The joint state of one group of qubits that have interacted.
enum GroupState {
    case mixed(DensityMatrix)
    case pure(StateVector)
    /// A two-qubit X state (link pairs, and what swaps make of them): the
    /// density matrix in eight numbers, written out as `.mixed` at the first
    /// operation that would leave the form (with these options).
    case pair(XState, ExecutionOptions)
    /// Placeholder while a payload is updated in place (keeps it uniquely referenced).
    case moved

    var qubitCount: Int {
        switch self {
        case let .mixed(rho): return rho.qubitCount
        case let .pure(psi): return psi.qubitCount
        case .pair: return 2
        case .moved: return 0
        }
    }

    /// self ⊗ other (other's qubits above).
    func tensor(_ other: GroupState) throws(QuantumSimError) -> GroupState {
        switch (self, other) {
        case let (.pair(a, o), _): return try GroupState.mixed(a.densityMatrix(options: o)).tensor(other)
        case let (_, .pair(b, o)): return try tensor(.mixed(b.densityMatrix(options: o)))
        case let (.mixed(a), .mixed(b)): return .mixed(try a.tensor(b))
        case let (.pure(a), .pure(b)): return .pure(try a.tensor(b))
        case let (.mixed(a), .pure(b)): return .mixed(try a.tensor(DensityMatrix(b)))
        case let (.pure(a), .mixed(b)): return .mixed(try DensityMatrix(a).tensor(b))
        default: preconditionFailure("a moved group state was used")
        }
    }

    mutating func apply(_ gate: Gate, to qubits: [Int]) throws(QuantumSimError) {
        switch self {
        case .pair(var x, let o):
            if x.apply(gate, to: qubits) {
                self = .pair(x, o)
            } else {
                self = .mixed(try x.densityMatrix(options: o))
                try apply(gate, to: qubits)
            }
        case var .mixed(rho):
            self = .moved
            defer { self = .mixed(rho) }
            try rho.apply(gate, to: qubits)
        case var .pure(psi):
            self = .moved
            defer { self = .pure(psi) }
            try psi.apply(gate, to: qubits)
        case .moved: preconditionFailure("a moved group state was used")
        }
    }

    /// The channel itself on a density matrix; one sampled trajectory on a
    /// state vector.
    mutating func apply(_ channel: Channel, to qubits: [Int], using rng: inout SeededGenerator) throws(QuantumSimError) {
        switch self {
        case .pair(var x, let o):
            if x.apply(channel, to: qubits) {
                self = .pair(x, o)
            } else {
                self = .mixed(try x.densityMatrix(options: o))
                try apply(channel, to: qubits, using: &rng)
            }
        case var .mixed(rho):
            self = .moved
            defer { self = .mixed(rho) }
            try rho.apply(channel, to: qubits)
        case var .pure(psi):
            self = .moved
            defer { self = .pure(psi) }
            try psi.apply(channel, to: qubits, using: &rng)
        case .moved: preconditionFailure("a moved group state was used")
        }
    }

    /// Measures `qubit` in the computational basis and takes it out.
    func measuringAndRemoving(_ qubit: Int, using rng: inout SeededGenerator)
        throws(QuantumSimError) -> (outcome: Int, rest: GroupState?)
    {
        switch self {
        case let .pair(x, o): return try GroupState.mixed(x.densityMatrix(options: o)).measuringAndRemoving(qubit, using: &rng)
        case let .mixed(rho):
            let (m, rest) = try rho.measuringAndRemoving(qubit, using: &rng)
            return (m, rest.map { .mixed($0) })
        case let .pure(psi):
            let (m, rest) = try psi.measuringAndRemoving(qubit, using: &rng)
            return (m, rest.map { .pure($0) })
        case .moved: preconditionFailure("a moved group state was used")
        }
    }

    /// Takes `qubit` out without looking: the partial trace of a density
    /// matrix; for a state vector, a measurement whose outcome is forgotten
    /// (the same average over trajectories).
    func discarding(_ qubit: Int, using rng: inout SeededGenerator) throws(QuantumSimError) -> GroupState? {
        switch self {
        case let .mixed(rho): return rho.qubitCount == 1 ? nil : .mixed(try rho.removing(qubit))
        case let .pair(x, o):
            guard qubit == 0 || qubit == 1 else { throw .qubitOutOfRange(qubit: qubit, qubitCount: 2) }
            return .mixed(try x.reducedDensityMatrix(keeping: 1 - qubit, options: o))
        case .pure, .moved: return try measuringAndRemoving(qubit, using: &rng).rest
        }
    }

    /// The density matrix of `qubits` (in that order), the rest traced out.
    func reduced(keeping qubits: [Int]) throws(QuantumSimError) -> DensityMatrix {
        switch self {
        case let .mixed(rho):
            if qubits == Array(0..<rho.qubitCount) { return rho }
            return try rho.partialTrace(keeping: qubits)
        case let .pure(psi):
            return try psi.reducedDensityMatrix(keeping: qubits)
        case let .pair(x, o):
            switch qubits {
            case [0, 1]: return try x.densityMatrix(options: o)
            case [1, 0]: return try x.swappingQubits().densityMatrix(options: o)
            case [0], [1]: return try x.reducedDensityMatrix(keeping: qubits[0], options: o)
            default: return try x.densityMatrix(options: o).partialTrace(keeping: qubits)
            }
        case .moved: preconditionFailure("a moved group state was used")
        }
    }
}
