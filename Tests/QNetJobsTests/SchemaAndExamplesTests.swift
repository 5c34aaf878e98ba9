import Foundation
@testable import QNetJobs
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite struct SchemaAndExamplesTests {
    @Test func committedSchemaIsTheGeneratedOne() throws {
        let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/job.schema.json"), encoding: .utf8)
        #expect(committed == JobSchema.json(), "regenerate with: qnet schema > docs/job.schema.json")
    }

    @Test func everyExampleJobIsValid() throws {
        let dir = repositoryRoot.appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }
        #expect(files.count >= 5)
        for f in files {
            let job = try Job.load(dir.appendingPathComponent(f).path)
            try job.validatePoints()
            #expect(job.plot != nil && (job.csv != nil || job.jsonl != nil), "\(f)")
        }
    }

    /// Every scenario job is valid, plots, and has its section in
    /// docs/scenarios.md naming the job file.
    @Test func everyScenarioIsValidAndDocumented() throws {
        let dir = repositoryRoot.appendingPathComponent("examples/scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/scenarios.md"), encoding: .utf8)
        for f in files {
            let job = try Job.load(dir.appendingPathComponent(f).path)
            try job.validatePoints()
            #expect(job.plot != nil && job.csv != nil, "\(f)")
            #expect(doc.contains("examples/scenarios/\(f)"), "docs/scenarios.md does not present \(f)")
        }
    }

    /// `log_y` draws the y axis in decades and leaves out points at or below 0.
    @Test func logarithmicYAxis() throws {
        let job = try Job.parse("""
            protocol: photonic-swap
            sweep:
              axes:
                - parameter: pair_rate
                  log: {from: 1.0e+5, to: 1.0e+7, count: 3}
            plot: {x: pair_rate, y: delivered_rate_hz, log_y: true}
            """, file: "log.yaml")
        #expect(job.plot?.logY == true && job.plot?.logX == nil)
    }

    @Test func everyProtocolHasAnExampleInTheJobsDocument() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/jobs.md"), encoding: .utf8)
        let blocks = doc.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        var seen = Set<String>()
        // The document's jobs read as if they sat in examples/: its network job is
        // examples/repeater-chain-three-cities.yaml, and its network path is relative to that.
        let asIfIn = repositoryRoot.appendingPathComponent("examples/jobs.md").path
        for block in blocks where block.contains("protocol:") {
            let job = try Job.parse(block, file: asIfIn)
            try job.validatePoints()
            seen.insert(job.spec.name)
        }
        #expect(seen == Set(ProtocolCatalog.all.map(\.name)))
        for spec in ProtocolCatalog.all {
            for p in spec.parameters { #expect(doc.contains("`\(p.name)`"), "docs/jobs.md does not describe \(spec.name).\(p.name)") }
        }
    }
}
