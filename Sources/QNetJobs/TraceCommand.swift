import ArgumentParser
import Foundation

/// `qnet trace FILE.jsonl`: counts a trace's events and draws a run as a timeline.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Summarise a trace written by `qnet run JOB --trace FILE.jsonl`, and draw one run as a timeline.",
        discussion: """
            The timeline has one lane per node (in the network's order, at most \(TraceTimeline.laneLimit)); each pair \
            is a bar in the lanes of its two ends from its herald or swap to its use, coloured by request; swaps, \
            deliveries and discards are marked. See docs/jobs.md, Traces.
            """)

    @Argument(help: "The trace (JSON Lines).")
    var file: String

    @Option(parsing: .unconditional, help: "Draw the run as an SVG timeline here.")
    var svg: String?

    @Option(name: .customLong("run"), parsing: .unconditional, help: "The run drawn (default 0).")
    var drawnRun = 0

    func run() throws {
        if let svg { try OutputPaths.checkDistinct([("the trace", file), ("the timeline", svg)]) }
        var counts: [String: Int] = [:]
        let timeline = try TraceTimeline.read(file, run: drawnRun, counts: &counts)
        print("\(file): \(counts.values.reduce(0, +)) events")
        for (kind, n) in counts.sorted(by: { $0.key < $1.key }) { print("  \(kind): \(n)") }
        print(String(format: "run %d: %d nodes, %.6g s simulated", drawnRun, timeline.lanes.count + timeline.lanesLeftOut,
                     timeline.duration))
        if let svg {
            let title = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + ", run \(drawnRun)"
            try AtomicLineWriter.write(timeline.svg(title: title), to: svg)
            print("timeline: \(svg)")
        }
    }
}
