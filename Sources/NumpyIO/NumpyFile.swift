import Foundation
import GraphModel

/// One array of an `.npz` archive: its key (the member name without `.npy`) and value.
public struct NamedArray: Equatable, Sendable {
    public var key: String
    public var tensor: Tensor

    public init(key: String, tensor: Tensor) {
        self.key = key
        self.tensor = tensor
    }
}

/// Reading and writing `.npy` and `.npz` files on disk.
public enum NumpyFile {
    /// Reads one `.npy` array.
    public static func readArray(_ path: String) throws(NumpyError) -> Tensor {
        try NpyFormat.decode(try readBytes(path), source: path)
    }

    /// Reads every array of an `.npz` archive (stored or deflated members), in archive order.
    public static func readArchive(_ path: String) throws(NumpyError) -> [NamedArray] {
        try decodeArchive(try readBytes(path), source: path)
    }

    public static func decodeArchive(_ bytes: [UInt8], source: String) throws(NumpyError) -> [NamedArray] {
        var seen = Set<String>()
        var arrays: [NamedArray] = []
        for member in try ZipArchive.read(bytes, source: source) {
            let key = member.name.hasSuffix(".npy") ? String(member.name.dropLast(4)) : member.name
            guard seen.insert(key).inserted else { throw .duplicateKey(source: source, key: key) }
            arrays.append(NamedArray(key: key, tensor: try NpyFormat.decode(member.data, source: "\(source)[\(key)]")))
        }
        return arrays
    }

    public static func encodeArchive(_ arrays: [NamedArray]) throws(NumpyError) -> [UInt8] {
        var members: [ZipArchive.Member] = []
        for array in arrays {
            members.append(ZipArchive.Member(name: array.key + ".npy", data: try NpyFormat.encode(array.tensor, key: array.key)))
        }
        return ZipArchive.write(members)
    }

    /// Writes one `.npy` array atomically.
    public static func writeArray(_ tensor: Tensor, to path: String) throws(NumpyError) {
        try writeBytes(try NpyFormat.encode(tensor, key: path), to: path)
    }

    /// Writes an `.npz` archive of stored members (what `numpy.savez` writes), atomically.
    public static func writeArchive(_ arrays: [NamedArray], to path: String) throws(NumpyError) {
        try writeBytes(try encodeArchive(arrays), to: path)
    }

    private static func readBytes(_ path: String) throws(NumpyError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .cannotRead(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    private static func writeBytes(_ bytes: [UInt8], to path: String) throws(NumpyError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
