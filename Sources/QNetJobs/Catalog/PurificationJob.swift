import QuantumNetwork

extension ProtocolCatalog {
    /// `purification`: BBPSSW or DEJMPS recurrence rounds on the pairs of one link.
    enum PurificationJob {
        static let scheme = Parameter<Purification.Scheme>("scheme", default: .dejmps, "purification protocol")
        static let rounds = Parameter<Int>("rounds", in: 1...10, default: 1, "recurrence rounds (2^rounds input pairs)")
        static let twirl = Parameter<Twirl>("twirl", default: .default, "default: BBPSSW twirled, DEJMPS untwirled")
        static let retry = Parameter<Bool>("retry", default: false,
                                           "no: a failed step fails the run; yes: regenerate and retry")
        static let schemeParameters = [scheme.definition, rounds.definition, twirl.definition, retry.definition]
        static let length = fiberLength(default: 10)
        static let between = Parameter.link("between", "the link whose pairs are purified (\"A-B\"; default: the first link)")

        /// Purification's twirl as a job chooses it.
        enum Twirl: String, JobChoice {
            case `default`, twirled, untwirled
            /// nil: the scheme's own default.
            var twirled: Bool? { self == .default ? nil : self == .twirled }
        }

        static func experiment(_ p: ParameterSet, _ d: NetworkDescription) throws(NetworkError) -> Purification {
            let l = try d.link(labelled: p[between])
            return try Purification(
                network: d.build(), between: l.a.node, and: l.b.node, scheme: p[scheme], rounds: p[rounds],
                twirled: p[twirl].twirled, retry: p[retry], representation: p[exactRepresentation])
        }

        static let spec = ProtocolSpec(
            name: "purification",
            summary: "BBPSSW or DEJMPS recurrence purification of link pairs",
            parameters: schemeParameters + [length.definition] + linkParameters + moduleParameters
                + [exactRepresentation.definition],
            experiment: { (p) throws(NetworkError) in
                let d = try chainDescription(p, segments: 1, lengthKm: p[length])
                return try experiment(p.setting(between, to: .text(d.linkLabels[0])), d)
            },
            network: NetworkForm(
                parameters: { d in [between.definition(on: d)] + schemeParameters + [exactRepresentation.definition] },
                experiment: experiment))
    }
}
