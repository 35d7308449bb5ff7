@testable import Gradients
import Testing

@Suite("Progress of long rewrites")
struct RewriteProgressTests {
    @Test("The clock is read every 256 processed ops, and a report made once the interval has passed")
    func reportsEveryIntervalAtClockReads() {
        var reported: [Int] = []
        var throttle = ProgressThrottle({ reported.append($0.processed) }, interval: .zero)
        for i in 1...1000 { throttle.tick(RewriteProgress(processed: i, total: 1000, nodesAdded: 2 * i)) }
        #expect(reported == [256, 512, 768])
    }

    @Test("A pass shorter than the interval reports nothing")
    func shortPassIsQuiet() {
        var reported: [Int] = []
        var throttle = ProgressThrottle({ reported.append($0.processed) }, interval: .seconds(3600))
        for i in 1...1000 { throttle.tick(RewriteProgress(processed: i, total: 1000, nodesAdded: 0)) }
        #expect(reported.isEmpty)
    }
}
