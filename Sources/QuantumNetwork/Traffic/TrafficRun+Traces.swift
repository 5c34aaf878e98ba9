// The traffic run's trace events (built only when someone observes) and pair ids.
extension TrafficRun {
    /// Reports an event when someone observes (built only then).
    func emit(_ kind: TraceEvent.Kind, _ s: Served, _ fill: (inout TraceEvent) -> Void = { _ in }) {
        guard let observe else { return }
        var event = TraceEvent(time: sim.now, kind: kind, request: s.parent)
        fill(&event)
        observe(event)
    }

    func emit(_ kind: TraceEvent.Kind, _ p: Pair, of s: Served, _ fill: (inout TraceEvent) -> Void = { _ in }) {
        emit(kind, s) { e in
            e.pair = p.id
            e.ends = [s.path.nodes[p.loAt], s.path.nodes[p.hiAt]]
            e.qubits = [p.lo.id, p.hi.id]
            fill(&e)
        }
    }

    func label(_ e: Int) -> String { "\(sim.network.links[e].a.node)-\(sim.network.links[e].b.node)" }

    func newPairID() -> Int {
        nextPairID += 1
        return nextPairID - 1
    }
}
