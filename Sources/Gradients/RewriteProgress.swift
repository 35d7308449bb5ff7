/// What a long rewrite reports while it walks the graph.
public struct RewriteProgress: Sendable {
    /// Forward ops whose gradients have been built, of those between the ys and xs.
    public var processed: Int
    public var total: Int
    public var nodesAdded: Int
}

/// Calls `report` at most about once a second, and not at all for passes shorter than that:
/// reading a clock per processed op would cost more than small passes take.
struct ProgressThrottle {
    private let report: ((RewriteProgress) -> Void)?
    private let interval: Duration
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant
    private var sinceCheck = 0

    init(_ report: ((RewriteProgress) -> Void)?, interval: Duration = .seconds(1)) {
        self.report = report
        self.interval = interval
        last = clock.now
    }

    mutating func tick(_ progress: @autoclosure () -> RewriteProgress) {
        guard let report else { return }
        sinceCheck += 1
        guard sinceCheck >= 256 else { return }
        sinceCheck = 0
        let now = clock.now
        guard now - last >= interval else { return }
        last = now
        report(progress())
    }
}
