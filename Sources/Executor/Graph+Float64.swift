import GraphCore
import GraphModel

extension Graph {
    /// A copy computing in float64 where this graph computes in float32: every float32 type
    /// attr (`T`, `dtype`, `SrcT`, list and reference types too) becomes float64 and every
    /// float32 tensor attr (a `Const` value) is converted. For finite differences: feed
    /// float64 values (`HostTensor.cast(to: .float64)`) to the promoted graph.
    public func promotingFloat32ToFloat64() -> Graph {
        var copy = self
        for i in copy.nodes.indices {
            for (name, attr) in copy.nodes[i].attrs {
                copy.nodes[i].attrs[name] = Self.promote(attr)
            }
        }
        return copy
    }

    private static func promote(_ type: DType) -> DType {
        type.base == .float32 ? (type.isRef ? DType.float64.asRef : .float64) : type
    }

    private static func promote(_ tensor: Tensor) -> Tensor {
        guard tensor.dtype.base == .float32, let values = tensor.doubleValues() else { return tensor }
        return Tensor.make(dtype: .float64, shape: tensor.shape.sizes ?? [], values: values)
    }

    private static func promote(_ attr: AttrValue) -> AttrValue {
        var out = attr
        switch attr.kind {
        case .type(let t): out.kind = .type(promote(t))
        case .tensor(let t): out.kind = .tensor(promote(t))
        case .list(var list):
            list.types = list.types.map(promote)
            list.tensors = list.tensors.map(promote)
            out.kind = .list(list)
        default: break
        }
        return out
    }
}
