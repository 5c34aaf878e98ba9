import Foundation
@testable import QNetCommands
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

    @Test func everyProtocolHasAnExampleInTheJobsDocument() throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/jobs.md"), encoding: .utf8)
        let blocks = doc.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        var seen = Set<String>()
        for block in blocks where block.contains("protocol:") {
            let job = try Job.parse(block, file: "docs/jobs.md")
            try job.validatePoints()
            seen.insert(job.spec.name)
        }
        #expect(seen == Set(ProtocolCatalog.all.map(\.name)))
        for spec in ProtocolCatalog.all {
            for p in spec.parameters { #expect(doc.contains("`\(p.name)`"), "docs/jobs.md does not describe \(spec.name).\(p.name)") }
        }
    }
}
