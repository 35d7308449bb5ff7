import GraphModel

/// Dtype-independent data movement: the primitives reshaping, slicing, gathering and
/// concatenating kernels are built on.
extension TensorStorage {
    /// Element `indices[i]` of this storage for every i; a negative index yields zero.
    func gathered(_ indices: [Int]) -> TensorStorage {
        struct Gather: StorageVisitor {
            let indices: [Int]
            func visit<T: StorageElement>(_ values: [T]) -> TensorStorage {
                T.wrap(mapElements(indices) { $0 < 0 ? T.zeroElement : values[$0] })
            }
        }
        return accept(Gather(indices: indices))
    }

    /// `count` copies of this storage's zero.
    func zeros(count: Int) -> TensorStorage {
        struct Zeros: StorageVisitor {
            let count: Int
            func visit<T: StorageElement>(_ values: [T]) -> TensorStorage { T.wrap(Array(repeating: T.zeroElement, count: count)) }
        }
        return accept(Zeros(count: count))
    }

    /// `count` copies of the element at `index`.
    func repeating(_ index: Int, count: Int) -> TensorStorage {
        struct Repeat: StorageVisitor {
            let index: Int, count: Int
            func visit<T: StorageElement>(_ values: [T]) -> TensorStorage { T.wrap(Array(repeating: values[index], count: count)) }
        }
        return accept(Repeat(index: index, count: count))
    }

    func slice(_ range: Range<Int>) -> TensorStorage {
        struct Slice: StorageVisitor {
            let range: Range<Int>
            func visit<T: StorageElement>(_ values: [T]) -> TensorStorage { T.wrap(Array(values[range])) }
        }
        return accept(Slice(range: range))
    }

    /// The storages laid end to end; they must share one dtype.
    static func concatenating(_ parts: [TensorStorage], dtype: DType) throws -> TensorStorage {
        struct Concat: ThrowingStorageVisitor {
            let parts: [TensorStorage]
            func visit<T: StorageElement>(_ first: [T]) throws -> TensorStorage {
                var out: [T] = []
                out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
                for (i, part) in parts.enumerated() {
                    guard let values = T.unwrap(part) else {
                        throw KernelError("input \(i) has dtype \(part.dtype), expected \(T.wrap([]).dtype)")
                    }
                    out += values
                }
                return T.wrap(out)
            }
        }
        guard let first = parts.first else { return try empty(dtype) }
        return try first.accept(Concat(parts: parts))
    }

    /// An empty storage of a dtype the executor supports.
    static func empty(_ dtype: DType) throws -> TensorStorage {
        switch dtype.base {
        case .float32: return .float32([])
        case .float64: return .float64([])
        case .int32: return .int32([])
        case .int64: return .int64([])
        case .bool: return .bool([])
        case .string: return .string([])
        case .resource: return .resource([])
        default: throw KernelError("dtype \(dtype) is not supported by the executor")
        }
    }
}

extension HostTensor {
    /// A tensor of zeros with this tensor's dtype.
    func zeros(shape: [Int]) -> HostTensor { HostTensor(unchecked: shape, storage.zeros(count: elementCount(shape))) }

    func gathered(_ indices: [Int], shape: [Int]) -> HostTensor { HostTensor(unchecked: shape, storage.gathered(indices)) }
}
