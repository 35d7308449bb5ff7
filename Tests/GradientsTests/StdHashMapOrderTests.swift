@testable import Gradients
import Foundation
import Testing
import _TestSupport

/// The tape's seed order is libstdc++'s `unordered_map` iteration order; the expected orders in
/// `testdata/hash_map_order.txt` are what libstdc++ itself printed (`tools/make_hash_order_cases`).
@Suite struct StdHashMapOrderSpecification {
    struct Sequence: CustomTestStringConvertible {
        let inserted: [Int]
        let iterated: [Int]
        var testDescription: String { "\(inserted.count) keys" }
    }

    static let sequences: [Sequence] = {
        let text = (try? String(contentsOf: TestData.url("hash_map_order.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let halves = line.split(separator: "|", omittingEmptySubsequences: false)
            func ints(_ s: Substring) -> [Int] { s.split(separator: " ").compactMap { Int($0) } }
            return Sequence(inserted: ints(halves[0]), iterated: ints(halves[1]))
        }
    }()

    @Test func referenceOrdersAreLoaded() {
        #expect(Self.sequences.count >= 80)
        #expect(Self.sequences.contains { $0.inserted.count > 127 }, "the orders cover four table growths")
    }

    @Test(arguments: sequences)
    func iteratesAsLibstdcxxDoes(_ s: Sequence) {
        var order = StdHashMapOrder()
        for key in s.inserted { order.insert(key) }
        #expect(order.keys == s.iterated)
    }

    @Test func aSmallTableListsNewKeysFirst() {
        var order = StdHashMapOrder()
        for key in [3, 7, 5] { order.insert(key) }
        #expect(order.keys == [5, 7, 3])
    }
}
