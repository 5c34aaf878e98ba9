/// A named set of processor-module parameters: what a network file means by
/// `preset: nv-centre`. Presets are data, not code: each is one
/// ``ModuleDescription`` with its sources stated (docs/networks.md has the
/// table); a file overrides any field.
public enum HardwarePreset: String, Sendable, CaseIterable {
    /// Noiseless, with perfect memories: the reference.
    case ideal
    /// A trapped-ion module as in the two-module scenario (Main et al.,
    /// Nature 638, 383 (2025)): a network ion and a circuit ion; the errors
    /// and durations are typical of trapped ions (assumed, as in scenario 5).
    case trappedIon = "trapped-ion"
    /// An NV centre node (Delft): electron spin T1 ≈ 1 h and T2 ≈ 1 s under
    /// dynamical decoupling (Abobeih et al., Nat. Commun. 9, 2552 (2018));
    /// read-out fidelity ≈ 0.97 (Pompili et al., Science 372, 259 (2021));
    /// gate errors and durations assumed.
    case nvCentre = "nv-centre"
    /// A tin-vacancy (SnV) centre: spin T1 ≈ 10 ms at 2.9 K (Trusheim et
    /// al., PRL 124, 023602 (2020)), T2 ≈ 0.3 ms and single-qubit gate
    /// fidelity 0.9936 (Debroux et al., PRX 11, 041041 (2021)), single-shot
    /// read-out fidelity 0.874 (arXiv:2403.13110); durations assumed.
    case snvCentre = "snv-centre"

    /// The preset's module (named "main").
    public var module: ModuleDescription {
        switch self {
        case .ideal:
            return ModuleDescription(preset: rawValue)
        case .trappedIon:
            return ModuleDescription(preset: rawValue, capacity: 2, t1: .infinity, t2: 0.1, singleQubitGateError: 1e-4,
                                     twoQubitGateError: 2e-3, measurementError: 2e-3, singleQubitGateTime: 1e-5,
                                     twoQubitGateTime: 1e-4, measurementTime: 1e-4)
        case .nvCentre:
            return ModuleDescription(preset: rawValue, capacity: 2, t1: 3600, t2: 1, singleQubitGateError: 1e-3,
                                     twoQubitGateError: 1e-2, measurementError: 0.03, singleQubitGateTime: 1e-7,
                                     twoQubitGateTime: 5e-4, measurementTime: 1e-5)
        case .snvCentre:
            return ModuleDescription(preset: rawValue, capacity: 1, t1: 0.01, t2: 3e-4, singleQubitGateError: 6.4e-3,
                                     twoQubitGateError: 0, measurementError: 0.126, singleQubitGateTime: 1e-7,
                                     twoQubitGateTime: 0, measurementTime: 1e-5)
        }
    }
}
