import QuantumNetwork

extension ProtocolCatalog {
    /// `swapping`: one swap at the middle node of two links (a sequential
    /// repeater chain of two segments, or along a path of a network).
    enum SwappingJob {
        static let length = totalLength(default: 20)

        static let spec = ProtocolSpec(
            name: "swapping",
            summary: "entanglement swapping at a middle node between two links",
            parameters: [length.definition] + linkParameters + moduleParameters + [exactRepresentation.definition],
            experiment: { (p) throws(NetworkError) in
                try RepeaterChainJob.wholeChain(p, chainDescription(p, segments: 2, lengthKm: p[length] / 2), schemes: false)
            },
            network: RepeaterChainJob.onNetwork(schemes: false))
    }
}
