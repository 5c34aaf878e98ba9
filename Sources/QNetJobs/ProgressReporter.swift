import Dispatch
import Foundation

/// Progress on stderr: a redrawn bar with points done, rate and ETA when
/// stderr is a terminal; a plain line every `interval` seconds otherwise;
/// nothing when quiet.
final class ProgressReporter: @unchecked Sendable {
    enum Style { case bar, lines, quiet }

    private let style: Style
    private let interval: Double
    private let lock = NSLock()
    private var total = 0, done = 0, startDone = 0
    private var start: UInt64 = 0, lastShown: UInt64 = 0
    private var shownDone = -1

    init(style: Style, interval: Double = 5) {
        self.style = style
        self.interval = interval
    }

    /// The style for this process's stderr: a bar on a terminal, lines otherwise.
    static func automatic(quiet: Bool) -> ProgressReporter {
        ProgressReporter(style: quiet ? .quiet : isatty(STDERR_FILENO) == 1 ? .bar : .lines)
    }

    /// What is counted ("points", "shots").
    private var unit = "points"

    func start(total: Int, alreadyDone: Int, unit: String = "points") {
        lock.lock()
        defer { lock.unlock() }
        self.unit = unit
        self.total = total
        done = alreadyDone
        startDone = alreadyDone
        start = DispatchTime.now().uptimeNanoseconds
        lastShown = start
        if alreadyDone > 0, style != .quiet { write("resuming: \(alreadyDone) of \(total) points already written\n") }
    }

    func pointDone() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        let now = DispatchTime.now().uptimeNanoseconds
        let wait = style == .bar ? 0.1 : interval
        guard style != .quiet, Double(now - lastShown) * 1e-9 >= wait || done == total else { return }
        lastShown = now
        show(now)
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard style != .quiet, total > 0 else { return }
        if shownDone != done { show(DispatchTime.now().uptimeNanoseconds) }
        if style == .bar { write("\n") }
    }

    private func show(_ now: UInt64) {
        shownDone = done
        let elapsed = Double(now - start) * 1e-9
        let rate = elapsed > 0 ? Double(done - startDone) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : .infinity
        let text = "\(done)/\(total) \(unit)  " + String(format: "%.1f", rate) + " \(unit)/s  elapsed \(Self.clock(elapsed))  ETA \(Self.clock(eta))"
        switch style {
        case .bar:
            let width = 30, filled = total > 0 ? width * done / total : width
            write("\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] " + text)
        case .lines: write(text + "\n")
        case .quiet: break
        }
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    private func write(_ s: String) { Console.error(s) }
}
