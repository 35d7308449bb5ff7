import Foundation
import GraphModel

/// Node equality that compares tensor bytes with `memcmp`.
///
/// The synthesized `==` walks `[UInt8]` element by element; on a frozen ResNet-50 that is
/// ~100 MB per graph and dominates the comparison. Results are identical to `==`.
extension Node {
    func isIdentical(to other: Node) -> Bool {
        guard name == other.name, op == other.op, inputs == other.inputs, device == other.device,
              attrs.count == other.attrs.count, debugInfo == other.debugInfo,
              experimentalType == other.experimentalType, unknownFields == other.unknownFields else { return false }
        for (key, value) in attrs {
            guard let otherValue = other.attrs[key], value.isIdentical(to: otherValue) else { return false }
        }
        return true
    }
}

extension AttrValue {
    func isIdentical(to other: AttrValue) -> Bool {
        guard case .tensor(let a) = kind, case .tensor(let b) = other.kind else { return self == other }
        return unknownFields == other.unknownFields && a.isIdentical(to: b)
    }
}

extension Tensor {
    func isIdentical(to other: Tensor) -> Bool {
        guard content.count == other.content.count else { return false }
        let sameBytes = content.withUnsafeBytes { a in
            other.content.withUnsafeBytes { b in
                guard let x = a.baseAddress, let y = b.baseAddress else { return true }  // both empty
                return memcmp(x, y, a.count) == 0
            }
        }
        guard sameBytes else { return false }
        // Everything but the content, which was just compared; dropping it does not copy it.
        var a = self, b = other
        a.content = []
        b.content = []
        return a == b
    }
}
