import HeapModule

/// A deterministic discrete-event engine: a simulated clock and a queue of
/// actions ordered by time, ties broken by the order they were scheduled, so
/// a run depends only on its inputs and seed.
public final class EventEngine {
    /// The simulated time in seconds.
    public private(set) var now: Double = 0
    /// Events handled so far.
    public private(set) var eventsProcessed = 0
    /// Most events waiting at once so far (memory is bounded by it, not by history).
    public private(set) var mostPending = 0
    private var queue = Heap<Event>()
    private var nextSequence = 0

    public init() {}

    /// Runs `action` at simulated time `time` (not before now).
    public func schedule(at time: Double, _ action: @escaping () throws -> Void) {
        queue.insert(Event(time: max(time, now), sequence: nextSequence, action: action))
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
    public func cancelAll() { queue = Heap() }

    /// Handles events in order until the queue is empty, `stop()` returns
    /// true, or the next event lies after `deadline` (the clock then stops at
    /// the deadline). Returns true when it stopped because of `stop`.
    @discardableResult
    public func run(until deadline: Double = .infinity, stop: () -> Bool = { false }) throws -> Bool {
        while let first = queue.min {
            if stop() { return true }
            guard first.time <= deadline else {
                now = deadline
                return false
            }
            let event = queue.removeMin()
            now = event.time
            eventsProcessed += 1
            try event.action()
        }
        return stop()
    }

    private struct Event: Comparable {
        let time: Double
        let sequence: Int
        let action: () throws -> Void

        static func < (a: Event, b: Event) -> Bool { (a.time, a.sequence) < (b.time, b.sequence) }
        static func == (a: Event, b: Event) -> Bool { a.time == b.time && a.sequence == b.sequence }
    }
}
