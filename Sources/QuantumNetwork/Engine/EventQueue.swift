import DequeModule

/// The event engine's queue: events ordered by (time, sequence), held in
/// two parts merged at every removal. Events due at the time of the last
/// event removed (a swap due as soon as its pair arrives, most of a
/// swap-ASAP run's events) join a FIFO: they come after every event
/// queued so far, so they arrive in order and skip the heap. The others go
/// to a binary min-heap: swift-collections' `Heap` is a min-max heap, which
/// pays for a maximum the engine never asks for; this one ran the traffic
/// suite's line and Waxman workloads 3–4 % faster in events per second
/// (BENCHMARKS.md, "The traffic engine").
///
/// The FIFO's events all have one time, the current one: the clock cannot
/// pass them while they wait, since the merge removes them first.
struct EventQueue {
    struct Event {
        let time: Double
        let sequence: Int
        let action: Action

        @inline(__always) func precedes(_ other: Event) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    /// What an event does: a closure, or a call of a handler with a code
    /// (no closure context to allocate: the traffic engine's swaps and
    /// heralds, one or more per event).
    enum Action {
        case run(() throws -> Void)
        case call(any EventHandler, Int)

        /// Consumed: the closure or handler moves out of the event, not copied (a retain and release per event).
        consuming func perform() throws {
            switch consume self {
            case let .run(action): try action()
            case let .call(handler, code): try handler.handle(event: code)
            }
        }
    }

    /// The heap.
    private var events: ContiguousArray<Event> = []
    /// Events due at `current`, in sequence order.
    private var due: Deque<Event> = []
    /// The time of the last event removed.
    private var current = 0.0

    var count: Int { events.count + due.count }
    /// When the first event is due (no copy of its action).
    var firstTime: Double? {
        guard let heapTime = events.first?.time else { return due.first?.time }
        return due.isEmpty ? heapTime : min(heapTime, current)
    }

    /// Queues `event`, which must come after every event already removed
    /// and after every event queued so far at its time (the engine's
    /// clock and sequence numbers make it so).
    mutating func insert(_ event: Event) {
        if event.time == current {
            due.append(event)
        } else {
            insertInHeap(event)
        }
    }

    mutating func removeFirst() -> Event? {
        let event: Event?
        if let next = due.first, events.first.map({ !$0.precedes(next) }) ?? true {
            event = due.removeFirst()
        } else {
            event = removeFirstOfHeap()
        }
        if let event { current = event.time }
        return event
    }

    private mutating func insertInHeap(_ event: Event) {
        events.append(event)
        events.withUnsafeMutableBufferPointer { e in
            // Sift up through a hole: parents move down until the new event fits.
            guard let base = e.baseAddress else { return }
            var i = e.count - 1
            let moving = (base + i).move()
            while i > 0 {
                let parent = (i - 1) / 2
                guard moving.precedes(base[parent]) else { break }
                (base + i).moveInitialize(from: base + parent, count: 1)
                i = parent
            }
            (base + i).initialize(to: moving)
        }
    }

    private mutating func removeFirstOfHeap() -> Event? {
        guard !events.isEmpty else { return nil }
        let last = events.removeLast()
        guard !events.isEmpty else { return last }
        return events.withUnsafeMutableBufferPointer { e in
            // The root leaves a hole that sinks below every smaller child;
            // the last event fills it where it fits.
            let base = e.baseAddress!, n = e.count
            let first = base.move()
            var i = 0
            while true {
                var child = 2 * i + 1
                guard child < n else { break }
                if child + 1 < n, base[child + 1].precedes(base[child]) { child += 1 }
                guard base[child].precedes(last) else { break }
                (base + i).moveInitialize(from: base + child, count: 1)
                i = child
            }
            (base + i).initialize(to: last)
            return first
        }
    }

    mutating func removeAll() {
        events = []
        due = []
    }
}

/// Handles the engine's typed events: `code` is whatever the scheduler
/// chose to say which event it is. The engine holds the handler until the
/// event runs or the queue is dropped.
protocol EventHandler: AnyObject {
    func handle(event code: Int) throws
}
