/// The event engine's queue: a binary min-heap of events ordered by
/// (time, sequence). swift-collections' `Heap` is a min-max heap, which
/// pays for a maximum the engine never asks for; this one ran the traffic
/// suite's line and Waxman workloads 3–4 % faster in events per second
/// (BENCHMARKS.md, "The traffic engine").
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

        func perform() throws {
            switch self {
            case let .run(action): try action()
            case let .call(handler, code): try handler.handle(event: code)
            }
        }
    }

    private var events: ContiguousArray<Event> = []

    var count: Int { events.count }
    /// When the first event is due (no copy of its action).
    var firstTime: Double? { events.isEmpty ? nil : events[0].time }

    mutating func insert(_ event: Event) {
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

    mutating func removeFirst() -> Event? {
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

    mutating func removeAll() { events = [] }
}

/// Handles the engine's typed events: `code` is whatever the scheduler
/// chose to say which event it is. The engine holds the handler until the
/// event runs or the queue is dropped.
protocol EventHandler: AnyObject {
    func handle(event code: Int) throws
}
