/// The event engine's queue: a binary min-heap of events ordered by
/// (time, sequence). swift-collections' `Heap` is a min-max heap, which
/// pays for a maximum the engine never asks for; this one ran the traffic
/// suite's line and Waxman workloads 3–4 % faster in events per second
/// (BENCHMARKS.md, "The traffic engine").
struct EventQueue {
    struct Event {
        let time: Double
        let sequence: Int
        let action: () throws -> Void

        @inline(__always) func precedes(_ other: Event) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    private var events: ContiguousArray<Event> = []

    var count: Int { events.count }
    /// When the first event is due (no copy of its action).
    var firstTime: Double? { events.isEmpty ? nil : events[0].time }

    mutating func insert(_ event: Event) {
        events.append(event)
        events.withUnsafeMutableBufferPointer { e in
            // Sift up: move parents down into the hole until the new event fits.
            var i = e.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard event.precedes(e[parent]) else { break }
                e.swapAt(i, parent)
                i = parent
            }
        }
    }

    mutating func removeFirst() -> Event? {
        guard !events.isEmpty else { return nil }
        let last = events.removeLast()
        guard !events.isEmpty else { return last }
        return events.withUnsafeMutableBufferPointer { e in
            // The last event goes to the root and sinks below its smaller child.
            var moving = last
            swap(&moving, &e[0])
            let first = moving
            var i = 0
            let n = e.count
            while true {
                let left = 2 * i + 1
                guard left < n else { break }
                let right = left + 1
                let child = right < n && e[right].precedes(e[left]) ? right : left
                guard e[child].precedes(e[i]) else { break }
                e.swapAt(i, child)
                i = child
            }
            return first
        }
    }

    mutating func removeAll() { events = [] }
}
