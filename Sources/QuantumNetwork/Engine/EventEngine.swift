/// A deterministic discrete-event engine: a simulated clock and a queue of
/// actions ordered by time, ties broken by the order they were scheduled, so
/// a run depends only on its inputs and seed.
public final class EventEngine {
    // Stored state is `@exclusivity(unchecked)` (SE-0176): an engine runs on
    // one thread and its accesses never overlap (the debug test suite ran
    // with the dynamic checks before they were turned off), and the checks
    // on every access of this class, the simulation and the traffic run
    // were a third of a traffic run's time (BENCHMARKS.md, "The traffic engine").
    /// The simulated time in seconds.
    @exclusivity(unchecked) public private(set) var now: Double = 0
    /// Events handled so far.
    @exclusivity(unchecked) public private(set) var eventsProcessed = 0
    /// Most events waiting at once so far (memory is bounded by it, not by history).
    @exclusivity(unchecked) public private(set) var mostPending = 0
    @exclusivity(unchecked) private var queue = EventQueue()
    @exclusivity(unchecked) private var nextSequence = 0

    public init() {}

    /// Runs `action` at simulated time `time` (not before now).
    public func schedule(at time: Double, _ action: @escaping () throws -> Void) {
        schedule(at: time, .run(action))
    }

    /// Calls `handler` with `code` at simulated time `time` (not before now).
    func schedule(at time: Double, _ handler: any EventHandler, code: Int) {
        schedule(at: time, .call(handler, code))
    }

    private func schedule(at time: Double, _ action: EventQueue.Action) {
        queue.insert(EventQueue.Event(time: max(time, now), sequence: nextSequence, action: action))
        nextSequence += 1
        if queue.count > mostPending { mostPending = queue.count }
    }

    /// Runs `action` after `delay` seconds of simulated time.
    public func schedule(after delay: Double, _ action: @escaping () throws -> Void) {
        schedule(at: now + delay, action)
    }

    /// Events waiting.
    public var pendingEvents: Int { queue.count }

    /// Drops every pending event. Events hold their actions, and actions
    /// usually hold the simulation that holds this engine: clearing the queue
    /// when a run is over breaks that cycle so the run's memory is freed.
    public func cancelAll() { queue.removeAll() }

    /// Handles events in order until the queue is empty, `stop()` returns
    /// true, or the next event lies after `deadline` (the clock then stops at
    /// the deadline). Returns true when it stopped because of `stop`.
    @discardableResult
    public func run(until deadline: Double = .infinity, stop: () -> Bool = { false }) throws -> Bool {
        while let time = queue.firstTime {
            if stop() { return true }
            guard time <= deadline else {
                now = deadline
                return false
            }
            guard let event = queue.removeFirst() else { break }
            now = event.time
            eventsProcessed += 1
            try (consume event).action.perform()
        }
        return stop()
    }
}
