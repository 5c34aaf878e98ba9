import Foundation
@testable import QNetJobs
import QuantumNetwork
import RealModule
import Testing

/// A protocol a Swift user writes (examples/custom-experiment, compiled here
/// through a link) registered with the runner: it reads, runs and sweeps like
/// a built-in one, and registration refuses what would break a results file.
@Suite struct CustomExperimentTests {
    static let protocols = ProtocolCatalog.builtIn + [StoredPairQBER.protocolSpec]

    static func job(_ text: String) throws -> Job {
        try Job.parse(text, file: "stored.yaml", protocols: protocols)
    }

    /// Pure dephasing (T1 = ∞) leaves ⟨ZZ⟩ = 1 and multiplies ⟨XX⟩ by
    /// e^{−(tA + tB)/T2}: Alice's half waits one attempt (there and back)
    /// plus the storage time, Bob's half one fiber delay less.
    @Test func theExampleMatchesTheClosedFormOfDephasing() throws {
        let (t2, storage, km) = (0.01, 0.004, 10.0)
        let job = try Self.job("""
            protocol: stored-pair-qber
            runs: 20000
            seed: 3
            parameters: {t2_s: \(t2), storage_time_s: \(storage), length_km: \(km)}
            """)
        let out = try job.outputs(ofPoint: 0)
        let link = try LinkDescription(a: LinkEnd(node: "A"), b: LinkEnd(node: "B"), lengthKm: km).quantumLink(lengthKm: km)
        let (tA, tB) = (link.attemptDuration + storage, link.attemptDuration - link.oneWayDelay + storage)
        let expected = (1 - Double.exp(-(tA + tB) / t2)) / 2
        let qberX = try #require(out["qber_x"] ?? nil), roundsX = try #require(out["rounds_x"] ?? nil)
        let se = (expected * (1 - expected) / roundsX).squareRoot()
        #expect(abs(qberX - expected) < 4 * se, "qber_x \(qberX), closed form \(expected) ± \(se)")
        #expect(out["qber_z"] == 0)
        #expect(try #require(out["rounds_z"] ?? nil) + roundsX == 20000)
    }

    @Test func aSweepOfItIsTheSameOnOneThreadAndTwo() throws {
        let job = try Self.job("""
            protocol: stored-pair-qber
            runs: 300
            seed: 9
            sweep:
              axes:
                - parameter: storage_time_s
                  values: [0, 0.1, 0.5, 1]
            """)
        let (one, two) = (try scratchDirectory("custom-1"), try scratchDirectory("custom-2"))
        _ = try runJob(job, in: one, threads: 1)
        _ = try runJob(job, in: two, threads: 2)
        let csv = try deterministicPart(one.appendingPathComponent("out.csv").path)
        #expect(csv == (try deterministicPart(two.appendingPathComponent("out.csv").path)))
        #expect(csv.first == "index,storage_time_s,t2_s,length_km,runs,seed,qber_z,qber_x,rounds_z,rounds_x")
        #expect(csv.count == 5)
    }

    @Test func itsParametersAreCheckedLikeBuiltInOnes() throws {
        #expect(throws: JobError.self) { try Self.job("protocol: stored-pair-qber\nparameters: {t2_s: -1}") }
        do {
            _ = try Self.job("protocol: stored-pair-qber\nparameters: {t1_s: 1}")
            Issue.record("an unknown parameter was accepted")
        } catch {
            #expect("\(error)".contains("unknown key \"t1_s\": expected one of \"storage_time_s\", \"t2_s\", \"length_km\""))
        }
        // Without registration, jobs do not know it, and say what they know.
        do {
            _ = try Job.parse("protocol: stored-pair-qber", file: "j.yaml", protocols: ProtocolCatalog.builtIn)
            Issue.record("an unregistered protocol was accepted")
        } catch {
            #expect("\(error)".contains("unknown protocol \"stored-pair-qber\": expected one of"))
        }
    }

    /// A spec named `name` with `parameters`, running the example experiment.
    static func spec(_ name: String, parameters: [ParameterDefinition] = []) -> ProtocolSpec {
        ProtocolSpec(name: name, summary: "test", parameters: parameters) { (_) throws(NetworkError) in
            let d = NetworkDescription(nodes: [NodeDescription(name: "A"), NodeDescription(name: "B")],
                                       links: [LinkDescription(a: LinkEnd(node: "A"), b: LinkEnd(node: "B"), lengthKm: 1)])
            return try StoredPairQBER(network: d.build(), between: "A", and: "B", storageTime: 0)
        }
    }

    @Test func registrationRefusesNamesThatWouldClash() throws {
        let registry = ProtocolRegistry()
        let cases: [(ProtocolSpec, String)] = [
            (Self.spec("teleportation"), "protocol \"teleportation\" is already registered"),
            (Self.spec("bad name"), "protocol name \"bad name\": expected letters, digits"),
            (Self.spec("x", parameters: [Parameter<Double>("seed", in: 0...1, default: 0, "").definition]),
             "column \"seed\" is written twice"),
            (Self.spec("x", parameters: [Parameter<Double>("qber_x", in: 0...1, default: 0, "").definition]),
             "column \"qber_x\" is written twice"),
            (Self.spec("x", parameters: [Parameter<Double>("links.a", in: 0...1, default: 0, "").definition]),
             "column \"links.a\": expected letters, digits and \"_\""),
        ]
        for (spec, message) in cases {
            do {
                try registry.register([spec])
                Issue.record("\(spec.name) was registered")
            } catch {
                #expect(error.description.contains(message), "\(error)")
            }
        }
        #expect(registry.protocols.map(\.name) == ProtocolCatalog.builtIn.map(\.name))
        try registry.register([StoredPairQBER.protocolSpec])
        #expect(registry.protocols.last?.name == "stored-pair-qber")
        #expect(throws: RegistrationError.self) { try registry.register([StoredPairQBER.protocolSpec]) }
    }
}
