import Executor
import Foundation
import GraphModel
import NumpyIO
import Testing
import _TestSupport

/// NumpyIO against files numpy wrote (tools/make_npy_fixtures.py -> testdata/npy/).
struct NumpyIOTests {
    struct Fixture: Sendable, CustomTestStringConvertible {
        var file: String
        var dtype: DType
        var shape: [Int]
        var values: [Double]
        var testDescription: String { file }
    }

    static let f4Values: [Double] = [-1, -0.5, 0, 0.5, 1, 1.5]

    static let fixtures: [Fixture] = [
        Fixture(file: "f4_2x3.npy", dtype: .float32, shape: [2, 3], values: f4Values),
        Fixture(file: "f8_scalar.npy", dtype: .float64, shape: [], values: [2.25]),
        Fixture(file: "i4_vector.npy", dtype: .int32, shape: [5], values: [-2, -1, 0, 1, 2]),
        Fixture(file: "i8_2x2.npy", dtype: .int64, shape: [2, 2], values: [1, -2, 3, 1_099_511_627_776]),
        Fixture(file: "b1_vector.npy", dtype: .bool, shape: [3], values: [1, 0, 1]),
        Fixture(file: "u1_vector.npy", dtype: .int32, shape: [3], values: [0, 7, 255]),
        Fixture(file: "i2_vector.npy", dtype: .int32, shape: [3], values: [-300, 0, 300]),
        Fixture(file: "f4_big_endian.npy", dtype: .float32, shape: [2, 3], values: f4Values),
        Fixture(file: "f4_fortran.npy", dtype: .float32, shape: [2, 3], values: f4Values),
        Fixture(file: "f4_empty_0x3.npy", dtype: .float32, shape: [0, 3], values: []),
        Fixture(file: "f4_v2.npy", dtype: .float32, shape: [2, 3], values: f4Values),
        Fixture(file: "f4_v3.npy", dtype: .float32, shape: [2, 3], values: f4Values),
    ]

    static func path(_ file: String) -> String { TestData.url("npy/\(file)").path }

    @Test("Reads arrays numpy wrote", arguments: fixtures)
    func readsNumpyArrays(_ fixture: Fixture) throws {
        let tensor = try HostTensor(try NumpyFile.readArray(Self.path(fixture.file)))
        #expect(tensor.dtype == fixture.dtype)
        #expect(tensor.shape == fixture.shape)
        #expect(tensor.doubles == fixture.values)
    }

    @Test("Reads numpy.savez (stored) and savez_compressed (deflated) archives", arguments: ["savez.npz", "savez_compressed.npz"])
    func readsArchives(_ file: String) throws {
        let arrays = try NumpyFile.readArchive(Self.path(file))
        let byKey = Dictionary(uniqueKeysWithValues: try arrays.map { ($0.key, try HostTensor($0.tensor)) })
        #expect(Set(byKey.keys) == ["x:0", "w", "grad:gradients/y_grad/mul:0"])
        #expect(byKey["x:0"]?.doubles == Self.f4Values)
        #expect(byKey["x:0"]?.shape == [2, 3])
        #expect(byKey["w"]?.dtype == .float64)
        #expect(byKey["w"]?.doubles == [0, 1, 2])
        #expect(byKey["grad:gradients/y_grad/mul:0"]?.ints == [1, 2])
    }

    @Test("Write then read gives the same arrays")
    func roundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graphgrad-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let tensors: [HostTensor] = [
            try .float32([1.5, -2, 3, 4, 5, 6], shape: [3, 2]), try .float64([1e-300], shape: []),
            try .int32([1, 2], shape: [2]), try .int64([-(1 << 62)], shape: [1, 1]),
            try .bool([true, false], shape: [2]), try .float32([], shape: [0, 4]),
        ]
        let arrays = try tensors.enumerated().map { NamedArray(key: "t\($0.offset):0", tensor: try $0.element.tensor()) }
        let path = dir.appendingPathComponent("out.npz").path
        try NumpyFile.writeArchive(arrays, to: path)
        let back = try NumpyFile.readArchive(path).map { try HostTensor($0.tensor) }
        #expect(back == tensors)
        let single = dir.appendingPathComponent("one.npy").path
        try NumpyFile.writeArray(try tensors[0].tensor(), to: single)
        #expect(try HostTensor(NumpyFile.readArray(single)) == tensors[0])
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        var file: String
        var archive: Bool
        var messageContains: String
        var testDescription: String { file }
    }

    static let badFiles: [BadFile] = [
        BadFile(file: "bad_truncated.npy", archive: false, messageContains: "truncated"),
        BadFile(file: "bad_magic.npy", archive: false, messageContains: "not a NumPy .npy"),
        BadFile(file: "bad_complex.npy", archive: false, messageContains: "unsupported dtype '<c8'"),
        BadFile(file: "bad_unicode.npy", archive: false, messageContains: "unsupported dtype '<U2'"),
        BadFile(file: "bad_header.npy", archive: false, messageContains: "bad .npy header"),
        BadFile(file: "bad_not_zip.npz", archive: true, messageContains: "not a valid .npz"),
        BadFile(file: "bad_truncated.npz", archive: true, messageContains: ".npz"),
        BadFile(file: "does_not_exist.npy", archive: false, messageContains: "cannot read"),
    ]

    @Test("Corrupt or unsupported files give a clear error", arguments: badFiles)
    func rejectsBadFiles(_ bad: BadFile) {
        do {
            if bad.archive { _ = try NumpyFile.readArchive(Self.path(bad.file)) } else { _ = try NumpyFile.readArray(Self.path(bad.file)) }
            Issue.record("\(bad.file) was accepted")
        } catch {
            #expect(error.description.contains(bad.messageContains), "\(error.description)")
            #expect(error.description.contains(bad.file))
        }
    }

    @Test("Random byte damage never crashes the reader")
    func fuzzedArchivesDoNotCrash() throws {
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.path("savez_compressed.npz"))))
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<4 { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            if Bool.random(using: &rng) { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng))) }
            if let arrays = try? NumpyFile.decodeArchive(bytes, source: "fuzz") {
                for array in arrays { _ = try? HostTensor(array.tensor) }
            }
        }
    }
}
