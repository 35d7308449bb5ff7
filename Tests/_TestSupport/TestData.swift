import Foundation

/// Locations of the committed golden files, found from this source file so tests run from any directory.
public enum TestData {
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static var root: URL { packageRoot.appendingPathComponent("testdata") }

    public static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// Every file under `testdata/<folder>` with the given extension, sorted by name.
    public static func files(in folder: String, withExtension ext: String) -> [URL] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { dir.appendingPathComponent($0) }
    }
}
