@testable import QNetJobs
import Testing

let chainYAML = """
    protocol: repeater-chain
    runs: 20
    seed: 7
    parameters:
      scheme: nested
      source_fidelity: 0.99
    sweep:
      axes:
        - parameter: segments
          values: [1, 2, 4]
        - parameter: total_length_km
          linear: {from: 10, to: 30, count: 3}
    """

let chainJSON = """
    {"protocol": "repeater-chain", "runs": 20, "seed": 7,
     "parameters": {"scheme": "nested", "source_fidelity": 0.99},
     "sweep": {"axes": [{"parameter": "segments", "values": [1, 2, 4]},
                        {"parameter": "total_length_km", "linear": {"from": 10, "to": 30, "count": 3}}]}}
    """

/// The error a job text gives, as text ("" if none).
func jobError(_ text: String) -> String {
    do {
        let job = try Job.parse(text, file: "job.yaml")
        try job.validatePoints()
        return ""
    } catch {
        return error.description
    }
}

@Suite struct JobParsingTests {
    @Test func yamlAndJsonGiveTheSamePoints() throws {
        let a = try Job.parse(chainYAML, file: "a.yaml"), b = try Job.parse(chainJSON, file: "b.json")
        #expect(a.sweep.count == 9 && b.sweep.count == 9)
        for i in 0..<9 { #expect(a.parameters(i) == b.parameters(i)) }
        #expect(a.runs == 20 && a.seed == 7 && a.spec.name == "repeater-chain")
        // Product: the last axis varies fastest.
        #expect(a.parameters(0).values["segments"] == .number(1) && a.parameters(0).values["total_length_km"] == .number(10))
        #expect(a.parameters(1).values["total_length_km"] == .number(20))
        #expect(a.parameters(3).values["segments"] == .number(2))
        // Defaults fill the rest; fixed values override them.
        #expect(a.parameters(0).values["attenuation_db_per_km"] == .number(0.2))
        #expect(a.parameters(0).values["source_fidelity"] == .number(0.99))
    }

    @Test func zipAndLogRanges() throws {
        let job = try Job.parse("""
            protocol: teleportation
            sweep:
              mode: zip
              axes:
                - parameter: length_km
                  log: {from: 1, to: 100, count: 3}
                - parameter: t2_s
                  values: [0.1, 0.2, 0.3]
            """, file: "zip.yaml")
        #expect(job.sweep.count == 3)
        #expect(job.parameters(1).values["length_km"] == .number(10))
        #expect(job.parameters(2).values["t2_s"] == .number(0.3))
        #expect(job.sweep.axes[0].logarithmic)
    }

    /// Every link parameter reaches the link: halving the source or the
    /// detector efficiency doubles the attempts per delivered pair (a
    /// source_efficiency once got lost in a comment and was silently 1).
    @Test func linkEfficienciesReachTheLink() throws {
        func attempts(_ extra: String) throws -> Double {
            let job = try Job.parse("""
                protocol: teleportation
                runs: 4000
                seed: 3
                parameters: {length_km: 10\(extra)}
                """, file: "link.yaml")
            let out = try job.outputs(ofPoint: 0)
            return try #require(out["link_attempts_per_run"] ?? nil)
        }
        let base = try attempts("")
        for extra in [", source_efficiency: 0.5", ", detector_efficiency: 0.5"] {
            let ratio = try attempts(extra) / base
            #expect(abs(ratio - 2) < 0.15, "\(extra): attempts ratio \(ratio)")
        }
    }

    @Test func pointSeedsDependOnlyOnJobSeedAndIndex() throws {
        let a = try Job.parse(chainYAML, file: "a.yaml"), b = try Job.parse(chainJSON, file: "b.json")
        #expect(a.pointSeed(4) == b.pointSeed(4) && a.pointSeed(4) != a.pointSeed(5))
    }

    @Test func unknownProtocolListsTheChoices() {
        let e = jobError("protocol: teleport\n")
        #expect(e.contains("job.yaml:1:11") && e.contains("unknown protocol \"teleport\""))
        #expect(e.contains("\"teleportation\"") && e.contains("\"repeater-chain\"") && e.contains("\"bb84\""))
    }

    @Test func unknownParameterListsTheValidNames() {
        let e = jobError("protocol: bb84\nparameters:\n  length: 3\n")
        #expect(e.contains("job.yaml:3:3") && e.contains("parameters.length"))
        #expect(e.contains("unknown key \"length\"") && e.contains("\"length_km\"") && e.contains("\"eve_fraction\""))
        let swept = jobError("protocol: bb84\nsweep:\n  axes:\n    - parameter: distance\n      values: [1]\n")
        #expect(swept.contains("job.yaml:4:18") && swept.contains("unknown parameter \"distance\" of bb84"))
    }

    @Test func impossibleValuesAreRejectedWithTheirPlace() {
        let f = jobError("protocol: teleportation\nparameters:\n  source_fidelity: 1.2\n")
        #expect(f.contains("job.yaml:3:20") && f.contains("source_fidelity = 1.2 is invalid: expected a number in 0.25...1"))
        let l = jobError("protocol: teleportation\nsweep:\n  axes:\n    - parameter: length_km\n      values: [10, -5]\n")
        #expect(l.contains("job.yaml:5:20") && l.contains("length_km = -5 is invalid"))
        let p = jobError("protocol: bb84\nparameters:\n  eve_fraction: 1.5\n")
        #expect(p.contains("eve_fraction = 1.5 is invalid: expected a number in 0...1"))
        // T2 > 2·T1 is caught when the point is built, before anything runs.
        let t = jobError("""
            protocol: teleportation
            parameters: {t1_s: 1}
            sweep:
              axes:
                - parameter: t2_s
                  values: [1, 2, 3]
            """)
        #expect(t.contains("point 2 (t2_s = 3)") && t.contains("T2 = 3.0 is invalid: expected at most 2·T1 = 2.0 seconds"))
    }

    @Test func structuralMistakes() {
        #expect(jobError("protocol: [bb84\n").contains("job.yaml:2:1: not valid YAML or JSON"))
        #expect(jobError("- just\n- a list\n").contains("expected a mapping with keys"))
        #expect(jobError("runs: 3\n").contains("missing key \"protocol\""))
        #expect(jobError("protocol: bb84\nrunz: 3\n").contains("unknown key \"runz\""))
        #expect(jobError("protocol: bb84\nruns: -3\n").contains("job.yaml:2:7") )
        #expect(jobError("""
            protocol: bb84
            sweep: {mode: zip, axes: [{parameter: length_km, values: [1, 2]}, {parameter: misalignment, values: [0]}]}
            """).contains("zip needs axes of one length"))
        #expect(jobError("protocol: bb84\nparameters: {length_km: 3}\nsweep: {axes: [{parameter: length_km, values: [1]}]}\n")
            .contains("both fixed"))
        #expect(jobError("protocol: bb84\nplot: {x: length_km, y: fidelty}\n").contains("unknown column \"fidelty\""))
    }
}
