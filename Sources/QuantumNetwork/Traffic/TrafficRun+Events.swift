// The traffic run's frequent events as codes, not closures: a herald and
// a due swap, each once or more per hop and pair, would otherwise allocate
// a closure context every time (BENCHMARKS.md, "The traffic engine").

/// The kinds of typed event, with the request share and the hop or node
/// position packed into one code.
enum TrafficEvent: Int {
    case herald, swap

    /// kind in the low 2 bits, the position in the next 30, the share above.
    func code(_ share: Int, _ position: Int) -> Int { share << 32 | position << 2 | rawValue }

    static func decode(_ code: Int) -> (kind: TrafficEvent?, share: Int, position: Int) {
        (TrafficEvent(rawValue: code & 3), code >> 32, (code >> 2) & ((1 << 30) - 1))
    }
}

extension TrafficRun: EventHandler, HeraldHandler {
    func handle(event code: Int) throws {
        let (kind, share, m) = TrafficEvent.decode(code)
        guard kind == .swap else { throw NetworkError.invalidProtocol("traffic event \(code) is not a swap") }
        try swapDue(at: m, of: served[share])
    }

    func heralded(_ a: QubitRef, _ b: QubitRef, code: Int) throws {
        let (kind, share, h) = TrafficEvent.decode(code)
        guard kind == .herald else { throw NetworkError.invalidProtocol("traffic event \(code) is not a herald") }
        try heralded(a, b, of: served[share], hop: h)
    }
}
