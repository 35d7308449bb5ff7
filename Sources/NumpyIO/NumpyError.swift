/// Everything that can go wrong reading or writing `.npy` / `.npz` files; each case names
/// the file (and archive member) so the CLI can print it once.
public enum NumpyError: Error, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case notNpy(source: String)
    case badHeader(source: String, reason: String)
    case unsupportedDType(source: String, descr: String)
    case truncated(source: String, expectedBytes: Int, actualBytes: Int)
    case notZip(source: String, reason: String)
    case unsupportedCompression(source: String, member: String, method: Int)
    case corruptMember(source: String, member: String, reason: String)
    case duplicateKey(source: String, key: String)
    case cannotEncode(key: String, reason: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .notNpy(let source): "\(source): not a NumPy .npy array (missing \\x93NUMPY magic)"
        case .badHeader(let source, let reason): "\(source): bad .npy header: \(reason)"
        case .unsupportedDType(let source, let descr):
            "\(source): unsupported dtype '\(descr)' (supported: <f4 <f8 <f2 <i1..<i8 <u1..<u8 |b1, either byte order)"
        case .truncated(let source, let expected, let actual):
            "\(source): truncated data: header promises \(expected) bytes, file has \(actual)"
        case .notZip(let source, let reason): "\(source): not a valid .npz (ZIP) archive: \(reason)"
        case .unsupportedCompression(let source, let member, let method):
            "\(source): member \(member) uses ZIP compression method \(method); only stored (numpy.savez) and deflated (numpy.savez_compressed) are supported"
        case .corruptMember(let source, let member, let reason): "\(source): member \(member) is corrupt: \(reason)"
        case .duplicateKey(let source, let key): "\(source): key \(key) appears twice"
        case .cannotEncode(let key, let reason): "cannot encode \(key) as .npy: \(reason)"
        }
    }
}
