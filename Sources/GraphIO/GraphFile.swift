import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GraphModel

/// Reading and writing graph files, choosing the format from the file name:
/// `.pb` (also `.graphdef`) is the binary wire format, `.pbtxt` the text format.
public enum GraphFormat: Sendable {
    case binary
    case text

    public init(path: String) throws(GraphIOError) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "pb", "graphdef": self = .binary
        case "pbtxt", "txt": self = .text
        default: throw .unsupportedExtension(path: path)
        }
    }
}

public enum GraphFile {
    /// `keepingSource`: whether a binary graph keeps its file's bytes (`Graph.source`) so
    /// that writing it copies the nodes still unchanged; callers that never write the graph
    /// save that memory (the file's size) by passing `false`.
    public static func read(_ path: String, keepingSource: Bool = true) throws(GraphIOError) -> Graph {
        let format = try GraphFormat(path: path)
        do {
            switch format {
            case .binary where keepingSource:
                return try GraphDecoder.decode(try FileContents.read(path))
            case .binary:
                // Nothing to keep: decode from the page cache's own pages, without a copy.
                return try FileContents.withMapping(of: path) { (buffer) throws(GraphIOError) in try GraphDecoder.decode(buffer) }
            case .text:
                return try GraphText.decode(try FileContents.read(path))
            }
        } catch {
            throw error.at(path: path)
        }
    }

    /// Writes atomically: a temporary file beside `path` is renamed over it only once
    /// complete, so an error never leaves a half-written graph behind. Returns how many
    /// unknown fields were dropped because text format cannot carry them (0 for `.pb`).
    @discardableResult
    public static func write(_ graph: Graph, to path: String) throws(GraphIOError) -> Int {
        switch try GraphFormat(path: path) {
        case .binary:
            try writeAtomically(try GraphEncoder.encode(graph), to: path)
            return 0
        case .text:
            let rendered = try GraphText.render(graph)
            try writeAtomically(Array(rendered.text.utf8), to: path)
            return rendered.droppedUnknownFields
        }
    }

    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(GraphIOError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try writeAll(bytes, to: temporary.path)
            // rename(2) replaces the target atomically, existing or not.
            guard rename(temporary.path, url.path) == 0 else {
                throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: path, reason: describe(error))
        }
    }

    /// Writes straight from the buffer with write(2), avoiding a copy into `Data`.
    private static func writeAll(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
        defer { close(fd) }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno))
                }
                offset += written
            }
        }
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain, let message = strerror(Int32(ns.code)) {
            return String(cString: message).lowercased()
        }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(underlying.code)) {
            return String(cString: message).lowercased()
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileWriteOutOfSpaceError: return "no space left on device"
            default: break
            }
        }
        return ns.localizedDescription
    }
}
