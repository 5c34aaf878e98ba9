import QuantumNetwork
import QuantumSim
import Testing

/// w = (4F − 1)/3: the Werner parameter of a pair of fidelity F.
func wernerParameter(_ f: Double) -> Double { (4 * f - 1) / 3 }

/// Two nodes "A" and "B" joined by a link of the given source fidelity.
func pairNetwork(fidelity: Double = 1, lengthKm: Double = 1, moduleA: ProcessorModule = .ideal(),
                 moduleB: ProcessorModule = .ideal()) throws -> Network {
    var net = Network()
    try net.addNode("A", modules: [moduleA])
    try net.addNode("B", modules: [moduleB])
    try net.connect("A", "B", by: QuantumLink(lengthKm: lengthKm, sourceFidelity: fidelity))
    return net
}

/// Asserts |x − expected| ≤ 4 standard errors (and a small floor for
/// rounding), the rule for stochastic results against closed forms.
func expectWithin4SE(_ x: Estimate, _ expected: Double, floor: Double = 1e-9,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(abs(x.mean - expected) <= 4 * x.standardError + floor,
            "\(x) vs closed form \(expected)", sourceLocation: sourceLocation)
}

/// A Bell-diagonal state A·Φ⁺ + B·Ψ⁻ + C·Ψ⁺ + D·Φ⁻.
func bellDiagonal(_ a: Double, _ b: Double, _ c: Double, _ d: Double) throws -> DensityMatrix {
    let o = ExecutionOptions.singleThreaded
    return try DensityMatrix(mixture: [
        (a, BellState.phiPlus.stateVector(options: o)), (b, BellState.psiMinus.stateVector(options: o)),
        (c, BellState.psiPlus.stateVector(options: o)), (d, BellState.phiMinus.stateVector(options: o)),
    ], options: o)
}
